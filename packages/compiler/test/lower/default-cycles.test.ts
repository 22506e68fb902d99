/**
 * Cycles of a constructor's parameter defaults, read from the formals of a
 * parsed Nix function: those every call leaving them out runs into, and
 * those only the branches of some `if`s lead through.
 */
import { describe, expect, it } from "vitest";
import type { FormalNode } from "../../src/syntax/ast.js";
import { parseNix } from "../../src/parser/index.js";
import { defaultsCycle, guardsText } from "../../src/lower/default-cycles.js";

/** The formals of `{ ... }: null`, the function `formals` are written in. */
function formalsOf(formals: string): FormalNode[] {
  const { file, diagnostics } = parseNix(`{ ${formals} }: null`, "t.nix");
  const fn = file?.expr;
  if (fn?.kind !== "Lambda" || fn.param.kind !== "Formals")
    throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return [...fn.param.formals];
}

/** The cycle as `a -> b -> a`, and the branches it goes through. */
function cycleOf(formals: string): string | undefined {
  const cycle = defaultsCycle(formalsOf(formals));
  if (cycle === undefined) return undefined;
  const names = cycle.names.join(" -> ");
  return cycle.guards.length === 0 ? names : `${names}, where ${guardsText(cycle.guards)}`;
}

describe("defaultsCycle", () => {
  it("finds a cycle of plain reads, or of reads in both branches of an if", () => {
    expect(cycleOf("a ? b, b ? a")).toBe("a -> b -> a");
    expect(cycleOf('m ? true, a ? if m then b else b + "x", b ? a')).toBe("a -> b -> a");
    expect(cycleOf('a ? if b == "" then "A" else "a", b ? a')).toBe("a -> b -> a");
  });

  it("names the branches a cycle through an if goes", () => {
    expect(cycleOf('m ? true, a ? if m then "A" else b, b ? a')).toBe(
      "a -> b -> a, where m is false",
    );
    expect(
      cycleOf('m ? true, n ? 1, a ? if m then "A" else b, b ? if n == 1 then a else "B"'),
    ).toBe("a -> b -> a, where m is false and (n == 1) is true");
  });

  it("finds none where the branches contradict each other", () => {
    expect(cycleOf('m ? true, a ? if m then "A" else b, b ? if m then a else "B"')).toBe(undefined);
    expect(cycleOf("a ? 1, b ? a")).toBe(undefined);
  });

  it("does not take conditions on a function's parameter for one another", () => {
    // Each element of the list gives x another value: both branches run.
    expect(
      cycleOf(
        'l ? [ true false ], a ? map (x: if x then b else "") l, b ? map (x: if x then "" else a) l',
      ),
    ).toBe("a -> b -> a, where x is true and x is false");
  });
});
