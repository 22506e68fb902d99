/**
 * The variables a generated expression reads, which decide the parameters
 * a generated function takes: every name met, in the order the shared
 * walk of the syntax tree meets it, with `inherit a;` read first in its set.
 */
import { describe, expect, it } from "vitest";
import type { Expr } from "../../packages/compiler/src/syntax/ast.js";
import { parseNix } from "../../packages/compiler/src/parser/index.js";
import { bindingNames, referencedNames } from "../../packages/compiler/src/lower/free-names.js";

function parsed(text: string): Expr {
  const { file, diagnostics } = parseNix(text);
  expect(diagnostics).toEqual([]);
  return file?.expr as Expr;
}

describe("referencedNames", () => {
  it("finds the variables of every kind of node, in the order they are met", () => {
    const expr = parsed(
      '{ b = c.${d} or e; inherit a; "${f}" = [ g ]; h = { i ? j }: k; inherit (l) m; n = "${o}"; p = let inherit q; in r; s = if t then u else v; }',
    );
    // Attribute names (b, m) and formals (i) are not variables read.
    expect([...referencedNames(expr)]).toEqual([
      "a",
      "c",
      "d",
      "e",
      "f",
      "g",
      "j",
      "k",
      "l",
      "o",
      "q",
      "r",
      "t",
      "u",
      "v",
    ]);
  });

  it("adds to the names it is given", () => {
    expect([...referencedNames(parsed("x: y x"), new Set(["z"]))]).toEqual(["z", "y", "x"]);
  });
});

describe("bindingNames", () => {
  it("finds what the bindings of a set read, as referencedNames does", () => {
    const set = parsed("rec { inherit a; b = c; inherit (d) e; }");
    if (set.kind !== "AttrSet") throw new Error("not a set");
    expect([...bindingNames(set.bindings, new Set())]).toEqual(["a", "c", "d"]);
  });
});
