/** The variables an expression uses, to derive the parameters a generated function must take. */
import type { AttrName, Binding, Expr, LambdaNode } from "../syntax/ast.js";
import { attrSet } from "../syntax/build.js";
import { forEachChild } from "../syntax/children.js";

/**
 * Names of all variables referenced in `expr` (bound ones included; callers
 * intersect with what they can provide), in the order they are met, as
 * `forEachChild` walks the tree.
 */
export function referencedNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  const visit = (e: Expr): void => {
    if (e.kind === "Identifier") into.add(e.name);
    else {
      // `inherit a;` reads the variable a, which is no sub-expression.
      if (e.kind === "AttrSet" || e.kind === "Let" || e.kind === "LegacyLet")
        inherited(e.bindings, into);
      forEachChild(e, visit);
    }
  };
  visit(expr);
  return into;
}

/** Names the bindings of a set or `let` use, as `referencedNames` finds them there. */
export function bindingNames(bindings: readonly Binding[], into: Set<string>): Set<string> {
  return referencedNames(attrSet(bindings), into);
}

function inherited(bindings: readonly Binding[], names: Set<string>): void {
  for (const b of bindings) {
    if (b.kind === "Inherit" && !b.from)
      for (const n of b.names) if (n.kind === "Identifier") names.add(n.name);
  }
}

/**
 * The variables `expr` reads that it does not bind itself (`let`, `rec`
 * sets, function parameters), in the order they are met. Names under
 * `with` may come from its set: they are not counted, unless `underWith`
 * asks for every name that may read a binding around (a `let` binding
 * around wins over `with`, so such a name reads it when there is one).
 */
export function freeNames(
  expr: Expr,
  bound: ReadonlySet<string> = new Set(),
  underWith = false,
): Set<string> {
  const free = new Set<string>();
  walkFree(expr, bound, (name) => free.add(name), { underWith }, []);
  return free;
}

/** A branch of an `if` a read is under: its condition, and whether that holds there. */
export interface Guard {
  /**
   * The condition as Nix text, which names it: two `if`s of the same text
   * decide alike. One reading a name bound inside the expression (a
   * `nix.lambda`'s parameter, which differs from call to call) is told apart
   * from every other by a number after `#`.
   */
  readonly condition: string;
  /** True in the `then` branch, false in the `else` one. */
  readonly holds: boolean;
}

/** A variable `expr` reads, and the branches of the `if`s it is read in, outermost first. */
export interface GuardedRead {
  readonly name: string;
  readonly guards: readonly Guard[];
}

/** How many conditions reading a name bound inside their expression were met: each one's number. */
let boundConditions = 0;

/**
 * The variables `expr` reads that it does not bind itself, as `freeNames`
 * finds them, each time it reads one with the `if` branches it is under
 * (none for a read evaluating `expr` makes whichever way its conditions
 * go). `conditionText` writes a condition as Nix text.
 */
export function guardedFreeNames(
  expr: Expr,
  conditionText: (condition: Expr) => string,
): GuardedRead[] {
  const reads: GuardedRead[] = [];
  const guard = (condition: Expr, scope: ReadonlySet<string>): string => {
    const text = conditionText(condition);
    const bound = [...referencedNames(condition)].some((n) => scope.has(n));
    return bound ? `${text}#${++boundConditions}` : text;
  };
  walkFree(expr, new Set(), (name, guards) => reads.push({ name, guards }), { guard }, []);
  return reads;
}

/**
 * What `walkFree` counts: names under `with` (`underWith`), and how it
 * names the condition of an `if` whose branches it walks into (`guard`,
 * given the names bound around it; without it the branches are under no
 * guard).
 */
interface FreeWalk {
  readonly underWith?: boolean;
  readonly guard?: (condition: Expr, scope: ReadonlySet<string>) => string;
}

/** Called with each free variable read and the `if` branches it is under. */
type FoundFree = (name: string, guards: readonly Guard[]) => void;

function walkFree(
  e: Expr,
  scope: ReadonlySet<string>,
  found: FoundFree,
  how: FreeWalk,
  guards: readonly Guard[],
): void {
  const walk = (child: Expr): void => walkFree(child, scope, found, how, guards);
  const walkIn = (child: Expr, inner: ReadonlySet<string>): void =>
    walkFree(child, inner, found, how, guards);
  switch (e.kind) {
    case "Identifier":
      if (!scope.has(e.name)) found(e.name, guards);
      return;
    case "AttrSet":
    case "Let":
    case "LegacyLet": {
      const own = e.kind !== "AttrSet" || e.recursive;
      const inner = own ? new Set([...scope, ...boundNames(e.bindings)]) : scope;
      for (const b of e.bindings) {
        if (b.kind === "PrintedBinding") continue;
        if (b.kind === "Inherit") {
          if (b.from) walkIn(b.from, inner);
          // `inherit a;` reads `a` from the scope around the set.
          else
            for (const n of b.names)
              if (n.kind === "Identifier" && !scope.has(n.name)) found(n.name, guards);
          continue;
        }
        for (const n of b.path) nameFree(n, inner, walkIn);
        walkIn(b.value, inner);
      }
      if (e.kind === "Let") walkIn(e.body, inner);
      return;
    }
    case "Lambda": {
      const inner = new Set([...scope, ...parameterNames(e)]);
      if (e.param.kind === "Formals")
        for (const f of e.param.formals) if (f.default) walkIn(f.default, inner);
      walkIn(e.body, inner);
      return;
    }
    case "With":
      // What the body reads may come from the set: counted only when asked.
      walk(e.env);
      if (how.underWith) walk(e.body);
      return;
    case "If": {
      walk(e.cond);
      // Nix evaluates one branch only: a read there is under its condition.
      const condition = how.guard?.(e.cond, scope);
      const branch = (child: Expr, holds: boolean): void =>
        walkFree(
          child,
          scope,
          found,
          how,
          condition === undefined ? guards : [...guards, { condition, holds }],
        );
      branch(e.then, true);
      branch(e.else, false);
      return;
    }
    default:
      // Nodes that bind nothing: their sub-expressions read in the same scope.
      forEachChild(e, walk);
  }
}

/** The names a function binds: its parameter, or its formals and the name after `@`. */
export function parameterNames(fn: LambdaNode): string[] {
  const { param } = fn;
  if (param.kind !== "Formals") return [param.name];
  const names = param.formals.map((f) => f.name.name);
  if (param.bind) names.push(param.bind.name.name);
  return names;
}

/** The names the bindings of a `let` or `rec` set bind (their first attribute). */
export function boundNames(bindings: readonly Binding[]): string[] {
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

function nameFree(
  name: AttrName,
  scope: ReadonlySet<string>,
  walkIn: (e: Expr, scope: ReadonlySet<string>) => void,
): void {
  if (name.kind === "Interpolation") walkIn(name.expr, scope);
  if (name.kind === "String")
    for (const p of name.parts) if (p.kind === "Interpolation") walkIn(p.expr, scope);
}

/**
 * The variables lowered from a parameter of the generated function (a
 * constructor's `port`), told apart from the other variables of the same
 * name (Nix's `map`, the literal `false`) that lowering makes.
 */
const parameterReads = new WeakSet<Expr>();

/** Marks `e`, a variable lowering made for a parameter of the generated function. */
export function markParameterRead(e: Expr): Expr {
  parameterReads.add(e);
  return e;
}

/**
 * Whether `expr` reads the variable `name` other than as the parameter of
 * the generated function (see `markParameterRead`): as a Nix global or
 * literal (`map`, `false`), through `nix.ref`, or as one of the variables
 * in `others` (reads of an outer function's parameter, say).
 */
export function readsOtherThanParameter(
  expr: Expr,
  name: string,
  others: ReadonlySet<Expr> = new Set(),
): boolean {
  let found = false;
  const visit = (e: Expr): void => {
    if (found) return;
    if (e.kind === "Identifier")
      found = e.name === name && (!parameterReads.has(e) || others.has(e));
    else forEachChild(e, visit);
  };
  visit(expr);
  return found;
}
