/**
 * bench/parse DIR: parses every `.nix` file under DIR in one process and
 * prints the time as a ratio against two peers measured in the same run:
 * Nix's own parser (`nix-instantiate --parse` over all files in one
 * process, its start-up time subtracted) and the lezer Nix grammar
 * (`@replit/codemirror-lang-nix`). Prints figures; asserts nothing.
 *
 * typenix's parser is `compiler/src/parser`, timed as it runs when bundled.
 *
 * Memory follows: the heap the trees of all files hold in this process,
 * typenix's against lezer's (typenix keeps every token and comment, which
 * lezer's compact buffers do not), and the peak resident memory of
 * `nix-instantiate --parse` over all files and over none, where GNU time
 * is installed.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx parse.ts DIR [ROUNDS]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { parser as lezer } from "@replit/codemirror-lang-nix";
import { GNU_TIME, mib, peakMemory } from "./peak-memory.js";

type Parse = (text: string, file?: string) => { file: unknown };

interface Candidate {
  readonly label: string;
  readonly parse: Parse;
}

/**
 * A parser as it runs when compiled: bundled by esbuild, without the name
 * preservation the TypeScript loader adds to every closure in development.
 */
async function compiled(entry: string): Promise<Parse> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
  });
  const out = join(mkdtempSync(join(tmpdir(), "typenix-bench-")), "parse.mjs");
  writeFileSync(out, result.outputFiles[0]?.text ?? "");
  return ((await import(pathToFileURL(out).href)) as { parseNix: Parse }).parseNix;
}

async function candidates(): Promise<Candidate[]> {
  const entry = new URL("../packages/compiler/src/parser/index.ts", import.meta.url).pathname;
  return [{ label: "typenix parser/", parse: await compiled(entry) }];
}

function nixFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return nixFiles(path);
    return name.endsWith(".nix") ? [path] : [];
  });
}

/**
 * The best of `rounds` timings, in milliseconds, after as many untimed
 * rounds for the JavaScript engine to compile the code hot paths; and the
 * first, cold, timing.
 */
function time(rounds: number, run: () => void): { best: number; first: number } {
  let best = Number.POSITIVE_INFINITY;
  let first = 0;
  for (let i = 0; i < 2 * rounds; i++) {
    const start = performance.now();
    run();
    const took = performance.now() - start;
    if (i === 0) first = took;
    if (i >= rounds) best = Math.min(best, took);
  }
  return { best, first };
}

// The dummy store: parsing needs none, and opening the real one is start-up time.
const NIX_ENV = { ...process.env, NIX_REMOTE: "dummy://" };

/** `nix-instantiate`'s arguments to parse `files` (an expression of its own when there are none). */
const nixParseArgs = (files: readonly string[]): string[] =>
  files.length > 0 ? ["--parse", ...files] : ["--parse", "-E", "1"];

function nixParse(files: readonly string[]): void {
  const result = spawnSync("nix-instantiate", nixParseArgs(files), {
    env: NIX_ENV,
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0)
    throw new Error(`nix-instantiate --parse failed: ${result.stderr.toString().split("\n")[0]}`);
}

/** A full collection of the heap (V8's `gc`, which a flag set now exposes to new contexts). */
const collect = ((): (() => void) => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

/**
 * The heap, in bytes, that the results of parsing `texts` hold while they
 * are kept: the heap in use after a full collection with them, less before.
 */
function retained(texts: readonly string[], parse: (text: string) => unknown): number {
  collect();
  const before = process.memoryUsage().heapUsed;
  const results = texts.map((text) => parse(text));
  collect();
  const held = process.memoryUsage().heapUsed - before;
  // Read after the measure, so the results live through it.
  if (results.length !== texts.length) throw new Error("a parse went missing");
  return held;
}

/** Bytes held as KiB, and per byte of the source parsed, for printing. */
function held(bytes: number, source: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB (${(bytes / source).toFixed(1)} bytes per byte of source)`;
}

/** The memory lines: the heap each parser's trees hold, and Nix's peak memory. */
function memoryLines(texts: readonly string[], files: readonly string[], source: number): string[] {
  const theirs = retained(texts, (t) => lezer.parse(t));
  const lines = [
    "memory: heap the trees of all files hold (after full collections)",
    `  lezer (codemirror-lang-nix)  ${held(theirs, source)}`,
    ...parsers.map((p) => {
      const ours = retained(texts, (t) => p.parse(t));
      return `  ${p.label.padEnd(28)} ${held(ours, source)}; ratio to lezer ${(ours / theirs).toFixed(2)}`;
    }),
  ];
  const nix = peakMemory("nix-instantiate", nixParseArgs(files), NIX_ENV);
  const floor = peakMemory("nix-instantiate", nixParseArgs([]), NIX_ENV);
  lines.push(
    nix === undefined || floor === undefined
      ? `  nix-instantiate --parse      not measured: no GNU time at ${GNU_TIME}`
      : `  nix-instantiate --parse      peak resident ${mib(nix)} MiB, ${mib(floor)} MiB parsing nothing`,
  );
  return lines;
}

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) {
  console.error("usage: parse.ts DIR [ROUNDS]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 10);
const parsers = await candidates();
const all = nixFiles(dir);
// Only files every parser accepts are timed, so the work compared is the same.
const nixOk = all.filter(
  (f) => spawnSync("nix-instantiate", ["--parse", f], { env: NIX_ENV }).status === 0,
);
const files = nixOk.filter((f) => {
  const text = readFileSync(f, "utf8");
  return parsers.every((p) => p.parse(text, f).file !== undefined);
});
const texts = files.map((f) => readFileSync(f, "utf8"));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const theirs = time(rounds, () => texts.forEach((t) => lezer.parse(t))).best;
const startup = time(rounds, () => nixParse([])).best;
const nix = Math.max(0.001, time(rounds, () => nixParse(files)).best - startup);

console.log(
  `${files.length} files (${(bytes / 1024).toFixed(0)} KiB) of ${all.length} under ${dir}` +
    ` (${all.length - nixOk.length} rejected by Nix); best of ${rounds} after ${rounds} to warm up`,
);
console.log(
  `nix-instantiate --parse      ${nix.toFixed(1)} ms  (start-up ${startup.toFixed(1)} ms subtracted)`,
);
console.log(`lezer (codemirror-lang-nix)  ${theirs.toFixed(1)} ms`);
for (const p of parsers) {
  const { best, first } = time(rounds, () => texts.forEach((t) => p.parse(t)));
  const speed = bytes / 1024 / 1024 / (best / 1000);
  console.log(
    `${p.label.padEnd(28)} ${best.toFixed(1)} ms  (${speed.toFixed(2)} MiB/s; first run ${first.toFixed(1)} ms)`,
  );
  console.log(
    `  ratio to nix-instantiate = ${(best / nix).toFixed(2)}  (below 1.0: faster than Nix)`,
  );
  console.log(
    `  ratio to lezer           = ${(best / theirs).toFixed(2)}  (below 0.5: twice as fast)`,
  );
}
for (const line of memoryLines(texts, files, bytes)) console.log(line);
