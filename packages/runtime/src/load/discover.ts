/**
 * Which spec files a synth or check run reads: the standard model files of a
 * directory (or those its `typenix.config.ts` names), or the files given.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The model files looked for in a deployment directory, in this order. */
export const STANDARD_SPEC_FILES = [
  "constructors.ts",
  "processes.ts",
  "services.ts",
  "infrastructure.ts",
  "distribution.ts",
];

/** The config file of a deployment directory. */
export const CONFIG_FILE = "typenix.config.ts";

/** Resolves command-line inputs to spec files; throws a usage error message for missing inputs. */
export function discoverSpecFiles(
  inputs: readonly string[],
  configured: readonly string[] | undefined,
): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(input);
    if (!existsSync(path)) throw new UsageError(`no such file or directory: ${input}`);
    if (!statSync(path).isDirectory()) {
      files.push(path);
      continue;
    }
    const names = configured ?? STANDARD_SPEC_FILES;
    const found = names.map((n) => join(path, n)).filter((f) => existsSync(f));
    if (found.length === 0) throw new UsageError(`${input} holds none of ${names.join(", ")}`);
    files.push(...found);
  }
  return [...new Set(files)];
}

/** A mistake on the command line (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}
