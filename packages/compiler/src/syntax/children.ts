/**
 * The direct sub-expressions of a node, in source order, for passes that
 * walk the whole tree (checks, name collection). Dynamic attribute names
 * (`${e}`, `"${e}"`) count as sub-expressions.
 */
import type { AttrName, Binding, Expr, StringPart } from "./ast.js";

export function forEachChild(e: Expr, visit: (e: Expr) => void): void {
  // Plain loops, no closures: name collection walks every node of every
  // generated file through here. The cases come in the order of how often
  // generated models hold them: cold, the engine tries them one by one.
  switch (e.kind) {
    case "String":
    case "Path":
      partsChildren(e.parts, visit);
      break;
    case "AttrSet":
    case "LegacyLet":
      for (const b of e.bindings) bindingChildren(b, visit);
      break;
    case "Select":
      visit(e.expr);
      for (const n of e.path) attrNameChildren(n, visit);
      if (e.default) visit(e.default);
      break;
    case "List":
      for (const item of e.items) visit(item);
      break;
    case "Let":
      for (const b of e.bindings) bindingChildren(b, visit);
      visit(e.body);
      break;
    case "Lambda":
      if (e.param.kind === "Formals")
        for (const f of e.param.formals) if (f.default) visit(f.default);
      visit(e.body);
      break;
    case "Apply":
      visit(e.fn);
      visit(e.arg);
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
  for (const n of b.path) attrNameChildren(n, visit);
  visit(b.value);
}

function attrNameChildren(name: AttrName, visit: (e: Expr) => void): void {
  if (name.kind === "Interpolation") visit(name.expr);
  if (name.kind === "String") partsChildren(name.parts, visit);
}

function partsChildren(parts: readonly StringPart[], visit: (e: Expr) => void): void {
  for (const p of parts) if (p.kind === "Interpolation") visit(p.expr);
}
