/**
 * `typenix synth DIR|FILE.ts... -o OUT [--json-specs] [--check] [--watch]`:
 * spec files to Nix files (and JSON managed-process specs).
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { hasErrors, type Diagnostic } from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type Outcome } from "../cli/exit-codes.js";
import { specFilesOrExit } from "../load/spec-files.js";
import {
  leftoverFiles,
  manifest,
  staleFiles,
  writeOutputs,
  type OutputFile,
} from "../output/write-outputs.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { synthesizeSpecs } from "../load/synthesize-specs.js";
import type { Evaluations } from "../output/json-specs.js";
import {
  processArgumentOptions,
  processArguments,
  type ProcessArgumentFlags,
} from "../output/process-arguments.js";
import { watchSources } from "../watch/watch-sources.js";

const VERSION = "0.1.0";

interface SynthFlags extends ProcessArgumentFlags {
  readonly out: string;
  readonly jsonSpecs?: boolean;
  readonly check?: boolean;
  readonly watch?: boolean;
}

/** Registers `synth`. */
export function registerSynth(program: Command, outcome: Outcome): void {
  const command = program
    .command("synth")
    .description("generate .nix models (and JSON process specs) from TypeScript spec files")
    .argument("<inputs...>", "a deployment directory, or spec files")
    .requiredOption("-o, --out <dir>", "output directory")
    .option("--json-specs", "also write target-agnostic JSON managed-process specs to OUT/specs")
    .option(
      "--check",
      "write nothing; exit 1 naming the outputs that are out of date or no longer generated",
    )
    .option("--watch", "synthesize again whenever a spec file changes");
  processArgumentOptions(command).action(async (inputs: string[], flags: SynthFlags) => {
    const run = await synthOnce(inputs, flags);
    outcome.exitCode = run.exitCode;
    if (flags.watch) await watchLoop(inputs, flags, run);
  });
}

/** What one synth run gave. */
interface SynthRun {
  readonly exitCode: number;
  /** The files its spec files were made from (see `loadSpecs`). */
  readonly sources: readonly string[];
}

/** One synth run. */
async function synthOnce(inputs: readonly string[], flags: SynthFlags): Promise<SynthRun> {
  const outDir = resolve(flags.out);
  if (statSync(outDir, { throwIfNoEntry: false })?.isDirectory() === false) {
    process.stderr.write(`typenix synth: -o names a file, not a directory: ${flags.out}\n`);
    return { exitCode: EXIT_USAGE, sources: [] };
  }
  const given = processArguments(flags, flags.jsonSpecs === true);
  if ("usageError" in given) {
    process.stderr.write(`typenix synth: ${given.usageError}\n`);
    return { exitCode: EXIT_USAGE, sources: [] };
  }
  const files = await specFilesOrExit("synth", inputs);
  if (typeof files === "number") return { exitCode: files, sources: [] };
  // JSON specs are made in each run: their diagnostics point at process instances too.
  // Nix evaluates a processes model once, though, when both runs generate it alike.
  let specs: OutputFile[] = [];
  const evaluations: Evaluations = new Map();
  // Loaded for JSON specs only: it loads the Nix parser, much of the command's start-up.
  const { jsonSpecFiles } = flags.jsonSpecs
    ? await import("../output/json-specs.js")
    : { jsonSpecFiles: undefined };
  const { loaded, result, more } = await synthesizeSpecs(files, outDir, (run) => {
    specs = [];
    if (!jsonSpecFiles || hasErrors([...run.loaded.diagnostics, ...run.result.diagnostics]))
      return [];
    const json = jsonSpecFiles(
      run.result.models,
      run.result.files,
      outDir,
      given.args,
      evaluations,
    );
    specs = json.files;
    return json.diagnostics;
  });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...result.diagnostics, ...more];
  const outputs: OutputFile[] = [
    ...result.files.map((f) => ({ path: f.path, content: f.content })),
    ...specs,
  ];
  process.stderr.write(renderDiagnostics(diagnostics));
  return {
    exitCode: writeOrCheck(loaded.sources, outDir, outputs, diagnostics, flags),
    sources: loaded.sources,
  };
}

/** Writes the outputs of a run (or, with `--check`, names the stale ones); the exit code. */
function writeOrCheck(
  sources: readonly string[],
  outDir: string,
  outputs: OutputFile[],
  diagnostics: readonly Diagnostic[],
  flags: SynthFlags,
): number {
  if (hasErrors(diagnostics)) return EXIT_DIAGNOSTICS;
  outputs.push(manifest(outDir, sources, outputs, VERSION));
  const leftovers = leftoverFiles(outDir, outputs);
  if (flags.check) {
    const stale = staleFiles(outDir, outputs);
    for (const path of stale) process.stderr.write(`stale: ${join(flags.out, path)}\n`);
    for (const path of leftovers)
      process.stderr.write(`stale: ${join(flags.out, path)} (no longer generated)\n`);
    return stale.length + leftovers.length > 0 ? EXIT_DIAGNOSTICS : EXIT_OK;
  }
  writeOutputs(outDir, outputs, leftovers);
  process.stderr.write(`typenix synth: wrote ${outputs.length} files to ${flags.out}\n`);
  return EXIT_OK;
}

/**
 * Runs synth again whenever a file the last run was made from changes, or
 * a script appears in a deployment directory given, one run at a time: a
 * change during a run starts another once it is done.
 */
async function watchLoop(
  inputs: readonly string[],
  flags: SynthFlags,
  first: SynthRun,
): Promise<void> {
  const paths = inputs.map((input) => resolve(input));
  const directories = paths.filter((path) =>
    statSync(path, { throwIfNoEntry: false })?.isDirectory(),
  );
  // Files given are watched even when a run could not read them.
  const given = paths.filter((path) => !directories.includes(path));
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let changedWhileRunning = false;
  const rerun = async (): Promise<void> => {
    if (running) {
      changedWhileRunning = true;
      return;
    }
    running = true;
    const started = Date.now();
    try {
      const run = await synthOnce(inputs, flags);
      sources.update([...given, ...run.sources]);
      const result = run.exitCode === EXIT_OK ? "ok" : "errors";
      process.stderr.write(`typenix synth: ${result} in ${Date.now() - started} ms; watching\n`);
    } finally {
      running = false;
    }
    if (changedWhileRunning) {
      changedWhileRunning = false;
      void rerun();
    }
  };
  const sources = watchSources(directories, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rerun(), 50);
  });
  sources.update([...given, ...first.sources]);
  process.stderr.write(`typenix synth: watching ${inputs.join(", ")} and the files they import\n`);
  await new Promise<never>(() => undefined);
}
