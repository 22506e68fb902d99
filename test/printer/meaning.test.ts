/**
 * Programs whose meaning `typenix fmt` once changed, or whose layout it
 * did not settle in one run. For each, the real Nix reads the formatted
 * program as it reads the original (`nix-instantiate --parse`, and the
 * value where it is one), and formatting it again changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fmt } from "../support/layout-cases.js";
import { nixEvalJson, nixParse, requireNix } from "../support/real-nix.js";

beforeAll(requireNix);

/** `source` formatted, checked to parse as the original and to be formatted already. */
function formatted(source: string): string {
  const output = fmt(source);
  const before = nixParse(source);
  expect(before.ok, before.stderr).toBe(true);
  expect(nixParse(output).stdout, output).toBe(before.stdout);
  expect(fmt(output)).toBe(output);
  return output;
}

describe("a negation of a path", () => {
  // `-` is a character of paths: `-./a` is one path, `- ./a` a negation.
  it.each([
    "- ./a",
    "- a/b",
    "with { }; x: - x/y",
    "- /a/b",
    "- - ./a",
    "let x = 4; in 10 - - x/2",
    "- ./a/${./b}",
    "with { }; - ./a x",
  ])("%s keeps a space after `-`", (source) => {
    expect(formatted(source)).toMatch(/- [~./a-z]/);
  });

  it.each(["- 1", "with { }; - x", "with { }; - x y", "- (./a)", "- ~/a", "- <a>"])(
    "%s is written without it, as nixfmt writes it",
    (source) => {
      expect(formatted(source)).not.toMatch(/- /);
    },
  );
});

describe("an escaped newline in an indented string", () => {
  /** `source` formatted, checked to evaluate to the value of the original. */
  function sameValue(source: string): string {
    const output = formatted(source);
    expect(nixEvalJson(output)).toEqual(nixEvalJson(source));
    return output;
  }

  it.each([
    "{ a = ''x''\\n y\n''; }",
    "{\n  script = ''\n  echo a''\\n  echo b\n  '';\n}",
    "{\n  a = ''\n  x''\\n y\n  '';\n}",
    "{\n  a = ''\n  x''\\n   y\n  '';\n}",
    "{\n  a = ''\n  x''\\n''\\n   y\n  '';\n}",
    "{\n  a = ''\n  x''\\n''\\ ''\\ ''\\ y\n  '';\n}",
  ])("followed by a space keeps its value: %j", (source) => {
    sameValue(source);
  });

  it("followed by text is re-indented as any other string", () => {
    const output = sameValue("{\n  a = ''\n      x''\\ny\n  '';\n}");
    expect(output).toContain("\n    x''\\ny\n");
  });
});

describe("`or` after a call's argument, where Nix reads it as a name", () => {
  // Nix reads `"q" or` as the call of "q" on a variable named `or`.
  it.each([
    'with { }; x "q" # c\nor "y"',
    'with { }; x "q" # c\nor',
    'with { }; { a = x "q" # c\nor "y"; }',
  ])("is laid out once for all: %j", (source) => {
    expect(formatted(source)).toContain('"q" or');
  });
});

describe("a comment after an indented string in parentheses, an argument", () => {
  it.each([
    "with { }; f (''foo\n'' /* b */) {\n}",
    "with { }; f (''foo\n'' /* b */) (''bar\n'' /* c */) x",
    "with { }; f ({ a = 1; } /* b */) x",
    "with { }; f ({\n} /* b */) x",
    "with { }; f (''foo\n'' /* b */)",
  ])("is laid out once for all: %j", (source) => {
    // The comment follows the parentheses, before the next argument.
    expect(formatted(source)).toMatch(/\) # b\n/);
  });
});

describe("a comment inside the parenthesised condition of `assert`", () => {
  it.each([
    "assert\n(/* b */ true); 3",
    "assert\n/* b */ (true); 3",
    "assert\n(# b\ntrue); 3",
    "assert\n(/* b */ (x: x) 1); 3",
    "let a = assert\n(/* b */ true); 3; in a",
    "{ a = assert\n(/* b */ true); 3; }",
  ])("is laid out once for all: %j", (source) => {
    // The comment stays below `assert`, on a line of its own.
    expect(formatted(source)).toMatch(/assert\n +# b\n/);
  });
});
