/**
 * A spec file's top-level `await` of a promise that never settles. Node
 * ends a process whose loop has nothing left to run while such an await
 * is pending, with code 13 and no word of why; under `--watch` the loop
 * never empties, and the run would wait for good, deaf to the edit that
 * fixes it. Both are TN1010.
 */
import * as dsl from "@typenix/dsl/core";

/** How each pending await gives up, given the reason. */
const pending = new Set<(why: string) => void>();

/**
 * `value`, awaited; TN1010 if Node has nothing left to run while it is
 * still pending, or if `abandonStalledAwaits` gives it up.
 */
export function unlessStalled<T>(value: T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stalled = (why: string): void =>
      reject(
        new dsl.SpecError(
          `the spec file ${why}`,
          undefined,
          "settle it (resolve or reject it), or leave the await out: typenix reads a spec's model once its code has run",
          "TN1010",
        ),
      );
    const atExit = (): void => stalled("awaits a promise that never settles");
    pending.add(stalled);
    process.once("beforeExit", atExit);
    Promise.resolve(value)
      .then(resolve, reject)
      .finally(() => {
        pending.delete(stalled);
        process.off("beforeExit", atExit);
      });
  });
}

/**
 * Gives up the awaits of spec files still pending (TN1010), so that the
 * run waiting for them ends: `--watch` calls it when the files change
 * again, as a run made from the files before is of no more use.
 */
export function abandonStalledAwaits(): void {
  for (const stalled of pending) stalled("still awaited a promise when the files changed again");
}
