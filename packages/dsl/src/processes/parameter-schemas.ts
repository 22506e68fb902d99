/**
 * zod, and the schemas typenix adds to it, for the parameters of
 * constructors: what a spec file declares parameters with, and process
 * files (`defineProcess`), whose empty schema is zod's.
 *
 * This is the only module of the DSL that loads zod. The rest reads the
 * schemas it is given without it, so a deployment that declares no
 * constructor never pays for zod's start-up (see `./core.ts`).
 */
import { z } from "zod";
import type { NixData } from "../symbolic/term.js";
import { isNixValue, type NixValue } from "../symbolic/value.js";
import { SYMBOLIC_ONLY } from "../symbolic/types.js";

export { z };
// A process file's empty schema is zod's, so it is defined here too.
export * from "./process-file.js";

/**
 * A zod schema for a parameter that takes any model value (process
 * instances, symbolic values, nested data), e.g. `webapps: z.array(nixData())`.
 */
export function nixData(): z.ZodType<NixData> {
  return z.custom<NixData>(() => true);
}

/**
 * A zod schema for a parameter the constructor passes on to Nix as it is:
 * callers may give any model value, and the body sees it as a symbolic
 * value (which is what it is when the Nix function is generated), so it
 * fits any argument of `createManagedProcess`. `typenix import` uses it for
 * parameters whose type the Nix code does not tell.
 */
export function nixValue(): z.ZodType<NixValue, NixData> {
  return z.custom<NixData>(() => true) as unknown as z.ZodType<NixValue, NixData>;
}

/**
 * A zod schema for a symbolic value: a Nix expression only Nix evaluates,
 * such as `ids.webappPorts.webapp or 0`. `z.number().or(symbolicValue())`
 * takes a number or such a value.
 */
export function symbolicValue(): z.ZodType<NixValue> {
  return z.custom<NixValue>(SYMBOLIC_CHECK);
}

/**
 * The check of `symbolicValue()`, marked so that a union with it reads as
 * the type of its other members (see `schemaType`).
 */
const SYMBOLIC_CHECK = Object.assign((value: unknown) => isNixValue(value), {
  [SYMBOLIC_ONLY]: true,
});
