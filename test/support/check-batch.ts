/**
 * `typenix check` over many deployments a test file writes, in one run: one
 * TypeScript program for all of them instead of a fresh one (about two
 * seconds) per case. Each deployment still gets its own whole-model checks,
 * and every error names the file it is in, so a failure points at its case.
 */
import { expect } from "vitest";
import { typenix } from "./typenix-cli.js";

export interface CheckBatch {
  /**
   * Adds deployment directories for `expectClean` to check (loose spec
   * files given together are one deployment, so they are not batched).
   */
  add(...directories: readonly string[]): void;
  /** Runs one `typenix check` over everything added so far and expects no error. */
  expectClean(): void;
}

/** A new, empty batch. */
export function checkBatch(): CheckBatch {
  const inputs: string[] = [];
  return {
    add: (...directories) => {
      inputs.push(...directories);
    },
    expectClean: () => {
      expect(inputs.length, "no deployment was added to the batch").toBeGreaterThan(0);
      const check = typenix(["check", ...inputs]);
      expect(check.stderr).not.toMatch(/: error/);
      expect(check.status).toBe(0);
      expect(check.stderr).toMatch(/no errors/);
    },
  };
}
