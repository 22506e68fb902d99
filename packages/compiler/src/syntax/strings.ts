/**
 * Escaping of string text for the two Nix string styles. The results are raw
 * source fragments, as stored in `TextPart.raw`.
 *
 * Nix strings cannot hold NUL; callers reject it before escaping (see
 * `literals/`).
 */

/**
 * Escapes text for a `"..."` string: `\`, `"`, newline, CR and tab get
 * backslash escapes, and every `$` before `{` becomes `\$` so `${` never
 * starts an interpolation. With `beforeInterpolation` (the text is followed
 * by `${…}`), a final `$` becomes `\$` too: Nix reads `$${` as the text
 * `$${`, not as `$` and an interpolation.
 */
export function escapeDoubleQuoted(text: string, beforeInterpolation = false): string {
  // Most strings to escape hold `${` alone (`${text}` in a description):
  // escaped through `indexOf` and slices, which cost less than the
  // regular expressions the others go through.
  const escaped = hasQuotable(text) ? quoted(text) : dollarsEscaped(text);
  // A final `$` is left as it is above, so it ends the escaped text too.
  return beforeInterpolation && text.endsWith("$") ? `${escaped.slice(0, -1)}\\$` : escaped;
}

/**
 * `text` with a backslash before each `\`, `"` and `${`, and its control
 * characters escaped: a replacement text, not a function called for each
 * match, as most such strings have no control character.
 */
function quoted(text: string): string {
  const backslashed = text.replace(BACKSLASHED, "\\$&");
  return CONTROL.test(backslashed)
    ? backslashed.replace(CONTROLS, (c) => CONTROL_ESCAPES[c] ?? c)
    : backslashed;
}

/** Whether `text` holds a character `escapeDoubleQuoted` escapes but the `$` of `${`. */
function hasQuotable(text: string): boolean {
  return (
    text.indexOf("\\") !== -1 ||
    text.indexOf('"') !== -1 ||
    text.indexOf("\n") !== -1 ||
    text.indexOf("\r") !== -1 ||
    text.indexOf("\t") !== -1
  );
}

/** `text` with a backslash before each `${`, found by `indexOf`: the text itself when it has none. */
function dollarsEscaped(text: string): string {
  let escaped = "";
  let from = 0;
  for (let at = text.indexOf("${"); at !== -1; at = text.indexOf("${", at + 2)) {
    escaped += `${text.slice(from, at)}\\`;
    from = at;
  }
  return escaped === "" ? text : escaped + text.slice(from);
}

/** What `escapeDoubleQuoted` puts a backslash before. */
const BACKSLASHED = /[\\"]|\$(?=\{)/g;
const CONTROL = /[\n\r\t]/;
const CONTROLS = /[\n\r\t]/g;

const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Escapes one line of text for a `''...''` string: `''` becomes `'''` and
 * every `$` before `{` becomes `''$`. Newlines are not escaped: indented
 * strings hold them literally, and the printer lays out one line per line.
 * With `beforeInterpolation` (the line is followed by `${…}`), a final `$`
 * becomes `''$` too, as Nix reads `$${` as text.
 */
export function escapeIndentedLine(line: string, beforeInterpolation = false): string {
  const escaped = line.replace(/''|\$(?=\{)/g, (c) => (c === "''" ? "'''" : "''$"));
  return beforeInterpolation && line.endsWith("$") ? `${escaped.slice(0, -1)}''$` : escaped;
}

/**
 * True when `text` reads better, and evaluates back exactly, as an indented
 * string: it spans several lines, and nothing in it depends on whitespace or
 * characters that Nix's indentation stripping would change.
 */
export function suitsIndentedString(text: string): boolean {
  if (!text.includes("\n") || /[\r\0]/.test(text)) return false;
  // Lines are re-indented by the printer; Nix strips the common indentation
  // of lines that are not blank, so some line must start at column zero.
  const lines = text.split("\n");
  const contentLines = lines.filter((l) => l.trim() !== "");
  if (contentLines.length === 0 || contentLines.every((l) => l.startsWith(" "))) return false;
  // Whitespace at a line end is invisible in review and may be trimmed by editors;
  // a last line ending in `'` would merge with the closing `''`, and
  // a `'` before `${` would fuse with its `''$` escape into `'''`, and so
  // would a `'` before `$${` (where that `$` is text before an interpolation).
  return (
    !lines.some((l) => /[ \t]$/.test(l)) &&
    !/'$/.test(text) &&
    !text.includes("'${") &&
    !text.includes("'$${")
  );
}
