/**
 * The one diagnostic type of typenix, shared by every stage and rendered by
 * the CLI as `file:line:col: severity code: message` plus a hint.
 */

/** A place in a user's file. `line` and `column` are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable identifier such as `TN1001`, for searching and suppressing. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the TypeScript spec (or the `.nix` input) the problem was caused. */
  readonly location?: SourceLocation;
  /** Where in generated or imported Nix the problem shows, when relevant. */
  readonly nixLocation?: SourceLocation;
  /** What to do about it. */
  readonly hint?: string;
  /**
   * The value the diagnostic is about, by its keys and list indices from
   * the model (`["services", "webapp", "port"]`), where `location` is the
   * builder call holding it: the command moves `location` to the property
   * or list item that writes the value, where the call's source shows it.
   */
  readonly valuePath?: readonly (string | number)[];
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `file:line:col: error TN1001: message` followed by an indented hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : "";
  const head = `${where}${d.severity} ${d.code}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** `diagnostics` with each said once: the first of those that would print alike. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const said = new Set<string>();
  return diagnostics.filter((d) => {
    const text = formatDiagnostic(d);
    if (said.has(text)) return false;
    said.add(text);
    return true;
  });
}

/** A warning diagnostic, located when `location` is given. */
export function warningDiagnostic(
  code: string,
  message: string,
  location?: SourceLocation,
  hint?: string,
): Diagnostic {
  return { ...errorDiagnostic(code, message, location, hint), severity: "warning" };
}

/** An error diagnostic, located when `location` is given. */
export function errorDiagnostic(
  code: string,
  message: string,
  location?: SourceLocation,
  hint?: string,
): Diagnostic {
  return {
    code,
    severity: "error",
    message,
    ...(location
      ? { location: { file: location.file, line: location.line, column: location.column } }
      : {}),
    ...(hint ? { hint } : {}),
  };
}
