/** Parsing of `nix.raw` code for lowering, with syntax errors reported at the spec line that wrote it. */
import type { CallSite } from "@typenix/dsl";
import { formatDiagnostic, parseNix, type Expr } from "@typenix/compiler";

/** The expression of raw Nix code; throws a located error when it does not parse. */
export function parseRawNix(code: string, site: CallSite | undefined): Expr | undefined {
  const result = parseNix(code, "nix.raw");
  if (result.file) return result.file.expr;
  const first = result.diagnostics[0];
  throw Object.assign(
    new Error(`nix.raw code does not parse: ${first ? formatDiagnostic(first) : "syntax error"}`),
    {
      site,
      code: "TN3002",
      hint: "fix the Nix code passed to nix.raw",
    },
  );
}
