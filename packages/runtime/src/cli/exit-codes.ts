/** Everything went well. */
export const EXIT_OK = 0;
/** The input has errors (diagnostics of severity error, stale outputs under --check). */
export const EXIT_DIAGNOSTICS = 1;
/** The command line itself is wrong: unknown option, missing argument, unreadable input. */
export const EXIT_USAGE = 2;

/** What a command action reports back to `main`: it sets `exitCode` before returning. */
export interface Outcome {
  exitCode: number;
}
