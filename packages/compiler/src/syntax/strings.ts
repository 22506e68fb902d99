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
 * What a `"..."` string writes for each character it escapes but `$`: the
 * one list `hasQuotable` and `QUOTED` are made from.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};
const ESCAPED_CHARACTERS = Object.keys(ESCAPES);

/** Each character of `ESCAPES`, and each `$` before `{`. */
const QUOTED = new RegExp(`[${ESCAPED_CHARACTERS.map(unicodeEscape).join("")}]|\\$(?=\\{)`, "g");

/** `c` as a regular expression's `\uXXXX` escape. */
function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** `text` with each character of `ESCAPES` escaped, and a backslash before each `${`. */
function quoted(text: string): string {
  return text.replace(QUOTED, (c) => ESCAPES[c] ?? "\\$");
}

/**
 * Whether `text` holds a character `escapeDoubleQuoted` escapes but the `$`
 * of `${`: looked for with `indexOf`, which costs less than a regular
 * expression for the short texts of a model.
 */
function hasQuotable(text: string): boolean {
  for (let i = 0; i < ESCAPED_CHARACTERS.length; i++)
    if (text.indexOf(ESCAPED_CHARACTERS[i] as string) !== -1) return true;
  return false;
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
