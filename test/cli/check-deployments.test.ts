/**
 * `typenix check DIR1 DIR2` checks each deployment directory on its own:
 * check writes nothing, so two deployments that would write the same
 * files are no clash, while synth of both into one OUT still is.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, typenix } from "../support/typenix-cli.js";

describe("typenix check of several deployment directories", () => {
  it("passes two valid deployments that synth could not write into one folder", () => {
    const result = typenix(["check", "examples/axis2", "examples/multicontainers"]);
    expect(result.stderr).toBe("typenix check: 8 spec files, no errors\n");
    expect(result.status).toBe(0);
    const synth = typenix(["synth", "examples/axis2", "examples/multicontainers", "-o", tempDir()]);
    expect(synth.stderr).toContain("TN1006");
    expect(synth.status).toBe(1);
  });

  it("runs the whole-model checks of each deployment on its own", () => {
    const lone = tempDir();
    // A services model whose mistake is one TypeScript cannot see.
    writeFileSync(
      join(lone, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        'const webapp = service({ name: "web-app", pkg: pkgs.hello, type: "process" });\n' +
        "export default services({ webapp });\n",
    );
    const alone = typenix(["check", lone]);
    expect(alone.status).toBe(1);
    const both = typenix(["check", "examples/axis2", lone]);
    expect(both.status).toBe(1);
    expect(both.stderr).not.toContain("TN1006");
    expect(alone.stderr).toContain("services.ts:2:16: error TN5001");
    expect(both.stderr).toBe(alone.stderr);
  });
});
