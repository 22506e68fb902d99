/**
 * Runs spec files (TypeScript, bundled by esbuild) and collects their
 * default exports. A spec that throws becomes a diagnostic at the user's
 * line, never a raw stack trace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, LoadedSpec } from "@typenix/compiler";
import {
  errorDiagnostic,
  uniqueDiagnostics,
  warningDiagnostic,
} from "@typenix/compiler/diagnostics";
import { thrownDiagnostic } from "@typenix/compiler/thrown";
import * as dsl from "@typenix/dsl/core";
import { bundleSpecs, type BundledModule, type DslModules } from "./bundle-specs.js";
import { importModule } from "./import-module.js";
import { unlessStalled } from "./stalled-awaits.js";
import { withSpecTimers, type LeftInterval } from "./spec-timers.js";
import { leftOpenSince, openResources } from "./left-open.js";
import { DSL_CORE_SOURCE, DSL_PARAMETER_SCHEMAS_SOURCE, isUserFile } from "./typenix-files.js";

/** The loaded specs and the diagnostics of those that failed to load. */
export interface LoadResult {
  readonly specs: LoadedSpec[];
  readonly diagnostics: Diagnostic[];
  /** The files the specs were made from (see `SpecBundle`). */
  readonly sources: readonly string[];
  /** Files that do not exist and, made, may fix a failed load (see `SpecBundle`). */
  readonly awaited: readonly string[];
}

/** How `loadSpecs` reads the files. */
export interface LoadOptions {
  /**
   * Whether a default export that is a promise is awaited, as a top-level
   * `await` would be, its value taken for the default export.
   */
  readonly awaitDefault?: boolean;
}

/**
 * Runs the files and takes each default export. The files of one load
 * are one bundle, so a spec imported by another (`distribution.ts`
 * imports `services.ts`) runs once; each load is a new bundle, so the
 * specs run again, as they are now (watch mode, the run that records
 * call sites). The DSL is the command's own copy, loaded once.
 *
 * A spec that throws is reported once, where it threw: the specs that
 * import it fail with the same error, and are not loaded either.
 */
export async function loadSpecs(
  files: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const { used: _, ...loaded } = await loadAndUseSpecs(files, async () => undefined, options);
  return loaded;
}

/**
 * Loads the files as `loadSpecs` does, and makes `used` of the specs with
 * `use` while what their code leaves to run later is still followed: a
 * constructor's `build` that `use` runs is spec code too (see
 * `withLateErrors`). `use` is given no spec when the files could not be
 * bundled.
 */
export async function loadAndUseSpecs<T>(
  files: readonly string[],
  use: (specs: readonly LoadedSpec[]) => Promise<T>,
  options: LoadOptions = {},
): Promise<LoadResult & { readonly used: T }> {
  const bundle = await bundleSpecs(files, DSL);
  const { sources } = bundle;
  if (bundle.modules === undefined) {
    const { awaited } = bundle;
    return {
      specs: [],
      diagnostics: [...bundle.diagnostics],
      sources,
      awaited,
      used: await use([]),
    };
  }
  const specs: LoadedSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<unknown>();
  // The file running, to which what is thrown later is put down when its stack names no line.
  let running: string | undefined;
  const open = openResources();
  const late = await withLateErrors(
    (settled) =>
      withModules(bundle.modules ?? [], async (dir) => {
        for (const [i, file] of files.entries()) {
          running = file;
          try {
            const url = pathToFileURL(join(dir, bundle.entries[i] ?? ""));
            const { value } = await defaultExport(url.href, options);
            specs.push({ file, value });
          } catch (error) {
            if (!reported.has(error)) diagnostics.push(loadDiagnostic(file, error));
            reported.add(error);
          }
        }
        running = files.length === 1 ? files[0] : undefined;
        // The model is read once the timers are done, as Node ends a script after them.
        await settled();
        const used = await use(specs);
        await settled();
        return used;
      }),
    () => running,
  );
  const { errors, intervals } = late;
  diagnostics.push(
    ...uniqueDiagnostics(errors.map(({ error, file }) => lateDiagnostic(file, error))),
    ...uniqueDiagnostics(intervals.map((interval) => intervalDiagnostic(running, interval))),
  );
  const left = leftOpenSince(open);
  if (left.length > 0) diagnostics.push(leftOpenDiagnostic(running, left));
  return { specs, diagnostics, sources, awaited: [], used: late.value };
}

/**
 * The default export of the module at `url`, awaited if `options` say so;
 * in an object, so that a value with a `then` is not read as a promise
 * when it is not to be (a Proxy whose traps throw is no model, not an error).
 */
async function defaultExport(url: string, options: LoadOptions): Promise<{ value: unknown }> {
  const module = await withExitRefused(() =>
    unlessStalled(importModule<{ default?: unknown }>(url)),
  );
  return { value: options.awaitDefault ? await unlessStalled(module.default) : module.default };
}

/** What spec code threw after it ran, and the spec file running then, if one was. */
interface LateError {
  readonly error: unknown;
  readonly file: string | undefined;
}

/**
 * Runs `load`, taking what spec code throws outside it: a promise it
 * rejected and never handled, an error a timer's callback threw. Node
 * would end the command on them with a raw stack trace. `load` is given
 * `settled`, which waits for the timeouts the specs set, as Node waits for
 * a script's (see `withSpecTimers`); they are waited for again after it.
 * `running` names the spec file running when one came. The repeating
 * timers the specs left are cleared, and returned.
 */
async function withLateErrors<T>(
  load: (settled: () => Promise<void>) => Promise<T>,
  running: () => string | undefined,
): Promise<{ value: T; errors: LateError[]; intervals: LeftInterval[] }> {
  const errors: LateError[] = [];
  const take = (error: unknown): void => {
    errors.push({ error, file: running() });
  };
  process.on("unhandledRejection", take);
  process.on("uncaughtException", take);
  try {
    const { value, left } = await withSpecTimers(load);
    return { value, errors, intervals: left };
  } finally {
    process.off("unhandledRejection", take);
    process.off("uncaughtException", take);
  }
}

/**
 * Runs `load` with `process.exit` throwing: a spec file that calls it
 * would end the command with its exit code (0, say) before anything is
 * checked or written, and a pipeline would take the run for a success.
 */
async function withExitRefused<T>(load: () => Promise<T>): Promise<T> {
  const exit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new dsl.SpecError(
      `the spec file called process.exit(${code ?? ""})`,
      undefined,
      "a spec file gives its model as its default export; throw an error to stop with a message",
      "TN1008",
    );
  }) as typeof process.exit;
  try {
    return await load();
  } finally {
    process.exit = exit;
  }
}

/**
 * Runs `use` with a bundle's modules written under a fresh folder (Node
 * runs modules from files), which is gone afterwards. Source maps are
 * turned on first, so stack frames read as spec lines. The few small
 * files are written and removed synchronously: through the promise API,
 * each call waited for the thread pool, 2.9 ms against 0.6 ms for a
 * bundle of three spec files.
 */
async function withModules<T>(
  modules: readonly BundledModule[],
  use: (dir: string) => Promise<T>,
): Promise<T> {
  process.setSourceMapsEnabled(true);
  const dir = mkdtempSync(join(tmpdir(), "typenix-specs-"));
  try {
    for (const module of modules) {
      const path = join(dir, module.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, module.code);
    }
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The names `@typenix/dsl/parameter-schemas` exports, known without
 * loading it (a test holds the list to the module).
 */
export const PARAMETER_SCHEMA_EXPORTS: readonly string[] = [
  "defineProcess",
  "nixData",
  "nixValue",
  "symbolicValue",
  "z",
];

/**
 * The DSL the spec files import: the command's own copy, its core and its
 * parameter schemas. Run from its TypeScript sources, those are the DSL
 * package's sources. Built, the DSL is inside the command's script, and
 * the spec files import modules beside it, `dsl.mjs` and
 * `dsl-parameter-schemas.mjs`, that export what the command puts under
 * `COMMAND_DSL` and loads through `COMMAND_DSL_PARAMETER_SCHEMAS`.
 */
const DSL: DslModules = {
  core: { url: builtOr("dsl.mjs", DSL_CORE_SOURCE), names: Object.keys(dsl) },
  parameterSchemas: {
    url: builtOr("dsl-parameter-schemas.mjs", DSL_PARAMETER_SCHEMAS_SOURCE),
    names: PARAMETER_SCHEMA_EXPORTS,
  },
};

function builtOr(builtModule: string, source: string): string {
  return import.meta.url.endsWith(".ts")
    ? pathToFileURL(source).href
    : new URL(`./${builtModule}`, import.meta.url).href;
}

/** Where the built command's `dsl.mjs` finds the DSL (see build/built-cli.js). */
const COMMAND_DSL = Symbol.for("typenix.dsl");
/** Where `dsl-parameter-schemas.mjs` finds how to load the parameter schemas. */
const COMMAND_DSL_PARAMETER_SCHEMAS = Symbol.for("typenix.dslParameterSchemas");
Object.assign(globalThis, {
  [COMMAND_DSL]: dsl,
  // Loaded when first asked for: zod takes tens of milliseconds to start.
  [COMMAND_DSL_PARAMETER_SCHEMAS]: () => import("@typenix/dsl/parameter-schemas"),
});

/** What a spec file threw as it ran, where it threw (see `thrownDiagnostic`). */
function loadDiagnostic(file: string, error: unknown): Diagnostic {
  return thrownDiagnostic(error, {
    code: "TN1004",
    at: { file, line: 1, column: 1 },
    hint: "the spec file threw while it ran",
    locate: userFrame,
  });
}

/** What spec code threw after it ran (see `withLateErrors`), where it threw. */
function lateDiagnostic(file: string | undefined, error: unknown): Diagnostic {
  return thrownDiagnostic(error, {
    code: "TN1004",
    at: file === undefined ? undefined : { file, line: 1, column: 1 },
    hint: "a promise the spec file rejected and never handled, or a callback it left to run later, threw",
    locate: userFrame,
  });
}

/** TN1009: a repeating timer a spec left running (see `withSpecTimers`), at its `setInterval` call. */
function intervalDiagnostic(file: string | undefined, left: LeftInterval): Diagnostic {
  const end = left.iterated
    ? "end its loop (break) or abort its signal"
    : "clear it (clearInterval)";
  return errorDiagnostic(
    "TN1009",
    "the spec file left a timer repeating (setInterval), which would never let it end",
    userFrame(left.stack) ?? (file === undefined ? undefined : { file, line: 1, column: 1 }),
    `${end} once it has done its work; typenix runs a spec's timers before it reads the model, as Node does before a script ends, and stopped this one`,
  );
}

/**
 * TN3080: what a spec left open that keeps Node running (see left-open.ts),
 * at the file run when only one was: Node names no call that opened it. A
 * warning: the model was read all the same, and the command ends when its
 * work is done, which closes it; one that would have ended by itself (a
 * child process not done yet) cannot be told from one that never would.
 */
function leftOpenDiagnostic(file: string | undefined, left: readonly string[]): Diagnostic {
  return warningDiagnostic(
    "TN3080",
    `the spec file left open what would never let Node end it: ${left.join(", ")}`,
    file === undefined ? undefined : { file, line: 1, column: 1 },
    "close it once it has done its work (server.close(), watcher.close(), port.close(), child.kill()), or await it; typenix ended once its work was done, which closed it",
  );
}

/**
 * The file, line and column at the end of a stack frame, when the file is
 * an absolute path or file URL: after `(` or `at `, so that a frame in
 * Node's own code (`node:internal/url:806:29`) is not read as a file.
 */
const FRAME_LOCATION = /(?:^at (?:async )?|\()((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first stack frame in a spec file (outside node_modules and typenix itself). */
export function userFrame(
  stack: string | undefined,
): { file: string; line: number; column: number } | undefined {
  for (const frame of stack?.split("\n") ?? []) {
    const match = FRAME_LOCATION.exec(frame.trim());
    if (!match) continue;
    const path = decodeURIComponent((match[1] ?? "").replace(/^file:\/\//, ""));
    if (!isUserFile(path)) continue;
    return { file: path, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
