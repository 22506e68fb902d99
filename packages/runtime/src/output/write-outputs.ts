/**
 * Writing generated files: all or nothing, each file atomically (a
 * temporary file renamed over the old one), never outside the output
 * directory, plus a manifest of inputs and outputs with their hashes.
 * Outputs of the previous run (its manifest) that a run no longer makes
 * are removed with the write, so nothing reading OUT sees them. A signal
 * that ends typenix waits for a write to finish or roll back, and what a
 * write killed outright leaves (temporary files, backups) the next one removes.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
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

/** An input of a run: a file or folder its outputs were made from. */
export interface ManifestInput {
  /** The path, absolute. */
  readonly path: string;
  /** How the manifest names it (an absolute or home path as spec code wrote it); by default, relative to OUT. */
  readonly shown?: string;
}

/**
 * A part of an input that Nix cannot add to the store: one that is no
 * file, folder or link (a FIFO, a socket, a device), or that cannot be read.
 */
export interface InputProblem {
  /** The input (absolute) that is it or holds it. */
  readonly input: string;
  /** The part itself, absolute. */
  readonly path: string;
  /** What it is, when that is the trouble: `FIFO`, `socket`, `device`. */
  readonly kind?: string;
  /** Why it could not be read, in words with the error code, when that is the trouble. */
  readonly reason?: string;
}

/** What else `manifest` needs to know, and whom it tells of trouble. */
export interface ManifestOptions {
  /** The outputs of the previous run that this one removes (see `leftoverFiles`). */
  readonly removed?: readonly string[];
  /** Told of each part of an input that Nix cannot add to the store. */
  readonly onProblem?: (problem: InputProblem) => void;
}

/**
 * The manifest written next to the outputs: the files the outputs were made
 * from (the spec files, the user's files they import, and the files and
 * folders spec code names through `nix.path` and `nix.import`) and the
 * outputs, with their hashes (see `inputHash`).
 */
export function manifest(
  outDir: string,
  inputs: readonly ManifestInput[],
  outputs: readonly OutputFile[],
  version: string,
  options: ManifestOptions = {},
): OutputFile {
  // In order of path: the same inputs give the same manifest whatever order they are given in.
  const byPath = (a: { path: string }, b: { path: string }): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  const own = new OwnFiles(outDir, [...outputs.map((o) => o.path), ...(options.removed ?? [])]);
  const onProblem = options.onProblem ?? ((): void => undefined);
  // One entry for each path, as the first input of that path names it.
  const unique = new Map<string, ManifestInput>();
  for (const input of inputs) if (!unique.has(input.path)) unique.set(input.path, input);
  const content = {
    generator: `typenix ${version}`,
    inputs: [...unique.values()]
      .map(({ path, shown }) => ({
        path: shown ?? relative(outDir, path).split(sep).join("/"),
        sha256: inputHash(path, own, (problem) => onProblem({ input: path, ...problem })),
      }))
      .sort(byPath),
    outputs: outputs.map((o) => ({ path: o.path, sha256: sha256(o.content) })).sort(byPath),
  };
  return { path: MANIFEST, content: `${JSON.stringify(content, null, 2)}\n` };
}

/**
 * `path` with the folders on its way resolved (links followed), whether
 * they exist or not, and its own name kept: where a file there is, when
 * `path` is reached through a link to a folder.
 */
export function realPath(path: string): string {
  const folder = dirname(path);
  return folder === path ? path : join(resolvedFolder(folder), basename(path));
}

/** The folder `folder` with every link on its way followed, as far as it exists. */
function resolvedFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    // Not there (yet), or a link that goes nowhere: the folders above it resolved.
    return realPath(folder);
  }
}

/**
 * The files a run writes or removes in OUT, by real path: its outputs, the
 * manifest, the previous run's outputs it removes, and the temporary and
 * backup files of any of them; and the folders from OUT to them. They are
 * left out where an input folder is or holds OUT (each run rewrites them,
 * and the outputs are not what they are made from), and their changes do
 * not start `--watch` again.
 */
export class OwnFiles {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  /** The files `paths` (relative to `outDir`) and the manifest. */
  constructor(outDir: string, paths: readonly string[]) {
    const out = resolvedFolder(outDir);
    for (const path of [...paths, MANIFEST]) {
      const full = resolve(outDir, path);
      if (!full.startsWith(outDir + sep)) continue;
      const real = realPath(full);
      this.files.add(real);
      for (let dir = dirname(real); dir === out || dir.startsWith(out + sep); dir = dirname(dir))
        this.folders.add(dir);
    }
  }

  /** Whether the file at `real` (a real path) is one of them, or a temporary or backup file of one. */
  has(real: string): boolean {
    if (this.files.has(real)) return true;
    const own = ownFileOf(basename(real));
    return own !== undefined && this.files.has(join(dirname(real), own.name));
  }

  /** Whether the folder `real` is OUT or one on the way from OUT to one of the files. */
  holds(real: string): boolean {
    return this.folders.has(real);
  }
}

/** A part of an input that Nix cannot add to the store, relative to the input. */
type Problem = Omit<InputProblem, "input">;

/**
 * The hash of an input: of a file, its content; of a folder, what Nix
 * copies of it into the store, every entry under it by path, with its
 * kind and content (a file's, executable or not; a link's target, as Nix
 * keeps links), so a change anywhere in it changes the hash; null for a
 * path that does not exist (a `nix.path` to a file not made yet). The
 * run's `own` files, and the folders that hold nothing else, are left out
 * where the folder is or holds OUT: each run rewrites them, and the
 * outputs are not what they are made from (an input that is one of them
 * has the same hash, made or not). Only regular files are read:
 * anything else Nix cannot copy (a FIFO, a socket, a device) counts by its
 * kind, and what cannot be read by the error code, each told to `onProblem`.
 */
export function inputHash(
  path: string,
  own: OwnFiles,
  onProblem: (problem: Problem) => void = () => undefined,
): string | null {
  // An output itself: what this run writes there, made or not yet, is not what it is made from.
  if (own.has(realPath(path))) return sha256("output");
  let stat: Stats | undefined;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    // A file on the way: as Nix's pathExists says, nothing is there.
    if (errorCode(error) === "ENOTDIR") return null;
    return sha256(unreadable(path, error, onProblem));
  }
  if (stat === undefined) return null;
  if (!stat.isDirectory()) {
    const file = fileHash(path, stat, onProblem);
    // A file's is the hash of its content, as sha256sum gives it.
    return file.sha256 ?? sha256(file.kind);
  }
  const hash = createHash("sha256");
  const real = resolvedFolder(path);
  for (const entry of folderEntries(path, real, "", own, onProblem)) hash.update(`${entry}\n`);
  return hash.digest("hex");
}

/**
 * One line for each entry under the folder `folder` (`real` resolved),
 * `under` the input it is in, in order of path; one line saying why for
 * a folder that cannot be listed.
 */
function folderEntries(
  folder: string,
  real: string,
  under: string,
  own: OwnFiles,
  onProblem: (problem: Problem) => void,
): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    return [`${JSON.stringify(under)} ${unreadable(folder, error, onProblem)}`];
  }
  const lines: string[] = [];
  for (const name of names) {
    const rel = under === "" ? name : `${under}/${name}`;
    const full = join(folder, name);
    const line = (what: string): number => lines.push(`${JSON.stringify(rel)} ${what}`);
    if (own.has(join(real, name))) continue;
    let stat: Stats;
    try {
      stat = lstatSync(full);
    } catch (error) {
      line(unreadable(full, error, onProblem));
      continue;
    }
    if (stat.isDirectory()) {
      const entries = folderEntries(full, join(real, name), rel, own, onProblem);
      // A folder that only this run's outputs are in is made by the run.
      if (entries.length === 0 && own.holds(join(real, name))) continue;
      lines.push(`${JSON.stringify(rel)} folder`, ...entries);
    } else if (stat.isSymbolicLink()) {
      line(`link ${sha256(readlinkSync(full))}`);
    } else {
      const file = fileHash(full, stat, onProblem);
      line(file.sha256 === undefined ? file.kind : `${file.kind} ${file.sha256}`);
    }
  }
  return lines;
}

/**
 * What the hash of the file `path` covers: for a regular file, whether it
 * is executable and the hash of its content; for anything else, its kind
 * alone (a FIFO would block a reader for ever), told to `onProblem`: Nix
 * refuses it; for a file that cannot be read, why.
 */
function fileHash(
  path: string,
  stat: Stats,
  onProblem: (problem: Problem) => void,
): { kind: string; sha256?: string } {
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? "FIFO" : stat.isSocket() ? "socket" : "device";
    onProblem({ path, kind });
    return { kind };
  }
  const kind = (stat.mode & 0o111) !== 0 ? "executable" : "file";
  try {
    return { kind, sha256: sha256(readFileSync(path)) };
  } catch (error) {
    return { kind: unreadable(path, error, onProblem) };
  }
}

/** The mark of a path that cannot be read, by its error code, told to `onProblem`; anything but a failure of the file system is thrown. */
function unreadable(path: string, error: unknown, onProblem: (problem: Problem) => void): string {
  const code = errorCode(error);
  if (code === undefined) throw error;
  onProblem({ path, reason: describeCode(code, error) });
  return `unreadable ${code}`;
}

/** The error code of a failure of the file system, if it is one. */
function errorCode(error: unknown): string | undefined {
  const { code } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === "string" ? code : undefined;
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

/**
 * The outputs among `files` that would replace a file in `outDir` no run
 * wrote: one that the manifest there does not list (a model written by
 * hand, the Nix files `typenix import` read), and that holds something
 * else than the output. Synth owns only the files its manifest lists.
 */
export function foreignFiles(outDir: string, files: readonly OutputFile[]): string[] {
  const listed = new Set(previousOutputs(outDir));
  return files
    .filter((f) => f.path !== MANIFEST && !listed.has(f.path))
    .filter((f) => holdsOtherThan(outputPath(outDir, f.path), f.content))
    .map((f) => f.path);
}

/**
 * Whether something other than a folder is at `full` (a folder in the way
 * is the write's to report) and is not a file holding `content`.
 */
function holdsOtherThan(full: string, content: string): boolean {
  let stat: Stats | undefined;
  try {
    stat = lstatSync(full, { throwIfNoEntry: false });
  } catch {
    // A file in the way of a folder above it: the write reports it.
    return false;
  }
  if (stat === undefined || stat.isDirectory()) return false;
  try {
    return !stat.isFile() || readFileSync(full, "utf8") !== content;
  } catch {
    return true;
  }
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
      try {
        return readFileSync(full, "utf8") !== f.content;
      } catch {
        // Missing, a folder, unreadable: not what this run would write.
        return true;
      }
    })
    .map((f) => f.path);
}

/** A file of the previous run that could not be put back, and the backup that still holds it. */
export interface KeptBackup {
  /** The output (or leftover) as the previous run left it, now this run's or gone. */
  readonly path: string;
  /** The backup holding the previous run's file, which is left in place. */
  readonly backup: string;
}

/**
 * Why outputs could not be written: the path that failed and the reason,
 * in words. `making` is true when it is the output directory itself (or a
 * folder above it) that could not be made: the directory -o names is
 * wrong, not a file in it.
 */
export class WriteError extends Error {
  override name = "WriteError";
  constructor(
    /** The path the write failed at. */
    readonly path: string,
    /** Why, in words, with the error code. */
    readonly reason: string,
    /** Whether it is the output directory (or a folder above it) that could not be made. */
    readonly making: boolean,
    /** Whether outputs of this run stayed in place: it failed while renaming, and putting the previous outputs back failed too. */
    readonly partly: boolean,
    /** The previous run's files that could not be put back, each kept in its backup. */
    readonly kept: readonly KeptBackup[] = [],
  ) {
    super(`${path}: ${reason}`);
  }
}

/**
 * Writes every file, all or nothing: first the folders and all temporary
 * files, then a check that each output's place can take a file (no folder
 * is in the way) and a backup (a hard link) of each file to be replaced,
 * and only then the renames. A failure before them leaves the previous
 * outputs, and nothing else, in place: the temporary files, backups and
 * folders made are removed again. A failure during them (a race with
 * another writer, a full disk) puts the backups back. `leftovers` (see
 * `leftoverFiles`) are moved aside before the manifest is renamed into
 * place and removed once it is. A backup that cannot be put back is kept
 * (`WriteError.kept`). What writes that ended before they were done left
 * next to the outputs (`strayFiles`) is removed once the write succeeds.
 * A failure of the file system is thrown as a `WriteError`.
 */
export function writeOutputs(
  outDir: string,
  files: readonly OutputFile[],
  leftovers: readonly string[] = [],
): void {
  deferEndingSignals();
  try {
    writeAll(outDir, files, leftovers);
  } finally {
    handleSignalsBeforeExit();
  }
}

/** `writeOutputs`, once signals wait for it. */
function writeAll(
  outDir: string,
  files: readonly OutputFile[],
  leftovers: readonly string[],
): void {
  // Found before this write makes files of its own, and before its manifest replaces the last.
  const strays = strayFiles(outDir, files);
  const write = new StagedWrite(outDir);
  try {
    write.stage(files);
  } catch (error) {
    write.discard();
    throw writeError(outDir, write.at, error, undefined);
  }
  try {
    write.commit(leftovers);
  } catch (error) {
    const kept = write.rollBack();
    throw writeError(outDir, write.at, error, kept);
  }
  write.finish();
  for (const path of strays) removeQuietly(() => rmSync(join(outDir, path), { force: true }));
}

/** The signals that end typenix, from a terminal, a service manager or a closed session. */
const ENDING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Makes the signals that end typenix wait for a write to finish or roll
 * back. Without a handler, Node dies as soon as one comes, between two
 * renames, leaving OUT half written. A handler runs only between tasks,
 * so never inside `writeOutputs`, which is synchronous: it ends the
 * process by the same signal once the write is done. It stays for the
 * rest of the process: removed, a signal that came during the write and
 * is not yet handled would be lost.
 */
function deferEndingSignals(): void {
  for (const signal of ENDING_SIGNALS)
    if (!process.listeners(signal).includes(endBySignal)) process.on(signal, endBySignal);
}

/**
 * Keeps the process alive until Node has looked for signals once more: a
 * signal that came during a write waits for Node's next poll for events,
 * which a process with nothing left to do would never make, exiting as if
 * no signal had come. An immediate that queues another spans one poll.
 */
function handleSignalsBeforeExit(): void {
  setImmediate(() => setImmediate(() => undefined));
}

/**
 * Ends the process by `signal`, as it would have ended with no handler
 * (the exit status tells a shell which signal it was).
 */
function endBySignal(signal: NodeJS.Signals): void {
  for (const each of ENDING_SIGNALS) process.removeListener(each, endBySignal);
  process.kill(process.pid, signal);
}

/**
 * The temporary files and backups (see `temporaryPath`, `backupPath`)
 * that writes by processes no longer running left next to the outputs in
 * `files` or those the manifest in `outDir` lists, relative to `outDir`:
 * a write killed outright (SIGKILL, a power cut) cannot remove its own.
 * Only files named exactly so count; the user's files are never touched.
 */
export function strayFiles(outDir: string, files: readonly OutputFile[]): string[] {
  const outputs = new Set([...files.map((f) => f.path), ...previousOutputs(outDir), MANIFEST]);
  const strays = new Set<string>();
  for (const path of outputs) {
    let full: string;
    try {
      full = outputPath(outDir, path);
    } catch {
      continue;
    }
    for (const name of strayNames(dirname(full), basename(full)))
      strays.add(
        relative(outDir, join(dirname(full), name))
          .split(sep)
          .join("/"),
      );
  }
  return [...strays];
}

/** The names in `dir` of the temporary files and backups of `name` left by ended processes. */
function strayNames(dir: string, name: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((entry) => {
    const own = ownFileOf(entry);
    if (own === undefined || own.name !== name || writing(own.pid)) return false;
    return lstatSync(join(dir, entry), { throwIfNoEntry: false })?.isFile() === true;
  });
}

/**
 * Whether the process `pid` may be writing still: it is running (or is
 * another user's, which it may not signal). This process is not: its
 * writes are synchronous, so none is under way when another starts.
 */
function writing(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * The state of one `writeOutputs`: the folders it made, the temporary
 * files it staged, the backups of the files they replace and of the
 * leftovers moved aside, and what it has renamed so far. `at` is the path
 * it is working on, which a failure names.
 */
class StagedWrite {
  at: string;
  private readonly made: string[] = [];
  /** Temporary file and its destination, in the order written. */
  private readonly staged: [temp: string, full: string][] = [];
  /** Destination (or leftover) and its backup. */
  private readonly backups = new Map<string, string>();
  private readonly renamed: string[] = [];
  private readonly movedAside: string[] = [];

  constructor(private readonly outDir: string) {
    this.at = outDir;
  }

  /** Makes the folders, writes the temporary files, checks each destination and backs it up. */
  stage(files: readonly OutputFile[]): void {
    this.made.push(...makeDirectories(this.outDir));
    for (const file of files) {
      const full = outputPath(this.outDir, file.path);
      this.at = full;
      this.made.push(...makeDirectories(dirname(full)));
      const temp = temporaryPath(full);
      this.staged.push([temp, full]);
      writeFileSync(temp, file.content);
    }
    for (const [, full] of this.staged) {
      this.at = full;
      const existing = lstatSync(full, { throwIfNoEntry: false });
      if (existing?.isDirectory())
        throw Object.assign(new Error(`a folder is in the way: ${full}`), { code: "EISDIR" });
      if (existing) this.backUp(full);
    }
  }

  /** Renames every output but the manifest, moves the leftovers aside, then renames the manifest. */
  commit(leftovers: readonly string[]): void {
    const manifestPath = outputPath(this.outDir, MANIFEST);
    this.renameStaged((full) => full !== manifestPath);
    for (const path of leftovers) {
      const full = outputPath(this.outDir, path);
      this.at = full;
      if (!lstatSync(full, { throwIfNoEntry: false })) continue;
      renameSync(full, backupPath(full));
      this.backups.set(full, backupPath(full));
      this.movedAside.push(full);
    }
    this.renameStaged((full) => full === manifestPath);
  }

  /** Removes the backups and the folders the leftovers leave empty. */
  finish(): void {
    for (const backup of this.backups.values())
      removeQuietly(() => rmSync(backup, { force: true }));
    for (const full of this.movedAside) removeQuietly(() => removeEmptyFolders(this.outDir, full));
  }

  /** Removes what `stage` made, but for the backups in `kept`. */
  discard(kept: readonly KeptBackup[] = []): void {
    for (const [temp] of this.staged) removeQuietly(() => rmSync(temp, { force: true }));
    for (const [full, backup] of this.backups)
      if (!kept.some((k) => k.path === full)) removeQuietly(() => rmSync(backup, { force: true }));
    for (const dir of this.made.reverse()) removeQuietly(() => rmdirSync(dir));
  }

  /**
   * Puts every output renamed and every leftover moved back as it was, then
   * removes what `stage` made; undefined if all was put back, else the
   * backups that could not be (kept: they are the previous run's files),
   * none where it was an output new in this run that could not be removed.
   */
  rollBack(): KeptBackup[] | undefined {
    let restored = true;
    const kept: KeptBackup[] = [];
    const restore = (full: string): void => {
      const backup = this.backups.get(full);
      try {
        if (backup === undefined) rmSync(full, { force: true });
        else renameSync(backup, full);
        this.backups.delete(full);
      } catch {
        restored = false;
        if (backup !== undefined) kept.push({ path: full, backup });
      }
    };
    [...this.renamed, ...this.movedAside].reverse().forEach(restore);
    this.discard(kept);
    return restored ? undefined : kept;
  }

  private renameStaged(which: (full: string) => boolean): void {
    for (const [temp, full] of this.staged) {
      if (!which(full)) continue;
      this.at = full;
      renameSync(temp, full);
      this.renamed.push(full);
    }
  }

  /** Keeps the file at `full` under a second name, as a hard link where the file system has them. */
  private backUp(full: string): void {
    const backup = backupPath(full);
    rmSync(backup, { force: true });
    try {
      linkSync(full, backup);
    } catch {
      copyFileSync(full, backup);
    }
    this.backups.set(full, backup);
  }
}

/**
 * Runs `use`, which works in the folder `dir` of or above `outDir` (made
 * first, if need be, as `writeOutputs` makes it), turning a failure of the
 * file system into a `WriteError`.
 */
export function inFolder<T>(outDir: string, dir: string, use: () => T): T {
  try {
    makeDirectories(dir);
    return use();
  } catch (error) {
    throw writeError(outDir, dir, error, undefined);
  }
}

/**
 * Makes `dir` and the folders above it that are missing, one at a time:
 * Node's recursive `mkdir` tries again for ever where a folder refuses new
 * entries with ENOENT, as /proc does. The folders made, outermost first.
 * A symbolic link to nothing (or in a loop) where a folder goes is a
 * folder that cannot be made, not one that is there.
 */
function makeDirectories(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    const entry = lstatSync(current, { throwIfNoEntry: false });
    if (entry?.isSymbolicLink()) followLink(current);
    if (entry !== undefined) break;
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  const made: string[] = [];
  try {
    for (const folder of missing) {
      mkdirSync(folder);
      made.push(folder);
    }
  } catch (error) {
    for (const folder of made.reverse()) removeQuietly(() => rmdirSync(folder));
    throw error;
  }
  return made;
}

/** Throws, as a failure to make the folder `link`, why the symbolic link `link` leads nowhere. */
function followLink(link: string): void {
  const broken = brokenLink(link);
  if (broken === undefined) return;
  const code = broken === "in a loop" ? "ELOOP" : "ENOENT";
  const described = `a symbolic link ${broken}`;
  throw Object.assign(new Error(`${code}: ${described}: ${link}`), {
    code,
    syscall: "mkdir",
    path: link,
    described,
  });
}

/**
 * Where the symbolic link `path` leads, in words, when it leads nowhere:
 * "to nothing" (a dangling link) or "in a loop"; undefined for anything
 * else (a link that leads somewhere, no link, nothing there).
 */
export function brokenLink(path: string): "to nothing" | "in a loop" | undefined {
  let code: string | undefined;
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code;
  }
  if (code !== "ENOENT" && code !== "ELOOP") return undefined;
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
  } catch {
    // Nothing there, or the way to it is what fails.
    return undefined;
  }
  return code === "ELOOP" ? "in a loop" : "to nothing";
}

/** Runs a removal that cleans up after a failure, which must not hide the failure. */
function removeQuietly(remove: () => void): void {
  try {
    remove();
  } catch {
    // What is left is a temporary file or an empty folder.
  }
}

/**
 * A failure of the file system at `at` as a `WriteError`, naming the path
 * it failed at (a folder above `at`, when that is where it failed).
 * Anything else (a bug) is thrown as it is.
 */
function writeError(
  outDir: string,
  at: string,
  error: unknown,
  kept: readonly KeptBackup[] | undefined,
): unknown {
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== "string") return error;
  // A folder failed to be made, or a file outside OUT: named by its own path; else the output.
  const failed = syscall === "mkdir" && path !== undefined ? path : at;
  const inside = failed.startsWith(outDir + sep);
  return new WriteError(failed, describeCode(code, error), !inside, kept !== undefined, kept);
}

/**
 * What an error code of the file system means, in words (those the error
 * brings, as `described`, else the code's), with the code.
 */
function describeCode(code: string, error?: unknown): string {
  const own = (error as { described?: unknown } | undefined)?.described;
  const words =
    typeof own === "string"
      ? own
      : (CODE_WORDS[code] ?? (error instanceof Error ? error.message : code));
  return `${words} (${code})`;
}

const CODE_WORDS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "a folder is in the way",
  ENOTDIR: "a file is in the way of a folder",
  ENOENT: "no such file or directory",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EXDEV: "a rename across file systems",
};

/** The temporary file `full` is written to before it is renamed into place. */
function temporaryPath(full: string): string {
  return ownFile(full, "tmp");
}

/** Where the file `full` is kept while a write may still be rolled back. */
function backupPath(full: string): string {
  return ownFile(full, "bak");
}

/** A file of this process's own beside `full`: `.NAME.typenix-PID.tmp` or `.bak`. */
function ownFile(full: string, kind: "tmp" | "bak"): string {
  return join(dirname(full), `.${basename(full)}.typenix-${process.pid}.${kind}`);
}

/** The file and process an own file's name (see `ownFile`) names, if it is one. */
function ownFileOf(entry: string): { name: string; pid: number } | undefined {
  const match = /^\.(.+)\.typenix-([1-9][0-9]*)\.(?:tmp|bak)$/.exec(entry);
  return match ? { name: match[1] ?? "", pid: Number(match[2]) } : undefined;
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

/** Removes the folders above the output `full` that are empty, up to `outDir`. */
function removeEmptyFolders(outDir: string, full: string): void {
  for (
    let dir = dirname(full);
    dir !== outDir && dir.startsWith(outDir + sep);
    dir = dirname(dir)
  ) {
    if (readdirSync(dir).length > 0) break;
    rmdirSync(dir);
  }
}
