import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, ranCommand } from "../src/cli/main.js";

const bin = fileURLToPath(new URL("../bin/typenix.js", import.meta.url));

describe("typenix CLI", () => {
  it("prints help and exits 0 when run as a program", () => {
    const result = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: typenix");
  });

  it("exits 2 on an unknown option", async () => {
    const code = await main(["node", "typenix", "--no-such-option"]);
    expect(code).toBe(2);
  });

  it("tells the launcher whether it ran a command (help and usage errors make no code cache)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "typenix-cli-")), "formatted.nix");
    writeFileSync(file, "{ }\n");
    expect(await main(["node", "typenix", "fmt", "--check", file])).toBe(0);
    expect(ranCommand()).toBe(true);
    expect(await main(["node", "typenix", "--no-such-option"])).toBe(2);
    expect(ranCommand()).toBe(false);
    expect(await main(["node", "typenix", "fmt", "--check", file])).toBe(0);
    expect(await main(["node", "typenix", "--version"])).toBe(0);
    expect(ranCommand()).toBe(false);
  });

  it("synthesizes twice in one process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "typenix-cli-"));
    const examples = fileURLToPath(new URL("../../../examples/webapp-services", import.meta.url));
    for (const out of ["a", "b"])
      expect(await main(["node", "typenix", "synth", examples, "-o", join(dir, out)])).toBe(0);
  });
});
