/**
 * `typenix fmt FILE... [--write | --check]`: formats Nix in the official
 * style (RFC 166). Prints to stdout by default; `--write` replaces the files
 * atomically; `--check` changes nothing and exits 1 naming files that would change.
 */
import type { Command } from "commander";
import { parseNix } from "@typenix/compiler/parser";
import { printNix } from "@typenix/compiler/printer";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type Outcome } from "../cli/exit-codes.js";
import { readInput } from "../load/read-input.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { replaceFile } from "../output/write-outputs.js";

interface FmtFlags {
  readonly write?: boolean;
  readonly check?: boolean;
}

/** Registers `fmt`. */
export function registerFmt(program: Command, outcome: Outcome): void {
  program
    .command("fmt")
    .description("format Nix files in the official Nix style")
    .argument("<files...>", "Nix files, or - for standard input")
    .option("--write", "rewrite the files in place")
    .option("--check", "write nothing; exit 1 naming the files that are not formatted")
    .action((files: string[], flags: FmtFlags) => {
      if (flags.write && flags.check) {
        process.stderr.write("typenix fmt: --write and --check exclude each other\n");
        outcome.exitCode = EXIT_USAGE;
        return;
      }
      outcome.exitCode = files.reduce(
        (code, name) => Math.max(code, formatOne(name, flags)),
        EXIT_OK,
      );
    });
}

function formatOne(name: string, flags: FmtFlags): number {
  const input = readInput(name);
  if (!("text" in input)) return input.exitCode;
  const text = input.text;
  const result = parseNix(text, name);
  process.stderr.write(renderDiagnostics(result.diagnostics));
  if (!result.file) return EXIT_DIAGNOSTICS;
  const formatted = printNix(result.file);
  if (flags.check) {
    if (formatted === text) return EXIT_OK;
    process.stderr.write(`not formatted: ${name}\n`);
    return EXIT_DIAGNOSTICS;
  }
  if (flags.write && name !== "-") {
    if (formatted !== text) replaceFile(name, formatted);
    return EXIT_OK;
  }
  process.stdout.write(formatted);
  return EXIT_OK;
}
