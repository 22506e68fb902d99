/**
 * The models the builders made. A spec file's default export is taken for a
 * model only when a builder made it: an object literal with the same `kind`
 * (`export default { kind: "processes" }`, which TypeScript accepts) has
 * none of a model's contents, and lowering it would fail deep inside the
 * compiler instead of at the spec file.
 */

/**
 * Every model made by a builder. A WeakSet rather than a property: nothing
 * a spec writes can add to it, and asking it runs no code of the value's
 * (a Proxy's traps, a getter).
 */
const BUILT_MODELS = new WeakSet<object>();

/** `model`, recorded as made by a builder (see `isBuiltModel`). */
export function builtModel<T extends object>(model: T): T {
  BUILT_MODELS.add(model);
  return model;
}

/** Whether `value` is a model a builder of the DSL made. */
export function isBuiltModel(value: unknown): value is object {
  return (typeof value === "object" || typeof value === "function") && value !== null
    ? BUILT_MODELS.has(value)
    : false;
}
