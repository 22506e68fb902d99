/**
 * What `synth --watch` watches: the files the last run was made from (the
 * spec files and every file of the user's they import, wherever it is),
 * and the scripts of the deployment directories given, where a new spec
 * file may appear.
 *
 * Folders are watched, each on its own, never a whole tree: a project's
 * node_modules holds thousands of folders, and a recursive watch sets one
 * up for each. Watching the folder rather than the file also sees editors
 * that save by renaming a new file into place, which a watch of the old
 * file would miss.
 */
import { watch, type FSWatcher } from "node:fs";
import { dirname, join } from "node:path";

/** Watches of the sources of a run. */
export interface SourceWatch {
  /** Watches `sources` from now on, instead of the files watched so far. */
  update(sources: readonly string[]): void;
}

/** Script files, which may become spec files of a deployment directory. */
const SCRIPT = /\.[cm]?[jt]sx?$/;

/** Calls `changed` whenever a source, or a script in one of `directories`, changes. */
export function watchSources(directories: readonly string[], changed: () => void): SourceWatch {
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  const folders = new Set(directories);
  const listener =
    (folder: string) =>
    (_event: string, name: string | null): void => {
      // Without a name (some file systems), any change may be one of ours.
      if (name === null) return changed();
      const file = join(folder, name);
      if (files.has(file) || (folders.has(folder) && SCRIPT.test(name))) changed();
    };
  const update = (sources: readonly string[]): void => {
    files = new Set(sources);
    const wanted = new Set([...folders, ...sources.map((source) => dirname(source))]);
    for (const [folder, watcher] of watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of wanted) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, listener(folder));
        // A folder removed ends its watch; a later run that names it again watches it again.
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(folder);
        });
        watchers.set(folder, watcher);
      } catch {
        // A folder already gone: the same.
      }
    }
  };
  return { update };
}
