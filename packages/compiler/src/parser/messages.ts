/**
 * Syntax error messages: what was expected and what was found, in Nix
 * terms (`expected ';', found 'in'`), plus a hint for common slips. The
 * message provider hands chevrotain one string; the hint rides along after
 * a separator and `syntaxDiagnostic` splits it off again.
 */
import {
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as T from "./tokens.js";
import { endOf, syntaxError } from "./locations.js";

const HINT = "\u0000hint:";

const WHAT: Readonly<Record<string, string>> = {
  attrName: "an attribute name",
  attrPath: "an attribute name",
  formal: "a parameter name",
  formals: "a parameter name or '...'",
  bindings: "a binding (name = value;)",
};

/** Tokens that start with the `}` closing an interpolation, then run on in a string or path. */
const CLOSING_BRACES = new Set<TokenType>([
  T.StrMid,
  T.StrEnd,
  T.IndMid,
  T.IndEnd,
  T.PathMid,
  T.PathEnd,
  T.PathSlashEnd,
]);

function describe(t: IToken | undefined): string {
  if (t === undefined || t.tokenType === EOF) return "the end of the file";
  if (CLOSING_BRACES.has(t.tokenType)) return "'}'";
  const image = t.image.length > 24 ? `${t.image.slice(0, 20)}...` : t.image;
  return `'${image.replace(/\n/g, "\\n")}'`;
}

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function withHint(message: string, hint: string | undefined): string {
  return hint === undefined ? message : `${message}${HINT}${hint}`;
}

function mismatchHint(expected: TokenType, ruleName: string, actual: IToken): string | undefined {
  if (expected === T.RBracket && (actual.tokenType === T.Minus || actual.tokenType === T.Not))
    return "a list item cannot start with an operator: put it in parentheses, as in [ (-1) ]";
  switch (expected) {
    case T.Semicolon:
      return ruleName === "binding" || ruleName === "inherit"
        ? "every binding ends with ';'"
        : `'${ruleName === "withExpr" ? "with" : "assert"} e;' ends with ';'`;
    case T.In:
      return "a let expression reads 'let name = value; ... in body'";
    case T.Then:
    case T.Else:
      return "'if' needs a condition, 'then' and 'else'";
    case T.Assign:
      return "a binding reads 'name = value;'";
    case T.Colon:
      return "a function reads 'arg: body' or '{ a, b }: body'";
    default:
      return undefined;
  }
}

/** Chevrotain's error messages, in Nix terms. */
export const nixErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    return withHint(
      `expected ${label(expected)}, found ${describe(actual)}`,
      mismatchHint(expected, ruleName, actual),
    );
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    const type = firstRedundant.tokenType;
    const hint =
      type === T.Assign
        ? "a .nix file holds one expression: put bindings in { ... } or let ... in"
        : type === T.RParen || type === T.RBracket || type === T.RBrace
          ? "there is no opening bracket for this one"
          : type === T.Or
            ? "'or' is a keyword; as a name it only works in attribute paths"
            : undefined;
    return withHint(`unexpected ${describe(firstRedundant)} after the end of the expression`, hint);
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const found = actual[0];
    const type = found?.tokenType;
    const hint =
      type === T.Minus || type === T.Not
        ? "list items and function arguments cannot start with an operator: add parentheses"
        : type === T.Or
          ? "'or' is a keyword; as a name it only works in attribute paths"
          : type === T.Semicolon
            ? "a value is missing before ';'"
            : undefined;
    return withHint(
      `expected ${WHAT[ruleName] ?? "an expression"}, found ${describe(found)}`,
      hint,
    );
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return `expected ${WHAT[ruleName] ?? "an expression"}, found ${describe(actual[0])}`;
  },
};

/** Brackets, and the tokens of strings and paths that open or close an interpolation. */
const OPENERS = new Set<TokenType>([
  T.LParen,
  T.LBracket,
  T.LBrace,
  T.DollarCurly,
  T.StrStart,
  T.IndStart,
  T.PathStart,
]);
const CLOSERS = new Set<TokenType>([
  T.RParen,
  T.RBracket,
  T.RBrace,
  T.StrEnd,
  T.IndEnd,
  T.PathEnd,
  T.PathSlashEnd,
]);

/** The innermost bracket still open before `index`, for "close the '(' at 3:5". */
function openBracketBefore(tokens: readonly IToken[], index: number): IToken | undefined {
  const open: IToken[] = [];
  for (let i = 0; i < index && i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    if (OPENERS.has(t.tokenType)) open.push(t);
    else if (CLOSERS.has(t.tokenType)) open.pop();
  }
  return open[open.length - 1];
}

function bracketOf(t: IToken): string {
  if (t.tokenType === T.LParen) return "(";
  if (t.tokenType === T.LBracket) return "[";
  if (t.tokenType === T.LBrace) return "{";
  return "${";
}

/** A diagnostic for one of chevrotain's recognition errors. */
export function syntaxDiagnostic(
  error: IRecognitionException,
  tokens: readonly IToken[],
  file: string,
): Diagnostic {
  const [message, hint] = error.message.split(HINT);
  const token = error.token;
  const atEnd = token.tokenType === EOF;
  const last = tokens[tokens.length - 1];
  const lastEnd = last ? endOf(last) : undefined;
  const line = atEnd ? (lastEnd?.line ?? 1) : (token.startLine ?? 1);
  const column = atEnd ? (lastEnd?.column ?? 1) : (token.startColumn ?? 1);
  let extra = hint;
  if (extra === undefined && /^expected '[)\]}]'/.test(message ?? "")) {
    const index = atEnd ? tokens.length : tokens.indexOf(token);
    const opener = openBracketBefore(tokens, index);
    if (opener)
      extra = `the '${bracketOf(opener)}' at ${opener.startLine}:${opener.startColumn} is not closed`;
  }
  return syntaxError(file, line, column, `syntax error: ${message ?? ""}`, extra);
}
