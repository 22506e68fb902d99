/**
 * Syntax error messages: what was expected and what was found, in Nix
 * terms (`expected ';', found 'in'`), plus a hint for common slips. The
 * message provider hands chevrotain one string; the hint rides along after
 * a separator and `syntaxDiagnostic` splits it off again.
 */
import {
  EOF,
  tokenMatcher,
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
    case T.LBrace:
      return ruleName === "formals"
        ? "'@' binds the whole argument set of a pattern: 'args@{ a, b }: body'"
        : ruleName === "attrSet"
          ? "'rec' starts a set: rec { a = 1; }"
          : "a let expression reads 'let name = value; ... in body'";
    case T.Identifier:
      return "a name starts with a letter or '_', then letters, digits, '_', \"'\" or '-'";
    default:
      return undefined;
  }
}

/**
 * What each grammar rule reads, for an error where what is found does not
 * start it (the fallback hint of "expected ..., found ...").
 */
const RULE_HINTS: Readonly<Record<string, string>> = {
  attrName: 'an attribute name is a name, a "string" or ${ ... }',
  attrPath: 'an attribute name is a name, a "string" or ${ ... }',
  formal: "a parameter is a name, as in { a, b ? 1, ... }: body",
  formals: "a parameter is a name, as in { a, b ? 1, ... }: body",
  bindings: "a binding reads 'name = value;'",
};

/** The hint of "expected an expression, found ..." by what was found. */
function expressionHint(found: IToken | undefined): string | undefined {
  const type = found?.tokenType;
  if (type === T.Minus || type === T.Not)
    return "list items and function arguments cannot start with an operator: add parentheses";
  if (type === T.Or) return "'or' is a keyword; as a name it only works in attribute paths";
  if (type === T.Semicolon) return "a value is missing before ';'";
  if (type === T.DollarCurly)
    return "'${ ... }' only interpolates inside a string, a path or an attribute name: write the expression itself, or \"${ ... }\"";
  if (type === T.RBrace || (type !== undefined && CLOSING_BRACES.has(type)))
    return "a value is missing before '}'";
  if (type === T.Less) return "a search path reads <name/path>; '<' alone compares two values";
  if (type === T.Then || type === T.Else || type === T.In)
    return `${describe(found)} continues an expression ('if ... then ... else ...', 'let ... in ...') that is not there`;
  if (type === T.If || type === T.Let || type === T.With || type === T.Assert)
    return `${describe(found)} as an operand needs parentheses: 1 + (${found?.image ?? ""} ...)`;
  if (type === T.Inherit) return "'inherit' goes inside { ... } or let ... in";
  return found === undefined || found.tokenType === EOF
    ? undefined
    : `a value is missing before ${describe(found)}`;
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
            : type === T.Then || type === T.Else
              ? "an 'if' as an operand needs parentheses: 1 + (if c then a else b)"
              : "the expression before it is complete: an operator, a ';' or a bracket may be missing before it";
    return withHint(`unexpected ${describe(firstRedundant)} after the end of the expression`, hint);
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const found = actual[0];
    return withHint(
      `expected ${WHAT[ruleName] ?? "an expression"}, found ${describe(found)}`,
      expressionHint(found) ?? RULE_HINTS[ruleName],
    );
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return withHint(
      `expected ${WHAT[ruleName] ?? "an expression"}, found ${describe(actual[0])}`,
      RULE_HINTS[ruleName] ?? expressionHint(actual[0]),
    );
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
  const [message = "", hint] = error.message.split(HINT);
  const token = error.token;
  const atEnd = token.tokenType === EOF;
  const last = tokens[tokens.length - 1];
  const lastEnd = last ? endOf(last) : undefined;
  const line = atEnd ? (lastEnd?.line ?? 1) : (token.startLine ?? 1);
  const column = atEnd ? (lastEnd?.column ?? 1) : (token.startColumn ?? 1);
  if (atEnd && last === undefined)
    return syntaxError(
      file,
      1,
      1,
      "syntax error: the file holds no expression",
      "a .nix file holds one expression, as `{ }` or `null`",
    );
  const searchPath = brokenSearchPath(error, tokens);
  if (searchPath) return syntaxError(file, line, column, searchPath.message, searchPath.hint);
  let extra = hint;
  if (extra === undefined && /^expected '[)\]}]'/.test(message)) {
    const index = atEnd ? tokens.length : tokens.indexOf(token);
    const opener = openBracketBefore(tokens, index);
    if (opener)
      extra = `the '${bracketOf(opener)}' at ${opener.startLine}:${opener.startColumn} is not closed`;
  }
  extra ??= atEnd && last ? endHint(last) : undefined;
  // Last, what the rule being read reads, or the token it expected.
  extra ??= RULE_HINTS[error.context.ruleStack[error.context.ruleStack.length - 1] ?? ""];
  extra ??= message.replace(/^expected (.*), found (.*)$/, "$1 is missing before $2");
  return syntaxError(file, line, column, `syntax error: ${message}`, extra);
}

/** Why the file cannot end after `last`: what the token left open needs. */
function endHint(last: IToken): string {
  const type = last.tokenType;
  if (type === T.Colon) return "a function's body follows its ':'";
  if (type === T.In) return "'let ... in' needs the expression the bindings are for after 'in'";
  if (type === T.Semicolon) return "'assert e;' and 'with e;' need the expression they apply to";
  if (type === T.Dot) return "an attribute name follows '.'";
  if (type === T.Question) return "'?' tests for an attribute: 'set ? name'";
  if (type === T.Or) return "'or' gives the default of a selection: 'set.name or value'";
  if (tokenMatcher(last, T.BinaryOperator) || type === T.Not)
    return `the operator '${last.image}' needs an operand after it`;
  return "the file ends before the expression is complete";
}

/**
 * A search path Nix's lexer did not take as one, where an expression
 * must start with `<`: one not closed with `>` (`<nixpkgs/lib`), or
 * holding a space (`<nix pkgs>`). Undefined for any other error.
 */
function brokenSearchPath(
  error: IRecognitionException,
  tokens: readonly IToken[],
): { message: string; hint: string } | undefined {
  const at = error.token;
  if (at.tokenType !== T.Less || !error.message.startsWith("expected an expression"))
    return undefined;
  const parts = searchPathTokens(tokens, tokens.indexOf(at));
  if (parts.length < 2) return undefined;
  const text = spacedText(parts);
  if (parts[parts.length - 1]?.tokenType !== T.Greater)
    return {
      message: `syntax error: the search path '${text}' is not closed`,
      hint: "a search path reads <name/path> and ends with '>'",
    };
  return text.includes(" ")
    ? {
        message: `syntax error: the search path '${text}' holds a space`,
        hint: "a search path reads <name/path>, without spaces",
      }
    : {
        message: `syntax error: '${text}' is no search path`,
        hint: "a search path reads <name/path>: names joined by single '/', none at either end",
      };
}

/** Tokens the text of a search path lexes to, where Nix did not take it as one. */
const SEARCH_PATH_PARTS = new Set<TokenType>([
  T.Identifier,
  T.Path,
  T.Int,
  T.Dot,
  T.Slash,
  T.Minus,
  T.Update,
]);

/**
 * The tokens from `<` at `index` that would be one search path: names,
 * paths and dots on its line up to a `>` (included) when one closes it,
 * else the ones written right after the `<`.
 */
function searchPathTokens(tokens: readonly IToken[], index: number): IToken[] {
  const start = tokens[index];
  if (start === undefined) return [];
  const run: IToken[] = [start];
  for (let i = index + 1; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    if (t.startLine !== start.startLine) break;
    if (t.tokenType === T.Greater) return [...run, t];
    if (!SEARCH_PATH_PARTS.has(t.tokenType)) break;
    run.push(t);
  }
  // Not closed: the name is what was written right after the `<`.
  const adjacent = [start];
  for (const t of run.slice(1)) {
    const previous = adjacent[adjacent.length - 1] as IToken;
    if (t.startOffset !== endOf(previous).offset) break;
    adjacent.push(t);
  }
  return adjacent;
}

/** The text of adjacent tokens, one space where the source has any. */
function spacedText(parts: readonly IToken[]): string {
  return parts
    .map((t, i) => {
      const previous = parts[i - 1];
      return previous && t.startOffset !== endOf(previous).offset ? ` ${t.image}` : t.image;
    })
    .join("");
}

/**
 * The offset up to which later syntax errors follow from this one and are
 * not reported: after a search path closed with `>` that Nix does not take
 * as one (`<nix pkgs>`, `<a/>`), the parser reads its words as comparisons
 * and stumbles again just after the `>`.
 */
export function consequencesUntil(error: IRecognitionException, tokens: readonly IToken[]): number {
  if (brokenSearchPath(error, tokens) === undefined) return -1;
  const index = tokens.indexOf(error.token);
  const parts = searchPathTokens(tokens, index);
  if (parts[parts.length - 1]?.tokenType !== T.Greater) return -1;
  return tokens[index + parts.length]?.startOffset ?? Infinity;
}
