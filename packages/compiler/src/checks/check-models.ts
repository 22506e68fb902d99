/** All whole-model checks over the models of one run. */
import { basename } from "node:path";
import type { DistributionModel, InfrastructureModel } from "@typenix/dsl/core";
import { uniqueDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { thrownDiagnostic, type ThrownContext } from "../diagnostics/thrown.js";
import { errorAt, type Located } from "../lower/context.js";
import type { Model } from "../synth/classify.js";
import { checkDeployment, checkServices } from "./disnix-checks.js";
import { checkInfrastructure } from "./infrastructure-checks.js";
import { checkProcessInterDeps } from "./inter-dependency-names.js";
import { checkProcesses } from "./process-checks.js";
import { checkReservedNames } from "./reserved-name-checks.js";
import type { ViewCache } from "./service-view.js";
import { withItemKeys } from "../lower/item-keys.js";

/** A model of the run, with the spec file it came from when known. */
type RunModel = Model & { readonly file?: string };

/** Runs the checks that apply to each model. */
export function checkModels(
  models: readonly RunModel[],
  locate?: ThrownContext["locate"],
): Diagnostic[] {
  return withItemKeys(() => checkEach(models, locate));
}

/** `checkModels`, in a run (see `withItemKeys`). */
function checkEach(models: readonly RunModel[], locate?: ThrownContext["locate"]): Diagnostic[] {
  // Spec code runs as the checks read a model (a `dependsOn` function, a
  // getter): what it throws is reported, and the other models are checked.
  const guarded = (at: Located, checks: () => Diagnostic[]): Diagnostic[] => {
    try {
      return checks();
    } catch (error) {
      return [thrownDiagnostic(error, { code: "TN1003", at: at.site, hint: CHECKS_HINT, locate })];
    }
  };
  // The views of each services model, made once for all the checks that
  // read them, and let go with them.
  const views: ViewCache = new Map();
  const diagnostics = models.flatMap((m) => guarded(m.model, () => checksOf(m, views)));
  for (const infrastructure of infrastructuresOf(models))
    diagnostics.push(...guarded(infrastructure, () => checkInfrastructure(infrastructure)));
  checkSameInfrastructure(models, diagnostics);
  for (const m of models)
    diagnostics.push(...guarded(m.model, () => checkReservedNames([m], views)));
  // Code that throws each time it runs throws for each check that reads it.
  return uniqueDiagnostics(diagnostics);
}

const CHECKS_HINT =
  "the spec's code threw while typenix read the model to check it (a dependsOn function, a getter)";

function checksOf(m: RunModel, views: ViewCache): Diagnostic[] {
  switch (m.kind) {
    case "services":
      return checkServices(m.model, views);
    case "distribution":
      return checkDeployment(m.model, views);
    case "processes":
      return [...checkProcesses(m.model), ...checkProcessInterDeps(m.model)];
    default:
      return [];
  }
}

/**
 * A distribution made with an infrastructure model other than the one the
 * run synthesizes (`distribution.ts` importing `./infrastructure-test.js`):
 * the distribution.nix written names its targets, and disnix-env reads it
 * with the infrastructure.nix written beside it, while the checks read the
 * one it was made with.
 */
function checkSameInfrastructure(models: readonly RunModel[], diagnostics: Diagnostic[]): void {
  const synthesized = models.filter(
    (m): m is Extract<RunModel, { kind: "infrastructure" }> => m.kind === "infrastructure",
  );
  if (synthesized.length === 0) return;
  for (const m of models) {
    if (m.kind !== "distribution") continue;
    const used = m.model.infrastructure;
    if (synthesized.some((s) => s.model === used)) continue;
    diagnostics.push(otherInfrastructure(m.model, synthesized));
  }
}

function otherInfrastructure(
  model: DistributionModel,
  synthesized: readonly Extract<RunModel, { kind: "infrastructure" }>[],
): Diagnostic {
  const files = synthesized.map((s) => (s.file === undefined ? "" : basename(s.file)));
  const named = files.every((f) => f !== "") ? ` (${files.join(", ")})` : "";
  const known = new Set(synthesized.flatMap((s) => Object.keys(s.model.targets)));
  const missing = Object.keys(model.infrastructure.targets).filter((t) => !known.has(t));
  return errorAt(
    model.site,
    "TN5033",
    `the distribution is made with an infrastructure model other than the one synthesized with it${named}${missing.length === 0 ? "" : `, which has no target ${missing.map((t) => `'${t}'`).join(", ")}`}`,
    "make the distribution with the infrastructure model that is synthesized (import it from the same file), or synthesize the one it is made with: disnix-env reads the distribution with the infrastructure written beside it, and the checks read the one it was made with",
  );
}

/**
 * Each infrastructure model once: the one a spec file exports is most often
 * also the one its distribution imports, and a distribution may use one no
 * file exports.
 */
function infrastructuresOf(models: readonly Model[]): Set<InfrastructureModel> {
  const found = new Set<InfrastructureModel>();
  for (const m of models) {
    if (m.kind === "infrastructure") found.add(m.model);
    else if (m.kind === "distribution") found.add(m.model.infrastructure);
  }
  return found;
}
