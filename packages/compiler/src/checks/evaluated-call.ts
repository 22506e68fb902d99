/**
 * Constructor calls run with their concrete arguments, for the checks that
 * read what a call makes: the services views (records built by
 * constructors) and the process names of process instances. A call is run
 * once, however many checks, models or keys reach it.
 */
import {
  hasSentinels,
  isConstructorCall,
  isManagedProcess,
  isNixValue,
  type ConstructorCall,
} from "@typenix/dsl/core";
import { specName } from "../specs/spec-directories.js";

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

/**
 * The name of the process a constructor call makes (`name`, else
 * `instanceName`), when the call gives it as plain text; undefined for
 * anything else, and where only Nix can tell (the JSON specs check those).
 */
export function processNameOf(pkg: unknown): string | undefined {
  if (!isConstructorCall(pkg)) return undefined;
  const process = evaluatedCall(pkg);
  if (!isManagedProcess(process)) return undefined;
  const name = specName(process.args as Readonly<Record<string, unknown>>);
  return name === undefined || hasSentinels(name) ? undefined : name;
}
