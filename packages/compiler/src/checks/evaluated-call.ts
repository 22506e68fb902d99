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

/** What a run of a call gave, `THREW` for a call that throws. */
const made = new WeakMap<ConstructorCall, unknown>();
const THREW: unique symbol = Symbol("threw");

/**
 * What `call` makes; undefined when it throws (reported where the call is
 * lowered), and for a record Nix computes (`computedRecord`), whose
 * attributes only Nix knows.
 */
export function evaluatedCall(call: ConstructorCall): unknown {
  const result = run(call);
  return result === THREW || isNixValue(result) ? undefined : result;
}

/**
 * Whether `call` makes a Disnix service record, given or computed by Nix
 * (`computedRecord`): anything but a managed process. False for a call
 * that throws, which makes nothing.
 */
export function makesServiceRecord(call: ConstructorCall): boolean {
  const result = run(call);
  return result !== THREW && !isManagedProcess(result);
}

function run(call: ConstructorCall): unknown {
  if (!made.has(call)) made.set(call, evaluate(call));
  return made.get(call);
}

function evaluate(call: ConstructorCall): unknown {
  try {
    return call.constructor.evaluate(call.args);
  } catch {
    return THREW;
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
