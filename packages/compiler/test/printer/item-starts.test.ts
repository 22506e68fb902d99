/**
 * A set's text (`setText`) keeps the text before each item's value by the
 * item's path, which lowering shares among the items of one attribute
 * name: a shared path must give its own name after the right joint (first
 * item or not, `rec` or not, at each level), and a path that is no plain
 * name must not be written bare, however often it is met.
 */
import { describe, expect, it } from "vitest";
import type { AttrName, Binding, Expr } from "../../src/syntax/ast.js";
import { attrSet, binding, ident } from "../../src/syntax/build.js";
import { printedItem, printNix } from "../../src/printer/print.js";

const int = (n: number): Expr => ({ kind: "Int", value: BigInt(n) });

function text(item: Binding): string {
  if (item.kind !== "PrintedBinding") throw new Error("not printed as a set's text");
  return item.text;
}

describe("a set's item paths, shared by its items", () => {
  it("give each item its name after the joint of its place and level", () => {
    const port = [ident("port")] as const;
    const name = [ident("name")] as const;
    const first = attrSet([binding(port, int(1)), binding(name, int(2))]);
    const second = attrSet([binding(name, int(3)), binding(port, int(4))], true);
    const outer = attrSet([binding(port, int(5)), binding(name, second)]);
    expect(text(printedItem("a", first))).toBe("a = {\n    port = 1;\n    name = 2;\n  };");
    expect(text(printedItem("b", second))).toBe("b = rec {\n    name = 3;\n    port = 4;\n  };");
    expect(text(printedItem("c", outer, { level: 2 }))).toBe(
      [
        "c = {",
        "      port = 5;",
        "      name = rec {",
        "        name = 3;",
        "        port = 4;",
        "      };",
        "    };",
      ].join("\n"),
    );
  });

  it("quote a name that is no Nix identifier each time they are met", () => {
    const odd: readonly AttrName[] = [{ kind: "Identifier", name: "a b" }];
    const keyword: readonly AttrName[] = [{ kind: "Identifier", name: "if" }];
    for (let i = 0; i < 3; i++) {
      const set = attrSet([binding("x", int(i)), binding(odd, int(1)), binding(keyword, int(2))]);
      const expected = `{\n  s = {\n    x = ${i};\n    "a b" = 1;\n    "if" = 2;\n  };\n}\n`;
      expect(printNix(attrSet([printedItem("s", set)]))).toBe(expected);
    }
  });

  it("of several names print them dotted", () => {
    const dotted = [ident("a"), ident("b")] as const;
    for (let i = 0; i < 2; i++) {
      const set = attrSet([binding(dotted, int(i)), binding("c", int(3))]);
      expect(printNix(attrSet([printedItem("s", set)]))).toBe(
        `{\n  s = {\n    a.b = ${i};\n    c = 3;\n  };\n}\n`,
      );
    }
  });
});
