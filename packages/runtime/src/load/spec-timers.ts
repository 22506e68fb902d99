/**
 * The timers spec code sets as it runs. Node runs a script's timers
 * before it ends, so a spec's `setTimeout(f, 50)` is run before its model
 * is read, as it is of `setTimeout(f, 0)`: what `f` throws is then
 * reported at its line, not by Node after the command has moved on. A
 * timer repeating (`setInterval`) that is still running when the others
 * are done would never let the spec end: it is cleared and reported.
 *
 * Spec code sets timers through the global functions, those of
 * `node:timers`, the promises of `node:timers/promises` (which
 * `util.promisify(setTimeout)` gives too) and its `scheduler`: all are
 * followed alike.
 */
import { syncBuiltinESMExports } from "node:module";
import timers from "node:timers";
import timersPromises from "node:timers/promises";
import { promisify } from "node:util";

/** A repeating timer a spec left running, and the stack of the call that set it. */
export interface LeftInterval {
  readonly stack: string | undefined;
  /** Set by `node:timers/promises`' `setInterval`, iterated (`for await`), rather than with a callback. */
  readonly iterated: boolean;
}

/** The timer functions spec code calls, as the global object holds them. */
interface TimerFunctions {
  setTimeout: typeof globalThis.setTimeout;
  setInterval: typeof globalThis.setInterval;
  setImmediate: typeof globalThis.setImmediate;
  clearTimeout: typeof globalThis.clearTimeout;
  clearInterval: typeof globalThis.clearInterval;
  clearImmediate: typeof globalThis.clearImmediate;
}

/** The promise forms of the timer functions, as `node:timers/promises` holds them. */
type PromiseTimerFunctions = Pick<
  typeof timersPromises,
  "setTimeout" | "setImmediate" | "setInterval" | "scheduler"
>;

/** A timer spec code set and that has neither ended nor been cleared. */
interface PendingTimer {
  readonly repeats: boolean;
  readonly iterated: boolean;
  readonly stack: string | undefined;
  /** Whether it keeps Node running: not `unref()`ed, not set with `{ ref: false }`. */
  keepsAlive(): boolean;
  /** Clears it. */
  stop(): void;
}

/**
 * Runs `run` with the timer functions tracking what spec code sets. `run`
 * is given `settled`, which waits for the timeouts spec code left (and
 * those they set in turn), as Node would before a script ends; they are
 * waited for once more after `run`. A timeout that does not keep Node
 * running (`unref()`) is cleared instead, as Node would drop it;
 * repeating timers still running then are cleared and returned. The
 * promise of one cleared never settles: Node would have ended first.
 */
export async function withSpecTimers<T>(
  run: (settled: () => Promise<void>) => Promise<T>,
): Promise<{ value: T; left: LeftInterval[] }> {
  const own = pick(globalThis);
  // The module's too: spec code may import them (`import { setTimeout } from "node:timers"`).
  const ownModule = pick(timers);
  const ownPromises = pickPromises(timersPromises);
  const pending = new Pending(own);
  const promiseForms = trackingPromises(ownPromises, pending);
  const tracked = tracking(own, pending, promiseForms);
  Object.assign(globalThis, tracked);
  Object.assign(timers, tracked);
  Object.assign(timersPromises, promiseForms);
  syncBuiltinESMExports();
  try {
    const value = await run(() => pending.settled());
    await pending.settled();
    return { value, left: pending.clearLeft() };
  } finally {
    Object.assign(globalThis, own);
    Object.assign(timers, ownModule);
    Object.assign(timersPromises, ownPromises);
    syncBuiltinESMExports();
  }
}

function pick(source: TimerFunctions): TimerFunctions {
  const { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate } =
    source;
  return { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate };
}

function pickPromises(source: PromiseTimerFunctions): PromiseTimerFunctions {
  const { setTimeout, setImmediate, setInterval, scheduler } = source;
  return { setTimeout, setImmediate, setInterval, scheduler };
}

/** The timers spec code set that are pending, by their handle (or themselves, for a promise form). */
class Pending {
  private readonly timers = new Map<object, PendingTimer>();
  /** The handles cleared: a refresh does not set them again. */
  private readonly cleared = new WeakSet<object>();
  /** Called when a timer may have stopped keeping the spec running. */
  private changed: (() => void) | undefined;

  constructor(private readonly own: TimerFunctions) {}

  add(key: object, timer: PendingTimer): void {
    if (!this.cleared.has(key)) this.timers.set(key, timer);
  }

  /** `key`'s timer ended: it ran, or its promise settled. */
  end(key: object): void {
    this.timers.delete(key);
    this.notify();
  }

  /** `key`'s timer was cleared: it ends for good. */
  clear(key: object): void {
    this.cleared.add(key);
    this.end(key);
  }

  notify(): void {
    this.changed?.();
  }

  /** The handle of a pending timer Node knows by its number (`clearTimeout(+handle)`). */
  numbered(id: number | string): object | undefined {
    return [...this.timers.keys()].find((key) => Number(key) === Number(id));
  }

  /**
   * Waits until no timeout is pending that keeps the spec running. A
   * callback that ran may set another in a promise's callback or an
   * immediate: the event loop turns once more before the spec is done.
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.waiting()) {
        await new Promise<void>((resolve) => (this.changed = resolve));
        this.changed = undefined;
        continue;
      }
      await new Promise((resolve) => this.own.setImmediate(resolve));
      if (!this.waiting()) return;
    }
  }

  private waiting(): boolean {
    return [...this.timers.values()].some((timer) => !timer.repeats && timer.keepsAlive());
  }

  /** Clears the timers left pending; the repeating ones among them, which never end, are returned. */
  clearLeft(): LeftInterval[] {
    const left: LeftInterval[] = [];
    for (const [key, timer] of this.timers) {
      timer.stop();
      this.cleared.add(key);
      if (timer.repeats && timer.keepsAlive())
        left.push({ stack: timer.stack, iterated: timer.iterated });
    }
    this.timers.clear();
    return left;
  }
}

/** Timer functions that record what they set in `pending`. */
function tracking(
  own: TimerFunctions,
  pending: Pending,
  promiseForms: PromiseTimerFunctions,
): TimerFunctions {
  const clear = (clearOwn: (handle: never) => void) =>
    ((handle: unknown) => {
      clearOwn(handle as never);
      // Node also clears a timer by its number (`clearTimeout(+handle)`).
      const key =
        typeof handle === "object" && handle !== null
          ? handle
          : typeof handle === "number" || typeof handle === "string"
            ? pending.numbered(handle)
            : undefined;
      if (key !== undefined) pending.clear(key);
    }) as never;
  return {
    setTimeout: withPromisified(
      setting(own.setTimeout, own.clearTimeout, false, pending),
      promiseForms.setTimeout,
    ),
    setInterval: setting(own.setInterval, own.clearInterval, true, pending),
    setImmediate: withPromisified(
      setting(own.setImmediate, own.clearImmediate, false, pending),
      promiseForms.setImmediate,
    ),
    clearTimeout: clear(own.clearTimeout),
    clearInterval: clear(own.clearInterval),
    clearImmediate: clear(own.clearImmediate),
  };
}

/** A timer handle, as `setTimeout`, `setInterval` and `setImmediate` return them. */
type Handle = NodeJS.Timeout | NodeJS.Immediate;

/** `setOwn` (`setTimeout`, `setInterval`, `setImmediate`), recording the timers it sets. */
function setting(
  setOwn: (...args: never[]) => Handle,
  clearOwn: (handle: never) => void,
  repeats: boolean,
  pending: Pending,
): never {
  const set = setOwn as (...args: unknown[]) => Handle;
  return ((callback: unknown, ...rest: unknown[]) => {
    // Node's own error for a callback that is no function.
    if (typeof callback !== "function") return set(callback, ...rest);
    const stack = new Error().stack;
    const handle = set(
      function (this: unknown, ...given: unknown[]) {
        // A timeout ends as it runs, even when its callback throws.
        if (!repeats) pending.end(handle);
        (callback as (...args: unknown[]) => void).apply(this, given);
      },
      ...rest,
    );
    const timer: PendingTimer = {
      repeats,
      iterated: false,
      stack,
      keepsAlive: () => handle.hasRef(),
      stop: () => clearOwn(handle as never),
    };
    pending.add(handle, timer);
    if ("refresh" in handle) followMethods(handle, timer, pending);
    return handle;
  }) as never;
}

/**
 * Follows what the methods of a timeout's or interval's handle do: a
 * refresh sets it again (also once it ran, until it is cleared), closing
 * or disposing of it clears it, unref'ing it may leave nothing to wait for.
 */
function followMethods(handle: NodeJS.Timeout, timer: PendingTimer, pending: Pending): void {
  const wrap = (name: "refresh" | "close" | "unref" | typeof Symbol.dispose, after: () => void) => {
    const method = handle[name] as ((this: NodeJS.Timeout) => unknown) | undefined;
    if (typeof method !== "function") return;
    Object.defineProperty(handle, name, {
      configurable: true,
      writable: true,
      value(this: NodeJS.Timeout) {
        const result = method.call(this);
        after();
        return result;
      },
    });
  };
  wrap("refresh", () => pending.add(handle, timer));
  wrap("close", () => pending.clear(handle));
  if (typeof Symbol.dispose === "symbol") wrap(Symbol.dispose, () => pending.clear(handle));
  wrap("unref", () => pending.notify());
}

/**
 * `wrapper` with `promised` as its promisified form (`util.promisify(setTimeout)`,
 * which Node gives as `timers/promises`' function): without it, promisify
 * would call the wrapper with a callback for the delay.
 */
function withPromisified(wrapper: object, promised: object): never {
  Object.defineProperty(wrapper, promisify.custom, { value: promised });
  return wrapper as never;
}

/** Options of `node:timers/promises`' functions. */
interface PromiseTimerOptions {
  readonly signal?: AbortSignal;
  readonly ref?: boolean;
}

/**
 * The promise forms, recording the timers they set in `pending`. Each
 * runs Node's own, given a signal of ours besides the spec's, so a timer
 * left can be cleared; its promise then never settles.
 */
function trackingPromises(own: PromiseTimerFunctions, pending: Pending): PromiseTimerFunctions {
  const later = <T>(
    start: (options: PromiseTimerOptions | undefined) => Promise<T>,
    options: unknown,
  ): Promise<T> => {
    // Node's own error for options it does not take.
    if (!followable(options)) return start(options as never);
    const stop = new AbortController();
    const timer: PendingTimer = {
      repeats: false,
      iterated: false,
      stack: new Error().stack,
      keepsAlive: () => options?.ref !== false,
      stop: () => stop.abort(),
    };
    pending.add(timer, timer);
    const running = start(withSignal(options, stop.signal));
    return new Promise<T>((resolve, reject) => {
      running.then(
        (value) => {
          pending.end(timer);
          resolve(value);
        },
        (error: unknown) => {
          if (stop.signal.aborted) return;
          pending.end(timer);
          reject(error as Error);
        },
      );
    });
  };
  const setTimeout = ((delay?: number, value?: unknown, options?: unknown) =>
    later((o) => own.setTimeout(delay, value, o), options)) as typeof own.setTimeout;
  const setImmediate = ((value?: unknown, options?: unknown) =>
    later((o) => own.setImmediate(value, o), options)) as typeof own.setImmediate;
  const setInterval = ((delay?: number, value?: unknown, options?: unknown) =>
    iterating(own.setInterval, delay, value, options, pending)) as typeof own.setInterval;
  const scheduler = {
    wait: (delay: number, options?: PromiseTimerOptions) => setTimeout(delay, undefined, options),
    yield: () => setImmediate(),
  } as typeof own.scheduler;
  return { setTimeout, setImmediate, setInterval, scheduler };
}

/** Whether `options` are a promise form's that can be given a signal of ours besides. */
function followable(options: unknown): options is PromiseTimerOptions | undefined {
  if (options === undefined) return true;
  if (typeof options !== "object" || options === null) return false;
  const { signal } = options as { signal?: unknown };
  return signal === undefined || signal instanceof AbortSignal;
}

/** `options` with `stop` as its signal, besides the spec's own. */
function withSignal(
  options: PromiseTimerOptions | undefined,
  stop: AbortSignal,
): PromiseTimerOptions {
  const signal = options?.signal ? AbortSignal.any([options.signal, stop]) : stop;
  return { ...options, signal };
}

/**
 * `node:timers/promises`' `setInterval`, recording its timer in `pending`:
 * Node sets it once iterated, and clears it when the iteration ends
 * (`break`, `return()`) or the spec's signal aborts.
 */
function iterating(
  setOwn: PromiseTimerFunctions["setInterval"],
  delay: number | undefined,
  value: unknown,
  options: unknown,
  pending: Pending,
): AsyncIterableIterator<unknown> {
  if (!followable(options)) return setOwn(delay, value, options as never);
  const stop = new AbortController();
  let ended = false;
  const timer: PendingTimer = {
    repeats: true,
    iterated: true,
    stack: new Error().stack,
    keepsAlive: () => options?.ref !== false,
    stop: () => stop.abort(),
  };
  const end = (): void => {
    ended = true;
    pending.end(timer);
  };
  options?.signal?.addEventListener("abort", end, { once: true });
  const inner = setOwn(delay, value, withSignal(options, stop.signal)) as AsyncGenerator<unknown>;
  const step = (next: Promise<IteratorResult<unknown>>) =>
    new Promise<IteratorResult<unknown>>((resolve, reject) => {
      next.then(
        (result) => {
          if (result.done === true) end();
          resolve(result);
        },
        (error: unknown) => {
          if (stop.signal.aborted) return;
          end();
          reject(error as Error);
        },
      );
    });
  return {
    next: () => {
      if (!ended) pending.add(timer, timer);
      return step(inner.next());
    },
    return: (result?: unknown) => step(inner.return(result)),
    throw: (error?: unknown) => step(inner.throw(error)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
