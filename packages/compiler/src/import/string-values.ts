/**
 * The value of a Nix string literal, as text fragments and interpolated
 * expressions: escapes decoded and, for `''...''` strings, the common
 * indentation removed the way Nix does it.
 */
import type { Expr, StringNode, StringPart } from "../syntax/ast.js";
import { indentedStringLines } from "../printer/indented-strings.js";

/** A decoded piece of a string: literal text, or an interpolated expression. */
export type StringPiece = string | Expr;

/** The pieces of `node`, adjacent text merged. */
export function stringPieces(node: StringNode): StringPiece[] {
  const pieces: StringPiece[] = [];
  const push = (piece: StringPiece): void => {
    const last = pieces[pieces.length - 1];
    if (typeof piece === "string" && typeof last === "string")
      pieces[pieces.length - 1] = last + piece;
    else if (piece !== "") pieces.push(piece);
  };
  if (node.style === "double") {
    for (const part of node.parts) push(decodePart(part, decodeDoubleQuoted));
    return pieces;
  }
  indentedStringLines(node.parts).forEach((line, i) => {
    if (i > 0) push("\n");
    for (const part of line) push(decodePart(part, decodeIndented));
  });
  return pieces;
}

/** The text of a string without interpolations, or undefined. */
export function staticText(node: StringNode): string | undefined {
  const pieces = stringPieces(node);
  if (pieces.length === 0) return "";
  return pieces.length === 1 && typeof pieces[0] === "string" ? pieces[0] : undefined;
}

function decodePart(part: StringPart, decode: (raw: string) => string): StringPiece {
  return part.kind === "Text" ? decode(part.raw) : part.expr;
}

const CONTROL: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t" };

function decodeDoubleQuoted(raw: string): string {
  return raw.replace(/\\([^])/g, (_, c: string) => CONTROL[c] ?? c);
}

function decodeIndented(raw: string): string {
  return raw.replace(/''(\$|'|\\([^]))/g, (_, what: string, escaped: string | undefined) =>
    what === "$" ? "$" : what === "'" ? "''" : (CONTROL[escaped ?? ""] ?? escaped ?? ""),
  );
}
