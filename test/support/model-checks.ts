/**
 * The whole-model checks of one model on its own, as the tests of a check
 * run them: the model classified as synth classifies a spec file's export.
 */
import { checkModels, classifyModel, type Diagnostic } from "@typenix/compiler";

/** The diagnostics of the checks of `model`; throws when it is no typenix model. */
export function checkedAlone(model: unknown): Diagnostic[] {
  const classified = classifyModel(model);
  if (!classified) throw new Error("not a model");
  return checkModels([classified]);
}

/** The diagnostics of the checks of `model`, each as `code: message`. */
export function checkMessages(model: unknown): string[] {
  return checkedAlone(model).map((d) => `${d.code}: ${d.message}`);
}
