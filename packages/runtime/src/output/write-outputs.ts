/**
 * Writing generated files: all or nothing, each file atomically (a
 * temporary file renamed over the old one), never outside the output
 * directory, plus a manifest of inputs and outputs with their hashes.
 * Outputs of the previous run (its manifest) that a run no longer makes
 * are removed with the write, so nothing reading OUT sees them.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

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

/**
 * The outputs the manifest in `outDir` lists that are not among `files`
 * and are still files there: what the previous run wrote and this one does not.
 * Only the manifest's entries inside `outDir` count; an unreadable
 * manifest lists nothing (the user's files are never removed on a guess).
 */
export function leftoverFiles(outDir: string, files: readonly OutputFile[]): string[] {
  const written = new Set(files.map((f) => f.path));
  return previousOutputs(outDir).filter((path) => {
    if (written.has(path) || path === MANIFEST) return false;
    try {
      // Files only: a folder is not an output, whatever the manifest says.
      return lstatSync(outputPath(outDir, path), { throwIfNoEntry: false })?.isFile() === true;
    } catch {
      return false;
    }
  });
}

/** The output paths the manifest in `outDir` lists. */
function previousOutputs(outDir: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(outDir, MANIFEST), "utf8"));
  } catch {
    return [];
  }
  const outputs = (parsed as { outputs?: unknown } | null)?.outputs;
  if (!Array.isArray(outputs)) return [];
  return outputs
    .map((o) => (o as { path?: unknown } | null)?.path)
    .filter((path): path is string => typeof path === "string");
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
 * failure while writing leaves the previous outputs in place. `leftovers`
 * (see `leftoverFiles`) are removed before the manifest is renamed into
 * place: until then the old manifest lists them, so a run that stops
 * halfway is cleaned up by the next.
 */
export function writeOutputs(
  outDir: string,
  files: readonly OutputFile[],
  leftovers: readonly string[] = [],
): void {
  const staged: [string, string][] = [];
  try {
    for (const file of files) {
      const full = outputPath(outDir, file.path);
      mkdirSync(dirname(full), { recursive: true });
      const temp = temporaryPath(full);
      writeFileSync(temp, file.content);
      staged.push([temp, full]);
    }
  } catch (error) {
    for (const [temp] of staged) rmSync(temp, { force: true });
    throw error;
  }
  const manifestPath = outputPath(outDir, MANIFEST);
  for (const [temp, full] of staged) if (full !== manifestPath) renameSync(temp, full);
  for (const path of leftovers) removeOutput(outDir, path);
  for (const [temp, full] of staged) if (full === manifestPath) renameSync(temp, full);
}

/** The temporary file `full` is written to before it is renamed into place. */
function temporaryPath(full: string): string {
  return join(dirname(full), `.${basename(full)}.typenix-${process.pid}.tmp`);
}

/**
 * Replaces the existing file `path` with `content` atomically, as an
 * editor saving it would: through a symbolic link, the file it names, and
 * with that file's permissions and, where allowed, its owner.
 */
export function replaceFile(path: string, content: string): void {
  const real = realpathSync(path);
  const { mode, uid, gid } = statSync(real);
  const temp = temporaryPath(real);
  try {
    writeFileSync(temp, content);
    chmodSync(temp, mode & 0o7777);
    keepOwner(temp, uid, gid);
    renameSync(temp, real);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Gives `file` the owner of the file it replaces; only root may give a file away. */
function keepOwner(file: string, uid: number, gid: number): void {
  const stat = statSync(file);
  if (stat.uid === uid && stat.gid === gid) return;
  try {
    chownSync(file, uid, gid);
  } catch {
    // Not permitted: the replacement is the writer's, as an editor's would be.
  }
}

/** Removes an output file, then its folders that it leaves empty, up to `outDir`. */
function removeOutput(outDir: string, path: string): void {
  const full = outputPath(outDir, path);
  rmSync(full, { force: true });
  for (
    let dir = dirname(full);
    dir !== outDir && dir.startsWith(outDir + sep);
    dir = dirname(dir)
  ) {
    if (readdirSync(dir).length > 0) break;
    rmdirSync(dir);
  }
}
