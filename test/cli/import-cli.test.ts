/** The `typenix import` command-line contract: what it writes, and when it writes nothing. */
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, typenix } from "../support/typenix-cli.js";

const INFRASTRUCTURE = "test/import/corpus/webapp-services/infrastructure.nix";
const SERVICES = "test/import/corpus/interdeps/services.nix";

describe("typenix import", () => {
  it("refuses to overwrite a file in -o unless --force is given", () => {
    const out = tempDir();
    writeFileSync(join(out, "infrastructure.ts"), "// edited by hand\n");
    const refused = typenix(["import", SERVICES, INFRASTRUCTURE, "-o", out]);
    expect(refused.stderr).toBe(
      `typenix import: ${join(out, "infrastructure.ts")} exists; pass --force to overwrite it\n` +
        "typenix import: nothing written\n",
    );
    expect(refused.status).toBe(1);
    expect(readdirSync(out)).toEqual(["infrastructure.ts"]);
    expect(readFileSync(join(out, "infrastructure.ts"), "utf8")).toBe("// edited by hand\n");

    const forced = typenix(["import", SERVICES, INFRASTRUCTURE, "-o", out, "--force"]);
    expect(forced.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["infrastructure.ts", "services.ts"]);
    expect(readFileSync(join(out, "infrastructure.ts"), "utf8")).toContain("infrastructure(");
  });

  it("writes nothing when one of the files has errors", () => {
    const dir = tempDir();
    const bad = join(dir, "distribution.nix");
    writeFileSync(bad, "{infrastructure}:\n{\n  web = [ infrastructure.test1 ]\n}\n");
    const out = join(dir, "out");
    const result = typenix(["import", SERVICES, bad, INFRASTRUCTURE, "-o", out]);
    // Files are named relative to the working folder when that is shorter.
    expect(result.stderr).toContain(
      `${basename(dir)}/distribution.nix:4:1: error TN0102: syntax error: expected ';', found '}'`,
    );
    expect(result.stderr).toMatch(/\ntypenix import: nothing written: 1 of 3 files has errors\n$/);
    expect(result.stderr).not.toContain("->");
    expect(result.status).toBe(1);
    expect(readdirSync(dir)).toEqual(["distribution.nix"]);
  });

  it("refuses a file that is not UTF-8, naming its first such byte, and writes nothing", () => {
    const dir = tempDir();
    const latin1 = join(dir, "services.nix");
    writeFileSync(
      latin1,
      Buffer.from(
        '{ pkgs, system, distribution, invDistribution }:\n{\n  a = { name = "a"; pkg = pkgs.hello; type = "process"; owner = "M\xfcller"; };\n}\n',
        "latin1",
      ),
    );
    const out = join(dir, "out");
    const result = typenix(["import", "services.nix", "-o", out], { cwd: dir });
    expect(result.stderr).toBe(
      "services.nix:3:67: error TN6028: the file is not UTF-8: byte 0xfc\n" +
        "  hint: typenix reads Nix as UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8\n" +
        "typenix import: nothing written: 1 of 1 files has errors\n",
    );
    expect(result.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it("says -o naming a symbolic link to nothing is a usage error, and makes nothing", () => {
    const dir = tempDir();
    const out = join(dir, "out");
    symlinkSync(join(dir, "nowhere"), out);
    const result = typenix(["import", INFRASTRUCTURE, "-o", out]);
    expect(result.stderr).toBe(`typenix import: -o names a symbolic link to nothing: ${out}\n`);
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, "nowhere"))).toBe(false);
  });

  it("says -o naming a file is a usage error, as synth does, and writes nothing", () => {
    const dir = tempDir();
    const file = join(dir, "infrastructure.nix");
    writeFileSync(file, readFileSync(INFRASTRUCTURE, "utf8"));
    const result = typenix(["import", file, "-o", file]);
    expect(result.stderr).toBe(`typenix import: -o names a file, not a directory: ${file}\n`);
    expect(result.status).toBe(2);
    expect(readdirSync(dir)).toEqual(["infrastructure.nix"]);
  });

  it("documents --force in its help", () => {
    expect(typenix(["import", "--help"]).stdout).toMatch(
      /\n {2}--force +overwrite TypeScript files that exist in the output directory\n/,
    );
  });
});
