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
 * The keys listed in the run going on (see `withItemKeys`), once for each
 * set of items: lowering and the checks both need them, and listing the
 * keys of 10,000 services, or of their placements, costs (the engine sorts
 * them). None between runs: a caller may change a model's items before
 * the next.
 */
let made:
  | { readonly keys: WeakMap<object, readonly string[]>; readonly items: WeakMap<object, ItemKeys> }
  | undefined;

/**
 * Runs `run` as one run of synth or of the checks: the keys of each set of
 * items are read once in it, and read again by the next. A run inside a
 * run is part of it.
 */
export function withItemKeys<T>(run: () => T): T {
  if (made !== undefined) return run();
  made = { keys: new WeakMap(), items: new WeakMap() };
  try {
    return run();
  } finally {
    made = undefined;
  }
}

/** `Object.keys(items)`, listed once for the run going on. */
export function recordKeys(items: Readonly<Record<string, unknown>>): readonly string[] {
  let keys = made?.keys.get(items);
  if (keys === undefined) {
    keys = Object.keys(items);
    made?.keys.set(items, keys);
  }
  return keys;
}

/** The keys of `items`, and the place of each item among them (kept for the run going on). */
export function itemKeys(items: Readonly<Record<string, unknown>>): ItemKeys {
  let found = made?.items.get(items);
  if (found === undefined) {
    found = keysOf(items);
    made?.items.set(items, found);
  }
  return found;
}

function keysOf(items: Readonly<Record<string, unknown>>): ItemKeys {
  const keys = recordKeys(items);
  const indexOf = new Map<unknown, number>();
  // Indexed: until the engine optimizes it, `for...of` allocates for each key.
  for (let i = 0; i < keys.length; i++) indexOf.set(items[keys[i] as string], i);
  return { keys, indexOf };
}
