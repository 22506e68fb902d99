/**
 * The keys of a model's items (its services, its process instances) and
 * the place of each item among them: lowering names the items a model
 * refers to by key, and the checks find the view of each service by it.
 */

/** The keys of a set of items, and the place of each item among them. */
export interface ItemKeys {
  /** The keys, in the set's order. */
  readonly keys: readonly string[];
  /** The place in `keys` of each item: of its last key, for one under several. */
  readonly indexOf: ReadonlyMap<unknown, number>;
}

/**
 * Made once for each set of items: lowering and the checks both need it,
 * and a map of 10,000 services costs (sets are made anew by each run).
 */
const made = new WeakMap<object, ItemKeys>();

/** The keys of `items`, and the place of each item among them. */
export function itemKeys(items: Readonly<Record<string, unknown>>): ItemKeys {
  let found = made.get(items);
  if (found === undefined) {
    const keys = Object.keys(items);
    const indexOf = new Map<unknown, number>();
    // Indexed: until the engine optimizes it, `for...of` allocates for each key.
    for (let i = 0; i < keys.length; i++) indexOf.set(items[keys[i] as string], i);
    found = { keys, indexOf };
    made.set(items, found);
  }
  return found;
}
