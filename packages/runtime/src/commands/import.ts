/**
 * `typenix import FILE.nix... -o DIR [--kind K]`: existing Nix models to
 * TypeScript spec files, with a summary of what stayed raw Nix. A file with
 * syntax errors is reported and nothing is written for it.
 */
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { format } from "prettier";
import { importModel, parseNix, type ImportKind } from "@typenix/compiler";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type Outcome } from "../cli/exit-codes.js";
import { readInput } from "../load/read-input.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { writeOutputs } from "../output/write-outputs.js";

const KINDS: readonly ImportKind[] = [
  "auto",
  "services",
  "infrastructure",
  "distribution",
  "processes",
  "constructors",
];

/** Registers `import`. */
export function registerImport(program: Command, outcome: Outcome): void {
  program
    .command("import")
    .description("turn Nix models into TypeScript spec files (infrastructure models so far)")
    .argument("<files...>", "Nix model files")
    .requiredOption("-o, --out <dir>", "output directory")
    .option("--kind <kind>", `model kind: ${KINDS.join(", ")}`, "auto")
    .action(async (files: string[], flags: { out: string; kind: string }) => {
      if (!KINDS.includes(flags.kind as ImportKind)) {
        process.stderr.write(`typenix import: unknown kind '${flags.kind}'\n`);
        outcome.exitCode = EXIT_USAGE;
        return;
      }
      let code = EXIT_OK;
      for (const file of files)
        code = Math.max(code, await importOne(file, resolve(flags.out), flags.kind as ImportKind));
      outcome.exitCode = code;
    });
}

async function importOne(file: string, outDir: string, kind: ImportKind): Promise<number> {
  const text = readInput(file);
  if (text === undefined) return EXIT_USAGE;
  const parsed = parseNix(text, file);
  if (!parsed.file) {
    process.stderr.write(renderDiagnostics(parsed.diagnostics));
    return EXIT_DIAGNOSTICS;
  }
  const result = importModel(parsed.file, file, kind);
  process.stderr.write(renderDiagnostics(result.diagnostics));
  if (!result.source) return EXIT_DIAGNOSTICS;
  const name = `${basename(file, ".nix")}.ts`;
  writeOutputs(outDir, [
    { path: name, content: await format(result.source, { parser: "typescript", printWidth: 100 }) },
  ]);
  const raw = result.raw.map((r) => `line ${r.line}: ${r.what}`).join("; ");
  process.stderr.write(
    `${file} -> ${name}: ${result.kind} model, ${result.raw.length === 0 ? "all typed" : `raw Nix kept at ${raw}`}\n`,
  );
  return EXIT_OK;
}
