/**
 * The peak memory of a process the bench starts, as GNU time reports it:
 * resident memory (`%M`, in KiB), as the kernel counts it when the
 * process ends. Node has no way to ask for a child's. Some machines lack
 * GNU time; memory is then not measured.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where GNU time is looked for. */
export const GNU_TIME = "/usr/bin/time";

/** A process's peak resident memory in KiB, or undefined where GNU time is missing. */
export type Peak = number | undefined;

/** The peak resident memory of one run of `command args`; throws when it fails. */
export function peakMemory(
  command: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Peak {
  if (!existsSync(GNU_TIME)) return undefined;
  const run = spawnSync(GNU_TIME, ["-f", "%M", command, ...args], { env, maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`${command} failed:\n${run.stderr.toString()}`);
  const lines = run.stderr.toString().trim().split("\n");
  return Number(lines[lines.length - 1]);
}

/** KiB as MiB, for printing. */
export const mib = (kib: number): string => (kib / 1024).toFixed(0);
