/**
 * What Nix takes as a variable, or as an attribute name written bare:
 * `[a-zA-Z_][a-zA-Z0-9_'-]*`, but for the keywords. The DSL checks the
 * names spec files give with it, and the compiler the names it prints.
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

/**
 * The names asked about so far, and the answers: synth asks of each name
 * every time it prints one (a service's attribute names, the services it
 * reads), and looking a name up costs about half of matching it (valgrind,
 * synth of 10,000 services). Cleared when it grows past `KNOWN_NAMES_LIMIT`.
 */
const knownNames = new Map<string, boolean>();
const KNOWN_NAMES_LIMIT = 100_000;

/** True when `name` can be written bare as an attribute name or variable. */
export function isNixIdentifier(name: string): boolean {
  const known = knownNames.get(name);
  if (known !== undefined) return known;
  const answer = IDENTIFIER.test(name) && !NIX_KEYWORDS.has(name);
  if (knownNames.size >= KNOWN_NAMES_LIMIT) knownNames.clear();
  knownNames.set(name, answer);
  return answer;
}

/** The hint of a name Nix cannot take as a variable. */
export const VARIABLE_NAME_HINT =
  "a Nix variable starts with a letter or _ and goes on with letters, digits, _, - or ', and is no keyword";
