/**
 * `typenix fmt` (parse, then `printNix`) lays code out as nixfmt does, the
 * official Nix formatter (RFC 166). Each case is a small program of our own
 * with the layout nixfmt gives it written out: fmt must print exactly that,
 * and leave it unchanged when run on it again.
 */
import { describe } from "vitest";
import { check, checkWithNix, nix } from "../support/layout-cases.js";

describe("layout from the source", () => {
  check([
    {
      name: "a set written across lines stays expanded",
      input: "{\n  a = 1; }",
      expected: nix("{", "  a = 1;", "}"),
    },
    {
      name: "a set written on one line stays on one line",
      input: "{ a = 1;\n}.a",
      expected: nix("{", "  a = 1;", "}", ".a"),
    },
    {
      name: "an empty list written across lines stays so",
      input: "f [\n]",
      expected: nix("f [", "]"),
    },
    {
      name: "a one-item list written across lines stays expanded",
      input: "[\n  1 ]",
      expected: nix("[", "  1", "]"),
    },
    {
      name: "an empty line before the first binding is kept",
      input: "{\n\n  a = 1;\n  b = 2;\n}",
      expected: nix("{", "", "  a = 1;", "  b = 2;", "}"),
    },
    {
      name: "an empty line before the closing bracket is kept",
      input: "[\n  1\n\n]",
      expected: nix("[", "  1", "", "]"),
    },
    {
      name: "a set pattern written across lines stays expanded",
      input: "{\n  lib }: lib",
      expected: nix("{", "  lib,", "}:", "lib"),
    },
    {
      name: "empty lines between formals are kept",
      input: "{ a,\n\n  b }: a",
      expected: nix("{", "  a,", "", "  b,", "}:", "a"),
    },
    {
      name: "an empty line before the closing brace of a set pattern is kept",
      input: "{ a,\n  b,\n\n}: a",
      expected: nix("{", "  a,", "  b,", "", "}:", "a"),
    },
    {
      name: "an empty line between `...` and the closing brace of a set pattern is kept",
      input: "{ a,\n  ...\n\n}: a",
      expected: nix("{", "  a,", "  ...", "", "}:", "a"),
    },
    {
      name: "a function body written below its pattern stays below",
      input: "{ a }:\n  a",
      expected: nix("{ a }:", "a"),
    },
    {
      name: "an empty line before `in` is kept",
      input: "let\n  a = 1;\n\nin\na",
      expected: nix("let", "  a = 1;", "", "in", "a"),
    },
    {
      name: "an empty line between `with` and its scope is kept",
      input: nix("with", "", "lib;", "a"),
      expected: nix("with", "", "  lib;", "a"),
    },
    {
      name: "an empty line between `with` and the comments above its scope is kept",
      input: nix("with", "", "# c", "lib;", "a"),
      expected: nix("with", "", "  # c", "  lib;", "a"),
    },
    {
      name: "an inherit written across lines stays one name per line",
      input: "{\n  inherit (builtins)\n    a b;\n}",
      expected: nix("{", "  inherit (builtins)", "    a", "    b", "    ;", "}"),
    },
    {
      name: "an empty line between `inherit` and its source is kept",
      input: nix("{", "  inherit", "", "  (builtins) a;", "}"),
      expected: nix("{", "  inherit", "", "    (builtins)", "    a", "    ;", "}"),
    },
  ]);
});

describe("names and operators", () => {
  check([
    {
      name: "`or` as an attribute name is written bare",
      input: "{ or = 1; }",
      expected: nix("{ or = 1; }"),
    },
    {
      name: "parentheses written around a negation stay",
      input: "- (-1)",
      expected: nix("-(-1)"),
    },
    {
      name: "negation of a negation without parentheses",
      input: "- -1",
      expected: nix("--1"),
    },
    {
      name: "the default of a default needs no parentheses",
      input: "x.a or (x.b or c)",
      expected: nix("x.a or (x.b or c)"),
    },
    {
      name: "chained defaults",
      input: "x.a or x.b or c",
      expected: nix("x.a or x.b or c"),
    },
    {
      name: "`or` and its default move to the next line when the line is too long",
      input:
        "{ value = builtins.someRatherLongFunctionName or (import ./a/file/somewhere/else/again/here.nix (a: b: a + b + 1)); }",
      expected: nix(
        "{",
        "  value =",
        "    builtins.someRatherLongFunctionName",
        "      or (import ./a/file/somewhere/else/again/here.nix (a: b: a + b + 1));",
        "}",
      ),
    },
  ]);
});

describe("control flow and functions", () => {
  check([
    {
      name: "comments before an `else if` go above the `else`",
      input: "if a then b\n# why\nelse if c then d else e",
      expected: nix("if a then", "  b", "# why", "else if c then", "  d", "else", "  e"),
    },
    {
      name: "after `=`, an operation starting with a list starts on the line of `=`",
      input: "{ x = [ 1 2 ] ++ y; }",
      expected: nix("{", "  x = [", "    1", "    2", "  ]", "  ++ y;", "}"),
    },
    {
      name: "after `=`, `a // { ... }` starts on the line of `=`",
      input: "{ x = y // { a = 1; b = 2; }; }",
      expected: nix("{", "  x = y // {", "    a = 1;", "    b = 2;", "  };", "}"),
    },
    {
      name: "a parenthesized call opens its last argument on its line",
      input: '(fetchurl {\n  url = "x";\n})',
      expected: nix("(fetchurl {", '  url = "x";', "})"),
    },
    {
      name: "a parenthesized call that breaks keeps its function after `(` and `)` below",
      input: "(foo bar baz\n# why\n(g x))",
      expected: nix("(foo bar baz", "  # why", "  (g x)", ")"),
    },
    {
      name: "comments before an operand go above its operator",
      input: "[ a ] ++ b\n# more\n++ c",
      expected: nix("[ a ]", "++ b", "# more", "++ c"),
    },
    {
      name: "a long call keeps the arguments that fit on its first line",
      input:
        'someFunctionName "the first argument, a string" secondArgument.within.a.much.longer.path thirdArgument fourth',
      expected: nix(
        'someFunctionName "the first argument, a string" secondArgument.within.a.much.longer.path',
        "  thirdArgument",
        "  fourth",
      ),
    },
    {
      name: "an if with an else-if is always expanded",
      input: "if a then b else if c then d else e",
      expected: nix("if a then", "  b", "else if c then", "  d", "else", "  e"),
    },
    {
      name: "comments between function parameters",
      input: "a:\n# the second\nb: a + b",
      expected: nix("a:", "# the second", "b:", "a + b"),
    },
    {
      // As nixfmt's own tests of `with` have it.
      name: "a comment after `with x;` stays there and puts the body below it",
      input: "{ meta = with lib; # the attributes\n{ a = 1; b = 2; }; }",
      expected: nix(
        "{",
        "  meta =",
        "    with lib; # the attributes",
        "    {",
        "      a = 1;",
        "      b = 2;",
        "    };",
        "}",
      ),
    },
    {
      name: "a comment before the body of `with x;`",
      input: "{ meta = with lib;\n# the attributes\n{ a = 1; b = 2; }; }",
      expected: nix(
        "{",
        "  meta =",
        "    with lib;",
        "    # the attributes",
        "    {",
        "      a = 1;",
        "      b = 2;",
        "    };",
        "}",
      ),
    },
    {
      name: "a comment after `assert c;` stays there",
      input: "assert a; # why\nb",
      expected: nix("assert a; # why", "b"),
    },
    {
      name: "a simple call may still break inside its parenthesized last argument",
      input:
        '{ a = builtins.trace "a message that is quite long, so long that the line goes past the width" (abort "now"); }',
      expected: nix(
        "{",
        '  a = builtins.trace "a message that is quite long, so long that the line goes past the width" (',
        '    abort "now"',
        "  );",
        "}",
      ),
    },
    {
      name: "a simple call stays on one line however long",
      input:
        '{ a = builtins.trace "a message that is quite long, so long that the line goes past the width" value; }',
      expected: nix(
        "{",
        '  a = builtins.trace "a message that is quite long, so long that the line goes past the width" value;',
        "}",
      ),
    },
  ]);
});

describe("comments and strings", () => {
  check([
    {
      name: "empty lines between comments, and before the code, are kept",
      input: "{\n  # one   \n\n  # two\n\n  a = 1;\n}",
      expected: nix("{", "  # one", "", "  # two", "", "  a = 1;", "}"),
    },
    {
      name: "a block comment on one line is written as a line comment",
      input: "{\n  /* why */\n  a = 1; /* how */\n}",
      expected: nix("{", "  # why", "  a = 1; # how", "}"),
    },
    {
      name: "a longer block comment is re-indented under its opening",
      input: "/* A block\n * comment\n */\nx",
      expected: nix("/*", "  A block", "  comment", "*/", "x"),
    },
    {
      name: "an empty line after `in` is kept",
      input: "let\n  a = 1;\nin\n\na",
      expected: nix("let", "  a = 1;", "in", "", "a"),
    },
    {
      name: "a comment ending an item's line stays on it",
      input: "[\n  a # first\n  b\n]",
      expected: nix("[", "  a # first", "  b", "]"),
    },
    {
      // nixfmt's own test of bindings writes `a = 1 /*d*/;` so.
      name: "a comment after a value, before `;`, stays there, `;` below it",
      input: "{\n  a = 1 # one\n  ;\n  b = 1 /* two */;\n}",
      expected: nix("{", "  a = 1 # one", "  ;", "  b = 1 # two", "  ;", "}"),
    },
    {
      name: "a comment after a binding breaks its set",
      input: "[ { a = 123; # why\n} ]",
      expected: nix("[", "  {", "    a = 123; # why", "  }", "]"),
    },
    {
      name: "simple code in an interpolation stays on one line",
      input:
        '{ a = "some text that is surely long enough ${lib.concatStringsSep ", " x.items} and then more text after it"; }',
      expected: nix(
        "{",
        '  a = "some text that is surely long enough ${lib.concatStringsSep ", " x.items} and then more text after it";',
        "}",
      ),
    },
    {
      name: "longer code in an interpolation goes between line breaks",
      input:
        '{ a = "some text that is surely long enough ${concatMapStringsSep "\\n" (x: x.name) list} and then more text"; }',
      expected: nix(
        "{",
        '  a = "some text that is surely long enough ${',
        '    concatMapStringsSep "\\n" (x: x.name) list',
        '  } and then more text";',
        "}",
      ),
    },
  ]);
});

describe("line width, as nixfmt measures it", () => {
  check([
    {
      name: "a line's indentation does not count against the width",
      input:
        "{ a = { b = { c = builtins.someFunction argumentNumberOne argumentNumberTwo argumentNumberThree argumentNumber4; }; }; }",
      expected: nix(
        "{",
        "  a = {",
        "    b = {",
        "      c = builtins.someFunction argumentNumberOne argumentNumberTwo argumentNumberThree argumentNumber4;",
        "    };",
        "  };",
        "}",
      ),
    },
    {
      name: "a character beyond ASCII takes one column",
      input:
        '{ c = builtins.someFunction "中文中文中文中文中文中文中文中文中文中文" argumentNumberTwo argumentNumberThree ab; }',
      expected: nix(
        '{ c = builtins.someFunction "中文中文中文中文中文中文中文中文中文中文" argumentNumberTwo argumentNumberThree ab; }',
      ),
    },
  ]);
});

describe("a comment ending a line, as nixfmt measures the line", () => {
  // `assert`, the condition and `;` take 100 columns, 99 in the second case:
  // the space before the comment counts against the width, the comment not.
  const condition = (text: string): string => `(describe (pairOf num text)).summary == "${text}"`;
  const full = condition("a pair of (a number and a text), as shown to users");
  const shorter = condition("a pair of (a number and a text), as shown to user");
  check([
    {
      name: "a line of exactly the width then breaks",
      input: `x:\nassert ${full}; # c\nx`,
      expected: nix("x:", "assert", `  ${full}; # c`, "x"),
    },
    {
      name: "a line a column shorter stays",
      input: `x:\nassert\n  ${shorter}; # c\nx`,
      expected: nix("x:", `assert ${shorter}; # c`, "x"),
    },
  ]);
});

describe("a set after `with`", () => {
  // nixfmt absorbs `with x; {` after `=`, `(`, `x:` and `${` (its `absorbExpr`);
  // elsewhere the line break before the body is the enclosing group's.
  const set = ["  a = 1;", "  b = 2;", "}"];
  check([
    {
      name: "goes below `with` after a pattern written above it",
      input: nix("{ lib, ... }:", "with lib; {", ...set),
      expected: nix("{ lib, ... }:", "with lib;", "{", ...set),
    },
    {
      name: "goes below `with` after `in`",
      input: "let x = { }; in with x; { a = 1; b = 2; }",
      expected: nix("let", "  x = { };", "in", "with x;", "{", ...set),
    },
    {
      name: "opens on the line of `with` after a name and `:`",
      input: "x: with x; { a = 1; b = 2; }",
      expected: nix("x: with x; {", ...set),
    },
    {
      name: "opens on the line of `with` alone in `${ }`",
      input: '"${with x; { a = 1; b = 2; }}"',
      expected: nix('"${with x; {', ...set.slice(0, 2), '}}"'),
    },
  ]);
});

describe("an operation as an operand of another operator", () => {
  const names =
    '(name == ".svn" || name == "CVS" || name == ".hg" || name == "_darcs" || name == ".pijul")';
  const fewer = names.replace(' || name == ".pijul"', "");
  check([
    {
      name: "starts a line of its own, a level deeper, when it does not fit after the operator",
      input: `name == ".git" || kind == "directory" && ${names}`,
      expected: nix('name == ".git"', "||", '  kind == "directory"', `  && ${names}`),
    },
    {
      name: "stays after the operator when it fits",
      input: `name == ".git" || kind == "dir" && ${fewer}`,
      expected: nix('name == ".git"', `|| kind == "dir" && ${fewer}`),
    },
  ]);
});

describe("a string before the last argument, broken at its `${ }`", () => {
  // The call is not simple (three arguments): nixfmt expands the string
  // alone, when what follows fits after its `}` (code over 30 columns breaks).
  const code = "generators.toPretty { } someValue";
  check([
    {
      name: "opens on the line of the call when the rest fits after `}`",
      input: `warn value "the value \${${code}} is not valid and will be rejected later" true`,
      expected: nix(
        'warn value "the value ${',
        `  ${code}`,
        '} is not valid and will be rejected later" true',
      ),
    },
  ]);
});

describe("an indented string of several lines before the last argument", () => {
  // What follows the string must fit after its last line, as nixfmt measures
  // it (its indentation not counted): 96 columns, then `''` and ` (g b)`, do not.
  const last =
    "the last line of the string, long enough that the argument after it cannot follow it, not at all";
  check([
    {
      name: "goes on a line of its own when what follows does not fit after it",
      input: nix("f a ''", "  first line", `  ${last}'' (g b)`),
      expected: nix("f a", "  ''", "    first line", `    ${last}''`, "  (g b)"),
    },
    {
      name: "opens on the line of the call when it does",
      input: nix("f a", "  ''", "    first line", "    short'' (g b)"),
      expected: nix("f a ''", "  first line", "  short'' (g b)"),
    },
  ]);
});

describe("a call in parentheses, last argument of a broken call", () => {
  // nixfmt's `absorbLast`: `(` and `)` on lines of their own when the
  // parentheses do not fit on their line (here 101 columns), the call in them
  // on one line between.
  const a = "firstArgument.withSomeLongerSelection.path";
  const b = "secondArgument.withSomeLongerSelection.path.andMore.stillMore";
  const call =
    'g (x: y: if y == "/" && hasSuffix "/" x then x else x + y) "" (toList someOtherStrings.withAnExtra)';
  check([
    {
      name: "goes between `(` and `)` on lines of their own",
      input: `f ${a} ${b} (${call})`,
      expected: nix(`f ${a}`, `  ${b}`, "  (", `    ${call}`, "  )"),
    },
  ]);
});

describe("parentheses around a last argument or a value", () => {
  check([
    {
      name: "a last argument in parentheses that spans lines puts them on lines of their own",
      input: "f aaa (g.h { a = 1; b = 2; })",
      expected: nix("f aaa (", "  g.h {", "    a = 1;", "    b = 2;", "  }", ")"),
    },
    {
      name: "a named function applied to a set opens on the line of its parenthesis",
      input: "f aaa (g { a = 1; b = 2; })",
      expected: nix("f aaa (g {", "  a = 1;", "  b = 2;", "})"),
    },
    {
      name: "a value in parentheses that spans lines puts them on lines of their own",
      input: "{ x = (g { a = 1; b = 2; }); }",
      expected: nix(
        "{",
        "  x = (",
        "    g {",
        "      a = 1;",
        "      b = 2;",
        "    }",
        "  );",
        "}",
      ),
    },
  ]);
});

describe("arguments of a call", () => {
  check([
    {
      name: "an argument before the last is expanded in place when the rest fits after it",
      input:
        "{ missingOutputs = builtins.filter (output: !builtins.elem output someRatherLongListOfActualOutputs) expectedOutputsOfTheDerivation; }",
      expected: nix(
        "{",
        "  missingOutputs = builtins.filter (",
        "    output: !builtins.elem output someRatherLongListOfActualOutputs",
        "  ) expectedOutputsOfTheDerivation;",
        "}",
      ),
    },
    {
      name: "an argument before the last is not expanded when the rest does not fit after it",
      input:
        '{ missingOutputs = builtins.filter (output: !builtins.elem output actualOutputs) "a string long enough not to fit after the closing parenthesis, which is quite long, really long indeed"; }',
      expected: nix(
        "{",
        "  missingOutputs =",
        "    builtins.filter (output: !builtins.elem output actualOutputs)",
        '      "a string long enough not to fit after the closing parenthesis, which is quite long, really long indeed";',
        "}",
      ),
    },
    {
      name: "a call that does not fit after `=` puts its last argument below it, though the call would fit there",
      input:
        '{ rust-channel-of-the-version = assertEqual (rustChannelOf { channel = "1.48.0"; }).rustc stable."1.48.0".rustc; }',
      expected: nix(
        "{",
        "  rust-channel-of-the-version =",
        '    assertEqual (rustChannelOf { channel = "1.48.0"; }).rustc',
        '      stable."1.48.0".rustc;',
        "}",
      ),
    },
    {
      name: "so does a call of names whose last argument does not fit after `=` with the others",
      input:
        '{ someAttributeName = lib.someFunctionName argumentNumberOne argumentNumberTwo "a string that makes the line long"; }',
      expected: nix(
        "{",
        "  someAttributeName =",
        "    lib.someFunctionName argumentNumberOne argumentNumberTwo",
        '      "a string that makes the line long";',
        "}",
      ),
    },
    {
      name: "a simple call (two simple arguments) stays on the line of `=`, however long",
      input:
        '{ someAttributeName = lib.someFunctionName argumentNumberOne "a string that makes the line long enough to break"; }',
      expected: nix(
        "{",
        '  someAttributeName = lib.someFunctionName argumentNumberOne "a string that makes the line long enough to break";',
        "}",
      ),
    },
    {
      name: "a list of simple items before the last argument stays on one line",
      input: 'f [ "a" "b" ] x',
      expected: nix('f [ "a" "b" ] x'),
    },
    {
      name: "two lists at the end stay on one line together, or each goes on one",
      input:
        'lib.mkRenamedOptionModule [ "services" "xserver" "displayManager" "sddm" "enableSomething" ] [ "services" "displayManager" "sddm" "enable" ]',
      expected: nix(
        "lib.mkRenamedOptionModule",
        '  [ "services" "xserver" "displayManager" "sddm" "enableSomething" ]',
        '  [ "services" "displayManager" "sddm" "enable" ]',
      ),
    },
    {
      name: "two lists at the end inside parentheses that fit stay on one line",
      input: "(f [ ] [ rhs lhs ])",
      expected: nix("(f [ ] [ rhs lhs ])"),
    },
    {
      name: "two arguments that cannot be flat go one per line",
      input: "f { a = 1; b = 2; } { c = 1; d = 2; }",
      expected: nix(
        "f",
        "  {",
        "    a = 1;",
        "    b = 2;",
        "  }",
        "  {",
        "    c = 1;",
        "    d = 2;",
        "  }",
      ),
    },
    {
      name: "a simple call in parentheses is never broken",
      input:
        '(badge "https://github.com/maralorn/haskell-taskwarrior/actions/workflows/haskell.yml/badge.svg" "https://github.com/maralorn/haskell-taskwarrior/actions")',
      expected: nix(
        '(badge "https://github.com/maralorn/haskell-taskwarrior/actions/workflows/haskell.yml/badge.svg" "https://github.com/maralorn/haskell-taskwarrior/actions")',
      ),
    },
  ]);
});

describe("soft lines", () => {
  check([
    {
      // Each default is nested in the one before: each line it breaks onto goes deeper.
      name: "a chain of `or` defaults fills lines",
      input: `(${Array<string>(16).fill("aaaa.bbbb").join(" or ")})`,
      expected: nix(
        "(aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb",
        "  or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb or aaaa.bbbb",
        "    or aaaa.bbbb or aaaa.bbbb",
        ")",
      ),
    },
    {
      name: "`or` moves to the next line when its default, which fits on a line, does not fit after it",
      input:
        "{ bitAnd = builtins.bitAnd or (import ./zip-int-bits.nix (a: b: if a == 1 && b == 1 then 1 else 0 + someMoreText)); }",
      expected: nix(
        "{",
        "  bitAnd =",
        "    builtins.bitAnd",
        "      or (import ./zip-int-bits.nix (a: b: if a == 1 && b == 1 then 1 else 0 + someMoreText));",
        "}",
      ),
    },
  ]);
});

describe("assertions", () => {
  check([
    {
      name: "a long condition goes below `assert`",
      input:
        'assert pipewireSupport -> !waylandSupport || !webrtcSupport -> throw "${pname}: pipewireSupport requires both wayland and webrtc support, and then some."; x',
      expected: nix(
        "assert",
        "  pipewireSupport",
        "  -> !waylandSupport || !webrtcSupport",
        '  -> throw "${pname}: pipewireSupport requires both wayland and webrtc support, and then some.";',
        "x",
      ),
    },
    {
      name: "a comparison stays after the set it compares, below `assert`",
      input: "assert getErrors { a = 1; b = 2; } == [ ]; x",
      expected: nix("assert", "  getErrors {", "    a = 1;", "    b = 2;", "  } == [ ];", "x"),
    },
    {
      name: "a comment before `;` keeps `;` on the next line",
      input: "assert b # c\n;\nx",
      expected: nix("assert b # c", ";", "x"),
    },
    {
      name: "a comment after `;` stays after it",
      input: "assert b; # c\nx",
      expected: nix("assert b; # c", "x"),
    },
  ]);
});

describe("comments after `=`, `?`, `let` and `then`", () => {
  check([
    {
      name: "a comment on the line of `=` stays there",
      input: "{\n  b = # comment\n    f x;\n}",
      expected: nix("{", "  b = # comment", "    f x;", "}"),
    },
    {
      name: "a comment on the line of `=` below the name stays there, `=` goes up",
      input: "{\n  b\n  = # comment\n    f x;\n}",
      expected: nix("{", "  b = # comment", "    f x;", "}"),
    },
    {
      name: "a comment on the line of `?` stays there",
      input: "{\n  pos ? # where\n    null,\n}:\npos",
      expected: nix("{", "  pos ? # where", "    null,", "}:", "pos"),
    },
    {
      name: "a comment on the line of `let` stays there",
      input: "let # c\n  a = 1;\nin\na",
      expected: nix("let # c", "  a = 1;", "in", "a"),
    },
    {
      name: "a comment on the line of `then` stays there",
      input: "if a then # c\n  b\nelse\n  c",
      expected: nix("if a then # c", "  b", "else", "  c"),
    },
  ]);
});

describe("numbers", () => {
  // nixfmt keeps the text of an integer or float token as written (`Integer Text`).
  checkWithNix([
    {
      name: "an integer keeps its leading zeros",
      input: nix("{ a = 01; b = [ 007 ]; c = -00; d = 0.50; }"),
      expected: nix("{", "  a = 01;", "  b = [ 007 ];", "  c = -00;", "  d = 0.50;", "}"),
    },
    {
      // `1.a` would read as the float `1.` and then `a`: nixfmt keeps the space before `.`.
      name: "a number selected from keeps a space before `.`, without parentheses",
      input: nix("{ a = 1 .a; b = 42 .foo.bar or 0; c = 1.5 .x; d = .5 .y; }"),
      expected: nix(
        "{",
        "  a = 1 .a;",
        "  b = 42 .foo.bar or 0;",
        "  c = 1.5 .x;",
        "  d = .5 .y;",
        "}",
      ),
    },
  ]);
});

describe("comments after a unary operator", () => {
  // nixfmt's `pretty (Negation minus expr)` and `pretty (Inversion bang expr)`: the operator
  // with its trailing comment (a space, the comment, a line break), then the operand with the
  // trivia before it (a line break, then each comment and empty line), nothing nested.
  checkWithNix([
    {
      name: "a comment below `!` stays on a line of its own, an empty line after it too",
      input: nix("!", "# c", "", "a"),
      expected: nix("!", "# c", "", "a"),
    },
    {
      name: "a comment below `-`",
      input: nix("-", "# c", "", "a"),
      expected: nix("-", "# c", "", "a"),
    },
    {
      name: "an empty line before the comment below the operator",
      input: nix("!", "", "# c", "a"),
      expected: nix("!", "", "# c", "a"),
    },
    {
      name: "a comment ending the line of `!` stays there, after a space",
      input: nix("!# c", "a"),
      expected: nix("! # c", "a"),
    },
    {
      name: "a block comment ending the line of `-` becomes a line comment there",
      input: nix("- /* c */ 1"),
      expected: nix("- # c", "1"),
    },
    {
      name: "comments and empty lines after the comment ending the operator's line",
      input: nix("- # c", "", "# d", "1"),
      expected: nix("- # c", "", "# d", "1"),
    },
    {
      name: "after the second of two operators",
      input: nix("! ! # c", "", "a"),
      expected: nix("!! # c", "", "a"),
    },
    {
      name: "between two operators in parentheses in a list",
      input: nix("[ (!", "# c", "", "! a) ]"),
      expected: nix("[", "  (", "    !", "    # c", "", "    !a", "  )", "]"),
    },
    {
      name: "below the second of two operators in parentheses in a list",
      input: nix("[ (! !", "# c", "", "a) ]"),
      expected: nix("[", "  (", "    !!", "    # c", "", "    a", "  )", "]"),
    },
    {
      name: "after `=`, the negation starts below it",
      input: nix("{ x = ! # c", " a; }"),
      expected: nix("{", "  x =", "    ! # c", "    a;", "}"),
    },
  ]);
});

describe("interpolations and parentheses with comments", () => {
  check([
    {
      name: "an interpolation in an attribute path with comments goes between line breaks",
      input: "a.${/*b*/c}",
      expected: nix("a.${", "  # b", "  c", "}"),
    },
    {
      name: "a string in parentheses after a comment starts on the line after `(`",
      input: "{ o = ( # c\n    ''\n      x\n    ''); }",
      expected: nix("{", "  o = (", "    # c", "    ''", "      x", "    ''", "  );", "}"),
    },
  ]);
});

describe("language annotations", () => {
  check([
    {
      name: "a comment naming a language stays before its string, on the string's line",
      input: "{\n  luaScript = /* lua */ ''\n    print(1)\n  '';\n  json = /*json*/ \"{}\";\n}",
      expected: nix(
        "{",
        "  luaScript = /* lua */ ''",
        "    print(1)",
        "  '';",
        '  json = /* json */ "{}";',
        "}",
      ),
    },
    {
      name: "an annotated string in parentheses as a last argument opens on the line of `(`",
      input: "builtins.readFile (/* lua */ ''\n  return 1\n'')",
      expected: nix("builtins.readFile (/* lua */ ''", "  return 1", "'')"),
    },
  ]);
});

describe("comments among inherited names", () => {
  check([
    {
      name: "comments above names, after names and before `;` stay there",
      input: "{\n  inherit (lib)\n    # first\n    a # after a\n    b\n    # last\n    ;\n}",
      expected: nix(
        "{",
        "  inherit (lib)",
        "    # first",
        "    a # after a",
        "    b",
        "    # last",
        "    ;",
        "}",
      ),
    },
    {
      name: "a comment on the line of `inherit` stays there, and names keep their empty lines",
      input: "{\n  inherit # names\n    a\n\n\n    b c;\n}",
      expected: nix("{", "  inherit # names", "    a", "", "    b", "    c", "    ;", "}"),
    },
    {
      name: "without comments or empty lines, a short inherit stays on one line",
      input: "{ inherit a b; }",
      expected: nix("{ inherit a b; }"),
    },
  ]);
});

describe("comments around `then` and `else`", () => {
  check([
    {
      name: "a comment on the line of `then` stays there; one before or on the line of `else` goes above it",
      input:
        "(\n  if\n    a # on a\n  then # on then\n    b\n  # before else\n  else # on else\n    c\n)",
      expected: nix(
        "(",
        "  if",
        "    a # on a",
        "  then # on then",
        "    b",
        "  # before else",
        "  # on else",
        "  else",
        "    c",
        ")",
      ),
    },
    {
      name: "a comment on a line before `then` stays before it",
      input: nix("(if a", "  # c", "  then b else d)"),
      expected: nix("(", "  if", "    a", "  # c", "  then", "    b", "  else", "    d", ")"),
    },
  ]);
});

describe("regions between `/*nixfmt:disable*/` and `/*nixfmt:enable*/`", () => {
  /** A region's lines, which fmt must print exactly as they are. */
  const region = [
    "/*nixfmt:disable*/",
    "  b    =    2;",
    "",
    "",
    "    c    =    3;",
    "  /*nixfmt:enable*/  ",
  ];
  /** A region around an operand, between two operators. */
  const operand = ["/*nixfmt:disable*/", "  [ 2    3 ]", "/*nixfmt:enable*/"];
  /** A region opened twice: the second disable opens nothing more. */
  const twice = ["/*nixfmt:disable*/", "/*nixfmt:disable*/", "  a   =   1;", "/*nixfmt:enable*/"];
  check([
    {
      name: "the lines of a region stay as written, directives and blanks included; the rest is formatted",
      input: nix("{", "  a   =   1;", ...region, "  d   =   4;", "}"),
      expected: nix("{", "  a = 1;", ...region, "  d = 4;", "}"),
    },
    {
      name: "list items in a region keep their own line breaks",
      input: nix("[", "  /*nixfmt:disable*/", '  "a"   "b"', "  /*nixfmt:enable*/", "]"),
      expected: nix("[", "  /*nixfmt:disable*/", '  "a"   "b"', "  /*nixfmt:enable*/", "]"),
    },
    {
      name: "a region may start after an operator and end before one",
      input: nix("[ 1 ]", "++", ...operand, "++   [ 4 ]"),
      expected: nix("[ 1 ]", "++", ...operand, "++ [ 4 ]"),
    },
    {
      name: "a disable inside an open region opens nothing more",
      input: nix("{", ...twice, "  b   =   2;", "}"),
      expected: nix("{", ...twice, "  b = 2;", "}"),
    },
    {
      name: "an enable with no region open stays as written",
      input: nix("/*nixfmt:enable*/", "{ a   =   1; }"),
      expected: nix("/*nixfmt:enable*/", "{ a = 1; }"),
    },
    {
      name: "a directive not alone on its line is an ordinary comment",
      input: nix("[  /*nixfmt:disable*/", "  1   2", "  /*nixfmt:enable*/", "]"),
      expected: nix("[", "  # nixfmt:disable", "  1", "  2", "  /*nixfmt:enable*/", "]"),
    },
    {
      name: "a region may be a branch of `if`, between `then` and `else`",
      input: nix("if c then", ...operand, "else   2"),
      expected: nix("if c then", ...operand, "else", "  2"),
    },
    {
      name: "a region may be the body of `with`, and end before the `;` of a binding",
      input: nix("{", "  a = with b;", ...operand, "  ;", "  c   =   1;", "}"),
      expected: nix("{", "  a =", "    with b;", ...operand, "  ;", "  c = 1;", "}"),
    },
    {
      name: "a region may cut through a set pattern written with leading commas",
      input: nix("{ a", "/*nixfmt:disable*/", ", b    ? 3", "/*nixfmt:enable*/", ", c", "}: a"),
      expected: nix(
        "{",
        "  a",
        "/*nixfmt:disable*/",
        ", b    ? 3",
        "/*nixfmt:enable*/",
        "  ,",
        "  c,",
        "}:",
        "a",
      ),
    },
    {
      name: "a region may be the code of an interpolation, up to its `}`",
      input: nix("''", "  a ${", ...operand, "  } b", "''"),
      expected: nix("''", "  a ${", ...operand, "  } b", "''"),
    },
    {
      name: "a region never closed runs to the end of the file, which ends as it did",
      input: "{\n  a   =   1;\n/*nixfmt:disable*/\n  b    =    2;\n}",
      expected: "{\n  a = 1;\n/*nixfmt:disable*/\n  b    =    2;\n}",
    },
    {
      name: "a comment in a region after a comma is printed with the region only",
      input: nix(
        "{ a",
        "/*nixfmt:disable*/",
        ", /* c */",
        "  b    ? 3",
        "/*nixfmt:enable*/",
        ", c",
        "}: a",
      ),
      expected: nix(
        "{",
        "  a",
        "/*nixfmt:disable*/",
        ", /* c */",
        "  b    ? 3",
        "/*nixfmt:enable*/",
        "  ,",
        "  c,",
        "}:",
        "a",
      ),
    },
    {
      name: "a comment after the comma of a formal in a region, below it, is kept",
      input: nix("{ a", "/*nixfmt:disable*/", "  , b", "/*nixfmt:enable*/", "  , # c", "}: 1"),
      expected: nix(
        "{",
        "  a",
        "/*nixfmt:disable*/",
        "  , b",
        "/*nixfmt:enable*/",
        "  , # c",
        "}:",
        "1",
      ),
    },
    {
      name: "a comment ending the last line of a region never closed is printed with it only",
      input: "{\n  a   =   1;\n/*nixfmt:disable*/\n  b    =    2;\n} # c\n",
      expected: "{\n  a = 1;\n/*nixfmt:disable*/\n  b    =    2;\n} # c\n",
    },
    {
      name: "a file in a region is kept as it is",
      input: "/*nixfmt:disable*/\n{\n  a   =   1;\n}\n\n",
      expected: "/*nixfmt:disable*/\n{\n  a   =   1;\n}\n\n",
    },
  ]);
});

describe("comments around operators", () => {
  check([
    {
      name: "comments on the lines after an operator stay after it, a level deeper with the operand",
      input: nix("a", "++", "# the rest", "b"),
      expected: nix("a", "++", "  # the rest", "  b"),
    },
    {
      name: "a comment after an operator on its line goes above it",
      input: nix("a ++ # c", "  b"),
      expected: nix("a", "# c", "++ b"),
    },
    {
      name: "an operation after comments is still part of the chain, the comments with its first operand",
      input: nix("a", "++", "# c", "b ++ c"),
      expected: nix("a", "++", "  # c", "  b", "++ c"),
    },
    {
      name: "comments before an operator stay before it",
      input: nix("a", "# c", "++ b"),
      expected: nix("a", "# c", "++ b"),
    },
    {
      name: "an empty line before the comments before an operator is kept",
      input: nix("a", "++ b", "", "# c", "++ d"),
      expected: nix("a", "++ b", "", "# c", "++ d"),
    },
  ]);
});

describe("comments above `else`", () => {
  check([
    {
      name: "an empty line after the `then` branch is kept before the comments above `else`",
      input: nix("if a then", "  b", "", "# c", "else if d then e", "", "  # f", "  else", "  g"),
      expected: nix(
        "if a then",
        "  b",
        "",
        "# c",
        "else if d then",
        "  e",
        "",
        "# f",
        "else",
        "  g",
      ),
    },
  ]);
});

describe("empty comments", () => {
  check([
    {
      name: "block comments with nothing but blanks inside are dropped",
      input: nix("[", "  (a.b/**/or/**/c)", "  /* */", "  1 /** */", "  /***/", "  2", "]"),
      expected: nix("[", "  (a.b or c)", "  1", "  2", "]"),
    },
  ]);
});

describe("indented strings of one line", () => {
  check([
    {
      name: "are written double-quoted, without the indentation, unless they hold a quote or a backslash",
      input: nix("[", "  ''''", "  ''  a b ${x} ''", "  ''a\"b''", "  ''a\\nb''", "]"),
      expected: nix("[", '  ""', '  "a b ${x} "', "  ''a\"b''", "  ''a\\nb''", "]"),
    },
  ]);
});

describe("set patterns written with leading commas", () => {
  check([
    {
      name: "an empty line before a comma is kept before the formal after it",
      input: nix("{ lib", ", pkgs", "", "# build time", ", autoconf", "", ", cargo", "}: lib"),
      expected: nix(
        "{",
        "  lib,",
        "  pkgs,",
        "",
        "  # build time",
        "  autoconf,",
        "",
        "  cargo,",
        "}:",
        "lib",
      ),
    },
  ]);
});

describe("comments after code on their line", () => {
  check([
    {
      name: "a one-line block comment followed by more code stays at the end of the line",
      input: nix("[ b /*c*/ d /*e*/ ]"),
      expected: nix("[", "  b # c", "  d # e", "]"),
    },
    {
      name: "a line comment above a comment at its column goes with it, below",
      input: nix("{", "  a = 1; # c", "         # d", "  b = 2;", "}"),
      expected: nix("{", "  a = 1;", "  # c", "  # d", "  b = 2;", "}"),
    },
    {
      name: "a line comment above code at its column goes with it, below",
      input: nix("[", "  a # c", "    b", "]"),
      expected: nix("[", "  a", "  # c", "  b", "]"),
    },
    {
      name: "an empty block comment does not hide the empty line after it",
      input: nix("[", "/**/", "", "  # a", "  1", "]"),
      expected: nix("[", "", "  # a", "  1", "]"),
    },
  ]);
});

describe("more comments where nixfmt puts them", () => {
  check([
    {
      name: "a comment at the end of a line is written with one space after its #",
      input: nix("[ a #c", "  b ]"),
      expected: nix("[", "  a # c", "  b", "]"),
    },
    {
      name: "a comment on the line of the first `if` goes above it",
      input: nix("if # c", "  x then 1 else 2"),
      expected: nix("# c", "if x then 1 else 2"),
    },
    {
      name: "a comment on the line of `{` comes first, the empty line after it stays after it",
      input: nix("{ # c", "", "  a = 1;", "  b = 2;", "}"),
      expected: nix("{", "  # c", "", "  a = 1;", "  b = 2;", "}"),
    },
    {
      name: "a line with an empty comment is no empty line before the comments above `else`",
      input: nix("(if a then", "  b # t", "  /**/", "  else # e", "  c)"),
      expected: nix("(", "  if a then", "    b # t", "  # e", "  else", "    c", ")"),
    },
  ]);
});

describe("values after a comment on the line of `=`, and empty `let`", () => {
  check([
    {
      name: "an empty line after the comment stays",
      input: nix("{", "  a = # c", "", "    1;", "}"),
      expected: nix("{", "  a = # c", "", "    1;", "}"),
    },
    {
      name: "a set below the comment is expanded, as a value",
      input: nix("{ a = /* json */ { k = 1; }; }"),
      expected: nix("{", "  a = # json", "    {", "      k = 1;", "    };", "}"),
    },
    {
      name: "a call with a comment ending the line of an argument starts below `=`",
      input: nix("{ x = f a # c", "  b; }"),
      expected: nix("{", "  x =", "    f a # c", "      b;", "}"),
    },
    {
      name: "a language annotation after code stays before its string",
      input: nix('{ a = f /* lua */ "x"; }'),
      expected: nix('{ a = f /* lua */ "x"; }'),
    },
    {
      name: "an empty `let` has no empty line before `in`",
      input: nix("let", "in", "x"),
      expected: nix("let", "in", "x"),
    },
  ]);
});

describe("comments around `assert` and its `;`", () => {
  check([
    {
      name: "a comment before the `;` puts the `;` on the next line",
      input: nix("(assert x /* c */; y)"),
      expected: nix("(", "  assert x # c", "  ;", "  y", ")"),
    },
    {
      name: "a comment after the `;` stays after it",
      input: nix("(assert x; /* d */ y)"),
      expected: nix("(", "  assert x; # d", "  y", ")"),
    },
    {
      name: "a comment on the line of `assert`, after it, goes above it",
      input: nix("(assert /* a */ x; y)"),
      expected: nix("(", "  # a", "  assert x;", "  y", ")"),
    },
  ]);
});

describe("comments around `or`", () => {
  check([
    {
      name: "a comment before `or` ends the line before it",
      input: nix("(x.a or y.b # c", "  or z)"),
      expected: nix("(x.a or y.b # c", "  or z", ")"),
    },
    {
      // The default is nested as deep as `or`, which was placed on the line of `(`.
      name: "a comment after `or` ends its line, the default below",
      input: nix("(x.a or # c", "  z)"),
      expected: nix("(x.a or # c", "z", ")"),
    },
  ]);
});

describe("comments around the commas and the `...` of a set pattern", () => {
  check([
    {
      name: "a comment after `...` stays on its line",
      input: nix("({ a, ... /* c */ }: a)"),
      expected: nix("(", "  {", "    a,", "    ... # c", "  }:", "  a", ")"),
    },
    {
      name: "a comment after a comma ends the formal's line",
      input: nix("({ a, /* c */ b }: a)"),
      expected: nix("(", "  {", "    a, # c", "    b,", "  }:", "  a", ")"),
    },
    {
      name: "with comments before and after a comma, the comma starts a line",
      input: nix("({ a /* c */ , /* d */ b }: a)"),
      expected: nix("(", "  {", "    a # c", "    , # d", "    b,", "  }:", "  a", ")"),
    },
    {
      name: "an empty line before `...` is kept",
      input: nix("{ a", "", ", ... }:", "a"),
      expected: nix("{", "  a,", "", "  ...", "}:", "a"),
    },
    {
      name: "a comment above `...` stays above it",
      input: nix("{", "  a,", "  # c", "  ...", "}:", "a"),
      expected: nix("{", "  a,", "  # c", "  ...", "}:", "a"),
    },
  ]);
});

describe("comments one after another on the line of code", () => {
  check([
    {
      name: "are one comment, their texts joined",
      input: nix("[ a /* b */ # c", "]"),
      expected: nix("[", "  a # b c", "]"),
    },
    {
      name: "but for a language annotation, which stays with its string",
      input: nix("{ x = /* a */ /* bash */ ''", "  b", "''; }"),
      expected: nix("{", "  x = # a", "    /* bash */ ''", "      b", "    '';", "}"),
    },
  ]);
});

describe("a comment after the function a call starts with", () => {
  check([
    {
      name: "goes above the call",
      input: nix("(f # c", "  a)"),
      expected: nix("(", "  # c", "  f a", ")"),
    },
    {
      name: "a language annotation before a call after `=` stays before its string",
      input: nix('{ x = /* bash */ "a" b; }'),
      expected: nix('{ x = /* bash */ "a" b; }'),
    },
    {
      name: "goes above the call after `=`, below a language annotation",
      input: nix('{ x = /* bash */ "a" # c', "  b; }"),
      expected: nix("{", "  x =", "    # c", '    /* bash */ "a" b;', "}"),
    },
  ]);
});

describe("comments before `)`", () => {
  check([
    {
      name: "stay inside the parentheses, `)` on a line of its own",
      input: nix("f (a", "  # c", ")"),
      expected: nix("f (", "  a", "  # c", ")"),
    },
    {
      name: "stay inside parentheses around a value",
      input: nix("{ x = (a", "  # c", "); }"),
      expected: nix("{", "  x = (", "    a", "    # c", "  );", "}"),
    },
  ]);
});

describe("a call alone in `${ }` on a line of a string", () => {
  const long =
    'map (e: "iifname ${e.upstreamInterface} tcp dport ${toString e.sourcePort}") portMap';
  check([
    {
      name: "is laid out as in parentheses",
      input: nix(`"\${concatStringsSep "\\n" (${long})}"`),
      expected: nix('"${concatStringsSep "\\n" (', `  ${long}`, ')}"'),
    },
    {
      name: "its lines indented under the `${` in an indented string",
      input: nix("''", "  a", `    \${concatStringsSep "\\n" (${long})}`, "''"),
      expected: nix("''", "  a", '    ${concatStringsSep "\\n" (', `      ${long}`, "    )}", "''"),
    },
  ]);
});

describe("a simple call with a string last", () => {
  check([
    {
      name: "breaks the string at an interpolation when too long",
      input: nix(
        'throw "Dependency is not of a valid type: ${concatMapStrings (ix: "element ${toString ix} of ") ([ index ] ++ positions)}${name}"',
      ),
      expected: nix(
        'throw "Dependency is not of a valid type: ${',
        '  concatMapStrings (ix: "element ${toString ix} of ") ([ index ] ++ positions)',
        '}${name}"',
      ),
    },
  ]);
});

describe("an empty line before the `}` of an interpolation", () => {
  check([
    {
      name: "is kept, the code on a line of its own",
      input: nix('f "${', "    a", "", '}"'),
      expected: nix('f "${', "  a", "", '}"'),
    },
  ]);
});

describe("code in an interpolation on an indented line of a string", () => {
  check([
    {
      name: "is indented under the line's text",
      input: nix(
        "''",
        "  a",
        "    'domains' => ${writePhpArray ([ cfg.hostName ] ++ c.extraTrustedDomains ++ c.moreTrustedDomainsFromElsewhere)},",
        "''",
      ),
      expected: nix(
        "''",
        "  a",
        "    'domains' => ${",
        "      writePhpArray ([ cfg.hostName ] ++ c.extraTrustedDomains ++ c.moreTrustedDomainsFromElsewhere)",
        "    },",
        "''",
      ),
    },
  ]);
});

describe("a simple interpolation that spans lines", () => {
  check([
    {
      name: "stays right after `${`: a string of several lines",
      input: nix("\"a ${\"b ${''", "  c", "''}\"}\""),
      expected: nix("\"a ${\"b ${''", "  c", "''}\"}\""),
    },
  ]);
});

describe("a value after a long name that is not plain", () => {
  const name = String.raw`"~ ^\\/(?:index|remote|public|cron|core\\/ajax\\/update|status|ocs\\/v[12]|updater\\/.+)\\.php(?:$|\\/)"`;
  // A short name that is not plain keeps its value on the line of `=`.
  const short = ['  "b" = {', "    a = 1;", "  };", "}"];
  check([
    {
      name: "goes below `=` when the line of `=` does not fit",
      input: nix("{", `  ${name} = {`, "    a = 1;", "  };", ...short),
      expected: nix("{", `  ${name} =`, "    {", "      a = 1;", "    };", ...short),
    },
    {
      name: "goes below `=` when the name spans lines",
      input: nix("{", "  ${if c then a # x", '  else "b"} = f true;', "}"),
      expected: nix(
        "{",
        "  ${",
        "    if c then",
        "      a # x",
        "    else",
        '      "b"',
        "  } =",
        "    f true;",
        "}",
      ),
    },
  ]);
});

describe("a function of several names in parentheses, last argument", () => {
  check([
    {
      name: "starts on the line after `(`",
      input: nix("f (self: super: {", "  a = 1;", "})"),
      expected: nix("f (", "  self: super: {", "    a = 1;", "  }", ")"),
    },
    {
      name: "unlike a function of one name",
      input: nix("f (self: {", "  a = 1;", "})"),
      expected: nix("f (self: {", "  a = 1;", "})"),
    },
  ]);
});

describe("comments before the source of `inherit`", () => {
  check([
    {
      name: "put it on a line of its own inside the parentheses",
      input: nix("{ inherit (", "  # c", "  f a) b; }"),
      expected: nix(
        "{",
        "  inherit",
        "    (",
        "      # c",
        "      f a",
        "    )",
        "    b",
        "    ;",
        "}",
      ),
    },
  ]);
});

describe("a comment ending the line of the `(` of an operand", () => {
  check([
    {
      name: "goes above the `(`, on the line after the operator",
      input: nix("x: x == { } || ( # accept an empty set", "  isDerivation x && x ? meta)"),
      expected: nix(
        "x:",
        "x == { }",
        "||",
        "  # accept an empty set",
        "  (isDerivation x && x ? meta)",
      ),
    },
    {
      name: "stays inside when the next line continues at its column",
      input: nix("x: x == { } || ( # accept", "                 isDerivation x && x ? meta)"),
      expected: nix("x:", "x == { }", "|| (", "  # accept", "  isDerivation x && x ? meta", ")"),
    },
  ]);
});

describe("a URI is laid out as the string it is printed as", () => {
  check([
    {
      name: "after `=`, it stays on the line, however long",
      input:
        "{ src = fetchurl { url = http://www.example.org/downloads/linux-from-scratch/9.0/some-of-the-bootscripts-20190524.tar.xz; hash = h; }; }",
      expected: nix(
        "{",
        "  src = fetchurl {",
        '    url = "http://www.example.org/downloads/linux-from-scratch/9.0/some-of-the-bootscripts-20190524.tar.xz";',
        "    hash = h;",
        "  };",
        "}",
      ),
    },
  ]);
});

describe("a call with an argument below comments", () => {
  check([
    {
      name: "each argument after the commented one starts a line",
      input: nix("f a", "  # about b", "  b c"),
      expected: nix("f a", "  # about b", "  b", "  c"),
    },
  ]);
});

describe("a call in parentheses whose function spans lines", () => {
  check([
    {
      name: "starts the line after `(`, its arguments below the function",
      input: nix("[ ((", "  # the function", "  g) b c) ]"),
      expected: nix(
        "[",
        "  (",
        "    (",
        "      # the function",
        "      g",
        "    )",
        "      b",
        "      c",
        "  )",
        "]",
      ),
    },
  ]);
});

describe("a string written as it is, of several lines, last in a call", () => {
  check([
    {
      // Its text starts on the line of `''` (so it cannot be re-indented):
      // nixfmt measures the line up to `''` and keeps the call after `+`.
      name: "stays on the line of the operator, however long its first line",
      input: nix(
        "c:",
        '"#!/bin/sh\\n"',
        "+ lib.optionalString (c ? implementation) ''${c.name}_cmd=''${c.name}_${c.implementation}_and_a_long_tail",
        "''",
      ),
      expected: nix(
        "c:",
        '"#!/bin/sh\\n"',
        "+ lib.optionalString (c ? implementation) ''${c.name}_cmd=''${c.name}_${c.implementation}_and_a_long_tail",
        "''",
      ),
    },
  ]);
});

describe("a comment ending the line of `(`", () => {
  check([
    {
      name: "goes above the parentheses, as nixfmt moves it",
      input: nix("[ (/* b */ c) ((/* b */ c)) ]"),
      expected: nix("[", "  # b", "  (c)", "  (", "    # b", "    (c)", "  )", "]"),
    },
    {
      name: "goes above a selection and call the parentheses start",
      input: nix("(/* the function */ f a {", "  # values", "}).override b"),
      expected: nix("# the function", "(f a {", "  # values", "}).override", "  b"),
    },
    {
      name: "of an operand stays after the operator, the operand below it",
      input: nix("x: x == { } || ( # c", "  isDerivation x && x ? meta", ")"),
      expected: nix("x:", "x == { }", "||", "  # c", "  (isDerivation x && x ? meta)"),
    },
    {
      name: "goes above a set pattern too, for the `{` of the pattern",
      input: nix("({ /* a */ b, e, ... }: _)"),
      expected: nix("(", "  # a", "  { b, e, ... }: _", ")"),
    },
    {
      name: "stays inside around a binding's value",
      input: nix("{ o = ( # c", "  a b); }"),
      expected: nix("{", "  o = (", "    # c", "    a b", "  );", "}"),
    },
    {
      name: "stays inside around a last argument, the inner one's goes above",
      input: nix("f (/*a*/(/*b*/c/*d*/)/*e*/)"),
      expected: nix("f (", "  # a", "  # b", "  (", "    c # d", "  ) # e", ")"),
    },
  ]);
});

describe("comments before the `;` of a binding", () => {
  check([
    {
      name: "stay there, `;` on a line of its own, as nixfmt keeps them",
      input: nix("{ a = 1", "  # c", "  ; b = f x # d", "  # e", "  ; }"),
      expected: nix("{", "  a = 1", "  # c", "  ;", "  b = f x # d", "  # e", "  ;", "}"),
    },
  ]);
});

describe("comments inside a set pattern, where nixfmt keeps them", () => {
  check([
    {
      name: "before `?` and before `:`, each of those starting a line",
      input: nix("{", "  b", "  # x", "  ?", "  # y", "  null", "}", "# z", ":", "b"),
      expected: nix(
        "{",
        "  b",
        "    # x",
        "    ?",
        "      # y",
        "      null,",
        "}",
        "# z",
        ":",
        "b",
      ),
    },
    {
      name: "on the lines of a name, of `?`, of a default and of a comma",
      input: nix("{ b /* x */ ? /* y */ null /* z */ , /* w */ c }: b"),
      expected: nix("{", "  b  # x", "    ?  # y", "      null # z", "  , # w", "  c,", "}:", "b"),
    },
  ]);
});

describe("comments before the `}` of an interpolation", () => {
  check([
    {
      name: "stay there, the code on a line of its own",
      input: nix('"a ${b', "  # c", '}"'),
      expected: nix('"a ${', "  b", "  # c", '}"'),
    },
  ]);
});

describe("comments between a binding's name and its `=`", () => {
  check([
    {
      name: "stay there, `=` a level deeper below them",
      input: nix("{", "  domain", "  # foo", "  =", "  # bar", '  "x";', "}"),
      expected: nix("{", "  domain", "    # foo", "    =", "      # bar", '      "x";', "}"),
    },
    {
      name: "one on the line of a longer name comes one space after it",
      input: nix("{ pname/*b*/=/*c*/1; }"),
      expected: nix("{", "  pname # b", "    =  # c", "      1;", "}"),
    },
    {
      name: "one on the name's line ends it, as nixfmt writes it",
      input: nix("{ e = { a/*b*/= 1; }; h = { a/*b*/=/*c*/1; }; }"),
      expected: nix(
        "{",
        "  e = {",
        "    a  # b",
        "      = 1;",
        "  };",
        "  h = {",
        "    a  # b",
        "      =  # c",
        "        1;",
        "  };",
        "}",
      ),
    },
  ]);
});

describe("comments after `rec` and `with`, and closing a set pattern", () => {
  check([
    {
      name: "between `rec` and `{` stay there",
      input: nix("rec", "# foo", "{ a = 1; }"),
      expected: nix("rec", "# foo", "{", "  a = 1;", "}"),
    },
    {
      name: "between `with` and its code put the code a level deeper below them",
      input: nix("with", "# foo", "lib; a"),
      expected: nix("with", "  # foo", "  lib;", "a"),
    },
    {
      name: "on the line of `with` and after its `;` stay on those lines",
      input: nix("[ (with /*a*/ b; /*b*/ c) ]"),
      expected: nix("[", "  (", "    with # a", "      b; # b", "    c", "  )", "]"),
    },
    {
      name: "after the last formal of a pattern without `...` stay before `}`",
      input: nix("{", "a", "# foo", "}:", "a"),
      expected: nix("{", "  a,", "  # foo", "}:", "a"),
    },
  ]);
});

describe("the braces of a `rec` set", () => {
  // nixfmt's `prettySet` compares the lines of `{` and `}`, not of `rec`.
  check([
    {
      name: "on one line keep an empty set on it, after a comment that ends the line of `rec`",
      input: nix("rec /* c */ { }"),
      expected: nix("rec # c", "{ }"),
    },
    {
      name: "on two lines keep an empty set on two, with no empty line between",
      input: nix("rec # c", "{", "}"),
      expected: nix("rec # c", "{", "}"),
    },
    {
      name: "keep the comment after `rec` of an empty set that is a binding's value",
      input: nix("{ k = rec /* c */ { }; }"),
      expected: nix("{", "  k = rec # c", "  { };", "}"),
    },
    {
      name: "after a comment ending the line of `rec`, in a function's body, are laid out as written below it",
      input: nix("x: rec /* c */ { }"),
      expected: nix("x: rec # c", "{ }"),
    },
    {
      name: "on one line, below `rec`, keep a set of one binding on one line",
      input: nix("rec", "{ a = 1; }"),
      expected: nix("rec { a = 1; }"),
    },
  ]);
});

describe("comments on the line of `rec` and of a pattern's `:`", () => {
  check([
    {
      name: "stay on those lines, what follows below",
      input: nix("{ a }: # c", "rec # r", "{ b = a; }"),
      expected: nix("{ a }: # c", "rec # r", "{", "  b = a;", "}"),
    },
  ]);
});

describe("a comment ending the line of what a selection selects from", () => {
  check([
    {
      name: "stays there, the selected names on the next line",
      input: nix("{ x = constructors # c", ".extendable; y = 1; }"),
      expected: nix("{", "  x =", "    constructors # c", "    .extendable;", "  y = 1;", "}"),
    },
    {
      name: "after a number too, which needs no parentheses",
      input: nix("{ b = 42 # c", "  .bar; }"),
      expected: nix("{", "  b =", "    42 # c", "    .bar;", "}"),
    },
    {
      name: "as a block comment written before the `.`, and before `or`",
      input: nix("if a then b else message /* c */ .assertions or []"),
      expected: nix("if a then", "  b", "else", "  message # c", "  .assertions or [ ]"),
    },
  ]);
});

describe("a comment ending the line of what `?` tests", () => {
  check([
    {
      name: "stays there, `?` starting the next line as an operator does",
      input: nix("[ (a ? n || (a ? p && a /* c */ ? v)) ]"),
      expected: nix(
        "[",
        "  (",
        "    a ? n",
        "    || (",
        "      a ? p",
        "      && a # c",
        "      ? v",
        "    )",
        "  )",
        "]",
      ),
    },
  ]);
});

describe("a comment ending the line of the source of `inherit`, inside its parentheses", () => {
  check([
    {
      name: "ends the line after the `)`, the names below",
      input: nix("{ inherit (pkgs # c", ") a; }"),
      expected: nix("{", "  inherit (pkgs) # c", "    a", "    ;", "}"),
    },
    {
      name: "below comments, stays inside the parentheses; one after the `)` goes above the names",
      input: nix("{ inherit (# c", "pkgs # d", ") /* e */ getopt; }"),
      expected: nix(
        "{",
        "  inherit",
        "    (",
        "      # c",
        "      pkgs # d",
        "    )",
        "    # e",
        "    getopt",
        "    ;",
        "}",
      ),
    },
    {
      name: "with a comment before the first name on that line, both end it",
      input: nix("{ inherit (pkgs.haskell /* c */ .lib /* d */ ) overrideCabal; }"),
      expected: nix("{", "  inherit (pkgs.haskell.lib) # d # c", "    overrideCabal", "    ;", "}"),
    },
    {
      name: "goes above the `;` when no names follow",
      input: nix("{ inherit (pkgs /* c */ ); }"),
      expected: nix("{", "  inherit (pkgs)", "    # c", "    ;", "}"),
    },
  ]);
});

describe("a comment ending a line at the column where the next line starts", () => {
  check([
    {
      name: "moves a column to the right, so it still ends its line when read back",
      input: nix("{", "} # c", " ({ steps = { }; })"),
      expected: nix("{", "}  # c", "  ({ steps = { }; })"),
    },
    {
      name: "after a list in a call, the next argument below it",
      input: nix('[ (("${x}") [ coq ssreflect ] /* c */ [ { cases = [ ]; } ]) ]'),
      expected: nix(
        "[",
        "  (",
        '    ("${x}") [',
        "      coq",
        "      ssreflect",
        "    ]  # c",
        "      [ { cases = [ ]; } ]",
        "  )",
        "]",
      ),
    },
    {
      name: "stays where it is when the next line starts elsewhere",
      input: nix("{", "  a = 1; # c", "  b = 2;", "}"),
      expected: nix("{", "  a = 1; # c", "  b = 2;", "}"),
    },
  ]);
});

describe("a comment ending the line of a formal's default", () => {
  check([
    {
      name: "is the formal's, after the comma, the default laid out as below it",
      input: nix("{ pkgs ? import <nixpkgs> # c", "  {} # d", "}: 1"),
      expected: nix("{", "  pkgs ?", "    import <nixpkgs> # c", "      { }, # d", "}:", "1"),
    },
  ]);
});

describe("a comment moved above the code it is in goes above all that starts there", () => {
  check([
    {
      name: "after the `(` of a call's function, in a value: above the call",
      input: nix("{ x = (/* c */ r) a; }"),
      expected: nix("{", "  x =", "    # c", "    (r) a;", "}"),
    },
    {
      name: "after the `(` of an assertion's condition: above `assert`, as one on its line",
      input: nix("assert (# c", "  a); b"),
      expected: nix("# c", "assert (a);", "b"),
    },
    {
      name: "after the function of a call that is an operand: above the operation",
      input: nix("if isDerivation # c", " dep || dep then dep else throw"),
      expected: nix("if", "  # c", "  isDerivation dep || dep", "then", "  dep", "else", "  throw"),
    },
  ]);
});

describe("a comment ending a line of the code in an interpolation", () => {
  check([
    {
      name: "puts the code on lines of its own, so the comment stays before `}`",
      input: nix("''", "  ${f (''", "    x", "  '' # c", "  )}", "''"),
      expected: nix("''", "  ${", "    f (''", "      x", "    '') # c", "  }", "''"),
    },
    {
      name: "after the function of a call",
      input: nix('"a${f # c', ' x}b"'),
      expected: nix('"a${', "  # c", "  f x", '}b"'),
    },
  ]);
});

describe("a comment ending the line of a call an assertion's condition starts with", () => {
  check([
    {
      name: "is printed once, the call laid out as any call with a commented function",
      input: nix("assert assertMsg (x) # c", " (1) (2); 1"),
      expected: nix("assert", "  assertMsg (x) # c", "    (1)", "    (2);", "1"),
    },
  ]);
});

describe("a directive that stays as written around a comparison's operator", () => {
  check([
    {
      name: "before the operator, it stays alone on its line there",
      input: nix("a", "/*nixfmt:disable*/", "== b"),
      expected: nix("a", "/*nixfmt:disable*/", "== b"),
    },
    {
      name: "an enable with no region open after the operator stays on its line too",
      input: nix("[ (a ==", "/*nixfmt:enable*/", " b) ]"),
      expected: nix("[", "  (", "    a ==", "    /*nixfmt:enable*/", "    b", "  )", "]"),
    },
  ]);
});

describe("comments around a comparison's operator", () => {
  // nixfmt's `pretty a <> softline <> pretty op <> hardspace <> pretty b`: the trivia of the
  // operator before it (a line break, each comment and empty line, a line break), its trailing
  // comment after it (a space, the comment, a line break), then the trivia of the right operand
  // (a line break, each comment and empty line); nothing nested.
  checkWithNix([
    {
      name: "a comment below the operator stays on a line of its own, an empty line after it",
      input: nix("a ==", "# c", "", "b"),
      expected: nix("a ==", "# c", "", "b"),
    },
    {
      name: "a comment ending the operator's line stays there, an empty line after it",
      input: nix("a == # c", "", "b"),
      expected: nix("a == # c", "", "b"),
    },
    {
      name: "a comment ending the operator's line, then one below it",
      input: nix("a != # c", "# d", "b"),
      expected: nix("a != # c", "# d", "b"),
    },
    {
      name: "comments before the operator stay above it",
      input: nix("a", "# c", "", "< b"),
      expected: nix("a", "# c", "", "< b"),
    },
    {
      name: "comments before, after and below the operator",
      input: nix("a", "", "# c", "== # d", "# e", "b"),
      expected: nix("a", "", "# c", "== # d", "# e", "b"),
    },
    {
      name: "in an interpolation, which then goes between line breaks",
      input: nix("let a = 1; in", '"${a == # c', ' a}"'),
      expected: nix("let", "  a = 1;", "in", '"${', "  a == # c", "  a", '}"'),
    },
    {
      name: "in a binding's value",
      input: nix("{", "  x = a >=", "  # c", "  b;", "}"),
      expected: nix("{", "  x =", "    a >=", "    # c", "    b;", "}"),
    },
  ]);
});

describe("a comment ending the line of a function's `:`", () => {
  // nixfmt's trailing comment of `:` (a space, the comment, a line break), then the body with
  // the trivia before it, nothing nested; after `=`, the function's group does not fit on the
  // line of `=`, so it starts below it.
  checkWithNix([
    {
      name: "stays there, an empty line after it too",
      input: nix("a: # c", "", "{ x = 1; }"),
      expected: nix("a: # c", "", "{ x = 1; }"),
    },
    {
      name: "after a set pattern",
      input: nix("{ a }: # c", "", "x"),
      expected: nix("{ a }: # c", "", "x"),
    },
    {
      name: "after the last of two parameters, before a comment below it",
      input: nix("a: b: # c", "", "# d", "x"),
      expected: nix("a: b: # c", "", "# d", "x"),
    },
    {
      name: "after `=`, the function starts below it",
      input: nix("{ l = a: /*b*/ {    b = 1           ;}; }"),
      expected: nix("{", "  l =", "    a: # b", "    { b = 1; };", "}"),
    },
    {
      name: "after `=`, with an empty line after it",
      input: nix("{ f = a: # c", "", "{ x = 1; }; }"),
      expected: nix("{", "  f =", "    a: # c", "", "    { x = 1; };", "}"),
    },
  ]);
});

describe("comments before the `:` of a set pattern", () => {
  check([
    {
      name: "a body on the line of `:` stays there, `:` below the comments",
      input: nix("[ ({} /* c */ : { cc = { }; }) ]"),
      expected: nix("[", "  ({ }", "  # c", "  : {", "    cc = { };", "  })", "]"),
    },
    {
      name: "a body below the `:` stays below it",
      input: nix("[ ({} # c", " :", " { cc = { }; }) ]"),
      expected: nix("[", "  (", "    { }", "    # c", "    :", "    { cc = { }; }", "  )", "]"),
    },
  ]);
});

describe("a comment after `if` in a binding's value", () => {
  check([
    {
      name: "goes above the `if`, which goes below the `=` as after any comment above it",
      input: nix("{ name = if # c", " p ? n then p.n else p.i # d", "; }"),
      expected: nix("{", "  name =", "    # c", "    if p ? n then p.n else p.i # d", "  ;", "}"),
    },
  ]);
});

describe("a comment ending the line of a call's function, two lists after it", () => {
  check([
    {
      name: "puts the lists below it, one per line",
      input: nix("[ (lib.replaceStrings /* d */", ' [ "a" ] [ "b" ] c) ]'),
      expected: nix(
        "[",
        "  (",
        "    lib.replaceStrings # d",
        '      [ "a" ]',
        '      [ "b" ]',
        "      c",
        "  )",
        "]",
      ),
    },
  ]);
});

describe("a simple call in parentheses, an argument before the last", () => {
  check([
    {
      name: "is never expanded: the call breaks before the next argument",
      input:
        'x: assert check (isGood x) "the argument is of the wrong type ${typeOf x}, but it should be a good one instead"; x',
      expected: nix(
        "x:",
        "assert check (isGood x)",
        '  "the argument is of the wrong type ${typeOf x}, but it should be a good one instead";',
        "x",
      ),
    },
    {
      name: "nor in a binding's value",
      input:
        '{ v = warnIf (isPath p) "the first argument is a path value, but only strings are supported here, sorry about that" q; }',
      expected: nix(
        "{",
        "  v =",
        "    warnIf (isPath p)",
        '      "the first argument is a path value, but only strings are supported here, sorry about that"',
        "      q;",
        "}",
      ),
    },
  ]);
});

describe("a comment ending the line of a function's `:`, another name after it", () => {
  check([
    {
      name: "stays there, the next name below",
      input: "a: # one\nb: # two\nc: [ a b c ]",
      expected: nix("a: # one", "b: # two", "c: [", "  a", "  b", "  c", "]"),
    },
    {
      name: "keeps the empty line after it",
      input: "a: # one\n\n# two\nb: c: d: a",
      expected: nix("a: # one", "", "# two", "b: c: d:", "a"),
    },
  ]);
});

describe("comments on lines between `else` and `if`", () => {
  check([
    {
      name: "stay there, the `if` below them at the level of `else`",
      input: 'x:\nif x == 1 then "one"\nelse\n  # two next\n  if x == 2 then "two" else "many"',
      expected: nix(
        "x:",
        "if x == 1 then",
        '  "one"',
        "else",
        "# two next",
        "if x == 2 then",
        '  "two"',
        "else",
        '  "many"',
      ),
    },
    {
      name: "keep the empty lines around them; one on the line of `else` goes above it",
      input:
        'x:\nif x == 1 then "one"\nelse # first\nif x == 2 then "two" else\n\n# then\n\nif x == 3 then "three" else "many"',
      expected: nix(
        "x:",
        "if x == 1 then",
        '  "one"',
        "# first",
        "else if x == 2 then",
        '  "two"',
        "else",
        "",
        "# then",
        "",
        "if x == 3 then",
        '  "three"',
        "else",
        '  "many"',
      ),
    },
  ]);
});

describe("`with` of a set or list in parentheses", () => {
  check([
    {
      name: "opens on the line of `(`, as an operand",
      input: "{ a = b ++ (with pkgs; [ y z ]); }",
      expected: nix(
        "{",
        "  a =",
        "    b",
        "    ++ (with pkgs; [",
        "      y",
        "      z",
        "    ]);",
        "}",
      ),
    },
    {
      name: "and as a list item",
      input: "[ (with c; { d = 1; }) ]",
      expected: nix("[", "  (with c; {", "    d = 1;", "  })", "]"),
    },
  ]);
});

describe("the source of `inherit` that does not fit on a line", () => {
  check([
    {
      name: "is laid out as any expression in parentheses",
      input: "{ inherit ({ e = 1;\n  } // f) e; }",
      expected: nix(
        "{",
        "  inherit",
        "    (",
        "      {",
        "        e = 1;",
        "      }",
        "      // f",
        "    )",
        "    e",
        "    ;",
        "}",
      ),
    },
  ]);
});

describe("a selection from parentheses, last in a simple call", () => {
  check([
    {
      name: "breaks before its `.` when the line does not hold it",
      input:
        '{ value = f "." (settings.someLongerName.kind.innerValuesOf settings.someLongerName.position).inner.at; }',
      expected: nix(
        "{",
        '  value = f "." (settings.someLongerName.kind.innerValuesOf settings.someLongerName.position)',
        "  .inner.at;",
        "}",
      ),
    },
    {
      name: "stays on the line when it fits",
      input: '{ value = f "." (g x).y; }',
      expected: nix('{ value = f "." (g x).y; }'),
    },
  ]);
});

describe("a comment after the `;` of an assertion", () => {
  check([
    {
      name: "leaves the condition laid out as without it",
      input:
        'x:\nassert (describe (pairOf num text)).summary == "a pair of (a number and a text), as it is shown to user"; # c\nx',
      expected: nix(
        "x:",
        "assert",
        '  (describe (pairOf num text)).summary == "a pair of (a number and a text), as it is shown to user"; # c',
        "x",
      ),
    },
  ]);
});
