/**
 * Nix operator precedence, for adding parentheses exactly where the grammar
 * needs them. Levels follow Nix's grammar (`parser.y`), tightest first.
 */
import type { BinaryOperator, Expr } from "../syntax/ast.js";

/** Atoms: literals, names, lists, sets, parenthesized expressions. */
export const ATOM = 0;
export const SELECT = 1;
export const APPLY = 2;
export const NEGATE = 3;
export const HAS_ATTR = 4;
/** `if`, `let`, `with`, `assert` and lambdas: only where a whole expression may stand. */
export const EXPRESSION = 15;

type Associativity = "left" | "right" | "none";

const BINARY: Readonly<Record<BinaryOperator, { level: number; assoc: Associativity }>> = {
  "++": { level: 5, assoc: "right" },
  "*": { level: 6, assoc: "left" },
  "/": { level: 6, assoc: "left" },
  "+": { level: 7, assoc: "left" },
  "-": { level: 7, assoc: "left" },
  "//": { level: 9, assoc: "right" },
  "<": { level: 10, assoc: "none" },
  "<=": { level: 10, assoc: "none" },
  ">": { level: 10, assoc: "none" },
  ">=": { level: 10, assoc: "none" },
  "==": { level: 11, assoc: "none" },
  "!=": { level: 11, assoc: "none" },
  "&&": { level: 12, assoc: "left" },
  "||": { level: 13, assoc: "left" },
  "->": { level: 14, assoc: "right" },
};

/** `!` binds looser than arithmetic: `!a + b` is `!(a + b)`. */
const NOT = 8;

/** How loosely `expr` binds (higher binds looser). */
export function levelOf(expr: Expr): number {
  switch (expr.kind) {
    case "Select":
      return SELECT;
    case "Apply":
      return APPLY;
    case "Unary":
      return expr.op === "-" ? NEGATE : NOT;
    case "HasAttr":
      return HAS_ATTR;
    case "Binary":
      return BINARY[expr.op].level;
    case "If":
    case "Let":
    case "With":
    case "Assert":
    case "Lambda":
      return EXPRESSION;
    default:
      return ATOM;
  }
}

/** The loosest level each operand of a binary operator may have without parentheses. */
export function binaryOperandLevels(op: BinaryOperator): { left: number; right: number } {
  const { level, assoc } = BINARY[op];
  return {
    left: assoc === "left" ? level : level - 1,
    right: assoc === "right" ? level : level - 1,
  };
}

/** The loosest level the operand of a unary operator may have: `--1` is `-(-1)`, as nixfmt writes it. */
export function unaryOperandLevel(op: "-" | "!"): number {
  return op === "-" ? NEGATE : NOT;
}
