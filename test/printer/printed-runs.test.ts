/**
 * Items printed already (`printedItem`) print one after another as runs
 * of lines: a run ends at an item printed for another level, or at one
 * kept as a tree. However they are mixed, a set reads as the same set of
 * trees printed at once.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Binding, Expr } from "../../packages/compiler/src/syntax/ast.js";
import { attrSet, binding, ident, list } from "../../packages/compiler/src/syntax/build.js";
import { printedItem, printNix } from "../../packages/compiler/src/printer/print.js";

const int = (n: number): Expr => ({ kind: "Int", value: BigInt(n) });

/** A set of two items, which breaks over lines, and a one-line value. */
const VALUES: readonly Expr[] = [
  attrSet([binding("a", int(1)), binding("b", ident("x"))]),
  list([ident("y")]),
  int(7),
];

describe("runs of printed items", () => {
  it("read as the trees, at any mix of levels and of items kept as trees", () => {
    const item = fc.record({
      value: fc.constantFrom(...VALUES),
      // The level it is printed for; undefined: kept as a tree.
      level: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), (items) => {
        const trees = items.map(({ value }, i) => binding(`i${i}`, value));
        const mixed = items.map(({ value, level }, i): Binding =>
          level === undefined ? binding(`i${i}`, value) : printedItem(`i${i}`, value, { level }),
        );
        expect(printNix(attrSet(mixed))).toBe(printNix(attrSet(trees)));
        const nested = (bindings: Binding[]): Expr =>
          attrSet([binding("inner", attrSet(bindings))]);
        expect(printNix(nested(mixed))).toBe(printNix(nested(trees)));
      }),
      { numRuns: 200 },
    );
  });
});
