/** `typenix parse` and `typenix fmt` on the command line: exit codes, diagnostics, stdin, --check, --write. */
import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNix } from "@typenix/compiler";
import * as fmtSource from "../parse/fmt-source.js";
import { mutatedSource } from "../parse/nix-source.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const INVALID = join(ROOT, "test/parse/corpus/invalid");

describe("typenix parse", () => {
  it("exits 0 for files that parse and prints the tree with --json", () => {
    const result = typenix(["parse", "--json", "test/parse/corpus/sets.nix"]);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { expr: { kind: string } }).expr.kind).toBe("Let");
  });

  it("reports several errors of a file as file:line:col and exits 1", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.nix"), "{\n  a = ;\n  b = ;\n}\n");
    const result = typenix(["parse", "bad.nix"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "bad.nix:2:7: error TN0102: syntax error: expected an expression, found ';'\n" +
        "  hint: a value is missing before ';'\n" +
        "bad.nix:3:7: error TN0102: syntax error: expected an expression, found ';'",
    );
  });

  it("exits 2 for a file that cannot be read", () => {
    expect(typenix(["parse", "no/such/file.nix"]).status).toBe(2);
  });
});

describe("deep nesting is refused, never a crash", () => {
  it.each([
    ["parentheses", "(".repeat(100_000) + "1" + ")".repeat(100_000)],
    ["brackets", "[".repeat(100_000) + "]".repeat(100_000)],
    ["negations", "-".repeat(100_000) + "1"],
    ["lambdas", "x: ".repeat(100_000) + "x"],
    ["interpolations", '"${'.repeat(20_000) + "x" + '}"'.repeat(20_000)],
  ])("%s", (_name, text) => {
    const result = parseNix(text, "deep.nix");
    expect(result.file).toBeUndefined();
    expect(result.diagnostics[0]?.code).toBe("TN0104");
    expect(result.diagnostics[0]?.location).toMatchObject({ file: "deep.nix" });
  });
});

describe("typenix fmt", () => {
  it("formats standard input to standard output", () => {
    const result = typenix(["fmt", "-"], { input: "{a=1;b=[1 2];}" });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n}\n");
  });

  it("--check names unformatted files and changes nothing; --write formats them", () => {
    const dir = tempDir();
    const file = join(dir, "x.nix");
    writeFileSync(file, "{ a=1; }");
    const check = typenix(["fmt", "--check", file]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`not formatted: ${file}`);
    expect(readFileSync(file, "utf8")).toBe("{ a=1; }");
    expect(typenix(["fmt", "--write", file]).status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("{ a = 1; }\n");
    expect(typenix(["fmt", "--check", file]).status).toBe(0);
  });

  it("--write formats a symlink's target, keeping the link and the file's permissions", () => {
    const dir = tempDir();
    const target = join(dir, "target.nix");
    const link = join(dir, "link.nix");
    writeFileSync(target, "{b=2;}");
    chmodSync(target, 0o600);
    symlinkSync("target.nix", link);
    expect(typenix(["fmt", "--write", link]).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("{ b = 2; }\n");
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it("refuses a file that is not UTF-8 at its first such byte, leaving it untouched", () => {
    const dir = tempDir();
    const file = join(dir, "latin1.nix");
    // Nix keeps such bytes in strings; rewriting them as U+FFFD would change the values.
    const bytes = Buffer.from('{\n  a = "ok";\n  b = "x\xffy"; c = "\xc3";\n}\n', "latin1");
    writeFileSync(file, bytes);
    for (const args of [["fmt", "--write"], ["fmt"], ["parse"]]) {
      const result = typenix([...args, "latin1.nix"], { cwd: dir });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        "latin1.nix:3:9: error TN6028: the file is not UTF-8: byte 0xff\n" +
          "  hint: typenix reads Nix as UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8\n",
      );
    }
    expect(readFileSync(file)).toEqual(bytes);
  });

  it("leaves a file with syntax errors untouched and exits 1", () => {
    const dir = tempDir();
    const file = join(dir, "bad.nix");
    writeFileSync(file, "{ a = ");
    expect(typenix(["fmt", "--write", file]).status).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("{ a = ");
  });
});

describe("syntax errors carry a hint", () => {
  /** What `typenix parse` reports for `text`, without the file's folder. */
  function reported(text: string): string {
    const dir = tempDir();
    writeFileSync(join(dir, "e.nix"), text);
    const result = typenix(["parse", "e.nix"], { cwd: dir });
    expect(result.status).toBe(1);
    return result.stderr;
  }

  it("says what is missing where the file ends, and that an empty file holds no expression", () => {
    const cases: Record<string, string> = {
      "": "e.nix:1:1: error TN0102: syntax error: the file holds no expression\n  hint: a .nix file holds one expression, as `{ }` or `null`",
      "# only a comment\n":
        "e.nix:1:1: error TN0102: syntax error: the file holds no expression\n  hint: a .nix file holds one expression, as `{ }` or `null`",
      "x: y:":
        "e.nix:1:6: error TN0102: syntax error: expected an expression, found the end of the file\n  hint: a function's body follows its ':'",
      "a ==":
        "e.nix:1:5: error TN0102: syntax error: expected an expression, found the end of the file\n  hint: the operator '==' needs an operand after it",
      "let in":
        "e.nix:1:7: error TN0102: syntax error: expected an expression, found the end of the file\n  hint: 'let ... in' needs the expression the bindings are for after 'in'",
    };
    for (const [text, message] of Object.entries(cases)) expect(reported(text)).toContain(message);
  });

  it("names an unterminated search path, or one holding a space, once", () => {
    expect(reported("<nixpkgs/lib\n")).toContain(
      "e.nix:1:1: error TN0102: syntax error: the search path '<nixpkgs/lib' is not closed\n" +
        "  hint: a search path reads <name/path> and ends with '>'",
    );
    const spaced = reported("{ a = <nix pkgs>; }\n");
    expect(spaced).toContain(
      "e.nix:1:7: error TN0102: syntax error: the search path '<nix pkgs>' holds a space\n" +
        "  hint: a search path reads <name/path>, without spaces",
    );
    expect(spaced.match(/: error /g)).toHaveLength(1);
  });

  it("hints at duplicate parameters, interpolations outside strings and follow-on errors", () => {
    expect(reported("{ a, a }: 1\n")).toContain(
      "e.nix:1:6: error TN0103: duplicate formal function argument 'a'\n  hint: each parameter of a function is named once",
    );
    expect(reported("${x}\n")).toContain(
      "e.nix:1:1: error TN0102: syntax error: expected an expression, found '${'\n" +
        "  hint: '${ ... }' only interpolates inside a string, a path or an attribute name: write the expression itself, or \"${ ... }\"",
    );
  });

  it("on every invalid program of the corpus and hundreds of broken ones", () => {
    const programs = [
      ...readdirSync(INVALID).map((f) => readFileSync(join(INVALID, f), "utf8")),
      ...fc.sample(mutatedSource, { numRuns: 400, seed: 20261203 }),
      ...fc.sample(fmtSource.mutatedSource, { numRuns: 400, seed: 20261203 }),
    ];
    const hintless = programs.flatMap((text) =>
      parseNix(text, "e.nix")
        .diagnostics.filter((d) => d.hint === undefined)
        .map((d) => `${d.message} in ${JSON.stringify(text)}`),
    );
    expect(hintless.slice(0, 5)).toEqual([]);
  });
});
