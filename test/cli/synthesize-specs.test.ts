/**
 * Spec code runs without recording call sites first; only when that run
 * has something to report does it run again, recording, so diagnostics
 * still point at their lines.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { recordCallSites, service, pkgs } from "@typenix/dsl";
import { synthesizeSpecs } from "../../packages/runtime/src/load/synthesize-specs.js";
import { tempDir, typenix } from "../support/typenix-cli.js";

const fixture = (name: string, files: string[]): string[] =>
  files.map((f) => fileURLToPath(new URL(`./fixtures/${name}/${f}`, import.meta.url)));
const runs = (name: "sharedImportRuns" | "misnamedRuns"): number =>
  (globalThis as unknown as { [key: string]: number | undefined })[name] ?? 0;

afterEach(() => recordCallSites(true));

describe("call sites", () => {
  it("are recorded by default, and not while switched off", () => {
    expect(service({ pkg: pkgs.hello, type: "process" }).site?.file).toBe(
      fileURLToPath(import.meta.url),
    );
    recordCallSites(false);
    expect(service({ pkg: pkgs.hello, type: "process" }).site).toBeUndefined();
  });
});

describe("synthesizeSpecs", () => {
  it("runs clean specs once", async () => {
    const before = runs("sharedImportRuns");
    const files = fixture("shared-import", ["services.ts", "infrastructure.ts", "distribution.ts"]);
    const { result } = await synthesizeSpecs(files, "/out");
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => f.path).sort()).toEqual([
      "distribution.nix",
      "infrastructure.nix",
      "services.nix",
    ]);
    expect(runs("sharedImportRuns") - before).toBe(1);
  });

  it("runs specs with a mistake again, recording where their builders were called", async () => {
    const before = runs("misnamedRuns");
    const files = fixture("misnamed", ["services.ts"]);
    const { result } = await synthesizeSpecs(files, "/out");
    expect(runs("misnamedRuns") - before).toBe(2);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["TN5001"]);
    // Read through the command's source maps (below), the site is the service's line.
    expect(result.diagnostics[0]?.location?.line).toBeGreaterThan(0);
  });

  it("reports the mistake at its line from the command line", () => {
    const run = typenix(["synth", "test/cli/fixtures/misnamed", "-o", tempDir()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("test/cli/fixtures/misnamed/services.ts:8:8: error TN5001");
  });
});
