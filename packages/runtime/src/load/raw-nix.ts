/** Parsing of `nix.raw` code, once the Nix parser is available to the CLI. */
import type { CallSite } from "@typenix/dsl";
import type { Expr } from "@typenix/compiler";

/** Parses raw Nix for lowering; undefined means it could not be parsed (lowering reports it). */
export function parseRawNix(code: string, site: CallSite | undefined): Expr | undefined {
  void code;
  void site;
  return undefined;
}
