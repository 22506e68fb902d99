/**
 * Spans from chevrotain tokens, and the diagnostics of the parser. Spans
 * are exclusive at the end, as `Span` documents.
 */
import type { IToken } from "chevrotain";
import type { Position, Span } from "../syntax/ast.js";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import * as T from "./tokens.js";

/** Diagnostic codes of the parser. */
export const CODES = {
  /** A character or literal Nix's lexer rejects. */
  lexical: "TN0101",
  /** Tokens in an order the grammar does not allow. */
  syntax: "TN0102",
  /** Checks Nix's parser makes beyond the grammar (duplicate attributes, ...). */
  semantic: "TN0103",
  /** Nesting deeper than the parser supports. */
  nesting: "TN0104",
} as const;

/** Where a token starts. */
export function startOf(t: IToken): Position {
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 };
}

/**
 * Token types whose text can hold a line break (strings, comments). The
 * lexer only tracks where tokens start (cheaper than full tracking), so
 * for these the end is found by counting breaks, as chevrotain would.
 */
const multiLine: boolean[] = [];
for (const t of [...T.CODE_TOKENS, ...T.PARSER_TOKENS])
  if (t.LINE_BREAKS === true && t.tokenTypeIdx !== undefined) multiLine[t.tokenTypeIdx] = true;

/** Just past a token's last character. */
export function endOf(t: IToken): Position {
  const image = t.image;
  const offset = t.startOffset + image.length;
  const line = t.startLine ?? 1;
  const column = (t.startColumn ?? 1) + image.length;
  // Most strings and comments are on one line: found by the engine's own search, not a loop.
  if (multiLine[t.tokenTypeIdx] !== true || !hasLineBreak(image)) return { offset, line, column };
  let lines = 0;
  let lastBreak = -1;
  for (let i = 0; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c === 13 && image.charCodeAt(i + 1) === 10) i += 1;
    if (c === 10 || c === 13) {
      lines += 1;
      lastBreak = i;
    }
  }
  return lines === 0
    ? { offset, line, column }
    : { offset, line: line + lines, column: image.length - lastBreak };
}

/** Whether `text` holds a line break (`\n`, `\r\n` or a lone `\r`). */
function hasLineBreak(text: string): boolean {
  return text.includes("\n") || text.includes("\r");
}

/** The span of one token. */
export function spanOfToken(t: IToken): Span {
  return { start: startOf(t), end: endOf(t) };
}

/** The span from the start of `first` to the end of `last`. */
export function spanOfTokens(first: IToken, last: IToken): Span {
  return { start: startOf(first), end: endOf(last) };
}

/**
 * The position `k` characters after a token's start, on the token's first
 * line (for the `${` and `}` inside string tokens, which never follow a
 * newline within their token).
 */
export function positionInToken(t: IToken, k: number): Position {
  return { offset: t.startOffset + k, line: t.startLine ?? 1, column: (t.startColumn ?? 1) + k };
}

function diagnostic(
  code: string,
  file: string,
  line: number,
  column: number,
  message: string,
  hint?: string,
): Diagnostic {
  return errorDiagnostic(code, message, { file, line, column }, hint);
}

/** An error about characters or literals (TN0101). */
export function lexicalError(
  file: string,
  line: number,
  column: number,
  message: string,
  hint?: string,
): Diagnostic {
  return diagnostic(CODES.lexical, file, line, column, message, hint);
}

/** A syntax error (TN0102). */
export function syntaxError(
  file: string,
  line: number,
  column: number,
  message: string,
  hint?: string,
): Diagnostic {
  return diagnostic(CODES.syntax, file, line, column, message, hint);
}

/** An error from the checks Nix's parser makes on a well-formed tree (TN0103). */
export function semanticError(
  file: string,
  at: Position | undefined,
  message: string,
  hint?: string,
): Diagnostic {
  return diagnostic(CODES.semantic, file, at?.line ?? 1, at?.column ?? 1, message, hint);
}

/**
 * Why a text is refused as too deeply nested: brackets nested past a
 * number of levels, a syntax tree deeper than a number of levels, the
 * parser's limit on grammar rules (`MAX_RULE_DEPTH`: keywords nested in
 * one another without brackets between), or JavaScript's stack run out.
 */
export type TooDeep = { readonly brackets: number } | { readonly tree: number } | "rules" | "stack";

/** Nesting too deep to parse (TN0104). */
export function nestingError(file: string, line: number, column: number, why: TooDeep): Diagnostic {
  if (typeof why === "object" && "tree" in why)
    return diagnostic(
      CODES.nesting,
      file,
      line,
      column,
      `expression nested too deeply: its syntax tree is more than ${why.tree} levels deep`,
      "long chains of operators or function arguments nest too: split them with let bindings",
    );
  const hint =
    why === "rules"
      ? "brackets may nest 1000 levels deep, but 'if', 'let', 'with', 'assert' and 'or' " +
        "only about 200 inside one another's conditions and values: " +
        "move inner parts into let bindings"
      : why === "stack"
        ? "the parser ran out of stack: move inner parts into let bindings"
        : `brackets may nest at most ${why.brackets} levels deep: move inner parts into let bindings`;
  return diagnostic(
    CODES.nesting,
    file,
    line,
    column,
    "expression nested too deeply to parse",
    hint,
  );
}
