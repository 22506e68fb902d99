/**
 * The constructors model a processes or services model binds in its `let`
 * (`constructors = import ./constructors.nix { ... };`). Imported together
 * with the model (or its module in the output directory already), it is
 * the model's typed `constructors` module: the binding is synth's to write,
 * and `constructors.webapp { ... }` becomes `constructors.webapp({ ... })`.
 * Otherwise the binding stays, reading the original file, and its
 * constructors are called as Nix functions, which the import's summary says.
 */
import type { Binding, Expr, Node } from "../syntax/ast.js";
import { forEachChild } from "../syntax/children.js";
import { freeNames } from "../lower/free-names.js";
import { list } from "../syntax/build.js";
import { replaceNodes } from "../syntax/replace-nodes.js";
import { importedFile } from "./constructors-model.js";
import { propertyAccess, type Scope } from "./scope.js";
import { attrKey, translate, type ImportContext } from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

/** A model's `constructors` binding, with the module of its constructors model when typed. */
export interface ConstructorsImport {
  readonly binding: Binding | undefined;
  /** The file the binding imports, as written. */
  readonly file: string | undefined;
  /** The module of the constructors model, when imported together (or in the output directory). */
  readonly module: string | undefined;
}

/**
 * The `constructors` binding of `bindings`; when its file has no module
 * (`moduleOf` gives none), `untyped` says that its constructors are called
 * as Nix functions.
 */
export function constructorsImport(
  bindings: readonly Binding[],
  moduleOf: (written: string) => string | undefined,
  untyped: string[],
): ConstructorsImport {
  const binding = bindings.find((b) => isConstructorsImport(b));
  const file = binding?.kind === "AttrBinding" ? importedFile(binding.value) : undefined;
  const module = file === undefined ? undefined : moduleOf(file);
  if (file !== undefined && module === undefined)
    untyped.push(
      `the constructors of ${file}, not imported together, are called as Nix functions, unchecked (import it too to call them typed)`,
    );
  return { binding, file, module };
}

/**
 * The `let` binding the constructors model is given as its ids under
 * another name (`ids = myIds;`), to be generated as `ids`, which synth
 * passes the constructors model: none when it is given `ids` itself, or
 * when the model binds an `ids` of its own too.
 */
export function idsRenamed(
  constructors: Binding | undefined,
  bindings: readonly Binding[],
): Map<string, string> {
  const args =
    constructors?.kind === "AttrBinding" && constructors.value.kind === "Apply"
      ? unparenthesized(constructors.value.arg)
      : undefined;
  const given =
    args?.kind === "AttrSet"
      ? args.bindings.find((b) => b.kind === "AttrBinding" && attrKey(b.path[0]) === "ids")
      : undefined;
  const value = given?.kind === "AttrBinding" ? unparenthesized(given.value) : undefined;
  const names = new Set(
    bindings.flatMap((b) => (b.kind === "AttrBinding" ? [attrKey(b.path[0])] : [])),
  );
  if (value?.kind !== "Identifier" || value.name === "ids" || names.has("ids")) return new Map();
  return names.has(value.name) ? new Map([[value.name, "ids"]]) : new Map();
}

function isConstructorsImport(b: Binding): boolean {
  return (
    b.kind === "AttrBinding" &&
    attrKey(b.path[0]) === "constructors" &&
    importedFile(b.value) !== undefined
  );
}

/** The typed constructors model, as the `pkg`s of a model's items call it. */
export interface TypedConstructors {
  /** The module's name in TypeScript. */
  readonly name: string;
  /** `let` names bound to its constructors (see `constructorAliases`). */
  readonly aliases: ReadonlyMap<string, Alias>;
}

/** A `let` name bound to a constructor: the constructor's key, and the constant standing for the name. */
interface Alias {
  readonly key: string;
  readonly constant: string | undefined;
}

/** The typed constructors model of `bindings`, named `name` in TypeScript, read in `scope` (the `let` constants'). */
export function typedConstructors(
  name: string,
  bindings: readonly Binding[],
  scope: Scope,
): TypedConstructors {
  return { name, aliases: constructorAliases(bindings, scope) };
}

/**
 * The `let` names bound to a constructor of the constructors model,
 * `inherit (constructors) webapp;` or `webapp = constructors.webapp;`, so
 * that `pkg = webapp { ... };` calls the typed constructor, as
 * `pkg = constructors.webapp { ... };` does.
 */
function constructorAliases(bindings: readonly Binding[], scope: Scope): Map<string, Alias> {
  const aliases = new Map<string, Alias>();
  const add = (name: string | undefined, key: string | undefined): void => {
    if (name !== undefined && key !== undefined)
      aliases.set(name, { key, constant: scope.lookup(name) });
  };
  for (const b of bindings) {
    if (b.kind === "Inherit" && b.from && isConstructorsName(unparenthesized(b.from)))
      b.names.forEach((n) => add(attrKey(n), attrKey(n)));
    else if (b.kind === "AttrBinding" && b.path.length === 1)
      add(attrKey(b.path[0]), constructorKey(unparenthesized(b.value)));
  }
  return aliases;
}

function isConstructorsName(expr: Expr): boolean {
  return expr.kind === "Identifier" && expr.name === "constructors";
}

/** The key of `constructors.webapp`, or undefined for any other expression. */
function constructorKey(expr: Expr): string | undefined {
  return expr.kind === "Select" && isConstructorsName(expr.expr) && expr.path.length === 1
    ? attrKey(expr.path[0])
    : undefined;
}

/**
 * `constructors.webapp { ... } [{ ... }]`, or `webapp { ... }` of a `let`
 * name bound to it, as `constructors.webapp({ ... }[, { ... }])`.
 */
export function constructorCall(
  expr: Expr,
  scope: Scope,
  typed: TypedConstructors,
  ctx: ImportContext,
): string {
  // Anything else (a constructor of another model) stays a Nix call.
  return typedCall(expr, scope, typed, ctx) ?? translate(expr, scope, ctx);
}

/**
 * The typed call `constructors.webapp({ ... })` of a call of a typed
 * constructor, or undefined for any other expression: what `translate`
 * writes for such a call wherever it stands (see `ImportContext.typedCall`).
 */
export function typedCall(
  expr: Expr,
  scope: Scope,
  typed: TypedConstructors,
  ctx: ImportContext,
): string | undefined {
  const call = typedCallParts(expr, scope, typed);
  if (call === undefined) return undefined;
  const args = call.args.map((a) => translate(a, scope, ctx)).join(", ");
  return `${typed.name}${propertyAccess(call.key)}(${args})`;
}

/** The key and arguments of a typed constructor's call: its arguments, and its inter-dependencies if given. */
function typedCallParts(
  expr: Expr,
  scope: Scope,
  typed: TypedConstructors,
): { args: Expr[]; key: string } | undefined {
  const { args, key } = calledFunction(expr, scope, typed);
  return key === undefined || args.length < 1 || args.length > 2 ? undefined : { args, key };
}

/**
 * `ctx` translating each call of a typed constructor, wherever it stands
 * (in an `if`, a `//`, a function's argument), as the typed call.
 */
export function withTypedCalls(ctx: ImportContext, typed: TypedConstructors): ImportContext {
  const typedCtx: ImportContext = {
    ...ctx,
    typedCall: (expr, scope) => typedCall(expr, scope, typed, typedCtx),
  };
  return typedCtx;
}

/**
 * `ctx` translating each entry of the typed constructors model (named
 * `name` in TypeScript) that `bindings`, a model's `let` bindings, give
 * uncalled as a `pkg`, as the hydra example's `nix-daemon = if
 * includeNixDaemon then { pkg = constructors.nix-daemon; } else null;`
 * gives a process file's, as the typed entry, `constructors["nix-daemon"]`,
 * which an item's `pkg` is too. A constructor called there stays a Nix call.
 */
export function withTypedEntries(
  ctx: ImportContext,
  name: string,
  bindings: readonly Binding[],
): ImportContext {
  const entries = new Map<Node, string>();
  const visit = (e: Expr): void => {
    for (const b of e.kind === "AttrSet" ? e.bindings : []) {
      const value = b.kind === "AttrBinding" ? unparenthesized(b.value) : undefined;
      const key = value && value.kind === "Select" && !value.default && constructorKey(value);
      if (b.kind === "AttrBinding" && attrKey(b.path[0]) === "pkg" && b.path.length === 1 && key)
        entries.set(value, key);
    }
    forEachChild(e, visit);
  };
  for (const b of bindings) if (b.kind === "AttrBinding") visit(b.value);
  if (entries.size === 0) return ctx;
  // A name `constructors` bound around it (a function's parameter) is none of the model's.
  const typedEntry = (expr: Expr, scope: Scope): string | undefined => {
    const key = entries.get(expr);
    return key === undefined || scope.has("constructors") ? undefined : name + propertyAccess(key);
  };
  return { ...ctx, typedEntry };
}

/**
 * Whether `expr` reads the constructors model (or a `let` name bound to one
 * of its constructors) other than by calling a typed constructor: as a Nix
 * value, which is a Nix function there, unchecked.
 */
export function readsConstructorsUntyped(
  expr: Expr,
  scope: Scope,
  typed: TypedConstructors,
): boolean {
  // A typed call reads only its arguments as Nix values.
  const withoutCallees = (e: Expr): Expr =>
    replaceNodes(e, (node) => {
      const call = typedCallParts(node, scope, typed);
      return call && list(call.args.map(withoutCallees));
    });
  return callsConstructors(withoutCallees(expr), typed);
}

/** The key of the typed constructor `expr` calls (`constructors.webapp { ... }`), if it calls one. */
export function calledConstructor(
  expr: Expr,
  scope: Scope,
  typed: TypedConstructors,
): string | undefined {
  const { args, key } = calledFunction(expr, scope, typed);
  return args.length > 0 ? key : undefined;
}

/** Whether `expr` reads the constructors model, or a `let` name bound to one of its constructors. */
function callsConstructors(expr: Expr, typed: TypedConstructors): boolean {
  const read = freeNames(expr);
  return read.has("constructors") || [...typed.aliases.keys()].some((name) => read.has(name));
}

/** The arguments of a call, and the key of the typed constructor it calls, if it calls one. */
function calledFunction(
  expr: Expr,
  scope: Scope,
  typed: TypedConstructors,
): { args: Expr[]; key: string | undefined } {
  const args: Expr[] = [];
  let fn = unparenthesized(expr);
  while (fn.kind === "Apply") {
    args.unshift(fn.arg);
    fn = unparenthesized(fn.fn);
  }
  return { args, key: constructorKey(fn) ?? aliasKey(fn, scope, typed.aliases) };
}

/**
 * The constructor key of a `let` name bound to one, where that binding is
 * what the name means: no item of a `rec` model set, nor an attribute of
 * a `rec` item, hides it.
 */
function aliasKey(fn: Expr, scope: Scope, aliases: ReadonlyMap<string, Alias>): string | undefined {
  const alias = fn.kind === "Identifier" ? aliases.get(fn.name) : undefined;
  if (fn.kind !== "Identifier" || alias === undefined || scope.inlined(fn.name)) return undefined;
  return scope.lookup(fn.name) === alias.constant ? alias.key : undefined;
}
