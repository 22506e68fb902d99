/**
 * The token types of the Nix lexer, with patterns that reproduce Nix 2.x's
 * flex lexer (`src/libexpr/lexer.l`).
 *
 * Flex picks the longest match; chevrotain picks the first pattern that
 * matches. The order of `CODE_TOKENS` and the patterns below are arranged
 * so both choose the same token everywhere (paths before numbers and
 * names, keywords with `longer_alt`, two-character operators first).
 *
 * Strings and interpolated paths are not split into a quote token, text
 * tokens and a closing quote as in flex: a string without `${` is one
 * token (`Str`), and one with interpolations is a start token up to and
 * including the first `${` (`StrStart`), then the code, then a token from
 * the closing `}` to the next `${` (`StrMid`) or to the closing quote
 * (`StrEnd`). The lexer modes in `lexer.ts` decide which `}` closes what.
 */
import {
  Lexer,
  createToken,
  type CustomPatternMatcherFunc,
  type IToken,
  type ITokenConfig,
  type TokenType,
} from "chevrotain";

// ---------------------------------------------------------------------------
// Pattern fragments (regular expression source)

/**
 * A character of a path segment (flex `PATH_CHAR`). Path patterns below
 * avoid an optional prefix (`X*\/...`): chevrotain's first-character
 * analysis, which decides which patterns to try at a character, would miss
 * that such a pattern can start with `/`.
 */
const X = "[a-zA-Z0-9._+-]";
/**
 * The body of a `"..."` string, as flex's `STRING` rules: anything but `"`,
 * `\` and `${`; `\` escapes any character; `$$` is literal (so `$${` is the
 * text `$${`), and a `$` right before the closing quote is literal.
 */
const DOUBLE_BODY = String.raw`[^$"\\]*(?:(?:\$[^{"\\]|\\[\s\S]|\$\\[\s\S]|\$(?="))[^$"\\]*)*`;
/**
 * The body of a `''...''` string, as flex's `IND_STRING` rules: `'''`,
 * `''$` and `''\x` are escapes, a lone `'` or `$` is text, and `$$` is
 * literal. Two quotes followed by anything else close the string.
 *
 * Both bodies are written as "normal* (special normal*)*", where no
 * special can start where a normal character is: there is one way to match
 * any text, so a failing match backtracks in linear time. (The obvious
 * `(?:[^"]+|...)*` backtracks exponentially on an unterminated string.)
 */
const INDENTED_BODY = String.raw`[^$']*(?:(?:\$[^{']|\$(?=')|'(?!')|''(?:'|\$|\\[\s\S]))[^$']*)*`;

const regex = (source: string): RegExp => new RegExp(source);

const isPathChar = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 46 ||
  c === 95 ||
  c === 43 ||
  c === 45;
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isSchemeChar = (c: number): boolean => isPathChar(c) && c !== 95;
const chars = (from: string, to: string): string[] =>
  Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) =>
    String.fromCharCode(from.charCodeAt(0) + i),
  );
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const LETTERS = [...chars("a", "z"), ...chars("A", "Z")];
const PATH_START_CHARS = [...LETTERS, ...chars("0", "9"), ".", "_", "+", "-", "/", "~"];

/**
 * Which text the run caches below describe. Compared by number, not by
 * string: two equal but distinct strings would compare in linear time.
 */
let textNumber = 0;

/** Starts a new text for the caches of the path, URI and name patterns. */
export function newText(): void {
  textNumber += 1;
}

/**
 * The end of the run of characters satisfying `inRun` that starts at
 * `offset`. The last run is remembered: asked again from inside it (the
 * lexer tries several patterns at every token start), the answer is at
 * hand, so scanning stays linear even on `-----...` or `a.a.a.a...`, where
 * each token start is inside the same run (flex's lexer is quadratic there).
 */
function runEnd(inRun: (c: number) => boolean): (text: string, offset: number) => number {
  let lastText = -1;
  let lastStart = 0;
  let lastEnd = -1;
  return (text, offset) => {
    if (offset >= lastStart && offset < lastEnd && textNumber === lastText) return lastEnd;
    let end = offset;
    while (end < text.length && inRun(text.charCodeAt(end))) end++;
    lastText = textNumber;
    lastStart = offset;
    lastEnd = end;
    return end;
  };
}

const pathRunEnd = runEnd(isPathChar);
const schemeRunEnd = runEnd(isSchemeChar);

/**
 * A pattern for tokens that may start with a run of characters and need a
 * particular character after it (a path needs `/` after `a.b-c`, a URI `:`
 * after `https`). The regex only runs when that character is there, so for
 * an ordinary name the pattern costs one look at the end of its run, and
 * runs like `-----/` cost linear time, not quadratic.
 */
function guarded(
  source: string,
  runOf: (text: string, offset: number) => number,
  needed: number,
  canStart: (c: number) => boolean,
): CustomPatternMatcherFunc {
  const re = new RegExp(source, "y");
  // Having failed at some start in a run, the pattern fails at every later
  // start in it: the rest of the match would be the same.
  let failedText = -1;
  let failedFrom = 0;
  let failedTo = 0;
  return (text, offset) => {
    re.lastIndex = offset;
    if (!canStart(text.charCodeAt(offset))) return re.exec(text);
    if (offset > failedFrom && offset < failedTo && textNumber === failedText) return null;
    const end = runOf(text, offset);
    if (text.charCodeAt(end) !== needed) return null;
    const match = re.exec(text);
    if (match === null) {
      failedText = textNumber;
      failedFrom = offset;
      failedTo = end;
    }
    return match;
  };
}

// ---------------------------------------------------------------------------
// Skipped and grouped tokens

/** Spaces within a line: no line counting needed, unlike for `WhiteSpace`. */
export const Spaces = createToken({
  name: "Spaces",
  pattern: /[ \t]+(?![\r\n])/,
  group: Lexer.SKIPPED,
  line_breaks: false,
});
/** Whitespace as Nix knows it (a form feed, for one, is an error in Nix too). */
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
  line_breaks: false,
});
/** `/* ... *\/` (the unrolled form of flex's `\/\*([^*]|\*+[^*\/])*\*+\/`, which never backtracks). */
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[^*]*\*+(?:[^*/][^*]*\*+)*\//,
  group: "comments",
  line_breaks: true,
});

// Tokens that only occur in broken input. They run to the end of the text,
// so the lexer reports one clear error instead of lexing the rest of a
// string as code.
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "errors",
  line_breaks: true,
});
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"[\s\S]*/,
  group: "errors",
  line_breaks: true,
});
export const UnterminatedIndentedString = createToken({
  name: "UnterminatedIndentedString",
  pattern: /''[\s\S]*/,
  group: "errors",
  line_breaks: true,
});
/** After a `}` that closes an interpolation: the rest of a string that is never closed. */
export const UnterminatedAfterInterpolation = createToken({
  name: "UnterminatedAfterInterpolation",
  pattern: /\}[\s\S]*/,
  group: "errors",
  line_breaks: true,
});

// ---------------------------------------------------------------------------
// Strings

/**
 * The four tokens of a kind of string: a whole one without interpolation,
 * its start up to the first `${`, the text from a `}` to the next `${`,
 * and from the last `}` to its end. `open` and `close` are the patterns of
 * its delimiters, `body` that of the text between, `mode` the lexer mode
 * its interpolations are read in.
 */
function stringTokens(
  [whole, name]: readonly [string, string],
  open: string,
  close: string,
  body: string,
  mode: string,
  label: string,
): readonly [TokenType, TokenType, TokenType, TokenType] {
  const piece = (suffix: string, pattern: string, more: Partial<ITokenConfig>, text = label) =>
    createToken({
      name: suffix === "" ? whole : `${name}${suffix}`,
      pattern: regex(pattern),
      line_breaks: true,
      label: text,
      ...more,
    });
  return [
    piece("", `${open}${body}${close}`, {}),
    piece("Start", `${open}${body}\\$\\{`, { push_mode: mode }),
    piece("Mid", `\\}${body}\\$\\{`, {}, "'}'"),
    piece("End", `\\}${body}${close}`, { pop_mode: true }, "'}'"),
  ];
}

/**
 * `"..."` without interpolation; `"...${`, a string up to its first
 * interpolation; `}...${`, from the end of one interpolation to the next;
 * `}..."`, from the end of the last one to the closing quote.
 */
export const [Str, StrStart, StrMid, StrEnd] = stringTokens(
  ["Str", "Str"],
  '"',
  '"',
  DOUBLE_BODY,
  "string",
  "a string",
);

/** The same four pieces of an indented string, `''...''`. */
export const [IndStr, IndStart, IndMid, IndEnd] = stringTokens(
  ["IndStr", "Ind"],
  "''",
  "''",
  INDENTED_BODY,
  "indented",
  "an indented string",
);

// ---------------------------------------------------------------------------
// Paths, search paths and URIs

/** Paths the parser accepts; `PathTrailingSlash` is one too, but the lexer reports it. */
export const PathLiteral = createToken({ name: "PathLiteral", pattern: Lexer.NA, label: "a path" });
/**
 * A path up to its first interpolation, `${` included: `./a/${`, `a/${`,
 * `~/${`, `./a${` (flex: `{PATH_SEG}\$\{`, `{HPATH_START}\$\{`, and a
 * `{PATH}` or `{HPATH}` followed by `${`, with any path characters and
 * slashes between, as flex's `INPATH` states allow).
 */
export const PathStart = createToken({
  name: "PathStart",
  pattern: {
    exec: guarded(
      `(?:\\/|(?:~|${X}+)\\/)(?:${X}[a-zA-Z0-9._+\\-/]*)?\\$\\{`,
      pathRunEnd,
      SLASH,
      isPathChar,
    ),
  },
  start_chars_hint: PATH_START_CHARS,
  line_breaks: false,
  push_mode: "path",
  label: "a path",
});
/** `./a/b`, `/etc`, `a/b`, `~/x` (flex `PATH` and `HPATH`). */
export const Path = createToken({
  name: "Path",
  pattern: {
    exec: guarded(
      `(?:\\/${X}+|(?:~|${X}+)\\/${X}+)(?:\\/${X}+)*(?![a-zA-Z0-9._+\\-/])`,
      pathRunEnd,
      SLASH,
      isPathChar,
    ),
  },
  start_chars_hint: PATH_START_CHARS,
  line_breaks: false,
  categories: [PathLiteral],
  label: "a path",
});
/** A path ending in `/` (or with `//` inside), which Nix rejects. */
export const PathTrailingSlash = createToken({
  name: "PathTrailingSlash",
  pattern: {
    exec: guarded(
      `(?:\\/${X}+|(?:~|${X}+)\\/${X}+)(?:\\/${X}+)*\\/[a-zA-Z0-9._+\\-/]*`,
      pathRunEnd,
      SLASH,
      isPathChar,
    ),
  },
  start_chars_hint: PATH_START_CHARS,
  line_breaks: false,
  categories: [PathLiteral],
  label: "a path",
});
/** The end of a path after an interpolation closes. */
export const PathClose = createToken({ name: "PathClose", pattern: Lexer.NA, label: "'}'" });
/** `}b/${`: path text between two interpolations. */
export const PathMid = createToken({
  name: "PathMid",
  pattern: /\}[a-zA-Z0-9._+\-/]*\$\{/,
  label: "'}'",
});
/** `}/c.nix`: the rest of a path after its last interpolation. */
export const PathEnd = createToken({
  name: "PathEnd",
  pattern: /\}(?:[a-zA-Z0-9._+\-/]*[a-zA-Z0-9._+-])?(?![a-zA-Z0-9._+\-/])/,
  pop_mode: true,
  categories: [PathClose],
  label: "'}'",
});
/** `}/`: a path ending in a slash after an interpolation (reported by the lexer). */
export const PathSlashEnd = createToken({
  name: "PathSlashEnd",
  pattern: /\}[a-zA-Z0-9._+\-/]*/,
  pop_mode: true,
  categories: [PathClose],
  label: "'}'",
});
export const SearchPath = createToken({
  name: "SearchPath",
  pattern: regex(`<${X}+(?:\\/${X}+)*>`),
  label: "a search path",
});
export const Uri = createToken({
  name: "Uri",
  pattern: {
    exec: guarded(
      String.raw`[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+`,
      schemeRunEnd,
      COLON,
      isLetter,
    ),
  },
  start_chars_hint: LETTERS,
  line_breaks: false,
  label: "a URI",
});

// ---------------------------------------------------------------------------
// Numbers, names and keywords

/** Nix floats need a dot: `1e3` is the integer 1 applied to the variable `e3`. */
export const Float = createToken({
  name: "Float",
  pattern: /(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?/,
  label: "a number",
});
export const Int = createToken({ name: "Int", pattern: /[0-9]+/, label: "a number" });
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[a-zA-Z_][a-zA-Z0-9_'-]*/,
  label: "a name",
});

const isNameStart = (c: number): boolean => isLetter(c) || c === 95;
const isNameChar = (c: number): boolean => (isPathChar(c) && c !== 46 && c !== 43) || c === 39;

/**
 * A name, found before the path and URI patterns are tried: names are the
 * most common token, and a name is what flex finds unless a `/` follows
 * its run of path characters (`a.b/c`) or a `:` its run of URI scheme
 * characters (`x:y`). Then this fails and the patterns after it decide,
 * `Identifier` last. `retypeKeywords` makes these `Identifier`s.
 */
export const PlainName = createToken({
  name: "PlainName",
  pattern: {
    exec: (text, offset) => {
      const c = text.charCodeAt(offset);
      if (!isNameStart(c)) return null;
      let end = offset + 1;
      while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
      // Only a `.`, `+`, `/` or `:` after the name can make it part of a
      // longer path or URI token; then look at the whole run.
      const after = text.charCodeAt(end);
      if (after === DOT || after === PLUS || after === SLASH || after === COLON) {
        if (text.charCodeAt(pathRunEnd(text, offset)) === SLASH) return null;
        if (isLetter(c) && text.charCodeAt(schemeRunEnd(text, offset)) === COLON) return null;
      }
      return [text.slice(offset, end)];
    },
  },
  start_chars_hint: [...LETTERS, "_"],
  line_breaks: false,
  label: "a name",
});

/**
 * Keywords are lexed as names and retyped afterwards (`retypeKeywords`):
 * one name pattern instead of ten keyword patterns tried before it. Flex
 * prefers a keyword over a name of the same length, and a longer name
 * (`iff`, `in'`) over a keyword; a whole name is exactly that.
 */
const keyword = (word: string): TokenType =>
  createToken({
    name: `Kw${word[0]?.toUpperCase() ?? ""}${word.slice(1)}`,
    pattern: Lexer.NA,
    label: `'${word}'`,
  });
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const Assert = keyword("assert");
export const With = keyword("with");
export const Let = keyword("let");
export const Inherit = keyword("inherit");
export const In = keyword("in");
export const Rec = keyword("rec");
export const Or = keyword("or");

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(
  [If, Then, Else, Assert, With, Let, Inherit, In, Rec, Or].map((t) => [
    (t.LABEL ?? "").slice(1, -1),
    t,
  ]),
);

/**
 * Gives names that are keywords their keyword's type, and other names the
 * type `Identifier`, in place. Returns the tokens that are paths with a
 * trailing slash, for the lexer to report.
 */
export function retypeTokens(tokens: readonly IToken[]): IToken[] {
  const slashed: IToken[] = [];
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === PlainName || type === Identifier) {
      const retyped = (t.image.length <= 7 ? KEYWORDS.get(t.image) : undefined) ?? Identifier;
      t.tokenType = retyped;
      t.tokenTypeIdx = retyped.tokenTypeIdx as number;
    } else if (type === PathTrailingSlash || type === PathSlashEnd) slashed.push(t);
  }
  return slashed;
}

// ---------------------------------------------------------------------------
// Punctuation and operators

/** Every binary operator; the parser consumes this category and sorts precedence out itself. */
export const BinaryOperator = createToken({
  name: "BinaryOperator",
  pattern: Lexer.NA,
  label: "an operator",
});
const punct = (name: string, pattern: RegExp | string, label: string): TokenType =>
  createToken({ name, pattern, label: `'${label}'` });
const operator = (name: string, pattern: string): TokenType =>
  createToken({ name, pattern, label: `'${pattern}'`, categories: [BinaryOperator] });

export const Ellipsis = punct("Ellipsis", "...", "...");
export const DollarCurly = createToken({
  name: "DollarCurly",
  pattern: "${",
  push_mode: "code",
  label: "'${'",
});
export const LBrace = createToken({
  name: "LBrace",
  pattern: "{",
  push_mode: "code",
  label: "'{'",
});
export const RBrace = createToken({ name: "RBrace", pattern: "}", pop_mode: true, label: "'}'" });
export const LParen = punct("LParen", "(", "(");
export const RParen = punct("RParen", ")", ")");
export const LBracket = punct("LBracket", "[", "[");
export const RBracket = punct("RBracket", "]", "]");
export const Implies = operator("Implies", "->");
export const OrOr = operator("OrOr", "||");
export const AndAnd = operator("AndAnd", "&&");
export const Equal = operator("Equal", "==");
export const NotEqual = operator("NotEqual", "!=");
export const LessEqual = operator("LessEqual", "<=");
export const GreaterEqual = operator("GreaterEqual", ">=");
export const Update = operator("Update", "//");
export const Concat = operator("Concat", "++");
export const Less = operator("Less", "<");
export const Greater = operator("Greater", ">");
export const Plus = operator("Plus", "+");
export const Minus = operator("Minus", "-");
export const Star = operator("Star", "*");
export const Slash = operator("Slash", "/");
export const Not = punct("Not", "!", "!");
export const Question = punct("Question", "?", "?");
export const Dot = punct("Dot", ".", ".");
export const At = punct("At", "@", "@");
export const Colon = punct("Colon", ":", ":");
export const Semicolon = punct("Semicolon", ";", ";");
export const Assign = punct("Assign", "=", "=");
export const Comma = punct("Comma", ",", ",");

// ---------------------------------------------------------------------------
// Stand-ins for parts parsed on their own

/**
 * Tokens the lexer never makes: each stands for a bracketed part of a
 * deeply nested text that was parsed on its own (`pieces.ts`) and carries
 * its node as `payload`. `Parsed` is an operand (`( ... )`, `[ ... ]`,
 * `{ ... }`, an indented string or path with `${ ... }`); `ParsedString`
 * a `"...${ ... }..."`, which may also be an attribute name; `ParsedName`
 * an attribute name `${ ... }`. Their image is the source text they stand
 * for, which may span lines.
 */
export const Parsed = createToken({
  name: "Parsed",
  pattern: Lexer.NA,
  line_breaks: true,
  label: "an expression",
});
export const ParsedString = createToken({
  name: "ParsedString",
  pattern: Lexer.NA,
  line_breaks: true,
  label: "a string",
});
export const ParsedName = createToken({
  name: "ParsedName",
  pattern: Lexer.NA,
  line_breaks: true,
  label: "'${'",
});

/** The tokens of code, in matching order (the first pattern that matches wins). */
export const CODE_TOKENS: readonly TokenType[] = [
  PlainName,
  Spaces,
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  // A string with an interpolation before one without: where the body
  // stops at `${`, the pattern up to a closing quote would backtrack and
  // could close the string early, before an escape such as `''\x`.
  StrStart,
  Str,
  UnterminatedString,
  IndStart,
  IndStr,
  UnterminatedIndentedString,
  // Paths first: where a path matches, it is the longest match.
  PathStart,
  Path,
  PathTrailingSlash,
  SearchPath,
  Uri,
  Float,
  Int,
  Identifier,
  Ellipsis,
  DollarCurly,
  LBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Implies,
  OrOr,
  AndAnd,
  Equal,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Update,
  Concat,
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
];

/** Every token type the parser may see, categories included. */
export const PARSER_TOKENS: readonly TokenType[] = [
  ...CODE_TOKENS.filter((t) => t.GROUP === undefined),
  ...KEYWORDS.values(),
  RBrace,
  StrMid,
  StrEnd,
  IndMid,
  IndEnd,
  PathMid,
  PathEnd,
  PathSlashEnd,
  PathLiteral,
  PathClose,
  BinaryOperator,
  Parsed,
  ParsedString,
  ParsedName,
];
