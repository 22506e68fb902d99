/**
 * Constructor calls run with their concrete arguments, for the checks that
 * read what a call makes: the services views (records built by
 * constructors) and the process names of process instances. A call is run
 * once, however many checks, models or keys reach it.
 */
import { isNixValue, type ConstructorCall } from "@typenix/dsl/core";

const made = new WeakMap<ConstructorCall, unknown>();

/**
 * What `call` makes; undefined when it throws (reported where the call is
 * lowered), and for a record Nix computes (`computedRecord`), whose
 * attributes only Nix knows.
 */
export function evaluatedCall(call: ConstructorCall): unknown {
  if (!made.has(call)) made.set(call, evaluate(call));
  return made.get(call);
}

function evaluate(call: ConstructorCall): unknown {
  try {
    const result: unknown = call.constructor.evaluate(call.args);
    return isNixValue(result) ? undefined : result;
  } catch {
    return undefined;
  }
}
