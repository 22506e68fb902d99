/**
 * The parts of string and interpolated-path tokens: raw text fragments as
 * written, and `${...}` interpolations whose code is parsed like any other
 * Nix (positions kept relative to the whole file).
 */
import type { IToken } from "chevrotain";
import type { Expr, StringPart } from "../syntax/ast.js";
import { scanInterpolation } from "./scan.js";
import { tokenSpan } from "./spans.js";

/** Parses the code of one interpolation; `at` locates its first character in the file. */
export type ParseCode = (
  code: string,
  at: { offset: number; line: number; column: number },
) => Expr;

/** Splits the body of a string or path token into parts. */
export function stringParts(
  text: string,
  start: number,
  end: number,
  base: IToken,
  parseCode: ParseCode,
  indented: boolean,
): StringPart[] {
  const parts: StringPart[] = [];
  let textStart = start;
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === "$" && text[i + 1] === "{") {
      if (i > textStart) parts.push({ kind: "Text", raw: text.slice(textStart, i) });
      const close = scanInterpolation(text, i);
      if (close < 0 || close > end) break;
      const at = positionIn(base, text, i + 2);
      parts.push({ kind: "Interpolation", expr: parseCode(text.slice(i + 2, close - 1), at) });
      i = close;
      textStart = i;
    } else if (indented && c === "'" && text[i + 1] === "'") i += text[i + 2] === "\\" ? 4 : 3;
    else if (!indented && c === "\\") i += 2;
    else if (c === "$") i += dollarWidth(text[i + 1], indented);
    else i += 1;
  }
  if (end > textStart) parts.push({ kind: "Text", raw: text.slice(textStart, end) });
  return parts;
}

/** How many characters a `$` not starting an interpolation takes, exactly as the scanners in `scan.ts` count. */
function dollarWidth(next: string | undefined, indented: boolean): number {
  if (indented) return next === "'" ? 1 : 2;
  return next === '"' || next === "\\" ? 1 : 2;
}

/** The file position of `index` inside a token's image. */
function positionIn(
  token: IToken,
  image: string,
  index: number,
): { offset: number; line: number; column: number } {
  let line = token.startLine ?? 1;
  let column = token.startColumn ?? 1;
  for (let k = 0; k < index; k++) {
    if (image[k] === "\n") {
      line += 1;
      column = 1;
    } else column += 1;
  }
  return { offset: token.startOffset + index, line, column };
}

/** The expression of a string, indented string or interpolated path token. */
export function stringTokenExpr(token: IToken, parseCode: ParseCode): Expr {
  const image = token.image;
  const span = tokenSpan(token);

  if (image.startsWith('"')) {
    return {
      kind: "String",
      style: "double",
      parts: stringParts(image, 1, image.length - 1, token, parseCode, false),
      span,
    };
  }
  if (image.startsWith("''")) {
    return {
      kind: "String",
      style: "indented",
      parts: stringParts(image, 2, image.length - 2, token, parseCode, true),
      span,
    };
  }
  return {
    kind: "Path",
    parts: stringParts(image, 0, image.length, token, parseCode, false),
    span,
  };
}
