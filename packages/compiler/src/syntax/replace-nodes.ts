/**
 * Copies of syntax trees with some nodes replaced: what moves code between
 * files (relative paths rewritten) or readies it for another evaluation.
 */
import type { Expr } from "./ast.js";

/**
 * A copy of `value`, a syntax tree or part of one, with each node for which
 * `replace` gives a node replaced by it (and not searched further); objects
 * and arrays holding no replaced node are shared, not copied.
 */
export function replaceNodes<T>(value: T, replace: (node: Expr) => Expr | undefined): T {
  return replaced(value, replace) as T;
}

function replaced(value: unknown, replace: (node: Expr) => Expr | undefined): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const mapped = replaced(item, replace);
      if (mapped !== item) (copy ??= [...value])[i] = mapped;
    });
    return copy ?? value;
  }
  if (typeof value !== "object" || value === null) return value;
  if (typeof (value as { kind?: unknown }).kind === "string") {
    const replacement = replace(value as Expr);
    if (replacement) return replacement;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key === "span") continue;
    const mapped = replaced(item, replace);
    if (mapped !== item) (copy ??= { ...value })[key] = mapped;
  }
  return copy ?? value;
}
