/**
 * The direct sub-expressions of a node, in source order, for passes that
 * walk the whole tree (checks, name collection). Dynamic attribute names
 * (`${e}`, `"${e}"`) count as sub-expressions.
 */
import type { AttrName, Binding, Expr } from "./ast.js";

export function forEachChild(e: Expr, visit: (e: Expr) => void): void {
  const each = (x: Expr | undefined): void => {
    if (x) visit(x);
  };
  switch (e.kind) {
    case "List":
      e.items.forEach(visit);
      break;
    case "AttrSet":
    case "LegacyLet":
      e.bindings.forEach((b) => bindingChildren(b, visit));
      break;
    case "Let":
      e.bindings.forEach((b) => bindingChildren(b, visit));
      visit(e.body);
      break;
    case "Lambda":
      if (e.param.kind === "Formals") e.param.formals.forEach((f) => each(f.default));
      visit(e.body);
      break;
    case "Apply":
      visit(e.fn);
      visit(e.arg);
      break;
    case "Select":
      visit(e.expr);
      e.path.forEach((n) => attrNameChildren(n, visit));
      each(e.default);
      break;
    case "HasAttr":
    case "Unary":
    case "Paren":
      visit(e.expr);
      break;
    case "Binary":
      visit(e.left);
      visit(e.right);
      break;
    case "If":
      visit(e.cond);
      visit(e.then);
      visit(e.else);
      break;
    case "With":
      visit(e.env);
      visit(e.body);
      break;
    case "Assert":
      visit(e.cond);
      visit(e.body);
      break;
    case "String":
    case "Path":
      e.parts.forEach((p) => p.kind === "Interpolation" && visit(p.expr));
      break;
    default:
      break;
  }
}

function bindingChildren(b: Binding, visit: (e: Expr) => void): void {
  if (b.kind === "Inherit") {
    if (b.from) visit(b.from);
    return;
  }
  if (b.kind === "PrintedBinding") return;
  b.path.forEach((n) => attrNameChildren(n, visit));
  visit(b.value);
}

function attrNameChildren(name: AttrName, visit: (e: Expr) => void): void {
  if (name.kind === "Interpolation") visit(name.expr);
  if (name.kind === "String")
    name.parts.forEach((p) => p.kind === "Interpolation" && visit(p.expr));
}
