/**
 * `typenix.config.ts` names a deployment directory's spec files, for synth
 * and check alike; a config that fails is a diagnostic, not a crash.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const CONFIG = "test/cli/fixtures/config";

/** The config file of `dir` as diagnostics name it: relative to where the command runs. */
const configOf = (dir: string): string => relative(ROOT, join(dir, "typenix.config.ts"));

/** A deployment directory with `typenix.config.ts` holding `text`. */
function configDir(text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "typenix.config.ts"), text);
  return dir;
}

describe("typenix.config.ts", () => {
  it("names the files synth reads", () => {
    const out = tempDir();
    const result = typenix(["synth", CONFIG, "-o", out]);
    expect(result.stderr).toBe(`typenix synth: wrote 2 files to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(["typenix-manifest.json", "web-services.nix"]);
  });

  it("names the files check reads", () => {
    const result = typenix(["check", CONFIG]);
    expect(result.stderr).toBe("typenix check: 1 spec files, no errors\n");
    expect(result.status).toBe(0);
  });

  it("that does not compile is reported at its line, and nothing is written", () => {
    const dir = configDir("export default { files: [ };\n");
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${configOf(dir)}:1:27: error TN1004: Unexpected "}"`);
    expect(readdirSync(out)).toEqual([]);
  });

  it("that exports something else is reported", () => {
    const dir = configDir('export default { files: "services.ts" };\n');
    const result = typenix(["check", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${configOf(dir)}:1:1: error TN1005: typenix.config.ts must export an object as its default`,
    );
  });
});
