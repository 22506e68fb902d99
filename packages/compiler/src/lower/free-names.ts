/** The variables an expression uses, to derive the parameters a generated function must take. */
import type { AttrName, Binding, Expr, StringPart } from "../syntax/ast.js";

/** Names of all variables referenced in `expr` (bound ones included; callers intersect with what they can provide). */
export function referencedNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  visit(expr, into);
  return into;
}

function visit(expr: Expr, names: Set<string>): void {
  switch (expr.kind) {
    case "Identifier":
      names.add(expr.name);
      return;
    case "String":
    case "Path":
      expr.parts.forEach((p) => visitPart(p, names));
      return;
    case "List":
      expr.items.forEach((e) => visit(e, names));
      return;
    case "AttrSet":
    case "LegacyLet":
      expr.bindings.forEach((b) => visitBinding(b, names));
      return;
    case "Let":
      expr.bindings.forEach((b) => visitBinding(b, names));
      visit(expr.body, names);
      return;
    case "Lambda":
      if (expr.param.kind === "Formals")
        expr.param.formals.forEach((f) => f.default && visit(f.default, names));
      visit(expr.body, names);
      return;
    case "Apply":
      visit(expr.fn, names);
      visit(expr.arg, names);
      return;
    case "Select":
      visit(expr.expr, names);
      expr.path.forEach((p) => visitAttrName(p, names));
      if (expr.default) visit(expr.default, names);
      return;
    case "HasAttr":
      visit(expr.expr, names);
      return;
    case "Unary":
    case "Paren":
      visit(expr.expr, names);
      return;
    case "Binary":
      visit(expr.left, names);
      visit(expr.right, names);
      return;
    case "If":
      visit(expr.cond, names);
      visit(expr.then, names);
      visit(expr.else, names);
      return;
    case "With":
      visit(expr.env, names);
      visit(expr.body, names);
      return;
    case "Assert":
      visit(expr.cond, names);
      visit(expr.body, names);
      return;
    default:
      return;
  }
}

function visitPart(part: StringPart, names: Set<string>): void {
  if (part.kind === "Interpolation") visit(part.expr, names);
}

function visitAttrName(name: AttrName, names: Set<string>): void {
  if (name.kind === "Interpolation") visit(name.expr, names);
  if (name.kind === "String") name.parts.forEach((p) => visitPart(p, names));
}

function visitBinding(binding: Binding, names: Set<string>): void {
  if (binding.kind === "Inherit") {
    if (binding.from) visit(binding.from, names);
    else binding.names.forEach((n) => n.kind === "Identifier" && names.add(n.name));
    return;
  }
  binding.path.forEach((p) => visitAttrName(p, names));
  visit(binding.value, names);
}
