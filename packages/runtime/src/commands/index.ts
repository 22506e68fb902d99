import type { Command } from "commander";
import type { Outcome } from "../cli/exit-codes.js";
import { registerCheck } from "./check.js";
import { registerFmt } from "./fmt.js";
import { registerImport } from "./import.js";
import { registerParse } from "./parse.js";
import { registerSynth } from "./synth.js";

/** A subcommand adds itself to the program and reports its exit code through `outcome`. */
export type RegisterCommand = (program: Command, outcome: Outcome) => void;

/** Every subcommand, in the order `typenix --help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerSynth,
  registerCheck,
  registerFmt,
  registerParse,
  registerImport,
];
