import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

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
});
