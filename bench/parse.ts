/**
 * bench/parse DIR: parses every `.nix` file under DIR in one process and
 * prints the time as a ratio against two peers measured in the same run:
 * Nix's own parser (`nix-instantiate --parse` over all files in one
 * process, its start-up time subtracted) and the lezer Nix grammar
 * (`@replit/codemirror-lang-nix`). Prints figures; asserts nothing.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx parse.ts DIR [ROUNDS]
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { parser as lezer } from "@replit/codemirror-lang-nix";

/**
 * The parser as it runs when compiled: bundled by esbuild without the name
 * preservation the TypeScript loader adds to every closure in development.
 */
async function compiledParser(): Promise<(text: string, file?: string) => { file: unknown }> {
  const entry = new URL("../packages/compiler/src/parse/index.ts", import.meta.url).pathname;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    minify: false,
  });
  const out = join(mkdtempSync(join(tmpdir(), "typenix-bench-")), "parse.mjs");
  writeFileSync(out, result.outputFiles[0]?.text ?? "");
  return (
    (await import(pathToFileURL(out).href)) as {
      parseNix: (text: string, file?: string) => { file: unknown };
    }
  ).parseNix;
}
const parseNix = await compiledParser();

function nixFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return nixFiles(path);
    return name.endsWith(".nix") ? [path] : [];
  });
}

/** The best of `rounds` timings, in milliseconds. */
function best(rounds: number, run: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

function nixParse(files: readonly string[]): number {
  const start = performance.now();
  const args = files.length > 0 ? files : ["-E", "1"];
  const result = spawnSync("nix-instantiate", ["--parse", ...args], { maxBuffer: 1 << 30 });
  if (result.status !== 0)
    throw new Error(`nix-instantiate --parse failed: ${result.stderr.toString().split("\n")[0]}`);
  return performance.now() - start;
}

const [dir, roundsArg] = process.argv.slice(2);
if (!dir) {
  console.error("usage: parse.ts DIR [ROUNDS]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const all = nixFiles(dir);
// Only files both parsers accept are timed, so the work compared is the same.
const nixOk = all.filter((f) => spawnSync("nix-instantiate", ["--parse", f]).status === 0);
const files = nixOk.filter((f) => parseNix(readFileSync(f, "utf8"), f).file !== undefined);
const texts = files.map((f) => readFileSync(f, "utf8"));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const ours = best(rounds, () => texts.forEach((t) => parseNix(t)));
const theirs = best(
  rounds,
  () => lezer.parse(texts[0] ?? "") && texts.forEach((t) => lezer.parse(t)),
);
const startup = best(rounds, () => nixParse([]));
const nix = Math.max(0, best(rounds, () => nixParse(files)) - startup);

console.log(
  `${files.length} files (${(bytes / 1024).toFixed(0)} KiB) of ${all.length} under ${dir}; best of ${rounds}`,
);
console.log(
  `typenix parseNix          ${ours.toFixed(1)} ms  (${(bytes / 1024 / 1024 / (ours / 1000)).toFixed(2)} MiB/s)`,
);
console.log(
  `nix-instantiate --parse   ${nix.toFixed(1)} ms  (start-up ${startup.toFixed(1)} ms subtracted)`,
);
console.log(`lezer (codemirror-lang-nix) ${theirs.toFixed(1)} ms`);
console.log(
  `ratio typenix / nix   = ${(ours / nix).toFixed(2)}  (below 1.0: faster than Nix's parser)`,
);
console.log(
  `ratio typenix / lezer = ${(ours / theirs).toFixed(2)}  (below 0.5: twice as fast as lezer)`,
);
