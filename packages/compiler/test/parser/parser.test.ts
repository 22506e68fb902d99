/**
 * The Nix parser: tree shapes (precedence and associativity as in Nix's
 * grammar, `or`, set patterns, strings and paths kept raw), spans, and the
 * comments and blank lines a formatter needs.
 */
import { describe, expect, it } from "vitest";
import type { AttrName, Expr, NixFile, StringPart } from "../../src/syntax/ast.js";
import { parseNix } from "../../src/parser/index.js";
import { NixParser } from "../../src/parser/parser.js";

function parse(text: string): NixFile {
  const result = parseNix(text, "t.nix");
  if (!result.file) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.file;
}

function name(n: AttrName): string {
  if (n.kind === "Identifier") return n.name;
  if (n.kind === "Interpolation") return `\${${sexp(n.expr)}}`;
  return `"${parts(n.parts)}"`;
}

function parts(list: readonly StringPart[]): string {
  return list.map((p) => (p.kind === "Text" ? p.raw : `\${${sexp(p.expr)}}`)).join("");
}

/** A compact rendering of the tree: operators prefix, in parentheses. */
function sexp(e: Expr): string {
  switch (e.kind) {
    case "Int":
      return String(e.value);
    case "Float":
      return e.raw;
    case "Identifier":
      return e.name;
    case "String":
      return e.style === "double" ? `"${parts(e.parts)}"` : `''${parts(e.parts)}''`;
    case "Path":
      return parts(e.parts);
    case "SearchPath":
      return `<${e.path}>`;
    case "Uri":
      return e.value;
    case "Paren":
      return `[${sexp(e.expr)}]`;
    case "List":
      return `(list${e.items.map((i) => ` ${sexp(i)}`).join("")})`;
    case "Unary":
      return `(${e.op} ${sexp(e.expr)})`;
    case "Binary":
      return `(${e.op} ${sexp(e.left)} ${sexp(e.right)})`;
    case "Apply":
      return `(@ ${sexp(e.fn)} ${sexp(e.arg)})`;
    case "Select":
      return `(. ${sexp(e.expr)} ${e.path.map(name).join(".")}${e.default ? ` or ${sexp(e.default)}` : ""})`;
    case "HasAttr":
      return `(? ${sexp(e.expr)} ${e.path.map(name).join(".")})`;
    case "Lambda": {
      const p = e.param;
      if (p.kind === "Identifier") return `(fn ${p.name} ${sexp(e.body)})`;
      const formals = p.formals.map((f) =>
        f.default ? `${f.name.name}?${sexp(f.default)}` : f.name.name,
      );
      if (p.ellipsis) formals.push("...");
      const bind = p.bind
        ? `${p.bind.position === "before" ? "before" : "after"}@${p.bind.name.name} `
        : "";
      return `(fn ${bind}{${formals.join(",")}} ${sexp(e.body)})`;
    }
    case "AttrSet":
    case "LegacyLet":
    case "Let": {
      const bindings = e.bindings.map((b) =>
        b.kind === "Inherit"
          ? `inherit${b.from ? ` (${sexp(b.from)})` : ""} ${b.names.map(name).join(" ")}`
          : b.kind === "AttrBinding"
            ? `${b.path.map(name).join(".")}=${sexp(b.value)}`
            : "printed",
      );
      const head =
        e.kind === "AttrSet" ? (e.recursive ? "rec" : "set") : e.kind === "Let" ? "let" : "let{}";
      return `(${head} ${bindings.join("; ")}${e.kind === "Let" ? ` in ${sexp(e.body)}` : ""})`;
    }
    case "If":
      return `(if ${sexp(e.cond)} ${sexp(e.then)} ${sexp(e.else)})`;
    case "With":
      return `(with ${sexp(e.env)} ${sexp(e.body)})`;
    case "Assert":
      return `(assert ${sexp(e.cond)} ${sexp(e.body)})`;
  }
}

const tree = (text: string): string => sexp(parse(text).expr);

describe("NixParser", () => {
  it("passes chevrotain's checks of the grammar, with and without recovery", () => {
    expect(() => new NixParser(false, true)).not.toThrow();
    expect(() => new NixParser(true, true)).not.toThrow();
  });
});

describe("parseNix: operators", () => {
  it.each([
    ["a + b * c", "(+ a (* b c))"],
    ["a - b - c", "(- (- a b) c)"],
    ["a ++ b ++ c", "(++ a (++ b c))"],
    ["a // b // c", "(// a (// b c))"],
    ["a -> b -> c", "(-> a (-> b c))"],
    ["a || b && c", "(|| a (&& b c))"],
    ["a && b || c", "(|| (&& a b) c)"],
    ["!a || b", "(|| (! a) b)"],
    ["!a + b", "(! (+ a b))"],
    ["a * !b + c", "(* a (! (+ b c)))"],
    ["-a ? b", "(? (- a) b)"],
    ["!a ? b", "(! (? a b))"],
    ["a ? b ? c", "(? (? a b) c)"],
    ["a + b ? c", "(+ a (? b c))"],
    ["a < b == c", "(== (< a b) c)"],
    ["a == b < c", "(== a (< b c))"],
    ["- - a", "(- (- a))"],
    ["-a.b", "(- (. a b))"],
    ["-f x", "(- (@ f x))"],
    ["a -1", "(- a 1)"],
    ["f -1", "(- f 1)"],
    ["a - -b * c", "(- a (* (- b) c))"],
    ["a // b + c", "(// a (+ b c))"],
    ["a ++ b * c", "(* (++ a b) c)"],
    ["a == b -> c", "(-> (== a b) c)"],
  ])("%s", (text, expected) => {
    expect(tree(text)).toBe(expected);
  });

  it("keeps parentheses as written", () => {
    expect(tree("(a + b) * c")).toBe("(* [(+ a b)] c)");
  });
});

describe("parseNix: application, selection and or", () => {
  it.each([
    ["f a b", "(@ (@ f a) b)"],
    ["f a.b c", "(@ (@ f (. a b)) c)"],
    ["a.b.c or d", "(. a b.c or d)"],
    ["a.b or c.d or e", "(. a b or (. c d or e))"],
    ['a."b c".${d}', '(. a "b c".${d})'],
    ["a.or", "(. a or)"],
    ["f or", "(@ f or)"],
    ["f a or", "(@ f (@ a or))"],
    ["[ f or a ]", "(list (@ f or) a)"],
    ["{ } or", "(@ (set ) or)"],
    ["a.b or f or", "(. a b or (@ f or))"],
    [".5.a", "(. .5 a)"],
    ["a.5", "(@ a .5)"],
  ])("%s", (text, expected) => {
    expect(tree(text)).toBe(expected);
  });
});

describe("parseNix: functions", () => {
  it.each([
    ["x: y: x", "(fn x (fn y x))"],
    ["{ a, b ? 1, ... }: a", "(fn {a,b?1,...} a)"],
    ["{ a, }: a", "(fn {a} a)"],
    ["{ }: 1", "(fn {} 1)"],
    ["{ ... }: 1", "(fn {...} 1)"],
    ["args@{ a }: a", "(fn before@args {a} a)"],
    ["{ a } @ args: a", "(fn after@args {a} a)"],
    ["{ a ? { b = 1; } }: a", "(fn {a?(set b=1)} a)"],
    ["{ a = 1; }.a", "(. (set a=1) a)"],
    ["{ }", "(set )"],
  ])("%s", (text, expected) => {
    expect(tree(text)).toBe(expected);
  });
});

describe("parseNix: sets, let, keywords", () => {
  it.each([
    ["{ a.b.c = 1; }", "(set a.b.c=1)"],
    ['{ "a b" = 1; ${c} = 2; "${d}e" = 3; }', '(set "a b"=1; ${c}=2; "${d}e"=3)'],
    ['{ inherit a "b" ${"c"}; inherit (x) d; }', '(set inherit a "b" ${"c"}; inherit (x) d)'],
    ["rec { a = 1; }", "(rec a=1)"],
    ["let a = 1; in a", "(let a=1 in a)"],
    ["let { body = 1; }", "(let{} body=1)"],
    ["if a then b else c", "(if a b c)"],
    ["with a; assert b; c", "(with a (assert b c))"],
    ["[ 1 (f x) [ ] ]", "(list 1 [(@ f x)] (list))"],
  ])("%s", (text, expected) => {
    expect(tree(text)).toBe(expected);
  });
});

describe("parseNix: strings and paths keep their raw text", () => {
  it("splits double-quoted strings into raw text and interpolations", () => {
    const e = parse('"a\\n\\${b}${c}d$${e}"').expr;
    expect(e).toMatchObject({
      kind: "String",
      style: "double",
      parts: [
        { kind: "Text", raw: "a\\n\\${b}" },
        { kind: "Interpolation", expr: { kind: "Identifier", name: "c" } },
        { kind: "Text", raw: "d$${e}" },
      ],
    });
  });

  it("keeps the whole text between '' and '', newlines and escapes included", () => {
    const e = parse("''\n  a ''' ''$ ''\\n\n  ${b} c\n''").expr;
    expect(e).toMatchObject({
      kind: "String",
      style: "indented",
      parts: [
        { kind: "Text", raw: "\n  a ''' ''$ ''\\n\n  " },
        { kind: "Interpolation" },
        { kind: "Text", raw: " c\n" },
      ],
    });
  });

  it("keeps paths and their interpolations", () => {
    expect(parse("./a/${b}/c.nix").expr).toMatchObject({
      kind: "Path",
      parts: [{ raw: "./a/" }, { kind: "Interpolation" }, { raw: "/c.nix" }],
    });
    expect(tree("[ ~/a <p/q> https://x.org/?a=b ]")).toBe("(list ~/a <p/q> https://x.org/?a=b)");
  });

  it("reads numbers as Nix does", () => {
    expect(parse("9223372036854775807").expr).toEqual(
      expect.objectContaining({ kind: "Int", value: 9223372036854775807n }),
    );
    // Without a dot there is no float: in a list, `1e3` is two items.
    expect(tree("[ 1.5e-3 .5 1. 1e3 ]")).toBe("(list 1.5e-3 .5 1. 1 e3)");
    expect(tree("1e3")).toBe("(@ 1 e3)");
  });
});

describe("parseNix: spans", () => {
  it("gives 1-based lines and columns, end exclusive", () => {
    const e = parse("{\n  a = f x;\n}").expr;
    expect(e.span).toEqual({
      start: { offset: 0, line: 1, column: 1 },
      end: { offset: 14, line: 3, column: 2 },
    });
    if (e.kind !== "AttrSet") throw new Error("not a set");
    const binding = e.bindings[0];
    expect(binding?.span?.start).toEqual({ offset: 4, line: 2, column: 3 });
    expect(binding?.span?.end).toEqual({ offset: 12, line: 2, column: 11 });
    if (binding?.kind !== "AttrBinding") throw new Error("not a binding");
    expect(binding.value.span).toEqual({
      start: { offset: 8, line: 2, column: 7 },
      end: { offset: 11, line: 2, column: 10 },
    });
  });

  it("locates interpolations inside strings that span lines", () => {
    const e = parse("''\n  x ${y}\n''").expr;
    if (e.kind !== "String") throw new Error("not a string");
    expect(e.parts[1]?.kind === "Interpolation" && e.parts[1].span).toEqual({
      start: { offset: 7, line: 2, column: 5 },
      end: { offset: 11, line: 2, column: 9 },
    });
  });
});

describe("parseNix: comments and blank lines", () => {
  const source = [
    "# file",
    "{",
    "  # about a",
    "  a = 1; # trailing a",
    "",
    "  /* about b */",
    "  b = [",
    "    1 # after 1",
    "",
    "    2",
    "    # closing the list",
    "  ];",
    "  f = { x, # after x",
    "    y }: x;",
    "  l = let",
    "    v = 1;",
    "    # before in",
    "  in v;",
    "  # closing the set",
    "}",
    "# end",
  ].join("\n");
  const file = parse(source);
  const set = file.expr;
  if (set.kind !== "AttrSet") throw new Error("not a set");
  const [a, b, f, l] = set.bindings;

  it("puts comments before a node on the outermost node there", () => {
    expect(set.comments?.map((c) => c.text)).toEqual(["# file"]);
    expect(a?.comments?.map((c) => c.text)).toEqual(["# about a"]);
    expect(b?.comments?.map((c) => [c.kind, c.text])).toEqual([["block", "/* about b */"]]);
  });

  it("makes a comment ending a binding's or item's line its trailing comment", () => {
    expect(a?.trailingComment?.text).toBe("# trailing a");
    if (b?.kind !== "AttrBinding" || b.value.kind !== "List") throw new Error("not a list");
    expect(b.value.items[0]?.trailingComment?.text).toBe("# after 1");
    if (f?.kind !== "AttrBinding" || f.value.kind !== "Lambda") throw new Error("not a lambda");
    const formals = f.value.param;
    expect(formals.kind === "Formals" && formals.formals[0]?.trailingComment?.text).toBe(
      "# after x",
    );
  });

  it("keeps comments before a closing bracket, `in` and the end of the file", () => {
    if (b?.kind !== "AttrBinding" || b.value.kind !== "List") throw new Error("not a list");
    expect(b.value.closingComments?.map((c) => c.text)).toEqual(["# closing the list"]);
    if (l?.kind !== "AttrBinding" || l.value.kind !== "Let") throw new Error("not a let");
    expect(l.value.closingComments?.map((c) => c.text)).toEqual(["# before in"]);
    expect(set.closingComments?.map((c) => c.text)).toEqual(["# closing the set"]);
    expect(file.trailingComments?.map((c) => c.text)).toEqual(["# end"]);
  });

  it("records blank lines between bindings and list items", () => {
    expect(set.bindings.map((x) => x.blankLineBefore ?? false)).toEqual([
      false,
      true,
      false,
      false,
    ]);
    if (b?.kind !== "AttrBinding" || b.value.kind !== "List") throw new Error("not a list");
    expect(b.value.items.map((x) => x.blankLineBefore ?? false)).toEqual([false, true]);
  });

  it("records a blank line between a function's head and body", () => {
    const e = parse("x:\n\nx").expr;
    expect(e.kind === "Lambda" && e.body.blankLineBefore).toBe(true);
  });

  it("gives comments among inherited names to the names, and before `${` to the code inside", () => {
    const e = parse(
      "{\n  inherit a # about a\n    # about b\n    b;\n  ${ /* key */ k } = x./* x */${/* y */ y};\n}",
    ).expr;
    if (e.kind !== "AttrSet") throw new Error("not a set");
    const [inherited, dynamic] = e.bindings;
    if (inherited?.kind !== "Inherit") throw new Error("not an inherit");
    const [a, b] = inherited.names;
    expect(a?.trailingComment?.text).toBe("# about a");
    expect(b?.comments?.map((c) => c.text)).toEqual(["# about b"]);
    expect(dynamic?.comments).toBeUndefined();
    if (dynamic?.kind !== "AttrBinding" || dynamic.value.kind !== "Select")
      throw new Error("not a selection");
    const [name] = dynamic.path;
    expect(name?.kind === "Interpolation" && name.expr.comments?.[0]?.text).toBe("/* key */");
    const [part] = dynamic.value.path;
    expect(part?.comments).toBeUndefined();
    expect(part?.kind === "Interpolation" && part.expr.comments?.map((c) => c.text)).toEqual([
      "/* x */",
      "/* y */",
    ]);
  });

  it("keeps comments inside interpolations and attribute paths", () => {
    const e = parse('"${ /* c */ x }"').expr;
    expect(
      e.kind === "String" &&
        e.parts[0]?.kind === "Interpolation" &&
        e.parts[0].expr.comments?.[0]?.text,
    ).toBe("/* c */");
  });
});

describe("parseNix: a comment ending the line of `(`", () => {
  const texts = (e: Expr | undefined): string[] | undefined => e?.comments?.map((c) => c.text);

  it("goes to the outermost node the parentheses start, as if written before them", () => {
    const e = parse("[ (/* a */ f x).y (\n  # b\n  c) ]").expr;
    if (e.kind !== "List") throw new Error("not a list");
    const [select, paren] = e.items;
    expect(texts(select)).toEqual(["/* a */"]);
    // On a line of its own, a comment stays inside.
    expect(paren?.kind === "Paren" && texts(paren.expr)).toEqual(["# b"]);
  });

  it("stays inside around a binding's value and a call's last argument", () => {
    const e = parse("{ v = ( # a\n  x); w = f ( # b\n  y) (/* c */ z); }").expr;
    if (e.kind !== "AttrSet") throw new Error("not a set");
    const [v, w] = e.bindings;
    const value = v?.kind === "AttrBinding" ? v.value : undefined;
    expect(value?.kind === "Paren" && texts(value.expr)).toEqual(["# a"]);
    const call = w?.kind === "AttrBinding" ? w.value : undefined;
    if (call?.kind !== "Apply" || call.fn.kind !== "Apply") throw new Error("not a call");
    // An argument before the last is no exception.
    expect(texts(call.fn.arg)).toEqual(["# b"]);
    expect(call.arg.kind === "Paren" && texts(call.arg.expr)).toEqual(["/* c */"]);
  });

  it("stays inside when the next line goes on at its column", () => {
    const e = parse("[ ( # a\n    x) ]").expr;
    const paren = e.kind === "List" ? e.items[0] : undefined;
    expect(paren?.kind === "Paren" && texts(paren.expr)).toEqual(["# a"]);
  });
});

describe("parseNix: comments before the `;` of a binding", () => {
  it("are the binding's closing comments, but those inside a string's `${ }`", () => {
    const e = parse('{ a = 1\n  # c\n  ; b = "${x\n  # d\n}"; }').expr;
    if (e.kind !== "AttrSet") throw new Error("not a set");
    const [a, b] = e.bindings;
    expect(a?.kind === "AttrBinding" && a.closingComments?.map((c) => c.text)).toEqual(["# c"]);
    expect(b?.kind === "AttrBinding" && b.closingComments).toBeUndefined();
  });
});

describe("parseNix: comments before the comma after a formal", () => {
  it("stay there when one is a directive, else go to the next formal", () => {
    const f = parse("{ a\n/*nixfmt:disable*/\n, b\n# c\n, d }: a").expr;
    if (f.kind !== "Lambda" || f.param.kind !== "Formals") throw new Error("not a pattern");
    const [a, b, d] = f.param.formals;
    expect(a?.commaComments?.map((c) => c.text)).toEqual(["/*nixfmt:disable*/"]);
    expect(b?.commaComments).toBeUndefined();
    expect(d?.comments?.map((c) => c.text)).toEqual(["# c"]);
  });
});

describe("parseNix: a comment ending the line of the `{` of a set pattern", () => {
  it("goes to the function, as if written before the pattern", () => {
    const f = parse("{ /* a */ b }: b").expr;
    if (f.kind !== "Lambda" || f.param.kind !== "Formals") throw new Error("not a pattern");
    expect(f.comments?.map((c) => c.text)).toEqual(["/* a */"]);
    expect(f.param.formals[0]?.comments).toBeUndefined();
  });
});

describe("parseNix: comments before the `?` of a formal and the `:` of a pattern", () => {
  it("are kept there", () => {
    const f = parse("{ b # x\n  ? 1 }\n# y\n: b").expr;
    if (f.kind !== "Lambda" || f.param.kind !== "Formals") throw new Error("not a pattern");
    const b = f.param.formals[0];
    expect(b?.questionComments?.map((c) => c.text)).toEqual(["# x"]);
    expect(b?.question).toEqual({ offset: 10, line: 2, column: 3 });
    expect(f.colonComments?.map((c) => c.text)).toEqual(["# y"]);
    expect(f.body.comments).toBeUndefined();
  });
});

describe("parseNix: comments before the `}` of an interpolation", () => {
  it("are its closing comments", () => {
    const e = parse('"a ${b\n  # c\n}"').expr;
    const part = e.kind === "String" ? e.parts[1] : undefined;
    expect(part?.kind === "Interpolation" && part.closingComments?.map((c) => c.text)).toEqual([
      "# c",
    ]);
  });
});

describe("parseNix: comments before a binding's `=` and after `rec`", () => {
  it("are kept there, with the line of `=`", () => {
    const e = parse("rec # r\n{ a # x\n\n  = 1; }").expr;
    if (e.kind !== "AttrSet") throw new Error("not a set");
    expect(e.recComments?.map((c) => c.text)).toEqual(["# r"]);
    const a = e.bindings[0];
    expect(a?.kind === "AttrBinding" && a.equalsComments?.map((c) => c.text)).toEqual(["# x"]);
    expect(a?.kind === "AttrBinding" && a.equalsLine).toBe(4);
  });
});
