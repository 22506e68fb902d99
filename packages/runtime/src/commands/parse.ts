/** `typenix parse FILE... [--json]`: checks that Nix files parse; prints their syntax trees with --json. */
import type { Command } from "commander";
import { parseNix } from "@typenix/compiler/parser";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type Outcome } from "../cli/exit-codes.js";
import { readInput } from "../load/read-input.js";
import { renderDiagnostics } from "../render/diagnostics.js";

/** Registers `parse`. */
export function registerParse(program: Command, outcome: Outcome): void {
  program
    .command("parse")
    .description("parse Nix files, reporting syntax errors as file:line:col diagnostics")
    .argument("<files...>", "Nix files, or - for standard input")
    .option("--json", "print each syntax tree as JSON")
    .action((files: string[], flags: { json?: boolean }) => {
      let failed = false;
      for (const name of files) {
        const input = readInput(name);
        if (!("text" in input)) {
          if (input.exitCode === EXIT_USAGE) {
            outcome.exitCode = EXIT_USAGE;
            return;
          }
          failed = true;
          continue;
        }
        const result = parseNix(input.text, name);
        process.stderr.write(renderDiagnostics(result.diagnostics));
        if (!result.file) failed = true;
        else if (flags.json) process.stdout.write(`${JSON.stringify(result.file, jsonValue)}\n`);
      }
      outcome.exitCode = failed ? EXIT_DIAGNOSTICS : EXIT_OK;
    });
}

/** Integers are bigints in the tree; JSON gets their decimal text. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
