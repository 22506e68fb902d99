/**
 * What the parser reports on bad input: a diagnostic with a code, a
 * location and what was expected and found, several per file where
 * recovery allows, Nix's own checks beyond the grammar, and nesting limits
 * instead of a stack overflow.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { MAX_NESTING, parseNix } from "../../src/parser/index.js";

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
  ])("accepts %s, as Nix does", (text) => {
    expect(parseNix(text).diagnostics).toEqual([]);
  });
});

describe("parseNix: deep nesting is a diagnostic, not a crash", () => {
  it.each([
    ["parentheses", "(".repeat(100_000) + "1" + ")".repeat(100_000)],
    ["lists", "[".repeat(100_000) + "]".repeat(100_000)],
    ["sets", "{ a = ".repeat(100_000) + "1" + "; }".repeat(100_000)],
    ["functions", "x: ".repeat(100_000) + "x"],
    ["interpolations", '"${'.repeat(100_000) + "1" + '}"'.repeat(100_000)],
    ["or defaults", "a.b or ".repeat(100_000) + "1"],
    ["unclosed parentheses", "(".repeat(100_000)],
  ])("100,000 nested %s", (_, text) => {
    const [d] = errors(text);
    expect(d?.code).toBe("TN0104");
    expect(d?.message).toBe("expression nested too deeply to parse");
  });

  it.each([
    ["additions", "1" + " + 1".repeat(100_000)],
    ["applications", "f" + " x".repeat(100_000)],
    ["negations", "-".repeat(100_000) + "1"],
  ])("100,000 chained %s make a tree too deep", (_, text) => {
    const [d] = errors(text);
    expect(d?.code).toBe("TN0104");
    expect(d?.message).toContain(`more than ${MAX_NESTING} levels`);
  });

  it("parses nesting within the limits", () => {
    expect(parseNix("(".repeat(200) + "1" + ")".repeat(200)).file).toBeDefined();
    expect(parseNix("{ a = ".repeat(60) + "1" + "; }".repeat(60)).file).toBeDefined();
    expect(parseNix("1" + " + 1".repeat(1500)).file).toBeDefined();
  });
});
