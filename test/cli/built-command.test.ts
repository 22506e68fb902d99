/**
 * The command runs from a build of its sources; where it cannot build, it
 * runs the sources themselves. Both must do the same: same files, same
 * diagnostics. A build is made again when a source changes.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const FROM_SOURCES = { env: { TYPENIX_FROM_SOURCES: "1" } };

/** Every file under `dir`, by relative path. */
function filesUnder(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return Object.fromEntries(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .map((file) => [file.slice(dir.length + 1), readFileSync(file, "utf8")]),
  );
}

describe("the built command and the sources", () => {
  it("write the same files", () => {
    requireNix();
    const [built, sources] = [tempDir(), tempDir()];
    const args = ["synth", "examples/webapp-processes", "--json-specs", "-o"];
    expect(typenix([...args, built]).status).toBe(0);
    expect(typenix([...args, sources], FROM_SOURCES).status).toBe(0);
    const files = filesUnder(built);
    expect(Object.keys(files)).toContain("processes.nix");
    expect(filesUnder(sources)).toEqual(files);
  });

  it("report the same diagnostics", () => {
    const args = ["synth", "test/cli/fixtures/misnamed", "-o", tempDir()];
    const built = typenix(args);
    expect(built.status).toBe(1);
    expect(built.stderr).toContain("misnamed/services.ts:8:8: error TN5001");
    expect(typenix(args, FROM_SOURCES)).toEqual(built);
  });
});

/**
 * A package laid out as the workspace's, with the real build module and
 * a command whose `main` gives `exitCode`, and which ran no command when
 * asked for `--help`.
 */
function packages(exitCode: number): { dir: string; setExitCode(code: number): void } {
  const dir = tempDir();
  const runtime = join(dir, "runtime");
  for (const folder of ["runtime/build", "runtime/src/cli", "compiler/src", "dsl/src/processes"]) {
    mkdirSync(join(dir, folder), { recursive: true });
  }
  copyFileSync(
    join(ROOT, "packages/runtime/build/built-cli.js"),
    join(runtime, "build/built-cli.js"),
  );
  symlinkSync(join(ROOT, "packages/runtime/node_modules"), join(runtime, "node_modules"));
  writeFileSync(join(runtime, "package.json"), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, "packages/dsl/node_modules"), join(dir, "dsl/node_modules"));
  writeFileSync(join(dir, "dsl/src/core.ts"), "export const answer = 42;\n");
  writeFileSync(join(dir, "dsl/src/processes/parameter-schemas.ts"), 'export { z } from "zod";\n');
  const setExitCode = (code: number): void =>
    writeFileSync(
      join(runtime, "src/cli/main.ts"),
      `export async function main(): Promise<number> {\n  return ${code};\n}\n` +
        `export function ranCommand(): boolean {\n  return process.argv[2] !== "--help";\n}\n`,
    );
  setExitCode(exitCode);
  return { dir, setExitCode };
}

/** Runs the built command of `dir` as the launcher does: its exit code, and its builds. */
function runBuilt(dir: string, args: string[] = []): { status: number | null; builds: string[] } {
  const launcher = `const { loadBuiltCli } = await import(${JSON.stringify(join(dir, "runtime/build/built-cli.js"))});
process.exitCode = await (await loadBuiltCli()).main(process.argv);`;
  // A file, not `-e`: Node's options name a code cache of their own.
  const file = join(dir, "launcher.mjs");
  writeFileSync(file, launcher);
  const run = spawnSync(process.execPath, [file, ...args]);
  return { status: run.status, builds: readdirSync(join(dir, "runtime/dist")).sort() };
}

describe("the build of the command", () => {
  it("is made on first use, reused, and made again when a source changes", () => {
    const { dir, setExitCode } = packages(3);
    const first = runBuilt(dir);
    expect(first.status).toBe(3);
    expect(first.builds).toHaveLength(1);
    const build = join(dir, "runtime/dist", first.builds[0] ?? "");
    expect(readdirSync(build).sort()).toEqual([
      "cli.cjs",
      "cli.other.cache",
      "dsl-parameter-schemas.mjs",
      "dsl.mjs",
      "zod.cjs",
    ]);
    expect(readFileSync(join(build, "dsl.mjs"), "utf8")).toContain("{ answer }");
    expect(readFileSync(join(build, "dsl-parameter-schemas.mjs"), "utf8")).toContain("{ z }");

    expect(runBuilt(dir)).toEqual(first);

    setExitCode(4);
    const second = runBuilt(dir);
    expect(second.status).toBe(4);
    expect(second.builds).toHaveLength(2);
  });
});

describe("the code cache of the command", () => {
  it("is made by the first run that ran a command, not by one that printed help", () => {
    const { dir } = packages(0);
    const cacheOf = (builds: string[]): string =>
      join(dir, "runtime/dist", builds[0] ?? "", "cli.other.cache");
    const help = runBuilt(dir, ["--help"]);
    expect(statSync(cacheOf(help.builds), { throwIfNoEntry: false })).toBeUndefined();
    const run = runBuilt(dir);
    expect(run.builds).toEqual(help.builds);
    expect(statSync(cacheOf(run.builds)).size).toBeGreaterThan(0);
  });

  /**
   * The code cache of `typenix synth` in the newest build, and when it was
   * written: the cache of runs started without Node options, or, with
   * `withOptions`, the one of runs started with some.
   */
  function synthCache(withOptions = false): { file: string; written: number } {
    const name = withOptions ? /^cli\.synth\.[0-9a-f]{8}\.cache$/ : /^cli\.synth\.cache$/;
    const dist = join(ROOT, "packages/runtime/dist");
    const caches = readdirSync(dist)
      .flatMap((build) =>
        readdirSync(join(dist, build))
          .filter((file) => name.test(file))
          .map((file) => join(dist, build, file)),
      )
      .flatMap((file) => {
        const stat = statSync(file, { throwIfNoEntry: false });
        return stat ? [{ file, written: stat.mtimeMs }] : [];
      });
    const newest = caches.sort((a, b) => b.written - a.written)[0];
    if (!newest) throw new Error("typenix synth made no code cache");
    return newest;
  }

  /** The code caches of `typenix synth` runs in the build `cache` is in, each with when it was written. */
  function synthCaches(cache: string): Record<string, number> {
    const build = dirname(cache);
    const names = readdirSync(build).filter((file) => /^[a-z]+\.synth\.cache$/.test(file));
    return Object.fromEntries(names.map((name) => [name, statSync(join(build, name)).mtimeMs]));
  }

  it("made by a synth run is taken by the next, though synth changes V8's flags as it runs", () => {
    const args = ["synth", "examples/webapp-services", "-o"];
    expect(typenix([...args, tempDir()]).status).toBe(0);
    const made = synthCache();
    const all = synthCaches(made.file);
    // The command's script and esbuild's, which synth loads after it starts.
    expect(Object.keys(all)).toEqual(
      expect.arrayContaining(["cli.synth.cache", "esbuild.synth.cache"]),
    );
    // A cache V8 refuses is made again when the run ends.
    expect(typenix([...args, tempDir()]).status).toBe(0);
    expect(synthCache()).toEqual(made);
    expect(synthCaches(made.file)).toEqual(all);
  });

  it("made under other Node options is kept apart from the others, which V8 would refuse", () => {
    const args = ["synth", "examples/webapp-services", "-o"];
    const withOptions = { env: { NODE_OPTIONS: "--max-old-space-size=3000" } };
    expect(typenix([...args, tempDir()]).status).toBe(0);
    const made = synthCache();
    expect(typenix([...args, tempDir()], withOptions).status).toBe(0);
    const madeWithOptions = synthCache(true);
    expect(madeWithOptions.file).not.toBe(made.file);
    // Each kind of run takes its own cache: neither is made again.
    expect(typenix([...args, tempDir()]).status).toBe(0);
    expect(typenix([...args, tempDir()], withOptions).status).toBe(0);
    expect(synthCache()).toEqual(made);
    expect(synthCache(true)).toEqual(madeWithOptions);
  });
});

describe("a script the launcher compiles", () => {
  it("reads as UTF-8, whether it holds only ASCII or not", async () => {
    const { runCached } = await import("../../packages/runtime/build/built-cli.js");
    const dir = tempDir();
    const texts = ["plain ASCII", "caf\u00e9 \u2192 \u{1F680}"];
    for (const [i, text] of texts.entries()) {
      const file = join(dir, `script-${i}.cjs`);
      writeFileSync(file, `module.exports = ${JSON.stringify(text)};\n`);
      expect(runCached(file, join(dir, `script-${i}.cache`))).toBe(text);
    }
  });
});
