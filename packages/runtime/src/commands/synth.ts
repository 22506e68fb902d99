/**
 * `typenix synth DIR|FILE.ts... -o OUT [--json-specs] [--check] [--watch]`:
 * spec files to Nix files (and JSON managed-process specs).
 */
import { watch } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { hasErrors, type Diagnostic } from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_OK, type Outcome } from "../cli/exit-codes.js";
import { specFilesOrExit } from "../load/spec-files.js";
import { manifest, staleFiles, writeOutputs, type OutputFile } from "../output/write-outputs.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { synthesizeSpecs } from "../load/synthesize-specs.js";
import { jsonSpecFiles } from "../output/json-specs.js";

const VERSION = "0.1.0";

interface SynthFlags {
  readonly out: string;
  readonly jsonSpecs?: boolean;
  readonly check?: boolean;
  readonly watch?: boolean;
}

/** Registers `synth`. */
export function registerSynth(program: Command, outcome: Outcome): void {
  program
    .command("synth")
    .description("generate .nix models (and JSON process specs) from TypeScript spec files")
    .argument("<inputs...>", "a deployment directory, or spec files")
    .requiredOption("-o, --out <dir>", "output directory")
    .option("--json-specs", "also write target-agnostic JSON managed-process specs to OUT/specs")
    .option("--check", "write nothing; exit 1 naming the outputs that are out of date")
    .option("--watch", "synthesize again whenever a spec file changes")
    .action(async (inputs: string[], flags: SynthFlags) => {
      outcome.exitCode = await synthOnce(inputs, flags);
      if (flags.watch) await watchLoop(inputs, flags);
    });
}

/** One synth run; returns the exit code. */
export async function synthOnce(inputs: readonly string[], flags: SynthFlags): Promise<number> {
  const outDir = resolve(flags.out);
  const files = await specFilesOrExit("synth", inputs);
  if (typeof files === "number") return files;
  // JSON specs are made in each run: their diagnostics point at process instances too.
  let specs: OutputFile[] = [];
  const { loaded, result, more } = await synthesizeSpecs(files, outDir, (run) => {
    specs = [];
    if (!flags.jsonSpecs || hasErrors([...run.loaded.diagnostics, ...run.result.diagnostics]))
      return [];
    const json = jsonSpecFiles(run.result.models, run.result.files, outDir);
    specs = json.files;
    return json.diagnostics;
  });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...result.diagnostics, ...more];
  const outputs: OutputFile[] = [
    ...result.files.map((f) => ({ path: f.path, content: f.content })),
    ...specs,
  ];
  process.stderr.write(renderDiagnostics(diagnostics));
  if (hasErrors(diagnostics)) return EXIT_DIAGNOSTICS;
  outputs.push(manifest(outDir, files, outputs, VERSION));
  if (flags.check) {
    const stale = staleFiles(outDir, outputs);
    for (const path of stale) process.stderr.write(`stale: ${join(flags.out, path)}\n`);
    return stale.length > 0 ? EXIT_DIAGNOSTICS : EXIT_OK;
  }
  writeOutputs(outDir, outputs);
  process.stderr.write(`typenix synth: wrote ${outputs.length} files to ${flags.out}\n`);
  return EXIT_OK;
}

/** Re-synthesizes on every change under the inputs' directories, debounced. */
async function watchLoop(inputs: readonly string[], flags: SynthFlags): Promise<void> {
  const dirs = [
    ...new Set(inputs.map((i) => resolve(i)).map((p) => (p.endsWith(".ts") ? dirname(p) : p))),
  ];
  let timer: NodeJS.Timeout | undefined;
  const rerun = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const started = Date.now();
      void synthOnce(inputs, flags).then((code) =>
        process.stderr.write(
          `typenix synth: ${code === EXIT_OK ? "ok" : "errors"} in ${Date.now() - started} ms; watching\n`,
        ),
      );
    }, 50);
  };
  for (const dir of dirs)
    watch(dir, { recursive: true }, (_event, name) => name?.toString().endsWith(".ts") && rerun());
  process.stderr.write(`typenix synth: watching ${dirs.join(", ")}\n`);
  await new Promise<never>(() => undefined);
}
