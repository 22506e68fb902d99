/**
 * Nix expressions as TypeScript expressions over the DSL: literals become
 * TypeScript literals, strings template literals with symbolic values, sets
 * objects, and calls, selections, `if`, `let` and lambdas the `nix.*`
 * builders. What has no builder is kept as `nix.raw(...)` with its Nix
 * text, so nothing is dropped; every name keeps its Nix spelling in the
 * regenerated file, so raw text stays valid there. Comments on bindings
 * and values are carried over.
 */
import type {
  AttrBindingNode,
  AttrName,
  AttrSetNode,
  Binding,
  Comment,
  Expr,
  Node,
  NodeBase,
} from "../syntax/ast.js";
import { printNix } from "../printer/print.js";
import { freeNames, referencedNames } from "../lower/free-names.js";
import { GIVEN_WITHOUT_USER_CHANGE } from "../lower/parameters.js";
import { commented, commentLines, escapeChar, tsComment } from "./comments.js";
import type { Constant } from "./module.js";
import type { Problems } from "./problems.js";
import { Identifiers, propertyAccess, propertyKey, Scope } from "./scope.js";
import { rebaseRelativePaths } from "../syntax/paths.js";
import { stringPieces, staticText } from "../syntax/string-values.js";
import { unparenthesized } from "../syntax/static-names.js";
import { JAVASCRIPT_MEMBERS } from "@typenix/dsl/core";

export { tsComment } from "./comments.js";

/** Where an import had to keep raw Nix. */
export interface RawNote {
  readonly line: number;
  readonly what: string;
}

/** What translating one file shares: the DSL names it uses, raw notes, identifiers, paths. */
export interface ImportContext {
  /** DSL exports the module must import. */
  readonly dsl: Set<string>;
  readonly raw: RawNote[];
  readonly ids: Identifiers;
  /** A relative Nix path of the source file, relative to the TypeScript file instead. */
  readonly rebase: (path: string) => string;
  /** Where what has no TypeScript form is reported. */
  readonly problems?: Problems;
  /**
   * The constructor files a constructor file is built on (`import ./x.nix
   * { ... } { ... }`), by the path written there: the name the module
   * imports the constructor of that file under (see `builtOnModules`).
   */
  readonly builtOn?: {
    readonly modules: ReadonlyMap<string, string>;
    /** The outer parameters of the constructor file: those it may pass on. */
    readonly outerNames: ReadonlySet<string>;
  };
  /**
   * The outer parameters of a constructor file whose values are
   * constructors (see `isOuterConstructor`), which its `defineConstructor`
   * declares as `outer`.
   */
  readonly outer?: readonly string[];
  /**
   * The module's constants for the literal attributes of `rec` sets that
   * other attributes read (see `recursiveScope`), written before the
   * others, and the module's identifiers, which they are taken from.
   */
  readonly shared: { readonly constants: Constant[]; readonly ids: Identifiers };
  /**
   * A call of a typed constructor of the model's constructors model as the
   * typed call (`constructors.webapp({ ... })`), wherever it stands;
   * undefined for any other call, or where the model has none.
   */
  readonly typedCall?: (expr: Expr, scope: Scope) => string | undefined;
  /**
   * A constructors model's entry given uncalled as a `pkg` in a `let`
   * binding (`{ pkg = constructors.nix-daemon; }`) as the typed entry
   * (`constructors["nix-daemon"]`); undefined for any other selection.
   */
  readonly typedEntry?: (expr: Expr, scope: Scope) => string | undefined;
}

/**
 * A new context; `rebase` maps source-relative paths to output-relative
 * ones, `reserved` are the DSL names the module may import (no constant or
 * parameter may shadow them).
 */
export function importContext(
  rebase: (path: string) => string,
  reserved: Iterable<string> = [],
  problems?: Problems,
): ImportContext {
  const ids = new Identifiers(reserved);
  return { dsl: new Set(), raw: [], ids, rebase, problems, shared: { constants: [], ids } };
}

const OPERATORS = new Set([
  "==",
  "!=",
  "&&",
  "||",
  "+",
  "-",
  "*",
  "/",
  "++",
  "//",
  "<",
  "<=",
  ">",
  ">=",
]);

/** The TypeScript expression for `expr` in `scope`, with the comments on it. */
export function translate(expr: Expr, scope: Scope, ctx: ImportContext): string {
  return commented(expr, uncommented(expr, scope, ctx));
}

function uncommented(expr: Expr, scope: Scope, ctx: ImportContext): string {
  switch (expr.kind) {
    case "Paren":
      return translate(expr.expr, scope, ctx);
    case "Int":
      return expr.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? expr.value.toString()
        : raw(expr, scope, ctx);
    case "Float": {
      const value = Number(expr.raw);
      return Number.isInteger(value) || !Number.isFinite(value)
        ? raw(expr, scope, ctx)
        : String(value);
    }
    case "Identifier":
      return identifier(expr.name, scope, ctx, expr);
    case "String":
      return stringExpr(expr, scope, ctx);
    case "Uri":
      return JSON.stringify(expr.value);
    case "Path":
      return pathExpr(expr, ctx) ?? raw(expr, scope, ctx);
    case "SearchPath":
      return `${dsl(ctx, "nix")}.searchPath(${JSON.stringify(expr.path)})`;
    case "List": {
      const items = expr.items.map((i) => `${translate(i, scope, ctx)},`).join(" ");
      return `[${items}${commentLines(expr.closingComments ?? [])}]`;
    }
    case "AttrSet":
      return (!readsItself(expr) && objectLiteral(expr, scope, ctx)) || raw(expr, scope, ctx);
    case "Select":
      return selectExpr(expr, scope, ctx) ?? raw(expr, scope, ctx);
    case "Apply":
      return application(expr, scope, ctx);
    case "Lambda":
      return lambdaExpr(expr, scope, ctx) ?? raw(expr, scope, ctx);
    case "Let":
      return letExpr(expr, scope, ctx) ?? raw(expr, scope, ctx);
    case "If":
      return `${dsl(ctx, "nix")}.if(${[expr.cond, expr.then, expr.else].map((e) => translate(e, scope, ctx)).join(", ")})`;
    case "Binary":
      return OPERATORS.has(expr.op)
        ? `${dsl(ctx, "nix")}.op(${translate(expr.left, scope, ctx)}, ${JSON.stringify(expr.op)}, ${translate(expr.right, scope, ctx)})`
        : raw(expr, scope, ctx);
    case "Unary":
      if (expr.op === "!") return `${dsl(ctx, "nix")}.not(${translate(expr.expr, scope, ctx)})`;
      return expr.expr.kind === "Int" || expr.expr.kind === "Float"
        ? (negated(translate(expr.expr, scope, ctx)) ?? raw(expr, scope, ctx))
        : raw(expr, scope, ctx);
    default:
      return raw(expr, scope, ctx);
  }
}

/** Records that the module uses the DSL export `name`, and returns it. */
export function dsl(ctx: ImportContext, name: string): string {
  ctx.dsl.add(name);
  return name;
}

/** How `raw` writes an expression and notes it. */
export interface RawOptions {
  /**
   * Names the generated file binds around the code itself, which the code
   * reads as they are, not as constants (a `let` binding reading itself).
   */
  readonly bound?: ReadonlySet<string>;
  /** What the summary shows of the code, instead of its first line. */
  readonly what?: string;
}

/**
 * `nix.raw("...")` with the expression's Nix text, and the constants it
 * names (so their `let` bindings are generated); noted in the summary.
 * Names the raw code binds itself are none of those; a name read that
 * stands for a value binding no name (an outer parameter taken from
 * `pkgs`) is listed as the constant binding it (see `Scope.lookupRaw`); an
 * attribute of a `rec` set around, written out by value in TypeScript,
 * or any other value the regenerated file binds no name to, has no name
 * for the raw code to read: that is reported. Its
 * relative paths are written from the spec file, as synth reads them.
 */
export function raw(
  expr: Expr,
  scope: Scope,
  ctx: ImportContext,
  options: RawOptions = {},
): string {
  const moved = rebaseRelativePaths(expr, ctx.rebase);
  const code = printNix({ ...moved, comments: [], trailingComment: undefined }).trimEnd();
  const what = options.what ?? code.split("\n")[0] ?? code;
  ctx.raw.push({ line: expr.span?.start.line ?? 1, what });
  const uses = [...freeNames(expr, options.bound, true)].flatMap((name) => {
    if (scope.inlined(name)) {
      ctx.problems?.report(
        expr,
        `this Nix, kept as written, reads '${name}', an attribute of the recursive set around it, which the TypeScript writes out by value`,
        `bind '${name}' with let outside the set, or write this expression without it`,
      );
      return [];
    }
    const code = scope.lookupRaw(name, expr);
    if (code === undefined) return [];
    if (/^[A-Za-z_$][\w$]*$/.test(code)) return [code];
    // `nix.ref("x")`: a name the generated file binds itself (a parameter, an argument set).
    if (!code.startsWith(`${dsl(ctx, "nix")}.ref(`))
      ctx.problems?.report(
        expr,
        `this Nix, kept as written, reads '${name}', which the TypeScript writes as ${code}: no name of the generated file would hold it`,
        `write this expression without '${name}', or bind it with let: ${name} = ...;`,
      );
    return [];
  });
  const usesArg = uses.length > 0 ? `, [${[...new Set(uses)].join(", ")}]` : "";
  return `${dsl(ctx, "nix")}.raw(${JSON.stringify(code)}${usesArg})`;
}

function identifier(name: string, scope: Scope, ctx: ImportContext, at?: Node): string {
  const bound = scope.lookup(name, at);
  if (bound !== undefined) return bound;
  if (name === "true" || name === "false" || name === "null") return name;
  return `${dsl(ctx, "nix")}.ref(${JSON.stringify(name)})`;
}

function negated(code: string): string | undefined {
  return /^[\d.]/.test(code) ? `-${code}` : undefined;
}

function stringExpr(
  expr: Extract<Expr, { kind: "String" }>,
  scope: Scope,
  ctx: ImportContext,
): string {
  const text = staticText(expr);
  if (text !== undefined) return stringLiteral(text);
  const body = stringPieces(expr)
    .map((p) => (typeof p === "string" ? templateText(p) : `\${${translate(p, scope, ctx)}}`))
    .join("");
  return `\`${body}\``;
}

/**
 * Text inside a template literal: backslash, backtick and `${` escaped, and
 * characters a template does not keep as written (a carriage return reads
 * as a line feed) or that do not show: other control characters, the line
 * and paragraph separators. Line feeds and tabs stay as they are.
 */
export function templateText(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /\\|`|\$\{|[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g,
    (c) => (c === "${" ? "\\${" : c === "\\" || c === "`" ? `\\${c}` : escapeChar(c)),
  );
}

/** A string literal; the line and paragraph separators escaped too, as JSON leaves them. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, escapeChar);
}

function pathExpr(expr: Extract<Expr, { kind: "Path" }>, ctx: ImportContext): string | undefined {
  if (!expr.parts.every((p) => p.kind === "Text")) return undefined;
  const written = expr.parts.map((p) => (p.kind === "Text" ? p.raw : "")).join("");
  if (written.startsWith("~")) return undefined;
  const path = written.startsWith("/") ? written : ctx.rebase(written);
  return `${dsl(ctx, "nix")}.path(${JSON.stringify(path)})`;
}

/**
 * The static text of an attribute name, or undefined for `${...}` names
 * Nix computes. `${"a"}` is `a` to Nix (a `rec` set binds it as such).
 */
export function attrKey(name: AttrName | undefined): string | undefined {
  if (name?.kind === "Identifier") return name.name;
  if (name?.kind === "String") return staticText(name);
  if (name?.kind === "Interpolation" && name.expr.kind === "String") return staticText(name.expr);
  return undefined;
}

function selectExpr(
  expr: Extract<Expr, { kind: "Select" }>,
  scope: Scope,
  ctx: ImportContext,
): string | undefined {
  const entry = ctx.typedEntry?.(expr, scope);
  if (entry !== undefined) return entry;
  const keys = expr.path.map(attrKey);
  if (keys.some((k) => k === undefined)) return undefined;
  const selected =
    expr.expr.kind === "Identifier" ? scope.lookupSelected(expr.expr.name) : undefined;
  const base = selected ?? translate(expr.expr, scope, ctx);
  const path = keys.map((k) => k ?? "");
  // An attribute a name of a `rec` set around stands for is never undefined.
  const inlined = expr.expr.kind === "Identifier" && scope.inlined(expr.expr.name);
  if (expr.default === undefined)
    return nullableBase(expr.expr, scope)
      ? byName(base, path, ctx)
      : selection(base + (inlined ? "!" : ""), path, ctx);
  return `${dsl(ctx, "nix")}.selectOr(${base}, ${JSON.stringify(keys)}, ${translate(expr.default, scope, ctx)})`;
}

/** Whether `expr` is a name whose TypeScript value may be null (see `Selectable.nullable`). */
function nullableBase(expr: Expr, scope: Scope): boolean {
  return expr.kind === "Identifier" && scope.nullable(expr.name);
}

/** `nix.select(base, "a", "b")`. */
function byName(base: string, path: readonly string[], ctx: ImportContext): string {
  return `${dsl(ctx, "nix")}.select(${[base, ...path.map((k) => JSON.stringify(k))].join(", ")})`;
}

/**
 * `base.a.b` in TypeScript, or `nix.select(base, "a", "b")` when a name is
 * one that property access on a symbolic value does not select (`then`,
 * `toJSON`, `constructor`, ...: see `JAVASCRIPT_MEMBERS`).
 */
export function selection(base: string, path: readonly string[], ctx: ImportContext): string {
  if (path.some((k) => JAVASCRIPT_MEMBERS.has(k))) return byName(base, path, ctx);
  // Under `noUncheckedIndexedAccess` an attribute may be undefined to the
  // type checker; symbolic attributes never are, so links of a chain say so.
  return base + path.map((k) => propertyAccess(k)).join("!");
}

function application(
  expr: Extract<Expr, { kind: "Apply" }>,
  scope: Scope,
  ctx: ImportContext,
): string {
  const typed = ctx.typedCall?.(expr, scope);
  if (typed !== undefined) return typed;
  const args: Expr[] = [];
  let fn: Expr = expr;
  while (fn.kind === "Apply") {
    args.unshift(fn.arg);
    fn = fn.fn;
  }
  while (fn.kind === "Paren") fn = fn.expr;
  const code = (e: Expr): string => translate(e, scope, ctx);
  const builtin = fn.kind === "Identifier" && !scope.has(fn.name) ? fn.name : undefined;
  const [first, second, ...rest] = args;
  if (builtin === "import" && first?.kind === "Path" && rest.length === 0) {
    const path = pathExpr(first, ctx);
    if (path !== undefined) {
      const target = path.slice(`${dsl(ctx, "nix")}.path(`.length, -1);
      return `${dsl(ctx, "nix")}.import(${target}${second ? `, ${code(second)}` : ""})`;
    }
  }
  if (isOptionalString(fn, scope) && args.length === 2 && first && second && isNullGuard(first))
    return `${dsl(ctx, "nix")}.if(${code(first)}, ${code(second)}, "")`;
  if (builtin === "toString" && args.length === 1 && first)
    return `${dsl(ctx, "nix")}.toString(${code(first)})`;
  if (builtin === "map" && args.length === 2 && first && second)
    return `${dsl(ctx, "nix")}.map(${code(first)}, ${code(second)})`;
  const callee = builtin !== undefined ? JSON.stringify(builtin) : code(fn);
  return `${dsl(ctx, "nix")}.call(${[callee, ...args.map(code)].join(", ")})`;
}

/**
 * `lib.optionalString` of Nixpkgs, `c: s: if c then s else ""`: read
 * through an outer parameter `lib` taken from `pkgs`, or as `pkgs.lib` of
 * the DSL's `pkgs`.
 */
function isOptionalString(fn: Expr, scope: Scope): boolean {
  if (fn.kind !== "Select" || fn.expr.kind !== "Identifier") return false;
  const path = fn.path.map(attrKey).join(".");
  if (path === "optionalString") return scope.packageOf(fn.expr.name) === "lib";
  return (
    path === "lib.optionalString" && fn.expr.name === "pkgs" && scope.lookupRaw("pkgs") === "pkgs"
  );
}

/**
 * A condition comparing a value with null (`x != null`, also negated or
 * under `&&`/`||`), or a standard parameter that says the calling user is
 * given (`forceDisableUserChange`, see `GIVEN_WITHOUT_USER_CHANGE`): a
 * string under it may read a parameter that may be null, which the check
 * allows in a branch of `nix.if` only.
 */
function isNullGuard(cond: Expr, holds = true): boolean {
  const e = unparenthesized(cond);
  if (e.kind === "Identifier") return holds && GIVEN_WITHOUT_USER_CHANGE.has(e.name);
  if (e.kind === "Unary" && e.op === "!") return isNullGuard(e.expr, !holds);
  if (e.kind !== "Binary") return false;
  if (e.op === "&&" || e.op === "||")
    return isNullGuard(e.left, holds) || isNullGuard(e.right, holds);
  const isNull = (side: Expr): boolean => {
    const v = unparenthesized(side);
    return v.kind === "Identifier" && v.name === "null";
  };
  return (e.op === "==" || e.op === "!=") && (isNull(e.left) || isNull(e.right));
}

function lambdaExpr(
  expr: Extract<Expr, { kind: "Lambda" }>,
  scope: Scope,
  ctx: ImportContext,
): string | undefined {
  if (expr.param.kind !== "Identifier") return undefined;
  const nixName = expr.param.name;
  const param = ctx.ids.child().fresh(nixName);
  const body = translate(expr.body, scope.with([[nixName, param]]), ctx);
  return `${dsl(ctx, "nix")}.lambda(${JSON.stringify(nixName)}, (${param}) => ${arrowBody(body)})`;
}

/** `let` without recursion between its bindings becomes `nix.let`. */
function letExpr(
  expr: Extract<Expr, { kind: "Let" }>,
  scope: Scope,
  ctx: ImportContext,
): string | undefined {
  const names = new Map<string, string>();
  for (const b of expr.bindings) {
    const key = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    if (key === undefined || names.has(key)) return undefined;
    names.set(key, ctx.ids.fresh(key));
  }
  const values = expr.bindings.map((b) => (b.kind === "AttrBinding" ? b.value : expr.body));
  const used = new Set<string>();
  values.forEach((v) => referencedNames(v, used));
  if ([...names.keys()].some((n) => used.has(n))) return undefined;
  const entries = expr.bindings.map((b, i) => {
    const key = [...names.keys()][i] ?? "";
    return `${propertyKey(key)}: ${translate(values[i] ?? expr.body, scope, ctx)}`;
  });
  const pattern = [...names].map(([k, ts]) => (k === ts ? ts : `${propertyKey(k)}: ${ts}`));
  const body = translate(expr.body, scope.with(names), ctx);
  return `${dsl(ctx, "nix")}.let({ ${entries.join(", ")} }, ({ ${pattern.join(", ")} }) => ${arrowBody(body)})`;
}

/**
 * An arrow function's body: in parentheses when it may start with `{`
 * (after comments), as an object literal would read as a block.
 */
export function arrowBody(code: string): string {
  return /^\s*(\/\/|\/\*|\{)/.test(code) ? `(${code})` : code;
}

/** One property of an object literal being written. */
export interface Property {
  readonly key: string;
  /** A computed key (TypeScript code), for `${...}` attribute names. */
  readonly computed?: string;
  readonly value: string;
  readonly comments: readonly Comment[];
  readonly trailing?: Comment;
}

/** A non-recursive set as an object literal, or undefined when it cannot be one. */
export function objectLiteral(
  set: AttrSetNode,
  scope: Scope,
  ctx: ImportContext,
): string | undefined {
  const props = properties(set.bindings, scope, ctx);
  return props && printObject(props, set.closingComments ?? []);
}

/**
 * The properties of a set's bindings: `a.b = 1; a.c = 2;` merge into
 * `a: { b: 1, c: 2 }`, `inherit (src) x;` becomes `x: src.x`. Undefined
 * when a binding has no object form (a dynamic name inside a path).
 */
export function properties(
  bindings: readonly Binding[],
  scope: Scope,
  ctx: ImportContext,
  valueOf: (key: string, value: Expr) => string | undefined = () => undefined,
): Property[] | undefined {
  const props: Property[] = [];
  const nested = new Map<string, Binding[]>();
  for (const b of bindings) {
    if (b.kind === "Inherit") {
      for (const name of b.names) {
        const key = attrKey(name);
        if (key === undefined) return undefined;
        const from = b.from && translate(b.from, scope, ctx);
        const value =
          b.from && from !== undefined
            ? nullableBase(b.from, scope)
              ? byName(from, [key], ctx)
              : selection(from, [key], ctx)
            : identifier(key, scope, ctx, name);
        props.push({ key, value, ...commentsOf(b) });
      }
      continue;
    }
    if (b.kind === "PrintedBinding") return undefined; // generated files only
    const [head, ...rest] = b.path;
    const key = attrKey(head);
    if (rest.length > 0) {
      if (key === undefined) return undefined;
      let group = nested.get(key);
      if (!group) {
        nested.set(key, (group = []));
        props.push({ key, value: "", comments: [] });
      }
      group.push({ ...b, path: rest });
      continue;
    }
    if (key === undefined && head?.kind !== "Interpolation" && head?.kind !== "String")
      return undefined;
    const computed = key === undefined && head ? computedKey(head, scope, ctx) : undefined;
    const value = valueOf(key ?? "", b.value) ?? translate(b.value, scope, ctx);
    props.push({ key: key ?? "", computed, value, ...commentsOf(b) });
  }
  const merged: Property[] = [];
  for (const p of props) {
    const group = nested.get(p.key);
    if (p.value !== "" || !group) {
      if (group && p.computed === undefined) return undefined; // `a = x; a.b = y;`
      merged.push(p);
      continue;
    }
    const grouped: Expr = { kind: "AttrSet", recursive: false, bindings: group };
    const special = valueOf(p.key, grouped);
    const inner = special === undefined ? properties(group, scope, ctx) : [];
    if (!inner) return undefined;
    merged.push({ ...p, value: special ?? printObject(inner, []) });
  }
  return merged;
}

/**
 * A computed key for a `${...}` or interpolated name: always a template
 * literal, as TypeScript takes only a string for a key, and a symbolic
 * value is no string to it until interpolated.
 */
function computedKey(name: AttrName, scope: Scope, ctx: ImportContext): string {
  if (name.kind !== "Interpolation") return translate(name, scope, ctx);
  return `\`\${${translate(name.expr, scope, ctx)}}\``;
}

function nameExpr(name: AttrName): Expr {
  return name.kind === "Interpolation" ? name.expr : name;
}

/** `{ a: 1, "b-c": 2 }` with comments carried over. */
export function printObject(props: readonly Property[], closing: readonly Comment[]): string {
  if (props.length === 0 && closing.length === 0) return "{}";
  const commented = closing.length > 0 || props.some((p) => p.comments.length > 0 || p.trailing);
  if (!commented) return `{ ${props.map((p) => entryOf(p)).join(", ")} }`;
  const lines = props.map((p) => {
    const entry = entryOf(p);
    const trailing = p.trailing ? ` ${tsComment(p.trailing)}\n` : "";
    return `${p.comments.map((c) => `${tsComment(c)}\n`).join("")}${entry},${trailing}`;
  });
  const end = closing.map((c) => `\n${tsComment(c)}`).join("");
  return `{\n${lines.join("\n")}${end}\n}`;
}

function entryOf(p: Property): string {
  const key = p.computed !== undefined ? `[${p.computed}]` : propertyKey(p.key);
  return key === p.value && p.computed === undefined ? key : `${key}: ${p.value}`;
}

/**
 * The comments a binding carries: before it, between its name and `=`,
 * after its value before `;` (all to go before the property), and after it.
 */
export function commentsOf(
  node: NodeBase & Partial<Pick<AttrBindingNode, "equalsComments" | "closingComments">>,
): {
  comments: readonly Comment[];
  trailing?: Comment;
} {
  const comments = [
    ...(node.comments ?? []),
    ...(node.equalsComments ?? []),
    ...(node.closingComments ?? []),
  ];
  return { comments, trailing: node.trailingComment };
}

/**
 * Whether the bindings of a `rec` set may read its own attributes; one that
 * cannot is a plain set. Any use of an own name counts, even where a `let`
 * or function inside binds it again; a computed attribute name always
 * does, since Nix binds that attribute for the other bindings too.
 */
export function readsItself(set: AttrSetNode): boolean {
  if (!set.recursive) return false;
  const own = new Set<string>();
  const used = new Set<string>();
  for (const b of set.bindings) {
    if (b.kind === "PrintedBinding") continue; // generated files only
    if (b.kind === "Inherit") {
      // `inherit x;` reads x outside the set; `inherit (e) x;` reads e inside it.
      if (b.from) referencedNames(b.from, used);
      for (const name of b.names) own.add(attrKey(name) ?? "");
      continue;
    }
    const head = attrKey(b.path[0]);
    if (head === undefined) return true;
    own.add(head);
    referencedNames(b.value, used);
    for (const name of b.path)
      if (name.kind !== "Identifier") referencedNames(nameExpr(name), used);
  }
  return [...own].some((name) => used.has(name));
}

/**
 * The scope inside a `rec` set: each name it binds (`a = ...;`, the first
 * attribute of `a.b = ...;`, `inherit a;`, `inherit (e) a;`) stands for
 * its value (Nix is pure, so substituting keeps the meaning), as the
 * TypeScript object binds no names of its own. A value that reads its own
 * name has no such form: that is reported where it reads it.
 */
export function recursiveScope(
  set: AttrSetNode,
  scope: Scope,
  ctx: ImportContext,
  owner?: string,
): Scope {
  const active = new Set<string>();
  const values = ownValues(set.bindings);
  const shared = sharedLiterals(set, values, scope, ctx, owner);
  const inner: Scope = scope.with(
    [...values].map(([key, { value, outside }]) => [
      key,
      {
        shared: shared.get(key),
        inline: (at?: Node) => {
          const constant = shared.get(key);
          if (constant !== undefined) return constant;
          if (active.has(key)) return selfReference(key, at, ctx);
          active.add(key);
          // Its comments stay where the value is written, not at each use.
          const bare = { ...value, comments: [], trailingComment: undefined };
          const code = translate(bare, outside ? scope : inner, ctx);
          active.delete(key);
          return value.kind === "AttrSet" ? `(${code})` : code;
        },
      },
    ]),
  );
  return inner;
}

/**
 * The constants for a `rec` set's attributes whose value is a literal
 * that another attribute reads (`port = 5000; pkg = f { inherit port; };`),
 * by name: both read one constant, as the Nix reads one attribute. A
 * literal depends on nothing, so the constant goes before the module's
 * others; its name is fresh where the set is, so no parameter or local
 * hides it there.
 */
function sharedLiterals(
  set: AttrSetNode,
  values: ReadonlyMap<string, OwnValue>,
  scope: Scope,
  ctx: ImportContext,
  owner: string | undefined,
): Map<string, string> {
  const constants = new Map<string, string>();
  for (const [key, { value, outside }] of values) {
    if (outside || !isLiteral(value) || !readByOthers(set, key)) continue;
    const name = ctx.ids.fresh(owner === undefined ? key : `${owner}-${key}`);
    ctx.shared.ids.reserve(name);
    ctx.shared.constants.push({ name, value: translate(value, scope, ctx), comments: [] });
    constants.set(key, name);
  }
  return constants;
}

/** A string without interpolation, a number TypeScript holds exactly, or a boolean. */
function isLiteral(value: Expr): boolean {
  switch (value.kind) {
    case "String":
      return value.parts.every((p) => p.kind === "Text");
    case "Int":
      return value.value <= BigInt(Number.MAX_SAFE_INTEGER);
    case "Identifier":
      return value.name === "true" || value.name === "false";
    default:
      return false;
  }
}

/** Whether a binding of `set` other than `key`'s own reads `key`. */
function readByOthers(set: AttrSetNode, key: string): boolean {
  return set.bindings.some((b) => {
    if (b.kind === "AttrBinding")
      return attrKey(b.path[0]) !== key && referencedNames(b.value).has(key);
    return b.kind === "Inherit" && b.from !== undefined && referencedNames(b.from).has(key);
  });
}

function selfReference(key: string, at: Node | undefined, ctx: ImportContext): string {
  ctx.problems?.report(
    at,
    `'${key}' is read inside its own value in a recursive set, which TypeScript cannot write out`,
    `bind '${key}' with let outside the set, or write its value without reading it`,
  );
  return `${dsl(ctx, "nix")}.ref(${JSON.stringify(key)})`;
}

const NO_COMMENTS = {
  comments: [],
  trailingComment: undefined,
  equalsComments: undefined,
  closingComments: undefined,
} as const;

/** A name's value in a `rec` set; `outside` for `inherit a;`, which reads `a` around the set. */
interface OwnValue {
  readonly value: Expr;
  readonly outside: boolean;
}

/**
 * What each name a `rec` set binds stands for: `a.b = x; a.c = y;` give
 * `a` the set `{ b = x; c = y; }`, merged into `a = { ... };` as Nix does;
 * `inherit (e) a;` gives it `e.a`. Names Nix computes (`${s} = ...;`) bind
 * no variable.
 */
function ownValues(bindings: readonly Binding[]): Map<string, OwnValue> {
  const values = new Map<string, OwnValue>();
  const groups = new Map<string, Binding[]>();
  for (const b of bindings) {
    if (b.kind === "PrintedBinding") continue; // generated files only
    if (b.kind === "Inherit") {
      for (const n of b.names) {
        const key = attrKey(n);
        if (key === undefined) continue;
        const value: Expr = b.from
          ? { kind: "Select", expr: b.from, path: [n] }
          : { kind: "Identifier", name: key };
        values.set(key, { value, outside: !b.from });
      }
      continue;
    }
    const [head, ...rest] = b.path;
    const key = attrKey(head);
    if (key === undefined) continue;
    if (rest.length === 0) {
      values.set(key, { value: b.value, outside: false });
      continue;
    }
    const group = groups.get(key) ?? [];
    groups.set(key, [...group, { ...b, path: rest, ...NO_COMMENTS }]);
  }
  for (const [key, group] of groups) {
    const whole = values.get(key)?.value;
    const before = whole?.kind === "AttrSet" && !whole.recursive ? whole.bindings : [];
    const value: Expr = { kind: "AttrSet", recursive: false, bindings: [...before, ...group] };
    values.set(key, { value, outside: false });
  }
  return values;
}
