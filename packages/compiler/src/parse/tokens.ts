/**
 * The Nix lexer (chevrotain). Strings and interpolated paths are single
 * tokens found by the scanners in `scan.ts`; their `${...}` parts are parsed
 * by the parser afterwards. Comments go to their own group so the parser
 * never sees them but the printer can put them back.
 */
import { Lexer, createToken, type CustomPatternMatcherReturn, type TokenType } from "chevrotain";
import { scanDoubleString, scanIndentedString, scanInterpolatedPath, scanPath } from "./scan.js";

function scanned(scan: (text: string, i: number) => number) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const end = scan(text, offset);
    return end < 0 ? null : ([text.slice(offset, end)] as unknown as CustomPatternMatcherReturn);
  };
}

/** Characters a path can start with, so the lexer only tries paths there. */
const PATH_START = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+/"];

/** A `"..."` string, interpolations included. */
export const DoubleString = createToken({
  name: "DoubleString",
  pattern: { exec: scanned((t, i) => (t[i] === '"' ? scanDoubleString(t, i) : -1)) },
  line_breaks: true,
  start_chars_hint: ['"'],
});
/** A `''...''` string, interpolations included. */
export const IndentedString = createToken({
  name: "IndentedString",
  pattern: {
    exec: scanned((t, i) => (t[i] === "'" && t[i + 1] === "'" ? scanIndentedString(t, i) : -1)),
  },
  line_breaks: true,
  start_chars_hint: ["'"],
});
/** `./a/${b}/c` */
export const InterpolatedPath = createToken({
  name: "InterpolatedPath",
  pattern: { exec: scanned(scanInterpolatedPath) },
  line_breaks: true,
  start_chars_hint: [...PATH_START, "~"],
});

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /#[^\r\n]*/,
  group: "comments",
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});

export const Path = createToken({
  name: "Path",
  pattern: { exec: scanned(scanPath) },
  line_breaks: false,
  start_chars_hint: PATH_START,
});
export const HomePath = createToken({ name: "HomePath", pattern: /~(?:\/[a-zA-Z0-9._\-+]+)+\/?/ });
export const SearchPath = createToken({
  name: "SearchPath",
  pattern: /<[a-zA-Z0-9._\-+]+(?:\/[a-zA-Z0-9._\-+]+)*>/,
});
export const Uri = createToken({
  name: "Uri",
  pattern: /[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/,
});
export const Float = createToken({
  name: "Float",
  pattern: /(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?/,
});
export const Int = createToken({ name: "Int", pattern: /[0-9]+/ });
export const Identifier = createToken({ name: "Identifier", pattern: /[a-zA-Z_][a-zA-Z0-9_'-]*/ });

const keyword = (word: string): TokenType =>
  createToken({
    name: word[0]?.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
  });
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const Assert = keyword("assert");
export const With = keyword("with");
export const Let = keyword("let");
export const In = keyword("in");
export const Rec = keyword("rec");
export const Inherit = keyword("inherit");
export const Or = keyword("or");

/** The category of every infix operator token (and `?`), for the precedence-climbing rule. */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA });

const INFIX = new Set([
  "Implies",
  "OrOr",
  "AndAnd",
  "Equal",
  "NotEqual",
  "LessEqual",
  "GreaterEqual",
  "Update",
  "Concat",
  "Less",
  "Greater",
  "Plus",
  "Minus",
  "Star",
  "Slash",
  "Question",
]);

const op = (name: string, pattern: RegExp): TokenType =>
  createToken({ name, pattern, ...(INFIX.has(name) ? { categories: [BinaryOperator] } : {}) });
export const Ellipsis = op("Ellipsis", /\.\.\./);
export const DollarCurly = op("DollarCurly", /\$\{/);
export const Implies = op("Implies", /->/);
export const OrOr = op("OrOr", /\|\|/);
export const AndAnd = op("AndAnd", /&&/);
export const Equal = op("Equal", /==/);
export const NotEqual = op("NotEqual", /!=/);
export const LessEqual = op("LessEqual", /<=/);
export const GreaterEqual = op("GreaterEqual", />=/);
export const Update = op("Update", /\/\//);
export const Concat = op("Concat", /\+\+/);
export const Less = op("Less", /</);
export const Greater = op("Greater", />/);
export const Not = op("Not", /!/);
export const Plus = op("Plus", /\+/);
export const Minus = op("Minus", /-/);
export const Star = op("Star", /\*/);
export const Slash = op("Slash", /\//);
export const Question = op("Question", /\?/);
export const Dot = op("Dot", /\./);
export const At = op("At", /@/);
export const Colon = op("Colon", /:/);
export const Semicolon = op("Semicolon", /;/);
export const Assign = op("Assign", /=/);
export const Comma = op("Comma", /,/);
export const LParen = op("LParen", /\(/);
export const RParen = op("RParen", /\)/);
export const LBracket = op("LBracket", /\[/);
export const RBracket = op("RBracket", /\]/);
export const LBrace = op("LBrace", /\{/);
export const RBrace = op("RBrace", /\}/);

/** Every token type, in matching order (first match wins: longer and more specific first). */
export const ALL_TOKENS: TokenType[] = [
  BinaryOperator,
  WhiteSpace,
  LineComment,
  BlockComment,
  DoubleString,
  IndentedString,
  InterpolatedPath,
  Path,
  HomePath,
  SearchPath,
  Uri,
  Float,
  Int,
  If,
  Then,
  Else,
  Assert,
  With,
  Let,
  Inherit,
  In,
  Rec,
  Or,
  Identifier,
  Ellipsis,
  DollarCurly,
  Implies,
  OrOr,
  AndAnd,
  Equal,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Update,
  Concat,
  SearchPath,
  Less,
  Greater,
  Not,
  Plus,
  Minus,
  Star,
  Slash,
  Question,
  Dot,
  At,
  Colon,
  Semicolon,
  Assign,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** The lexer, built once. */
export const nixLexer = new Lexer([...new Set(ALL_TOKENS)], {
  positionTracking: "full",
  ensureOptimizations: true,
});
