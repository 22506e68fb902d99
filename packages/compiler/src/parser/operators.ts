/**
 * Operator precedence for Nix expressions. The grammar only collects an
 * operand, operator, operand, ... sequence (with prefix `!`/`-` and postfix
 * `? attrpath`); this module builds the tree from it with an explicit stack
 * (shunting-yard), so long operator chains cost no recursion.
 *
 * The table mirrors the precedence declarations of Nix's bison grammar
 * (`src/libexpr/parser.y`), tightest last:
 *
 *     %right IMPL            ->
 *     %left OR               ||
 *     %left AND              &&
 *     %nonassoc EQ NEQ       == !=
 *     %nonassoc < > LEQ GEQ  < > <= >=
 *     %right UPDATE          //
 *     %left NOT              ! (prefix)
 *     %left + -              + -
 *     %left * /              * /
 *     %right CONCAT          ++
 *     %nonassoc ?            ? (postfix, with an attribute path)
 *     %nonassoc NEGATE       - (prefix)
 *
 * Bison resolves each shift/reduce conflict by comparing the precedence of
 * the rule on the stack with the incoming operator; reducing while the
 * stack's operator binds tighter (or as tight and left-associative) is the
 * same decision. So `!a + b` is `!(a + b)`, `-a ? b` is `(-a) ? b`, and
 * `a == b == c` is an error, as in Nix.
 */
import type { IToken } from "chevrotain";
import type {
  AttrName,
  BinaryNode,
  BinaryOperator,
  Expr,
  HasAttrNode,
  NodeBase,
  Position,
  UnaryNode,
  UnaryOperator,
} from "../syntax/ast.js";
import { endOf, startOf } from "./locations.js";
import { blankAfter } from "./nodes.js";

type Assoc = "left" | "right" | "none";
type Mutable<N> = { -readonly [K in keyof N]: N[K] };

const BINARY: Readonly<Record<string, readonly [number, Assoc]>> = {
  "->": [1, "right"],
  "||": [2, "left"],
  "&&": [3, "left"],
  "==": [4, "none"],
  "!=": [4, "none"],
  "<": [5, "none"],
  "<=": [5, "none"],
  ">": [5, "none"],
  ">=": [5, "none"],
  "//": [6, "right"],
  "+": [8, "left"],
  "-": [8, "left"],
  "*": [9, "left"],
  "/": [9, "left"],
  "++": [10, "right"],
};
const NOT = 7;
const HAS_ATTR = 11;
const NEGATE = 12;

/** One element of the operator sequence, in source order. */
export type OperatorItem =
  | { readonly kind: "operand"; readonly expr: Expr }
  | { readonly kind: "prefix"; readonly token: IToken }
  | { readonly kind: "binary"; readonly token: IToken }
  | {
      readonly kind: "has";
      readonly token: IToken;
      readonly path: readonly AttrName[];
      readonly end: Position;
    };

interface Pending {
  readonly token: IToken;
  readonly unary: boolean;
  readonly precedence: number;
}

/** An operator used twice without parentheses where Nix requires them. */
export interface AssociativityError {
  readonly token: IToken;
  readonly previous: IToken;
}

/**
 * The expression for a sequence the grammar accepted in `text`: operands
 * and binary operators alternate, prefixes come before operands and `?`
 * after them. Non-associative chains (`a == b == c`) are reported through
 * `onError` and grouped to the left so a tree still comes out.
 */
export function buildOperators(
  text: string,
  items: readonly OperatorItem[],
  onError: (error: AssociativityError) => void,
): Expr {
  const values: Expr[] = [];
  const pending: Pending[] = [];

  const reduce = (): void => {
    const op = pending.pop() as Pending;
    const right = values.pop() as Expr;
    if (op.unary) {
      values.push(unary(op.token, right, text));
      return;
    }
    const left = values.pop() as Expr;
    const operator = startOf(op.token);
    const node: Mutable<BinaryNode> = {
      kind: "Binary",
      op: op.token.image as BinaryOperator,
      left,
      right,
      span: { start: startOfNode(left, op.token), end: endOfNode(right, op.token) },
      operator,
    };
    markBlankLines(node, text);
    values.push(node);
  };

  for (const item of items) {
    // Error recovery may leave holes; the tree is discarded then anyway.
    if (item.kind !== "operand" && item.token === undefined) continue;
    switch (item.kind) {
      case "operand":
        values.push(item.expr);
        break;
      case "prefix":
        pending.push({
          token: item.token,
          unary: true,
          precedence: item.token.image === "!" ? NOT : NEGATE,
        });
        break;
      case "has": {
        while ((pending[pending.length - 1]?.precedence ?? 0) > HAS_ATTR) reduce();
        values.push(hasAttr(values.pop() as Expr, item, text));
        break;
      }
      case "binary": {
        const [precedence, assoc] = BINARY[item.token.image] ?? [8, "left"];
        for (;;) {
          const top = pending[pending.length - 1];
          if (top === undefined || top.precedence < precedence) break;
          if (top.precedence === precedence) {
            if (assoc === "right") break;
            if (assoc === "none") onError({ token: item.token, previous: top.token });
          }
          reduce();
        }
        pending.push({ token: item.token, unary: false, precedence });
        break;
      }
    }
  }
  while (pending.length > 0 && values.length > 0) reduce();
  return values[0] as Expr;
}

/**
 * Empty lines before and after the operator of `node` (a fresh node, whose
 * right operand is fresh too), which the printer keeps: nixfmt does.
 */
function markBlankLines(node: Mutable<BinaryNode>, text: string): void {
  const { left, right, operator } = node;
  if (operator === undefined) return;
  if (left.span && blankAfter(text, left.span.end, operator)) node.blankLineBeforeOperator = true;
  const start = right.span?.start;
  // Operators are one-line tokens: the line check spares building the end position.
  if (start === undefined || start.line - operator.line < 2) return;
  const end = { ...operator, offset: operator.offset + node.op.length };
  if (blankAfter(text, end, start)) (right as Mutable<NodeBase>).blankLineBefore = true;
}

/** `e ? a.b`, with the empty lines around `?` that the printer keeps, as nixfmt does. */
function hasAttr(expr: Expr, item: OperatorItem & { kind: "has" }, text: string): HasAttrNode {
  const node: Mutable<HasAttrNode> = {
    kind: "HasAttr",
    expr,
    path: item.path,
    span: { start: startOfNode(expr, item.token), end: item.end },
  };
  const question = startOf(item.token);
  const end = expr.span?.end;
  if (end && blankAfter(text, end, question)) node.blankLineBeforeOperator = true;
  const start = item.path[0]?.span?.start;
  if (start && blankAfter(text, endOf(item.token), start)) node.blankLineAfterOperator = true;
  return node;
}

/** `-e` or `!e`, with the empty line after the operator that the printer keeps, as nixfmt does. */
function unary(token: IToken, expr: Expr, text: string): UnaryNode {
  const node: Mutable<UnaryNode> = {
    kind: "Unary",
    op: token.image as UnaryOperator,
    expr,
    span: { start: startOf(token), end: endOfNode(expr, token) },
  };
  const start = expr.span?.start;
  if (start !== undefined && blankAfter(text, endOf(token), start))
    node.blankLineAfterOperator = true;
  return node;
}

function startOfNode(node: Expr | undefined, fallback: IToken): Position {
  return node?.span?.start ?? startOf(fallback);
}

function endOfNode(node: Expr | undefined, fallback: IToken): Position {
  return node?.span?.end ?? startOf(fallback);
}
