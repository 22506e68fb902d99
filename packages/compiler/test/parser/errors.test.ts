/**
 * What the parser reports on bad input: a diagnostic with a code, a
 * location and what was expected and found, several per file where
 * recovery allows, Nix's own checks beyond the grammar, and nesting limits
 * instead of a stack overflow.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { MAX_BRACKETS, MAX_NESTING, parseNix } from "../../src/parser/index.js";

function errors(text: string): Diagnostic[] {
  const result = parseNix(text, "bad.nix");
  expect(result.file).toBeUndefined();
  return result.diagnostics;
}

/** `line:column code message` for each diagnostic. */
function brief(text: string): string[] {
  return errors(text).map(
    (d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`,
  );
}

describe("parseNix: syntax errors", () => {
  it("says what was expected and what was found, where", () => {
    expect(brief("let a = 1 in a")).toEqual(["1:11 TN0102 syntax error: expected ';', found 'in'"]);
    expect(brief("if a then b")).toEqual([
      "1:12 TN0102 syntax error: expected 'else', found the end of the file",
    ]);
    expect(brief("{ a = ; }")).toEqual([
      "1:7 TN0102 syntax error: expected an expression, found ';'",
    ]);
    expect(brief("x: )")).toEqual(["1:4 TN0102 syntax error: expected an expression, found ')'"]);
    expect(brief('"${}"')).toEqual(["1:4 TN0102 syntax error: expected an expression, found '}'"]);
  });

  it("names the file in every location", () => {
    expect(errors("(").every((d) => d.location?.file === "bad.nix")).toBe(true);
  });

  it("points at the bracket left open", () => {
    const [d] = errors("[\n  (1 + 2\n]");
    expect(d?.message).toBe("syntax error: expected ')', found ']'");
    expect(d?.hint).toBe("the '(' at 2:3 is not closed");
  });

  it("gives hints for common slips", () => {
    expect(errors("a = 1;")[0]?.hint).toContain("one expression");
    expect(errors("[ -1 ]")[0]?.hint).toContain("parentheses");
    expect(errors("{ a = 1 b = 2; }")[0]?.hint).toBe("every binding ends with ';'");
    expect(errors("or")[0]?.hint).toContain("'or' is a keyword");
  });

  it("reports several errors in one file", () => {
    const found = brief("{\n  a = ;\n  b = 1\n  c = 2;\n}");
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found[0]).toBe("2:7 TN0102 syntax error: expected an expression, found ';'");
  });

  it("refuses chained comparisons, as Nix does", () => {
    expect(brief("a == b == c")).toEqual([
      "1:8 TN0102 '==' cannot follow '==' without parentheses",
    ]);
    expect(brief("a < b > c")[0]).toContain("'>' cannot follow '<'");
  });

  it("reports lexical errors once, without syntax errors after an unterminated string", () => {
    expect(brief('{ a = "abc; }')).toEqual(["1:7 TN0101 unterminated string"]);
    expect(brief("./a/")).toEqual(["1:1 TN0101 path has a trailing slash"]);
    expect(brief("9223372036854775808")).toEqual([
      "1:1 TN0101 invalid integer '9223372036854775808'",
    ]);
    expect(brief("1.e400")).toEqual(["1:1 TN0101 invalid float '1.e400'"]);
  });

  it("refuses a NUL character, where Nix would silently stop reading", () => {
    const [d] = errors("1\u0000 x");
    expect(d?.message).toBe('unexpected character "\\u0000"');
    expect(d?.hint).toContain("ignores the rest");
  });
});

describe("parseNix: Nix's checks beyond the grammar", () => {
  it.each([
    ["{ a = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    ["{ a.b = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    ["{ a = { b = 1; }; a = { b = 2; }; }", "attribute 'b' already defined at 1:9"],
    ["{ inherit a; a.b = 1; }", "attribute 'a.b' already defined at 1:11"],
    ['{ "a" = 1; ${"a"} = 2; }', "attribute 'a' already defined at 1:3"],
    ["{ ${''a''} = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    ["let a = 1; a = 2; in a", "attribute 'a' already defined at 1:5"],
    ["{ a, b, a }: a", "duplicate formal function argument 'a'"],
    ["a@{ a }: a", "duplicate formal function argument 'a'"],
    ["let ${x} = 1; in 1", "dynamic attributes not allowed in let"],
    ['{ inherit "${x}"; }', "dynamic attributes not allowed in inherit"],
    // An indented string's value has its indentation stripped.
    ["{ ${''\n    a''} = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    ["{ ${''  a''} = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    ["{ ${''''$''} = 1; \"$\" = 2; }", "attribute '$' already defined at 1:3"],
    // Nix hands back the one piece of `''${e}''` itself, so a string there is static.
    ["{ ${''${(\"a\")}''} = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    ["{ ${''${''${\"a\"}''}''} = 1; a = 2; }", "attribute 'a' already defined at 1:3"],
    // Two pieces make a concatenation, even when stripping empties one of them.
    ["let ${''  ${\"a\"}''} = 1; in 1", "dynamic attributes not allowed in let"],
    ["{ inherit ${''a''$''}; }", "dynamic attributes not allowed in inherit"],
  ])("%s", (text, message) => {
    expect(errors(text).map((d) => [d.code, d.message])).toEqual([["TN0103", message]]);
  });

  it.each([
    "{ a.b = 1; a.c = 2; }",
    "{ a = { b = 1; }; a = { c = 2; }; }",
    "{ a = ({ b = 1; }); a.c = 2; }",
    "{ ${a} = 1; ${a} = 2; }",
    "{ a.${x} = 1; a.${x} = 2; }",
    "let a.${x} = 1; in a",
    "let { ${x} = 1; body = 1; }",
    '{ inherit "a" ${"b"}; }',
    // Nix (2.8) keeps the empty text left before an escape or interpolation.
    "{ ${''  ''$''} = 1; \"$\" = 2; }",
    "{ ${''  ${\"a\"}''} = 1; a = 2; }",
    "{ ${''a''$''} = 1; \"a$\" = 2; }",
    "{ ${''a''} = 1; ${\"${\"a\"}\"} = 2; }",
  ])("accepts %s, as Nix does", (text) => {
    expect(parseNix(text).diagnostics).toEqual([]);
  });
});

describe("parseNix: deep nesting is a diagnostic, not a crash", () => {
  const N = 100_000;
  it.each([
    ["parentheses", "(".repeat(N) + "1" + ")".repeat(N)],
    ["lists", "[".repeat(N) + "]".repeat(N)],
    ["sets", "{ a = ".repeat(N) + "1" + "; }".repeat(N)],
    ["recursive sets", "rec { a = ".repeat(N) + "1" + "; }".repeat(N)],
    ["attribute names", "{ ${".repeat(N) + '"a"' + "} = 1; }".repeat(N)],
    ["interpolations", '"${'.repeat(N) + "1" + '}"'.repeat(N)],
    ["indented interpolations", "''${".repeat(N) + "1" + "}''".repeat(N)],
    ["or defaults in parentheses", "a.b or (".repeat(N) + "1" + ")".repeat(N)],
    ["unclosed parentheses", "(".repeat(N)],
  ])("100,000 nested %s: more brackets than MAX_BRACKETS", (_, text) => {
    const [d] = errors(text);
    expect(d?.code).toBe("TN0104");
    expect(d?.message).toBe("expression nested too deeply to parse");
    expect(d?.hint).toBe(
      `brackets may nest at most ${MAX_BRACKETS} levels deep: move inner parts into let bindings`,
    );
    expect(d?.location).toMatchObject({ line: 1 });
  });

  it.each([
    ["or defaults", "a.b or ".repeat(N) + "1"],
    ["if conditions", "if ".repeat(N) + "true" + " then 1 else 2".repeat(N)],
    ["let values", "let a = ".repeat(N) + "1" + "; in a".repeat(N)],
    ["with scopes", "with ".repeat(N) + "a" + "; 1".repeat(N)],
    ["assert conditions", "assert ".repeat(N) + "true" + "; 1".repeat(N)],
  ])("100,000 nested %s: too deep for the parser", (_, text) => {
    const [d] = errors(text);
    expect(d?.code).toBe("TN0104");
    expect(d?.message).toBe("expression nested too deeply to parse");
    expect(d?.hint).toContain("'if', 'let', 'with', 'assert' and 'or'");
  });

  it.each([
    ["additions", "1" + " + 1".repeat(N)],
    ["applications", "f" + " x".repeat(N)],
    ["negations", "-".repeat(N) + "1"],
    ["logical negations", "!".repeat(N) + "true"],
    ["functions", "x: ".repeat(N) + "x"],
    ["set patterns", "{ x }: ".repeat(N) + "x"],
    ["let expressions", "let a = 1; in ".repeat(N) + "a"],
    ["if expressions", "if true then 1 else ".repeat(N) + "1"],
    ["with expressions", "with a; ".repeat(N) + "1"],
    ["assertions", "assert true; ".repeat(N) + "1"],
  ])("100,000 chained %s make a tree too deep", (_, text) => {
    const [d] = errors(text);
    expect(d?.code).toBe("TN0104");
    expect(d?.message).toContain(`more than ${MAX_NESTING} levels`);
  });

  // Brackets nest up to MAX_BRACKETS, the tree up to MAX_NESTING levels:
  // a set takes two (the set and its binding), a string with `${` two.
  it.each([
    ["parentheses", (n: number) => "(".repeat(n) + "1" + ")".repeat(n), MAX_BRACKETS],
    ["lists", (n: number) => "[".repeat(n) + "]".repeat(n), MAX_BRACKETS],
    ["sets", (n: number) => "{ a = ".repeat(n) + "1" + "; }".repeat(n), MAX_NESTING / 2 - 1],
    ["interpolations", (n: number) => '"${'.repeat(n) + "1" + '}"'.repeat(n), MAX_NESTING / 2 - 1],
    ["functions", (n: number) => "x: ".repeat(n) + "x", MAX_NESTING - 1],
    ["let expressions", (n: number) => "let a = 1; in ".repeat(n) + "a", MAX_NESTING - 2],
    ["if expressions", (n: number) => "if a then 1 else ".repeat(n) + "1", MAX_NESTING - 1],
    ["additions", (n: number) => "1" + " + 1".repeat(n), MAX_NESTING - 1],
  ])("parses %s up to the limit, and no further", (_, make, limit) => {
    expect(parseNix(make(limit)).diagnostics).toEqual([]);
    expect(errors(make(limit + 1))[0]?.code).toBe("TN0104");
  });

  it("keeps parsing after a refusal", () => {
    errors("(".repeat(N) + "1" + ")".repeat(N));
    expect(parseNix("(".repeat(500) + "1" + ")".repeat(500)).diagnostics).toEqual([]);
  });

  it("reports syntax errors deep inside, where they are", () => {
    const deep = "[ (".repeat(400) + "1 +" + ") ]".repeat(400);
    expect(brief(deep)).toEqual(["1:1204 TN0102 syntax error: expected an expression, found ')'"]);
    const twice = `{ a = ${"(".repeat(500)}1 +${")".repeat(500)}; b = ${"(".repeat(500)}+${")".repeat(500)}; }`;
    // As in one pass: the `+` without a left operand, and then its missing right one.
    expect(brief(twice)).toEqual([
      "1:510 TN0102 syntax error: expected an expression, found ')'",
      "1:1516 TN0102 syntax error: expected an expression, found '+'",
      "1:1517 TN0102 syntax error: expected an expression, found ')'",
    ]);
  });
});
