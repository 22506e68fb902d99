/**
 * A value a spec's code threw (a spec file as it runs, a constructor's
 * `build`), as a diagnostic: never a stack trace, whatever was thrown.
 */
import { inspect } from "node:util";
import { readableSentinels, SpecError } from "@typenix/dsl/core";
import { errorDiagnostic, type Diagnostic, type SourceLocation } from "./diagnostic.js";

/** How to report what a spec's code threw when it is no `SpecError`. */
export interface ThrownContext {
  /** The typenix code: what the spec's code throws itself never names the code. */
  readonly code: string;
  /** Where to report it when the thrown value names no line of a spec file. */
  readonly at: SourceLocation | undefined;
  /** What to do about it, when nothing more particular is known. */
  readonly hint: string;
  /** The line of a spec file a stack trace names (its first frame in a user's file). */
  readonly locate?: ((stack: string) => SourceLocation | undefined) | undefined;
}

/**
 * The diagnostic of `thrown`. A `SpecError` (a mistake a builder found)
 * keeps its code, site and hint. Anything else gets `context.code`, even
 * an error with a `code` of its own (`ERR_INVALID_URL`, a number). An
 * error with no site is located at the line its stack names.
 */
export function thrownDiagnostic(thrown: unknown, context: ThrownContext): Diagnostic {
  try {
    if (!(thrown instanceof Error))
      return errorDiagnostic(context.code, thrownMessage(thrown), context.at, NOT_AN_ERROR);
    const stack = typeof thrown.stack === "string" ? thrown.stack : undefined;
    const location = (stack !== undefined ? context.locate?.(stack) : undefined) ?? context.at;
    if (thrown instanceof SpecError)
      return errorDiagnostic(
        thrown.code,
        readableSentinels(thrown.message),
        thrown.site ?? location,
        thrown.hint ?? context.hint,
      );
    const message = thrownMessage(thrown);
    return errorDiagnostic(
      context.code,
      message,
      location,
      symbolicMethodHint(thrown, message) ?? context.hint,
    );
  } catch {
    // A Proxy whose traps throw, a `message` getter that throws: nothing can be read of it.
    return errorDiagnostic(context.code, UNREADABLE, context.at, NOT_AN_ERROR);
  }
}

/**
 * What `thrown` says, in a few words: an error's message, or `threw 42`
 * for a value that is no Error; never throws, whatever was thrown.
 */
export function thrownMessage(thrown: unknown): string {
  try {
    // A symbolic value in the message reads as spec code writes it (`${port}`), not as its placeholder.
    return readableSentinels(
      thrown instanceof Error ? String(thrown.message) : `threw ${describe(thrown)}`,
    );
  } catch {
    return UNREADABLE;
  }
}

const UNREADABLE = "threw a value that cannot be read";

const NOT_AN_ERROR = "throw an Error (`throw new Error(...)`): its message and line are reported";

/** A thrown value that is no Error, in a few words: `42`, `"stop"`, `{ code: 7 }`. */
function describe(value: unknown): string {
  const text = inspect(value, { depth: 1, breakLength: Infinity, customInspect: false });
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * Methods of JavaScript strings and arrays: a constructor parameter is
 * symbolic while `build` runs, and calling one of these on it fails with
 * `label.toUpperCase is not a function`.
 */
const JAVASCRIPT_METHODS: ReadonlySet<string> = new Set(
  [String.prototype, Array.prototype].flatMap((p) =>
    Object.getOwnPropertyNames(p).filter((name) => name !== "constructor"),
  ),
);

/** `label.toUpperCase is not a function`: what was called, and the method. */
const NOT_A_FUNCTION = /^(?<value>.+)\.(?<method>[A-Za-z]+) is not a function$/;

/**
 * The hint for a JavaScript method called on what is likely a symbolic
 * parameter: the type checker accepts `label.toUpperCase()` for a
 * `z.string()` parameter, which only Nix knows.
 */
function symbolicMethodHint(error: Error, message: string): string | undefined {
  if (!(error instanceof TypeError)) return undefined;
  const match = NOT_A_FUNCTION.exec(message);
  const method = match?.groups?.["method"];
  if (method === undefined || !JAVASCRIPT_METHODS.has(method)) return undefined;
  const value = match?.groups?.["value"] ?? "the value";
  return `constructor parameters are symbolic while build runs (values only Nix knows), so '${value}' has no JavaScript method ${method}: compute with Nix builders instead (nix.call, nix.op, nix.concatStringsSep, template literals)`;
}
