/**
 * `parseNix`: Nix source text to the syntax tree, with every comment kept
 * and every problem reported as a diagnostic (`file:line:col`, what was
 * expected). Never throws on bad input: deep nesting is refused with a
 * diagnostic instead of exhausting the stack.
 */
import type { IToken } from "chevrotain";
import type { Comment, Expr, NixFile } from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { NixGrammar, spanOf } from "./grammar.js";
import { nixLexer } from "./tokens.js";
import { stringTokenExpr } from "./string-parts.js";
import { attachComments } from "./comments.js";
import { checkSemantics } from "./semantics.js";

/** The result of parsing: the tree when there were no errors, and the diagnostics. */
export interface ParseResult {
  readonly file: NixFile | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Brackets nested deeper than this are refused (Nix itself stops at a similar depth). */
export const MAX_NESTING = 1000;

const grammars: NixGrammar[] = [];

/** Parses a whole `.nix` file. */
export function parseNix(text: string, file = "<stdin>"): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const comments: Comment[] = [];
  try {
    const expr = parseCode(text, { offset: 0, line: 1, column: 1 }, 0, file, diagnostics, comments);
    if (!expr || diagnostics.length > 0) return { file: undefined, diagnostics };
    const parsed = attachComments({ expr }, comments);
    diagnostics.push(...checkSemantics(parsed, file));
    return { file: diagnostics.length > 0 ? undefined : parsed, diagnostics };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    diagnostics.push(
      error_(
        file,
        1,
        1,
        "TN0104",
        "the expression is nested too deeply to parse",
        `nesting deeper than ${MAX_NESTING} levels is not supported`,
      ),
    );
    return { file: undefined, diagnostics };
  }
}

function parseCode(
  code: string,
  at: { offset: number; line: number; column: number },
  depth: number,
  file: string,
  diagnostics: Diagnostic[],
  comments: Comment[],
): Expr | undefined {
  const lexed = nixLexer.tokenize(code);
  for (const e of lexed.errors) {
    const p = shift({ offset: e.offset, line: e.line ?? 1, column: e.column ?? 1 }, at);
    diagnostics.push(
      error_(
        file,
        p.line,
        p.column,
        "TN0101",
        `unexpected character ${JSON.stringify(code.slice(e.offset, e.offset + 1))}`,
        unclosedHint(code, e.offset),
      ),
    );
  }
  const tokens = lexed.tokens.map((t) => shiftToken(t, at));
  for (const c of lexed.groups["comments"] ?? []) {
    const t = shiftToken(c, at);
    comments.push({
      kind: t.image.startsWith("#") ? "line" : "block",
      text: t.image,
      span: spanOf(t, t),
    });
  }
  if (lexed.errors.length > 0) return undefined;
  const tooDeep = nestingTooDeep(tokens);
  if (tooDeep) {
    diagnostics.push(
      error_(
        file,
        tooDeep.startLine ?? 1,
        tooDeep.startColumn ?? 1,
        "TN0104",
        `brackets nested more than ${MAX_NESTING} levels deep`,
        "split the expression with let bindings",
      ),
    );
    return undefined;
  }
  const grammar = (grammars[depth] ??= new NixGrammar());
  grammar.stringParser = (token) =>
    stringTokenExpr(
      token,
      (inner, innerAt) =>
        parseCode(inner, innerAt, depth + 1, file, diagnostics, comments) ?? {
          kind: "Identifier",
          name: "null",
        },
    );
  grammar.input = tokens;
  const expr = grammar.file();
  for (const e of grammar.errors) {
    const token = e.token;
    const eof = token.tokenType.name === "EOF";
    const line = eof ? lastLine(tokens, at) : (token.startLine ?? 1);
    const column = eof ? lastColumn(tokens, at) : (token.startColumn ?? 1);
    diagnostics.push(error_(file, line, column, "TN0102", syntaxMessage(e.message, token, eof)));
  }
  return expr;
}

function syntaxMessage(message: string, token: IToken, eof: boolean): string {
  const found = eof ? "the end of the input" : JSON.stringify(token.image);
  const expected =
    /Expecting: (?:token of type --> )?([^\n<]+?)(?: <--)?\n?but found/
      .exec(message)?.[1]
      ?.trim() ??
    /one of these possible Token sequences:\n([\s\S]*?)\nbut found/
      .exec(message)?.[1]
      ?.split("\n")
      .slice(0, 4)
      .map((l) => l.replace(/^\s*\d+\.\s*/, ""))
      .join(", ");
  return expected
    ? `syntax error: expected ${expected}, found ${found}`
    : `syntax error at ${found}`;
}

function unclosedHint(code: string, offset: number): string | undefined {
  const c = code[offset];
  if (c === '"') return "this string is not closed";
  if (c === "'") return "this indented string is not closed (it ends with '')";
  if (c === "$") return "this ${ is not closed";
  return undefined;
}

function nestingTooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (name === "LParen" || name === "LBracket" || name === "LBrace" || name === "DollarCurly") {
      depth += 1;
      if (depth > MAX_NESTING) return t;
    } else if (name === "RParen" || name === "RBracket" || name === "RBrace") depth -= 1;
  }
  return undefined;
}

function shift(
  p: { offset: number; line: number; column: number },
  at: { offset: number; line: number; column: number },
) {
  return {
    offset: p.offset + at.offset,
    line: p.line + at.line - 1,
    column: p.line === 1 ? p.column + at.column - 1 : p.column,
  };
}

function shiftToken(t: IToken, at: { offset: number; line: number; column: number }): IToken {
  if (at.offset === 0 && at.line === 1 && at.column === 1) return t;
  const start = shift(
    { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 },
    at,
  );
  const end = shift(
    { offset: t.endOffset ?? t.startOffset, line: t.endLine ?? 1, column: t.endColumn ?? 1 },
    at,
  );
  return {
    ...t,
    startOffset: start.offset,
    startLine: start.line,
    startColumn: start.column,
    endOffset: end.offset,
    endLine: end.line,
    endColumn: end.column,
  };
}

function lastLine(tokens: readonly IToken[], at: { line: number }): number {
  return tokens[tokens.length - 1]?.endLine ?? at.line;
}

function lastColumn(tokens: readonly IToken[], at: { column: number }): number {
  const last = tokens[tokens.length - 1];
  return last ? (last.endColumn ?? 0) + 1 : at.column;
}

function error_(
  file: string,
  line: number,
  column: number,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return {
    code,
    severity: "error",
    message,
    location: { file, line, column },
    ...(hint ? { hint } : {}),
  };
}
