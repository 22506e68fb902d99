/**
 * Whether the directory `-o` names can be an output directory, told
 * before a command does its work, so that a wrong `-o` is a usage error
 * (exit 2) whatever the inputs, for every command that writes.
 */
import { statSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { brokenLink } from "./write-outputs.js";

/**
 * Why `outDir` (-o `given`) cannot be the output directory: it is a file
 * or a symbolic link that leads nowhere, or a folder above it is. (What
 * else keeps it from being made shows when it is made.)
 */
export function outDirProblem(outDir: string, given: string): string | undefined {
  for (let path = outDir; ; path = dirname(path)) {
    const stat = followed(path);
    if (stat === undefined) {
      if (dirname(path) === path) return undefined;
      continue;
    }
    if (typeof stat !== "string" && stat.isDirectory()) return undefined;
    const what = typeof stat === "string" ? `a symbolic link ${stat}` : "a file, not a directory";
    return path === outDir
      ? `-o names ${what}: ${given}`
      : `cannot make the output directory ${given}: ${path} is ${what}`;
  }
}

/**
 * What is at `path`, symbolic links followed: its stats; for a link that
 * leads nowhere, where it leads, in words; undefined where nothing is (or
 * where a file or such a link above it is in the way, found further up).
 */
function followed(path: string): Stats | string | undefined {
  try {
    return statSync(path);
  } catch {
    return brokenLink(path);
  }
}
