/**
 * A clock that moves far on every read, for the runs that compare what a
 * constructor's build makes (TN5053). Two runs of a build writing
 * `Date.now()` a moment apart read the same millisecond (a build writing
 * the year, the same year), and make the same: the comparison alone would
 * take it for a function of its parameters. While the runs last, every
 * read of the clock (`Date.now()`, `new Date()`, `Date()`,
 * `performance.now()`, `process.hrtime()`, `process.hrtime.bigint()`)
 * gives a time later than the last by more than a year, an hour, a
 * minute, a second and a millisecond, so that whatever part of it a build
 * writes differs between two runs; a build that reads the clock without
 * writing it (to time itself) still makes the same.
 *
 * The runs are synchronous (a build returning a promise is refused), so
 * no code but theirs reads the clock meanwhile. A `Date` kept from before
 * the runs, or a clock read through a module's own copy of these
 * functions, is not moved.
 */

/** What each read moves the clock by: 400 days, an hour, a minute, a second and a millisecond. */
const STEP = (((400 * 24 + 1) * 60 + 1) * 60 + 1) * 1000 + 1;

/** Runs `run` (synchronous) with the clock moving by `STEP` on every read. */
export function withVaryingClock<T>(run: () => T): T {
  const RealDate = globalThis.Date;
  const realNow = RealDate.now;
  // `performance.now` is a method of its prototype: an own one stands in for it, then goes.
  const realPerformanceNow = performance.now;
  let wallClock = realNow();
  let monotonic = realPerformanceNow.call(performance);
  const now = (): number => (wallClock += STEP);
  const moving = new Proxy(RealDate, {
    // `new Date()` reads the clock; `new Date(value)` does not.
    construct: (target, args: unknown[], newTarget: DateConstructor): object =>
      Reflect.construct(target as DateConstructor, args.length === 0 ? [now()] : args, newTarget),
    // `Date()` is the time now as text.
    apply: () => new RealDate(now()).toString(),
  });
  RealDate.now = now;
  performance.now = () => (monotonic += STEP);
  globalThis.Date = moving;
  const restoreHrtime = withVaryingHrtime();
  try {
    return run();
  } finally {
    globalThis.Date = RealDate;
    RealDate.now = realNow;
    delete (performance as { now?: unknown }).now;
    restoreHrtime();
  }
}

/** `STEP` in nanoseconds, as `process.hrtime.bigint()` counts. */
const STEP_NANOSECONDS = BigInt(STEP) * 1_000_000n;

/**
 * Makes `process.hrtime()` and `process.hrtime.bigint()` move by `STEP` on
 * every read, from the time they give now; returns what puts them back.
 */
function withVaryingHrtime(): () => void {
  const realHrtime = process.hrtime;
  let nanoseconds = realHrtime.bigint();
  const next = (): bigint => (nanoseconds += STEP_NANOSECONDS);
  const pair = (time: bigint): [number, number] => [
    Number(time / 1_000_000_000n),
    Number(time % 1_000_000_000n),
  ];
  // `hrtime(previous)` is the time since `previous`, as a pair.
  const hrtime = (previous?: [number, number]): [number, number] => {
    const time = next();
    if (previous === undefined) return pair(time);
    return pair(time - (BigInt(previous[0]) * 1_000_000_000n + BigInt(previous[1])));
  };
  process.hrtime = Object.assign(hrtime, { bigint: next });
  return () => {
    process.hrtime = realHrtime;
  };
}
