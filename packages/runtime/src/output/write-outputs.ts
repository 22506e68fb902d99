/**
 * Writing generated files: all or nothing, each file atomically (a
 * temporary file renamed over the old one), never outside the output
 * directory, plus a manifest of inputs and outputs with their hashes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** A file to write, relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** The manifest file name. */
export const MANIFEST = "typenix-manifest.json";

/** sha256 of text, hex. */
export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The manifest written next to the outputs: the files the outputs were made
 * from (the spec files and the user's files they import) and the outputs,
 * with their hashes.
 */
export function manifest(
  outDir: string,
  inputs: readonly string[],
  outputs: readonly OutputFile[],
  version: string,
): OutputFile {
  // In order of path: the same inputs give the same manifest whatever order they are given in.
  const byPath = (a: { path: string }, b: { path: string }): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  const content = {
    generator: `typenix ${version}`,
    inputs: inputs
      .map((f) => ({
        path: relative(outDir, f).split(sep).join("/"),
        sha256: sha256(readFileSync(f)),
      }))
      .sort(byPath),
    outputs: outputs.map((o) => ({ path: o.path, sha256: sha256(o.content) })).sort(byPath),
  };
  return { path: MANIFEST, content: `${JSON.stringify(content, null, 2)}\n` };
}

/** Resolves an output path, refusing anything that would land outside `outDir`. */
export function outputPath(outDir: string, path: string): string {
  const full = resolve(outDir, path);
  const rel = relative(outDir, full);
  if (rel === "" || rel.startsWith("..") || resolve(outDir, rel) !== full || path.includes("\0")) {
    throw new Error(`refusing to write outside the output directory: ${JSON.stringify(path)}`);
  }
  return full;
}

/** The files whose content differs from what is on disk (for --check). */
export function staleFiles(outDir: string, files: readonly OutputFile[]): string[] {
  return files
    .filter((f) => {
      const full = outputPath(outDir, f.path);
      return !existsSync(full) || readFileSync(full, "utf8") !== f.content;
    })
    .map((f) => f.path);
}

/**
 * Writes every file: first all temporary files, then the renames, so a
 * failure while writing leaves the previous outputs in place.
 */
export function writeOutputs(outDir: string, files: readonly OutputFile[]): void {
  const staged: [string, string][] = [];
  try {
    for (const file of files) {
      const full = outputPath(outDir, file.path);
      mkdirSync(dirname(full), { recursive: true });
      const temp = join(
        dirname(full),
        `.${file.path.split("/").pop() ?? "out"}.typenix-${process.pid}.tmp`,
      );
      writeFileSync(temp, file.content);
      staged.push([temp, full]);
    }
  } catch (error) {
    for (const [temp] of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const [temp, full] of staged) renameSync(temp, full);
}
