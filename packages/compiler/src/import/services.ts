/**
 * Importing Disnix services models: `{ pkgs, distribution, ... }: let ...
 * in rec { webapp = { ... }; }` becomes a `service(...)` constant per
 * service and `export default services({ ... })`. `dependsOn`,
 * `connectsTo` and `activatesAfter` become references to those constants;
 * a service built by a Nix function (a container-provider constructor)
 * becomes `service(nix.call(...))`. A constructors model imported together
 * with the model is its typed `constructors` module (see
 * `typed-constructors.ts`), and nix-processmgmt's process type derived from
 * `processManager` is the DSL's `processType(processManager)`.
 */
import type { AttrSetNode, Binding, Expr, Node } from "../syntax/ast.js";
import type { ModuleSpec } from "./module.js";
import {
  exportComments,
  headerComments,
  letBinding,
  letConstants,
  modelFunction,
  type ModelFunction,
  parameterDefaults,
  SERVICES_HEADER,
  parameterScope,
} from "./model-function.js";
import {
  composedEntries,
  composition,
  computedOption,
  reportChangedArguments,
} from "./composition.js";
import { importedFile } from "./constructors-model.js";
import { standardForm } from "./constructors-standard.js";
import { bindingComments } from "./comments.js";
import type { Problems } from "./problems.js";
import { propertyKey, type Scope } from "./scope.js";
import {
  constructorCall,
  constructorsImport,
  idsRenamed,
  typedConstructors,
  withTypedCalls,
  withTypedEntries,
  type TypedConstructors,
} from "./typed-constructors.js";
import {
  attrKey,
  dsl,
  printObject,
  properties,
  recursiveScope,
  translate,
  tsComment,
  type ImportContext,
} from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

const DEPENDENCY_KEYS = new Set(["dependsOn", "connectsTo", "activatesAfter"]);

/**
 * True for a function taking `distribution` or `invDistribution`: a
 * services model, whose body is a set of services, directly or through a
 * `let` name, maybe merged with other services files and a part computed
 * in Nix.
 */
export function isServicesModel(expr: Expr): boolean {
  // By the header alone: a body typenix cannot import is then reported at its line.
  const { mf } = servicesModelFunction(expr);
  return mf.formals.some(
    (f) => f.name.name === "distribution" || f.name.name === "invDistribution",
  );
}

/** A services model taken apart; `ownName` is the `let` name it returns its set by, if any. */
interface ServicesModelFunction {
  readonly mf: ModelFunction;
  readonly ownName?: string;
}

/**
 * The parts of services model `expr`. A model may bind its set of services
 * in `let` and return it by name, so that its other bindings can read it,
 * as Disnix's lookup examples give their package set the model itself:
 *
 *     let customPkgs = import ../top-level/all-packages.nix { inherit services ...; };
 *         services = rec { ... };
 *     in services
 *
 * Then the body is that binding's set, and the binding is no `let`
 * constant: the name stands for the DSL's `ownServices`.
 */
function servicesModelFunction(expr: Expr): ServicesModelFunction {
  const mf = modelFunction(expr);
  if (mf.body.kind !== "Identifier") return { mf };
  const ownName = mf.body.name;
  const own = letBinding(mf.bindings, ownName);
  // A name bound to another services file is that file merged in (see `composition`).
  if (own === undefined || importedFile(own.value) !== undefined) return { mf };
  const bindings = mf.bindings.filter((b) => b !== own);
  // The binding's comments are the set's, as the name's after `in` are.
  const bodyComments = [...bindingComments(own), ...mf.bodyComments, ...(own.value.comments ?? [])];
  return { mf: { ...mf, body: own.value, bindings, bodyComments }, ownName };
}

interface Entry {
  readonly key: string;
  readonly constant: string;
  readonly binding: Binding;
  readonly value: Expr;
}

/**
 * The module of a services model; problems are reported, not guessed
 * around. `moduleOf` names the module of a services file merged in with
 * `//` or of the constructors model the model binds (undefined when it is
 * not imported together: a merged file is reported, and the constructors
 * are called as Nix functions, which `untyped` says).
 */
export function importServices(
  expr: Expr,
  moduleOf: (written: string) => string | undefined,
  ctx: ImportContext,
  problems: Problems,
  untyped: string[] = [],
  notes: string[] = [],
): ModuleSpec {
  // The constructors model read as `constructors`, as a processes model's.
  const standard = standardForm(expr, "services", problems, notes);
  const { mf, ownName } = servicesModelFunction(standard.expr);
  const composed = composition(mf);
  reportChangedArguments(composed, problems);
  const params = parameterScope(mf, ctx);
  const processTypes = derivedProcessTypes(mf.bindings, params, ctx);
  // The DSL's builder is named as the binding is, which no constant may then take.
  if (processTypes.size > 0) ctx.ids.reserve("processType");
  const outer = params.with([
    ...(ownName === undefined ? [] : [[ownName, () => dsl(ctx, "ownServices")] as const]),
    ...processTypes,
  ]);
  const ctors = constructorsImport(mf.bindings, moduleOf, untyped);
  // The binding of a typed constructors model is synth's to write, as is
  // that of the process type.
  const generated = (b: Binding): boolean =>
    (ctors.module !== undefined && b === ctors.binding) || processTypes.has(boundName(b) ?? "");
  const bound = mf.bindings.filter((b) => !composed.mergedBindings.has(b) && !generated(b));
  const renamed =
    ctors.module !== undefined ? idsRenamed(ctors.binding, bound) : new Map<string, string>();
  const ctorsName = ctors.module === undefined ? undefined : ctx.ids.fresh("constructors");
  const letCtx = ctorsName === undefined ? ctx : withTypedEntries(ctx, ctorsName, bound);
  const { constants, scope: letScope } = letConstants(bound, outer, letCtx, renamed);
  const typed = ctorsName === undefined ? undefined : typedConstructors(ctorsName, bound, letScope);
  const body = composed.own;
  const entries = serviceEntries(body, ctx, problems);
  const order = new Map(entries.map((e, i) => [e.key, i]));
  const ownScope = typed === undefined ? letScope : letScope.with([["constructors", typed.name]]);
  const scope = body.recursive
    ? ownScope.with(
        entries.map((e) => [e.key, () => `${dsl(ctx, "nix")}.ref(${JSON.stringify(e.key)})`]),
      )
    : ownScope;
  const services = new Map(entries.map((e) => [e.key, e.constant]));
  // A service Nix computes calls the typed constructors typed too.
  const serviceCtx = typed === undefined ? ctx : withTypedCalls(ctx, typed);
  for (const [i, e] of entries.entries()) {
    const refs = { services, order, position: i };
    const spec = serviceSpec(e, scope, refs, typed, serviceCtx, problems);
    constants.push({
      name: e.constant,
      value: `${dsl(ctx, "service")}(${spec})`,
      comments: bindingComments(e.binding).map(tsComment),
    });
  }
  const merged = new Map<string, string>();
  if (typed !== undefined && ctors.module !== undefined) merged.set(typed.name, ctors.module);
  const own = entries.map((e) =>
    e.key === e.constant ? e.key : `${propertyKey(e.key)}: ${e.constant}`,
  );
  const model = composedEntries(composed, own, "services", moduleOf, ctx, merged);
  // A parameter without a default keeps none: disnix-env --extra-params passes it.
  const { entries: defaults, placed } = parameterDefaults(mf.formals, params, ctx, SERVICES_HEADER);
  const computed = computedOption(composed, letScope, ctx);
  const options = [
    ...(defaults.length > 0 ? [`parameters: { ${defaults.join(", ")} }`] : []),
    ...(computed === undefined ? [] : [computed]),
  ];
  const optionsArg = options.length > 0 ? `, {\n${options.join(",\n")} }` : "";
  return {
    header: headerComments(mf, placed),
    ...exportComments(mf),
    dsl: ctx.dsl,
    defaults: merged,
    constants,
    exported: `${dsl(ctx, "services")}({ ${model.join(", ")} }${optionsArg})`,
  };
}

function serviceEntries(body: AttrSetNode, ctx: ImportContext, problems: Problems): Entry[] {
  const entries: Entry[] = [];
  for (const b of body.bindings) {
    if (b.kind === "Inherit") {
      for (const n of b.names) {
        const key = attrKey(n) ?? "";
        const value: Expr = b.from
          ? { kind: "Select", expr: b.from, path: [n] }
          : { kind: "Identifier", name: key };
        entries.push({ key, constant: ctx.ids.fresh(key), binding: b, value });
      }
      continue;
    }
    if (b.kind === "PrintedBinding") continue; // generated files only
    const key = b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    if (key === undefined) {
      problems.report(
        b,
        "a service's name must be a plain attribute name",
        "write the services model's keys as plain names",
      );
      continue;
    }
    entries.push({ key, constant: ctx.ids.fresh(key), binding: b, value: b.value });
  }
  return entries;
}

interface Refs {
  readonly services: ReadonlyMap<string, string>;
  readonly order: ReadonlyMap<string, number>;
  readonly position: number;
}

function serviceSpec(
  e: Entry,
  scope: Scope,
  refs: Refs,
  typed: TypedConstructors | undefined,
  ctx: ImportContext,
  problems: Problems,
): string {
  let value = e.value;
  while (value.kind === "Paren") value = value.expr;
  if (value.kind !== "AttrSet") return translate(value, scope, ctx);
  const own = value.recursive ? recursiveScope(value, scope, ctx, e.key) : scope;
  const props = properties(value.bindings, own, ctx, (key, v) =>
    DEPENDENCY_KEYS.has(key)
      ? dependencies(v, refs, problems)
      : key === "pkg" && typed !== undefined
        ? constructorCall(v, own, typed, ctx)
        : own.ownShared(key),
  );
  if (!props) return translate(value, scope, ctx);
  // `name` is the key unless said otherwise; one with comments stays, to keep them in place.
  const kept = props.filter(
    (p) =>
      !(p.key === "name" && p.value === JSON.stringify(e.key) && !p.computed) ||
      p.comments.length > 0 ||
      p.trailing,
  );
  return printObject(kept, value.closingComments ?? []);
}

/** `{ inherit webapp; db = mysql; }` as `{ webapp, db: mysql }`, a thunk when it names later services. */
function dependencies(value: Expr, refs: Refs, problems: Problems): string {
  const entries: string[] = [];
  let later = false;
  // What is no service is blamed where it is written: the name or value, not the key.
  const add = (key: string, service: string | undefined, at: Node): void => {
    const constant = service === undefined ? undefined : refs.services.get(service);
    if (constant === undefined || service === undefined) {
      const what = service === undefined ? `the value of '${key}'` : `'${service}'`;
      problems.report(
        at,
        `${what} does not name a service of this model`,
        `an inter-dependency names a service of the same services model (${[...refs.services.keys()].join(", ")}): \`dependsOn = { inherit webapp; };\` or \`dependsOn.db = webapp;\``,
      );
      return;
    }
    later ||= (refs.order.get(service) ?? 0) >= refs.position;
    entries.push(key === constant ? key : `${propertyKey(key)}: ${constant}`);
  };
  if (value.kind !== "AttrSet" || value.recursive) {
    problems.report(
      value,
      "inter-dependencies must be a set of services",
      "write them as { inherit a b; }",
    );
    return "{}";
  }
  for (const b of value.bindings) {
    if (b.kind === "Inherit" && !b.from)
      b.names.forEach((n) => add(attrKey(n) ?? "", attrKey(n), n));
    else if (b.kind === "AttrBinding" && b.path.length === 1 && b.value.kind === "Identifier")
      add(attrKey(b.path[0]) ?? "", b.value.name, b.value);
    else if (b.kind === "AttrBinding") add(attrKey(b.path[0]) ?? "", undefined, b.value);
    else if (b.kind === "Inherit")
      b.names.forEach((n) => add(attrKey(n) ?? "", undefined, b.from ?? n));
    else add("inherit", undefined, b);
  }
  const object = `{ ${entries.join(", ")} }`;
  return later ? `() => (${object})` : object;
}

/** The name a `let` binding binds, when it binds one name. */
function boundName(b: Binding): string | undefined {
  return b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
}

/** The search path of nix-processmgmt's file deriving a Dysnomia process type, as synth writes it. */
const DERIVE_PROCESS_TYPE = "nix-processmgmt/nixproc/derive-dysnomia-process-type.nix";

/**
 * The `let` names bound to the process type nix-processmgmt derives from a
 * process manager, `processType = import
 * <nix-processmgmt/nixproc/derive-dysnomia-process-type.nix> { inherit
 * processManager; };`, each as the DSL's `processType(processManager)`,
 * which synth binds so again.
 */
function derivedProcessTypes(
  bindings: readonly Binding[],
  params: Scope,
  ctx: ImportContext,
): Map<string, () => string> {
  const types = new Map<string, () => string>();
  for (const b of bindings) {
    const name = boundName(b);
    const manager = b.kind === "AttrBinding" ? derivedFrom(b.value) : undefined;
    if (name !== undefined && manager !== undefined)
      types.set(name, () => `${dsl(ctx, "processType")}(${translate(manager, params, ctx)})`);
  }
  return types;
}

/** The process manager of `import <...derive-dysnomia-process-type.nix> { processManager = ...; }`. */
function derivedFrom(expr: Expr): Expr | undefined {
  const e = unparenthesized(expr);
  if (e.kind !== "Apply" || e.fn.kind !== "Apply") return undefined;
  const { fn, arg } = e.fn;
  const file = unparenthesized(arg);
  const args = unparenthesized(e.arg);
  if (fn.kind !== "Identifier" || fn.name !== "import") return undefined;
  if (file.kind !== "SearchPath" || file.path !== DERIVE_PROCESS_TYPE) return undefined;
  if (args.kind !== "AttrSet" || args.recursive || args.bindings.length !== 1) return undefined;
  const [only] = args.bindings;
  if (only?.kind === "Inherit" && !only.from && only.names.length === 1)
    return attrKey(only.names[0]) === "processManager"
      ? { kind: "Identifier", name: "processManager" }
      : undefined;
  return only?.kind === "AttrBinding" &&
    only.path.length === 1 &&
    attrKey(only.path[0]) === "processManager"
    ? only.value
    : undefined;
}
