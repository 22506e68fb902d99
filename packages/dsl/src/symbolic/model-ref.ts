/** Model items that lower to references by name (`webapps = [ webapp ];`). */
import { MODEL_REF, type ModelRef } from "./term.js";
import { isNixValue } from "./value.js";

/** True for process instances, services and targets: values lowered as a reference to their name. */
export function isModelRef(value: unknown): value is ModelRef {
  return typeof value === "object" && value !== null && !isNixValue(value) && MODEL_REF in value;
}
