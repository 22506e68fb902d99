/**
 * The Nix type of model values, as far as spec code tells it: concrete
 * values, `nix.local` values bound to them, constructor parameters declared
 * with a schema, and what operators make of those. Worked out only where it
 * matters (a symbolic value in a string, a list's `.length`), never for
 * every value made.
 */
import {
  HEADER_BINDING,
  type NixData,
  type NixOperator,
  type NixTerm,
  type NixType,
} from "./term.js";
import { isNixValue, symbolic, termOf, type NixValue } from "./value.js";
import { schemaDef, type SchemaDef } from "../processes/schema-def.js";

/** The Nix type of a model value, when known. */
export function nixTypeOf(value: NixData): NixType | undefined {
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "boolean":
      return "boolean";
    case "string":
      return "string";
  }
  if (Array.isArray(value)) return "list";
  return isNixValue(value) ? termType(termOf(value)) : undefined;
}

/** The Nix type of a symbolic term's value, when known. */
export function termType(term: NixTerm): NixType | undefined {
  switch (term.kind) {
    case "ref":
    case "call":
      return term.type;
    case "local":
    case "data":
      return nixTypeOf(term.value);
    case "string":
      return "string";
    case "not":
      return "boolean";
    case "binary":
      return binaryType(term.op, nixTypeOf(term.left), nixTypeOf(term.right));
    case "if": {
      const then = nixTypeOf(term.then);
      return then === nixTypeOf(term.else) ? then : undefined;
    }
    case "let":
      return nixTypeOf(term.body);
    default:
      return undefined;
  }
}

const BOOLEAN_OPERATORS: ReadonlySet<NixOperator> = new Set([
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
]);

/** The type of `left op right` in Nix (`+` also joins strings and paths). */
function binaryType(
  op: NixOperator,
  left: NixType | undefined,
  right: NixType | undefined,
): NixType | undefined {
  if (BOOLEAN_OPERATORS.has(op)) return "boolean";
  if (op === "++") return "list";
  if (op === "//") return undefined;
  if (op === "+" && left === "string") return "string";
  return numericType(left, right);
}

const NUMBERS: ReadonlySet<NixType | undefined> = new Set(["int", "float", "number"]);

/** Arithmetic on two numbers: a float if either is one, as in Nix. */
function numericType(left: NixType | undefined, right: NixType | undefined): NixType | undefined {
  if (!NUMBERS.has(left) || !NUMBERS.has(right)) return undefined;
  if (left === "float" || right === "float") return "float";
  return left === "int" && right === "int" ? "int" : "number";
}

/**
 * The Nix type of the values a zod schema accepts, when it is one lowering
 * cares about. Read from the definition every zod schema carries, so this
 * needs no zod of its own. `z.number()` takes floats too: Nix's `toString`
 * writes them with six decimals where JavaScript writes the shortest form.
 */
export function schemaType(schema: unknown): NixType | undefined {
  const def = schemaDef(schema);
  switch (def?.type) {
    case "number":
      return isIntegerFormat(def) ? "int" : "number";
    case "bigint":
      return "int";
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "enum":
      return commonType(Object.values(def.entries ?? {}).map((v) => nixTypeOf(v as NixData)));
    case "literal":
      return commonType((def.values ?? []).filter(isSomething).map((v) => nixTypeOf(v as NixData)));
    case "union":
      // Null is a value of its own in a string (see `schemaMayBeNull`); a
      // symbolic value one only Nix knows, of the type of the others
      // (`z.int().or(symbolicValue())`, as `typenix import` writes).
      return commonType(
        (def.options ?? []).filter((o) => !isNothing(o) && !isSymbolicOnly(o)).map(schemaType),
      );
    case "pipe":
      return pipedType(def);
    case "array":
    case "tuple":
      return "list";
    case "object":
    case "record":
      return "set";
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
    case "nonoptional":
    case "readonly":
      return schemaType(def.innerType);
    default:
      return undefined;
  }
}

/**
 * Marks the check of `symbolicValue()` (on the function, as each copy of
 * the DSL makes its own): a union with it holds the other members' values
 * or a Nix expression of the same type.
 */
export const SYMBOLIC_ONLY: unique symbol = Symbol.for("typenix.symbolicValue");

/** Whether `schema` is a `symbolicValue()`. */
function isSymbolicOnly(schema: unknown): boolean {
  const def = schemaDef(schema);
  const check = def?.type === "custom" ? def.fn : undefined;
  return typeof check === "function" && SYMBOLIC_ONLY in check;
}

/**
 * A `.pipe(...)`: values of `in` that `out` accepts, so the narrower of
 * the two types (`z.int().pipe(z.number())` gives integers). A transform
 * has no type that can be read (and changes the value: see TN2011).
 */
function pipedType(def: SchemaDef): NixType | undefined {
  if (schemaDef(def.out)?.type === "transform") return undefined;
  const types = [schemaType(def.in), schemaType(def.out)];
  const [input, output] = types;
  if (input === undefined || output === undefined) return input ?? output;
  if (input === output) return input;
  if (types.includes("int") && types.every((t) => NUMBERS.has(t) || t === "scalar")) return "int";
  return output;
}

/** Types a union may mix and still be written in a string (see `commonType`). */
const SCALARS: ReadonlySet<NixType | undefined> = new Set([
  ...NUMBERS,
  "string",
  "boolean",
  "scalar",
]);

/**
 * The type values of all of `types` have in a string: theirs, when they
 * agree; a number when they are numbers, or numbers and strings (Nix's
 * `toString` gives a string itself, and an integer as JavaScript does);
 * `scalar` when booleans are among strings and integers. A union that may
 * hold a fraction is a number whatever else it holds: it is reported in a
 * string all the same.
 */
function commonType(types: readonly (NixType | undefined)[]): NixType | undefined {
  const [first] = types;
  if (types.every((t) => t === first)) return first;
  if (!types.every((t) => SCALARS.has(t))) return undefined;
  if (types.some((t) => t === "float")) return "float";
  if (types.some((t) => t === "number")) return "number";
  return types.some((t) => t === "boolean" || t === "scalar") ? "scalar" : "int";
}

/** Whether `value` (of a `z.literal`) is neither null nor undefined. */
function isSomething(value: unknown): boolean {
  return value !== null && value !== undefined;
}

/** `z.null()`, `z.undefined()`, `z.void()`, `z.literal(null)`: a schema of no value. */
function isNothing(schema: unknown): boolean {
  const def = schemaDef(schema);
  if (def?.type === "literal") return !(def.values ?? []).some(isSomething);
  return def?.type === "null" || def?.type === "undefined" || def?.type === "void";
}

/**
 * Whether a parameter of schema `schema` can be null in the Nix function
 * (where a parameter left out is null) or in the spec: `.optional()` with
 * nothing to stand in when it is left out, or `.nullable()`.
 */
export function schemaMayBeNull(schema: unknown): boolean {
  const def = schemaDef(schema);
  if (def?.type === "optional") return true;
  return acceptsNull(schema);
}

/**
 * Whether null (or undefined, which a left-out parameter is in the Nix
 * function) is a value of `schema`; a default stands in for a left-out
 * value, not for null.
 */
function acceptsNull(schema: unknown): boolean {
  const def = schemaDef(schema);
  if (isNothing(schema)) return true;
  switch (def?.type) {
    case "nullable":
      return true;
    case "union":
      return (def.options ?? []).some(acceptsNull);
    case "literal":
      return !(def.values ?? []).every(isSomething);
    case "default":
    case "prefault":
    case "optional":
    case "nonoptional":
    case "readonly":
      return acceptsNull(def.innerType);
    default:
      return false;
  }
}

/** `z.int()`, `z.number().int()` and the like. */
function isIntegerFormat(def: SchemaDef): boolean {
  const formats = [def.format, ...(def.checks ?? []).map((c) => schemaDef(c)?.format)];
  return formats.some((f) => f !== undefined && /int/.test(f));
}

/**
 * A parameter of a constructor's Nix function as a symbolic value, carrying
 * the type its schema declares.
 */
export function parameter(name: string, schema: unknown, derivedDefault = false): NixValue {
  return headerParameter(name, schemaType(schema), !derivedDefault && schemaMayBeNull(schema));
}

/** A parameter of the generated function, of the type given if any. */
export function headerParameter(name: string, type?: NixType, nullable = false): NixValue {
  const binding = HEADER_BINDING;
  const typed = type === undefined ? { name } : { name, type };
  return symbolic({ kind: "ref", ...typed, binding, ...(nullable ? { nullable } : {}) });
}
