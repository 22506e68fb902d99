/**
 * The Nix lexer: token boundaries as Nix's flex lexer draws them (longest
 * match), the `}` modes of strings, indented strings and paths nested to
 * any depth, escapes kept raw, and the errors it reports itself.
 */
import { Lexer } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lexNix } from "../../src/parser/index.js";
import { endOf } from "../../src/parser/locations.js";
import * as T from "../../src/parser/tokens.js";
import { nixSource } from "../../../../test/parse/nix-source.js";

/** `Type:image` for each token. */
function lex(text: string): string[] {
  return lexNix(text, "t.nix").tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

function messages(text: string): string[] {
  return lexNix(text, "t.nix").diagnostics.map((d) => d.message);
}

describe("lexNix: names, keywords, numbers", () => {
  it("tells keywords from names that merely start like them", () => {
    expect(lex("if iff in in' inherit or or-x rec then_")).toEqual([
      "KwIf:if",
      "Identifier:iff",
      "KwIn:in",
      "Identifier:in'",
      "KwInherit:inherit",
      "KwOr:or",
      "Identifier:or-x",
      "KwRec:rec",
      "Identifier:then_",
    ]);
  });

  it("lexes names with quotes and dashes, which makes a->b a name and an operator", () => {
    expect(lex("a' a-b _x a->b")).toEqual([
      "Identifier:a'",
      "Identifier:a-b",
      "Identifier:_x",
      "Identifier:a-",
      "Greater:>",
      "Identifier:b",
    ]);
  });

  it("needs a dot for a float, as Nix does", () => {
    expect(lex("1.5 .5 1. 1.5e-3 0.25E+2 1e3 00.5 0.")).toEqual([
      "Float:1.5",
      "Float:.5",
      "Float:1.",
      "Float:1.5e-3",
      "Float:0.25E+2",
      "Int:1",
      "Identifier:e3",
      "Int:00",
      "Float:.5",
      "Int:0",
      "Dot:.",
    ]);
  });

  it("prefers the longest operator", () => {
    expect(lex("a->b||c&&d==e!=f<=g>=h//i++j...")).toEqual([
      "Identifier:a-",
      "Greater:>",
      "Identifier:b",
      "OrOr:||",
      "Identifier:c",
      "AndAnd:&&",
      "Identifier:d",
      "Equal:==",
      "Identifier:e",
      "NotEqual:!=",
      "Identifier:f",
      "LessEqual:<=",
      "Identifier:g",
      "GreaterEqual:>=",
      "Identifier:h",
      "Update://",
      "Identifier:i",
      "Concat:++",
      "Identifier:j",
      "Ellipsis:...",
    ]);
  });
});

describe("lexNix: paths, search paths, URIs", () => {
  it("lexes every path form as one token when it has no interpolation", () => {
    expect(lex("./a ../a/b /etc/x ~/x a/b a.b/c-d_e+f 1/2 -/a")).toEqual([
      "Path:./a",
      "Path:../a/b",
      "Path:/etc/x",
      "Path:~/x",
      "Path:a/b",
      "Path:a.b/c-d_e+f",
      "Path:1/2",
      "Path:-/a",
    ]);
  });

  it("lexes division when a slash is not followed by a path character", () => {
    expect(lex("a / b")).toEqual(["Identifier:a", "Slash:/", "Identifier:b"]);
    expect(lex("a/ b")).toEqual(["Identifier:a", "Slash:/", "Identifier:b"]);
  });

  it("splits interpolated paths at ${ and }", () => {
    expect(lex("./a/${x}/c ./a${x}b/c ~/${x} a/${x}")).toEqual([
      "PathStart:./a/${",
      "Identifier:x",
      "PathEnd:}/c",
      "PathStart:./a${",
      "Identifier:x",
      "PathEnd:}b/c",
      "PathStart:~/${",
      "Identifier:x",
      "PathEnd:}",
      "PathStart:a/${",
      "Identifier:x",
      "PathEnd:}",
    ]);
    expect(lex("./a/${x}${y}/c")).toEqual([
      "PathStart:./a/${",
      "Identifier:x",
      "PathMid:}${",
      "Identifier:y",
      "PathEnd:}/c",
    ]);
  });

  it("reports trailing slashes", () => {
    expect(messages("./a/")).toEqual(["path has a trailing slash"]);
    expect(messages("./a/${x}/")).toEqual(["path has a trailing slash"]);
    expect(messages("./a//b")).toEqual(["path has an empty segment ('//')"]);
    expect(messages("./a/${x}//b")).toEqual([]);
  });

  it("lexes search paths and URIs, including URIs where a lambda was meant", () => {
    expect(lex("<nixpkgs/lib> https://x.org/a?b=c x:x if:x")).toEqual([
      "SearchPath:<nixpkgs/lib>",
      "Uri:https://x.org/a?b=c",
      "Uri:x:x",
      "Uri:if:x",
    ]);
    expect(lex("x: x")).toEqual(["Identifier:x", "Colon::", "Identifier:x"]);
  });

  it("lexes long runs of path characters (a quadratic scan of them would not end in the test's time)", () => {
    const text = `${"-".repeat(100_000)}/ ${"a.".repeat(50_000)}a`;
    // An equal but distinct string: the lexer's caches must not compare texts.
    const again = ` ${text}`.slice(1);
    const tokens = lexNix(text, "t.nix").tokens;
    expect(lexNix(again, "t.nix").tokens.length).toBe(tokens.length);
    expect(tokens.length).toBeGreaterThan(0);
  });
});

describe("lexNix: strings", () => {
  it("keeps a string without interpolation as one token, escapes raw", () => {
    // The Nix text "a\"b\\c\${d}$${e}$$ $": no interpolation at all.
    const text = '"a\\"b\\\\c\\${d}$${e}$$ $"';
    expect(lex(text)).toEqual([`Str:${text}`]);
  });

  it("closes an interpolation only at its own brace, nested to any depth", () => {
    expect(lex('"a${ { b = "}"; }.b }c${ "${ "x" }" }d"')).toEqual([
      'StrStart:"a${',
      "LBrace:{",
      "Identifier:b",
      "Assign:=",
      'Str:"}"',
      "Semicolon:;",
      "RBrace:}",
      "Dot:.",
      "Identifier:b",
      "StrMid:}c${",
      'StrStart:"${',
      'Str:"x"',
      'StrEnd:}"',
      'StrEnd:}d"',
    ]);
  });

  it("lexes indented strings with their escapes", () => {
    expect(lex("''a ''' ''$ ''${x} ''\\n $${x} $ ' ''")).toEqual([
      "IndStr:''a ''' ''$ ''${x} ''\\n $${x} $ ' ''",
    ]);
    expect(lex("''a${x}b${y}c''")).toEqual([
      "IndStart:''a${",
      "Identifier:x",
      "IndMid:}b${",
      "Identifier:y",
      "IndEnd:}c''",
    ]);
    // `''\x` is an escape, not the end of an empty string.
    expect(lex("''''\\x${y}''")).toEqual(["IndStart:''''\\x${", "Identifier:y", "IndEnd:}''"]);
  });

  it("reports unterminated strings and comments once", () => {
    expect(messages('"abc def')).toEqual(["unterminated string"]);
    expect(messages('"a${x} b')).toEqual(["unterminated string after this interpolation"]);
    expect(messages("''abc")).toEqual(["unterminated indented string"]);
    expect(messages("1 /* abc")).toEqual(["unterminated comment"]);
  });

  it("backtracks over a long unterminated string (a quadratic scan would not end in the test's time)", () => {
    const double = lexNix(`"${"a$$\\b".repeat(20_000)}`, "t.nix");
    const indented = lexNix(`''${"a'$$b''\\c".repeat(20_000)}`, "t.nix");
    expect(double.diagnostics.map((d) => d.message)).toEqual(["unterminated string"]);
    expect(indented.diagnostics).toHaveLength(1);
  });
});

describe("lexNix: comments, positions, errors", () => {
  it("sets comments aside with their positions", () => {
    const lexed = lexNix("a # line\n/* block\n */ b", "t.nix");
    expect(lexed.tokens.map((t) => t.image)).toEqual(["a", "b"]);
    expect(lexed.comments.map((c) => [c.kind, c.text, c.span?.start.line])).toEqual([
      ["line", "# line", 1],
      ["block", "/* block\n */", 2],
    ]);
  });

  it("tracks lines and columns across multi-line tokens", () => {
    const [, b] = lexNix("''\n  x\n'' b", "t.nix").tokens;
    expect([b?.startLine, b?.startColumn]).toEqual([3, 4]);
  });

  it("reports characters Nix has no token for, with a hint", () => {
    const lexed = lexNix("a $ b 'c ' \\", "t.nix");
    expect(lexed.diagnostics.map((d) => [d.code, d.message, d.location?.column])).toEqual([
      ["TN0101", 'unexpected character "$"', 3],
      ["TN0101", 'unexpected character "\'"', 7],
      ["TN0101", 'unexpected character "\'"', 10],
      ["TN0101", 'unexpected character "\\\\"', 12],
    ]);
    expect(lexed.diagnostics[0]?.hint).toContain("${");
  });
});

describe("lexNix: chevrotain's first-character optimisation", () => {
  const plain = (): Lexer =>
    new Lexer(
      {
        modes: {
          code: [...T.CODE_TOKENS, T.RBrace],
          string: [...T.CODE_TOKENS, T.StrMid, T.StrEnd, T.UnterminatedAfterInterpolation],
          indented: [...T.CODE_TOKENS, T.IndMid, T.IndEnd, T.UnterminatedAfterInterpolation],
          path: [...T.CODE_TOKENS, T.PathMid, T.PathEnd, T.PathSlashEnd],
        },
        defaultMode: "code",
      },
      { positionTracking: "full", safeMode: true },
    );

  it("lexes generated programs exactly as the unoptimised lexer does", () => {
    const lexer = plain();
    for (const text of fc.sample(nixSource, { numRuns: 300, seed: 7 })) {
      const fast = lexNix(text, "t.nix").tokens.map((t) => t.image);
      T.newText();
      const slow = lexer.tokenize(text);
      T.retypeTokens(slow.tokens);
      expect(fast).toEqual(slow.tokens.map((t) => t.image));
    }
  });

  it("ends each token where chevrotain's full position tracking ends it, across \\n, \\r\\n and \\r", () => {
    const lexer = plain();
    const breaks = [
      '"a\r\nb" /* x\ry */ c',
      "''\r\n  x\r\n'' # end",
      '"one line" /* \n\n */ "a\rb\nc"',
    ];
    for (const text of [...breaks, ...fc.sample(nixSource, { numRuns: 300, seed: 11 })]) {
      T.newText();
      const { tokens, groups } = lexer.tokenize(text);
      for (const token of [...tokens, ...(groups.comments ?? [])]) {
        // chevrotain's end is the last character's; past a line break, the next line starts.
        const last = token.image.at(-1);
        const breaksLine = last === "\n" || last === "\r";
        const line = (token.endLine ?? 0) + (breaksLine ? 1 : 0);
        const column = breaksLine ? 1 : (token.endColumn ?? 0) + 1;
        expect(endOf(token), `${JSON.stringify(token.image)} in ${JSON.stringify(text)}`).toEqual({
          offset: (token.endOffset ?? 0) + 1,
          line,
          column,
        });
      }
    }
  });
});
