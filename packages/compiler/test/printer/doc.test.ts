/**
 * The Nix printer's document printer against prettier's `printDocToString`:
 * random documents, built once with each side's builders, must print to
 * the same text at every width.
 */
import fc from "fast-check";
import { builders as pb, printer as prettierPrinter } from "prettier/doc";
import { describe, expect, it } from "vitest";
import * as ours from "../../src/printer/doc.js";

/** A document as a plain tree, to build with either side's builders. */
type Shape =
  | { readonly k: "text"; readonly text: string }
  | { readonly k: "concat"; readonly parts: readonly Shape[] }
  | { readonly k: "group"; readonly contents: Shape; readonly shouldBreak: boolean }
  | { readonly k: "conditional"; readonly states: readonly Shape[] }
  | { readonly k: "indent"; readonly contents: Shape }
  | { readonly k: "ifBreak"; readonly breakContents: Shape; readonly flatContents: Shape }
  | { readonly k: "lineSuffix"; readonly contents: Shape }
  | { readonly k: "join"; readonly separator: Shape; readonly docs: readonly Shape[] }
  | { readonly k: "line" | "softline" | "hardline" | "breakParent" };

const TEXTS = [
  "",
  "a",
  "abc",
  "{",
  "}",
  "name =",
  ";",
  "a longer piece of text",
  " ",
  "trailing  ",
  "\t",
  "# a comment",
  "/* block\n   comment */",
  "x\u007f",
  "é",
  "中文",
  "😀",
];

const shape: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...TEXTS).map((text): Shape => ({ k: "text", text })),
    fc.constantFrom("line", "softline", "hardline", "breakParent").map((k): Shape => ({ k })),
    fc.array(tie("shape"), { maxLength: 5 }).map((parts): Shape => ({ k: "concat", parts })),
    fc
      .record({ contents: tie("shape"), shouldBreak: fc.boolean() })
      .map(({ contents, shouldBreak }): Shape => ({ k: "group", contents, shouldBreak })),
    fc
      .array(tie("shape"), { minLength: 1, maxLength: 3 })
      .map((states): Shape => ({ k: "conditional", states })),
    tie("shape").map((contents): Shape => ({ k: "indent", contents })),
    fc
      .record({ breakContents: tie("shape"), flatContents: tie("shape") })
      .map((b): Shape => ({ k: "ifBreak", ...b })),
    tie("shape").map((contents): Shape => ({ k: "lineSuffix", contents })),
    fc
      .record({ separator: tie("shape"), docs: fc.array(tie("shape"), { maxLength: 4 }) })
      .map((j): Shape => ({ k: "join", ...j })),
  ),
})).shape;

function buildOurs(s: Shape): ours.Doc {
  switch (s.k) {
    case "text":
      return s.text;
    case "concat":
      return s.parts.map(buildOurs);
    case "group":
      return ours.group(buildOurs(s.contents), { shouldBreak: s.shouldBreak });
    case "conditional":
      return ours.conditionalGroup(s.states.map(buildOurs));
    case "indent":
      return ours.indent(buildOurs(s.contents));
    case "ifBreak":
      return ours.ifBreak(buildOurs(s.breakContents), buildOurs(s.flatContents));
    case "lineSuffix":
      return ours.lineSuffix(buildOurs(s.contents));
    case "join":
      return ours.join(buildOurs(s.separator), s.docs.map(buildOurs));
    default:
      return ours[s.k];
  }
}

function buildPrettier(s: Shape): pb.Doc {
  switch (s.k) {
    case "text":
      return s.text;
    case "concat":
      return s.parts.map(buildPrettier);
    case "group":
      return pb.group(buildPrettier(s.contents), { shouldBreak: s.shouldBreak });
    case "conditional":
      return pb.conditionalGroup(s.states.map(buildPrettier));
    case "indent":
      return pb.indent(buildPrettier(s.contents));
    case "ifBreak":
      return pb.ifBreak(buildPrettier(s.breakContents), buildPrettier(s.flatContents));
    case "lineSuffix":
      return pb.lineSuffix(buildPrettier(s.contents));
    case "join":
      return pb.join(buildPrettier(s.separator), s.docs.map(buildPrettier));
    default:
      return pb[s.k];
  }
}

const prettierText = (doc: pb.Doc, width: number): string =>
  prettierPrinter.printDocToString(doc, { printWidth: width, tabWidth: 2, useTabs: false })
    .formatted;

describe("the document printer prints what prettier prints", () => {
  it("on random documents, at widths 0 to 100", () => {
    fc.assert(
      fc.property(shape, fc.constantFrom(0, 3, 10, 25, 100), (s, width) => {
        expect(ours.printDocToString(buildOurs(s), width)).toBe(
          prettierText(buildPrettier(s), width),
        );
      }),
      { numRuns: 5000, seed: 166 },
    );
  });

  it("on ASCII documents, which it prints without prettier", () => {
    const ascii = shape.filter((s) => !/[^\x20-\x7e]/.test(JSON.stringify(s)));
    fc.assert(
      fc.property(ascii, fc.constantFrom(0, 3, 10, 25, 100), (s, width) => {
        expect(ours.printDocToString(buildOurs(s), width)).toBe(
          prettierText(buildPrettier(s), width),
        );
      }),
      { numRuns: 3000, seed: 1 },
    );
  });

  it("breaks a group that holds a hard line, and the groups around it", () => {
    const doc = ours.group(["a", ours.line, ours.group(["b", ours.hardline, "c"])]);
    expect(ours.printDocToString(doc, 80)).toBe("a\nb\nc");
  });
});
