/**
 * A mistake in a spec found while it runs (a bad constructor argument, a
 * misuse of a builder). The CLI reports it as a diagnostic at `site`.
 */
import type { CallSite } from "./symbolic/term.js";

/** An error in a user's spec, located at the builder call that caused it. */
export class SpecError extends Error {
  override name = "SpecError";
  constructor(
    message: string,
    /** Where in the spec the offending call is. */
    readonly site: CallSite | undefined,
    /** What to do about it. */
    readonly hint?: string,
    /** Stable diagnostic code. */
    readonly code = "TN2001",
  ) {
    super(message);
  }
}
