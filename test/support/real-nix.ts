/**
 * The real Nix as a test oracle: `nix-instantiate --parse` for syntax and
 * `nix-instantiate --eval --strict --json` for values. Tests that need it
 * call `requireNix()` so a machine without Nix fails loudly instead of
 * skipping silently.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NixResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

const NIX_ENV = { ...process.env, NIX_PATH: process.env["NIX_PATH"] ?? "" };

/** Throws when `nix-instantiate` is not installed (CI installs Debian's nix-bin). */
export function requireNix(): void {
  const probe = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error("nix-instantiate is not installed: run `apt-get install -y nix-bin`");
  }
}

function run(args: readonly string[], input?: string, cwd?: string): NixResult {
  const result = spawnSync("nix-instantiate", [...args], {
    encoding: "utf8",
    input,
    cwd,
    env: NIX_ENV,
    maxBuffer: 1 << 30,
  });
  return { ok: result.status === 0, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** `nix-instantiate --parse` of Nix source text (read from stdin). */
export function nixParse(source: string): NixResult {
  return run(["--parse", "-"], source);
}

/** `nix-instantiate --parse FILE` */
export function nixParseFile(file: string): NixResult {
  return run(["--parse", file]);
}

/**
 * Evaluate Nix source text strictly and return the JSON value.
 * `extraArgs` go before the file (e.g. `["-I", "nixpkgs=/path"]`).
 */
export function nixEvalJson(source: string, extraArgs: readonly string[] = []): unknown {
  const dir = mkdtempSync(join(tmpdir(), "typenix-eval-"));
  try {
    const file = join(dir, "expr.nix");
    writeFileSync(file, source);
    return nixEvalFileJson(file, extraArgs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Evaluate a `.nix` file strictly and return the JSON value; throws with Nix's message on failure. */
export function nixEvalFileJson(file: string, extraArgs: readonly string[] = []): unknown {
  const result = run(["--eval", "--strict", "--json", ...extraArgs, file]);
  if (!result.ok) throw new Error(`nix-instantiate --eval failed for ${file}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

/**
 * `nix-instantiate --parse` of many programs with as few Nix runs as
 * possible: one run parses files until the first failure, whose position
 * the number of printed lines tells. Gives each program's normalised parse
 * (one line) or null when Nix rejects it.
 */
export function nixParseMany(sources: readonly string[]): (string | null)[] {
  const dir = mkdtempSync(join(tmpdir(), "typenix-parse-"));
  try {
    const files = sources.map((source, i) => {
      const file = join(dir, `p${i}.nix`);
      writeFileSync(file, source);
      return file;
    });
    const results: (string | null)[] = [];
    while (results.length < files.length) {
      const rest = files.slice(results.length);
      const run = spawnSync("nix-instantiate", ["--parse", ...rest], {
        encoding: "utf8",
        env: NIX_ENV,
        maxBuffer: 1 << 30,
      });
      const lines = run.stdout.split("\n").filter((l, i, all) => i < all.length - 1 || l !== "");
      results.push(...lines.slice(0, rest.length).map((l) => l.split(dir).join("<dir>")));
      if (run.status !== 0 && results.length < files.length) results.push(null);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
