/**
 * The spec files a synth or check run reads: those of the inputs, where a
 * deployment directory's `typenix.config.ts` may name other files than
 * the standard ones.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { errorDiagnostic, hasErrors, type Diagnostic } from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_USAGE } from "../cli/exit-codes.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { CONFIG_FILE, UsageError, discoverSpecFiles } from "./discover.js";
import { loadSpecs } from "./load-specs.js";

/** What `typenix.config.ts` may say. */
export interface TypenixConfig {
  /** The spec files of the directory, relative to it, in the order they are read. */
  readonly files?: readonly string[];
}

/**
 * The spec files of `inputs` for `command` (synth, check), or the exit
 * code after saying on standard error why there are none: inputs that do
 * not exist (a usage error, also given to `onUsageError`) or a
 * `typenix.config.ts` that failed.
 */
export async function specFilesOrExit(
  command: string,
  inputs: readonly string[],
  onUsageError: (error: UsageError) => void = () => undefined,
): Promise<string[] | number> {
  let found: Awaited<ReturnType<typeof findSpecFiles>>;
  try {
    found = await findSpecFiles(inputs);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`typenix ${command}: ${error.message}\n`);
    onUsageError(error);
    return EXIT_USAGE;
  }
  if (!hasErrors(found.diagnostics)) return found.files;
  process.stderr.write(renderDiagnostics(found.diagnostics));
  return EXIT_DIAGNOSTICS;
}

/**
 * The spec files of `inputs`, or the diagnostics of a `typenix.config.ts`
 * that failed to load. Each deployment directory given is read as its own
 * `typenix.config.ts` says, if it has one. Throws a `UsageError` for
 * inputs that do not exist and files a config names that do not.
 */
async function findSpecFiles(
  inputs: readonly string[],
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const configs = new Map<string, string>();
  for (const input of inputs) {
    const config = join(resolve(input), CONFIG_FILE);
    if (statSync(resolve(input), { throwIfNoEntry: false })?.isDirectory() && existsSync(config))
      configs.set(input, config);
  }
  if (configs.size === 0) return { files: discoverSpecFiles(inputs), diagnostics: [] };
  const loaded = await loadConfigs([...new Set(configs.values())]);
  if ("diagnostics" in loaded) return { files: [], diagnostics: loaded.diagnostics };
  const configured = new Map<string, readonly string[]>();
  for (const [input, config] of configs) {
    const files = loaded.get(config)?.files;
    if (files !== undefined) configured.set(input, files);
  }
  return { files: discoverSpecFiles(inputs, configured), diagnostics: [] };
}

/** Runs the `typenix.config.ts` files (absolute paths) and checks what each exports. */
async function loadConfigs(
  files: readonly string[],
): Promise<Map<string, TypenixConfig> | { diagnostics: Diagnostic[] }> {
  const { specs, diagnostics } = await loadSpecs(files);
  if (diagnostics.length > 0) return { diagnostics };
  const configs = new Map<string, TypenixConfig>();
  for (const { file, value } of specs) {
    const config = value ?? {};
    if (isConfig(config)) configs.set(file, config);
    else
      diagnostics.push(
        errorDiagnostic(
          "TN1005",
          "typenix.config.ts must export an object as its default: { files?: string[] }",
          { file, line: 1, column: 1 },
          'for example: export default { files: ["services.ts", "distribution.ts"] };',
        ),
      );
  }
  return diagnostics.length > 0 ? { diagnostics } : configs;
}

function isConfig(value: unknown): value is TypenixConfig {
  if (typeof value !== "object" || value === null) return false;
  const { files } = value as { files?: unknown };
  return files === undefined || (Array.isArray(files) && files.every((f) => typeof f === "string"));
}
