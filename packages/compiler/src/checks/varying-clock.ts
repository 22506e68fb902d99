/**
 * A clock that moves far on every read, for the runs that compare what a
 * constructor's build makes (TN5053). Two runs of a build writing
 * `Date.now()` a moment apart read the same millisecond (a build writing
 * the year, the same year), and make the same: the comparison alone would
 * take it for a function of its parameters. While the runs last, every
 * read of the clock (`Date.now()`, `new Date()`, `Date()`,
 * `performance.now()`) gives a time later than the last by more than a
 * year, an hour, a minute, a second and a millisecond, so that whatever
 * part of it a build writes differs between two runs; a build that reads
 * the clock without writing it (to time itself) still makes the same.
 *
 * The runs are synchronous (a build returning a promise is refused), so
 * no code but theirs reads the clock meanwhile. A clock read another way
 * (`process.hrtime`, a `Date` kept from before the runs) is not moved.
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
  try {
    return run();
  } finally {
    globalThis.Date = RealDate;
    RealDate.now = realNow;
    delete (performance as { now?: unknown }).now;
  }
}
