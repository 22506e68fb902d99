/** What an import could not express, as diagnostics at the Nix source location. */
import { errorDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Node } from "../syntax/ast.js";

/** Collects the problems of one file. */
export class Problems {
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly file: string) {}

  /** Reports that `node` has no DSL form; `hint` says what the user can do; `code` says which form. */
  report(node: Node | undefined, message: string, hint: string, code = "TN6002"): void {
    const at = node?.span?.start;
    // A value written out at each of its uses is translated, and reported, again.
    const key = `${at?.line}:${at?.column}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(
      errorDiagnostic(
        code,
        message,
        { file: this.file, line: at?.line ?? 1, column: at?.column ?? 1 },
        hint,
      ),
    );
  }
}
