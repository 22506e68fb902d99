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

/**
 * Resolves command-line inputs to spec files; throws a usage error message
 * for missing inputs. `configured` holds, by input, the files a deployment
 * directory's `typenix.config.ts` names, relative to the directory (an
 * absolute path as it is); a directory not in it is read for the standard
 * files. Each named file must exist.
 */
export function discoverSpecFiles(
  inputs: readonly string[],
  configured: ReadonlyMap<string, readonly string[]> = new Map(),
): string[] {
  return [...new Set(inputs.flatMap((input) => inputFiles(input, configured).files))];
}

/**
 * The spec files of `inputs` (as `discoverSpecFiles`), by deployment: each
 * directory given is one, and the files given one by one are one
 * together, after the directories.
 */
export function discoverDeployments(
  inputs: readonly string[],
  configured: ReadonlyMap<string, readonly string[]> = new Map(),
): string[][] {
  const found = inputs.map((input) => inputFiles(input, configured));
  const loose = found.filter((f) => !f.directory).flatMap((f) => f.files);
  const directories = found.filter((f) => f.directory).map((f) => f.files);
  return [...directories, ...(loose.length > 0 ? [[...new Set(loose)]] : [])];
}

/** The spec files of one input, and whether it is a deployment directory. */
function inputFiles(
  input: string,
  configured: ReadonlyMap<string, readonly string[]>,
): { directory: boolean; files: string[] } {
  const path = resolve(input);
  if (!existsSync(path))
    throw new UsageError(`no such file or directory: ${input}`, {
      awaited: path,
      commandLine: true,
    });
  if (!statSync(path).isDirectory()) {
    if (!isSpecFileName(path))
      throw new UsageError(`${input} is no spec file: ${notSpecFile(path)}`, { commandLine: true });
    return { directory: false, files: [path] };
  }
  const names = configured.get(input);
  if (names !== undefined) return { directory: true, files: configuredFiles(input, names) };
  const found = STANDARD_SPEC_FILES.filter((n) => existsSync(join(path, n)));
  if (found.length === 0)
    throw new UsageError(`${input} holds none of ${STANDARD_SPEC_FILES.join(", ")}`);
  const folder = found.find((n) => statSync(join(path, n)).isDirectory());
  if (folder !== undefined)
    throw new UsageError(`${join(input, folder)} is a folder, not a spec file`);
  return { directory: true, files: found.map((n) => join(path, n)) };
}

/** The names of the files spec files are: TypeScript and JavaScript, as esbuild loads them. */
const SPEC_FILE_NAME = /\.[cm]?[jt]sx?$/;

/** Whether `file` is named as a spec file is. */
function isSpecFileName(file: string): boolean {
  return SPEC_FILE_NAME.test(file) && !/\.d\.[cm]?ts$/.test(file);
}

/** Why `file`, a file of another name, is no spec file, and what to do instead. */
function notSpecFile(file: string): string {
  const kinds =
    "a spec file is TypeScript or JavaScript (.ts, .mts, .cts, .tsx, .js, .mjs, .cjs, .jsx)";
  return file.endsWith(".nix")
    ? `${kinds}; \`typenix import\` turns a Nix model into spec files`
    : kinds;
}

/** The files `names`, which the config file of directory `input` names. */
function configuredFiles(input: string, names: readonly string[]): string[] {
  const config = join(input, CONFIG_FILE);
  if (names.length === 0) throw new UsageError(`${config} names no spec files`);
  return names.map((name) => {
    const file = resolve(input, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined)
      throw new UsageError(`${config} names ${name}, which does not exist`, { awaited: file });
    if (stat.isDirectory())
      throw new UsageError(`${config} names ${name}, a folder, not a spec file`);
    if (!isSpecFileName(file))
      throw new UsageError(`${config} names ${name}, which is no spec file: ${notSpecFile(file)}`);
    return file;
  });
}

/** What fixes a `UsageError`, as far as `synth --watch` can tell. */
export interface UsageErrorFix {
  /** A path that does not exist and, made, may fix it (watch mode waits for it). */
  readonly awaited?: string;
  /**
   * Whether the mistake is in the command line itself (a missing input
   * given on it), which no edit of a spec file or config can fix.
   */
  readonly commandLine?: boolean;
}

/** A mistake on the command line, or in what a config names (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    /** What may fix it. */
    readonly fix: UsageErrorFix = {},
  ) {
    super(message);
  }
}
