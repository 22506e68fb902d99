/**
 * Runs spec files (TypeScript, through tsx's esbuild-based loader) and
 * collects their default exports. A spec that throws becomes a diagnostic
 * at the user's line, never a raw stack trace.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { randomUUID } from "node:crypto";
import { register, tsImport } from "tsx/esm/api";
import type { Diagnostic, LoadedSpec } from "@typenix/compiler";

/** The loaded specs and the diagnostics of those that failed to load. */
export interface LoadResult {
  readonly specs: LoadedSpec[];
  readonly diagnostics: Diagnostic[];
}

/** Whether spec files were loaded in this process already. */
let loadedBefore = false;

/**
 * Imports the files and takes each default export, all the files of one
 * load together, so a spec imported by another (`distribution.ts` imports
 * `services.ts`) runs once.
 *
 * The first load in a process imports them as the command's own modules
 * are imported (through the loader the command registered): they share
 * the command's copy of the DSL, loaded already. Later loads (watch mode,
 * a second run that records call sites) need the specs to run again, on
 * the files as they are now: they import them in a fresh module namespace,
 * in which the DSL, and everything else the specs import, loads anew
 * (about 300 ms, against about 20 for the first load of a small spec).
 */
export async function loadSpecs(files: readonly string[]): Promise<LoadResult> {
  const specs: LoadedSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const scope = loadedBefore ? register({ namespace: randomUUID() }) : undefined;
  loadedBefore = true;
  const load = (url: string): Promise<{ default?: unknown }> =>
    scope ? scope.import(url, import.meta.url) : import(url);
  try {
    for (const file of files) {
      try {
        const module = await load(pathToFileURL(file).href);
        specs.push({ file, value: module.default });
      } catch (error) {
        diagnostics.push(loadDiagnostic(file, error));
      }
    }
  } finally {
    // The modules are loaded: the namespace's loader is no longer needed.
    await scope?.unregister();
  }
  return { specs, diagnostics };
}

/** Loads `typenix.config.ts` when present: `{ files?: string[] }`. */
export async function loadConfig(file: string): Promise<{ files?: string[] }> {
  const module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as {
    default?: { files?: string[] };
  };
  return module.default ?? {};
}

interface ThrownSpecError {
  message: string;
  site?: { file: string; line: number; column: number };
  hint?: string;
  code?: string;
  stack?: string;
}

function loadDiagnostic(file: string, error: unknown): Diagnostic {
  const e = (error ?? {}) as ThrownSpecError;
  const location = e.site ?? userFrame(e.stack) ?? { file, line: 1, column: 1 };
  return {
    code: e.code ?? "TN1004",
    severity: "error",
    message: e.message ?? String(error),
    location,
    ...(e.hint ? { hint: e.hint } : { hint: "the spec file threw while it ran" }),
  };
}

/** The first stack frame in a spec file (outside node_modules and typenix itself). */
function userFrame(
  stack: string | undefined,
): { file: string; line: number; column: number } | undefined {
  for (const frame of stack?.split("\n") ?? []) {
    const match = /((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)\)?$/.exec(frame.trim());
    if (!match) continue;
    const path = decodeURIComponent((match[1] ?? "").replace(/^file:\/\//, ""));
    if (path.includes("/node_modules/") || path.startsWith(TYPENIX_PACKAGES)) continue;
    return { file: path, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/** The folder of typenix's own packages: frames there are not the user's. */
const TYPENIX_PACKAGES = fileURLToPath(new URL("../../../", import.meta.url));
