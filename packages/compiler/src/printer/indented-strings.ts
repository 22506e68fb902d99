/**
 * Lines of an indented string (`''...''`) as Nix sees them, so the printer can
 * re-indent them without changing the string's value. Follows Nix's own rules
 * (`stripIndentation` in the Nix parser): the opening `''` swallows spaces and
 * one newline; the common indentation counts spaces only and ignores blank
 * lines and a final whitespace-only line, which Nix drops.
 */
import type { StringPart } from "../syntax/ast.js";

/** One source line of the string: text fragments and interpolations, without the newline. */
export type IndentedLine = StringPart[];

/**
 * The string's lines with the common indentation removed. A last line that
 * is empty means the string ends with a newline (the closing `''` goes on a
 * line of its own).
 */
export function indentedStringLines(parts: readonly StringPart[]): IndentedLine[] {
  const lines = splitLines(parts);
  if (lines.length > 1 && isSpacesOnly(lines[0] ?? [])) lines.shift();
  if (lines.length === 1 && isSpacesOnly(lines[0] ?? [])) return [[]];
  const lastIndex = lines.length - 1;
  if (lastIndex > 0 && isSpacesOnly(lines[lastIndex] ?? [])) lines[lastIndex] = [];
  const strip = commonIndentation(lines);
  return lines.map((line) => stripSpaces(line, strip));
}

function splitLines(parts: readonly StringPart[]): IndentedLine[] {
  const lines: IndentedLine[] = [[]];
  for (const part of parts) {
    if (part.kind !== "Text") {
      lines[lines.length - 1]?.push(part);
      continue;
    }
    part.raw.split("\n").forEach((fragment, i) => {
      if (i > 0) lines.push([]);
      if (fragment !== "") lines[lines.length - 1]?.push({ kind: "Text", raw: fragment });
    });
  }
  return lines;
}

function isSpacesOnly(line: IndentedLine): boolean {
  return line.every((p) => p.kind === "Text" && /^ *$/.test(p.raw));
}

/** The smallest leading-space count over lines that have content. */
function commonIndentation(lines: readonly IndentedLine[]): number {
  let min = Infinity;
  for (const line of lines) {
    if (line.length === 0 || isSpacesOnly(line)) continue;
    const first = line[0];
    const spaces = first?.kind === "Text" ? (/^ */.exec(first.raw)?.[0].length ?? 0) : 0;
    min = Math.min(min, spaces);
  }
  return min === Infinity ? 0 : min;
}

function stripSpaces(line: IndentedLine, count: number): IndentedLine {
  const [first, ...rest] = line;
  if (first?.kind !== "Text" || count === 0) return line;
  const leading = /^ */.exec(first.raw)?.[0].length ?? 0;
  const raw = first.raw.slice(Math.min(leading, count));
  return raw === "" ? rest : [{ kind: "Text", raw }, ...rest];
}
