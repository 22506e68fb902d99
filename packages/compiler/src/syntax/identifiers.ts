/**
 * What Nix accepts as a bare identifier, for printing attribute names and
 * variables: `[a-zA-Z_][a-zA-Z0-9_'-]*`, minus the keywords.
 */

export { NIX_KEYWORDS, isNixIdentifier as isIdentifier } from "@typenix/dsl/core";
