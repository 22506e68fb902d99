/**
 * Importing infrastructure models: a plain attribute set of targets becomes
 * `infrastructure({ name: target({ ... }) })`.
 */
import type { Expr } from "../syntax/ast.js";
import type { ModuleSpec } from "./module.js";
import { modelFunction } from "./model-function.js";
import type { Problems } from "./problems.js";
import { Scope } from "./scope.js";
import {
  attrKey,
  dsl,
  printObject,
  properties,
  translate,
  tsComment,
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
        (attrKey(b.path[1]) === "properties" ||
          (b.value.kind === "AttrSet" &&
            b.value.bindings.some(
              (t) => t.kind === "AttrBinding" && attrKey(t.path[0]) === "properties",
            ))),
    )
  );
}

/** The module of an infrastructure model. */
export function importInfrastructure(
  expr: Expr,
  ctx: ImportContext,
  problems: Problems,
): ModuleSpec {
  const mf = modelFunction(expr);
  const scope = Scope.empty();
  const targets = properties(
    mf.body.kind === "AttrSet" ? mf.body.bindings : [],
    scope,
    ctx,
    (_key, value) =>
      value.kind === "AttrSet" && !value.recursive
        ? `${dsl(ctx, "target")}(${translate(value, scope, ctx)})`
        : undefined,
  );
  if (!targets || mf.formals.length > 0 || mf.bindings.length > 0)
    problems.report(
      mf.body,
      "an infrastructure model must be a plain set of targets",
      "write each target as `name = { properties = { ... }; };`",
    );
  return {
    header: mf.comments.map(tsComment),
    dsl: ctx.dsl,
    constants: [],
    exported: `${dsl(ctx, "infrastructure")}(${printObject(targets ?? [], [])})`,
  };
}
