/**
 * Indented strings (`''...''`) with text on the opening line: nixfmt moves
 * the text to a line of its own and re-indents the lines. `typenix fmt`
 * does the same where Nix still reads the same string, the same way: each
 * case is checked against the real Nix (`nix-instantiate --parse` of the
 * original and of the formatted text must agree).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parseNix, printNix } from "@typenix/compiler";
import { nixEvalJson, nixParse, requireNix } from "../support/real-nix.js";

beforeAll(requireNix);

function fmt(text: string): string {
  const parsed = parseNix(text);
  if (!parsed.file) throw new Error(parsed.diagnostics.map((d) => d.message).join("\n"));
  return printNix(parsed.file);
}

/** `input` formatted inside a function of `x`, checked to read as the original; the string's text. */
function formatted(input: string): string {
  const source = `x: ${input}`;
  const output = fmt(source);
  const before = nixParse(source);
  expect(before.ok, before.stderr).toBe(true);
  expect(nixParse(output).stdout).toBe(before.stdout);
  expect(fmt(output)).toBe(output);
  return output.slice("x: ".length, -1);
}

describe("text on the opening line of an indented string", () => {
  it("moves to a line of its own, the lines re-indented", () => {
    expect(formatted("''a\n      b\n    ''")).toBe("''\n  a\n        b\n''");
    expect(formatted("''  a\n   b''")).toBe("''\n  a\n   b''");
    expect(formatted("''a ${x}\n  b\n''")).toBe("''\n  a ${x}\n    b\n''");
  });

  it("stays where it is after an escape or before an interpolation", () => {
    // Nix reads these into other parts once the text starts a line of its own.
    expect(formatted("''''$a\n  b''")).toBe("''''$a\n  b''");
    expect(formatted("''${x}\n  b''")).toBe("''${x}\n  b''");
    expect(formatted("''  ${x}\n  b''")).toBe("''  ${x}\n  b''");
  });

  it("stays where it is when a line ends in a blank the layout would trim", () => {
    expect(formatted("''a \n  b''")).toBe("''a \n  b''");
  });
});

describe("private-use characters", () => {
  it("in a string or a comment next to a comment ending a line, stay", () => {
    const source = `{\n  a = "\uE000 x \uE001"; # c \uE000\n  b = "\uE000";\n}\n`;
    const output = fmt(source);
    expect(nixEvalJson(output)).toEqual({ a: "\uE000 x \uE001", b: "\uE000" });
    expect(output).toContain("# c \uE000\n");
    expect(fmt(output)).toBe(output);
  });
});
