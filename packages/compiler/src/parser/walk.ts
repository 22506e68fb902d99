/**
 * Visiting the children of syntax tree nodes in source order, and the one
 * traversal that must not recurse: measuring how deep a tree is. Operator
 * and application chains are built without recursion, so `1 + 1 + ...`
 * with 100,000 terms parses into a tree that deep; every recursive pass
 * (comments, checks, the printer) may only run once the depth is known to
 * be bounded.
 */
import type {
  AttrName,
  Binding,
  Expr,
  FormalNode,
  FormalsNode,
  Node,
  StringPart,
} from "../syntax/ast.js";

type Visit = (child: Node) => void;

function attrNames(names: readonly AttrName[], visit: Visit): void {
  for (const n of names) visit(n);
}

function parts(list: readonly StringPart[], visit: Visit): void {
  for (const p of list) if (p.kind === "Interpolation") visit(p);
}

function bindings(list: readonly Binding[], visit: Visit): void {
  for (const b of list) visit(b);
}

function formals(f: FormalsNode, visit: Visit): void {
  if (f.bind?.position === "before") visit(f.bind.name);
  for (const formal of f.formals) visit(formal);
  if (f.bind?.position === "after") visit(f.bind.name);
}

/** Calls `visit` on each child of `node`, in source order. */
export function forEachChild(node: Node, visit: Visit): void {
  switch (node.kind) {
    case "List":
      for (const item of node.items) visit(item);
      return;
    case "AttrSet":
    case "LegacyLet":
      bindings(node.bindings, visit);
      return;
    case "Let":
      bindings(node.bindings, visit);
      visit(node.body);
      return;
    case "AttrBinding":
      attrNames(node.path, visit);
      visit(node.value);
      return;
    case "Inherit":
      if (node.from) visit(node.from);
      attrNames(node.names, visit);
      return;
    case "Lambda":
      visit(node.param);
      visit(node.body);
      return;
    case "Formals":
      formals(node, visit);
      return;
    case "Formal":
      visitFormal(node, visit);
      return;
    case "Apply":
      visit(node.fn);
      visit(node.arg);
      return;
    case "Select":
      visit(node.expr);
      attrNames(node.path, visit);
      if (node.default) visit(node.default);
      return;
    case "HasAttr":
      visit(node.expr);
      attrNames(node.path, visit);
      return;
    case "Unary":
    case "Paren":
    case "Interpolation":
      visit(node.expr);
      return;
    case "Binary":
      visit(node.left);
      visit(node.right);
      return;
    case "If":
      visit(node.cond);
      visit(node.then);
      visit(node.else);
      return;
    case "With":
      visit(node.env);
      visit(node.body);
      return;
    case "Assert":
      visit(node.cond);
      visit(node.body);
      return;
    case "String":
    case "Path":
      parts(node.parts, visit);
      return;
    default:
      return;
  }
}

function visitFormal(f: FormalNode, visit: Visit): void {
  visit(f.name);
  if (f.default) visit(f.default);
}

/**
 * The first node found deeper than `limit` (the root is at depth 1), or
 * undefined. Uses an explicit stack, so any tree can be measured.
 */
export function tooDeep(root: Expr, limit: number): Node | undefined {
  const stack: Node[] = [root];
  const depths: number[] = [1];
  let depth = 0;
  const push = (child: Node): void => {
    stack.push(child);
    depths.push(depth + 1);
  };
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    depth = depths.pop() as number;
    if (depth > limit) return node;
    forEachChild(node, push);
  }
  return undefined;
}
