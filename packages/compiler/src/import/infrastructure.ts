/**
 * Importing infrastructure models: a plain attribute set of targets becomes
 * `infrastructure({ name: target({ ... }) })`.
 */
import type { AttrSetNode, Expr } from "../syntax/ast.js";
import type { ModuleSpec } from "./module.js";
import { modelFunction } from "./model-function.js";
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
  tsComment,
  unparenthesized,
  type ImportContext,
} from "./translate.js";

/** True when `expr` looks like an infrastructure model: a set whose values are sets with `properties`. */
export function isInfrastructureModel(expr: Expr): boolean {
  const body = modelFunction(expr).body;
  return (
    body.kind === "AttrSet" &&
    !body.recursive &&
    body.bindings.length > 0 &&
    body.bindings.every(
      (b) =>
        b.kind === "AttrBinding" &&
        // `test1 = { properties = ...; }` or `test1.properties.hostname = ...;`
        (attrKey(b.path[1]) === "properties" || hasProperties(unparenthesized(b.value))),
    )
  );
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
  const scope = Scope.empty();
  const body = plainSet(mf.body);
  const targets = properties(body?.bindings ?? [], scope, ctx, (_key, value) => {
    const set = plainSet(value);
    const spec = set && objectLiteral(set, scope, ctx);
    return spec ? `${dsl(ctx, "target")}(${spec})` : raw(value, scope, ctx);
  });
  if (!body || !targets || mf.formals.length > 0 || mf.bindings.length > 0)
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
    header: mf.comments.map(tsComment),
    closing: mf.closing.map(tsComment),
    dsl: ctx.dsl,
    constants: [],
    exported: `${dsl(ctx, "infrastructure")}(${printObject(targets ?? [], [])})`,
  };
}

/** `expr` as a set whose attributes do not depend on each other, or undefined. */
function plainSet(expr: Expr): AttrSetNode | undefined {
  const set = unparenthesized(expr);
  return set.kind === "AttrSet" && !readsItself(set) ? set : undefined;
}
