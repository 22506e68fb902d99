/**
 * The dependency attributes of a Disnix service record (`dependsOn`,
 * `connectsTo`, `activatesAfter`), as a services model writes them and
 * as a constructor's `build` returns them in a record.
 */
import { isNixValue, type NixData, type ServiceRecord, type ServiceRefs } from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lowerAt, valueErrorAt, type Located, type LowerContext } from "./context.js";

/** The attributes of a service record that name other services. */
export const DEPENDENCY_KEYS = ["dependsOn", "connectsTo", "activatesAfter"] as const;

/** The services a dependency attribute names, with thunks resolved. */
export function dependencyRefs(refs: ServiceRecord["dependsOn"]): ServiceRefs {
  return typeof refs === "function" ? refs() : (refs ?? {});
}

/**
 * TN3077 for each dependency of `refs` (the object under `key`) that is
 * `undefined`: an attribute set would leave it out, as JavaScript reads an
 * optional property, though the service's pkg takes it. `hint` says what
 * to give for the name; `report` places the diagnostic (by default as is).
 * (Both are functions made once, not for each call: this runs for every
 * dependency attribute of every service.)
 */
function reportUndefinedDependencies(
  refs: Readonly<Record<string, unknown>>,
  key: string,
  ctx: LowerContext,
  at: Located,
  hint: (name: string, key: string) => string,
  report: (diagnostic: Diagnostic) => Diagnostic = asIs,
): void {
  const names = Object.keys(refs).filter((name) => refs[name] === undefined);
  reportUndefinedNames(names, key, ctx, at, hint, report);
}

/**
 * TN3077 for each of `names`, dependencies under `key` that are
 * `undefined` (see `reportUndefinedDependencies`), inserted in
 * `ctx.diagnostics` at `index` (by default at its end): where they were
 * found after the set's other values were lowered, they still come before
 * what lowering those reported.
 */
export function reportUndefinedNames(
  names: readonly string[],
  key: string,
  ctx: LowerContext,
  at: Located,
  hint: (name: string, key: string) => string,
  report: (diagnostic: Diagnostic) => Diagnostic = asIs,
  index = ctx.diagnostics.length,
): void {
  const found = names.map((name) => {
    const message = `the dependency '${name}' is undefined, not a service (was it not made yet where the ${key} object is written?)`;
    return lowerAt(ctx, [name], () =>
      report(valueErrorAt(ctx, at.site, "TN3077", message, hint(name, key))),
    );
  });
  ctx.diagnostics.splice(index, 0, ...found);
}

function asIs(diagnostic: Diagnostic): Diagnostic {
  return diagnostic;
}

/**
 * TN3077 for the undefined dependencies of a record a constructor's
 * `build` returns (a container provider's): written in `build`, so its
 * diagnostics are located there (`build.dependsOn.db`). Its dependency
 * sets may be Nix values (a parameter, `interDeps`): the record's
 * generated file has no services to name, so those are no mistake.
 */
export function reportUndefinedRecordDependencies(
  record: Readonly<Record<string, unknown>>,
  ctx: LowerContext,
  at: Located,
): void {
  const inBuild = (d: Diagnostic): Diagnostic =>
    d.valuePath ? { ...d, valuePath: ["build", ...d.valuePath] } : d;
  for (const key of DEPENDENCY_KEYS) {
    const refs = record[key];
    if (typeof refs !== "object" || refs === null || Array.isArray(refs)) continue;
    if (isNixValue(refs as NixData)) continue;
    lowerAt(ctx, [key], () =>
      reportUndefinedDependencies(
        refs as Record<string, unknown>,
        key,
        ctx,
        at,
        recordDependencyHint,
        inBuild,
      ),
    );
  }
}

/** What to give a record's undefined dependency `name`, as `build` returns it (TN3077). */
function recordDependencyHint(name: string): string {
  return `give '${name}' a value: a constructor's generated file sees none of a model's services, so pass it in as a parameter, or declare the dependency in the services model, on a service written as a record there`;
}
