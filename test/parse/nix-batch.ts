/**
 * `nix-instantiate --parse` over many programs with few Nix processes.
 * One process parses its files in order, printing one line each, and stops
 * at the first file it rejects; the number of lines printed tells which
 * one. The next process starts after it. Several such chains run at once.
 *
 * The chains run in a small helper process (this module run as a script):
 * starting a process from a large one, such as a test worker, costs twice
 * as much, and there is one start per rejected program.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Nix's verdict on one program: its normalised parse, or null when rejected. */
export type Verdict = string | null;

/** The home directory Nix sees, so that `~/x` parses the same way every time. */
export const NIX_HOME = "/home/typenix-test";

/** Nix's verdicts, and where the programs were (named in Nix's output for relative paths). */
export interface Batch {
  readonly dir: string;
  readonly verdicts: Verdict[];
}

const fileOf = (dir: string, i: number): string => join(dir, `p${i}.nix`);

function collect(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ out: string; ok: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ out, ok: code === 0 }));
  });
}

// The dummy store: parsing needs no store, and the real one serialises Nix processes.
const NIX_ENV = { ...process.env, NIX_PATH: "", HOME: NIX_HOME, NIX_REMOTE: "dummy://" };

async function chain(
  files: readonly string[],
  verdicts: Verdict[],
  indices: readonly number[],
): Promise<void> {
  let at = 0;
  while (at < indices.length) {
    const rest = indices.slice(at);
    const { out, ok } = await collect(
      "nix-instantiate",
      ["--parse", ...rest.map((i) => files[i] as string)],
      NIX_ENV,
    );
    const lines = out.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const parsed = Math.min(lines.length, rest.length);
    for (let k = 0; k < parsed; k++) verdicts[rest[k] as number] = lines[k] as string;
    at += parsed;
    if (!ok && at < indices.length) {
      verdicts[indices[at] as number] = null;
      at += 1;
    }
  }
}

/** The verdicts on `count` programs in `dir` (what the helper process computes). */
async function verdictsOf(dir: string, count: number): Promise<Verdict[]> {
  const files = Array.from({ length: count }, (_, i) => fileOf(dir, i));
  const verdicts: Verdict[] = files.map(() => null);
  const lanes = Math.min(2 * availableParallelism(), 8);
  const groups = Array.from({ length: lanes }, (_, lane) =>
    files.map((_, i) => i).filter((i) => i % lanes === lane),
  );
  await Promise.all(groups.map((g) => chain(files, verdicts, g)));
  return verdicts;
}

/** Nix's verdict on each program; the directory is removed again. */
export async function nixParseAll(sources: readonly string[]): Promise<Batch> {
  const dir = mkdtempSync(join(tmpdir(), "typenix-parse-"));
  try {
    sources.forEach((source, i) => writeFileSync(fileOf(dir, i), source));
    const helper = fileURLToPath(import.meta.url);
    const { out, ok } = await collect(
      process.execPath,
      ["--import", "tsx", helper, dir, String(sources.length)],
      process.env,
    );
    if (!ok) throw new Error("the nix-instantiate helper process failed");
    return { dir, verdicts: JSON.parse(out) as Verdict[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a script: the helper process.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, count] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(await verdictsOf(dir ?? "", Number(count))));
}
