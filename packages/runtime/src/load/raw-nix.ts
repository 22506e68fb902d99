/**
 * Parsing of `nix.raw` code for lowering, with syntax errors reported at
 * the spec line that wrote it. The Nix parser takes most of the command
 * line's start-up to load, and most specs hold no raw code: it is loaded
 * only for specs that do.
 */
import { SpecError, type CallSite } from "@typenix/dsl/core";
import type { Expr } from "@typenix/compiler";
import { formatDiagnostic } from "@typenix/compiler/diagnostics";
import type { parseNix } from "@typenix/compiler/parser";

/** Parses the code of a `nix.raw` value (lowering's `parseRaw`). */
export type ParseRaw = (code: string, site: CallSite | undefined) => Expr | undefined;

/** The parser, once a run has loaded it (later runs, as in watch mode, use it at once). */
let loaded: typeof parseNix | undefined;

/**
 * What `run` returns given a parser of raw code. Until the parser is
 * loaded, `run` gets a stand-in first, which notes raw code; when there
 * was some, the parser is loaded and `run` runs again with it (its first
 * result is dropped).
 */
export async function withRawNixParser<T>(run: (parseRaw: ParseRaw) => T): Promise<T> {
  if (!loaded) {
    let rawCode = false;
    const result = run(() => {
      rawCode = true;
      return undefined;
    });
    if (!rawCode) return result;
    loaded = (await import("@typenix/compiler/parser")).parseNix;
  }
  const parse = loaded;
  return run((code, site) => parseRawNix(parse, code, site));
}

/** The expression of raw Nix code; throws a located error when it does not parse. */
function parseRawNix(
  parse: typeof parseNix,
  code: string,
  site: CallSite | undefined,
): Expr | undefined {
  const result = parse(code, "nix.raw");
  if (result.file) return result.file.expr;
  const first = result.diagnostics[0];
  throw new SpecError(
    `nix.raw code does not parse: ${first ? formatDiagnostic(first) : "syntax error"}`,
    site,
    "fix the Nix code passed to nix.raw",
    "TN3002",
  );
}
