/** The variables an expression uses, to derive the parameters a generated function must take. */
import type { Expr } from "../syntax/ast.js";
import { forEachChild } from "../syntax/children.js";

/** Names of all variables referenced in `expr` (bound ones included; callers intersect with what they can provide). */
export function referencedNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  visit(expr, into);
  return into;
}

function visit(expr: Expr, names: Set<string>): void {
  if (expr.kind === "Identifier") names.add(expr.name);
  // `inherit a;` reads the variable a.
  if (expr.kind === "AttrSet" || expr.kind === "LegacyLet" || expr.kind === "Let") {
    for (const b of expr.bindings) {
      if (b.kind === "Inherit" && !b.from)
        b.names.forEach((n) => n.kind === "Identifier" && names.add(n.name));
    }
  }
  forEachChild(expr, (child) => visit(child, names));
}
