/**
 * `typenix synth DIR|FILE.ts... -o OUT [--json-specs] [--check] [--watch]`:
 * spec files to Nix files (and JSON managed-process specs).
 */
import { statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import {
  errorDiagnostic,
  hasErrors,
  warningDiagnostic,
  type Diagnostic,
} from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type Outcome } from "../cli/exit-codes.js";
import { specFilesOrExit } from "../load/spec-files.js";
import type { ReadPath } from "@typenix/compiler/synth";
import {
  foreignFiles,
  leftoverFiles,
  manifest,
  type InputProblem,
  type ManifestInput,
  staleFiles,
  strayFiles,
  WriteError,
  writeOutputs,
  type OutputFile,
} from "../output/write-outputs.js";
import { outDirProblem } from "../output/out-dir.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { synthesizeSpecs } from "../load/synthesize-specs.js";
import type { Evaluations } from "../output/json-specs.js";
import {
  processArgumentOptions,
  processArguments,
  type ProcessArgumentFlags,
} from "../output/process-arguments.js";
import { watchSources, type WatchedPaths } from "../watch/watch-sources.js";
import { abandonStalledAwaits } from "../load/stalled-awaits.js";

const VERSION = "0.1.0";

interface SynthFlags extends ProcessArgumentFlags {
  readonly out: string;
  readonly jsonSpecs?: boolean;
  readonly check?: boolean;
  readonly watch?: boolean;
  readonly force?: boolean;
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
    .option("--watch", "synthesize again whenever a spec file changes")
    .option("--force", "overwrite files in OUT that its manifest does not list");
  processArgumentOptions(command).action(async (inputs: string[], flags: SynthFlags) => {
    const run = await synthOnce(inputs, flags);
    outcome.exitCode = run.exitCode;
    // A mistake on the command line is there to stay, whatever is edited.
    if (flags.watch && !run.commandLineError) await watchLoop(inputs, flags, run);
  });
}

/** What one synth run gave. */
interface SynthRun {
  readonly exitCode: number;
  /**
   * The files its outputs were made from: those of its spec files (see
   * `loadSpecs`), the files and folders the outputs' relative paths
   * name (`nix.path`, `nix.import`), and with `--json-specs` the `ids.nix`
   * in OUT a processes model reads.
   */
  readonly sources: readonly string[];
  /** Paths that do not exist and, made, may fix the run (see `WatchedPaths`). */
  readonly awaited: readonly string[];
  /** The outputs it wrote or removed, relative to OUT, and its manifest (see `WatchedPaths`). */
  readonly outputs: readonly string[];
  /**
   * Whether it failed on a mistake in the command line (a flag, -o, an
   * input that does not exist), which no edit of a watched file can fix.
   */
  readonly commandLineError: boolean;
}

/** A run that failed before it made anything, awaiting the files in `awaited`. */
function failedRun(
  exitCode: number,
  commandLineError: boolean,
  read: { configSources: readonly string[]; awaited: readonly string[] } = {
    configSources: [],
    awaited: [],
  },
): SynthRun {
  const { configSources: sources, awaited } = read;
  return { exitCode, sources, awaited, outputs: [], commandLineError };
}

/** A run that failed on a mistake in the command line. */
const COMMAND_LINE_ERROR = failedRun(EXIT_USAGE, true);

/** One synth run. */
async function synthOnce(inputs: readonly string[], flags: SynthFlags): Promise<SynthRun> {
  const outDir = resolve(flags.out);
  const wrongOut = outDirProblem(outDir, flags.out);
  if (wrongOut !== undefined) {
    process.stderr.write(`typenix synth: ${wrongOut}\n`);
    return COMMAND_LINE_ERROR;
  }
  const given = processArguments(flags, flags.jsonSpecs === true);
  if ("usageError" in given) {
    process.stderr.write(`typenix synth: ${given.usageError}\n`);
    return COMMAND_LINE_ERROR;
  }
  const found = await specFilesOrExit("synth", inputs);
  if ("exitCode" in found) {
    process.stderr.write(renderDiagnostics(found.diagnostics));
    return failedRun(found.exitCode, found.usageError?.fix.commandLine === true, found);
  }
  const { files, configSources } = found;
  // JSON specs are made in each run: their diagnostics point at process instances too.
  // Nix evaluates a processes model once, though, when both runs generate it alike.
  let specs: OutputFile[] = [];
  /** The files in OUT the specs were made from, which no run writes (ids.nix). */
  let specInputs: string[] = [];
  const evaluations: Evaluations = new Map();
  // Loaded for JSON specs only: it loads the Nix parser, much of the command's start-up.
  const { jsonSpecFiles } = flags.jsonSpecs
    ? await import("../output/json-specs.js")
    : { jsonSpecFiles: undefined };
  let synthesized: Awaited<ReturnType<typeof synthesizeSpecs>>;
  try {
    synthesized = await synthesizeSpecs(files, outDir, (run) => {
      specs = [];
      specInputs = [];
      if (!jsonSpecFiles || hasErrors([...run.loaded.diagnostics, ...run.result.diagnostics]))
        return [];
      const json = jsonSpecFiles(
        run.result.models,
        run.result.files,
        outDir,
        given.args,
        evaluations,
        flags.check !== true,
      );
      specs = json.files;
      specInputs = json.inputs;
      return json.diagnostics;
    });
  } catch (error) {
    // A run that writes JSON specs makes sure OUT can be made before Nix evaluates them.
    if (!(error instanceof WriteError)) throw error;
    const exitCode = reportWriteError(error, outDir, flags.out);
    return failedRun(exitCode, exitCode === EXIT_USAGE);
  }
  const { loaded, result, more } = synthesized;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...result.diagnostics, ...more];
  const outputs: OutputFile[] = [
    ...result.files.map((f) => ({ path: f.path, content: f.content })),
    ...specs,
  ];
  process.stderr.write(renderDiagnostics(diagnostics));
  const read = result.files.flatMap((f) => f.paths);
  const made = [
    ...[...configSources, ...loaded.sources, ...specInputs].map((path) => ({ path })),
    ...read.map(manifestInput),
  ];
  const written = writeOrCheck(made, read, outDir, outputs, diagnostics, flags);
  return {
    exitCode: written.exitCode,
    sources: [...new Set(made.map((input) => input.path))],
    awaited: loaded.awaited,
    outputs: written.outputs,
    // The output directory could not be made.
    commandLineError: written.exitCode === EXIT_USAGE,
  };
}

/** A path spec code names as the manifest lists it: an absolute or home path as written. */
function manifestInput(read: ReadPath): ManifestInput {
  if (read.written === undefined) return { path: read.path };
  return { path: read.path, shown: read.written.startsWith("~") ? read.written : read.path };
}

/**
 * Writes the outputs of a run (or, with `--check`, names the stale ones):
 * the exit code, and the outputs (relative to OUT) it wrote or removed.
 * `read` are the paths spec code names, where a problem with one is reported.
 */
function writeOrCheck(
  inputs: readonly ManifestInput[],
  read: readonly ReadPath[],
  outDir: string,
  outputs: OutputFile[],
  diagnostics: readonly Diagnostic[],
  flags: SynthFlags,
): { exitCode: number; outputs: readonly string[] } {
  if (hasErrors(diagnostics)) return { exitCode: EXIT_DIAGNOSTICS, outputs: [] };
  const foreign = flags.check || flags.force ? [] : foreignFiles(outDir, outputs);
  if (foreign.length > 0) {
    process.stderr.write(renderDiagnostics(foreign.map((path) => foreignFile(outDir, path))));
    return { exitCode: EXIT_DIAGNOSTICS, outputs: [] };
  }
  const leftovers = leftoverFiles(outDir, outputs);
  const problems: InputProblem[] = [];
  const options = { removed: leftovers, onProblem: (p: InputProblem) => problems.push(p) };
  outputs.push(manifest(outDir, inputs, outputs, VERSION, options));
  process.stderr.write(renderDiagnostics(problems.map((p) => inputWarning(p, read))));
  if (flags.check) {
    const stale = staleFiles(outDir, outputs);
    for (const path of stale) process.stderr.write(`stale: ${join(flags.out, path)}\n`);
    for (const path of leftovers)
      process.stderr.write(`stale: ${join(flags.out, path)} (no longer generated)\n`);
    const strays = strayFiles(outDir, outputs);
    for (const path of strays)
      process.stderr.write(
        `stale: ${join(flags.out, path)} (left by a write that did not finish)\n`,
      );
    return {
      exitCode: stale.length + leftovers.length + strays.length > 0 ? EXIT_DIAGNOSTICS : EXIT_OK,
      outputs: [],
    };
  }
  try {
    writeOutputs(outDir, outputs, leftovers);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    return { exitCode: reportWriteError(error, outDir, flags.out), outputs: [] };
  }
  process.stderr.write(`typenix synth: wrote ${outputs.length} files to ${flags.out}\n`);
  return { exitCode: EXIT_OK, outputs: [...outputs.map((o) => o.path), ...leftovers] };
}

/** TN4020 for an output that would replace `path` in OUT, a file synth did not write (see `foreignFiles`). */
function foreignFile(outDir: string, path: string): Diagnostic {
  return errorDiagnostic(
    "TN4020",
    "synth would overwrite this file, which it did not write (no manifest in OUT lists it)",
    { file: join(outDir, path), line: 1, column: 1 },
    "nothing was written; move the file away, or pass --force to overwrite it (synth replaces only the files its manifest lists)",
  );
}

/**
 * A part of an input Nix cannot add to the store, as a warning where spec
 * code names the input: the outputs are right, but the generated Nix fails
 * where it reads the path (as `--json-specs` would, adding it to the store).
 */
function inputWarning(problem: InputProblem, read: readonly ReadPath[]): Diagnostic {
  const site = read.find((r) => r.path === problem.input)?.site;
  const [code, message] =
    problem.kind !== undefined
      ? ["TN4021", `${problem.path} is a ${problem.kind}, which Nix cannot add to the store`]
      : ["TN4022", `${problem.path} cannot be read: ${problem.reason ?? ""}`];
  const hint =
    problem.path === problem.input
      ? "name a file or folder Nix can copy: the generated Nix fails where it reads this path"
      : "remove it from the folder, or name a folder without it: Nix copies all of a folder, and the generated Nix fails where it reads it";
  return warningDiagnostic(code, message, site, hint);
}

/**
 * A failure to write: a usage error when the output directory could not
 * be made, else a diagnostic naming the output (as under -o) and why, at
 * the path that failed, as TN4020 for a file in the way is.
 */
function reportWriteError(error: WriteError, outDir: string, given: string): number {
  if (error.making) {
    const where = error.path === outDir ? "" : ` (making ${error.path})`;
    process.stderr.write(
      `typenix synth: cannot make the output directory ${given}: ${error.reason}${where}\n`,
    );
    return EXIT_USAGE;
  }
  const shown = (path: string): string => join(given, relative(outDir, path));
  const hint = error.partly
    ? `the previous outputs could not all be put back: some are this run's, the manifest is the last run's${keptBackups(error, shown)}; run synth again once it is fixed`
    : `no output was written; ${error.reason.startsWith("a folder is in the way") ? "move the folder away (--force replaces files, never folders)" : "fix it"} and run synth again`;
  process.stderr.write(
    renderDiagnostics([
      errorDiagnostic(
        "TN4020",
        `cannot write ${shown(error.path)}: ${error.reason}`,
        { file: error.path, line: 1, column: 1 },
        hint,
      ),
    ]),
  );
  return EXIT_DIAGNOSTICS;
}

/**
 * Where the previous files that could not be put back are kept, as a
 * clause of the hint (paths as `shown`): a run that writes removes them.
 */
function keptBackups(error: WriteError, shown: (path: string) => string): string {
  if (error.kept.length === 0) return "";
  const each = error.kept.map((k) => `the previous ${shown(k.path)} is kept as ${shown(k.backup)}`);
  const them = error.kept.length === 1 ? "it" : "them";
  return `; ${each.join(", ")} (the next run that writes removes ${them})`;
}

/**
 * Runs synth again whenever a file the last run was made from changes, or
 * a script appears in a deployment directory given, or a file a failed
 * run awaits may have been made, one run at a time: a change during a run
 * starts another once it is done (and gives up a spec's await still
 * pending: it may never settle).
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
      abandonStalledAwaits();
      return;
    }
    running = true;
    const started = Date.now();
    try {
      const run = await synthOnce(inputs, flags);
      // A failed run that finds more of the way to a missing file looks again.
      if (sources.update(watched(run)) && run.exitCode !== EXIT_OK) changedWhileRunning = true;
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
  // The outputs of the run before too: its removals may be seen only after the next run began.
  let previousOutputs: readonly string[] = [];
  const watched = (run: SynthRun): WatchedPaths => {
    const outputs = [...previousOutputs, ...run.outputs];
    previousOutputs = run.outputs;
    return { sources: [...given, ...run.sources], awaited: run.awaited, outputs };
  };
  const sources = watchSources(directories, resolve(flags.out), () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rerun(), 50);
  });
  sources.update(watched(first));
  process.stderr.write(`typenix synth: watching ${inputs.join(", ")} and the files they import\n`);
  await new Promise<never>(() => undefined);
}
