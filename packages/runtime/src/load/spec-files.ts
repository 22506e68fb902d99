/**
 * The spec files a synth or check run reads: those of the inputs, where a
 * deployment directory's `typenix.config.ts` may name other files than
 * the standard ones.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  errorDiagnostic,
  hasErrors,
  type Diagnostic,
  type SourceLocation,
} from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_USAGE } from "../cli/exit-codes.js";
import { CONFIG_FILE, UsageError, discoverDeployments, discoverSpecFiles } from "./discover.js";
import { loadSpecs } from "./load-specs.js";

/** What `typenix.config.ts` may say. */
export interface TypenixConfig {
  /** The spec files of the directory, relative to it, in the order they are read. */
  readonly files?: readonly string[];
}

/** The spec files of a run, and the configs they were found by. */
export interface SpecFiles {
  /** The spec files, in the order they are read. */
  readonly files: string[];
  /** The spec files by deployment: each directory given, and the files given one by one. */
  readonly deployments: readonly (readonly string[])[];
  /** The `typenix.config.ts` files read, and every file of the user's they import. */
  readonly configSources: readonly string[];
}

/** Why a run has no spec files: its exit code, and what may fix it. */
export interface NoSpecFiles {
  readonly exitCode: number;
  /** As `SpecFiles.configSources`, where the configs were read. */
  readonly configSources: readonly string[];
  /** Paths that do not exist and, made, may fix the run (see `loadSpecs`). */
  readonly awaited: readonly string[];
  /** The usage error, when the run failed on one. */
  readonly usageError?: UsageError;
  /**
   * The diagnostics of the `typenix.config.ts` files that failed, when the
   * run failed on them: the caller says them, so that check can say the
   * configs' type errors with them.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The spec files of `inputs` for `command` (synth, check), or why there
 * are none: inputs that do not exist (a usage error, said on standard
 * error) or a `typenix.config.ts` that failed (its diagnostics returned).
 */
export async function specFilesOrExit(
  command: string,
  inputs: readonly string[],
): Promise<SpecFiles | NoSpecFiles> {
  let found: Awaited<ReturnType<typeof findSpecFiles>>;
  try {
    found = await findSpecFiles(inputs);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`typenix ${command}: ${error.message}\n`);
    const awaited = error.fix.awaited === undefined ? [] : [error.fix.awaited];
    return { exitCode: EXIT_USAGE, configSources: [], awaited, usageError: error, diagnostics: [] };
  }
  if (!hasErrors(found.diagnostics)) return found;
  const { configSources, awaited, diagnostics } = found;
  return { exitCode: EXIT_DIAGNOSTICS, configSources, awaited, diagnostics };
}

/**
 * The spec files of `inputs`, or the diagnostics of a `typenix.config.ts`
 * that failed to load. Each deployment directory given is read as its own
 * `typenix.config.ts` says, if it has one. Throws a `UsageError` for
 * inputs that do not exist and files a config names that do not.
 */
async function findSpecFiles(
  inputs: readonly string[],
): Promise<SpecFiles & { diagnostics: Diagnostic[]; awaited: readonly string[] }> {
  const configs = new Map<string, string>();
  for (const input of inputs) {
    const config = join(resolve(input), CONFIG_FILE);
    if (statSync(resolve(input), { throwIfNoEntry: false })?.isDirectory() && existsSync(config))
      configs.set(input, config);
  }
  const none = { configSources: [], diagnostics: [], awaited: [] };
  if (configs.size === 0) return { ...discovered(inputs, new Map()), ...none };
  const loaded = await loadConfigs([...new Set(configs.values())]);
  const read = { configSources: loaded.sources, awaited: loaded.awaited };
  if ("diagnostics" in loaded)
    return { files: [], deployments: [], diagnostics: loaded.diagnostics, ...read };
  const configured = new Map<string, readonly string[]>();
  for (const [input, config] of configs) {
    const files = loaded.configs.get(config)?.files;
    if (files !== undefined) configured.set(input, files);
  }
  return { ...discovered(inputs, configured), diagnostics: [], ...read };
}

/** The spec files of `inputs`, in all and by deployment. */
function discovered(
  inputs: readonly string[],
  configured: ReadonlyMap<string, readonly string[]>,
): Pick<SpecFiles, "files" | "deployments"> {
  return {
    files: discoverSpecFiles(inputs, configured),
    deployments: discoverDeployments(inputs, configured),
  };
}

/**
 * Runs the `typenix.config.ts` files (absolute paths) and checks what each
 * exports. A promise is awaited, as vite and vitest await a config's.
 */
async function loadConfigs(
  files: readonly string[],
): Promise<
  { sources: readonly string[]; awaited: readonly string[] } & (
    { configs: Map<string, TypenixConfig> } | { diagnostics: Diagnostic[] }
  )
> {
  const { specs, diagnostics, sources, awaited } = await loadSpecs(files, { awaitDefault: true });
  if (diagnostics.length > 0) return { diagnostics, sources, awaited };
  const configs = new Map<string, TypenixConfig>();
  for (const { file, value } of specs) {
    const config = value ?? {};
    if (!isObject(config))
      diagnostics.push(
        errorDiagnostic(
          "TN1005",
          "typenix.config.ts must export an object as its default (or a promise of one): { files?: string[] }",
          await atDefaultExport(file),
          FILES_EXAMPLE,
        ),
      );
    else if (!isConfig(config)) diagnostics.push(await filesDiagnostic(file));
    else if (unknownKeys(config).length > 0)
      diagnostics.push(...(await unknownKeyDiagnostics(file, config)));
    else configs.set(file, config);
  }
  return diagnostics.length > 0 ? { diagnostics, sources, awaited } : { configs, sources, awaited };
}

/** The keys a `typenix.config.ts` may have (see `TypenixConfig`). */
const CONFIG_KEYS: readonly string[] = ["files"] satisfies (keyof TypenixConfig)[];

/** The keys of `config` that no `typenix.config.ts` has: a misspelt one would be ignored. */
function unknownKeys(config: TypenixConfig): string[] {
  return Object.keys(config).filter((key) => !CONFIG_KEYS.includes(key));
}

/** TN1005 for each unknown key of `config`, at the key where the config's source writes it. */
async function unknownKeyDiagnostics(file: string, config: TypenixConfig): Promise<Diagnostic[]> {
  return Promise.all(
    unknownKeys(config).map(async (key) =>
      errorDiagnostic(
        "TN1005",
        `typenix.config.ts has an unknown key '${key}'`,
        await atConfigKey(file, key),
        `the keys it may have: ${CONFIG_KEYS.join(", ")}`,
      ),
    ),
  );
}

const FILES_EXAMPLE = 'for example: export default { files: ["services.ts", "distribution.ts"] };';

/** TN1005 for a `files` that is no list of file names, at the key where the config's source writes it. */
async function filesDiagnostic(file: string): Promise<Diagnostic> {
  return errorDiagnostic(
    "TN1005",
    "typenix.config.ts's files must be a list of file names (strings)",
    await atConfigKey(file, "files"),
    FILES_EXAMPLE,
  );
}

/** Where the config `file` writes `key`; its start when that cannot be told. */
async function atConfigKey(file: string, key: string): Promise<SourceLocation> {
  // Loaded only here: it loads the TypeScript compiler.
  const { locateDefaultExportProperty } = await import("./source-places.js");
  return locateDefaultExportProperty(file, key) ?? { file, line: 1, column: 1 };
}

/** Where the config `file` exports its default; its start when it has no such statement. */
async function atDefaultExport(file: string): Promise<SourceLocation> {
  const { locateDefaultExport } = await import("./source-places.js");
  return locateDefaultExport(file) ?? { file, line: 1, column: 1 };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isConfig(value: object): value is TypenixConfig {
  const { files } = value as { files?: unknown };
  return files === undefined || (Array.isArray(files) && files.every((f) => typeof f === "string"));
}

/**
 * The spec files the config `file` names, relative to its directory as
 * written; undefined when it names none (the directory's standard files
 * are read) or cannot be loaded (check and synth say why).
 */
export async function readConfigFiles(file: string): Promise<readonly string[] | undefined> {
  const loaded = await loadConfigs([file]);
  return "configs" in loaded ? loaded.configs.get(file)?.files : undefined;
}
