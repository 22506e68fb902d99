/**
 * The timers spec files set as they run. Node runs a script's timers
 * before it ends, so a spec's `setTimeout(f, 50)` is run before its model
 * is read, as it is of `setTimeout(f, 0)`: what `f` throws is then
 * reported at its line, not by Node after the command has moved on. A
 * timer repeating (`setInterval`) that is still running when the others
 * are done would never let the spec end: it is cleared and reported.
 */
import { syncBuiltinESMExports } from "node:module";
import timers from "node:timers";
import { promisify } from "node:util";

/** A repeating timer a spec left running, and the stack of its `setInterval` call. */
export interface LeftInterval {
  readonly stack: string | undefined;
}

/** The timer functions spec code calls, as the global object holds them. */
interface TimerFunctions {
  setTimeout: typeof globalThis.setTimeout;
  setInterval: typeof globalThis.setInterval;
  clearTimeout: typeof globalThis.clearTimeout;
  clearInterval: typeof globalThis.clearInterval;
}

/** A timer spec code set and that has neither run nor been cleared. */
interface PendingTimer {
  readonly handle: NodeJS.Timeout;
  readonly repeats: boolean;
  readonly stack: string | undefined;
}

/**
 * Runs `load` with the timer functions (the global ones, and those of
 * `node:timers`) tracking what spec code sets,
 * then waits for the timeouts it left (and those they set in turn), as Node
 * would before a script ends. A timeout that does not keep Node running
 * (`unref()`) is cleared instead, as Node would drop it; repeating timers
 * still running then are cleared and returned.
 */
export async function withSpecTimers(load: () => Promise<void>): Promise<LeftInterval[]> {
  const own = pick(globalThis);
  const pending = new Map<NodeJS.Timeout, PendingTimer>();
  let settled: (() => void) | undefined;
  const done = (handle: NodeJS.Timeout): void => {
    pending.delete(handle);
    settled?.();
  };
  const tracked = tracking(own, pending, done);
  // The module's too: spec code may import them (`import { setTimeout } from "node:timers"`).
  const ownModule = pick(timers);
  Object.assign(globalThis, tracked);
  Object.assign(timers, tracked);
  syncBuiltinESMExports();
  try {
    await load();
    for (;;) {
      const waiting = [...pending.values()].filter((t) => !t.repeats && t.handle.hasRef());
      if (waiting.length === 0) break;
      await new Promise<void>((resolve) => (settled = resolve));
      settled = undefined;
    }
    return clearLeft(own, pending);
  } finally {
    Object.assign(globalThis, own);
    Object.assign(timers, ownModule);
    syncBuiltinESMExports();
  }
}

function pick(source: TimerFunctions): TimerFunctions {
  const { setTimeout, setInterval, clearTimeout, clearInterval } = source;
  return { setTimeout, setInterval, clearTimeout, clearInterval };
}

/** Timer functions that record what they set in `pending`, and call `done` when one ends. */
function tracking(
  own: TimerFunctions,
  pending: Map<NodeJS.Timeout, PendingTimer>,
  done: (handle: NodeJS.Timeout) => void,
): TimerFunctions {
  const set = (repeats: boolean) =>
    withPromisified(
      repeats ? own.setInterval : own.setTimeout,
      (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
        const stack = new Error().stack;
        const handle: NodeJS.Timeout = (repeats ? own.setInterval : own.setTimeout)(
          (...given: unknown[]) => {
            // A timeout ends as it runs, even when its callback throws.
            if (!repeats) done(handle);
            callback(...given);
          },
          delay,
          ...args,
        );
        pending.set(handle, { handle, repeats, stack });
        return handle;
      },
    );
  const clear = (clearOwn: (handle: NodeJS.Timeout | number | undefined) => void) =>
    ((handle: NodeJS.Timeout | number | undefined) => {
      clearOwn(handle);
      // Node also clears a timer by its number (`clearTimeout(+handle)`).
      const timer =
        typeof handle === "object" ? handle : [...pending.keys()].find((t) => +t === handle);
      if (timer !== undefined && pending.has(timer)) done(timer);
    }) as never;
  return {
    setTimeout: set(false),
    setInterval: set(true),
    clearTimeout: clear(own.clearTimeout),
    clearInterval: clear(own.clearInterval),
  };
}

/**
 * `wrapper` with `original`'s promisified form (`util.promisify(setTimeout)`,
 * which Node gives as `timers/promises`' function): without it, promisify
 * would call the wrapper with a callback for the delay. That form sets no
 * timer the wrapper sees: it is a promise, which the spec awaits or rejects.
 */
function withPromisified(original: object, wrapper: (...args: never[]) => unknown): never {
  const custom: unknown = (original as Record<symbol, unknown>)[promisify.custom];
  Object.defineProperty(wrapper, promisify.custom, { value: custom });
  return wrapper as never;
}

/** Clears the timers left pending; the repeating ones among them, which never end, are returned. */
function clearLeft(
  own: TimerFunctions,
  pending: Map<NodeJS.Timeout, PendingTimer>,
): LeftInterval[] {
  const left: LeftInterval[] = [];
  for (const timer of pending.values()) {
    own.clearTimeout(timer.handle);
    if (timer.repeats && timer.handle.hasRef()) left.push({ stack: timer.stack });
  }
  return left;
}
