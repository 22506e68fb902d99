/**
 * bench/synth's measured run (its child process, from typenix's sources):
 * the bench deployment synthesizes without a diagnostic, as a bench of an
 * error path would time nothing a user waits for, and each run's span is
 * split into the DSL's builders, timed call by call, and the spec code
 * around them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../support/typenix-cli.js";

const TSX = join(ROOT, "node_modules/.bin/tsx");
const SERVICES = 20;

/** The steps of one run, as the child reports them (milliseconds). */
interface Steps {
  readonly specCode: number;
  readonly builders: number;
  readonly synth: number;
  readonly write: number;
}

describe("bench/synth's child", () => {
  const out = tempDir();
  const run = spawnSync(TSX, ["synth.ts", "--child", String(SERVICES), "sources", "", out], {
    cwd: join(ROOT, "bench"),
    encoding: "utf8",
  });

  it("synthesizes the bench deployment without a diagnostic", () => {
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { diagnostics: number }).diagnostics).toBe(0);
    const services = readFileSync(join(out, "services.nix"), "utf8");
    expect(services).toContain(`svc${SERVICES - 1} = {`);
    expect(services).toContain(`inherit svc${SERVICES - 2};`);
    expect(readFileSync(join(out, "distribution.nix"), "utf8")).toContain(
      `svc${SERVICES - 1} = [ infrastructure.test${SERVICES - 1} ];`,
    );
  });

  it("times the builders apart from the spec code, in the first run and the warm ones", () => {
    const report = JSON.parse(run.stdout) as { cold: Steps; warm: Steps };
    for (const steps of [report.cold, report.warm]) {
      expect(steps.builders).toBeGreaterThan(0);
      expect(steps.specCode).toBeGreaterThanOrEqual(0);
      expect(steps.synth).toBeGreaterThan(0);
    }
  });
});
