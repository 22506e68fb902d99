/**
 * A fast-check generator of Nix source text from the grammar: every
 * construct, string escapes and interpolation, paths, comments, and
 * awkward spacing; `mutated` also breaks programs on purpose so the parsers
 * must agree on what is rejected, too.
 *
 * The differential test formats these programs. `nix-source.ts` generates
 * wilder ones, some of which `typenix fmt` does not yet print faithfully
 * (a selection from a parenthesised path, `(./a).b`, loses its parentheses).
 */
import fc from "fast-check";

const join = (parts: string[]): string => parts.join(" ");
const name = fc.constantFrom("a", "b", "c", "x", "y", "foo-bar", "x'", "_z", "or", "pkgs");
const varName = fc.constantFrom("a", "b", "c", "x", "y", "foo-bar", "x'", "_z", "pkgs");
const attrKey = fc.oneof(
  fc.constantFrom("k1", "k2", "k3", "k4", "k5", "or"),
  fc.constantFrom('"quoted key"', '"a.b"', '""', '"${"x"}"'),
  varName.map((v) => "${" + v + "}"),
);
const comment = fc.constantFrom("# line comment\n", "/* block */", "/* multi\n line */", "#\n");
const space = fc.oneof(
  { weight: 5, arbitrary: fc.constant(" ") },
  { weight: 1, arbitrary: fc.constant("\n  ") },
  { weight: 1, arbitrary: comment.map((c) => ` ${c} `) },
);

const stringText = fc.constantFrom(
  "text",
  " ",
  '\\"',
  "\\\\",
  "\\n",
  "\\t",
  "\\${",
  "$$",
  "$${x}",
  "$",
  "é😀",
  "'",
  "\\r",
);
const indentedText = fc.constantFrom(
  "text",
  " ",
  "'''",
  "''$",
  "''${x}",
  "''\\n",
  "''\\t",
  "''\\\\",
  "$${x}",
  "$",
  "\n",
  "\n  ",
  "\n    more",
  "'",
  '"',
  "\\",
);

const numberLit = fc.constantFrom(
  "0",
  "42",
  "9223372036854775807",
  "1.5",
  ".5",
  "1.",
  "1e3",
  "1.5e-3",
  "0.25E+2",
);
const pathLit = fc.constantFrom(
  "./a",
  "../a/b",
  "/etc/x",
  "~/x",
  "a/b",
  "./a.b/c-d_e+f",
  "<nixpkgs>",
  "<nixpkgs/lib>",
  "https://example.org/x?a=b",
);

type Gen = { expr: string; simple: string };

/** Valid Nix expressions (modulo duplicate attribute names, which both parsers must judge alike). */
export const nixExpr: fc.Arbitrary<string> = fc.letrec<Gen>((tie) => {
  const expr = (): fc.Arbitrary<string> => tie("expr");
  const simple = (): fc.Arbitrary<string> => tie("simple");
  const interp = expr().map((e) => "${" + e + "}");
  const dstring = fc
    .array(fc.oneof(stringText, interp), { maxLength: 4 })
    .map((p) => `"${p.join("")}"`);
  const istring = fc
    .array(fc.oneof(indentedText, interp), { maxLength: 5 })
    .map((p) => `''${p.join("")}''`);
  const ipath = fc
    .tuple(fc.constantFrom("./a/", "../", "~/", "a/b"), interp, fc.constantFrom("", "/c", "/c.nix"))
    .map(([a, b, c]) => a + b + c);
  const binding = fc.oneof(
    fc
      .tuple(fc.array(attrKey, { minLength: 1, maxLength: 3 }), expr())
      .map(([path, value]) => `${path.join(".")} = ${value};`),
    fc.array(name, { maxLength: 3 }).map((ns) => `inherit ${ns.join(" ")};`),
    fc
      .tuple(simple(), fc.array(name, { maxLength: 3 }))
      .map(([from, ns]) => `inherit (${from}) ${ns.join(" ")};`),
  );
  const formal = fc
    .tuple(varName, fc.option(expr(), { nil: undefined }))
    .map(([n, d]) => (d === undefined ? n : `${n} ? ${d}`));
  const formals = fc
    .tuple(
      fc.uniqueArray(formal, { maxLength: 3, selector: (f) => f.split(" ")[0] }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(
      ([fs, ellipsis, trailing]) =>
        `{ ${[...fs, ...(ellipsis ? ["..."] : [])].join(", ")}${trailing && fs.length > 0 && !ellipsis ? "," : ""} }`,
    );
  return {
    simple: fc.oneof(
      { depthSize: "small" },
      varName,
      numberLit,
      pathLit,
      dstring,
      istring,
      ipath,
      expr().map((e) => `(${e})`),
      fc.array(simple(), { maxLength: 4 }).map((xs) => `[ ${xs.join(" ")} ]`),
      fc
        .tuple(fc.boolean(), fc.array(binding, { maxLength: 3 }))
        .map(([rec, bs]) => `${rec ? "rec " : ""}{ ${bs.join(" ")} }`),
      fc
        .tuple(
          simple(),
          fc.array(attrKey, { minLength: 1, maxLength: 2 }),
          fc.option(simple(), { nil: undefined }),
        )
        .map(([e, p, d]) => `${e}.${p.join(".")}${d === undefined ? "" : ` or ${d}`}`),
    ),
    expr: fc.oneof(
      { depthSize: "small" },
      simple(),
      fc
        .tuple(simple(), fc.array(simple(), { minLength: 1, maxLength: 3 }))
        .map(([f, xs]) => join([f, ...xs])),
      fc
        .tuple(
          simple(),
          fc.constantFrom(
            "+",
            "-",
            "*",
            "/",
            "++",
            "//",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "&&",
            "||",
            "->",
          ),
          simple(),
        )
        .map(([l, op, r]) => `${l} ${op} ${r}`),
      fc.tuple(fc.constantFrom("-", "!"), simple()).map(([op, e]) => `${op}${e}`),
      fc
        .tuple(simple(), fc.array(attrKey, { minLength: 1, maxLength: 2 }))
        .map(([e, p]) => `${e} ? ${p.join(".")}`),
      fc.tuple(expr(), expr(), expr()).map(([c, t, e]) => `if ${c} then ${t} else ${e}`),
      fc
        .tuple(fc.array(binding, { minLength: 1, maxLength: 3 }), expr())
        .map(([bs, body]) => `let ${bs.join(" ")} in ${body}`),
      fc.array(binding, { maxLength: 2 }).map((bs) => `let { ${bs.join(" ")} body = 1; }`),
      fc.tuple(varName, expr()).map(([p, body]) => `${p}: ${body}`),
      fc
        .tuple(formals, fc.constantFrom("", "@args", "args@"), expr())
        .map(([f, at, body]) => (at === "args@" ? `args@${f}: ${body}` : `${f}${at}: ${body}`)),
      fc.tuple(expr(), expr()).map(([e, b]) => `with ${e}; ${b}`),
      fc.tuple(expr(), expr()).map(([c, b]) => `assert ${c}; ${b}`),
    ),
  };
}).expr;

/** Source text with spacing and comments between top-level tokens. */
export const nixSource: fc.Arbitrary<string> = fc
  .tuple(fc.option(comment, { nil: "" }), nixExpr, space, fc.option(comment, { nil: "" }))
  .map(([lead, e, s, tail]) => `${lead}${e}${s}${tail}`.trimEnd() + "\n");

/** Programs with one character removed, duplicated or inserted: mostly invalid, sometimes not. */
export const mutatedSource: fc.Arbitrary<string> = fc
  .tuple(
    nixSource,
    fc.nat(),
    fc.constantFrom("delete", "duplicate", "insert"),
    fc.constantFrom("{", "}", "(", ")", ";", "=", '"', "''", "$", ":", "[", "]", ",", "."),
  )
  .map(([text, at, how, ch]) => {
    const i = at % Math.max(1, text.length);
    if (how === "delete") return text.slice(0, i) + text.slice(i + 1);
    if (how === "duplicate") return text.slice(0, i) + (text[i] ?? "") + text.slice(i);
    return text.slice(0, i) + ch + text.slice(i);
  });

/**
 * Programs with nixfmt's directives, each on a line of its own, put
 * between their lines: the formatter prints the regions between them as
 * written, wherever they fall.
 */
export const directedSource: fc.Arbitrary<string> = fc
  .tuple(nixSource, fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 4 }))
  .map(([text, marks]) => {
    const lines = text.split("\n");
    for (const [at, disable] of marks)
      lines.splice(at % lines.length, 0, disable ? "/*nixfmt:disable*/" : "  /*nixfmt:enable*/");
    return lines.join("\n");
  });
