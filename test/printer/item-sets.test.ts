/**
 * The printer writes a set lowering made (`name = { a = 1; ... };`) from
 * texts it keeps by the names of the set's items. Sets of many names,
 * `rec` sets, and sets at other levels must print as the printer's general
 * rules print them.
 */
import { describe, expect, it } from "vitest";
import type { Binding, Expr } from "../../packages/compiler/src/syntax/ast.js";
import { attrSet, binding, ident, select } from "../../packages/compiler/src/syntax/build.js";
import { printedItem, printNix } from "../../packages/compiler/src/printer/print.js";

const int = (n: number): Expr => ({ kind: "Int", value: BigInt(n) });

/** The text of an item printed alone in a file's main set (or at `level`). */
function text(item: Binding): string {
  if (item.kind !== "PrintedBinding") throw new Error("not printed as a set's text");
  return item.text;
}

describe("a set's text", () => {
  it("is the general printer's for more item names than it keeps", () => {
    const items = Array.from({ length: 2500 }, (_, i) =>
      attrSet([binding(`first${i}`, int(i)), binding(`second${i % 7}`, select(ident("p"), "q"))]),
    );
    const printed = items.map((set, i) => text(printedItem(`s${i}`, set)));
    const file = printNix(attrSet(items.map((set, i) => binding(`s${i}`, set))));
    expect(`{\n  ${printed.join("\n  ")}\n}\n`).toBe(file);
    expect(printed[2400]).toBe("s2400 = {\n    first2400 = 2400;\n    second6 = p.q;\n  };");
  });

  it("opens with `rec` for a recursive set, at each level", () => {
    const set = attrSet([binding("a", int(1)), binding("b", ident("a"))], true);
    expect(text(printedItem("r", set))).toBe("r = rec {\n    a = 1;\n    b = a;\n  };");
    expect(text(printedItem("r", set, { level: 2 }))).toBe(
      "r = rec {\n      a = 1;\n      b = a;\n    };",
    );
    const plain = attrSet([binding("a", int(1)), binding("b", ident("a"))]);
    expect(text(printedItem("r", plain, { level: 0 }))).toBe("r = {\n  a = 1;\n  b = a;\n};");
  });
});
