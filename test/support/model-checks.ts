/**
 * The whole-model checks of one model on its own, as the tests of a check
 * run them: the model classified as synth classifies a spec file's export.
 */
import { checkModels, classifyModel, type Diagnostic } from "@typenix/compiler";
import {
  distribution,
  infrastructure,
  service,
  services,
  target,
  type ServiceRecord,
} from "@typenix/dsl";

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

/**
 * The messages of the checks of a deployment of `records`, each a service
 * under its key, all placed on one target, `test1`.
 */
export function messagesOnOneTarget(records: Readonly<Record<string, ServiceRecord>>): string[] {
  const infra = infrastructure({ test1: target({ properties: { hostname: "test1" } }) });
  const made = services(
    Object.fromEntries(Object.entries(records).map(([key, r]) => [key, service(r)])),
  );
  const deployed = distribution(made, infra, (t) =>
    Object.fromEntries(Object.keys(records).map((key) => [key, [t.test1]])),
  );
  return checkMessages(deployed);
}
