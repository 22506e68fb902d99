/**
 * A fast-check generator of Nix source text from the Nix grammar: every
 * construct, string escapes and nested interpolation, all path forms,
 * numbers at the edges of their syntax, comments and odd spacing. Now and
 * then (about one choice in forty) it picks something Nix rejects: a
 * duplicate attribute, `or` as a variable, `...` in the middle of a set
 * pattern, a trailing slash, an integer too large. `mutatedSource` breaks
 * programs at random, so the parsers must agree on what is rejected as
 * well as on what is accepted.
 */
import fc from "fast-check";

type Arb = fc.Arbitrary<string>;

const pick = (...xs: string[]): Arb => fc.constantFrom(...xs);
const weighted = (...pairs: [number, Arb][]): Arb =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const cat = (...parts: Arb[]): Arb => fc.tuple(...parts).map((xs) => xs.join(""));
const words = (s: string): Arb => pick(...s.split(" "));

/** Between tokens: mostly a space, sometimes nothing, newlines, blank lines or a comment. */
const sp: Arb = weighted(
  [24, pick(" ")],
  [1, pick("")],
  [4, pick("\n  ", "\n", "\t", "\r\n")],
  [1, pick("\n\n  ")],
  [2, pick(" # comment\n", " /* block */ ", " /* multi\n line */\n", " #\n")],
  [1, pick("/**/", "/* ** / */")],
);

/** A separator that cannot be empty: between words that would otherwise merge. */
const sp1: Arb = sp.map((s) => (s === "" ? " " : s));

const name: Arb = weighted(
  [120, words("a b c x y f g")],
  [36, words("foo-bar x' _z a_1 pkgs iff in' rec-x or-x then_ true null __curPos")],
  [1, words("or if 1a -a")],
);
const attrKeyStatic: Arb = weighted(
  [30, words("k1 k2 k3 k4 k5 k6 k7 k8 a b c d e f g h or x-y z'")],
  [6, pick('"quoted key"', '""', '"a.b"', '"if"', '"é"', '"k\\n"')],
  [
    2,
    pick(
      '"k1"',
      '"\\k2"',
      '${"k3"}',
      "${''k4''}",
      '${("k5")}',
      "${https://u.v}",
      "${''\n  k6\n''}",
    ),
  ],
);

const comment: Arb = pick("# line comment\n", "/* block */", "/* multi\n line */", "#\n", "/**/");

const doubleText: Arb = pick(
  ...["text", " ", '\\"', "\\\\", "\\n", "\\t", "\\r", "\\${", "$$", "$${x}", "$", "$\\n"],
  ...["é😀", "'", "{", "}", "\n", "\\$", "\\\n", "\r\n", "''"],
);
const indentedText: Arb = pick(
  ...["text", " ", "'''", "''$", "''${x}", "''\\n", "''\\t", "''\\\\", "''\\x", "$${x}", "$"],
  ...["\n", "\n  ", "\n    more", '"', "\\", "'a", "a'b", "{", "}", "\t", "  ", "$'a", "\r\n"],
);
const number: Arb = weighted(
  [72, words("0 1 42 007")],
  [48, words("1.5 .5 1. 1.5e-3 0.25E+2 10.0e10 0.0 00.5 1e3 1.e5")],
  [9, words("9223372036854775807 0.0e-400 123456789.123 1.e-300")],
  [1, words("9223372036854775808 1.e400 1.e-310")],
);
const plainPath: Arb = weighted(
  [80, words("./a ../a/b /etc/x ~/x a/b ./a.b/c-d_e+f a/b/c.nix 1/2 ./. ../..")],
  [32, words("<nixpkgs> <nixpkgs/lib> <a.b/c-d> https://example.org/x?a=b&c=d mailto:x@y.z x:x")],
  [1, words("./a/ a//b ~/ ~ <a/> ./a/b/")],
);
const binaryOperator: Arb = weighted(
  [10, words("+ - * / ++ // && || ->")],
  [4, words("== != < <= > >=")],
);

type Grammar = { expr: string; simple: string; binding: string; formals: string };

/** A Nix expression; a few are invalid on purpose. */
export const nixExpr: Arb = fc.letrec<Grammar>((tie) => {
  const expr = tie("expr");
  const simple = tie("simple");
  const binding = tie("binding");
  const formals = tie("formals");
  const interp = cat(pick("${"), sp, expr, sp, pick("}"));
  const doubleString = fc
    .array(weighted([3, doubleText], [1, interp]), { maxLength: 4 })
    .map((p) => `"${p.join("")}"`);
  const indentedString = fc
    .tuple(
      pick("", "\n", "  \n", " "),
      fc.array(weighted([3, indentedText], [1, interp]), { maxLength: 5 }),
    )
    .map(([open, p]) => `''${open}${p.join("")}''`);
  const interpolatedPath = cat(
    weighted([40, words("./a/ ../ ~/ a/b/ ./a / a/")], [1, words("./a// ~ a")]),
    interp,
    weighted(
      [40, pick("", "/c", "/c.nix", "b/c", "//d", "${x}", "/${x}/e")],
      [1, words("/ /${x}/")],
    ),
  );
  const attrKey = weighted(
    [12, attrKeyStatic],
    [1, interp],
    [1, cat(pick('"k'), interp, pick('"'))],
  );
  const attrPath = fc.array(attrKey, { minLength: 1, maxLength: 3 }).map((ks) => ks.join("."));
  const staticKeys = fc.array(cat(sp, attrKeyStatic), { maxLength: 3 }).map((ks) => ks.join(""));
  const bindings = fc.array(binding, { maxLength: 4 }).map((bs) => bs.join(""));
  // `let` takes no dynamic names: mostly bind fixed ones there.
  const letBindings = fc
    .array(
      weighted(
        [12, cat(attrKeyStatic, pick("", ".k1"), sp, pick("="), sp, expr, pick(";"), sp)],
        [1, binding],
      ),
      { maxLength: 4 },
    )
    .map((bs) => bs.join(""));
  const list = fc
    .array(simple, { maxLength: 4 })
    .map((xs) => `[${xs.map((x) => ` ${x}`).join("")} ]`);
  const attrSet = cat(pick("", "", "rec "), pick("{"), sp, bindings, pick("}"));
  const select = cat(
    simple,
    pick(".", " . "),
    attrPath,
    fc.option(cat(sp, pick("or"), sp, simple), { nil: "" }),
  );
  const operation = fc
    .tuple(
      simple,
      fc.array(fc.tuple(sp1, binaryOperator, sp1, pick("", "", "-", "!", "- "), simple), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([first, rest]) => first + rest.map((r) => r.join("")).join(""));

  return {
    simple: fc.oneof(
      { depthSize: "small" },
      name,
      number,
      plainPath,
      doubleString,
      indentedString,
      interpolatedPath,
      cat(pick("("), sp, expr, sp, pick(")")),
      list,
      attrSet,
      select,
      weighted([12, cat(name, sp1, pick("or"))], [1, cat(simple, sp1, pick("or"))]),
      cat(pick("let"), sp, pick("{"), sp, bindings, pick("body = 1; }", "}")),
    ),
    binding: weighted(
      [90, cat(attrPath, sp, pick("="), sp, expr, pick(";"), sp)],
      [18, cat(pick("inherit"), staticKeys, pick(";"), sp)],
      [18, cat(pick("inherit"), sp, pick("("), expr, pick(")"), staticKeys, pick(";"), sp)],
      [1, cat(pick("inherit"), sp1, attrKey, pick(";"))],
      [1, cat(attrPath, sp, pick("="), sp, expr, sp)],
    ),
    formals: fc
      .tuple(
        fc
          .oneof(
            { weight: 60, arbitrary: fc.uniqueArray(words("a b c x y"), { maxLength: 3 }) },
            { weight: 1, arbitrary: fc.array(words("a b c x y"), { maxLength: 3 }) },
          )
          .chain((names) =>
            fc.tuple(
              ...names.map((n) =>
                fc.tuple(fc.constant(n), fc.option(cat(sp, pick("?"), sp, expr), { nil: "" })),
              ),
            ),
          ),
        weighted([60, pick("", "", "...", ",")], [1, pick("...x", "..., x", "...,", ",,")]),
      )
      .map(([fs, tail]) => {
        const items = fs.map(([n, d]) => n + d).join(", ");
        if (items === "") return `{ ${tail === "," ? "" : tail} }`;
        return `{ ${items}${tail === "" || tail.startsWith(",") ? tail : `, ${tail}`} }`;
      }),
    expr: fc.oneof(
      { depthSize: "small" },
      simple,
      simple,
      fc
        .tuple(simple, fc.array(cat(sp1, simple), { minLength: 1, maxLength: 3 }))
        .map(([f, xs]) => f + xs.join("")),
      operation,
      cat(words("- ! -- !!"), simple),
      cat(simple, sp, pick("?"), sp, attrPath),
      cat(pick("if"), sp1, expr, sp1, pick("then"), sp1, expr, sp1, pick("else"), sp1, expr),
      cat(pick("let"), sp1, letBindings, pick("in"), sp1, expr),
      cat(name, sp, pick(":", ": "), sp1, expr),
      cat(name, pick(":"), expr),
      cat(formals, sp, pick(":", "@args:", " @ args :"), sp, expr),
      cat(pick("args@", "args @ "), formals, pick(":"), sp, expr),
      cat(pick("with"), sp1, expr, pick(";"), sp, expr),
      cat(pick("assert"), sp1, expr, pick(";"), sp, expr),
    ),
  };
}).expr;

/** A whole file: comments and spacing around one expression. */
export const nixSource: Arb = fc
  .tuple(fc.option(comment, { nil: "" }), sp, nixExpr, sp, fc.option(comment, { nil: "" }))
  .map((parts) => parts.join(""));

const breakers = words(`{ } ( ) ; = " '' $ \${ : [ ] , . / # /* \\ ' or @ ? -`);

/** Programs with one character removed, doubled, or something inserted: mostly invalid, not always. */
export const mutatedSource: Arb = fc
  .tuple(nixSource, fc.nat(), words("delete duplicate insert"), breakers)
  .map(([text, at, how, ch]) => {
    const i = at % Math.max(1, text.length);
    if (how === "delete") return text.slice(0, i) + text.slice(i + 1);
    if (how === "duplicate") return text.slice(0, i) + (text[i] ?? "") + text.slice(i);
    return text.slice(0, i) + ch + text.slice(i);
  });
