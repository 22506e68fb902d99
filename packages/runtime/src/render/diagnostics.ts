/** Diagnostics on stderr, with paths relative to the working directory. */
import { relative } from "node:path";
import { formatDiagnostic, type Diagnostic } from "@typenix/compiler/diagnostics";

/** Renders diagnostics as `file:line:col: severity code: message` lines with hints. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], cwd = process.cwd()): string {
  return diagnostics
    .map((d) =>
      formatDiagnostic(
        d.location
          ? {
              ...d,
              location: { ...d.location, file: relative(cwd, d.location.file) || d.location.file },
            }
          : d,
      ),
    )
    .map((line) => `${line}\n`)
    .join("");
}
