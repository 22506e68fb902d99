/** The variables an expression uses, to derive the parameters a generated function must take. */
import type { AttrName, Binding, Expr, StringPart } from "../syntax/ast.js";
import { forEachChild } from "../syntax/children.js";

/**
 * Names of all variables referenced in `expr` (bound ones included; callers
 * intersect with what they can provide), in the order they are met, as
 * `forEachChild` walks the tree.
 */
export function referencedNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  visit(expr, into);
  return into;
}

/** Names the bindings of a set or `let` use, as `referencedNames` finds them there. */
export function bindingNames(bindings: readonly Binding[], into: Set<string>): Set<string> {
  inherited(bindings, into);
  for (const b of bindings) visitBinding(b, into);
  return into;
}

// The walk of `syntax/children.ts`, written out: it runs over every node of
// every generated file, and closures per node are what it cost.
//
// The cases come in the order of how often generated models hold them:
// cold, the engine tries them one after the other.
function visit(e: Expr, names: Set<string>): void {
  switch (e.kind) {
    case "Identifier":
      names.add(e.name);
      return;
    case "String":
    case "Path":
      visitParts(e.parts, names);
      return;
    case "AttrSet":
    case "LegacyLet":
      inherited(e.bindings, names);
      for (const b of e.bindings) visitBinding(b, names);
      return;
    case "Select":
      visit(e.expr, names);
      for (const n of e.path) visitAttrName(n, names);
      if (e.default) visit(e.default, names);
      return;
    case "Int":
    case "Float":
      return;
    case "List":
      for (const item of e.items) visit(item, names);
      return;
    case "Let":
      inherited(e.bindings, names);
      for (const b of e.bindings) visitBinding(b, names);
      visit(e.body, names);
      return;
    case "Lambda":
      if (e.param.kind === "Formals")
        for (const f of e.param.formals) if (f.default) visit(f.default, names);
      visit(e.body, names);
      return;
    case "Apply":
      visit(e.fn, names);
      visit(e.arg, names);
      return;
    case "HasAttr":
    case "Unary":
    case "Paren":
      visit(e.expr, names);
      return;
    case "Binary":
      visit(e.left, names);
      visit(e.right, names);
      return;
    case "If":
      visit(e.cond, names);
      visit(e.then, names);
      visit(e.else, names);
      return;
    case "With":
      visit(e.env, names);
      visit(e.body, names);
      return;
    case "Assert":
      visit(e.cond, names);
      visit(e.body, names);
      return;
    default:
      return;
  }
}

/** `inherit a;` reads the variable a. */
function inherited(bindings: readonly Binding[], names: Set<string>): void {
  for (const b of bindings) {
    if (b.kind === "Inherit" && !b.from)
      for (const n of b.names) if (n.kind === "Identifier") names.add(n.name);
  }
}

function visitBinding(b: Binding, names: Set<string>): void {
  if (b.kind === "Inherit") {
    if (b.from) visit(b.from, names);
    return;
  }
  // Lowering noted the names of a binding it printed.
  if (b.kind === "PrintedBinding") return;
  for (const n of b.path) visitAttrName(n, names);
  visit(b.value, names);
}

function visitAttrName(name: AttrName, names: Set<string>): void {
  if (name.kind === "Interpolation") visit(name.expr, names);
  if (name.kind === "String") visitParts(name.parts, names);
}

function visitParts(parts: readonly StringPart[], names: Set<string>): void {
  for (const p of parts) if (p.kind === "Interpolation") visit(p.expr, names);
}

/**
 * The variables `expr` reads that it does not bind itself (`let`, `rec`
 * sets, function parameters), in the order they are met. Names under
 * `with` may come from its set: they are not counted.
 */
export function freeNames(expr: Expr, bound: ReadonlySet<string> = new Set()): Set<string> {
  const free = new Set<string>();
  walkFree(expr, bound, free);
  return free;
}

function walkFree(e: Expr, scope: ReadonlySet<string>, free: Set<string>): void {
  const walk = (child: Expr): void => walkFree(child, scope, free);
  switch (e.kind) {
    case "Identifier":
      if (!scope.has(e.name)) free.add(e.name);
      return;
    case "AttrSet":
    case "Let":
    case "LegacyLet": {
      const own = e.kind !== "AttrSet" || e.recursive;
      const inner = own ? new Set([...scope, ...boundNames(e.bindings)]) : scope;
      for (const b of e.bindings) {
        if (b.kind === "PrintedBinding") continue;
        if (b.kind === "Inherit") {
          if (b.from) walkFree(b.from, inner, free);
          // `inherit a;` reads `a` from the scope around the set.
          else
            for (const n of b.names)
              if (n.kind === "Identifier" && !scope.has(n.name)) free.add(n.name);
          continue;
        }
        for (const n of b.path) nameFree(n, inner, free);
        walkFree(b.value, inner, free);
      }
      if (e.kind === "Let") walkFree(e.body, inner, free);
      return;
    }
    case "Lambda": {
      const names: string[] = [];
      if (e.param.kind === "Formals") {
        for (const f of e.param.formals) names.push(f.name.name);
        if (e.param.bind) names.push(e.param.bind.name.name);
      } else names.push(e.param.name);
      const inner = new Set([...scope, ...names]);
      if (e.param.kind === "Formals")
        for (const f of e.param.formals) if (f.default) walkFree(f.default, inner, free);
      walkFree(e.body, inner, free);
      return;
    }
    case "With":
      // What the body reads may come from the set: not counted.
      walk(e.env);
      return;
    default:
      // Nodes that bind nothing: their sub-expressions read in the same scope.
      forEachChild(e, walk);
  }
}

/** The names the bindings of a `let` or `rec` set bind (their first attribute). */
function boundNames(bindings: readonly Binding[]): string[] {
  const names: string[] = [];
  for (const b of bindings) {
    if (b.kind === "Inherit") {
      for (const n of b.names) if (n.kind === "Identifier") names.push(n.name);
    } else if (b.kind !== "PrintedBinding") {
      const first = b.path[0];
      if (first?.kind === "Identifier") names.push(first.name);
    }
  }
  return names;
}

function nameFree(name: AttrName, scope: ReadonlySet<string>, free: Set<string>): void {
  if (name.kind === "Interpolation") walkFree(name.expr, scope, free);
  if (name.kind === "String") partsFree(name.parts, scope, free);
}

function partsFree(
  parts: readonly StringPart[],
  scope: ReadonlySet<string>,
  free: Set<string>,
): void {
  for (const p of parts) if (p.kind === "Interpolation") walkFree(p.expr, scope, free);
}
