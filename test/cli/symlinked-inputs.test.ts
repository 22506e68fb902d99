/**
 * Spec folders and files reached through a symbolic link load as the
 * files they name, for synth and check alike; diagnostics name the path
 * as it was given.
 */
import { cpSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const FIXTURES = "test/cli/fixtures";

/** A copy of fixture `name`, and a symbolic link to it beside it. */
function linkedFixture(name: string): { dir: string; link: string } {
  const parent = tempDir();
  const dir = join(parent, name);
  cpSync(join(ROOT, FIXTURES, name), dir, { recursive: true });
  const link = join(parent, `${name}-link`);
  symlinkSync(dir, link);
  return { dir, link };
}

/** The files synth wrote to `out` and their text, the manifest aside. */
function outputs(out: string): Record<string, string> {
  const names = readdirSync(out).filter((name) => name !== "typenix-manifest.json");
  return Object.fromEntries(
    names.sort().map((name) => [name, readFileSync(join(out, name), "utf8")]),
  );
}

describe("spec files reached through a symbolic link", () => {
  it("synth reads a linked folder as the folder itself", () => {
    const { dir, link } = linkedFixture("shared-import");
    const direct = tempDir();
    const linked = tempDir();
    expect(typenix(["synth", dir, "-o", direct]).status).toBe(0);
    const result = typenix(["synth", link, "-o", linked]);
    expect(result.stderr).toBe(`typenix synth: wrote 4 files to ${linked}\n`);
    expect(result.status).toBe(0);
    expect(outputs(linked)).toEqual(outputs(direct));
  });

  it("synth reads a linked file, and a file in a linked folder", () => {
    const { dir, link } = linkedFixture("literal-text");
    const file = join(tempDir(), "services.ts");
    symlinkSync(join(dir, "services.ts"), file);
    for (const input of [file, join(link, "services.ts")]) {
      const out = tempDir();
      const result = typenix(["synth", input, "-o", out]);
      expect(result.stderr).toBe(`typenix synth: wrote 2 files to ${out}\n`);
      expect(readdirSync(out).sort()).toEqual(["services.nix", "typenix-manifest.json"]);
    }
  });

  it("check reads a linked folder and a linked file", () => {
    const { link } = linkedFixture("shared-import");
    const file = join(tempDir(), "services.ts");
    symlinkSync(join(link, "services.ts"), file);
    expect(typenix(["check", link]).stderr).toBe("typenix check: 3 spec files, no errors\n");
    expect(typenix(["check", file]).stderr).toBe("typenix check: 1 spec file, no errors\n");
  });

  it("names the spec files in diagnostics by the path given", () => {
    const thrown = linkedFixture("spec-throws");
    const threw = typenix(["synth", thrown.link, "-o", tempDir()]);
    expect(threw.status).toBe(1);
    expect(threw.stderr).toContain(
      `${relative(ROOT, join(thrown.link, "ports.ts"))}:3:9: error TN1004: no port for web`,
    );
    const misnamed = linkedFixture("misnamed");
    const checked = typenix(["check", misnamed.link]);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(
      `${relative(ROOT, join(misnamed.link, "services.ts"))}:8:8: error TN5001`,
    );
    const typeError = linkedFixture("type-error");
    const typed = typenix(["check", join(typeError.link, "processes.ts")]);
    expect(typed.status).toBe(1);
    expect(typed.stderr).toContain(`${relative(ROOT, join(typeError.link, "processes.ts"))}:6:`);
    expect(typed.stderr).not.toContain(relative(ROOT, typeError.dir) + "/");
  });
});
