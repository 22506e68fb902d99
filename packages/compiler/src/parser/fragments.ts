/**
 * The raw text of string and path tokens. A string with interpolations
 * arrives as tokens that each hold a delimiter, text, and the `${` or `}`
 * around the code: `"a${`, `}b${`, `}c"`. These helpers cut the text out,
 * exactly as written (escapes untouched), and locate the `${ ... }`.
 */
import type { IToken } from "chevrotain";
import type { Span, StringPart, TextPart } from "../syntax/ast.js";

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
 * starting with `}`. Both characters of `${` are on one line, so the `$`
 * is one column before the token's last character.
 */
export function interpolationSpan(open: IToken, close: IToken): Span {
  const openEnd = open.endOffset ?? open.startOffset;
  return {
    start: {
      offset: openEnd - 1,
      line: open.endLine ?? 1,
      column: (open.endColumn ?? 2) - 1,
    },
    end: {
      offset: close.startOffset + 1,
      line: close.startLine ?? 1,
      column: (close.startColumn ?? 0) + 1,
    },
  };
}
