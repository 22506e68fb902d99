/**
 * Spec files are loaded together: one that another imports (the
 * distribution imports the services model) runs once, and both see the
 * same model. A second load runs them again (watch mode sees edits).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSpecs } from "../../packages/runtime/src/load/load-specs.js";

const dir = fileURLToPath(new URL("./fixtures/shared-import/", import.meta.url));
const files = ["services.ts", "infrastructure.ts", "distribution.ts"].map((f) => dir + f);
const runs = (): number => (globalThis as { sharedImportRuns?: number }).sharedImportRuns ?? 0;

describe("loadSpecs", () => {
  it("runs a spec imported by another once, and both see the same model", async () => {
    const before = runs();
    const { specs, diagnostics } = await loadSpecs(files);
    expect(diagnostics).toEqual([]);
    expect(runs() - before).toBe(1);
    const [services, , distribution] = specs.map((s) => s.value);
    expect((distribution as { services: unknown }).services).toBe(services);
  });

  it("runs the specs again on the next load", async () => {
    const first = await loadSpecs(files);
    const before = runs();
    const second = await loadSpecs(files);
    expect(runs() - before).toBe(1);
    expect(second.specs[0]?.value).not.toBe(first.specs[0]?.value);
  });
});
