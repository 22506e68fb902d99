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
    .map((line) => `${visible(line)}\n`)
    .join("");
}

/** Control characters but line breaks and tabs (terminal escape sequences among them). */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with its control characters written as `\u001b` and the like: a
 * name from a spec (a service key) reaches the terminal as text, never as
 * an escape sequence that moves the cursor or recolours what follows.
 */
function visible(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
