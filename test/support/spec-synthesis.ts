/**
 * Spec directories written inside the repository (so their spec files
 * resolve @typenix/dsl) and synthesized with the real `typenix` binary.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, expect } from "vitest";
import { ROOT, tempDir, typenix, type CliResult } from "./typenix-cli.js";

/** What `synth` gives: the spec directory, OUT and the command's result. */
export interface Synthesized {
  readonly dir: string;
  readonly out: string;
  readonly result: CliResult;
}

/**
 * `synth` and `synthOk` for a test file, writing spec directories in a
 * fresh folder under `folder` (relative to the repository), removed after
 * the file's tests.
 */
export function specSynthesis(folder: string): {
  /** Writes `files` to a fresh spec directory and runs `typenix synth` on it. */
  synth(files: Record<string, string>): Synthesized;
  /** Like `synth`, expecting success: OUT. */
  synthOk(files: Record<string, string>): string;
} {
  const root = mkdtempSync(join(ROOT, folder, ".out-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let specs = 0;
  const synth = (files: Record<string, string>): Synthesized => {
    const dir = join(root, `spec${++specs}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const out = tempDir();
    return { dir, out, result: typenix(["synth", dir, "-o", out]) };
  };
  const synthOk = (files: Record<string, string>): string => {
    const { out, result } = synth(files);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    return out;
  };
  return { synth, synthOk };
}

/** `file:line:col` of the first occurrence of `needle` in `text` (1-based), as the CLI prints it. */
export function at(file: string, text: string, needle: string): string {
  const offset = text.indexOf(needle);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split("\n");
  return `${relative(ROOT, file)}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}
