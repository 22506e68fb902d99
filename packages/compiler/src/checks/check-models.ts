/** All whole-model checks over the models of one run. */
import type { InfrastructureModel } from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Model } from "../synth/classify.js";
import { checkDeployment, checkServices } from "./disnix-checks.js";
import { checkInfrastructure } from "./infrastructure-checks.js";
import { checkProcesses } from "./process-checks.js";

/** Runs the checks that apply to each model. */
export function checkModels(models: readonly Model[]): Diagnostic[] {
  const diagnostics = models.flatMap((m) => {
    switch (m.kind) {
      case "services":
        return checkServices(m.model);
      case "distribution":
        return checkDeployment(m.model);
      case "processes":
        return checkProcesses(m.model);
      default:
        return [];
    }
  });
  for (const infrastructure of infrastructuresOf(models))
    diagnostics.push(...checkInfrastructure(infrastructure));
  return diagnostics;
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
