/**
 * Regions between `/*nixfmt:disable*\/` and `/*nixfmt:enable*\/` that cut
 * through a string: one directive inside an interpolation of the string,
 * the other outside it (nixfmt's `directive_interp` and `directive_string`
 * tests). The region's lines stay as written and the code outside it is
 * formatted; the string it cuts keeps every line at its column and its
 * `''`, since reindenting only the lines outside the region would change
 * its value. Each case is also checked against the real Nix: the output
 * reads as the input did.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fmt, nix } from "../support/layout-cases.js";
import { nixParse, requireNix } from "../support/real-nix.js";

beforeAll(requireNix);

/** fmt prints `expected`, leaves it unchanged, and Nix reads both as `input`. */
function check(cases: readonly { name: string; input: string; expected: string }[]): void {
  for (const { name, input, expected } of cases) {
    it(name, () => {
      const output = fmt(input);
      expect(output).toBe(expected);
      expect(fmt(expected)).toBe(expected);
      const before = nixParse(input);
      expect(before.ok, before.stderr).toBe(true);
      expect(nixParse(output).stdout).toBe(before.stdout);
    });
  }
}

describe("a region that cuts through a string", () => {
  check([
    {
      name: "leaving through an interpolation: the string's lines keep their columns",
      input: nix(
        "{",
        "  cutTail   =   ''",
        "      text ${",
        "/*nixfmt:disable*/",
        "      2",
        "    }",
        "tail",
        "  '';",
        "  frozen   =   2;",
        "/*nixfmt:enable*/",
        "  after   =   3;",
        "}",
      ),
      expected: nix(
        "{",
        "  cutTail = ''",
        "      text ${",
        "/*nixfmt:disable*/",
        "      2",
        "    }",
        "tail",
        "  '';",
        "  frozen   =   2;",
        "/*nixfmt:enable*/",
        "  after = 3;",
        "}",
      ),
    },
    {
      name: "entering through an interpolation: its code is formatted, the string's lines keep their columns",
      input: nix(
        "{",
        "/*nixfmt:disable*/",
        "  frozenHead   =   4;",
        "  cutHead = ''",
        "    head ${",
        "/*nixfmt:enable*/",
        "      5   +   5",
        "    }",
        "      tail text",
        "  '';",
        "  after   =   6;",
        "}",
      ),
      expected: nix(
        "{",
        "/*nixfmt:disable*/",
        "  frozenHead   =   4;",
        "  cutHead = ''",
        "    head ${",
        "/*nixfmt:enable*/",
        "      5 + 5",
        "    }",
        "      tail text",
        "  '';",
        "  after = 6;",
        "}",
      ),
    },
    {
      name: "a cut string of one line keeps its `''`",
      input: nix(
        "{",
        "/*nixfmt:disable*/",
        "  convertible    =    ''${",
        "  /*nixfmt:enable*/",
        "    toString",
        "  }'';",
        "  after   =   7;",
        "}",
      ),
      expected: nix(
        "{",
        "/*nixfmt:disable*/",
        "  convertible    =    ''${",
        "  /*nixfmt:enable*/",
        "    toString",
        "  }'';",
        "  after = 7;",
        "}",
      ),
    },
    {
      name: "leaving past the string's end: the string keeps its `''`",
      input: nix(
        "{",
        "  cutPastEnd = ''${",
        "/*nixfmt:disable*/",
        "    map   toString   [ ]",
        "  }'';",
        "/*nixfmt:enable*/",
        "  after   =   11;",
        "}",
      ),
      expected: nix(
        "{",
        "  cutPastEnd = ''${",
        "/*nixfmt:disable*/",
        "    map   toString   [ ]",
        "  }'';",
        "/*nixfmt:enable*/",
        "  after = 11;",
        "}",
      ),
    },
    {
      name: "crossing two interpolations of one string",
      input: nix(
        "{",
        "  crossInterp = ''",
        "    a ${",
        "/*nixfmt:disable*/",
        "      8",
        "    } frozen   text ${",
        "/*nixfmt:enable*/",
        "      9",
        "    } c",
        "  '';",
        "}",
      ),
      expected: nix(
        "{",
        "  crossInterp = ''",
        "    a ${",
        "/*nixfmt:disable*/",
        "      8",
        "    } frozen   text ${",
        "/*nixfmt:enable*/",
        "      9",
        "    } c",
        "  '';",
        "}",
      ),
    },
    {
      name: "escaping a double-quoted string inside an interpolation of an indented one: both are cut",
      input: nix(
        "{",
        "  nested = ''",
        '    x ${ "inner ${',
        "/*nixfmt:disable*/",
        "      1",
        '    } tail" } y',
        "  '';",
        "  frozen   =   3;",
        "/*nixfmt:enable*/",
        "  after   =   4;",
        "}",
      ),
      expected: nix(
        "{",
        "  nested = ''",
        '    x ${"inner ${',
        "/*nixfmt:disable*/",
        "      1",
        '    } tail" } y',
        "  '';",
        "  frozen   =   3;",
        "/*nixfmt:enable*/",
        "  after = 4;",
        "}",
      ),
    },
    {
      name: "leaving through an attribute name's interpolation",
      input: nix(
        "{",
        "  ${",
        "/*nixfmt:disable*/",
        "    toString 1",
        "  } = 1;",
        "  frozen   =   5;",
        "/*nixfmt:enable*/",
        "  after   =   6;",
        "}",
      ),
      expected: nix(
        "{",
        "  ${",
        "/*nixfmt:disable*/",
        "    toString 1",
        "  } = 1;",
        "  frozen   =   5;",
        "/*nixfmt:enable*/",
        "  after = 6;",
        "}",
      ),
    },
    {
      name: "from one string's interpolation into another's",
      input: nix(
        "{",
        "  a = ''",
        "    ${",
        "      1",
        "/*nixfmt:disable*/",
        "       +   2",
        "    }",
        "  '';",
        "  b   =   1;",
        "  c = ''",
        "    ${",
        "/*nixfmt:enable*/",
        "      1   +   2",
        "    }",
        "  '';",
        "  d   =   3;",
        "}",
      ),
      expected: nix(
        "{",
        "  a = ''",
        "    ${",
        "      1",
        "/*nixfmt:disable*/",
        "       +   2",
        "    }",
        "  '';",
        "  b   =   1;",
        "  c = ''",
        "    ${",
        "/*nixfmt:enable*/",
        "      1 + 2",
        "    }",
        "  '';",
        "  d = 3;",
        "}",
      ),
    },
  ]);
});
