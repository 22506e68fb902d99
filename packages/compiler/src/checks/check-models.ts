/** All whole-model checks over the models of one run. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Model } from "../synth/classify.js";
import { checkDeployment, checkServices } from "./disnix-checks.js";
import { checkProcesses } from "./process-checks.js";

/** Runs the checks that apply to each model. */
export function checkModels(models: readonly Model[]): Diagnostic[] {
  return models.flatMap((m) => {
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
}
