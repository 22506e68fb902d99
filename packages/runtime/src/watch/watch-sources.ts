/**
 * What `synth --watch` watches: the files the last run was made from (the
 * spec files and every file of the user's they import, wherever it is,
 * and the files and folders spec code names through `nix.path` and
 * `nix.import`), the scripts of the deployment directories given, where a
 * new spec file may appear, and, after a run that failed for want of a
 * file (an import that does not resolve, a spec file a config names), the
 * nearest folder that exists on the way to that file.
 *
 * Folders are watched, each on its own, never a whole tree: a project's
 * node_modules holds thousands of folders, and a recursive watch sets one
 * up for each. Only a folder spec code names as an input is watched with
 * all its tree: Nix copies all of it, so a change anywhere in it counts.
 * Watching the folder rather than the file also sees editors that save by
 * renaming a new file into place, which a watch of the old file would miss.
 */
import { statSync, watch, type FSWatcher, type Stats } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { OwnFiles, realPath } from "../output/write-outputs.js";

/** What a run asks to be watched. */
export interface WatchedPaths {
  /** The files and folders the run was made from. */
  readonly sources: readonly string[];
  /** Paths that do not exist and, made, may fix the run. */
  readonly awaited: readonly string[];
  /**
   * The outputs (relative to OUT) that runs wrote or removed, and their
   * manifest: their changes are typenix's own, and start no run.
   */
  readonly outputs: readonly string[];
}

/** Watches of the sources of a run. */
export interface SourceWatch {
  /**
   * Watches `paths` from now on, instead of the paths watched so far.
   * True when it began to watch a folder any change in which counts: a
   * change made there before the watch began (a file made in a folder
   * made a moment before) went unseen, so the caller runs again.
   */
  update(paths: WatchedPaths): boolean;
}

/** Script files, which may become spec files of a deployment directory. */
const SCRIPT = /\.[cm]?[jt]sx?$/;

/** How a folder is watched: which of its changes count. */
interface FolderWatch {
  /** Any change in it (or, recursive, under it) counts, not only one of a file watched. */
  readonly any: boolean;
  /** Its whole tree is watched. */
  readonly recursive: boolean;
  /**
   * The names on the way to the missing paths it is the nearest existing
   * folder of: a change counts only under one of them (or one of them with
   * a script's extension, which an import may leave out or name as `.js`).
   * Any other file there, a log the command itself writes among them, may
   * change as often as it likes without fixing anything.
   */
  readonly awaiting?: ReadonlySet<string>;
}

/**
 * Calls `changed` whenever a source, or a script in one of `directories`,
 * changes, or an awaited path may have appeared. Changes of the outputs a
 * run writes in `outDir` (see `OwnFiles`) never count; those of other
 * files there, spec files among them when OUT is their folder, do.
 */
export function watchSources(
  directories: readonly string[],
  outDir: string,
  changed: () => void,
): SourceWatch {
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  let own = new OwnFiles(outDir, []);
  const scriptFolders = new Set(directories);
  const listener =
    (folder: string, how: FolderWatch) =>
    (_event: string, name: string | null): void => {
      // Without a name (some file systems), any change may be one of ours.
      if (name === null) return changed();
      const file = join(folder, name);
      const real = realPath(file);
      if (own.has(real) || own.holds(real)) return;
      if (how.awaiting) {
        if (how.awaiting.has(name) || how.awaiting.has(name.replace(SCRIPT, ""))) changed();
      } else if (how.any || files.has(file) || (scriptFolders.has(folder) && SCRIPT.test(name)))
        changed();
    };
  const update = (paths: WatchedPaths): boolean => {
    let began = false;
    files = new Set(paths.sources);
    own = new OwnFiles(outDir, paths.outputs);
    const wanted = wantedFolders(scriptFolders, paths);
    for (const [key, watcher] of watchers) {
      if (wanted.has(key)) continue;
      watcher.close();
      watchers.delete(key);
    }
    for (const [key, { folder, how }] of wanted) {
      if (watchers.has(key)) continue;
      try {
        const watcher = watch(folder, { recursive: how.recursive }, listener(folder, how));
        // A folder removed ends its watch; a later run that names it again watches it again.
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(key);
        });
        watchers.set(key, watcher);
        began ||= how.any;
      } catch {
        // A folder already gone: the same.
      }
    }
    return began;
  };
  return { update };
}

/**
 * The folders to watch, by a key that tells one way of watching a folder
 * from another: the folders of the sources (and the scripts folders), a
 * source folder with its tree, and the nearest existing folder of each
 * awaited path.
 */
function wantedFolders(
  scriptFolders: ReadonlySet<string>,
  paths: WatchedPaths,
): Map<string, { folder: string; how: FolderWatch }> {
  const wanted = new Map<string, { folder: string; how: FolderWatch }>();
  const add = (folder: string, how: FolderWatch): void => {
    const key = `${how.recursive ? "tree" : how.any ? "any" : "files"}:${folder}`;
    wanted.set(key, { folder, how });
  };
  // The nearest existing folder of each missing path, and the names on the way to them.
  const awaiting = new Map<string, Set<string>>();
  const awaitPath = (path: string): void => {
    const folder = nearestFolder(path);
    const name = relative(folder, path).split(sep)[0] as string;
    let names = awaiting.get(folder);
    if (names === undefined) awaiting.set(folder, (names = new Set()));
    names.add(name).add(name.replace(SCRIPT, ""));
  };
  const byName: FolderWatch = { any: false, recursive: false };
  for (const folder of scriptFolders) add(folder, byName);
  for (const source of paths.sources) {
    // Its folder sees it replaced or removed.
    add(dirname(source), byName);
    const stat = statOf(source);
    if (stat?.isDirectory()) add(source, { any: true, recursive: true });
    else if (stat === undefined) awaitPath(source);
  }
  paths.awaited.forEach(awaitPath);
  for (const [folder, names] of awaiting) {
    // Keyed by the names too: a watch awaiting other names is made anew.
    const key = `await:${folder}:${[...names].sort().join("/")}`;
    wanted.set(key, { folder, how: { any: true, recursive: false, awaiting: names } });
  }
  return wanted;
}

/** The nearest folder of `path` (not itself) that exists. */
function nearestFolder(path: string): string {
  let folder = dirname(path);
  while (dirname(folder) !== folder && !statOf(folder)?.isDirectory()) folder = dirname(folder);
  return folder;
}

/**
 * What `path` is, or undefined where it cannot be read: missing, or on a
 * looping link or in a folder that cannot be searched, which an edit may
 * yet fix, so the watch waits for it as for a missing path.
 */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
