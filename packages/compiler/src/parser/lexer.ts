/**
 * The Nix lexer: chevrotain with one mode per kind of `}`.
 *
 * Nix's flex lexer keeps a stack of states: `{` and `${` push the code
 * state and `}` pops it, so a `}` closes an interpolation only when every
 * `{` opened inside the interpolation is closed. Here the same stack holds
 * chevrotain modes. All modes lex code alike and differ only in what `}`
 * means: in `code` it closes a brace, in `string`, `indented` and `path` it
 * closes the interpolation of a string, an indented string or a path and
 * lexes on to the next `${` or to the end of the literal.
 */
import { Lexer, type IToken, type TokenType } from "chevrotain";
import type { Comment } from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as T from "./tokens.js";
import { lexicalError, spanOfToken } from "./locations.js";

const modes: Record<string, TokenType[]> = {
  code: [...T.CODE_TOKENS, T.RBrace],
  string: [...T.CODE_TOKENS, T.StrMid, T.StrEnd, T.UnterminatedAfterInterpolation],
  indented: [...T.CODE_TOKENS, T.IndMid, T.IndEnd, T.UnterminatedAfterInterpolation],
  path: [...T.CODE_TOKENS, T.PathMid, T.PathEnd, T.PathSlashEnd],
};

let lexer: Lexer | undefined;

/**
 * Built on first use: construction analyses every pattern and takes a few
 * milliseconds. `ensureOptimizations` makes sure chevrotain only tries the
 * patterns that can start with the next character. Only token starts are
 * tracked: ends are derived where needed (`locations.ts`), which saves a
 * seventh of the lexing time.
 */
function nixLexer(): Lexer {
  lexer ??= new Lexer(
    { modes, defaultMode: "code" },
    { positionTracking: "onlyStart", ensureOptimizations: true, skipValidations: true },
  );
  return lexer;
}

/** What the lexer found: tokens for the parser, comments, and lexical errors. */
export interface Lexed {
  readonly tokens: IToken[];
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
  /**
   * The offset from which the rest of the text could not be lexed (an
   * unterminated string or comment), or `Infinity`. Syntax errors from there
   * on are consequences and are not reported.
   */
  readonly brokenFrom: number;
}

/** Splits Nix source text into tokens. */
export function lexNix(text: string, file: string): Lexed {
  T.newText();
  const result = nixLexer().tokenize(text);
  const diagnostics: Diagnostic[] = [];
  let brokenFrom = Infinity;

  for (const e of result.errors) {
    // A `}` with no `{` open: the parser reports it, with more context.
    if (e.message.includes("Unable to pop Lexer Mode")) continue;
    const found = text.slice(e.offset, e.offset + e.length);
    diagnostics.push(
      lexicalError(
        file,
        e.line ?? 1,
        e.column ?? 1,
        `unexpected ${describeChars(found)}`,
        unexpectedHint(found),
      ),
    );
  }
  for (const t of result.groups["errors"] ?? []) {
    brokenFrom = Math.min(brokenFrom, t.startOffset);
    diagnostics.push(unterminated(t, file));
  }
  // Names become identifiers or keywords; paths ending in `/` are errors.
  for (const t of T.retypeTokens(result.tokens)) {
    const tail = t.tokenType === T.PathSlashEnd ? t.image.slice(1) : t.image;
    diagnostics.push(
      lexicalError(
        file,
        t.startLine ?? 1,
        t.startColumn ?? 1,
        tail.endsWith("/") ? "path has a trailing slash" : "path has an empty segment ('//')",
        "remove the extra '/'",
      ),
    );
  }
  const comments: Comment[] = (result.groups["comments"] ?? []).map((t) => ({
    kind: t.tokenType === T.LineComment ? "line" : "block",
    text: t.image,
    span: spanOfToken(t),
  }));
  return { tokens: result.tokens, comments, diagnostics, brokenFrom };
}

function unterminated(t: IToken, file: string): Diagnostic {
  const line = t.startLine ?? 1;
  const column = t.startColumn ?? 1;
  switch (t.tokenType) {
    case T.UnterminatedComment:
      return lexicalError(file, line, column, "unterminated comment", "close it with '*/'");
    case T.UnterminatedString:
      return lexicalError(file, line, column, "unterminated string", `close it with '"'`);
    case T.UnterminatedIndentedString:
      return lexicalError(file, line, column, "unterminated indented string", "close it with ''");
    default:
      return lexicalError(
        file,
        line,
        column,
        "unterminated string after this interpolation",
        "close the string after the interpolation's '}'",
      );
  }
}

function describeChars(chars: string): string {
  return chars.length === 1 ? `character ${JSON.stringify(chars)}` : JSON.stringify(chars);
}

function unexpectedHint(found: string): string {
  switch (found[0]) {
    case "$":
      return "'$' starts an interpolation only as '${' (inside strings, \"$\" is plain text)";
    case "'":
      return "Nix has no single-quoted strings: use \"...\" or ''...''";
    case "~":
      return "a home path is written '~/...'";
    case "\\":
      return "backslash escapes only exist inside strings";
    case "\0":
      return "Nix stops reading a file at a NUL character and ignores the rest";
    default:
      return "Nix code is names, numbers, operators and brackets, separated by spaces, tabs and line breaks; other characters go in strings or comments";
  }
}
