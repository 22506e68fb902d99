/**
 * Scanners for the tokens whose end depends on nested code: strings with
 * `${...}` interpolation (nested to any depth) and paths with
 * interpolation. Each returns the index just past the token, or -1 when the
 * token is not closed. They follow the Nix lexer's rules for escapes.
 */

/** Past a `"..."` string starting at `i` (at the quote). */
export function scanDoubleString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '"') return j + 1;
    if (c === "\\") j += 2;
    else if (c === "$" && text[j + 1] === "{") {
      j = scanInterpolation(text, j);
      if (j < 0) return -1;
    } else if (c === "$" && text[j + 1] !== '"' && text[j + 1] !== "\\") j += 2;
    else j += 1;
  }
  return -1;
}

/** Past a `''...''` string starting at `i` (at the first quote). */
export function scanIndentedString(text: string, i: number): number {
  let j = i + 2;
  while (j < text.length) {
    const c = text[j];
    if (c === "'" && text[j + 1] === "'") {
      const next = text[j + 2];
      if (next === "'" || next === "$") j += 3;
      else if (next === "\\") j += 4;
      else return j + 2;
    } else if (c === "$" && text[j + 1] === "{") {
      j = scanInterpolation(text, j);
      if (j < 0) return -1;
    } else if (c === "$" && text[j + 1] !== "'") j += 2;
    else j += 1;
  }
  return -1;
}

/** Past a `${ ... }` starting at `i` (at the `$`), skipping strings and comments inside. */
export function scanInterpolation(text: string, i: number): number {
  let depth = 0;
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === "{") {
      depth += 1;
      j += 1;
    } else if (c === "}") {
      depth -= 1;
      j += 1;
      if (depth === 0) return j;
    } else if (c === '"') {
      j = scanDoubleString(text, j);
      if (j < 0) return -1;
    } else if (c === "'" && text[j + 1] === "'" && !endsIdentifier(text, j)) {
      // `''` after a name character belongs to the name (`y''`), not a string.
      j = scanIndentedString(text, j);
      if (j < 0) return -1;
    } else if (c === "#") {
      const end = text.indexOf("\n", j);
      j = end < 0 ? text.length : end;
    } else if (c === "/" && text[j + 1] === "*") {
      const end = text.indexOf("*/", j + 2);
      if (end < 0) return -1;
      j = end + 2;
    } else j += 1;
  }
  return -1;
}

const PATH_CHAR = /[a-zA-Z0-9._\-+]/;
const IDENTIFIER_CHAR = /[a-zA-Z0-9_'-]/;

/** True when the characters before `j` are a name that `''` would continue (`y''` is a name in Nix). */
function endsIdentifier(text: string, j: number): boolean {
  let k = j;
  while (k > 0 && IDENTIFIER_CHAR.test(text[k - 1] ?? "")) k -= 1;
  return k < j && /[a-zA-Z_]/.test(text[k] ?? "");
}

/**
 * Past a path with interpolation (`./a/${b}/c`, `./a${b}`, `~/${x}`)
 * starting at `i`, or -1 when what starts at `i` is not one: as in Nix, a
 * path (or a segment ending in `/`) directly followed by `${`.
 */
export function scanInterpolatedPath(text: string, i: number): number {
  let j = i;
  if (text[j] === "~") {
    if (text[j + 1] !== "/") return -1;
    j += 1;
  }
  j = pathRunEnd(text, j);
  const prefix = text.slice(i, j);
  // `//` inside a path is only possible after a first path token (`./a//${x}`); `a//b` is an update.
  const doubleSlash = prefix.indexOf("//");
  if (doubleSlash >= 0 && !prefix.slice(0, doubleSlash).includes("/")) return -1;
  if (!prefix.includes("/") || text[j] !== "$" || text[j + 1] !== "{") return -1;
  while (j < text.length) {
    const c = text[j] ?? "";
    if (c === "$" && text[j + 1] === "{") {
      const end = scanInterpolation(text, j);
      if (end < 0) return -1;
      j = end;
    } else if (c === "/" || PATH_CHAR.test(c)) j += 1;
    else break;
  }
  return j;
}

/**
 * The end of the run of path characters and slashes starting at `i`.
 * Memoized for the current run: the lexer tries paths at every position of
 * a run such as `-----`, which would otherwise take quadratic time.
 */
export function pathRunEnd(text: string, i: number): number {
  if (text === runText && i >= runStart && i <= runEnd) return runEnd;
  let j = i;
  while (j < text.length && (text[j] === "/" || PATH_CHAR.test(text[j] ?? ""))) j += 1;
  runText = text;
  runStart = i;
  runEnd = j;
  runHasSlash = text.slice(i, j).includes("/");
  return j;
}

let runText = "";
let runStart = 0;
let runEnd = -1;
let runHasSlash = false;

/** Past a plain path (`./a`, `a/b`, `/etc/x`, `../a/`) starting at `i`, or -1: the Nix lexer's `PATH`. */
export function scanPath(text: string, i: number): number {
  const end = pathRunEnd(text, i);
  if (!runHasSlash) return -1;
  PATH.lastIndex = i;
  const match = PATH.exec(text);
  return match && match.index === i && i + match[0].length <= end ? i + match[0].length : -1;
}

const PATH = /[a-zA-Z0-9._\-+]*(?:\/[a-zA-Z0-9._\-+]+)+\/?/y;
