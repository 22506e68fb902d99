/**
 * nixfmt's indentation: a line is indented by the nesting of its first
 * code, and several nestings opened on one line indent the next line only
 * once. Each case is a small program of our own with the layout nixfmt
 * gives it written out: fmt must print exactly that, and leave it unchanged.
 */
import { describe } from "vitest";
import { check, nix } from "../support/layout-cases.js";

describe("several nestings opened on one line indent the next line once", () => {
  check([
    {
      name: "a list after `or` on the line after `=`",
      input:
        '{ args = attrs.args or [ "-e" (attrs.builder or ./builder.sh) "--more-arguments" "--and-more" ]; }',
      expected: nix(
        "{",
        "  args =",
        "    attrs.args or [",
        '      "-e"',
        "      (attrs.builder or ./builder.sh)",
        '      "--more-arguments"',
        '      "--and-more"',
        "    ];",
        "}",
      ),
    },
    {
      name: "parentheses after `or` in the body of a function",
      input:
        '{ getName = attrs: attrs.name or ("${attrs.pname or "the-name-is-missing"}-${attrs.version or "the-version-is-missing"}-and-more"); }',
      expected: nix(
        "{",
        "  getName =",
        "    attrs:",
        "    attrs.name or (",
        '      "${attrs.pname or "the-name-is-missing"}-${attrs.version or "the-version-is-missing"}-and-more"',
        "    );",
        "}",
      ),
    },
    {
      name: "`or` defaults on one line do not count for the argument after them",
      input: nix(
        '(f (aaaa.bbbbbbbbbbbbbbbbbbbbbb or aaaa.cccccccccccccccccccccccc or "default-value"',
        '  aaaa.bbbbbbbbbbbbbbbbbbbbbb or aaaa.cccccccccccccccccccccccc or "default-value"))',
      ),
      expected: nix(
        "(f (",
        '  aaaa.bbbbbbbbbbbbbbbbbbbbbb or aaaa.cccccccccccccccccccccccc or "default-value"',
        '    aaaa.bbbbbbbbbbbbbbbbbbbbbb or aaaa.cccccccccccccccccccccccc or "default-value"',
        "))",
      ),
    },
  ]);
});

describe("the lines of a string keep their blanks under the code of an interpolation", () => {
  check([
    {
      name: "code broken out of `${ }` goes under the line's first text, one step in",
      input: nix(
        "{ s = ''",
        "    chain {",
        '        ${builtins.concatStringsSep "\\n" (map (e: "text here ${e.something} and more text ${e.other}") portMap)}',
        "    }",
        "  ''; }",
      ),
      expected: nix(
        "{",
        "  s = ''",
        "    chain {",
        '        ${builtins.concatStringsSep "\\n" (',
        '          map (e: "text here ${e.something} and more text ${e.other}") portMap',
        "        )}",
        "    }",
        "  '';",
        "}",
      ),
    },
  ]);
});

describe("a call that does not open on the line of `=` or an operator goes below it", () => {
  check([
    {
      name: "after `=`, the last argument goes below the function and the other arguments",
      input:
        '{ kernelModules = optionals config.boot.initrd.includeTheDefaultModulesInTheInitialRamdiskOfTheSystem ([ "ahci" "sata_nv" ] ++ optionals isx86 [ "pcips2" "atkbd" ]); }',
      expected: nix(
        "{",
        "  kernelModules =",
        "    optionals config.boot.initrd.includeTheDefaultModulesInTheInitialRamdiskOfTheSystem",
        "      (",
        "        [",
        '          "ahci"',
        '          "sata_nv"',
        "        ]",
        "        ++ optionals isx86 [",
        '          "pcips2"',
        '          "atkbd"',
        "        ]",
        "      );",
        "}",
      ),
    },
    {
      name: "after `//`, the call starts the next line, its arguments below it",
      input: nix(
        "{ env = attrs // optionalAttrs (hardeningDisable != [ ] || hardeningEnable != [ ] || stdenv.hostPlatform.isMusl || other) {",
        "  NIX_HARDENING_ENABLE = enabledHardeningOptions; }; }",
      ),
      expected: nix(
        "{",
        "  env =",
        "    attrs",
        "    //",
        "      optionalAttrs",
        "        (hardeningDisable != [ ] || hardeningEnable != [ ] || stdenv.hostPlatform.isMusl || other)",
        "        {",
        "          NIX_HARDENING_ENABLE = enabledHardeningOptions;",
        "        };",
        "}",
      ),
    },
    {
      name: "after `//`, a call whose last argument opens on its line stays there",
      input: nix(
        "{ env = attrs // optionalAttrs (stdenv.hostPlatform.isMusl) {",
        "  NIX_HARDENING_ENABLE = enabledHardeningOptions; }; }",
      ),
      expected: nix(
        "{",
        "  env =",
        "    attrs",
        "    // optionalAttrs (stdenv.hostPlatform.isMusl) {",
        "      NIX_HARDENING_ENABLE = enabledHardeningOptions;",
        "    };",
        "}",
      ),
    },
  ]);
});

describe("a list that starts a chain after `=` breaks with the chain", () => {
  check([
    {
      name: "a list of one item opens the broken chain, its item below",
      input:
        '{ kernelParams = [ "loglevel=${toString config.boot.consoleLogLevel}" ] ++ optionals config.boot.vesa [ "vga=0x317" "nomodeset" ]; }',
      expected: nix(
        "{",
        "  kernelParams = [",
        '    "loglevel=${toString config.boot.consoleLogLevel}"',
        "  ]",
        "  ++ optionals config.boot.vesa [",
        '    "vga=0x317"',
        '    "nomodeset"',
        "  ];",
        "}",
      ),
    },
    {
      name: "on one line with the chain, it stays on it",
      input: nix("{", "  modules = [ kernel ] ++ config.boot.extraModulePackages; }"),
      expected: nix("{", "  modules = [ kernel ] ++ config.boot.extraModulePackages;", "}"),
    },
  ]);
});

describe("a list after the operator of a value opens on the line of `=`", () => {
  check([
    {
      name: "the list's items go below when the line does not hold them",
      input:
        '{ requiredSystemFeatures = attrs.requiredSystemFeatures or [ ] ++ [ "gccarch-${stdenv.hostPlatform.gcc.arch}-and-more-text" ]; }',
      expected: nix(
        "{",
        "  requiredSystemFeatures = attrs.requiredSystemFeatures or [ ] ++ [",
        '    "gccarch-${stdenv.hostPlatform.gcc.arch}-and-more-text"',
        "  ];",
        "}",
      ),
    },
    {
      name: "the value goes below `=` when the line does not hold what comes before the list",
      input:
        '{ requiredSystemFeatures = attrs.requiredSystemFeatures.having.a.very.long.name.that.does.not.fit or [ ] ++ [ "gccarch-${stdenv.hostPlatform.gcc.arch}-and-more-text" ]; }',
      expected: nix(
        "{",
        "  requiredSystemFeatures =",
        "    attrs.requiredSystemFeatures.having.a.very.long.name.that.does.not.fit or [ ]",
        '    ++ [ "gccarch-${stdenv.hostPlatform.gcc.arch}-and-more-text" ];',
        "}",
      ),
    },
  ]);
});

describe("a set after `in` or after an assertion is expanded", () => {
  check([
    {
      name: "a set of one `inherit` after `in`",
      input: "let a = 1; in { inherit a; }",
      expected: nix("let", "  a = 1;", "in", "{", "  inherit a;", "}"),
    },
    {
      name: "a set after `assert cond;`",
      input: "x: assert a; { b = 1; }",
      expected: nix("x:", "assert a;", "{", "  b = 1;", "}"),
    },
    {
      name: "a list after `in` stays on one line",
      input: "let a = 1; in [ a ]",
      expected: nix("let", "  a = 1;", "in", "[ a ]"),
    },
  ]);
});

describe("the arguments of a call in `${ }` are nested a level deeper", () => {
  check([
    {
      // nixfmt writes `.${toString (length l)}` as one text, but the nesting
      // of the arguments counts: `or`, nested as deep, is not indented again.
      name: "`or` after `.${f a}` on the line after a set",
      input: nix(
        "{",
        "  pick = l: {",
        '    "1" = elemAt l 0;',
        '    "2" = elemAt l 1;',
        '  }.${toString (length l)} or (throw "the system string has an invalid number of hyphen-separated components");',
        "}",
      ),
      expected: nix(
        "{",
        "  pick =",
        "    l:",
        "    {",
        '      "1" = elemAt l 0;',
        '      "2" = elemAt l 1;',
        "    }",
        "    .${toString (length l)}",
        '    or (throw "the system string has an invalid number of hyphen-separated components");',
        "}",
      ),
    },
  ]);
});
