/**
 * What a zod schema declares, read from the definition every zod schema
 * carries (`schema._zod.def`) rather than by class: the modules reading
 * parameter schemas need no zod of their own (see `../core.ts`), and
 * schemas made by another copy of zod read the same.
 */

/** A schema's definition, as far as typenix reads it. */
export interface SchemaDef {
  /** `"string"`, `"number"`, `"default"`, `"optional"`, `"object"`, `"transform"`, ... */
  readonly type: string;
  /** The format of a `z.int()`, `z.email()`, ... */
  readonly format?: string;
  /** `z.coerce.*`: the schema converts what it is given. */
  readonly coerce?: boolean;
  /** The value of `.default(value)`. */
  readonly defaultValue?: unknown;
  /** The schema that `.default`, `.optional`, `.readonly`, ... wrap. */
  readonly innerType?: unknown;
  /** What a `z.looseObject` or `.catchall(...)` takes beyond its shape. */
  readonly catchall?: unknown;
  /** `.int()`, `.trim()` and the other checks, each with a definition of its own. */
  readonly checks?: readonly unknown[];
  /** What a check is: `"overwrite"` (`.trim()`, `.toLowerCase()`), `"min_length"`, ... */
  readonly check?: string;
  /** The values of a `z.enum`, by name. */
  readonly entries?: Readonly<Record<string, unknown>>;
  /** The values of a `z.literal`. */
  readonly values?: readonly unknown[];
  /** The members of a union. */
  readonly options?: readonly unknown[];
  /** Other parts, by name (`shape`, `element`, `in`, `out`, `items`, ...). */
  readonly [part: string]: unknown;
}

/** The definition of `schema`, or undefined for what is not a zod schema. */
export function schemaDef(schema: unknown): SchemaDef | undefined {
  if (typeof schema !== "object" || schema === null || !("_zod" in schema)) return undefined;
  return (schema as { _zod?: { def?: SchemaDef } })._zod?.def;
}

/** Whether `value` is a zod schema (anything carrying a definition). */
export function isSchema(value: unknown): boolean {
  return schemaDef(value) !== undefined;
}
