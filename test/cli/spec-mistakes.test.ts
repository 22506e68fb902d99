/**
 * What a spec file's mistakes give: a default export that no builder made
 * (an object literal of a model's shape, a Proxy) is TN1001 at the file.
 * Never a stack trace.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, typenix, type CliResult } from "../support/typenix-cli.js";

/** A Node stack frame, as an uncaught error prints them. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** `typenix check` and `typenix synth` of `files` in `dir`, run there. */
function checkAndSynth(dir: string, files: readonly string[]): CliResult[] {
  return [
    typenix(["check", ...files], { cwd: dir }),
    typenix(["synth", ...files, "-o", join(dir, "out")], { cwd: dir }),
  ];
}

describe("a default export no builder made", () => {
  const kinds = [
    "processes",
    "services",
    "infrastructure",
    "distribution",
    "constructors",
    "constructor",
  ];

  it.each(kinds)("an object of kind %s is not a model, at the file", (kind) => {
    const dir = tempDir();
    writeFileSync(join(dir, `${kind}.ts`), `export default { kind: "${kind}" };\n`);
    for (const result of checkAndSynth(dir, [`${kind}.ts`])) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `${kind}.ts:1:1: error TN1001: the default export is not a typenix model`,
      );
      expect(result.stderr).toMatch(/hint: .*processes\(\.\.\.\)/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it("a copy of a model is not one either", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      'import { processes } from "@typenix/dsl";\nexport default { ...processes({}) };\n',
    );
    for (const result of checkAndSynth(dir, ["processes.ts"])) {
      expect(result.stderr).toContain("processes.ts:1:1: error TN1001");
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it("a Proxy whose traps throw is not a model, and is not read", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      'export default new Proxy({}, { get() { throw new Error("read"); }, has() { throw new Error("asked"); } });\n',
    );
    for (const result of checkAndSynth(dir, ["processes.ts"])) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("processes.ts:1:1: error TN1001");
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });
});
