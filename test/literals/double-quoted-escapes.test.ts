/**
 * Escaping text for a `"..."` Nix string: text holding `${` and nothing
 * else to escape takes another way than the rest, and both must escape
 * exactly what Nix needs, wherever the `${` stands.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeDoubleQuoted } from "../../packages/compiler/src/syntax/strings.js";

/** The escaping written out character by character, as Nix's lexer reads a `"..."` string. */
function reference(text: string, beforeInterpolation = false): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const escapes: Record<string, string> = {
      "\\": "\\\\",
      '"': '\\"',
      "\n": "\\n",
      "\r": "\\r",
      "\t": "\\t",
    };
    const dollar =
      c === "$" && (text[i + 1] === "{" || (beforeInterpolation && i === text.length - 1));
    out += dollar ? "\\$" : (escapes[c] ?? c);
  }
  return out;
}

describe("escapeDoubleQuoted", () => {
  it("puts a backslash before each ${, at the start, the end and side by side", () => {
    expect(escapeDoubleQuoted("${x}")).toBe("\\${x}");
    expect(escapeDoubleQuoted("a ${x} b ${y}")).toBe("a \\${x} b \\${y}");
    expect(escapeDoubleQuoted("${${")).toBe("\\${\\${");
    expect(escapeDoubleQuoted("$${x}")).toBe("$\\${x}");
    expect(escapeDoubleQuoted("ends in ${")).toBe("ends in \\${");
    expect(escapeDoubleQuoted("no escapes: $ { } $x")).toBe("no escapes: $ { } $x");
  });

  it("escapes a final $ before an interpolation, with or without a ${ before it", () => {
    expect(escapeDoubleQuoted("cost $", true)).toBe("cost \\$");
    expect(escapeDoubleQuoted("${a} $", true)).toBe("\\${a} \\$");
    expect(escapeDoubleQuoted("${a} $", false)).toBe("\\${a} $");
  });

  it("escapes as Nix reads every character", () => {
    const piece = fc.constantFrom("${", "$", "{", "}", "\\", '"', "\n", "\r", "\t", "a", " ", "é");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, before) => {
        const text = pieces.join("");
        expect(escapeDoubleQuoted(text, before)).toBe(reference(text, before));
      }),
      { numRuns: 2000 },
    );
  });
});
