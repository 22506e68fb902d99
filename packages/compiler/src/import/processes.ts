/**
 * Importing nix-processmgmt processes models (`processes.nix`): each
 * instance `rec { port = 5000; pkg = constructors.webapp { inherit port; };
 * }` becomes `processInstance({ port: 5000, pkg: constructors.webapp({ port:
 * 5000 }) })` calling the imported constructors module, and the model
 * `processes({ ... }, { constructors })`. The standard `constructors`
 * binding is what typenix generates itself, so it is not carried over as
 * such (unless the constructors model is not imported together: then it
 * stays, and its constructors are called as Nix functions); `ids` is, as
 * the ids.nix it reads is the original model's.
 */
import type { AttrSetNode, Binding, Expr } from "../syntax/ast.js";
import { freeNames } from "../lower/free-names.js";
import { SELDOM_PROCESS_PARAMETERS } from "../lower/parameters.js";
import { constructorsModels, modelCalled } from "./constructors-binding.js";
import { constructorsWith } from "./constructors-with.js";
import { standardForm } from "./constructors-standard.js";
import {
  dependencyOrder,
  exportComments,
  headerComments,
  letConstants,
  modelFunction,
  parameterDefaults,
  PROCESSES_HEADER,
  parameterScope,
} from "./model-function.js";
import type { Constant, ModuleSpec } from "./module.js";
import { bindingComments } from "./comments.js";
import { operands } from "./composition.js";
import { printNix } from "../printer/print.js";
import type { Problems } from "./problems.js";
import { propertyKey, type Scope } from "./scope.js";
import {
  calledConstructor,
  constructorCall,
  constructorsImport,
  idsRenamed,
  readsConstructorsUntyped,
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

/**
 * True for a function taking `processManager` whose body is a set of
 * instances: sets with `pkg`, or calls of a constructor of a constructors
 * model the `let` bindings import, which make a whole instance (see
 * `computedInstance`), beside which instances Nix computes otherwise
 * (`mkWorker 1`, `worker1 // { ... }`) may stand.
 */
export function isProcessesModel(expr: Expr): boolean {
  const mf = modelFunction(expr);
  // Instances under `with constructors;` are instances too (see `constructors-with.ts`).
  const body = constructorsWith(expr)?.body ?? mf.body;
  return (
    mf.formals.some((f) => f.name.name === "processManager") &&
    !mf.formals.some((f) => f.name.name === "distribution") &&
    instanceSet(body, constructorsModels(mf.bindings)) !== undefined
  );
}

/**
 * The set of instances of a model's body: the body, or the operand of `//`
 * it merges with other parts (which `importProcesses` reports).
 */
function instanceSet(body: Expr, models: ReadonlyMap<string, string>): AttrSetNode | undefined {
  const isInstance = (b: Binding): boolean =>
    b.kind === "AttrBinding" &&
    ((b.value.kind === "AttrSet" && pkgBinding(b.value) !== undefined) ||
      computedInstance(b.value, models));
  // Any expression but a set (a set without `pkg` is no instance), beside
  // an instance that tells the model's kind.
  const isComputed = (b: Binding): boolean =>
    b.kind === "AttrBinding" && unparenthesized(b.value).kind !== "AttrSet";
  return operands(body).find(
    (o): o is AttrSetNode =>
      o.kind === "AttrSet" &&
      o.bindings.every((b) => isInstance(b) || isComputed(b)) &&
      (o.bindings.length === 0 || o.bindings.some(isInstance)),
  );
}

/**
 * The instances of a body and the part Nix computes that it merges them
 * with, if any (`pkgs.lib.optionalAttrs includeNixDaemon { inherit
 * nix-daemon; } // rec { ... }`, as nix-processmgmt-services' hydra example
 * writes it): `computed` of processes(...), `first` where it stands before
 * the instances. A second such part is reported (TN6025): processes(...)
 * has one.
 */
function mergedParts(
  body: Expr,
  models: ReadonlyMap<string, string>,
  problems: Problems,
): { set: Expr; computed?: Expr; first: boolean } {
  const set = instanceSet(body, models);
  const parts = operands(body);
  const others = parts.filter((o) => o !== set);
  const [computed, second] = others;
  if (set === undefined || computed === undefined) return { set: body, first: false };
  if (second !== undefined)
    problems.report(
      second,
      `the processes model merges its instances with more than one part Nix computes (${outline(second)}), where processes(...) holds one`,
      "merge the computed parts into one expression in Nix, and import the model again",
      "TN6025",
    );
  return { set, computed, first: parts.indexOf(computed) < parts.indexOf(set) };
}

/** `expr` on one line, its sets left out: `pkgs.lib.optionalAttrs c { ... }`. */
function outline(expr: Expr): string {
  if (expr.kind === "AttrSet") return expr.bindings.length === 0 ? "{ }" : "{ ... }";
  if (expr.kind === "Apply") return `${outline(expr.fn)} ${outline(expr.arg)}`;
  const text = printNix(expr).trim();
  return text.includes("\n") || text.length > 40 ? "..." : text;
}

/**
 * Whether an instance is a call of a constructor of one of `models`
 * (`mysql = containerProviderConstructors.mysql { ... };`): nix-processmgmt-services'
 * container provider constructors return the whole instance, its `pkg`
 * and properties, which only Nix knows.
 */
function computedInstance(expr: Expr, models: ReadonlyMap<string, string>): boolean {
  const head = modelCalled(expr);
  return unparenthesized(expr).kind === "Apply" && head !== undefined && models.has(head);
}

/** The binding of a set's `pkg`. */
function pkgBinding(set: AttrSetNode): Extract<Binding, { kind: "AttrBinding" }> | undefined {
  return set.bindings.find(
    (b): b is Extract<Binding, { kind: "AttrBinding" }> =>
      b.kind === "AttrBinding" && attrKey(b.path[0]) === "pkg",
  );
}

/**
 * The `let` names of `models` other than `constructors` that the instances
 * call constructors of: a computed instance's, or a `pkg`'s.
 */
function secondModels(
  instances: readonly InstanceEntry[],
  models: ReadonlyMap<string, string>,
): string[] {
  const called = new Set<string>();
  for (const { value } of instances) {
    const pkg = value.kind === "AttrSet" ? pkgBinding(value)?.value : value;
    const head = pkg && modelCalled(pkg);
    if (head !== undefined && head !== "constructors" && models.has(head)) called.add(head);
  }
  return [...models.keys()].filter((name) => called.has(name));
}

/**
 * The module of a processes model. `moduleOf` names the module of its
 * constructors model, when that is imported together with it (or its
 * module is in the output directory already); otherwise the model keeps
 * importing the constructors model's file, and calls its constructors as
 * Nix functions, which `untyped` says.
 */
export function importProcesses(
  expr: Expr,
  moduleOf: (written: string) => string | undefined,
  ctx: ImportContext,
  problems: Problems,
  untyped: string[] = [],
  notes: string[] = [],
): ModuleSpec {
  const standard = standardForm(expr, "processes", problems, notes);
  const mf = modelFunction(standard.expr);
  const params = parameterScope(mf, ctx);
  const ctors = constructorsImport(mf.bindings, moduleOf, untyped);
  const constructors = ctors.binding;
  const models = constructorsModels(mf.bindings);
  // The standard binding of a typed constructors model is synth's to write;
  // one not imported stays, reading the original file.
  const typed = ctors.module !== undefined;
  const kept = mf.bindings.filter((b) => !typed || b !== constructors);
  // The `ids` binding stays a `let` constant: it reads the ids.nix beside
  // the original model, where the DSL's `ids` would read one beside the
  // output. synth passes the constructors model the one named `ids`.
  const renamed = typed ? idsRenamed(constructors, kept) : new Map<string, string>();
  // Named before the `let` constants, which may read its entries (see
  // `withTypedEntries`); one not imported is the kept binding's.
  const ctorsName = typed ? ctx.ids.fresh("constructors") : "constructors";
  const letCtx = typed ? withTypedEntries(ctx, ctorsName, kept) : ctx;
  const { constants, scope: letScope } = letConstants(kept, params, letCtx, renamed);
  const scope = typed ? letScope.with([["constructors", ctorsName]]) : letScope;
  const typedCtors = typed ? typedConstructors(ctorsName, kept, letScope) : undefined;
  const instanceCtx = typedCtors ? withTypedCalls(ctx, typedCtors) : ctx;
  const merged = mergedParts(mf.body, models, problems);
  const body = merged.set;
  const instances = instanceEntries(body, problems).map((e) => ({
    ...e,
    constant: ctx.ids.fresh(e.key),
  }));
  // A model typed calls the constructors of one constructors model: those
  // of any other stay Nix functions of the file it imports.
  for (const name of secondModels(instances, models))
    untyped.push(
      `the constructors of ${models.get(name) ?? name}, a second constructors model, are called as Nix functions, unchecked`,
    );
  // In a `rec` set, instances are values other instances refer to: a bare
  // name is the instance, an attribute of one is read by name in the
  // generated `rec` set, as is an instance not declared yet, which instances
  // that read each other (dbus-daemon's services, disnix-service's
  // dbus-daemon) need; an instance Nix computes reads them all by name, as
  // Nix values. In a set that is not `rec`, a name is what the `let`
  // bindings or the parameters bind, as Nix reads it.
  const declared = new Set<string>();
  // Written where read, so that `nix` is imported only where it is.
  const byName = (key: string) => (): string => `${dsl(ctx, "nix")}.ref(${JSON.stringify(key)})`;
  const recursive = body.kind === "AttrSet" && body.recursive;
  const computedCalls: string[] = [];
  const ordered = recursive ? dependencyOrder(instances, (i) => i.value) : instances;
  for (const i of ordered) {
    const computed = i.value.kind !== "AttrSet";
    const instanceScope = !recursive
      ? scope
      : scope.with(
          instances.map((o) => [
            o.key,
            {
              value: declared.has(o.key) && !computed ? o.constant : byName(o.key),
              selected: byName(o.key),
            },
          ]),
        );
    declared.add(i.key);
    if (computed && typedCtors && calledConstructor(i.value, instanceScope, typedCtors)) {
      reportProcessAsInstance(i, problems);
      continue;
    }
    // In an instance Nix computes, a call of a typed constructor is the
    // typed call (a value Nix expressions hold, lowered as the Nix call);
    // the constructors read otherwise (passed to a function, selected) are
    // the Nix functions of the constructors model synth binds.
    const nixCalls = computed && typedCtors !== undefined;
    if (nixCalls && readsConstructorsUntyped(i.value, instanceScope, typedCtors))
      computedCalls.push(i.key);
    const specScope = nixCalls
      ? instanceScope.with([["constructors", byName("constructors")]])
      : instanceScope;
    const spec = instanceSpec(i, specScope, typedCtors, instanceCtx, problems);
    constants.push({
      name: i.constant,
      value: `${dsl(ctx, "processInstance")}(${spec})`,
      comments: bindingComments(i.binding).map(tsComment),
    });
  }
  if (computedCalls.length > 0)
    untyped.push(
      `the constructors read other than by a call in instances Nix computes (${computedCalls.join(", ")}) are Nix functions there, unchecked`,
    );
  if (!ctors.file && !standard.bindingRefused)
    problems.report(
      mf.body,
      "expected `constructors = import ./constructors.nix { ... };`",
      "processes call the constructors of a constructors model",
    );
  const model = instances.map((i) =>
    i.key === i.constant ? i.key : `${propertyKey(i.key)}: ${i.constant}`,
  );
  // Defaults of the header other than the upstream ones, and parameters of
  // its own; a parameter without a default keeps none.
  const { entries: defaults, placed } = parameterDefaults(
    mf.formals,
    params,
    ctx,
    PROCESSES_HEADER,
    readSeldom(kept),
  );
  const options = [
    ...(typed
      ? [ctorsName === "constructors" ? "constructors" : `constructors: ${ctorsName}`]
      : []),
    ...(defaults.length > 0 ? [`parameters: { ${defaults.join(", ")} }`] : []),
    // Beside the `rec` set, the computed part reads what the `let` and the parameters bind.
    ...(merged.computed ? [`computed: ${translate(merged.computed, scope, instanceCtx)}`] : []),
    ...(merged.computed && merged.first ? ["computedFirst: true"] : []),
  ];
  return {
    header: headerComments(mf, placed),
    ...exportComments(mf),
    dsl: ctx.dsl,
    defaults: new Map(ctors.module !== undefined ? [[ctorsName, ctors.module]] : []),
    constants: constants as Constant[],
    exported: `${dsl(ctx, "processes")}({ ${model.join(", ")} }${options.length > 0 ? `, { ${options.join(", ")} }` : ""})`,
  };
}

/**
 * The parameters the generated header takes only where the model reads
 * them (`spoolDir`, ...) that the `let` bindings read, as the kept
 * constructors binding passes them on: written out with their defaults,
 * so that the header takes them however the bindings are lowered.
 */
function readSeldom(bindings: readonly Binding[]): Set<string> {
  const read = new Set<string>();
  for (const b of bindings) {
    if (b.kind === "AttrBinding") freeNames(b.value).forEach((n) => read.add(n));
    else if (b.kind === "Inherit" && !b.from) b.names.forEach((n) => read.add(attrKey(n) ?? ""));
    else if (b.kind === "Inherit" && b.from) freeNames(b.from).forEach((n) => read.add(n));
  }
  return new Set(SELDOM_PROCESS_PARAMETERS.filter((n) => read.has(n)));
}

interface InstanceEntry {
  readonly key: string;
  readonly binding: Binding;
  /** The instance's set of properties, or an expression Nix computes it by (a call of a constructor that makes it, see `computedInstance`). */
  readonly value: AttrSetNode | Expr;
}

/**
 * The instances of the model's body, each `name = { ... };` or an
 * expression Nix computes (`mkWorker 1`, `worker1 // { ... }`), which
 * `processInstance` takes as a Nix value. What it cannot take is
 * reported: a body that is no set, and an instance bound through a path
 * or `inherit`.
 */
function instanceEntries(body: Expr, problems: Problems): InstanceEntry[] {
  if (body.kind !== "AttrSet") {
    problems.report(
      body,
      "a processes model must be a set of process instances",
      "write the instances as a set: `rec { webapp = rec { port = 5000; pkg = constructors.webapp { inherit port; }; }; }`",
    );
    return [];
  }
  return body.bindings.flatMap((b) => {
    const key = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    if (b.kind !== "AttrBinding" || key === undefined) {
      problems.report(
        b,
        "a process instance must be bound by a plain name, as `webapp = { ... };`",
        "write each instance as one binding of its name to a set of its properties",
      );
      return [];
    }
    return [{ key, binding: b, value: unparenthesized(b.value) }];
  });
}

/**
 * Reports an instance written as a call of a constructor of the typed
 * constructors model: that makes a process, an instance's `pkg`, not the
 * instance.
 */
function reportProcessAsInstance(instance: InstanceEntry, problems: Problems): void {
  const { binding, key } = instance;
  problems.report(
    binding.kind === "AttrBinding" ? binding.value : binding,
    `the process instance '${key}' must be a set of its properties, not an expression that computes one: a constructor's call makes the instance's process, its \`pkg\``,
    `make the call the instance's pkg: \`${key} = { pkg = constructors.webapp { ... }; };\``,
  );
}

function instanceSpec(
  instance: InstanceEntry,
  instances: Scope,
  typed: TypedConstructors | undefined,
  ctx: ImportContext,
  problems: Problems,
): string {
  const { key, value } = instance;
  if (value.kind !== "AttrSet") return translate(value, instances, ctx);
  const own = value.recursive ? recursiveScope(value, instances, ctx, key) : instances;
  const props = properties(value.bindings, own, ctx, (name, v) =>
    name !== "pkg"
      ? own.ownShared(name)
      : typed !== undefined
        ? constructorCall(v, own, typed, ctx)
        : nixPkg(v, own, ctx),
  );
  if (props) return printObject(props, value.closingComments ?? []);
  problems.report(
    value,
    `the properties of the process instance '${key}' cannot be written as an object`,
    "give each attribute a literal name, and set an attribute either whole or through its paths",
  );
  return "{}";
}

/**
 * A `pkg` Nix builds (a constructor of a constructors model not imported
 * together): an attribute selected, `constructors.docker`, is never
 * undefined, as `processInstance` wants it, though the type checker
 * allows for it under `noUncheckedIndexedAccess`.
 */
function nixPkg(expr: Expr, scope: Scope, ctx: ImportContext): string {
  const code = translate(expr, scope, ctx);
  const e = unparenthesized(expr);
  return e.kind === "Select" && e.default === undefined ? `${code}!` : code;
}
