/**
 * An input that is no spec file (a Nix file, a folder where a spec file
 * is looked for) is a usage error naming it, for synth and check alike.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, typenix, type CliResult } from "../support/typenix-cli.js";

/** `typenix check ARGS` and `typenix synth ARGS -o OUT`, run in `dir`. */
function checkAndSynth(dir: string, args: readonly string[]): [string, CliResult][] {
  return [
    ["check", typenix(["check", ...args], { cwd: dir })],
    ["synth", typenix(["synth", ...args, "-o", join(dir, "out")], { cwd: dir })],
  ];
}

describe("inputs that are no spec files", () => {
  it("a Nix file is a usage error that points at typenix import", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "webapp.nix"), "{ }\n");
    for (const [command, result] of checkAndSynth(dir, ["webapp.nix"])) {
      expect(result.stderr).toMatch(
        new RegExp(`^typenix ${command}: webapp.nix is no spec file: .*typenix import`),
      );
      expect(result.status).toBe(2);
    }
  });

  it("a file of another kind is a usage error naming the kinds of spec files", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "hello\n");
    for (const [command, result] of checkAndSynth(dir, ["notes.txt"])) {
      expect(result.stderr).toContain(`typenix ${command}: notes.txt is no spec file`);
      expect(result.stderr).toContain(".ts");
      expect(result.status).toBe(2);
    }
  });

  it("a folder where a deployment directory's standard file is looked for is a usage error", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "deployment", "services.ts"), { recursive: true });
    for (const [command, result] of checkAndSynth(dir, ["deployment"])) {
      expect(result.stderr).toBe(
        `typenix ${command}: ${join("deployment", "services.ts")} is a folder, not a spec file\n`,
      );
      expect(result.status).toBe(2);
    }
  });
});
