/**
 * The `typenix` command line. Each subcommand lives in `../commands/<name>.ts`
 * and registers itself on the program; this file only wires them together and
 * maps outcomes to exit codes.
 */
import { Command, CommanderError } from "commander";
import { EXIT_USAGE, type Outcome } from "./exit-codes.js";
import { commands } from "../commands/index.js";

/** Build the program with every subcommand registered. Exposed for tests. */
export function createProgram(outcome: Outcome = { exitCode: 0 }): Command {
  const program = new Command("typenix")
    .description("Write Disnix and nix-processmgmt deployments in TypeScript; compile them to Nix.")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError();
  for (const register of commands) register(program, outcome);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Run the CLI on `argv` (as `process.argv`) and resolve to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const outcome: Outcome = { exitCode: 0 };
  try {
    await createProgram(outcome).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw error;
  }
  return outcome.exitCode;
}
