/** `typenix parse` and `typenix fmt` on the command line: exit codes, diagnostics, stdin, --check, --write. */
import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNix } from "@typenix/compiler";
import { tempDir, typenix } from "../support/typenix-cli.js";

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
