/**
 * What Nix accepts as a bare identifier, for printing attribute names and
 * variables: `[a-zA-Z_][a-zA-Z0-9_'-]*`, minus the keywords.
 */

/** Words the Nix lexer never reads as identifiers. (`or` is special-cased by Nix but is safest quoted.) */
export const NIX_KEYWORDS: ReadonlySet<string> = new Set([
  "if",
  "then",
  "else",
  "assert",
  "with",
  "let",
  "in",
  "rec",
  "inherit",
  "or",
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** True when `name` can be written bare as an attribute name or variable. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !NIX_KEYWORDS.has(name);
}
