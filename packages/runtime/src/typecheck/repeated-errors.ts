/**
 * Which of a check's own diagnostics repeat a type error: a mistake the
 * type checker reports (a wrong argument, a target that is not there, a
 * syntax error) also fails the spec as it runs or is checked, and would
 * be said twice, once by TypeScript and once by typenix.
 */
import type { Diagnostic } from "@typenix/compiler/diagnostics";

/**
 * The kinds of diagnostics that repeat a type error: a builder's argument
 * refused (TN2001, of a constructor TN2002 and TN2003), and a distribution
 * placing a service or target its models do not have (TN5002).
 */
const REPEATS_TYPE_ERRORS = new Set(["TN2001", "TN2002", "TN2003", "TN5002"]);

/** What a spec file threw, or esbuild found as it compiled it: it repeats a syntax error. */
const REPEATS_SYNTAX_ERRORS = new Set(["TN1004"]);

/** TypeScript's syntax errors are TS1000 to TS1999. */
function isSyntaxError(d: Diagnostic): boolean {
  const code = Number(d.code.replace(/^TS/, ""));
  return d.code.startsWith("TS") && code >= 1000 && code < 2000;
}

/**
 * `diagnostics` without those that repeat one of `typeErrors`: in a file
 * TypeScript reports errors in, those of the kinds that repeat a type
 * error; in a file it reports syntax errors in, also TN1004.
 */
export function withoutRepeatedErrors(
  typeErrors: readonly Diagnostic[],
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  const withErrors = new Set(typeErrors.map((d) => d.location?.file));
  const withSyntaxErrors = new Set(typeErrors.filter(isSyntaxError).map((d) => d.location?.file));
  return diagnostics.filter((d) => {
    const file = d.location?.file;
    if (file === undefined) return true;
    if (REPEATS_TYPE_ERRORS.has(d.code) && withErrors.has(file)) return false;
    return !(REPEATS_SYNTAX_ERRORS.has(d.code) && withSyntaxErrors.has(file));
  });
}
