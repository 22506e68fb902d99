/**
 * The printer against the real Nix parser: for each construct, the printed
 * text must parse (`nix-instantiate --parse`) to the same expression as a
 * hand-written equivalent.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  attrSet,
  binding,
  ident,
  inherit,
  lambda,
  lambdaWithFormals,
  formal,
  letIn,
  list,
  nixAttrName,
  nixLiteral,
  path,
  printNix,
  searchPath,
  select,
  stringFromParts,
  type BinaryOperator,
  type Expr,
} from "@typenix/compiler";
import { nixParse, requireNix } from "../support/real-nix.js";

const int = (n: number): Expr => ({ kind: "Int", value: BigInt(n) });
const neg = (e: Expr): Expr => ({ kind: "Unary", op: "-", expr: e });
const not = (e: Expr): Expr => ({ kind: "Unary", op: "!", expr: e });
const bin = (op: BinaryOperator, left: Expr, right: Expr): Expr => ({
  kind: "Binary",
  op,
  left,
  right,
});
const v = ident;

const cases: [string, Expr, string][] = [
  ["integer and float", list([int(1), { kind: "Float", raw: "1.5e-3" }]), "[ 1 1.5e-3 ]"],
  [
    "search path and path",
    list([searchPath("nixpkgs/lib"), path("./a/b.nix"), path("/etc/x")]),
    "[ <nixpkgs/lib> ./a/b.nix /etc/x ]",
  ],
  [
    "interpolated path",
    {
      kind: "Path",
      parts: [
        { kind: "Text", raw: "./a/" },
        { kind: "Interpolation", expr: v("b") },
        { kind: "Text", raw: "/c" },
      ],
    },
    "./a/${b}/c",
  ],
  ["uri", { kind: "Uri", value: "https://example.org/x.tar.gz" }, "https://example.org/x.tar.gz"],
  [
    "string with interpolation",
    stringFromParts([
      { kind: "Text", raw: "x-" },
      { kind: "Interpolation", expr: select(v("pkgs"), "nginx") },
      { kind: "Text", raw: "/bin" },
    ]),
    '"x-${pkgs.nginx}/bin"',
  ],
  [
    "indented string",
    stringFromParts(
      [
        { kind: "Text", raw: "\n  a\n    ''${b}\n  " },
        { kind: "Interpolation", expr: v("c") },
        { kind: "Text", raw: "\n" },
      ],
      "indented",
    ),
    "''\n a\n   ''${b}\n ${c}\n''",
  ],
  [
    "rec set with quoted and dynamic keys",
    attrSet(
      [
        binding([v("a"), nixAttrName("b c")], int(1)),
        binding([{ kind: "Interpolation", expr: v("k") }], int(2)),
        binding("if", int(3)),
      ],
      true,
    ),
    'rec { a."b c" = 1; ${k} = 2; "if" = 3; }',
  ],
  [
    "inherit and inherit from",
    attrSet([inherit(["a", "b"]), inherit(["c", "d", "e", "f"], select(v("pkgs"), "lib"))]),
    "{ inherit a b; inherit (pkgs.lib) c d e f; }",
  ],
  [
    "let",
    letIn([binding("x", int(1)), binding("y", v("x"))], list([v("x"), v("y")])),
    "let x = 1; y = x; in [ x y ]",
  ],
  ["legacy let", { kind: "LegacyLet", bindings: [binding("body", int(1))] }, "let { body = 1; }"],
  [
    "lambda with formals and defaults",
    lambdaWithFormals([formal("a"), formal("b", int(1))], v("a"), { ellipsis: true }),
    "{ a, b ? 1, ... }: a",
  ],
  [
    "formals bound with @",
    {
      kind: "Lambda",
      param: {
        kind: "Formals",
        formals: [formal("a")],
        ellipsis: false,
        bind: { name: v("args"), position: "before" },
      },
      body: v("args"),
    },
    "args@{ a }: args",
  ],
  ["curried lambdas", lambda("x", lambda("y", v("x"))), "x: y: x"],
  ["application", apply(v("f"), v("a"), select(v("b"), "c")), "f a b.c"],
  ["select with or", { kind: "Select", expr: v("a"), path: [v("b")], default: v("c") }, "a.b or c"],
  ["has attribute", { kind: "HasAttr", expr: v("a"), path: [v("b"), v("c")] }, "a ? b.c"],
  ["if", { kind: "If", cond: v("c"), then: int(1), else: int(2) }, "if c then 1 else 2"],
  ["with", { kind: "With", env: v("pkgs"), body: list([v("nginx")]) }, "with pkgs; [ nginx ]"],
  ["assert", { kind: "Assert", cond: v("c"), body: int(1) }, "assert c; 1"],
  // Precedence: parentheses only where needed.
  ["-(-1)", neg(neg(int(1))), "-(-1)"],
  ["(a // b).c", select(bin("//", v("a"), v("b")), "c"), "(a // b).c"],
  [
    "(a.b or c).d",
    select({ kind: "Select", expr: v("a"), path: [v("b")], default: v("c") }, "d"),
    "(a.b or c).d",
  ],
  ["f (x: x)", apply(v("f"), lambda("x", v("x"))), "f (x: x)"],
  ["!(a && b)", not(bin("&&", v("a"), v("b"))), "!(a && b)"],
  ["f (g x)", apply(v("f"), apply(v("g"), v("x"))), "f (g x)"],
  ["(f x) y is f x y", apply(apply(v("f"), v("x")), v("y")), "f x y"],
  ["f (-1)", apply(v("f"), neg(int(1))), "f (-1)"],
  [
    "list items that are applications",
    list([apply(v("f"), v("x")), neg(int(1))]),
    "[ (f x) (-1) ]",
  ],
  ["left-assoc minus", bin("-", bin("-", int(1), int(2)), int(3)), "1 - 2 - 3"],
  ["right operand of minus", bin("-", int(1), bin("-", int(2), int(3))), "1 - (2 - 3)"],
  ["right-assoc update", bin("//", v("a"), bin("//", v("b"), v("c"))), "a // b // c"],
  ["left operand of update", bin("//", bin("//", v("a"), v("b")), v("c")), "(a // b) // c"],
  ["mixed arithmetic", bin("*", bin("+", int(1), int(2)), int(3)), "(1 + 2) * 3"],
  ["non-associative comparison", bin("==", bin("==", v("a"), v("b")), v("c")), "(a == b) == c"],
  ["implication", bin("->", v("a"), bin("->", v("b"), v("c"))), "a -> b -> c"],
  ["not binds looser than plus", bin("+", not(v("a")), v("b")), "(!a) + b"],
  [
    "if as an operand",
    bin("+", int(1), { kind: "If", cond: v("c"), then: int(1), else: int(2) }),
    "1 + (if c then 1 else 2)",
  ],
  ["lambda as a function", apply(lambda("x", v("x")), int(1)), "(x: x) 1"],
  ["negated application", neg(apply(v("f"), v("x"))), "-(f x)"],
  ["select of an integer", select(int(1), "a"), "(1).a"],
  ["concat", bin("++", list([int(1)]), bin("++", list([int(2)]), v("x"))), "[ 1 ] ++ [ 2 ] ++ x"],
];

/** `nix-instantiate --parse` rejects unbound variables; `with` makes every name resolvable. */
const inScope = (text: string): string => `with { }; (\n${text}\n)`;

describe("printed Nix parses like the hand-written equivalent", () => {
  requireNix();
  it.each(cases)("%s", (_name, expr, handWritten) => {
    const printed = printNix(expr);
    const expected = nixParse(inScope(handWritten));
    expect(expected.ok, expected.stderr).toBe(true);
    const actual = nixParse(inScope(printed));
    expect(actual.stderr, printed).toBe("");
    expect(actual.stdout, printed).toBe(expected.stdout);
  });
});

describe("layout in the nixfmt style", () => {
  it("expands sets with more than one binding and set-valued bindings", () => {
    const text = printNix(
      attrSet([
        binding("a", attrSet([binding("b", int(1))])),
        binding("c", list([int(1), int(2)])),
      ]),
    );
    expect(text).toBe("{\n  a = {\n    b = 1;\n  };\n  c = [\n    1\n    2\n  ];\n}\n");
  });

  it("keeps a one-binding set argument on the line and hugs a last set argument", () => {
    const text = printNix(
      attrSet([
        binding("x", apply(v("f"), attrSet([binding("a", int(1))]))),
        binding(
          "y",
          apply(
            select(v("c"), "webapp"),
            attrSet([binding("port", int(5000)), binding("name", nixLiteral("w"))]),
          ),
        ),
      ]),
    );
    expect(text).toBe(
      '{\n  x = f { a = 1; };\n  y = c.webapp {\n    port = 5000;\n    name = "w";\n  };\n}\n',
    );
  });

  it("puts let and in on their own lines", () => {
    expect(printNix(letIn([binding("x", int(1))], v("x")))).toBe("let\n  x = 1;\nin\nx\n");
  });

  it("breaks long formals one per line with a trailing comma", () => {
    const fn = lambdaWithFormals(
      [
        formal("pkgs"),
        formal("system", select(v("builtins"), "currentSystem")),
        formal("processManager"),
      ],
      attrSet([binding("a", int(1))]),
    );
    expect(printNix(fn)).toBe(
      "{\n  pkgs,\n  system ? builtins.currentSystem,\n  processManager,\n}:\n{\n  a = 1;\n}\n",
    );
  });

  it("wraps long applications: the arguments that fit on the first line, then one per line", () => {
    const long = (c: string): Expr => v(c.repeat(40));
    expect(printNix(binding("x", apply(v("f"), long("a"), long("b"), long("c"))).value)).toBe(
      `f ${"a".repeat(40)} ${"b".repeat(40)}\n  ${"c".repeat(40)}\n`,
    );
  });

  it("keeps a binding or inherit on its line up to the width exactly, indentation not counted", () => {
    // Three sets deep: nixfmt measures a line without its indentation.
    const nested = (item: ReturnType<typeof binding> | ReturnType<typeof inherit>): string =>
      printNix(
        attrSet([binding("a", attrSet([binding("b", attrSet([item, binding("c", int(1))]))]))]),
      );
    const value = (width: number): string => "v".repeat(width - "key = ;".length);
    expect(nested(binding("key", v(value(100))))).toContain(`\n      key = ${value(100)};\n`);
    expect(nested(binding("key", v(value(101))))).toContain(
      `\n      key =\n        ${value(101)};\n`,
    );
    const names = (width: number): string[] => {
      const each = (width - "inherit ;".length - 2) / 3;
      return ["x", "y", "z"].map((c) => c.repeat(each));
    };
    const [x, y, z] = names(100);
    expect(nested(inherit(names(100)))).toContain(`\n      inherit ${x} ${y} ${z};\n`);
    const [x1] = names(103);
    expect(nested(inherit(names(103)))).toContain(`\n      inherit\n        ${x1}\n`);
  });

  it("keeps small values on the line of `=` up to the width exactly", () => {
    const nested = (value: Expr): string =>
      printNix(attrSet([binding("a", attrSet([binding("key", value), binding("c", int(1))]))]));
    // Each value as a function of its width on the line `key = ...;`.
    const values: [string, (width: number) => Expr][] = [
      ["a selection", (w) => select(v("a"), "x".repeat(w - "key = a.;".length))],
      ["a list of one name", (w) => list([v("x".repeat(w - "key = [  ];".length))])],
      [
        "a set of one inherit",
        (w) => attrSet([inherit(["x".repeat(w - "key = { inherit ; };".length)])]),
      ],
    ];
    for (const [what, value] of values) {
      // The line of `key` (three lines down), without its indentation.
      const flat = (w: number): string => nested(value(w)).split("\n")[2]?.trim() ?? "";
      expect(flat(100), what).toHaveLength(100);
      expect(flat(101).length, what).toBeLessThan(101);
    }
    // A string stays on the line of `=` however long.
    const long = nixLiteral("s".repeat(200));
    expect(nested(long)).toContain(`\n    key = "${"s".repeat(200)}";\n`);
  });

  it("refuses an identifier that is not one", () => {
    expect(() => printNix(v("a b"))).toThrow(/not a valid Nix identifier/);
  });
});
