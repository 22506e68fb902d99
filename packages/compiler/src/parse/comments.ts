/**
 * Puts comments back into the tree: each comment goes to the node it
 * precedes (bindings, list items, formals and expressions), a comment on the
 * same line after an item becomes its trailing comment, comments before a
 * closing bracket stay there, and the rest ends the file. Blank lines
 * between items are recorded too, so formatting keeps the author's grouping.
 */
import type { Binding, Comment, Expr, FormalNode, NixFile, NodeBase } from "../syntax/ast.js";

type Mutable = { -readonly [K in keyof NodeBase]: NodeBase[K] };

/** A copy of the file's tree with its comments attached. */
export function attachComments(file: NixFile, comments: readonly Comment[]): NixFile {
  const queue = [...comments].sort(
    (a, b) => (a.span?.start.offset ?? 0) - (b.span?.start.offset ?? 0),
  );
  let next = 0;
  const take = (before: number): Comment[] => {
    const taken: Comment[] = [];
    while (next < queue.length && (queue[next]?.span?.start.offset ?? 0) < before)
      taken.push(queue[next++] as Comment);
    return taken;
  };
  const trailing = (item: NodeBase): Comment | undefined => {
    const c = queue[next];
    if (c && c.kind === "line" && c.span && item.span && c.span.start.line === item.span.end.line) {
      next += 1;
      return c;
    }
    return undefined;
  };
  const lead = <N extends NodeBase>(node: N): N => {
    const taken = node.span ? take(node.span.start.offset) : [];
    if (taken.length > 0) (node as Mutable).comments = taken;
    return node;
  };

  const items = <N extends NodeBase>(nodes: readonly N[], visit: (n: N) => N): N[] => {
    let previousEnd: number | undefined;
    return nodes.map((n) => {
      const copy = visit(lead({ ...n }));
      const startLine = copy.comments?.[0]?.span?.start.line ?? copy.span?.start.line;
      if (previousEnd !== undefined && startLine !== undefined && startLine - previousEnd >= 2)
        (copy as Mutable).blankLineBefore = true;
      const after = trailing(copy);
      if (after) (copy as Mutable).trailingComment = after;
      previousEnd = after?.span?.end.line ?? copy.span?.end.line;
      return copy;
    });
  };
  const closing = (end: number | undefined): { closingComments?: Comment[] } => {
    const taken = end === undefined ? [] : take(end);
    return taken.length > 0 ? { closingComments: taken } : {};
  };

  const binding = (b: Binding): Binding => {
    if (b.kind === "Inherit") return b.from ? { ...b, from: expr(b.from) } : b;
    return { ...b, value: expr(b.value) };
  };
  const formal = (f: FormalNode): FormalNode =>
    f.default ? { ...f, default: expr(f.default) } : f;
  const closeOf = (n: NodeBase): number | undefined => (n.span ? n.span.end.offset - 1 : undefined);

  function expr(e: Expr): Expr {
    const node = lead({ ...e }) as Expr;
    switch (node.kind) {
      case "List":
        return { ...node, items: items(node.items, expr), ...closing(closeOf(node)) };
      case "AttrSet":
      case "LegacyLet":
        return { ...node, bindings: items(node.bindings, binding), ...closing(closeOf(node)) };
      case "Let": {
        const bindings = items(node.bindings, binding);
        return {
          ...node,
          bindings,
          ...closing(node.body.span?.start.offset),
          body: expr(node.body),
        };
      }
      case "Lambda": {
        const param =
          node.param.kind === "Formals"
            ? {
                ...node.param,
                formals: items(node.param.formals, formal),
                ...closing(closeOf(node.param)),
              }
            : node.param;
        const body = expr(node.body);
        const paramEnd = node.param.span?.end.line;
        const bodyStart = body.comments?.[0]?.span?.start.line ?? body.span?.start.line;
        const blank =
          paramEnd !== undefined && bodyStart !== undefined && bodyStart - paramEnd >= 2;
        return { ...node, param, body: blank ? { ...body, blankLineBefore: true } : body };
      }
      case "Apply":
        return { ...node, fn: expr(node.fn), arg: expr(node.arg) };
      case "Select": {
        const base = expr(node.expr);
        return node.default
          ? { ...node, expr: base, default: expr(node.default) }
          : { ...node, expr: base };
      }
      case "HasAttr":
      case "Unary":
      case "Paren":
        return { ...node, expr: expr(node.expr) } as Expr;
      case "Binary":
        return { ...node, left: expr(node.left), right: expr(node.right) };
      case "If":
        return { ...node, cond: expr(node.cond), then: expr(node.then), else: expr(node.else) };
      case "With":
        return { ...node, env: expr(node.env), body: expr(node.body) };
      case "Assert":
        return { ...node, cond: expr(node.cond), body: expr(node.body) };
      case "String":
      case "Path":
        return {
          ...node,
          parts: node.parts.map((p) =>
            p.kind === "Interpolation" ? { ...p, expr: expr(p.expr) } : p,
          ),
        };
      default:
        return node;
    }
  }

  const root = expr(file.expr);
  const rest = take(Number.POSITIVE_INFINITY);
  return rest.length > 0 ? { expr: root, trailingComments: rest } : { expr: root };
}
