import type { BinaryOperator } from "./ast.js";

/**
 * The comparison operators. Printed as nixfmt does, a comparison is never
 * a chain: a comment before the operator goes after it, with the right
 * operand, not above it as in a chain of `++`, `&&` or `//`.
 */
export const COMPARISONS: ReadonlySet<BinaryOperator> = new Set<BinaryOperator>([
  "<",
  "<=",
  ">",
  ">=",
  "==",
  "!=",
]);
