/**
 * Importing infrastructure models: a plain attribute set of targets becomes
 * `infrastructure({ name: target({ ... }) })`, its `let` bindings
 * `nix.local` constants.
 */
import type { AttrSetNode, Binding, Expr } from "../syntax/ast.js";
import type { ModuleSpec } from "./module.js";
import { exportComments, headerComments, letConstants, modelFunction } from "./model-function.js";
import type { Problems } from "./problems.js";
import { Scope } from "./scope.js";
import {
  attrKey,
  dsl,
  objectLiteral,
  printObject,
  properties,
  raw,
  readsItself,
  type ImportContext,
} from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

/**
 * True when `expr` looks like an infrastructure model: a set whose values
 * are targets, sets with `properties`, or made by a function its `let`
 * binds (`test1 = mkTarget "test1" 2;`).
 */
export function isInfrastructureModel(expr: Expr): boolean {
  const mf = modelFunction(expr);
  const body = mf.body;
  const makers = targetMakers(mf.bindings);
  return (
    // A `rec` one too: one whose targets read each other is then refused at its `rec`.
    body.kind === "AttrSet" &&
    body.bindings.length > 0 &&
    body.bindings.every(
      (b) =>
        b.kind === "AttrBinding" &&
        // `test1 = { properties = ...; }` or `test1.properties.hostname = ...;`
        (attrKey(b.path[1]) === "properties" || isTarget(b.value, makers)),
    )
  );
}

/** The `let` names bound to functions whose result is a target, as `mkTarget = host: { properties ...; }`. */
function targetMakers(bindings: readonly Binding[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const b of bindings) {
    if (b.kind !== "AttrBinding" || b.path.length !== 1) continue;
    let value = unparenthesized(b.value);
    if (value.kind !== "Lambda") continue;
    while (value.kind === "Lambda") value = unparenthesized(value.body);
    const name = attrKey(b.path[0]);
    if (name !== undefined && isTarget(value, new Set())) names.add(name);
  }
  return names;
}

/** A target: a set with `properties`, a call of a function in `makers`, or one merged with more. */
function isTarget(expr: Expr, makers: ReadonlySet<string>): boolean {
  const value = unparenthesized(expr);
  if (value.kind === "Binary" && value.op === "//")
    return isTarget(value.left, makers) || isTarget(value.right, makers);
  let fn = value;
  while (fn.kind === "Apply") fn = unparenthesized(fn.fn);
  if (fn !== value) return fn.kind === "Identifier" && makers.has(fn.name);
  return hasProperties(value);
}

/** A set with a `properties` attribute, as a target is. */
function hasProperties(value: Expr): boolean {
  return (
    value.kind === "AttrSet" &&
    value.bindings.some((t) => t.kind === "AttrBinding" && attrKey(t.path[0]) === "properties")
  );
}

/**
 * The module of an infrastructure model. A target written as a set
 * (a `rec` one that reads none of its own attributes is one too) becomes
 * `target({ ... })`; any other (`f "test2" // { ... }`) is kept as raw
 * Nix, which the import's summary lists.
 */
export function importInfrastructure(
  expr: Expr,
  ctx: ImportContext,
  problems: Problems,
): ModuleSpec {
  const mf = modelFunction(expr);
  // The `let` bindings, as services models bind them: constants the targets read.
  const { constants, scope } = letConstants(mf.bindings, Scope.empty(), ctx);
  const body = plainSet(mf.body);
  const targets = properties(body?.bindings ?? [], scope, ctx, (_key, value) => {
    const set = plainSet(value);
    const spec = set && objectLiteral(set, scope, ctx);
    return spec ? `${dsl(ctx, "target")}(${spec})` : raw(value, scope, ctx);
  });
  const own = unparenthesized(mf.body);
  if (own.kind === "AttrSet" && !body)
    problems.report(
      own,
      "the targets of an infrastructure model read each other, and typenix writes each target on its own",
      "bind what they share in a `let` before the set (as `mkTarget = host: { ... };`), and drop the `rec`",
    );
  else if (!body || !targets || mf.formals.length > 0)
    problems.report(
      mf.body,
      "an infrastructure model must be a plain set of targets",
      "write each target as `name = { properties = { ... }; };`",
    );
  for (const b of body?.bindings ?? [])
    if (b.kind === "Inherit")
      problems.report(
        b,
        "a target must be bound by its name, as `test1 = { properties = { ... }; };`",
        "write the target's set where it is bound",
      );
  return {
    header: headerComments(mf),
    ...exportComments(mf),
    dsl: ctx.dsl,
    constants,
    exported: `${dsl(ctx, "infrastructure")}(${printObject(targets ?? [], [])})`,
  };
}

/** `expr` as a set whose attributes do not depend on each other, or undefined. */
function plainSet(expr: Expr): AttrSetNode | undefined {
  const set = unparenthesized(expr);
  return set.kind === "AttrSet" && !readsItself(set) ? set : undefined;
}
