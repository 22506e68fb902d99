/**
 * Decoding of Nix string literals. The expected values are what
 * `nix-instantiate --eval` gives for each string, and the pieces what
 * `nix-instantiate --parse` shows of it (Nix 2.8).
 */
import { describe, expect, it } from "vitest";
import { parseNix } from "../../src/parser/index.js";
import type { StringNode } from "../../src/syntax/ast.js";
import { parsedPieces, staticText, stringPieces } from "../../src/syntax/string-values.js";

function stringNode(text: string): StringNode {
  const expr = parseNix(text).file?.expr;
  if (expr?.kind !== "String") throw new Error(`not a string: ${text}`);
  return expr;
}

/** Text pieces as they are, interpolations by their kind. */
function shown(pieces: readonly (string | { kind: string })[]): string[] {
  return pieces.map((p) => (typeof p === "string" ? p : `<${p.kind}>`));
}

describe("staticText", () => {
  it.each([
    ['"a\\tb\r\nc\rd\\\re"', "a\tb\nc\nd\re"],
    ["''\n    a\n  ''$b\n''", "  a\n$b\n"],
    ["''  ''$''", "$"],
    // An escaped newline starts a line whose indentation is still dropped.
    ["'' ''\\n  x''", "\n x"],
    ["''a'''b''\\tc'd$e''", "a''b\tc'd$e"],
  ])("%j is %j", (text, value) => {
    expect(staticText(stringNode(text))).toBe(value);
  });

  it("is undefined with an interpolation", () => {
    expect(staticText(stringNode("''${x}\n  y''"))).toBeUndefined();
  });
});

describe("parsedPieces and stringPieces", () => {
  it.each([
    // Stripping leaves an empty first piece, which Nix keeps.
    ["''  ''$''", ["", "$"], ["$"]],
    ["''a''$''", ["a", "$"], ["a$"]],
    ["'' ''\\n  x''", ["", "\n", " x"], ["\n x"]],
    ["''${x}\n  y''", ["<Identifier>", "\n  y"], ["<Identifier>", "\n  y"]],
    ['"a${x}b"', ["a", "<Identifier>", "b"], ["a", "<Identifier>", "b"]],
  ])("%j: as Nix parses it %j, merged %j", (text, parsed, merged) => {
    const node = stringNode(text);
    expect(shown(parsedPieces(node))).toEqual(parsed);
    expect(shown(stringPieces(node))).toEqual(merged);
  });
});
