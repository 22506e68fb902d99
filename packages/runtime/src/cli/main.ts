/**
 * The `typenix` command line. Each subcommand lives in `../commands/<name>.ts`
 * and registers itself on the program; this file only wires them together and
 * maps outcomes to exit codes.
 */
import { Command, CommanderError } from "commander";
import { EXIT_USAGE, type Outcome } from "./exit-codes.js";
import { loadCommands, type RegisterCommand } from "../commands/index.js";
import { setSynthV8Flags } from "./heap.js";
import { endIfSpecsLeftOpen } from "../load/left-open.js";

/** Called by the launcher as it compiles a script, and as it makes the run's code caches. */
export { withDefaultV8Flags } from "./heap.js";

/** Whether the last `main` got as far as running a command (see `ranCommand`). */
let commandRan = false;

/**
 * Whether the last `main` ran a command, rather than printing help or the
 * version, or refusing its arguments. The launcher makes the code caches
 * of a run only then: a cache is made once, by the first run of a command,
 * and one made by `typenix synth --help` held none of synth's functions,
 * which every later run then compiled again.
 */
export function ranCommand(): boolean {
  return commandRan;
}

/** Build the program with the given subcommands registered. */
export function createProgram(
  commands: readonly RegisterCommand[],
  outcome: Outcome = { exitCode: 0 },
): Command {
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
  commandRan = false;
  if (argv[2] === "synth") setSynthV8Flags();
  // These commands bundle spec files with esbuild: its service process
  // starts while they parse their arguments and find the files.
  if (argv[2] === "synth" || argv[2] === "check")
    (await import("../load/bundle-specs.js")).startSpecBundler();
  // Only the command asked for is loaded (all of them for help, or a name that is none).
  const commands = await loadCommands(argv[2]);
  try {
    await createProgram(commands, outcome).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw error;
  }
  commandRan = true;
  // A spec that left a server or a watcher open would keep Node running for good (TN3080).
  await endIfSpecsLeftOpen(outcome.exitCode);
  return outcome.exitCode;
}
