/**
 * The spec files a synth or check run reads: those of the inputs, where a
 * deployment directory's `typenix.config.ts` may name other files than
 * the standard ones.
 */
import { existsSync } from "node:fs";
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
 * not exist (a usage error) or a `typenix.config.ts` that failed.
 */
export async function specFilesOrExit(
  command: string,
  inputs: readonly string[],
): Promise<string[] | number> {
  let found: Awaited<ReturnType<typeof findSpecFiles>>;
  try {
    found = await findSpecFiles(inputs);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`typenix ${command}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (!hasErrors(found.diagnostics)) return found.files;
  process.stderr.write(renderDiagnostics(found.diagnostics));
  return EXIT_DIAGNOSTICS;
}

/**
 * The spec files of `inputs`, or the diagnostics of a `typenix.config.ts`
 * that failed to load. Throws a `UsageError` for inputs that do not exist.
 */
async function findSpecFiles(
  inputs: readonly string[],
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const config = inputs.map((i) => join(resolve(i), CONFIG_FILE)).find((f) => existsSync(f));
  if (config === undefined) return { files: discoverSpecFiles(inputs, undefined), diagnostics: [] };
  const loaded = await loadConfig(config);
  if ("diagnostics" in loaded) return { files: [], diagnostics: loaded.diagnostics };
  return { files: discoverSpecFiles(inputs, loaded.files), diagnostics: [] };
}

/** Runs `typenix.config.ts` and checks what it exports. */
async function loadConfig(file: string): Promise<TypenixConfig | { diagnostics: Diagnostic[] }> {
  const { specs, diagnostics } = await loadSpecs([file]);
  if (diagnostics.length > 0) return { diagnostics };
  const config = specs[0]?.value ?? {};
  if (isConfig(config)) return config;
  return {
    diagnostics: [
      errorDiagnostic(
        "TN1005",
        "typenix.config.ts must export an object as its default: { files?: string[] }",
        { file, line: 1, column: 1 },
        'for example: export default { files: ["services.ts", "distribution.ts"] };',
      ),
    ],
  };
}

function isConfig(value: unknown): value is TypenixConfig {
  if (typeof value !== "object" || value === null) return false;
  const { files } = value as { files?: unknown };
  return files === undefined || (Array.isArray(files) && files.every((f) => typeof f === "string"));
}
