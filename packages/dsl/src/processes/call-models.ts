/**
 * Which constructors model each constructor call was made through
 * (`constructors.webapp({ ... })`). A services model names no constructors
 * model, and a run given only `services.ts` (or `processes.ts`) is given
 * none, yet the generated models import the one their calls were made
 * through: synth generates that one, as if it were given itself. Kept
 * beside the calls rather than on them, so that nothing walking a call's
 * properties walks into the whole model.
 */
import type { ConstructorCall } from "./constructor.js";
import type { ConstructorsModelInfo } from "./processes.js";

const models = new WeakMap<ConstructorCall, ConstructorsModelInfo>();

/** Records that `call` was made through `model`; returns the call. */
export function madeThrough<C extends ConstructorCall>(call: C, model: ConstructorsModelInfo): C {
  models.set(call, model);
  return call;
}

/** The constructors model `call` was made through, if it was made through one. */
export function constructorsModelOfCall(call: ConstructorCall): ConstructorsModelInfo | undefined {
  return models.get(call);
}
