/**
 * The token an expression starts with, as nixfmt sees it: where comments
 * after the first token of a condition or a call are placed depends on it.
 */
import type { Expr, Node } from "./ast.js";

/** Nodes of a single token to nixfmt (a string is one, interpolations and all). */
export const TOKEN_KINDS: ReadonlySet<Node["kind"]> = new Set<Node["kind"]>([
  "Int",
  "Float",
  "Identifier",
  "String",
  "Path",
  "SearchPath",
  "Uri",
]);

/**
 * Where the name or literal `expr` starts with ends (in an operation, a
 * call, a selection), or undefined when it starts with a bracket.
 */
export function headTokenEnd(expr: Expr): number | undefined {
  let head: Expr = expr;
  for (;;) {
    if (head.kind === "Binary") head = head.left;
    else if (head.kind === "Apply") head = head.fn;
    else if (head.kind === "Select" || head.kind === "HasAttr") head = head.expr;
    else break;
  }
  return TOKEN_KINDS.has(head.kind) ? head.span?.end.offset : undefined;
}
