/**
 * What a constructor parameter's zod schema tells the branch check: the
 * values to run the body with (each that a JavaScript decision is likely
 * to turn on: `false`, a left-out optional, each value of an enum, `""`,
 * `0`, a literal the body compares with), and whether the schema changes the values it is given, which the
 * generated Nix function cannot do. The schema is read through the
 * definition every zod schema carries, so the compiler loads no zod.
 */
import { schemaDef, type SchemaDef } from "@typenix/dsl/core";
import type { z } from "zod";

/** The most values one parameter is probed with (an enum may have many). */
const MAX_PROBES = 8;

/**
 * The string and number literals a body compares something with (`mode
 * === "fast"`, `case 80:`), read from its source text: a plain string or
 * number parameter is probed with them too, as no other value of it would
 * take that branch.
 */
export interface ComparedLiterals {
  readonly strings: readonly string[];
  readonly numbers: readonly number[];
}

/** How many compared literals of each kind a parameter is probed with at most. */
const MAX_COMPARED = 4;

/** A quoted literal without escapes or interpolation, on either side of `===`, `!==`, `==`, `!=` or after `case`. */
const COMPARED_STRING =
  /(?:[!=]==?|\bcase)\s*(["'`])([^"'`\\$\n]*)\1|(["'`])([^"'`\\$\n]*)\3\s*[!=]==?/g;
const COMPARED_NUMBER = /(?:[!=]==?|\bcase)\s*(-?\d+(?:\.\d+)?)\b|\b(\d+(?:\.\d+)?)\s*[!=]==?/g;

/** The literals the functions' source texts compare with (see `ComparedLiterals`). */
export function comparedLiterals(
  functions: readonly ((...args: never[]) => unknown)[],
): ComparedLiterals {
  const source = functions.map((f) => Function.prototype.toString.call(f)).join("\n");
  const strings = [...source.matchAll(COMPARED_STRING)].map((m) => m[2] ?? m[4] ?? "");
  const numbers = [...source.matchAll(COMPARED_NUMBER)].map((m) => Number(m[1] ?? m[2]));
  return {
    strings: [...new Set(strings)].slice(0, MAX_COMPARED),
    numbers: [...new Set(numbers)].slice(0, MAX_COMPARED),
  };
}

/**
 * The values to probe a parameter with, each one its schema accepts.
 * `derived` when the parameter has a derived default: the body then never
 * sees it left out.
 */
export function probeValues(
  schema: z.core.$ZodType,
  derived: boolean,
  compared: ComparedLiterals = { strings: [], numbers: [] },
): unknown[] {
  const accepts = (v: unknown): boolean => {
    try {
      return (schema as z.ZodType).safeParse(v).success;
    } catch {
      return false;
    }
  };
  const probes: unknown[] = [];
  for (const alternatives of candidates(schema, derived, compared)) {
    const index = alternatives.findIndex(accepts);
    const value = alternatives[index];
    if (index >= 0 && !probes.some((p) => Object.is(p, value))) probes.push(value);
  }
  return probes.slice(0, MAX_PROBES);
}

/**
 * Groups of values to try: of each group, the first the schema accepts is
 * a probe (an `int().min(1)` takes 1 where it refuses 0).
 */
function candidates(schema: unknown, derived: boolean, compared: ComparedLiterals): unknown[][] {
  const def: SchemaDef = schemaDef(schema) ?? { type: "unknown" };
  const inner = (leftOut: boolean): unknown[][] =>
    def.innerType ? candidates(def.innerType, leftOut, compared) : [];
  switch (def.type) {
    case "boolean":
      return [[false], [true]];
    case "optional":
      return [...(derived ? [] : [[undefined]]), ...inner(derived)];
    case "nullable":
      return [[null], ...inner(derived)];
    // The Nix function gives the default: the body never sees the parameter left out.
    case "default":
    case "prefault":
      return inner(true);
    case "readonly":
      return inner(derived);
    case "enum":
      return Object.values(def.entries ?? {}).map((v) => [v]);
    case "literal":
      return (def.values ?? []).map((v) => [v]);
    case "union":
      return (def.options ?? []).flatMap((o) => candidates(o, derived, compared));
    case "string":
      return [["", "x"], ...compared.strings.map((v) => [v])];
    case "number":
      return [[0, 1, 1024, 65535], ...compared.numbers.map((v) => [v])];
    case "array":
      return [[[]]];
    default:
      return [];
  }
}

/**
 * How the schema changes the values it is given, somewhere inside it
 * (`.transform`, `z.preprocess`, `z.coerce`, `.catch`, `.trim()` and other
 * overwrites), or undefined when it only checks them.
 */
export function valueChange(schema: unknown, seen = new Set<unknown>()): string | undefined {
  const def = schemaDef(schema);
  if (def === undefined || seen.has(schema)) return undefined;
  seen.add(schema);
  if (def.type === "transform") return ".transform (or z.preprocess)";
  if (def.type === "catch") return ".catch";
  if (def.coerce === true) return "z.coerce";
  if (def.checks?.some((c) => schemaDef(c)?.check === "overwrite"))
    return "an overwrite such as .trim() or .toLowerCase()";
  for (const child of children(def)) {
    const found = valueChange(child, seen);
    if (found) return found;
  }
  return undefined;
}

/** The schemas a schema is made of (the parts of objects, lists, unions, pipes...). */
function children(def: SchemaDef): unknown[] {
  const found: unknown[] = [];
  const add = (value: unknown): void => {
    if (schemaDef(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(add);
  };
  for (const key of ["innerType", "in", "out", "element", "keyType", "valueType", "rest"])
    add(def[key]);
  add(def.options);
  add(def.items);
  const shape = def["shape"];
  if (typeof shape === "object" && shape !== null) Object.values(shape).forEach(add);
  return found;
}
