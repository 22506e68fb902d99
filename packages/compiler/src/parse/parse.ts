/**
 * `parseNix`: Nix source text to the syntax tree, with every comment kept
 * and every problem reported as a diagnostic (`file:line:col`, what was
 * expected). Never throws on bad input: deep nesting is refused with a
 * diagnostic instead of exhausting the stack.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { Comment, Expr, NixFile } from "../syntax/ast.js";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NixGrammar, RecoveringNixGrammar, TooManyErrors } from "./grammar.js";
import { tokenSpan } from "./spans.js";
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
      span: tokenSpan(t, t),
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
  // Recovery and backtracking may meet a string token more than once: parse its code once.
  const strings = new Map<IToken, Expr>();
  const parseString = (token: IToken): Expr => {
    const known = strings.get(token);
    if (known) return known;
    const expr = stringTokenExpr(
      token,
      (inner, innerAt) =>
        parseCode(inner, innerAt, depth + 1, file, diagnostics, comments) ?? {
          kind: "Identifier",
          name: "null",
        },
    );
    strings.set(token, expr);
    return expr;
  };
  const fast = run(fastGrammars, depth, false, tokens, parseString);
  if (fast.errors.length === 0) return fast.expr;
  // Only broken input pays for recovery, which finds the errors after the first one.
  const recovered = run(recoveringGrammars, depth, true, tokens, parseString);
  const errors = recovered.errors.length > 0 ? recovered.errors : fast.errors;
  for (const e of errors) {
    const token = e.token;
    const eof = token.tokenType.name === "EOF";
    const line = eof ? lastLine(tokens, at) : (token.startLine ?? 1);
    const column = eof ? lastColumn(tokens, at) : (token.startColumn ?? 1);
    diagnostics.push(
      error_(file, line, column, "TN0102", `syntax error: ${syntaxMessage(e, eof)}`),
    );
  }
  return undefined;
}

const fastGrammars: NixGrammar[] = [];
const recoveringGrammars: NixGrammar[] = [];

function run(
  pool: NixGrammar[],
  depth: number,
  recovering: boolean,
  tokens: IToken[],
  parseString: (token: IToken) => Expr,
): { expr: Expr | undefined; errors: IRecognitionException[] } {
  const grammar = (pool[depth] ??= recovering ? new RecoveringNixGrammar() : new NixGrammar());
  grammar.stringParser = parseString;
  grammar.input = tokens;
  try {
    const expr = grammar.parseFile();
    return { expr, errors: [...grammar.errors] };
  } catch (error) {
    // Recovery leaves holes (missing subtrees) that tree building may trip on;
    // the errors found so far are what the recovering pass is for.
    if (!(error instanceof TooManyErrors) && !recovering) throw error;
    return { expr: undefined, errors: [...grammar.errors] };
  }
}

function syntaxMessage(error: IRecognitionException, eof: boolean): string {
  const found = eof ? "the end of the input" : JSON.stringify(error.token.image);
  if (error.name === "NotAllInputParsedException")
    return `unexpected ${found} after the end of the expression`;
  const expected = /Expecting token of type --> (\w+) <--/.exec(error.message)?.[1];
  if (expected) return `expected ${TOKEN_TEXT[expected] ?? expected}, found ${found}`;
  const rule = error.context.ruleStack[error.context.ruleStack.length - 1] ?? "";
  return `expected ${RULE_WHAT[rule] ?? "an expression"}, found ${found}`;
}

const TOKEN_TEXT: Readonly<Record<string, string>> = {
  Semicolon: "';'",
  Colon: "':'",
  Assign: "'='",
  RBrace: "'}'",
  RBracket: "']'",
  RParen: "')'",
  LBrace: "'{'",
  In: "'in'",
  Then: "'then'",
  Else: "'else'",
  Identifier: "a name",
  Comma: "','",
};

const RULE_WHAT: Readonly<Record<string, string>> = {
  attrName: "an attribute name",
  attrPath: "an attribute name",
  formal: "a parameter name",
  bindings: "a binding (name = value;)",
};

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
  return errorDiagnostic(code, message, { file, line, column }, hint);
}
