import type { Command } from "commander";
import type { Outcome } from "../cli/exit-codes.js";

/** A subcommand adds itself to the program and reports its exit code through `outcome`. */
export type RegisterCommand = (program: Command, outcome: Outcome) => void;

/**
 * Every subcommand, in the order `typenix --help` lists them, each loaded
 * when it is needed: the modules of one command (the Nix parser, the
 * importer) take most of the start-up of another.
 */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<RegisterCommand>])[] = [
  ["synth", async () => (await import("./synth.js")).registerSynth],
  ["check", async () => (await import("./check.js")).registerCheck],
  ["fmt", async () => (await import("./fmt.js")).registerFmt],
  ["parse", async () => (await import("./parse.js")).registerParse],
  ["import", async () => (await import("./import.js")).registerImport],
];

/** The subcommand named `name`, or every subcommand when `name` names none (for help and errors). */
export async function loadCommands(name: string | undefined): Promise<RegisterCommand[]> {
  const named = COMMANDS.filter(([command]) => command === name);
  return Promise.all((named.length > 0 ? named : COMMANDS).map(([, load]) => load()));
}
