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
  | { readonly k: "align"; readonly n: number; readonly contents: Shape }
  | { readonly k: "ifBreak"; readonly breakContents: Shape; readonly flatContents: Shape }
  | { readonly k: "lineSuffix"; readonly contents: Shape }
  | { readonly k: "lazy"; readonly contents: Shape }
  | { readonly k: "join"; readonly separator: Shape; readonly docs: readonly Shape[] }
  | { readonly k: "line" | "softline" | "hardline" | "breakParent" };

/** Texts whose width is their length, but for control characters (and DEL among them). */
const ASCII_TEXTS = [
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
  "\tx\u007f",
];

/** Texts prettier measures with Unicode tables. */
const OTHER_TEXTS = ["é", "中文", "😀", "1\u20e3"];

/** Mostly lines that may stay flat: hard ones break every group around them. */
const LINES = [
  ...Array<"line">(6).fill("line"),
  ...Array<"softline">(3).fill("softline"),
  "hardline",
  "breakParent",
] as const;

const documents = (texts: fc.Arbitrary<string>): fc.Arbitrary<Shape> => {
  const shape = fc.letrec<{ shape: Shape }>((tie) => ({
    shape: fc.oneof(
      { depthSize: "medium", withCrossShrink: true },
      {
        weight: 4,
        arbitrary: texts.map((text): Shape => ({ k: "text", text })),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom(...LINES).map((k): Shape => ({ k })),
      },
      {
        weight: 3,
        arbitrary: fc
          .array(tie("shape"), { maxLength: 6 })
          .map((parts): Shape => ({ k: "concat", parts })),
      },
      {
        weight: 3,
        arbitrary: fc
          .record({
            contents: fc.array(tie("shape"), { minLength: 1, maxLength: 6 }),
            shouldBreak: fc.boolean(),
          })
          .map(({ contents, shouldBreak }): Shape => ({
            k: "group",
            contents: { k: "concat", parts: contents },
            shouldBreak: shouldBreak && contents.length % 3 === 0,
          })),
      },
      {
        weight: 2,
        arbitrary: fc
          .array(tie("shape"), { minLength: 1, maxLength: 4 })
          .map((states): Shape => ({ k: "conditional", states })),
      },
      { weight: 1, arbitrary: tie("shape").map((contents): Shape => ({ k: "indent", contents })) },
      {
        weight: 1,
        arbitrary: fc
          .record({ n: fc.integer({ min: 1, max: 3 }), contents: tie("shape") })
          .map(({ n, contents }): Shape => ({ k: "align", n, contents })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ breakContents: tie("shape"), flatContents: tie("shape") })
          .map((b): Shape => ({ k: "ifBreak", ...b })),
      },
      {
        weight: 1,
        arbitrary: tie("shape").map((contents): Shape => ({ k: "lineSuffix", contents })),
      },
      { weight: 1, arbitrary: tie("shape").map((contents): Shape => ({ k: "lazy", contents })) },
      {
        weight: 1,
        arbitrary: fc
          .record({ separator: tie("shape"), docs: fc.array(tie("shape"), { maxLength: 4 }) })
          .map((j): Shape => ({ k: "join", ...j })),
      },
    ),
  })).shape;
  // Several parts, as the Nix printer's documents have.
  return fc
    .array(shape, { minLength: 1, maxLength: 4 })
    .map((parts): Shape => ({ k: "concat", parts }));
};

const asciiText = fc.constantFrom(...ASCII_TEXTS);
const anyText = fc.oneof(
  { weight: 30, arbitrary: asciiText },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_TEXTS) },
);

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
    case "align":
      return ours.offset(s.n, buildOurs(s.contents));
    case "ifBreak":
      return ours.ifBreak(buildOurs(s.breakContents), buildOurs(s.flatContents));
    case "lineSuffix":
      return ours.lineSuffix(buildOurs(s.contents));
    case "lazy":
      return ours.lazy(buildOurs, s.contents);
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
    case "align":
      return pb.align(s.n, buildPrettier(s.contents));
    case "ifBreak":
      return pb.ifBreak(buildPrettier(s.breakContents), buildPrettier(s.flatContents));
    case "lineSuffix":
      return pb.lineSuffix(buildPrettier(s.contents));
    case "lazy":
      return buildPrettier(s.contents);
    case "join":
      return pb.join(buildPrettier(s.separator), s.docs.map(buildPrettier));
    default:
      return pb[s.k];
  }
}

const prettierText = (doc: pb.Doc, width: number): string =>
  prettierPrinter.printDocToString(doc, { printWidth: width, tabWidth: 2, useTabs: false })
    .formatted;

/** The two printers' texts for `s` at every width up to 40, where they differ. */
function differences(s: Shape): string[] {
  const found: string[] = [];
  for (let width = 0; width <= 40; width++) {
    const theirs = prettierText(buildPrettier(s), width);
    const mine = ours.printDocToString(buildOurs(s), width);
    if (mine !== theirs)
      found.push(`width ${width}: ${JSON.stringify(mine)} for ${JSON.stringify(theirs)}`);
  }
  return found;
}

describe("the document printer prints what prettier prints", () => {
  it("on random documents, at every width up to 40", () => {
    fc.assert(
      fc.property(documents(anyText), (s) => {
        expect(differences(s)).toEqual([]);
      }),
      { numRuns: 1000, seed: 166 },
    );
  });

  it("on ASCII documents, which it prints without prettier", () => {
    fc.assert(
      fc.property(documents(asciiText), (s) => {
        expect(differences(s)).toEqual([]);
      }),
      { numRuns: 2000, seed: 1 },
    );
  });

  it("measures a line before a group's text once, however deep the group", () => {
    const doc = ours.group(["a", ours.line, ours.group([ours.group([ours.line, "b"])])]);
    expect(ours.printDocToString(doc, 3)).toBe("a  b");
    expect(ours.printDocToString(doc, 2)).toBe("a\n b");
  });

  it("breaks a group that holds a hard line, and the groups around it", () => {
    const doc = ours.group(["a", ours.line, ours.group(["b", ours.hardline, "c"])]);
    expect(ours.printDocToString(doc, 80)).toBe("a\nb\nc");
  });
});

describe("measured as nixfmt measures, lines are indented as nixfmt indents them", () => {
  const print = (doc: ours.Doc): string => ours.printDocToString(doc, 80, { measure: "nixfmt" });
  const { hardline, indent, group, offset, lineSuffix } = ours;

  it("indents the line after several indentations opened on one line once", () => {
    const doc = ["f", indent([" (", indent([hardline, "x"]), hardline, ")"])];
    expect(print(doc)).toBe("f (\n  x\n)");
    expect(ours.printDocToString(doc, 80)).toBe("f (\n    x\n  )");
  });

  it("counts the indentations of a group on one line only where it starts a line", () => {
    const doc = ["a ", indent(group(["b", indent("c")])), indent(indent([hardline, "d"]))];
    expect(print(doc)).toBe("a bc\n  d");
    const inside = ["a ", indent(["b", indent("c")]), indent(indent([hardline, "d"]))];
    expect(print(inside)).toBe("a bc\nd");
  });

  it("indents by an offset's columns on top of the indentation, without nesting deeper", () => {
    expect(print(["a", offset(3, [hardline, "b", indent([hardline, "c"])])])).toBe(
      "a\n   b\n     c",
    );
  });

  it("gives a comment at the end of a line no level of its own", () => {
    expect(print(["a", indent(lineSuffix(" # c")), indent([hardline, "b"])])).toBe("a # c\n  b");
  });
});

describe("a string's lines written as they are", () => {
  const { group, hardline, indent, line, rawLines } = ours;

  it("keeps its lines' columns and breaks the groups around it", () => {
    const doc = group(["f", indent([line, "''", rawLines("a\n  b\n"), "''"])]);
    expect(ours.printDocToString(doc, 80)).toBe("f\n  ''a\n  b\n''");
  });

  it("is measured up to where it starts, as a string below its `''`", () => {
    const below = ["f", indent([hardline, "''"])];
    const string = ours.conditionalGroup([["f ''", rawLines("a long line\n")], below]);
    expect(ours.printDocToString(string, 6)).toBe("f ''a long line\n");
    const text = ours.conditionalGroup([["f ''", "a long line"], below]);
    expect(ours.printDocToString(text, 6)).toBe("f\n  ''");
  });

  it("leaves the position at the width of its last line", () => {
    const doc = ["''", rawLines("x\n  "), "''", group([line, "abcd"])];
    expect(ours.printDocToString(doc, 9)).toBe("''x\n  '' abcd");
    expect(ours.printDocToString(doc, 8)).toBe("''x\n  ''\nabcd");
  });
});
