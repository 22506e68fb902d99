/** `typenix synth --watch` writes again when a spec file changes. */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, STAND_INS, tempDir } from "../support/typenix-cli.js";

const BIN = fileURLToPath(new URL("../../packages/runtime/bin/typenix.js", import.meta.url));
// Inside the repository, so the spec resolves @typenix/dsl.
const specDir = (): string => mkdtempSync(join(ROOT, "test/cli/.watch-"));
const cleanup: string[] = [];
afterEach(() => cleanup.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe("typenix synth --watch", () => {
  it("re-synthesizes after an edit", async () => {
    const dir = specDir();
    cleanup.push(dir);
    cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "services.ts"));
    const out = tempDir();
    const child = spawn(process.execPath, [BIN, "synth", dir, "-o", out, "--watch"], {
      cwd: ROOT,
      env: { ...process.env, NIX_PATH: `nixpkgs=${join(STAND_INS, "nixpkgs")}` },
    });
    try {
      const services = join(out, "services.nix");
      expect(await until(() => existsSync(services), 20_000)).toBe(true);
      const spec = join(dir, "services.ts");
      writeFileSync(spec, readFileSync(spec, "utf8").replace('type: "process"', 'type: "wrapper"'));
      expect(
        await until(() => readFileSync(services, "utf8").includes('type = "wrapper";'), 20_000),
      ).toBe(true);
    } finally {
      child.kill();
    }
  }, 60_000);
});
