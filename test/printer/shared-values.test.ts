/**
 * Lowering makes some value nodes once for many items (`pkgs.hello`, a
 * placement `[ infrastructure.t ]`), and the printer keeps the text it made
 * of such a node. An item holding a shared node must print as one holding
 * a node of its own: whatever its name, its width, and whatever other
 * items printed the node before.
 */
import { describe, expect, it } from "vitest";
import type { Binding, Expr } from "../../packages/compiler/src/syntax/ast.js";
import { attrSet, binding, ident, list, select } from "../../packages/compiler/src/syntax/build.js";
import { printedItem, printNix } from "../../packages/compiler/src/printer/print.js";

/** The text of an item as a file of it alone prints it. */
function itemAlone(item: Binding): string {
  return printNix(attrSet([item]));
}

/** The text of a printed item. */
function text(item: Binding): string {
  return item.kind === "PrintedBinding" ? item.text : itemAlone(item);
}

const placement = (): Expr => list([select(ident("infrastructure"), "target0")]);

describe("a value node shared by items", () => {
  it("prints as a node of each item's own, at each name and width", () => {
    const shared = placement();
    const names = ["s", "aServiceWithAVeryLongNameIndeed", "s2"];
    for (const width of [100, 40, 20, 100]) {
      for (const name of names) {
        expect(text(printedItem(name, shared, { width }))).toBe(
          text(printedItem(name, placement(), { width })),
        );
      }
    }
  });

  it("prints in sets of different items as it does alone", () => {
    const pkg = select(ident("pkgs"), "hello");
    const service = (port: number): Expr =>
      attrSet([binding("pkg", pkg), binding("port", { kind: "Int", value: BigInt(port) })]);
    const first = text(printedItem("a", service(1)));
    expect(first).toBe("a = {\n    pkg = pkgs.hello;\n    port = 1;\n  };");
    expect(text(printedItem("b", service(2), { width: 14 }))).toBe(
      text(
        printedItem(
          "b",
          attrSet([
            binding("pkg", select(ident("pkgs"), "hello")),
            binding("port", { kind: "Int", value: 2n }),
          ]),
          { width: 14 },
        ),
      ),
    );
    expect(printNix(attrSet([binding("x", pkg)]))).toBe("{ x = pkgs.hello; }\n");
  });
});
