/**
 * Exact literals: any JSON-like TypeScript value as a Nix expression that real
 * Nix evaluates to exactly that value. Values Nix cannot represent are
 * rejected, never printed approximately.
 */
import type { AttrName, Expr, StringNode } from "../syntax/ast.js";
import { attrSet, binding, ident, list } from "../syntax/build.js";
import { isIdentifier } from "../syntax/identifiers.js";
import { escapeDoubleQuoted, escapeIndentedLine, suitsIndentedString } from "../syntax/strings.js";

/** A value that has an exact Nix literal. */
export type LiteralValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

/** Thrown for a value that no Nix literal can represent; `path` says where in the value it is. */
export class LiteralError extends Error {
  constructor(
    message: string,
    readonly path: readonly (string | number)[],
  ) {
    super(path.length === 0 ? message : `${message} (at ${formatPath(path)})`);
    this.name = "LiteralError";
  }
}

/** The path of a value that is not inside another (shared: most literals are at the root). */
const AT_ROOT: readonly (string | number)[] = [];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/**
 * Text that stands in a `"..."` string as it is: printable ASCII but `"`,
 * `$` and `\`. (Most strings of a model: one test instead of the checks and
 * escapes below.)
 */
const VERBATIM = /^[\x20\x21\x23\x25-\x5B\x5D-\x7E]*$/;
/**
 * Printable ASCII: text with no NUL, surrogate or line break, so nothing
 * to reject and no indented string, only escapes (a description with
 * `${text}` in it: one test instead of the checks below).
 */
const PRINTABLE = /^[\x20-\x7E]*$/;
/** A UTF-16 surrogate, which has no UTF-8 form unpaired (made once: a literal is a new object at each use). */
const SURROGATE = /[\uD800-\uDFFF]/u;

/** Nix reads floats with `strtod` and treats its range error on subnormals as a syntax error. */
const MIN_NORMAL_DOUBLE = 2.2250738585072014e-308;

/** The Nix expression for `value`. Throws `LiteralError` for NaN, ±Infinity, subnormal floats, out-of-range integers, NUL in strings, and non-plain objects. */
export function nixLiteral(
  value: LiteralValue,
  path: readonly (string | number)[] = AT_ROOT,
): Expr {
  if (value === null) return ident("null");
  switch (typeof value) {
    case "boolean":
      return ident(value ? "true" : "false");
    case "string":
      return nixString(value, path);
    case "bigint":
      return nixInteger(value, path);
    case "number":
      return nixNumber(value, path);
    case "object":
      return Array.isArray(value)
        ? nixList(value as readonly LiteralValue[], path)
        : nixAttrSet(value as Readonly<Record<string, LiteralValue>>, path);
    default:
      throw new LiteralError(`a ${typeof value} has no Nix literal`, path);
  }
}

/** A Nix string with exactly the text `text`, in the style that reads best. */
export function nixString(text: string, path: readonly (string | number)[] = AT_ROOT): StringNode {
  if (VERBATIM.test(text))
    return { kind: "String", style: "double", parts: [{ kind: "Text", raw: text }] };
  if (PRINTABLE.test(text))
    return {
      kind: "String",
      style: "double",
      parts: [{ kind: "Text", raw: escapeDoubleQuoted(text) }],
    };
  rejectUnrepresentable(text, "strings", path);
  if (suitsIndentedString(text)) {
    // Raw text is what stands between the delimiters; the newline after the
    // opening `''` is not part of the value (Nix drops it).
    const raw = `\n${text
      .split("\n")
      .map((line) => escapeIndentedLine(line))
      .join("\n")}`;
    return { kind: "String", style: "indented", parts: [{ kind: "Text", raw }] };
  }
  return {
    kind: "String",
    style: "double",
    parts: [{ kind: "Text", raw: escapeDoubleQuoted(text) }],
  };
}

/** An attribute name segment: bare when it is an identifier, quoted otherwise. */
export function nixAttrName(name: string, path: readonly (string | number)[] = AT_ROOT): AttrName {
  if (isIdentifier(name)) return ident(name);
  rejectUnrepresentable(name, "attribute names", path);
  return {
    kind: "String",
    style: "double",
    parts: [{ kind: "Text", raw: escapeDoubleQuoted(name) }],
  };
}

/** Nix strings are NUL-terminated UTF-8 bytes: no NUL, and no unpaired UTF-16 surrogate. */
function rejectUnrepresentable(
  text: string,
  what: string,
  path: readonly (string | number)[],
): void {
  if (text.includes("\0")) {
    throw new LiteralError(`Nix ${what} cannot contain the NUL character`, path);
  }
  if (SURROGATE.test(text)) {
    throw new LiteralError(`an unpaired UTF-16 surrogate has no UTF-8 form for Nix ${what}`, path);
  }
}

function nixList(items: readonly LiteralValue[], path: readonly (string | number)[]): Expr {
  const lowered: Expr[] = [];
  // Indexed, not `map`: that skips a list's empty slots (`[, 1]`), which are no value.
  for (let i = 0; i < items.length; i++) {
    if (!(i in items))
      throw new LiteralError("an empty slot of a list has no Nix literal", [...path, i]);
    lowered.push(nixLiteral(items[i] as LiteralValue, [...path, i]));
  }
  return list(lowered);
}

function nixAttrSet(
  value: Readonly<Record<string, LiteralValue>>,
  path: readonly (string | number)[],
): Expr {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new LiteralError("only plain objects have a Nix literal", path);
  }
  return attrSet(
    Object.entries(value).map(([k, v]) =>
      binding([nixAttrName(k, [...path, k])], nixLiteral(v, [...path, k])),
    ),
  );
}

function nixNumber(value: number, path: readonly (string | number)[]): Expr {
  // A safe integer is within Nix's 64-bit range, and its negation too. (Tested
  // first: most numbers of a model are, ports and counts, and need no other test.)
  if (Number.isSafeInteger(value))
    return negate(value < 0, { kind: "Int", value: BigInt(Math.abs(value)) });
  if (!Number.isFinite(value)) {
    throw new LiteralError(`${value} has no Nix literal (Nix numbers are finite)`, path);
  }
  if (Number.isInteger(value)) {
    // Beyond Nix's 64-bit integers only a float holds it, as the double it is.
    if (Math.abs(value) >= 2 ** 63) {
      return negate(value < 0, { kind: "Float", raw: floatText(Math.abs(value)) });
    }
    throw new LiteralError(
      `${value} is beyond the exactly representable integers; pass it as a bigint`,
      path,
    );
  }
  if (Math.abs(value) < MIN_NORMAL_DOUBLE) {
    throw new LiteralError(`${value} is subnormal; Nix's float reader rejects it`, path);
  }
  return negate(value < 0, { kind: "Float", raw: floatText(Math.abs(value)) });
}

function nixInteger(value: bigint, path: readonly (string | number)[]): Expr {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new LiteralError(`${value} is outside Nix's signed 64-bit integer range`, path);
  }
  // -2^63 has no positive counterpart: write it as (-(2^63 - 1) - 1).
  if (value === INT64_MIN) {
    return {
      kind: "Binary",
      op: "-",
      left: negate(true, { kind: "Int", value: INT64_MAX }),
      right: { kind: "Int", value: 1n },
    };
  }
  return negate(value < 0n, { kind: "Int", value: value < 0n ? -value : value });
}

function negate(negative: boolean, expr: Expr): Expr {
  return negative ? { kind: "Unary", op: "-", expr } : expr;
}

/**
 * The shortest text that reads back as exactly this positive double
 * (not an integer Nix could hold). Nix floats need a `.`: `5e-7` is written `5.0e-7`.
 */
function floatText(value: number): string {
  const text = String(value);
  const [mantissa = "", exponent] = text.split("e");
  const withDot = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withDot : `${withDot}e${exponent}`;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${JSON.stringify(p)}`)).join("");
}
