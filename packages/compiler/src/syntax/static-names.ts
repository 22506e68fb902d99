/**
 * What Nix knows of a name or a string without evaluating anything. Whether
 * a name is static follows Nix: `"a"`, `${"a"}`, `${''a''}` and even
 * `${https://x}` are the static names `a` and `https://x`, while
 * `"${"a"}"` is dynamic. The parser's checks and lowering both ask it, so it
 * lives with the syntax tree, not the parser: lowering loads no parser.
 */
import type { AttrName, Expr, StringNode } from "./ast.js";
import { parsedPieces } from "./string-values.js";

/** The name an attribute name stands for when Nix knows it without evaluating anything. */
export function staticName(name: AttrName): string | undefined {
  if (name.kind === "Identifier") return name.name;
  if (name.kind === "String") return staticString(name);
  return staticExprString(unparenthesized(name.expr));
}

/** `expr` without the parentheses around it. */
export function unparenthesized(expr: Expr): Expr {
  let inner = expr;
  while (inner.kind === "Paren") inner = inner.expr;
  return inner;
}

function staticExprString(e: Expr): string | undefined {
  if (e.kind === "String") return staticString(e);
  if (e.kind === "Uri") return e.value;
  return undefined;
}

/**
 * The value of a string Nix holds as one string. A string of one piece is
 * one; so is `''${"a"}''`, as Nix hands back the one piece of an indented
 * string itself, while `"${"a"}"` stays a concatenation.
 */
function staticString(s: StringNode): string | undefined {
  const pieces = parsedPieces(s);
  if (pieces.length === 0) return "";
  const [piece] = pieces;
  if (pieces.length > 1 || piece === undefined) return undefined;
  if (typeof piece === "string") return piece;
  return s.style === "indented" ? staticExprString(unparenthesized(piece)) : undefined;
}
