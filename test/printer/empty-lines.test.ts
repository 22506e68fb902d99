/**
 * Empty lines nixfmt keeps inside a construct: an empty line before any
 * token of the source stays, and the construct takes the layout nixfmt
 * gives it then (its rules for a token with something before it).
 */
import { describe } from "vitest";
import { check, checkWithNix, nix } from "../support/layout-cases.js";

describe("an empty line around `=` of a binding", () => {
  check([
    {
      name: "after `=`: the value goes below it, a level deeper",
      input: nix("{", "  a =", "", "    f x;", "}"),
      expected: nix("{", "  a =", "", "    f x;", "}"),
    },
    {
      name: "after `=`: a set value below it is expanded",
      input: nix("{", "  a =", "", "  { b = 1; };", "}"),
      expected: nix("{", "  a =", "", "    {", "      b = 1;", "    };", "}"),
    },
    {
      name: "before `=`: `=` goes below the name, a level deeper",
      input: nix("{", "  a", "", "  = 1;", "}"),
      expected: nix("{", "  a", "", "    = 1;", "}"),
    },
    {
      name: "before and after `=`: each goes a level deeper",
      input: nix("{", "  a", "", "  =", "", "  f x;", "}"),
      expected: nix("{", "  a", "", "    =", "", "      f x;", "}"),
    },
    {
      name: "between a comment before `=` and `=`",
      input: nix("{", "  a", "  # c", "", "  = 1;", "}"),
      expected: nix("{", "  a", "    # c", "", "    = 1;", "}"),
    },
  ]);
});

describe("an empty line before an argument of a call", () => {
  check([
    {
      name: "it and the arguments after it go below the function, one a line",
      input: nix("f a", "", "b c"),
      expected: nix("f a", "", "  b", "  c"),
    },
    {
      name: "the arguments before it stay on the function's line",
      input: nix("f a b", "", "  c", "", "  d"),
      expected: nix("f a b", "", "  c", "", "  d"),
    },
    {
      name: "after `=`, the call starts below it",
      input: nix("{", "  x = f a", "", "    b;", "}"),
      expected: nix("{", "  x =", "    f a", "", "      b;", "}"),
    },
  ]);
});

describe("an empty line between the parameters of a function", () => {
  check([
    {
      name: "each parameter after it starts a line, after the empty line",
      input: nix("self:", "", "super:", "", "{ a = 1; }"),
      expected: nix("self:", "", "super:", "", "{ a = 1; }"),
    },
    {
      name: "before the comments above a parameter",
      input: nix("a:", "", "# c", "b: a"),
      expected: nix("a:", "", "# c", "b:", "a"),
    },
  ]);
});

describe("an empty line around an operator", () => {
  check([
    {
      name: "before it: the operator starts a line after the empty line",
      input: nix("a", "", "++ b"),
      expected: nix("a", "", "++ b"),
    },
    {
      name: "after it: the operand starts a line a level deeper",
      input: nix("a ++", "", "b"),
      expected: nix("a", "++", "", "  b"),
    },
    {
      name: "on both sides, in a chain",
      input: nix("a", "", "//", "", "b // c"),
      expected: nix("a", "", "//", "", "  b", "// c"),
    },
    {
      name: "between the comments before it and the operator",
      input: nix("a", "# c", "", "++ b"),
      expected: nix("a", "# c", "", "++ b"),
    },
  ]);
});

describe("an empty line around `or`", () => {
  check([
    {
      name: "before it: `or` starts a line a level deeper",
      input: nix("a.b", "", "or c"),
      expected: nix("a.b", "", "  or c"),
    },
    {
      // Its level counts from the line `or` is on, which it opens none on.
      name: "after it: the default starts a line, at the level of the line of `or`",
      input: nix("a.b or", "", "c"),
      expected: nix("a.b or", "", "c"),
    },
    {
      name: "in parentheses, `)` goes below",
      input: nix("(a.b", "", "or", "", "[ ])"),
      expected: nix("(a.b", "", "  or", "", "  [ ]", ")"),
    },
  ]);
});

describe("an empty line around `?` of a formal's default", () => {
  // nixfmt's `pretty ParamAttr`: `name <> hardspace <> nest (qmark <> absorbRHS def)`; the empty
  // line is in the trivia of `?` or of the default's first token, and stays as after `=`.
  checkWithNix([
    {
      name: "after `?`: the default goes below it, a level deeper",
      input: nix("{ a ?", "", "  1 }: a"),
      expected: nix("{", "  a ?", "", "    1,", "}:", "a"),
    },
    {
      name: "before `?`: `?` goes below the name, a level deeper",
      input: nix("{ a", "", "  ? 1 }: a"),
      expected: nix("{", "  a", "", "    ? 1,", "}:", "a"),
    },
    {
      name: "on both sides: a set default below `?` is expanded",
      input: nix("{ a", "", "? ", "", "{ b = 1; } }: a"),
      expected: nix(
        "{",
        "  a",
        "",
        "    ?",
        "",
        "      {",
        "        b = 1;",
        "      },",
        "}:",
        "a",
      ),
    },
  ]);
});

describe("an empty line in `if`", () => {
  // nixfmt's `prettyIf`: `group (if <> line <> nest cond <> line <> then)`, then the branch
  // between `line`s, `else` and the rest; the empty line in the trivia of a keyword or of a
  // part's first token merges with the line break before it and breaks the whole `if`.
  checkWithNix([
    {
      name: "after `if`: the condition goes below it, a level deeper",
      input: nix("if", "", "a then b else c"),
      expected: nix("if", "", "  a", "then", "  b", "else", "  c"),
    },
    {
      name: "before `then`: `then` starts a line after the empty line",
      input: nix("if a", "", "then b else c"),
      expected: nix("if", "  a", "", "then", "  b", "else", "  c"),
    },
    {
      name: "after `then`: the branch goes below, after the empty line",
      input: nix("if a then", "", "b else c"),
      expected: nix("if a then", "", "  b", "else", "  c"),
    },
    {
      name: "before `else`",
      input: nix("if a then b", "", "else c"),
      expected: nix("if a then", "  b", "", "else", "  c"),
    },
    {
      name: "after `else`",
      input: nix("if a then b else", "", "c"),
      expected: nix("if a then", "  b", "else", "", "  c"),
    },
    {
      // `else` and a hard space, then the trivia of `if`, outside the nest of the chain.
      name: "after `else` before `if`: the `if` starts a line, not indented",
      input: nix("if a then b else", "", "if c then d else e"),
      expected: nix("if a then", "  b", "else", "", "if c then", "  d", "else", "  e"),
    },
    {
      name: "after a comment ending the line of `then`",
      input: nix("if a then # c", "", "  b else c"),
      expected: nix("if a then # c", "", "  b", "else", "  c"),
    },
  ]);
});

describe("an empty line in `assert`", () => {
  // nixfmt's `pretty Assert` lays out `assert cond` as the call `prettyApp` of `assert` to the
  // condition, then `;` and a hard line: an empty line before the condition is one before an
  // argument, one before `;` stays before it.
  checkWithNix([
    {
      name: "after `assert`: the condition goes below it, a level deeper",
      input: nix("assert", "", "a; b"),
      expected: nix("assert", "", "  a;", "b"),
    },
    {
      name: "after `assert`, a call: its parts go below, one a line",
      input: nix("assert", "", "f x; b"),
      expected: nix("assert", "", "  f", "  x;", "b"),
    },
    {
      name: "before `;`: `;` starts a line after the empty line",
      input: nix("assert a", "", "; b"),
      expected: nix("assert a", "", ";", "b"),
    },
    {
      name: "before `;`, after a comment ending the condition's line",
      input: nix("assert a # c", "", "; b"),
      expected: nix("assert a # c", "", ";", "b"),
    },
    {
      name: "after `;`: the body starts a line after the empty line",
      input: nix("assert a;", "", "b"),
      expected: nix("assert a;", "", "b"),
    },
  ]);
});

describe("an empty line around a comparison operator", () => {
  // nixfmt's `pretty Operation` for `<`, `>`, `<=`, `>=`, `==`, `!=`:
  // `a <> softline <> op <> hardspace <> b`, nothing nested.
  checkWithNix([
    {
      name: "before it: the operator starts a line after the empty line, at the same level",
      input: nix("a", "", "== b"),
      expected: nix("a", "", "== b"),
    },
    {
      name: "after it: the right operand starts a line, at the same level",
      input: nix("a <", "", "  b"),
      expected: nix("a <", "", "b"),
    },
    {
      name: "after `=`, the comparison starts below it",
      input: nix("{", "  x = a", "", "  != f b;", "}"),
      expected: nix("{", "  x =", "    a", "", "    != f b;", "}"),
    },
  ]);
});

describe("an empty line after a unary operator", () => {
  // nixfmt's `pretty (Negation minus expr)` and `pretty (Inversion bang expr)`: the operator
  // then the operand, whose trivia prints an empty line, nothing nested.
  checkWithNix([
    {
      name: "after `!`: the operand starts a line, at the same level",
      input: nix("!", "", "a"),
      expected: nix("!", "", "a"),
    },
    {
      name: "after `-`",
      input: nix("-", "", "  a"),
      expected: nix("-", "", "a"),
    },
    {
      name: "after `=`, the negation starts below it",
      input: nix("{", "  x = !", "", "  a;", "}"),
      expected: nix("{", "  x =", "    !", "", "    a;", "}"),
    },
  ]);
});

describe("an empty line around `.` of a selection", () => {
  // nixfmt's `prettyTerm (Selection ...)` and `pretty Selector`: the base, a break only after
  // a non-name, then each `.` and name with their trivia, nothing nested. A line indents only
  // at the nestings opened at its start (`layoutGreedy`), so what follows the empty line
  // starts where the line holding the selection's start does.
  checkWithNix([
    {
      name: "before `.`: it starts a line after the empty line, at the same level",
      input: nix("a.b", "", ".c.d"),
      expected: nix("a.b", "", ".c.d"),
    },
    {
      name: "after `.`: the name starts a line, at the same level",
      input: nix("a.", "", "  b"),
      expected: nix("a.", "", "b"),
    },
    {
      name: "after `=`, the selection starts below it",
      input: nix("{", "  x = a", "", "  .b;", "}"),
      expected: nix("{", "  x =", "    a", "", "    .b;", "}"),
    },
    {
      // `prettyApp`'s simple layout needs only the function and the arguments before the last on one line.
      name: "the last argument of a simple call: the call stays on its line",
      input: nix("f x a.b", "", ".c"),
      expected: nix("f x a.b", "", ".c"),
    },
    {
      name: "an argument before the last: one argument a line",
      input: nix("f a.b", "", ".c x"),
      expected: nix("f", "  a.b", "", "  .c", "  x"),
    },
    {
      name: "the last argument of a call that is not simple: it goes below",
      input: nix("f x y a.", "", "b"),
      expected: nix("f x y", "  a.", "", "  b"),
    },
  ]);
});

describe("an empty line inside parentheses", () => {
  // nixfmt's `prettyTerm (Parenthesized ...)`: `(`, then `inner` and the trivia of `)` nested;
  // `inner` is an absorbed term alone, a call (`prettyApp`, its moved trivia first and a hard
  // line after), a selection followed by `line'`, or anything else between `line'`s. As a last
  // argument or after `=`, `absorbParen`: the expression between `line'`s.
  checkWithNix([
    {
      name: "after `(`: the expression goes below it, `)` on a line of its own",
      input: nix("(", "", "  a + b)"),
      expected: nix("(", "", "  a + b", ")"),
    },
    {
      name: "before `)`: `)` starts a line after the empty line",
      input: nix("(a + b", "", ")"),
      expected: nix("(", "  a + b", "", ")"),
    },
    {
      name: "after `(`, a set: `)` follows it",
      input: nix("(", "", "  { a = 1; })"),
      expected: nix("(", "", "  { a = 1; })"),
    },
    {
      name: "before `)`, after a set: the set stays after `(`",
      input: nix("({ a = 1; }", "", ")"),
      expected: nix("({ a = 1; }", "", ")"),
    },
    {
      name: "after `(`, a call: `)` on a line of its own",
      input: nix("(", "", "  f a b)"),
      expected: nix("(", "", "  f a b", ")"),
    },
    {
      name: "before `)`, after a call: the call stays after `(`",
      input: nix("(f a b", "", ")"),
      expected: nix("(f a b", "", ")"),
    },
    {
      name: "before `)`, after a selection: it stays after `(`",
      input: nix("(a.b", "", ")"),
      expected: nix("(a.b", "", ")"),
    },
    {
      name: "the last argument: `(` stays on the call's line",
      input: nix("f (a + b", "", ")"),
      expected: nix("f (", "  a + b", "", ")"),
    },
    {
      name: "after `=`, a set after an empty line: `)` on a line of its own",
      input: nix("{", "  x = (", "", "    { a = 1; });", "}"),
      expected: nix("{", "  x = (", "", "    { a = 1; }", "  );", "}"),
    },
    {
      name: "an argument before the last: the arguments after it follow `)`",
      input: nix("f (", "", "  a) b"),
      expected: nix("f (", "", "  a", ") b"),
    },
  ]);
});

describe("an empty line around `?` of an attribute check", () => {
  // nixfmt's `pretty MemberCheck`: `e <> softline <> ? <> hardspace <> path`, as a comparison.
  checkWithNix([
    {
      name: "before `?`: it starts a line after the empty line, at the same level",
      input: nix("a", "", "? b"),
      expected: nix("a", "", "? b"),
    },
    {
      name: "after `?`: the path starts a line, at the same level",
      input: nix("a ?", "", "  b.c"),
      expected: nix("a ?", "", "b.c"),
    },
    {
      name: "after `=`, the check starts below it",
      input: nix("{", "  x = a", "", "  ? b;", "}"),
      expected: nix("{", "  x =", "    a", "", "    ? b;", "}"),
    },
  ]);
});

describe("an empty line after `${` of an interpolation", () => {
  // nixfmt keeps the empty line in the trivia before the code: the code then
  // goes on a line of its own, a level deeper, and `}` on the next line.
  checkWithNix([
    {
      name: "in an indented string: the code goes below it, `}` on a line of its own",
      input: nix("''", "  a ${", "", "    f [", "      b", "    ]", "  }", "''"),
      expected: nix("''", "  a ${", "", "    f [", "      b", "    ]", "  }", "''"),
    },
    {
      name: "in a double-quoted string, before simple code",
      input: nix('"a ${', "", '  b} c"'),
      expected: nix('"a ${', "", "  b", '} c"'),
    },
    {
      name: "and before `}`: both stay",
      input: nix('"${', "", "  b", "", '}"'),
      expected: nix('"${', "", "  b", "", '}"'),
    },
    {
      // The name then spans lines: the value goes below `=`, as after any such name.
      name: "in an attribute name",
      input: nix("{ ${", "", "  a} = 1; }"),
      expected: nix("{", "  ${", "", "    a", "  } =", "    1;", "}"),
    },
  ]);
});

describe("an empty line before the comments closing a set pattern", () => {
  checkWithNix([
    {
      name: "after the last formal: it stays",
      input: nix("{", "  a,", "", "  # b", "}:", "a"),
      expected: nix("{", "  a,", "", "  # b", "}:", "a"),
    },
    {
      name: "after the last formal, and before `}`: both stay",
      input: nix("{", "  a,", "", "  # b", "", "}:", "a"),
      expected: nix("{", "  a,", "", "  # b", "", "}:", "a"),
    },
    {
      name: "after `...`: it stays",
      input: nix("{", "  a,", "  ...", "", "  # b", "}:", "a"),
      expected: nix("{", "  a,", "  ...", "", "  # b", "}:", "a"),
    },
  ]);
});
