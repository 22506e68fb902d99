/**
 * Model values to Nix expressions: concrete data through exact literals,
 * symbolic values through their terms, strings with embedded symbolic
 * values as interpolation, model items as references by name.
 */
import { homedir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import {
  attributesReport,
  escapedSentinelTerms,
  hasSentinels,
  isConstructor,
  isApplied,
  isConstructorCall,
  isManagedProcess,
  isModelRef,
  isNixValue,
  jsonReport,
  splitSentinels,
  spreadSymbolicTerm,
  symbolic,
  termOf,
  termType,
  type CallSite,
  type Constructor,
  type ConstructorCall,
  type NixData,
  type NixTerm,
} from "@typenix/dsl/core";
import { HEADER_BINDING, isProcessManager, PROCESS_MANAGERS } from "@typenix/dsl/core";
import type {
  AttrName,
  Binding,
  Expr,
  IdentifierNode,
  StringNode,
  StringPart,
} from "../syntax/ast.js";
import {
  apply,
  attrSet,
  binding,
  ident,
  inherit,
  lambda,
  letIn,
  list,
  select,
} from "../syntax/build.js";
import { escapeDoubleQuoted, escapeIndentedLine, suitsIndentedString } from "../syntax/strings.js";
import { LiteralError, nixAttrName, nixLiteral, nixString } from "../literals/literal.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  errorAt,
  valueErrorAt,
  warningAt,
  VARIABLE_NAME_HINT,
  type ConstructorsInScope,
  type FreeRef,
  type Located,
  type LowerContext,
} from "./context.js";
import { isIdentifier } from "../syntax/identifiers.js";
import {
  fixedPaths,
  isHomePath,
  pathExpr,
  rebaseRelativePaths,
  searchPathExpr,
} from "../syntax/paths.js";
import { freeNames, markParameterRead, referencedNames } from "./free-names.js";
import { GIVEN_WITHOUT_USER_CHANGE } from "./parameters.js";
import { isNixGlobal, reservedNames } from "./file.js";
import { checkProcessArguments } from "./process-arguments.js";
import { isStorePathName, MAX_STORE_PATH_NAME } from "../specs/spec-directories.js";

/** Lowers any model value. `at` (a model item or builder call) locates diagnostics. */
export function lowerData(value: NixData | ConstructorCall, ctx: LowerContext, at?: Located): Expr {
  if (value === undefined) return lowerUndefined(ctx, at);
  if (typeof value === "string") return lowerString(value, ctx, at);
  if (typeof value !== "object" || value === null) {
    // Only a function may be a constructor: a number or a boolean is not asked.
    if (typeof value === "function" && isConstructor(value))
      return uncalledConstructor(value, ctx, at);
    return literal(value, ctx, at);
  }
  // Symbolic values first: only one (a copy holding a symbolic value's
  // term) can be a spread, so no other object is asked whether it is.
  if (isNixValue(value)) {
    const spread = spreadSymbolicTerm(value);
    return spread === undefined ? lowerTerm(termOf(value), ctx, at) : lowerSpread(spread, ctx, at);
  }
  // Model items next: a record's most common object but symbolic values (a
  // dependency, a target), and none is a constructor call or a managed
  // process (their kinds are their own), which need not be asked then.
  if (isModelRef(value)) return lowerModelRef(value, ctx, at);
  if (isConstructorCall(value)) return lowerConstructorCall(value, ctx);
  if (isManagedProcess(value)) {
    checkProcessArguments(value.args, ctx, value);
    return apply(
      variable("createManagedProcess", ctx),
      lowerAttrs(value.args as Record<string, NixData>, ctx, value),
    );
  }
  if (Array.isArray(value)) return lowerList(value as readonly NixData[], ctx, at);
  const unlike = noNixForm(value);
  if (unlike !== undefined) {
    ctx.diagnostics.push(
      valueErrorAt(ctx, at?.site, "TN3001", `${unlike.what} has no Nix value`, unlike.hint),
    );
    return ident("null");
  }
  return lowerAttrs(value as Readonly<Record<string, NixData>>, ctx, at);
}

/**
 * `lowerData` of the value at `key` below the current one in
 * `ctx.valuePath`, as `lowerAt` runs it, without the closure and path
 * array a call of it makes: this runs for the items of every model.
 */
export function lowerDataAt(
  key: string,
  value: NixData | ConstructorCall,
  ctx: LowerContext,
  at?: Located,
): Expr {
  const path = ctx.valuePath;
  const depth = path.length;
  path.push(key);
  try {
    return lowerData(value, ctx, at);
  } finally {
    path.length = depth;
  }
}

/**
 * A constructor given where its call belongs (`pkg: constructors.docker`,
 * as upstream writes a Nix function no process manager calls): the
 * function itself has no Nix value; what its call makes has.
 */
function uncalledConstructor(ctor: Constructor, ctx: LowerContext, at?: Located): Expr {
  const name = ctor.spec.name;
  ctx.diagnostics.push(
    valueErrorAt(
      ctx,
      at?.site,
      "TN3001",
      `the constructor '${name}' is given uncalled: in TypeScript a constructor is a function, which has no Nix value`,
      `call it, ${name}({ ... }), or ${name}({}) where it takes no parameter: its value in Nix is what the call makes`,
    ),
  );
  return ident("null");
}

/**
 * An object that is no plain one (a `Map`, a `Date`, a class's instance):
 * what it is and how to write its data instead. Its own properties, which
 * are all an attribute set would take of it, are none of its data (a
 * Map's entries, a Date's time). Undefined for a plain object.
 */
function noNixForm(value: object): { readonly what: string; readonly hint: string } | undefined {
  if (isPlainObject(value)) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  // The built-in types by their tag, which a subclass keeps (a class's instance has none).
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  const hint = BUILT_IN_HINTS[tag];
  if (hint !== undefined) return { what: `a ${tag}`, hint };
  const name = (prototype as { readonly constructor?: { readonly name?: unknown } }).constructor
    ?.name;
  return {
    what:
      typeof name === "string" && name !== ""
        ? `an object of class ${name}`
        : "an object with a prototype",
    hint: "write its data as a plain object, { ... }, which Nix reads as an attribute set",
  };
}

/** Whether `value` is a plain object (`{ ... }`, or one of no prototype), as a set is written. */
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** How to write the data of JavaScript's built-in objects that have none Nix could read. */
const BUILT_IN_HINTS: Readonly<Record<string, string>> = {
  Map: "write its entries as an object, Object.fromEntries(map), which Nix reads as an attribute set",
  Set: "write its items as a list, [...set]",
  Date: "write it as text, date.toISOString(), or as a number, date.getTime()",
  RegExp: "write its pattern as a string, re.source",
  WeakMap: "write its data as a plain object, { ... }",
  WeakSet: "write its data as a list",
  Promise: "await it in the spec file, and give the value it resolves to",
  Error: "write its message as a string, error.message",
  Number: "write the number itself, not new Number(...)",
  String: "write the string itself, not new String(...)",
  Boolean: "write true or false, not new Boolean(...)",
};

/**
 * A JavaScript copy of a symbolic value with properties beside it (`{ A:
 * "1", ...env }` run where the spread was not caught as it ran): reported,
 * as it would read as `env` alone and lose them.
 */
function lowerSpread(term: NixTerm, ctx: LowerContext, at?: Located): Expr {
  const { code, message, hint } = attributesReport(term);
  const copied = `an object spread from a symbolic value (or Object.assign to one), with properties beside it: ${message}`;
  ctx.diagnostics.push(valueErrorAt(ctx, at?.site, code, copied, hint));
  return ident("null");
}

/**
 * `undefined` where a value must be (a list item, a function argument), as
 * reading a property an object does not have gives it: reported, not taken
 * for `null`. (An attribute whose value is undefined is left out.)
 */
function lowerUndefined(ctx: LowerContext, at?: Located): Expr {
  ctx.diagnostics.push(
    valueErrorAt(
      ctx,
      at?.site,
      "TN3001",
      "undefined has no Nix value",
      "give a value, or leave it out (is it a property the object does not have?)",
    ),
  );
  return ident("null");
}

/** `[ ... ]`, each item lowered at its index in `ctx.valuePath`. */
function lowerList(items: readonly NixData[], ctx: LowerContext, at?: Located): Expr {
  const path = ctx.valuePath;
  const lowered: Expr[] = [];
  // Indexed, not `map`: that skips a list's empty slots (`[, 1]`), which are no value.
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    lowered.push(i in items ? lowerData(items[i], ctx, at) : emptySlot(ctx, at));
    path.pop();
  }
  return list(lowered);
}

/** An empty slot of a list (`[, 1]`, `new Array(2)`): reported, not taken for `null`. */
function emptySlot(ctx: LowerContext, at?: Located): Expr {
  ctx.diagnostics.push(
    valueErrorAt(
      ctx,
      at?.site,
      "TN3001",
      "an empty slot of a list has no Nix value",
      "write the item, or leave the slot out ([, 1] has an empty slot before 1)",
    ),
  );
  return ident("null");
}

/** `{ key = value; ... }`, with `inherit key;` where the value is the variable of the same name. */
export function lowerAttrs(
  attrs: Readonly<Record<string, NixData | ConstructorCall>>,
  ctx: LowerContext,
  at?: Located,
): Expr {
  return attrSet(lowerBindings(attrs, ctx, at));
}

/**
 * The bindings of an attribute set (but for the keys in `skip`), after
 * those already in `bindings`; a key whose value is the variable of the
 * same name becomes `inherit` (first of the set's own bindings). A key
 * whose value is `undefined` is left out, and added to `undefinedKeys`
 * when that is given.
 */
export function lowerBindings(
  attrs: Readonly<Record<string, NixData | ConstructorCall>>,
  ctx: LowerContext,
  at?: Located,
  skip?: ReadonlySet<string>,
  bindings?: Binding[],
  undefinedKeys?: string[],
): Binding[] {
  // Arrays made here are made on their first item, as `[item]`: an array
  // `push` grows from empty holds room for 16, and a set of dependencies
  // is most often one `inherit` of one name, once for every service.
  let out = bindings;
  const first = bindings?.length ?? 0;
  // Made on the first: most sets inherit nothing. The variables themselves
  // are its names (a set of dependencies inherits each of them).
  let inherited: IdentifierNode[] | undefined;
  const path = ctx.valuePath;
  const keys = Object.keys(attrs);
  // Indexed: until the engine optimizes it, `for...of` allocates for each key.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (skip?.has(key)) continue;
    const value = attrs[key];
    if (value === undefined) {
      undefinedKeys?.push(key);
      continue;
    }
    // Pushed and popped here, not through `lowerAt`: this runs for every attribute of a model.
    path.push(key);
    // A model item (a service's dependency) is asked for first: it is then
    // lowered as one, not asked again by `lowerData` whether it is a
    // symbolic value (none is) nor by `isVariable` whether it is an item.
    const item = typeof value === "object" && isModelRef(value);
    const expr = item ? lowerModelRef(value, ctx, at) : lowerData(value, ctx, at);
    path.pop();
    if (expr.kind === "Identifier" && expr.name === key && (item || isVariable(value))) {
      if (inherited === undefined) inherited = [expr];
      else inherited.push(expr);
    } else {
      const item = binding(attrPath(key, ctx, at), expr);
      if (out === undefined) out = [item];
      else out.push(item);
    }
  }
  if (inherited === undefined) return out ?? [];
  const names = inherit(inherited);
  if (out === undefined) return [names];
  // Most often nothing follows: no need to splice.
  if (out.length === first) out.push(names);
  else out.splice(first, 0, names);
  return out;
}

/** Values that lower to a plain variable: `inherit`-able under the same name. */
function isVariable(value: NixData | ConstructorCall): boolean {
  if (isModelRef(value)) return true;
  const kind = isNixValue(value) ? termOf(value).kind : undefined;
  return kind === "ref" || kind === "ownServices";
}

function lowerAttrName(key: string, ctx: LowerContext, at?: Located): AttrName {
  return attrPath(key, ctx, at)[0];
}

/** The path of one attribute name `key`, made once per file and key. */
export function attrPath(key: string, ctx: LowerContext, at?: Located): readonly [AttrName] {
  const known = ctx.attrNames.get(key);
  if (known !== undefined) return known;
  if (hasSentinels(key)) return [lowerString(key, ctx, at) as StringNode];
  try {
    const path = [nixAttrName(key)] as const;
    ctx.attrNames.set(key, path);
    return path;
  } catch (error) {
    ctx.diagnostics.push(valueErrorAt(ctx, at?.site, "TN3001", (error as Error).message));
    return [nixAttrName("invalid")];
  }
}

function literal(
  value: string | number | bigint | boolean | null,
  ctx: LowerContext,
  at?: Located,
): Expr {
  // `true`, `false` and `null` are variables Nix has in scope: a binding of
  // that name around would capture them, so they are noted as reads.
  if (value === null || typeof value === "boolean") ctx.names.add(String(value));
  try {
    // A string, the most common literal, is made as one without `nixLiteral` asking its type.
    return typeof value === "string" ? nixString(value) : nixLiteral(value);
  } catch (error) {
    if (!(error instanceof LiteralError)) throw error;
    ctx.diagnostics.push(
      valueErrorAt(ctx, at?.site, "TN3001", error.message, "use a value Nix can represent"),
    );
    return ident("null");
  }
}

/** A string: an exact literal, or Nix interpolation where it embeds symbolic values. */
function lowerString(text: string, ctx: LowerContext, at?: Located): Expr {
  // Asked here, not in the report's function: a call more for every string,
  // and most hold no placeholder. Indexed, not destructured: destructuring
  // runs the iterator protocol.
  const escaped = escapedSentinelTerms(text)[0];
  if (escaped !== undefined) reportEscapedSentinel(escaped, ctx, at);
  if (!hasSentinels(text)) return literal(text, ctx, at);
  const pieces = splitSentinels(text);
  const textOnly = pieces.map((p) => (typeof p === "string" ? p : "${x}")).join("");
  if (pieces.length === 1 && typeof pieces[0] !== "string" && pieces[0]) {
    // `${x}` alone: Nix's `"${x}"` is x coerced to a string; keep that meaning.
    return { kind: "String", style: "double", parts: [interpolation(pieces[0], ctx, at)] };
  }
  if (suitsIndentedString(textOnly)) {
    const parts = pieces.map((p, i) => {
      if (typeof p !== "string") return interpolation(p, ctx, at);
      const lines = p.split("\n");
      const last = lines.length - 1;
      const before = i + 1 < pieces.length && typeof pieces[i + 1] !== "string";
      return text_(lines.map((l, j) => escapeIndentedLine(l, before && j === last)).join("\n"));
    });
    return { kind: "String", style: "indented", parts: [text_("\n"), ...parts] };
  }
  return { kind: "String", style: "double", parts: doubleQuotedParts(pieces, ctx, at) };
}

/**
 * Reports a string holding a symbolic value's placeholder (of `term`) escaped, as
 * `JSON.stringify` writes it (of the value, or of a string or object
 * holding it): the text no longer stands for the value, and Nix would get
 * the placeholder as text. Reported whatever code called `JSON.stringify`
 * (or escaped it otherwise, as encodeURIComponent does: escaping keeps the
 * hexadecimal nonce as it is).
 */
function reportEscapedSentinel(term: NixTerm, ctx: LowerContext, at?: Located): void {
  const { code, message, hint } = jsonReport(term);
  const escaped = `a string holds the placeholder of a value only Nix knows escaped, as JSON.stringify writes it (of the value, or of a string or object holding it; or another escaping, such as encodeURIComponent): ${message}`;
  ctx.diagnostics.push(valueErrorAt(ctx, at?.site, code, escaped, hint));
}

/** The parts of a `"..."` string: text escaped for where it stands, terms interpolated. */
function doubleQuotedParts(
  pieces: readonly (string | NixTerm)[],
  ctx: LowerContext,
  at?: Located,
): StringPart[] {
  return pieces.map((p, i) =>
    typeof p === "string"
      ? text_(escapeDoubleQuoted(p, i + 1 < pieces.length && typeof pieces[i + 1] !== "string"))
      : interpolation(p, ctx, at),
  );
}

function text_(raw: string): StringPart {
  return { kind: "Text", raw };
}

function interpolation(term: NixTerm, ctx: LowerContext, at?: Located): StringPart {
  return { kind: "Interpolation", expr: asText(term, lowerTerm(term, ctx, at), ctx, at) };
}

/**
 * `expr` (the lowered `term`) as the text JavaScript gives the value in a
 * template literal, where Nix would not coerce it to a string itself: an
 * integer through `toString` ("5000" in both), a boolean as "true" or
 * "false" (Nix's `toString true` is "1"), a union of strings, integers and
 * booleans by what it holds. A list, a set, a value that may be null or a
 * fraction has no Nix form that reads the same, and is reported.
 */
function asText(term: NixTerm, expr: Expr, ctx: LowerContext, at?: Located): Expr {
  if (term.kind === "ref" && term.nullable && !ctx.notNull?.includes(term.name)) {
    const [code, message, hint] = NOT_TEXT.nullable;
    ctx.diagnostics.push(valueErrorAt(ctx, at?.site, code, `'${term.name}': ${message}`, hint));
  }
  const type = termType(term);
  if (type === "int") return apply(variable("toString", ctx), expr);
  if (type === "boolean") return booleanText(expr);
  if (type === "scalar") {
    const isBool = select(variable("builtins", ctx), "isBool");
    const text = apply(variable("toString", ctx), expr);
    return { kind: "If", cond: apply(isBool, expr), then: booleanText(expr), else: text };
  }
  if (type !== undefined && type !== "string" && type in NOT_TEXT) {
    const [code, message, hint] = NOT_TEXT[type as keyof typeof NOT_TEXT];
    const named = term.kind === "ref" ? `'${term.name}': ${message}` : message;
    ctx.diagnostics.push(valueErrorAt(ctx, at?.site, code, named, hint));
  }
  return expr;
}

/**
 * A branch of a `nix.if`, lowered where the parameters `names` are known
 * not to be null (see `notNullWhen`): there they may stand in a string.
 */
function lowerGuarded(
  value: NixData,
  names: readonly string[],
  ctx: LowerContext,
  at?: Located,
): Expr {
  if (names.length === 0) return lowerData(value, ctx, at);
  const outer = ctx.notNull;
  ctx.notNull = [...(outer ?? []), ...names];
  try {
    return lowerData(value, ctx, at);
  } finally {
    ctx.notNull = outer;
  }
}

/**
 * The variables `cond` being `holds` proves not null: `x` for `x != null`
 * (or `null != x`) when it holds, for `x == null` when it does not, for
 * `x == "text"` (a value other than null) when it holds, the calling user
 * and group for `forceDisableUserChange` when it holds (see
 * `GIVEN_WITHOUT_USER_CHANGE`); `!c` the other way round; both sides of
 * `a && b` when it holds, of `a || b` when it does not.
 */
function notNullWhen(cond: NixData, holds: boolean): string[] {
  if (!isNixValue(cond)) return [];
  const term = termOf(cond);
  if (term.kind === "ref" && term.binding === HEADER_BINDING)
    return holds ? [...(GIVEN_WITHOUT_USER_CHANGE.get(term.name) ?? [])] : [];
  if (term.kind === "not") return notNullWhen(term.expr, !holds);
  if (term.kind !== "binary") return [];
  const { op, left, right } = term;
  if ((op === "&&" && holds) || (op === "||" && !holds))
    return [...notNullWhen(left, holds), ...notNullWhen(right, holds)];
  const equal = (op === "==" && holds) || (op === "!=" && !holds);
  const unequal = (op === "!=" && holds) || (op === "==" && !holds);
  if (!equal && !unequal) return [];
  return [comparedVariable(left, right, equal), comparedVariable(right, left, equal)].filter(
    (name) => name !== undefined,
  );
}

/**
 * The name of `variable` (a variable's value) when comparing it with
 * `other` rules null out: it is unequal to null, or equal to a literal
 * other than null.
 */
function comparedVariable(variable: NixData, other: NixData, equal: boolean): string | undefined {
  if (!isNixValue(variable)) return undefined;
  const term = termOf(variable);
  if (term.kind !== "ref") return undefined;
  const literal = ["string", "number", "boolean", "bigint"].includes(typeof other);
  return (equal ? literal : other === null) ? term.name : undefined;
}

/** A boolean as JavaScript writes it: `if b then "true" else "false"`. */
function booleanText(expr: Expr): Expr {
  return { kind: "If", cond: expr, then: nixLiteral("true"), else: nixLiteral("false") };
}

/** Code, message and hint for values that cannot stand in a string as JavaScript writes them. */
const NOT_TEXT = {
  list: [
    "TN3040",
    "a list in a string: Nix cannot coerce a list to a string",
    "join the items with nix.concatStringsSep(sep, list) (of strings), or interpolate one item",
  ],
  nullable: [
    "TN3043",
    "a parameter that may be null (optional without a default, nullable, a union with null, or a model parameter whose default is null) in a string: JavaScript writes null as 'null' and a left-out value as 'undefined', Nix refuses null in a string",
    'give the parameter a default, or choose the text with nix.if where null is ruled out: nix.if(nix.op(x, "!=", null), `--opt=${x}`, "")',
  ],
  float: [
    "TN3041",
    "a fraction in a string: Nix's toString writes 0.5 as 0.500000, JavaScript as 0.5",
    "write the number as text in the spec, or call nix.toString on it if Nix's form will do",
  ],
  number: [
    "TN3046",
    "a number that may be a fraction in a string: Nix's toString writes 0.5 as 0.500000, JavaScript as 0.5",
    "declare a whole number with z.int() (or .int()), take the text as a z.string(), or call nix.toString on it if Nix's form will do",
  ],
  set: [
    "TN3047",
    "an attribute set in a string: Nix cannot coerce a set to a string, JavaScript writes [object Object]",
    'interpolate one attribute (set.name), or write the set as JSON with nix.call(nix.select(nix.ref("builtins"), "toJSON"), set)',
  ],
} as const;

/**
 * A symbolic term, lowered once per file. (A diagnostic about it is then
 * reported once, at its first use when the term has no call site.)
 */
export function lowerTerm(term: NixTerm, ctx: LowerContext, at?: Located): Expr {
  // Not kept: whether it is in scope depends on where in the file it is read.
  if (term.kind === "ownServices") return ownServicesVariable(ctx, at);
  if (term.kind === "ref") {
    checkBinding(term, ctx, at);
    noteFreeRef(term, ctx, at);
  }
  let expr = ctx.terms.get(term);
  if (expr === undefined) {
    expr = lowerNewTerm(term, ctx, at);
    ctx.terms.set(term, expr);
  } else if (term.kind === "local" && ctx.scopes.length > 0 && expr.kind === "Identifier") {
    checkNotHidden(expr.name, term, ctx);
  }
  return expr;
}

/** A term lowered for the first time in the file (`ownServices` never is: see `lowerTerm`). */
function lowerNewTerm(
  term: Exclude<NixTerm, { kind: "ownServices" }>,
  ctx: LowerContext,
  at?: Located,
): Expr {
  switch (term.kind) {
    case "ref":
      if (isIdentifier(term.name))
        return term.binding === HEADER_BINDING
          ? markParameterRead(variable(term.name, ctx))
          : variable(term.name, ctx);
      ctx.diagnostics.push(
        errorAt(
          at?.site,
          "TN3005",
          `${JSON.stringify(term.name)} is not a valid Nix variable name`,
          VARIABLE_NAME_HINT,
        ),
      );
      return ident("null");
    case "select": {
      const base = lowerTerm(term.base, ctx, at);
      const selected = select(base, ...term.path.map((p) => lowerAttrName(p, ctx, at)));
      return term.default === undefined
        ? selected
        : { ...selected, default: lowerData(term.default, ctx, at) };
    }
    case "call":
      return apply(lowerTerm(term.fn, ctx, at), ...term.args.map((a) => lowerData(a, ctx, at)));
    case "path": {
      const site = term.site ?? at?.site;
      if (!term.imported) checkCopiedPath(term.path, site, ctx);
      return lowerPath(term.path, site, ctx);
    }
    case "searchPath":
      return lowerSearchPath(term, ctx);
    case "string":
      return { kind: "String", style: "double", parts: doubleQuotedParts(term.parts, ctx, at) };
    case "if":
      return {
        kind: "If",
        cond: lowerData(term.cond, ctx, at),
        then: lowerGuarded(term.then, notNullWhen(term.cond, true), ctx, at),
        else: lowerGuarded(term.else, notNullWhen(term.cond, false), ctx, at),
      };
    case "let": {
      // The bindings of a `let` are in scope in their own values too.
      const names = Object.keys(term.bindings);
      checkLabels("nix.let", names, ctx, at);
      ctx.scopes.push({ builder: "nix.let", names, binding: term.binding });
      try {
        return letIn(lowerBindings(term.bindings, ctx, at), lowerData(term.body, ctx, at));
      } finally {
        ctx.scopes.pop();
      }
    }
    case "lambda":
      checkLabels("nix.lambda", [term.param], ctx, at);
      ctx.scopes.push({ builder: "nix.lambda", names: [term.param], binding: term.binding });
      try {
        return lambda(term.param, lowerData(term.body, ctx, at));
      } finally {
        ctx.scopes.pop();
      }
    case "binary":
      return {
        kind: "Binary",
        op: term.op,
        left: lowerData(term.left, ctx, at),
        right: lowerData(term.right, ctx, at),
      };
    case "not":
      return { kind: "Unary", op: "!", expr: lowerData(term.expr, ctx, at) };
    case "data":
      return lowerData(term.value, ctx, at);
    case "local":
      return variable(localName(term, ctx), ctx);
    case "raw": {
      // Lowering what the code uses binds the locals it names.
      for (const used of term.uses ?? []) lowerData(used, ctx, at);
      const site = term.site ?? at?.site;
      const parsed = ctx.parseRaw?.(term.code, site);
      if (parsed) {
        referencedNames(parsed, ctx.names);
        for (const name of freeNames(parsed)) noteFreeRead(name, term, ctx, at);
        // The generated file reads the paths it names, inputs of the run as
        // a `nix.path`'s are: absolute and home ones as written...
        for (const written of fixedPaths(parsed))
          notePath(absolutePath(written), ctx, site, written);
        // ...and relative ones from the spec file, as those of `nix.path` are.
        const moved = site
          ? rebaseRelativePaths(parsed, (written) => fromOutFile(written, site, ctx))
          : parsed;
        // The printer puts it in parentheses where its place needs them.
        return moved;
      }
      ctx.diagnostics.push(
        errorAt(
          term.site ?? at?.site,
          "TN3002",
          "raw Nix code could not be parsed",
          "check the code passed to nix.raw",
        ),
      );
      return ident("null");
    }
  }
}

/**
 * The name a `nix.local` value is bound under in this file: its own, or,
 * when another value already took that name (models merged from two spec
 * files may each bind a `customPkgs`) or the file binds it otherwise (a
 * parameter, a service of the `rec` set: see `LowerContext.reserved`), the
 * first free `name_2`, `name_3`...
 */
function localName(term: Extract<NixTerm, { kind: "local" }>, ctx: LowerContext): string {
  for (let i = 1; ; i++) {
    const name = numbered(term.name, i);
    const bound = ctx.locals.get(name);
    if (bound?.value === term.value) {
      checkNotHidden(name, term, ctx);
      return name;
    }
    if (!bound && isFree(name, ctx)) {
      ctx.locals.set(name, { value: term.value, site: term.site });
      return name;
    }
  }
}

/** `name`, then `name_2`, `name_3`...: the `i`th name a value asking for `name` may take. */
function numbered(name: string, i: number): string {
  return i === 1 ? name : `${name}_${i}`;
}

/** Whether no local, reserved name or enclosing `nix.let`/`nix.lambda` takes `name` yet. */
function isFree(name: string, ctx: LowerContext): boolean {
  return !ctx.locals.has(name) && !reservedNames(ctx).has(name) && !isHidden(name, ctx);
}

/**
 * The variable a services model's set of services is bound to
 * (`ownServices`): `services` or the first free `services_2`... , chosen
 * when first read and reserved from then on, so no local takes it. Read
 * where the set is not in scope (another model, a constructor, a
 * parameter's default), it is an error.
 */
function ownServicesVariable(ctx: LowerContext, at?: Located): Expr {
  const own = ctx.ownServices;
  if (own === undefined) {
    ctx.diagnostics.push(
      valueErrorAt(
        ctx,
        at?.site,
        "TN3030",
        "ownServices is read where the services model's set is not in scope: it stands for the services of the model being defined",
        "read ownServices only in a services model's services and nix.local values (not in other models, constructors or parameter defaults)",
      ),
    );
    return ident("null");
  }
  if (own.name === undefined) {
    let i = 1;
    while (!isFree(numbered("services", i), ctx)) i++;
    own.name = numbered("services", i);
    reservedNames(ctx).add(own.name);
  }
  return variable(own.name, ctx);
}

/**
 * Notes a `nix.ref` read of a variable of the file around (no `nix.let`
 * or `nix.lambda` binds it), the first in the model's items and the first
 * outside them: the file must bind it (see `reportUnboundRefs`).
 */
function noteFreeRef(
  term: Extract<NixTerm, { kind: "ref" }>,
  ctx: LowerContext,
  at?: Located,
): void {
  // Only spec code's `nix.ref` and `nix.call("name")` carry a call site:
  // typenix's own variables read what it binds (`builtins`, a set's own attribute).
  if (!("site" in term) || term.binding !== undefined) return;
  noteFreeRead(term.name, term, ctx, at);
}

/**
 * Notes that `term` (a `nix.ref`, or raw Nix code naming a variable it
 * does not bind) reads the variable `name` of the file around, unless a
 * `nix.let` or `nix.lambda` being lowered binds it.
 */
function noteFreeRead(name: string, term: FreeRef["term"], ctx: LowerContext, at?: Located): void {
  if (isHidden(name, ctx)) return;
  let noted = ctx.refs.get(name);
  if (noted === undefined) ctx.refs.set(name, (noted = {}));
  const where = ctx.inItems === true ? "item" : "outside";
  noted[where] ??= { term, at, valuePath: [...ctx.valuePath] };
}

/** Whether a `nix.let` or `nix.lambda` being lowered binds `name`. */
function isHidden(name: string, ctx: LowerContext): boolean {
  return ctx.scopes.some((scope) => scope.names.includes(name));
}

/**
 * Reports a variable the DSL made for one binding that Nix would read
 * another binding for where it is written: inside a `nix.let` or
 * `nix.lambda` that binds its name (a constructor's `port` inside
 * `nix.lambda("port", ...)`), or, for the variable of a `nix.let` or
 * `nix.lambda`, outside the one that binds it.
 */
function checkBinding(
  term: Extract<NixTerm, { kind: "ref" }>,
  ctx: LowerContext,
  at?: Located,
): void {
  const binding = term.binding;
  const reading = ctx.scopes.findLast((scope) => scope.names.includes(term.name));
  // `nix.ref("name")` reads a variable of the file around (an outer parameter): no label may hide it.
  if (binding === undefined && reading === undefined) return;
  const own = ctx.scopes.some((scope) => scope.binding === binding);
  if (reading && reading.binding !== binding) {
    ctx.diagnostics.push(
      valueErrorAt(
        ctx,
        at?.site,
        "TN3013",
        `'${term.name}' is read inside a ${reading.builder} that binds the same name, where Nix would read the ${reading.builder}'s`,
        "give the nix.let binding or nix.lambda parameter another name (it is a label: the body gets the value from the builder)",
      ),
    );
  } else if (binding !== HEADER_BINDING && !own) {
    ctx.diagnostics.push(
      valueErrorAt(
        ctx,
        at?.site,
        "TN3014",
        `'${term.name}' is bound by a nix.let or nix.lambda, and read outside it`,
        "use it only in the body the builder gives it to",
      ),
    );
  }
}

/**
 * Reports the names a `nix.let` or `nix.lambda` binds that are Nix globals
 * or literals (`true`, `null`, `map`): inside, Nix would read the binding
 * wherever the generated code writes `true` or calls `map`.
 */
function checkLabels(
  builder: string,
  names: readonly string[],
  ctx: LowerContext,
  at: Located | undefined,
): void {
  for (const name of names.filter(isNixGlobal))
    ctx.diagnostics.push(
      valueErrorAt(
        ctx,
        at?.site,
        "TN3022",
        `a ${builder} binds '${name}', which hides Nix's '${name}' that the generated code inside it may read`,
        "give the nix.let binding or nix.lambda parameter another name (it is a label: the body gets the value from the builder)",
      ),
    );
}

/**
 * Reports a local read, under the name it was bound by first, where a
 * `nix.let` or `nix.lambda` binds that name: that would read the inner one.
 */
function checkNotHidden(
  name: string,
  term: Extract<NixTerm, { kind: "local" }>,
  ctx: LowerContext,
): void {
  if (!isHidden(name, ctx)) return;
  const message = `the local '${name}' is read where a nix.let or nix.lambda of the same name hides it`;
  // Once per local, however often it is read there.
  if (ctx.diagnostics.some((d) => d.code === "TN3009" && d.message === message)) return;
  ctx.diagnostics.push(
    errorAt(term.site, "TN3009", message, "give the local or the inner name another name"),
  );
}

/**
 * A path written relative to a spec file, rewritten relative to the
 * generated file. Absolute paths and paths under the home directory
 * (`~/...`, as Nix reads them) are kept as they are.
 */
export function lowerPath(written: string, site: CallSite | undefined, ctx: LowerContext): Expr {
  if (written.startsWith("/") || isHomePath(written)) {
    notePath(absolutePath(written), ctx, site, written);
    return pathExpr(written);
  }
  if (!site) {
    ctx.diagnostics.push(
      errorAt(site, "TN3003", `cannot tell which spec file the path '${written}' is relative to`),
    );
    return pathExpr(written);
  }
  return pathExpr(fromOutFile(written, site, ctx));
}

/**
 * Diagnostics about a `nix.path` Nix would copy into the store where it is
 * used as text (in a string, a derivation's argument, a JSON spec): a name
 * Nix refuses for a store path (`TN3026`), and a folder holding OUT
 * (`TN3027`), whose store path changes with the outputs. Warnings: Nix
 * copies a path only where it is used so (`builtins.readFile` reads it
 * where it is).
 */
function checkCopiedPath(written: string, site: CallSite | undefined, ctx: LowerContext): void {
  if (isHomePath(written) || (!site && !written.startsWith("/"))) return;
  const target = resolve(site ? dirname(site.file) : "/", written);
  const name = basename(target);
  // The root has no name: Nix refuses to copy it for the devices it holds.
  if (name !== "" && !isStorePathName(name)) {
    ctx.diagnostics.push(
      warningAt(
        site,
        "TN3026",
        `Nix cannot copy ${JSON.stringify(name)} into the store, as it does where the path is used as text (in a string, a derivation's argument, a JSON spec): ${name.length > MAX_STORE_PATH_NAME ? `the name is ${name.length} characters long, and a store path's name at most ${MAX_STORE_PATH_NAME}` : "a store path's name holds only letters, digits and '+-._?='"}`,
        'rename it, or name the folder holding it and the rest as text: `${nix.path("./dir")}/my file` copies the folder',
      ),
    );
  }
  const out = ctx.outDir;
  if (
    out !== undefined &&
    (out === target || out.startsWith(target === "/" ? "/" : target + sep))
  ) {
    ctx.diagnostics.push(
      warningAt(
        site,
        "TN3027",
        `this folder ${out === target ? "is" : "holds"} OUT: Nix copies the outputs with it, so its store path changes with them, with --json-specs on every run (the specs name it)`,
        "name a folder without OUT, or put OUT elsewhere",
      ),
    );
  }
}

/**
 * A file of nix-processmgmt (`nixproc/...`) where a constructors model's
 * `nixProcessmgmt` says nix-processmgmt is: under a folder relative to the
 * spec file (rewritten for the generated file), an absolute or home folder,
 * or else the search path entry of that name (`nix-processmgmt` by
 * default). Final and repeated `/` are dropped, as Nix drops them from
 * paths. A folder a path literal cannot hold is written as `/. + "/..."`,
 * a name `<...>` cannot hold as the lookup `<...>` makes (see
 * `searchPathExpr`): the text is never read as Nix code. Undefined when
 * `nixProcessmgmt` names no folder at all.
 */
export function nixProcessmgmtFile(
  file: string,
  model: Pick<ConstructorsInScope, "options" | "site">,
  ctx: LowerContext,
): Expr | undefined {
  const location = model.options.nixProcessmgmt ?? "nix-processmgmt";
  // No file name holds a NUL, and no Nix string either.
  if (location === "" || location.includes("\0")) return undefined;
  const written = `${location.replace(/\/+$/, "")}/${file}`.replace(/\/{2,}/g, "/");
  if (location.startsWith(".")) return lowerPath(written, model.site, ctx);
  if (location.startsWith("/") || isHomePath(location)) return pathExpr(written);
  return searchPathExpr(written);
}

/**
 * `<name>` (see `searchPathExpr`); a file of nix-processmgmt
 * (`processType`'s) is read where the constructors model in scope says
 * nix-processmgmt is.
 */
function lowerSearchPath(term: Extract<NixTerm, { kind: "searchPath" }>, ctx: LowerContext): Expr {
  const model = ctx.constructorsInScope;
  const relocated =
    term.nixProcessmgmtFile !== undefined && model
      ? nixProcessmgmtFile(term.nixProcessmgmtFile, model, ctx)
      : undefined;
  // An empty nixProcessmgmt is reported where constructors.nix is written.
  return relocated ?? searchPathExpr(term.path);
}

/** A path written relative to the spec file of `site`, written relative to the generated file. */
function fromOutFile(written: string, site: CallSite, ctx: LowerContext): string {
  const target = resolve(dirname(site.file), written);
  notePath(target, ctx, site);
  const rel = relative(dirname(ctx.outFile), target) || ".";
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** Nix's store, whose paths never change: no input of a run. */
const STORE = "/nix/store/";

/**
 * Whether `path` is the root folder, the home folder or one above it:
 * too much to hash and watch on each run (a home folder holds caches of
 * gigabytes), so no input of a run.
 */
function isAboveHome(path: string): boolean {
  const home = homedir();
  return path === "/" || path === home || home.startsWith(`${path}/`);
}

/** Notes `path` (absolute), which the generated file reads, as an input of the run (see `LowerContext.paths`). */
function notePath(path: string, ctx: LowerContext, site?: CallSite, written?: string): void {
  if (ctx.paths.has(path) || path.startsWith(STORE) || isAboveHome(path)) return;
  ctx.paths.set(path, {
    path,
    ...(written === undefined ? {} : { written }),
    ...(site ? { site } : {}),
  });
}

/** An absolute or home (`~/...`) path as Nix reads it: `~` is the home folder, from HOME. */
function absolutePath(written: string): string {
  return isHomePath(written) ? join(homedir(), written.slice(1)) : resolve(written);
}

function lowerModelRef(
  item: Parameters<LowerContext["refName"]>[0],
  ctx: LowerContext,
  at?: Located,
): Expr {
  // An item of the model is an attribute of the model's own `rec` set: it
  // names no variable the file must bind, so it is not added to `ctx.names`.
  const ref = ctx.refName(item);
  const kind = (item as { kind?: string }).kind ?? "item";
  if (ref?.kind === "Identifier" && !isReadableVariable(ref.name)) {
    ctx.diagnostics.push(
      valueErrorAt(
        ctx,
        at?.site,
        "TN3015",
        `the ${kind} '${ref.name}' is read by its name here, and Nix cannot read a variable of that name`,
        `rename the ${kind}: ${VARIABLE_NAME_HINT}, nor __curPos`,
      ),
    );
    return ident("null");
  }
  if (ref) return ref;
  if (ctx.constructorName !== undefined) {
    ctx.diagnostics.push(itemInConstructor(ctx.constructorName, kind, ctx, at));
    return ident("null");
  }
  ctx.diagnostics.push(missingItem(ctx, item, kind, at));
  return ident("null");
}

/**
 * TN3004 for a model item read where it is not part of the model
 * generated: at the reference, named by where it is in the model
 * (`services.a.activatesAfter.lost`), as the item has no name of its own
 * there; at the item when the reference has no place.
 */
function missingItem(
  ctx: LowerContext,
  item: Parameters<LowerContext["refName"]>[0],
  kind: string,
  at: Located | undefined,
): Diagnostic {
  const defined = (item as { site?: CallSite }).site;
  const message = `this ${kind} is referenced but is not part of the model being generated`;
  const hint = `add the ${kind} to the model, or reference one that is`;
  if (at?.site === undefined || ctx.valuePath.length === 0)
    return errorAt(defined ?? at?.site, "TN3004", message, hint);
  const where =
    defined === undefined
      ? ""
      : ` (defined at ${basename(defined.file)}:${defined.line}:${defined.column})`;
  return valueErrorAt(ctx, at.site, "TN3004", `${message}${where}`, hint);
}

/**
 * A model's item referenced in a constructor's body, located at the
 * reference: the constructor's generated file is a function of its
 * parameters, called from the model, and sees none of the model's items.
 */
function itemInConstructor(
  constructor: string,
  kind: string,
  ctx: LowerContext,
  at?: Located,
): Diagnostic {
  const diagnostic = valueErrorAt(
    ctx,
    at?.site,
    "TN3078",
    `the constructor '${constructor}' refers to a ${kind} of a model, which its generated file, a function of its parameters, cannot see`,
    kind === "service"
      ? "pass what it needs in: as a parameter, or as an inter-dependency (interDependencies: true, read as interDeps.db, which the service's dependsOn or connectsTo names); or declare the dependency in the services model, on a service written as a record there"
      : `pass what it needs in as a parameter, from the model that holds the ${kind}`,
  );
  // A record `build` returns is written in it: that is where the path starts.
  const { valuePath } = diagnostic;
  return isConstructor(at) && valuePath
    ? { ...diagnostic, valuePath: ["build", ...valuePath] }
    : diagnostic;
}

/**
 * Whether Nix reads `name` written bare as the variable of that name: not
 * a keyword (nor `or`), and not `__curPos`, which Nix reads as the
 * position it is written at.
 */
export function isReadableVariable(name: string): boolean {
  return isIdentifier(name) && name !== "__curPos";
}

/** A `pkg` constructor call inside an instance or service, as `lowerPkgCall` lowers it. */
export interface PkgCall {
  /** The call; it inherits the sibling properties named in `inherited`. */
  readonly expr: Expr;
  /** The arguments that are `inherit`ed sibling properties: the enclosing set must be `rec`. */
  readonly inherited: ReadonlySet<string>;
  /** The variables the call reads besides those it inherits. */
  readonly reads: ReadonlySet<string>;
  /**
   * The call with the arguments written as values, for a set that cannot be
   * `rec`; `readElsewhere` are the names the set's other bindings read.
   */
  readonly plain: (readElsewhere: ReadonlySet<string>) => Expr;
}

/**
 * A `pkg` constructor call inside an instance or service: arguments equal to
 * a sibling property become `inherit port;` (the enclosing set is then `rec`,
 * see `pkgCallSet`).
 */
export function lowerPkgCall(
  pkg: ConstructorCall,
  properties: Readonly<Record<string, unknown>>,
  ctx: LowerContext,
): PkgCall {
  const inherited = new Set<string>();
  // Arguments passed as one Nix value (`nix.ref("args")`) have no sibling to inherit.
  if (isNixValue(pkg.args)) {
    const expr = lowerConstructorCall(pkg, ctx);
    return { expr, inherited, reads: inherited, plain: () => expr };
  }
  const args = Object.fromEntries(
    Object.entries(pkg.args).map(([k, v]) => {
      const same =
        properties[k] !== undefined &&
        (typeof v !== "object" || v === null) &&
        v === properties[k] &&
        isIdentifier(k);
      if (same) inherited.add(k);
      // Not spec code's nix.ref: the `rec` set binds it (see `noteFreeRef`).
      return [k, same ? symbolic({ kind: "ref", name: k }) : v];
    }),
  );
  if (inherited.size === 0) {
    const expr = lowerConstructorCall(pkg, ctx, args);
    return { expr, inherited, reads: inherited, plain: () => expr };
  }
  // Names the inherited arguments add to what the file reads, unless they are read anyway.
  const added = [...inherited].filter((k) => !ctx.names.has(k));
  const parts = constructorCallParts(pkg, ctx, args);
  const reads = referencedNames(parts.fn);
  if (parts.args.kind === "AttrSet")
    setReads(parts.args.bindings, reads, (name) => !inherited.has(name));
  if (parts.interDeps) referencedNames(parts.interDeps, reads);
  const plain = (readElsewhere: ReadonlySet<string>): Expr => {
    // Lowered a second time: what it reports was reported the first time
    // (an argument written as a value now is a property's value too).
    const reported = ctx.diagnostics.length;
    const expr = lowerConstructorCall(pkg, ctx);
    ctx.diagnostics.length = reported;
    const read = referencedNames(expr, new Set(readElsewhere));
    for (const name of added) if (!read.has(name)) ctx.names.delete(name);
    return expr;
  };
  return { expr: callExpr(parts), inherited, reads, plain };
}

/**
 * The set of an instance or service whose `pkg` binding holds `call`:
 * `rec` where the call inherits sibling properties, unless a binding of the
 * set reads a name the set defines, which `rec` would capture (as it would
 * `mysql` in `dependsOn = { inherit mysql; }` beside a property `mysql`);
 * the call then takes the values themselves.
 */
export function pkgCallSet(bindings: readonly Binding[], call: PkgCall): Expr {
  if (call.inherited.size === 0) return attrSet(bindings);
  const defined = new Set<string>();
  for (const b of bindings) {
    if (b.kind === "Inherit") {
      for (const n of b.names) if (n.kind === "Identifier") defined.add(n.name);
    } else if (b.kind === "AttrBinding") {
      const first = b.path[0];
      if (first?.kind === "Identifier") defined.add(first.name);
    }
  }
  // A set's own `inherit a;` reads `a` around it, even in a `rec` set.
  const others = new Set<string>();
  setReads(
    bindings.filter((b) => b.kind !== "AttrBinding" || b.value !== call.expr),
    others,
    () => false,
  );
  let captures = false;
  for (const name of others) captures ||= defined.has(name);
  for (const name of call.reads) captures ||= defined.has(name);
  if (!captures) return attrSet(bindings, true);
  const plain = call.plain(others);
  return attrSet(
    bindings.map((b) =>
      b.kind === "AttrBinding" && b.value === call.expr ? { ...b, value: plain } : b,
    ),
  );
}

/**
 * Adds the variables the bindings of a set read to `into`; the names of an
 * `inherit` without a source count where `inheritReads` says so.
 */
function setReads(
  bindings: readonly Binding[],
  into: Set<string>,
  inheritReads: (name: string) => boolean,
): void {
  for (const b of bindings) {
    if (b.kind === "Inherit" && b.from === undefined) {
      for (const n of b.names)
        if (n.kind === "Identifier" && inheritReads(n.name)) into.add(n.name);
    } else if (b.kind !== "PrintedBinding") {
      referencedNames(attrSet([b]), into);
    }
  }
}

/**
 * The key `call` selects from the constructors model: the one it was called
 * under, when the model holds the constructor there; else the model's
 * (first) key for the constructor. A constructor the model does not hold is
 * reported at the call.
 */
function constructorKey(call: ConstructorCall, ctx: LowerContext): string {
  const model = ctx.constructorsInScope;
  if (model === undefined || model.constructors[call.key] === call.constructor) return call.key;
  const keys = Object.keys(model.constructors);
  for (let i = 0; i < keys.length; i++) {
    if (model.constructors[keys[i] as string] === call.constructor) return keys[i] as string;
  }
  ctx.diagnostics.push(
    errorAt(
      call.site,
      "TN3008",
      `constructor '${call.constructor.spec.name}' is not in the constructors model`,
      `add it to constructors(...) in ${basename(model.file)}, or call a constructor that model holds`,
    ),
  );
  return call.key;
}

/** `name` as a variable the lowered code reads (noted in `ctx.names`). */
function variable(name: string, ctx: LowerContext): Expr {
  ctx.names.add(name);
  return ident(name);
}

/** The variable holding the constructors model instantiated for another process manager. */
export function constructorsVariable(processManager: string): string {
  return `${processManager}Constructors`;
}

/**
 * The variables a model may bind the constructors model to for another
 * process manager, one for each (`systemdConstructors`): no local takes
 * their names.
 */
export const CONSTRUCTORS_VARIABLES: readonly string[] = PROCESS_MANAGERS.map(constructorsVariable);

/**
 * `constructors.webapp { port = 5000; }`, plus `{ ... }` when inter-dependencies
 * were passed; without them a constructor that takes them stays a function
 * of them (Disnix applies it to dependsOn/connectsTo).
 */
export function lowerConstructorCall(
  call: ConstructorCall,
  ctx: LowerContext,
  callArgs: ConstructorCall["args"] = call.args,
): Expr {
  const parts = constructorCallParts(call, ctx, callArgs);
  // A process file is given called: `constructors.nix-daemon` is the process.
  return isApplied(call.constructor) ? parts.fn : callExpr(parts);
}

/** The function, arguments and inter-dependencies of a constructor call, lowered in that order. */
interface CallParts {
  readonly fn: Expr;
  readonly args: Expr;
  readonly interDeps?: Expr;
}

/**
 * One argument set of a constructor call, its arguments or its
 * inter-dependencies: `{ port = ...; }` for an object, or the Nix value
 * itself where the call passes one whole (a constructor built on another
 * passing on its `interDeps`, or its arguments by `nix.ref(argsName)`),
 * whose attributes only Nix knows, so no object of them could be written.
 */
export function lowerArgumentSet(
  set: Readonly<Record<string, NixData>>,
  ctx: LowerContext,
  call: ConstructorCall,
): Expr {
  return isNixValue(set) ? lowerData(set, ctx, call) : attrSet(lowerBindings(set, ctx, call));
}

function constructorCallParts(
  call: ConstructorCall,
  ctx: LowerContext,
  callArgs: ConstructorCall["args"],
): CallParts {
  const manager = knownProcessManager(call);
  const model = manager === undefined ? "constructors" : constructorsVariable(manager);
  const fn = select(variable(model, ctx), constructorKey(call, ctx));
  const args = lowerArgumentSet(callArgs, ctx, call);
  if (call.interDeps === undefined) return { fn, args };
  if (!call.constructor.spec.interDependencies) {
    reportInterDepsArity(call, ctx);
    return { fn, args };
  }
  return { fn, args, interDeps: lowerArgumentSet(call.interDeps, ctx, call) };
}

/**
 * The process manager a call made through `forProcessManager` is for (the
 * DSL refused any other at that call, TN2001).
 */
function knownProcessManager(call: ConstructorCall): string | undefined {
  const manager: unknown = call.processManager;
  return isProcessManager(manager) ? manager : undefined;
}

/**
 * Reports a constructor call whose inter-dependencies (build's second
 * argument set) do not match the constructor: passed to one that takes
 * none (its function would be applied to a set it does not take), or, in a
 * processes model, which never applies them itself, left out of one that
 * takes them (its `pkg` would stay a function).
 */
export function reportInterDepsArity(call: ConstructorCall, ctx: LowerContext): void {
  const name = call.constructor.spec.name;
  const [message, hint] = call.constructor.spec.interDependencies
    ? [
        `the constructor '${name}' takes inter-dependencies, which a processes model must pass: without them its pkg is a function`,
        `pass them as the second argument of the call, { } for none: ${call.key}({ ... }, {})`,
      ]
    : [
        `the constructor '${name}' takes no inter-dependencies, but the call passes them a second argument`,
        "leave out the second argument, or give the constructor interDependencies: true",
      ];
  ctx.diagnostics.push(errorAt(call.site, "TN3023", message, hint));
}

function callExpr({ fn, args, interDeps }: CallParts): Expr {
  return interDeps === undefined ? apply(fn, args) : apply(fn, args, interDeps);
}
