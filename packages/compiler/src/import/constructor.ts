/**
 * Importing nix-processmgmt constructors: `{ createManagedProcess, tmpDir }:
 * { port, instanceSuffix ? "" }: [interDeps:] let ... in createManagedProcess
 * { ... }` becomes `defineConstructor({ name, params, defaults, build })`.
 * Literal defaults become zod defaults; defaults computed from other
 * parameters become `defaults` functions; `let` bindings become
 * `nix.local` constants in `build`, so the generated function binds them
 * the same way. Outer parameters beyond the standard ones (`nginx`) are
 * taken from `pkgs`, as constructors models pass them (`inherit (pkgs)
 * nginx;`).
 */
import type {
  AssertNode,
  AttrSetNode,
  Comment,
  Expr,
  FormalNode,
  LambdaNode,
  Node,
  WithNode,
} from "../syntax/ast.js";
import { NIX_GLOBALS } from "../lower/file.js";
import { referencedNames } from "../lower/free-names.js";
import { CONSTRUCTOR_OUTER_NAMES } from "../lower/parameters.js";
import { ARGUMENT_LISTS } from "../lower/process-arguments.js";
import {
  allComments,
  closingComments,
  commentLines,
  formalComments,
  parameterComments,
} from "./comments.js";
import { DSL_PARAMETERS, letConstants, modelFunction } from "./model-function.js";
import type { Constant, ModuleSpec } from "./module.js";
import type { Problems } from "./problems.js";
import { propertyKey, Scope, type Meaning, type Selectable } from "./scope.js";
import {
  arrowBody,
  attrKey,
  dsl,
  printObject,
  properties,
  raw,
  recursiveScope,
  selection,
  translate,
  type ImportContext,
} from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

/**
 * True for `{ createManagedProcess, ... }: { ... }: ...`, a constructor in
 * a file of its own, or `{ createManagedProcess, ... }:
 * createManagedProcess { ... }`, a process file (see `processCall`).
 */
export function isConstructorFile(expr: Expr): boolean {
  return (
    expr.kind === "Lambda" &&
    expr.param.kind === "Formals" &&
    expr.param.formals.every((f) => !f.default || isIdsDefault(f)) &&
    (constructorLambda(expr.body) !== undefined || processCall(expr) !== undefined)
  );
}

/**
 * The `createManagedProcess { ... }` call a file whose outer function
 * takes createManagedProcess returns (under its `let`, if any) without a
 * function of the constructor's parameters, as nix-processmgmt-services'
 * `nix-daemon` does: one process, a process file (`defineProcess`); one
 * whose outer parameters have defaults cannot be (TN6021). Undefined for
 * another file.
 */
export function processCall(expr: Expr): Node | undefined {
  if (expr.kind !== "Lambda" || expr.param.kind !== "Formals") return undefined;
  if (!expr.param.formals.some((f) => f.name.name === "createManagedProcess")) return undefined;
  let body = unparenthesized(expr.body);
  while (body.kind === "Let") body = unparenthesized(body.body);
  const fn = body.kind === "Apply" ? unparenthesized(body.fn) : undefined;
  return fn?.kind === "Identifier" && fn.name === "createManagedProcess" ? body : undefined;
}

/**
 * `ids ? {}`, as nix-processmgmt-services' constructors that read
 * `nixproc-id-assign`'s ids take them: the DSL's `ids`, which the
 * constructors model passes, `{}` where there are none.
 */
function isIdsDefault(formal: FormalNode): boolean {
  const d = formal.default;
  return (
    formal.name.name === "ids" && d?.kind === "AttrSet" && !d.recursive && d.bindings.length === 0
  );
}

/** The inner `{ formals }: ...` function of a constructor, or undefined. */
export function constructorLambda(expr: Expr): LambdaNode | undefined {
  return expr.kind === "Lambda" && expr.param.kind === "Formals" ? expr : undefined;
}

/** The file `import ./x { ... }` (or `import ./x.nix`) names, as written. */
export function importedFile(expr: Expr): string | undefined {
  let e = expr;
  if (e.kind === "Apply" && e.fn.kind === "Apply") e = e.fn;
  if (e.kind !== "Apply" || e.fn.kind !== "Identifier" || e.fn.name !== "import") return undefined;
  const target = e.arg;
  return target.kind === "Path" && target.parts.every((p) => p.kind === "Text")
    ? target.parts.map((p) => (p.kind === "Text" ? p.raw : "")).join("")
    : undefined;
}

/**
 * Whether an outer parameter of a constructor file is the constructor of
 * the service it wraps, by nix-processmgmt-services' naming
 * (`{ mongodbConstructorFun, lib, dysnomia }:`): its caller passes it, so
 * it stays an outer parameter (`outer` of `defineConstructor`) rather than
 * a package of `pkgs`.
 */
export function isOuterConstructor(name: string): boolean {
  return /.ConstructorFun$/.test(name);
}

/**
 * The scope of a constructor file's outer parameters; those in `given`
 * (the ones its constructors model gives values, see
 * `ImportOptions.constructorOuter`) stay outer parameters, as the
 * constructors of wrapped services do (see `isOuterConstructor`).
 */
export function outerScope(
  formals: readonly FormalNode[],
  ctx: ImportContext,
  note: (name: string) => void,
  given: ReadonlySet<string> = new Set(),
): Scope {
  return Scope.empty().with(
    formals.map((f) => {
      const name = f.name.name;
      const dslName = DSL_PARAMETERS.get(name);
      if (name === "createManagedProcess")
        return [name, () => dsl(ctx, "createManagedProcess")] as const;
      if (dslName && CONSTRUCTOR_OUTER_NAMES.has(name))
        return [name, () => dsl(ctx, dslName)] as const;
      if (isOuterConstructor(name) || given.has(name))
        return [name, () => `${dsl(ctx, "nix")}.ref(${JSON.stringify(name)})`] as const;
      const taken = (): string => {
        note(name);
        return selection(dsl(ctx, "pkgs"), [name], ctx);
      };
      let bound: string | undefined;
      // A package is an attribute of pkgs, never undefined: `lib.optionalString`
      // reads `pkgs.lib!.optionalString`. Getters, so that only a name read
      // is noted and imports pkgs.
      const meaning: Selectable = {
        package: name,
        get value() {
          return taken();
        },
        get selected() {
          return `${taken()}!`;
        },
        // Raw Nix reads the name itself: the generated file binds it to the package.
        get bound() {
          return (bound ??= packageLocal(name, taken(), ctx));
        },
      };
      return [name, meaning] as const;
    }),
  );
}

/**
 * A module constant `const name = nix.local("name", pkgs.name)`, for raw Nix
 * that reads an outer parameter taken from `pkgs` by its name: the
 * generated file binds the name, as the original's outer function did.
 */
function packageLocal(name: string, value: string, ctx: ImportContext): string {
  const constant = ctx.shared.ids.fresh(name);
  ctx.shared.constants.push({
    name: constant,
    value: `${dsl(ctx, "nix")}.local(${JSON.stringify(name)}, ${value})`,
    comments: [],
  });
  return constant;
}

/**
 * The module of a constructor file; `name` is the key it has in its
 * constructors model. `moduleOf` gives the module of a constructor file
 * this one is built on (`import ./x.nix { ... } { ... }`), when that file
 * is imported together with it. The outer parameters in `given`, which
 * its constructors model gives values, stay outer parameters.
 */
export function importConstructorFile(
  expr: Expr,
  name: string,
  ctx: ImportContext,
  problems: Problems,
  notes: string[],
  moduleOf: (written: string) => string | undefined = () => undefined,
  given: ReadonlySet<string> = new Set(),
): ModuleSpec {
  const outer = expr as LambdaNode;
  const formals = outer.param.kind === "Formals" ? outer.param.formals : [];
  const note = (text: string): void => {
    if (!notes.includes(text)) notes.push(text);
  };
  const own = new Set([...given].filter((n) => !CONSTRUCTOR_OUTER_NAMES.has(n)));
  const scope = outerScope(
    formals,
    ctx,
    (n) => note(`the outer parameter '${n}' is taken as pkgs.${n}`),
    own,
  );
  const inner = constructorLambda(outer.body);
  const modules = inner
    ? builtOnModules(inner, moduleOf, ctx)
    : new Map<string, { local: string; module: string }>();
  const builtOn = {
    modules: new Map([...modules].map(([written, m]) => [written, m.local])),
    outerNames: new Set(formals.map((f) => f.name.name)),
  };
  const outerConstructors = formals
    .map((f) => f.name.name)
    .filter((n) => isOuterConstructor(n) || own.has(n));
  const fileCtx = { ...ctx, builtOn, outer: outerConstructors };
  const code = inner
    ? defineConstructor(inner, name, scope, fileCtx, problems, note)
    : defineProcess(outer.body, name, scope, fileCtx, problems);
  const defaults = new Map([...modules.values()].map((m) => [m.local, m.module]));
  return { header: [], dsl: ctx.dsl, defaults, constants: [], exported: code };
}

/**
 * `import ./x.nix { outer arguments } { arguments }`: a constructor built
 * on the constructor of another file, as nix-processmgmt's
 * `simplemongodb.nix` is on `./default.nix`.
 */
export interface BuiltOnCall {
  /** The whole call, where problems with it are reported. */
  readonly node: Expr;
  /** The file, as written. */
  readonly written: string;
  /** The outer arguments: what the other file's outer function is given. */
  readonly outer: Expr;
  /** The arguments of the constructor. */
  readonly args: Expr;
}

/** `body` as a call of another file's constructor; undefined for another shape. */
export function builtOnCall(body: Expr): BuiltOnCall | undefined {
  const node = unparenthesized(body);
  if (node.kind !== "Apply" || node.fn.kind !== "Apply") return undefined;
  const written = importedFile(node.fn);
  const outer = node.fn.arg;
  if (written === undefined || node.fn.fn.kind !== "Apply") return undefined;
  return { node, written, outer, args: node.arg };
}

/**
 * The modules of the constructor files `fn`'s body is built on, by the
 * path written there, each with the name this module imports it under:
 * chosen before the constructor's parameters and locals, which must not
 * hide it.
 */
function builtOnModules(
  fn: LambdaNode,
  moduleOf: (written: string) => string | undefined,
  ctx: ImportContext,
): Map<string, { local: string; module: string }> {
  const body = fn.body.kind === "Lambda" ? fn.body.body : fn.body;
  const call = builtOnCall(modelFunction(body).body);
  const module = call && moduleOf(call.written);
  if (!call || module === undefined) return new Map();
  const local = ctx.ids.fresh(module.replace(/^.*\//, "").replace(/\.js$/, ""));
  return new Map([[call.written, { local, module }]]);
}

/** `defineConstructor({ ... })` for an inner constructor function, in `scope`. */
export function defineConstructor(
  fn: LambdaNode,
  name: string,
  scope: Scope,
  ctx: ImportContext,
  problems: Problems,
  note?: (text: string) => void,
): string {
  const formals = fn.param.kind === "Formals" ? fn.param.formals : [];
  // Parameters and locals are the function's own: one constructor's names do not rename another's.
  const local = { ...ctx, ids: ctx.ids.child() };
  const params = new Map(formals.map((f) => [f.name.name, local.ids.fresh(f.name.name)]));
  // `{ ... }@args`: the generated function binds the same name.
  const argsName = fn.param.kind === "Formals" ? fn.param.bind?.name.name : undefined;
  const whole: [string, Meaning][] = argsName
    ? [[argsName, () => `${dsl(ctx, "nix")}.ref(${JSON.stringify(argsName)})`]]
    : [];
  // A parameter defaulting to null is nullable in TypeScript: its attributes are selected by name.
  const meanings = [...params].map(([nixName, id]): [string, Meaning] => {
    const fallback = formals.find((f) => f.name.name === nixName)?.default;
    const value = fallback && unparenthesized(fallback);
    const isNull = value?.kind === "Identifier" && value.name === "null";
    return [nixName, isNull ? { value: id, selected: id, nullable: true } : id];
  });
  const inner = scope.with([...whole, ...meanings]);
  const loose = fn.param.kind === "Formals" && fn.param.ellipsis;
  const schema: string[] = [];
  const derived: string[] = [];
  for (const { f, comments } of parameterComments(formals)) {
    const literal = f.default && literalSchema(f.default, ctx);
    const key = `${ownLines(comments)}${propertyKey(f.name.name)}`;
    if (!f.default) schema.push(`${key}: ${dsl(ctx, "nixValue")}()`);
    else if (literal)
      schema.push(
        `${key}: ${orSymbolic(literal, ctx)}.default(${translate(f.default, inner, local)})`,
      );
    else {
      schema.push(`${key}: ${derivedSchema(f.default, ctx)}.optional()`);
      derived.push(
        `${key}: (${pattern(f.default, params)}) => ${arrowBody(translate(f.default, inner, local))}`,
      );
    }
  }
  let body = fn.body;
  const third = body.kind === "Lambda" ? body : undefined;
  if (third) {
    body = third.body;
    if (third.param.kind === "Formals")
      note?.(
        `the inter-dependency argument of '${name}' is taken as one set, interDeps: the names it gives are no longer checked when the constructor is called`,
      );
  }
  const interDeps = third
    ? interDepsArgument(third, referencedNames(body), inner, local)
    : undefined;
  const mf = modelFunction(body);
  const { constants: lets, scope: bodyScope } = letConstants(
    mf.bindings,
    interDeps?.scope ?? inner,
    local,
  );
  const constants = [...(interDeps?.constants ?? []), ...lets];
  const result = constructorResult(mf.body, bodyScope, local, problems);
  // Comments the body's parts do not carry: around the `:`s, on `let`, on the inter-dependency pattern.
  const leading = [
    ...(fn.colonComments ?? []),
    ...(third ? [...(third.colonComments ?? []), ...patternComments(third)] : []),
    ...(mf.body === body ? [] : mf.comments),
  ];
  const closing = ownLines(fn.param.kind === "Formals" ? closingComments(fn.param) : []);
  const fields = [
    `name: ${JSON.stringify(name)}`,
    `params: ${dsl(ctx, "z")}.${loose ? "looseObject" : "object"}({ ${schema.join(", ")}${closing} })`,
    ...(argsName ? [`argsName: ${JSON.stringify(argsName)}`] : []),
    ...(ctx.outer?.length ? [`outer: ${JSON.stringify(ctx.outer)}`] : []),
    ...(derived.length > 0 ? [`defaults: { ${derived.join(", ")} }`] : []),
    ...(interDeps ? ["interDependencies: true"] : []),
    `build: (${pattern(fn.body, params)}${interDeps?.used ? ", interDeps" : ""}) => ${buildBody(constants, result, leading, mf.closing)}`,
  ];
  return `${dsl(ctx, "defineConstructor")}({ ${fields.join(", ")} })`;
}

/**
 * `defineProcess({ name, build: () => ... })`: a process file's body, the
 * process itself (see `processCall`), under its `let` if any.
 */
function defineProcess(
  body: Expr,
  name: string,
  scope: Scope,
  ctx: ImportContext,
  problems: Problems,
): string {
  const local = { ...ctx, ids: ctx.ids.child() };
  const mf = modelFunction(body);
  const { constants, scope: bodyScope } = letConstants(mf.bindings, scope, local);
  const result = constructorResult(mf.body, bodyScope, local, problems);
  const leading = mf.body === body ? [] : mf.comments;
  const fields = [
    `name: ${JSON.stringify(name)}`,
    ...(ctx.outer?.length ? [`outer: ${JSON.stringify(ctx.outer)}`] : []),
    `build: () => ${buildBody(constants, result, leading, mf.closing)}`,
  ];
  return `${dsl(ctx, "defineProcess")}({ ${fields.join(", ")} })`;
}

/**
 * The third argument set of a constructor, as `build` reads it: named
 * `interDeps`, it is the `interDeps` argument itself. Otherwise each name
 * the body uses becomes a local of the generated function bound as in Nix,
 * so raw Nix naming it stays valid: `deps:` binds `deps = interDeps`, a
 * pattern `{ webapp, cache ? "none" }@deps:` binds `webapp =
 * interDeps.webapp`, `cache = interDeps.cache or "none"` and `deps`.
 */
function interDepsArgument(
  fn: LambdaNode,
  used: ReadonlySet<string>,
  scope: Scope,
  ctx: ImportContext,
): { scope: Scope; constants: Constant[]; used: boolean } {
  const param = fn.param;
  if (param.kind === "Identifier" && param.name === "interDeps")
    return {
      scope: scope.with([["interDeps", "interDeps"]]),
      constants: [],
      used: used.has("interDeps"),
    };
  const values = new Map<string, (inner: Scope) => string>();
  if (param.kind === "Identifier") values.set(param.name, () => "interDeps");
  else {
    if (param.bind) values.set(param.bind.name.name, () => "interDeps");
    for (const f of param.formals) {
      const key = f.name.name;
      const fallback = f.default;
      values.set(key, (inner) =>
        fallback
          ? `${dsl(ctx, "nix")}.selectOr(interDeps, ${JSON.stringify([key])}, ${translate(fallback, inner, ctx)})`
          : `${selection("interDeps", [key], ctx)}!`,
      );
    }
  }
  // The names the body uses, and those their defaults use in turn.
  const needed = new Set<string>();
  const need = (name: string): void => {
    if (needed.has(name) || !values.has(name)) return;
    needed.add(name);
    const fallback =
      param.kind === "Formals"
        ? param.formals.find((f) => f.name.name === name)?.default
        : undefined;
    if (fallback) referencedNames(fallback).forEach(need);
  };
  used.forEach(need);
  const names = new Map(
    [...values.keys()].filter((n) => needed.has(n)).map((n) => [n, ctx.ids.fresh(n)]),
  );
  const inner = scope.with(names);
  const constants = [...names].map(([nixName, id]) => ({
    name: id,
    value: `${dsl(ctx, "nix")}.local(${JSON.stringify(nixName)}, ${values.get(nixName)?.(inner) ?? "interDeps"})`,
    comments: [],
  }));
  return { scope: inner, constants, used: constants.length > 0 };
}

/** `{ a, b: b2 }`: the parameters an expression uses, destructured. */
function pattern(expr: Expr, params: ReadonlyMap<string, string>): string {
  const used = referencedNames(expr);
  const names = [...params].filter(([n]) => used.has(n));
  if (names.length === 0) return "_params";
  return `{ ${names.map(([n, ts]) => (n === ts ? ts : `${propertyKey(n)}: ${ts}`)).join(", ")} }`;
}

function buildBody(
  constants: readonly Constant[],
  result: string,
  leading: readonly Comment[],
  closing: readonly Comment[],
): string {
  if (constants.length === 0 && leading.length + closing.length === 0) return result;
  const lines = constants.map(
    (c) => `${c.comments.map((l) => `${l}\n`).join("")}const ${c.name} = ${c.value};`,
  );
  return `{\n${commentLines(leading)}${lines.join("\n")}\n${commentLines(closing)}return ${result};\n}`;
}

/**
 * Comments to go before an entry of an object, on lines of their own: a
 * comment right after the comma of the entry before would be that entry's.
 */
function ownLines(comments: readonly Comment[]): string {
  return comments.length === 0 ? "" : `\n${commentLines(comments)}`;
}

/** The comments of a function's pattern: its own, each formal's and its closing ones. */
function patternComments(fn: LambdaNode): Comment[] {
  if (fn.param.kind !== "Formals") return [...(fn.param.comments ?? [])];
  const { param } = fn;
  return [
    ...(param.comments ?? []),
    ...param.formals.flatMap((f) => [
      ...formalComments(f),
      ...(f.default ? allComments(f.default) : []),
    ]),
    ...closingComments(param),
  ];
}

/**
 * Scalars may also be given as symbolic values (`port = ids.x or 0`), and
 * so may lists: a constructor built on this one passes a list Nix
 * computes (`dependencies = map (w: w.pkg) webapps ++ ...`).
 */
function orSymbolic(schema: string, ctx: ImportContext): string {
  return /\.(string|number|boolean)\(\)(\.int\(\))?$/.test(schema) || /^\w+\.array\(/.test(schema)
    ? `${schema}.or(${dsl(ctx, "symbolicValue")}())`
    : schema;
}

/** A zod schema for a literal default, or undefined when the default is computed. */
function literalSchema(value: Expr, ctx: ImportContext): string | undefined {
  const z = (): string => dsl(ctx, "z");
  switch (value.kind) {
    case "String":
      return attrKey(value) !== undefined ? `${z()}.string()` : undefined;
    case "Int":
      return `${z()}.number().int()`;
    case "Float":
      return `${z()}.number()`;
    case "Identifier":
      if (value.name === "true" || value.name === "false") return `${z()}.boolean()`;
      return value.name === "null" ? `${dsl(ctx, "nixValue")}().nullable()` : undefined;
    case "List": {
      // The default must have the schema's type: lists of one literal kind.
      const kinds = new Set(value.items.map((i) => literalSchema(i, ctx)));
      if (kinds.size === 0) return `${z()}.array(${dsl(ctx, "nixValue")}())`;
      const [only] = kinds;
      return kinds.size === 1 && only && !only.includes("array")
        ? `${z()}.array(${only})`
        : undefined;
    }
    case "AttrSet":
      return value.bindings.length === 0
        ? `${z()}.record(${z()}.string(), ${dsl(ctx, "nixValue")}())`
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The schema of a computed default: a string for strings (which a caller
 * may give as a symbolic value too, as for a literal default), a symbolic
 * value otherwise.
 */
function derivedSchema(value: Expr, ctx: ImportContext): string {
  return value.kind === "String"
    ? orSymbolic(`${dsl(ctx, "z")}.string()`, ctx)
    : `${dsl(ctx, "nixValue")}()`;
}

/**
 * `createManagedProcess({ ... })`, the service record a container-provider
 * constructor returns, or the call of the constructor it is built on.
 */
function constructorResult(
  body: Expr,
  scope: Scope,
  ctx: ImportContext,
  problems: Problems,
): string {
  const built = builtOnCall(body);
  if (built) return builtOnResult(built, scope, ctx, problems);
  const callee = body.kind === "Apply" && body.fn.kind === "Identifier" ? body.fn.name : undefined;
  if (body.kind === "Apply" && callee === "createManagedProcess") {
    const arg = unparenthesized(body.arg);
    const props = arg.kind === "AttrSet" ? setObject(arg, scope, ctx, argumentList) : undefined;
    if (props) return `${dsl(ctx, "createManagedProcess")}(${props})`;
    problems.report(
      body,
      arg.kind === "AttrSet"
        ? "the constructor passes createManagedProcess a set with an attribute typenix cannot write as a property: a computed name inside an attribute path, or an attribute both set whole and through a path"
        : "the constructor passes createManagedProcess an expression, not a set of its properties, which typenix cannot read",
      "write the properties out as a set: createManagedProcess { name = ...; process = ...; }",
    );
    return "undefined as never";
  }
  if (body.kind === "AttrSet") {
    const props = setObject(body, scope, ctx);
    if (props) return `(${props})`;
  }
  if (isMergedRecord(body)) return `${dsl(ctx, "computedRecord")}(${translate(body, scope, ctx)})`;
  if (body.kind === "With" || body.kind === "Assert") {
    reportWrappedBody(body, scope, problems);
    return "undefined as never";
  }
  problems.report(
    body,
    callee
      ? `the constructor calls '${callee}', which builds for one process manager; typenix constructors call createManagedProcess`
      : "a constructor must call createManagedProcess with a set, or return a service record",
    callee
      ? "rewrite it with createManagedProcess, keeping manager-specific settings in overrides"
      : "typenix constructors build a managed process or a Disnix service",
  );
  return "undefined as never";
}

/**
 * A body under `with` or `assert`, reported there (TN6017): a typed
 * constructor's properties have no scope a `with` opens, nor a place for
 * an assertion, while a property's value kept as raw Nix has both, so the
 * hint moves them there. The hint's example is a name the `with` opens.
 */
function reportWrappedBody(body: WithNode | AssertNode, scope: Scope, problems: Problems): void {
  if (body.kind === "Assert") {
    problems.report(
      body,
      "the constructor's body is under an `assert`, which typenix constructors have no place for",
      "move the `assert` into the property it guards (process = assert ...; ...;)",
      "TN6017",
    );
    return;
  }
  const env = unparenthesized(body.env);
  const set = env.kind === "Identifier" ? env.name : "...";
  const opened = [...referencedNames(body.body)].find((n) => !scope.has(n) && !NIX_GLOBALS.has(n));
  problems.report(
    body,
    `the constructor's body is under \`with ${set};\`, whose names typenix cannot carry into the properties of createManagedProcess`,
    `write the names it opens as attributes of their set (${set === "..." ? "(...)" : set}.${opened ?? "name"}), or move the \`with\` into the property that reads them (process = with ${set}; ...;)`,
    "TN6017",
  );
}

/**
 * `{ name = ...; pkg = ...; } // lib.optionalAttrs (...) { ... } //
 * properties`: a service record merged with sets Nix computes, as
 * nix-processmgmt-services' container constructors return it.
 */
function isMergedRecord(body: Expr): boolean {
  let left = unparenthesized(body);
  if (left.kind !== "Binary" || left.op !== "//") return false;
  while (left.kind === "Binary" && left.op === "//") left = unparenthesized(left.left);
  return left.kind === "AttrSet";
}

/**
 * `inner({ ... })`: the call of the constructor of the file a constructor
 * is built on, imported from that file's module. Reported when that file
 * is not imported together with this one (TN6010), or the constructor is
 * written inline in a constructors model (TN6013), when the outer
 * arguments are not passed on by name, as the generated file does (TN6011),
 * and when the arguments are no set of properties (TN6012).
 */
function builtOnResult(
  call: BuiltOnCall,
  scope: Scope,
  ctx: ImportContext,
  problems: Problems,
): string {
  if (ctx.builtOn === undefined) {
    problems.report(
      call.node,
      `a constructor written inline in a constructors model cannot be built on the constructor of ${call.written}: its TypeScript is no module of its own to import that file's module`,
      "move the constructor to a file of its own, imported by the constructors model, and import the files together",
      "TN6013",
    );
    return "undefined as never";
  }
  const local = ctx.builtOn.modules.get(call.written);
  if (local === undefined) {
    problems.report(
      call.node,
      `the constructor is built on the constructor of ${call.written}, which is not among the files imported together`,
      `import both files together: typenix import <this file> <${call.written} beside it> -o DIR`,
      "TN6010",
    );
    return "undefined as never";
  }
  const uncarried = uncarriedOuterArgument(call.outer, ctx.builtOn.outerNames);
  if (uncarried) {
    problems.report(
      uncarried,
      `the constructor passes ${call.written} an outer argument its TypeScript module cannot carry: typenix passes the constructor it is built on its own outer parameters, by name`,
      "pass only this file's own outer parameters on, as `inherit createManagedProcess tmpDir;` or `inherit (pkgs) ...;`, and make other values parameters of the inner constructor",
      "TN6011",
    );
    return "undefined as never";
  }
  const args = unparenthesized(call.args);
  const props = args.kind === "AttrSet" ? setObject(args, scope, ctx) : undefined;
  if (props) return `${local}(${props})`;
  problems.report(
    args.kind === "AttrSet" ? args : call.args,
    args.kind === "AttrSet"
      ? `the constructor passes ${call.written} a set with an attribute typenix cannot write as a property: a computed name inside an attribute path, or an attribute both set whole and through a path`
      : `the constructor passes ${call.written} an expression, not a set of its arguments, which typenix cannot read`,
    "write the arguments out as a set: import ./x.nix { ... } { port = ...; }",
    "TN6012",
  );
  return "undefined as never";
}

/**
 * The first outer argument a constructor passes the file it is built on
 * that the generated file would not pass the same: it passes the inner
 * constructor's outer parameters on by name, so only `inherit` of this
 * file's own outer parameters, or of packages (`inherit (pkgs) ...`), which
 * both modules read from `pkgs`, carries over.
 */
function uncarriedOuterArgument(outer: Expr, outerNames: ReadonlySet<string>): Node | undefined {
  const set = unparenthesized(outer);
  if (set.kind !== "AttrSet" || set.recursive) return set;
  return set.bindings.find((b) => {
    if (b.kind !== "Inherit") return true;
    if (b.from) return b.from.kind !== "Identifier" || b.from.name !== "pkgs";
    return b.names.some((n) => n.kind !== "Identifier" || !outerNames.has(n.name));
  });
}

/**
 * A set as an object literal; a `rec` set's own attributes read as their
 * values (one read inside its own value is reported where it is read).
 * Undefined when a binding has no object form.
 */
function setObject(
  set: AttrSetNode,
  scope: Scope,
  ctx: ImportContext,
  special?: SpecialProperty,
): string | undefined {
  const own = set.recursive ? recursiveScope(set, scope, ctx) : scope;
  const props = properties(
    set.bindings,
    own,
    ctx,
    (key, value) => special?.(key, value, own, ctx) ?? own.ownShared(key),
  );
  return props && printObject(props, set.closingComments ?? []);
}

/** A property written otherwise than `translate` writes it, or undefined for the usual. */
type SpecialProperty = (
  key: string,
  value: Expr,
  scope: Scope,
  ctx: ImportContext,
) => string | undefined;

/**
 * A list of command-line arguments, its fractions and booleans kept as the
 * Nix they are: nix-processmgmt writes each item through Nix's `toString`
 * (`0.500000`, `1`), which the DSL refuses to stand for with a JavaScript
 * number or boolean (TN3041, a type error).
 */
function argumentList(
  key: string,
  value: Expr,
  scope: Scope,
  ctx: ImportContext,
): string | undefined {
  const list = unparenthesized(value);
  if (!(ARGUMENT_LISTS as readonly string[]).includes(key) || list.kind !== "List")
    return undefined;
  const asNix = (item: Expr): boolean =>
    item.kind === "Float" ||
    (item.kind === "Identifier" && (item.name === "true" || item.name === "false"));
  if (!list.items.some((item) => asNix(unparenthesized(item)))) return undefined;
  // Comments there keep the usual writing, which carries them.
  if (
    list.closingComments?.length ||
    list.items.some((item) => item.comments?.length || item.trailingComment)
  )
    return undefined;
  const items = list.items.map((item) =>
    asNix(unparenthesized(item)) ? raw(item, scope, ctx) : translate(item, scope, ctx),
  );
  return `[${items.join(", ")}]`;
}
