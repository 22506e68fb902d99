/**
 * The command runs from a build of its sources; where it cannot build, it
 * runs the sources themselves. Both must do the same: same files, same
 * diagnostics.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { tempDir, typenix } from "../support/typenix-cli.js";

const FROM_SOURCES = { env: { TYPENIX_FROM_SOURCES: "1" } };

/** Every file under `dir`, by relative path. */
function filesUnder(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return Object.fromEntries(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .map((file) => [file.slice(dir.length + 1), readFileSync(file, "utf8")]),
  );
}

describe("the built command and the sources", () => {
  it("write the same files", () => {
    requireNix();
    const [built, sources] = [tempDir(), tempDir()];
    const args = ["synth", "examples/webapp-processes", "--json-specs", "-o"];
    expect(typenix([...args, built]).status).toBe(0);
    expect(typenix([...args, sources], FROM_SOURCES).status).toBe(0);
    const files = filesUnder(built);
    expect(Object.keys(files)).toContain("processes.nix");
    expect(filesUnder(sources)).toEqual(files);
  });

  it("report the same diagnostics", () => {
    const args = ["synth", "test/cli/fixtures/misnamed", "-o", tempDir()];
    const built = typenix(args);
    expect(built.status).toBe(1);
    expect(built.stderr).toContain("misnamed/services.ts:8:8: error TN5001");
    expect(typenix(args, FROM_SOURCES)).toEqual(built);
  });
});
