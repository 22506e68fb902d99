/**
 * The printer writes a set lowering made (`name = { a = 1; ... };`) from
 * texts it keeps by the paths of the set's items, which lowering shares
 * among the items of one attribute name. Sets of many names, `rec` sets,
 * and sets at other levels must print as the printer's general rules
 * print them: a shared path gives its own name after the right joint
 * (first item or not, `rec` or not, at each level), and a path that is no
 * plain name is never written bare, however often it is met.
 */
import { describe, expect, it } from "vitest";
import type { AttrName, Binding, Expr } from "../../packages/compiler/src/syntax/ast.js";
import {
  attrSet,
  binding,
  ident,
  inherit,
  lambda,
  list,
  select,
} from "../../packages/compiler/src/syntax/build.js";
import { nixString } from "../../packages/compiler/src/literals/literal.js";
import { printedItem, printNix } from "../../packages/compiler/src/printer/print.js";

const int = (n: number): Expr => ({ kind: "Int", value: BigInt(n) });

/** The text of an item printed alone in a file's main set (or at `level`). */
function text(item: Binding): string {
  if (item.kind !== "PrintedBinding") throw new Error("not printed as a set's text");
  return item.text;
}

describe("a set's text", () => {
  it("is the general printer's for thousands of item names", () => {
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

  it("holds the sets in it, each item a level deeper, as a file prints them", () => {
    // An infrastructure target: `properties` and `containers` are sets in the set.
    const target = attrSet([
      binding(
        "properties",
        attrSet([binding("hostname", nixString("test0")), binding("cores", int(4))]),
      ),
      binding(
        "containers",
        attrSet([binding("mysql-database", attrSet([binding("mysqlPort", int(3306))]))]),
      ),
      binding("deps", attrSet([inherit(["a"])])),
    ]);
    const expected = [
      "test0 = {",
      "    properties = {",
      '      hostname = "test0";',
      "      cores = 4;",
      "    };",
      "    containers = {",
      "      mysql-database = {",
      "        mysqlPort = 3306;",
      "      };",
      "    };",
      "    deps = { inherit a; };",
      "  };",
    ].join("\n");
    expect(text(printedItem("test0", target))).toBe(expected);
    const file = printNix(attrSet([printedItem("test0", target), binding("other", target)]));
    expect(file).toBe(`{\n  ${expected}\n  ${expected.replace("test0 =", "other =")}\n}\n`);
    expect(
      text(
        printedItem("t", attrSet([binding("p", attrSet([binding("a", int(1))], true))]), {
          level: 2,
        }),
      ),
    ).toBe("t = {\n      p = rec {\n        a = 1;\n      };\n    };");
  });

  it("lays out a set in the set holding what it does not print by the general rules", () => {
    // A function is no value the text of a set is made of: the whole item is printed by the general rules.
    const inner = attrSet([
      binding("f", lambda("x", ident("x"))),
      binding("l", list([int(1), int(2)])),
    ]);
    const item = printedItem("t", attrSet([binding("a", int(1)), binding("p", inner)]));
    expect(text(item)).toBe(
      [
        "t = {",
        "    a = 1;",
        "    p = {",
        "      f = x: x;",
        "      l = [",
        "        1",
        "        2",
        "      ];",
        "    };",
        "  };",
      ].join("\n"),
    );
  });
});

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
