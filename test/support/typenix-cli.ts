/** Runs the real `typenix` binary, as users and CI do. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../packages/runtime/bin/typenix.js", import.meta.url));
/** The stand-ins for Nixpkgs and nix-processmgmt used by tests. */
export const STAND_INS = fileURLToPath(new URL("../stand-ins", import.meta.url));
/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `typenix ...args`, with the stand-in Nixpkgs on NIX_PATH. */
export function typenix(
  args: readonly string[],
  options: {
    cwd?: string;
    input?: string;
    env?: Record<string, string>;
    /** Runs the command as this user (a test running as root that needs permissions to matter). */
    user?: { uid: number; gid: number };
    /** Kills the command after this many milliseconds (one that may hang, as on reading a FIFO). */
    timeout?: number;
  } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: options.cwd ?? ROOT,
    input: options.input,
    timeout: options.timeout,
    ...options.user,
    env: { ...process.env, NIX_PATH: `nixpkgs=${join(STAND_INS, "nixpkgs")}`, ...options.env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The directories `tempDir` made in this test file. */
const made: string[] = [];

/** A fresh temporary directory, removed after the test file (see `removeTempDirs`). */
export function tempDir(prefix = "typenix-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the directories `tempDir` made; run after each test file (test/support/setup.ts). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Installs the repository's DSL in `dir`'s node_modules, as a project beside its spec files would. */
export function installDsl(dir: string): void {
  mkdirSync(join(dir, "node_modules", "@typenix"), { recursive: true });
  symlinkSync(join(ROOT, "packages", "dsl"), join(dir, "node_modules", "@typenix", "dsl"));
}

/** `-I` options that put the stand-ins on Nix's search path. */
export const STAND_IN_ARGS = [
  "-I",
  `nixpkgs=${join(STAND_INS, "nixpkgs")}`,
  "-I",
  `nix-processmgmt=${join(STAND_INS, "nix-processmgmt")}`,
];
