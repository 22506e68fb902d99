/**
 * Importing Disnix distribution models: `{ infrastructure }: { webapp = [
 * infrastructure.test1 ]; }` becomes `distribution(services,
 * infrastructure, (t) => ({ webapp: [t.test1] }))`, importing the services
 * and infrastructure modules it places services from and onto. Both forms
 * are kept: target lists, and `{ targets = [ { target; container; } ]; }`.
 */
import type { Expr } from "../syntax/ast.js";
import type { ModuleSpec } from "./module.js";
import {
  exportComments,
  headerComments,
  letConstants,
  letValues,
  modelFunction,
} from "./model-function.js";
import {
  composedEntries,
  composition,
  computedOption,
  reportChangedArguments,
} from "./composition.js";
import { bindingComments } from "./comments.js";
import type { Problems } from "./problems.js";
import { propertyAccess, propertyKey, Scope } from "./scope.js";
import { attrKey, dsl, tsComment, type ImportContext } from "./translate.js";

/**
 * True for `{ infrastructure }: ...` (by the header alone: a body typenix
 * cannot import is then reported at its line), or `infrastructure: { ...
 * }` (any one-parameter function of placements, maybe merged with other
 * distribution files, computed by Nix in no part).
 */
export function isDistributionModel(expr: Expr): boolean {
  if (expr.kind !== "Lambda") return false;
  if (expr.param.kind !== "Identifier") return infrastructureName(expr) !== undefined;
  return composition(modelFunction(expr)).computed === undefined;
}

function infrastructureName(expr: Expr): string | undefined {
  if (expr.kind !== "Lambda") return undefined;
  if (expr.param.kind === "Identifier") return expr.param.name;
  const names = expr.param.formals.map((f) => f.name.name);
  return names.length === 1 && names[0] === "infrastructure" ? "infrastructure" : undefined;
}

/**
 * Where the distribution's services and infrastructure models come from
 * (module specifiers); undefined for one neither imported together with
 * it nor in the output directory, which is reported (TN6020): the
 * distribution names no file of either, so only the import can tell them.
 */
export interface DistributionSources {
  readonly services: string | undefined;
  readonly infrastructure: string | undefined;
}

/** What the distribution takes from each model, as a missing one is reported. */
const SOURCE_ROLES = {
  services: "places services of a services model",
  infrastructure: "places services on targets of an infrastructure model",
} as const;

/**
 * The module of a distribution model; `moduleOf` names the module of a
 * distribution file merged in with `//`.
 */
export function importDistribution(
  expr: Expr,
  sources: DistributionSources,
  moduleOf: (written: string) => string | undefined,
  ctx: ImportContext,
  problems: Problems,
): ModuleSpec {
  for (const kind of ["services", "infrastructure"] as const)
    if (sources[kind] === undefined)
      problems.report(
        expr,
        `the distribution ${SOURCE_ROLES[kind]}, which is neither imported together with it nor in the output directory`,
        "import them together: typenix import distribution.nix services.nix infrastructure.nix -o DIR",
        "TN6020",
      );
  const infra = infrastructureName(expr) ?? "infrastructure";
  const mf = modelFunction(expr);
  const composed = composition(mf);
  reportChangedArguments(composed, problems);
  const body = composed.own;
  // The `let` bindings, for the part computed in Nix: the placements name targets directly.
  const outer = Scope.empty().with([[infra, () => dsl(ctx, "infrastructureParam")]]);
  const bound = mf.bindings.filter((b) => !composed.mergedBindings.has(b));
  const { constants, scope } = letConstants(bound, outer, ctx);
  const computed = computedOption(composed, scope, ctx);
  if (computed !== undefined && infra !== "infrastructure")
    problems.report(
      expr,
      `the part computed in Nix reads the infrastructure as '${infra}', and the generated distribution.nix names it 'infrastructure'`,
      "name the parameter infrastructure: `{ infrastructure }:`",
    );
  const values = letValues(bound);
  const resolved = (e: Expr): Expr => letValue(e, values, infra);
  const target = (written: Expr): string => {
    const e = resolved(written);
    const key =
      e.kind === "Select" &&
      e.expr.kind === "Identifier" &&
      e.expr.name === infra &&
      e.path.length === 1
        ? attrKey(e.path[0])
        : undefined;
    if (key === undefined) {
      problems.report(
        written,
        `expected a target such as ${infra}.test1`,
        "distributions name targets of the infrastructure model directly",
      );
      return "t";
    }
    return `t${propertyAccess(key)}`;
  };
  const placements: string[] = [];
  if (body.kind === "AttrSet" && !body.recursive) {
    for (const b of body.bindings) {
      const key = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
      if (b.kind !== "AttrBinding" || key === undefined) {
        problems.report(
          b,
          "expected `service = [ targets ];`",
          "write each placement as its own binding",
        );
        continue;
      }
      const comments = bindingComments(b)
        .map((c) => `${tsComment(c)}\n`)
        .join("");
      const value = placement(b.value, resolved, target, problems);
      placements.push(`${comments}${propertyKey(key)}: ${value}`);
    }
  } else {
    problems.report(
      body,
      "the distribution must be a set of placements",
      "compute placements in TypeScript instead",
    );
  }
  const defaults = new Map([
    ["services", sources.services ?? "./services.js"],
    ["infrastructure", sources.infrastructure ?? "./infrastructure.js"],
  ]);
  const entries = composedEntries(composed, placements, "placements", moduleOf, ctx, defaults);
  const options = computed === undefined ? "" : `, {\n${computed} }`;
  return {
    header: headerComments(mf),
    ...exportComments(mf),
    dsl: new Set([...ctx.dsl, dsl(ctx, "distribution")]),
    defaults,
    constants,
    exported: `distribution(services, infrastructure, (t) => ({\n${entries.join(",\n")}\n})${options})`,
  };
}

/**
 * `e` with the `let` names it is written as read through to their values
 * (`test1` of `inherit (infrastructure) test1;` is `infrastructure.test1`),
 * as Nix reads them; a name the infrastructure parameter hides, or one
 * bound in a cycle, stays.
 */
function letValue(e: Expr, values: ReadonlyMap<string, Expr>, infra: string): Expr {
  const seen = new Set<string>();
  let value = e;
  for (;;) {
    if (value.kind === "Paren") value = value.expr;
    else if (value.kind === "Identifier" && value.name !== infra && !seen.has(value.name)) {
      const bound = values.get(value.name);
      if (bound === undefined) return value;
      seen.add(value.name);
      value = bound;
    } else return value;
  }
}

/**
 * The targets of a list of them, also one joined from lists with `++`
 * (`[ infrastructure.test1 ] ++ both`); undefined for another value, and
 * for a join that holds itself (`both = both ++ [ ]`), which Nix cannot
 * evaluate either.
 */
function targetList(
  value: Expr,
  resolved: (e: Expr) => Expr,
  joining: ReadonlySet<Expr> = new Set(),
): readonly Expr[] | undefined {
  const e = resolved(value);
  if (e.kind === "List") return e.items;
  if (e.kind !== "Binary" || e.op !== "++" || joining.has(e)) return undefined;
  const inner = new Set([...joining, e]);
  const left = targetList(e.left, resolved, inner);
  const right = targetList(e.right, resolved, inner);
  return left && right ? [...left, ...right] : undefined;
}

function placement(
  written: Expr,
  resolved: (e: Expr) => Expr,
  target: (e: Expr) => string,
  problems: Problems,
): string {
  const list = targetList(written, resolved);
  if (list) return `[${list.map(target).join(", ")}]`;
  const value = resolved(written);
  const targets =
    value.kind === "AttrSet" &&
    value.bindings.length === 1 &&
    value.bindings[0]?.kind === "AttrBinding"
      ? value.bindings[0]
      : undefined;
  if (
    targets?.kind !== "AttrBinding" ||
    attrKey(targets.path[0]) !== "targets" ||
    targets.value.kind !== "List"
  ) {
    problems.report(
      written,
      "expected a list of targets or { targets = [ ... ]; }",
      "see the two distribution forms of Disnix",
    );
    return "[]";
  }
  const items = targets.value.items.map((item) => {
    if (item.kind !== "AttrSet") {
      problems.report(
        item,
        "expected { target = ...; container = ...; }",
        "name each target and its container",
      );
      return "{}";
    }
    const fields = item.bindings.map((b) => {
      const key = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
      if (b.kind !== "AttrBinding" || (key !== "target" && key !== "container")) {
        problems.report(
          b,
          "only `target` and `container` may be given here",
          "remove the other attributes",
        );
        return "";
      }
      if (key === "target") return `target: ${target(b.value)}`;
      const container = b.value.kind === "String" ? attrKey(b.value) : undefined;
      if (container === undefined)
        problems.report(
          b.value,
          "the container must be a plain string",
          "write the container name literally",
        );
      return `container: ${JSON.stringify(container ?? "")}`;
    });
    return `{ ${fields.filter((f) => f !== "").join(", ")} }`;
  });
  return `{ targets: [${items.join(", ")}] }`;
}
