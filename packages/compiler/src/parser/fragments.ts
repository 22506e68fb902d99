/**
 * The raw text of string and path tokens. A string with interpolations
 * arrives as tokens that each hold a delimiter, text, and the `${` or `}`
 * around the code: `"a${`, `}b${`, `}c"`. These helpers cut the text out,
 * exactly as written (escapes untouched), and locate the `${ ... }`.
 */
import type { IToken } from "chevrotain";
import type { Span, StringPart, TextPart } from "../syntax/ast.js";
import { endOf } from "./locations.js";

/**
 * The text inside a token: `before` characters of delimiter at the start
 * (`"`, `''`, `}`) and `after` at the end (`"`, `''`, `${`).
 */
export function tokenText(t: IToken, before: number, after: number): string {
  return t.image.slice(before, t.image.length - after);
}

/** Appends a text part unless it is empty. */
export function pushText(parts: StringPart[], raw: string): void {
  if (raw.length > 0) parts.push({ kind: "Text", raw } satisfies TextPart);
}

/**
 * The span of `${ ... }` from the token ending in `${` to the token
 * starting with `}`. Both characters of `${` are on one line: the `$` is
 * two columns before the end of its token.
 */
export function interpolationSpan(open: IToken, close: IToken): Span {
  const end = endOf(open);
  return {
    start: { offset: end.offset - 2, line: end.line, column: end.column - 2 },
    end: {
      offset: close.startOffset + 1,
      line: close.startLine ?? 1,
      column: (close.startColumn ?? 0) + 1,
    },
  };
}
