/**
 * bench/synth: what a user waits for in `typenix synth` on deployments of
 * 100, 1,000 and 10,000 services over 100 targets, against the time
 * `nix-instantiate --eval --strict` takes to read the produced services
 * model. Prints figures; asserts nothing.
 *
 * Each run is a fresh Node process, as `typenix synth` is: the spec code
 * builds the models with the DSL, `synthesize()` lowers, checks and prints
 * them, and the files are written. That span is timed (cold: the JavaScript
 * engine compiles the code on the way); loading the modules before it is
 * reported apart, and Nix's time includes its own start-up. A warm figure
 * (the best of further runs in the same process, as in `--watch`) follows.
 * The child sets V8's flags as the command line does
 * (`setSynthV8Flags`), and, as the command line's first run
 * does, builder calls record no call sites (the command line runs the
 * specs again, recording them, only when there is a diagnostic to locate;
 * the bench deployment has none, and the child reports the count).
 *
 * synth's time, the ratio's numerator, is typenix's part of that span: the
 * DSL's builders (timed call by call), synthesize and the write. The spec
 * code around the builders is the user's own program, and is printed
 * apart, with the whole span and its ratio: JavaScript engines have slow
 * paths no builder can help (in V8, `Object.fromEntries` takes time
 * growing with the square of the keys for a record of up to 1,020 keys,
 * which it keeps in fast mode: 1.3 ms for 500 keys, 5.1 ms for 1,000,
 * 5.2 ms for 1,021 and 6.3 ms for 10,000; about 4 ms of the distribution
 * of 1,000 services here), and Nix's time holds no code of the user's
 * besides the model it reads.
 *
 * The start-up of `typenix synth` itself (`typenix synth --help`: Node,
 * the command's build and the modules synth loads) comes first, apart
 * from the synth figures, with Node's own start-up (an empty module), the
 * part of any command's time that no code of typenix can change. Last for
 * each size, the command itself, end to end: the same deployment as spec
 * files in a directory, `typenix synth DIR -o OUT` from start to exit
 * (start-up, bundling and running the spec files, synth and writing),
 * against the same Nix time.
 *
 * Each size ends with the peak memory of the command and of Nix, as GNU
 * time reports it (resident memory, the kernel's count), where
 * `/usr/bin/time` is installed; Node's own, running nothing, is printed
 * with its start-up.
 *
 * Node processes the bench starts run without `NODE_EXTRA_CA_CERTS`: Node
 * reads and parses that file of certificates as it starts, before any
 * code runs (about 50 ms for the system's whole bundle, as some CI
 * containers set it), and no command of typenix has a use for it. When it
 * is set, Node's start-up with it is printed too.
 *
 * Nix and the in-process figures are measured in rounds: each round runs
 * Nix once and each of typenix's builds once, one after another, so that
 * a ratio compares runs made in the same state of the machine.
 *
 * typenix's in-process figures are measured three times: from its
 * TypeScript sources through tsx (which adds name preservation to every
 * function), and bundled by esbuild into one CommonJS script, loaded as the
 * command line loads its own (`runCached`): on its first run, which
 * compiles every function synth calls as it first calls it, and on a later
 * run, compiled from the code cache the first made. The command line runs
 * the second way on every run after its first. In all three, the spec code
 * is the same functions, run in the child.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx synth.ts [ROUNDS]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TargetRef } from "@typenix/dsl";
import { createRequire } from "node:module";
import { runCached } from "../packages/runtime/build/built-cli.js";
import { GNU_TIME, mib, peakMemory, type Peak } from "./peak-memory.js";
import { setSynthV8Flags, withDefaultV8Flags } from "../packages/runtime/src/cli/heap.js";

type Dsl = typeof import("@typenix/dsl");
type Compiler = typeof import("../packages/compiler/src/synth/synthesize.js");

/** The synth pipeline's own module: what `typenix synth` runs, without the other commands' modules. */
const SYNTHESIZE = "../packages/compiler/src/synth/synthesize.ts";

/** The `typenix` command, as a fresh clone runs it. */
const CLI = fileURLToPath(new URL("../packages/runtime/bin/typenix.js", import.meta.url));
const STAND_IN_NIXPKGS = fileURLToPath(new URL("../test/stand-ins/nixpkgs", import.meta.url));
const DSL = fileURLToPath(new URL("../packages/dsl", import.meta.url));
const TARGETS = 100;
/** The environment of the Node processes the bench starts (see above). */
const CHILD_ENV = withoutExtraCertificates(process.env);
const SIZES = [100, 1_000, 10_000];
const WARM_ROUNDS = 5;

/** The spec code of the bench deployment: what a user's spec files run. */
function deployment(dsl: Dsl, count: number): { file: string; value: unknown }[] {
  const { distribution, infrastructure, pkgs, service, services, target } = dsl;
  const infra = infrastructure(
    Object.fromEntries(
      Array.from({ length: TARGETS }, (_, t) => [
        `test${t}`,
        target({ properties: { hostname: `test${t}` } }),
      ]),
    ),
  );
  const all: Record<string, ReturnType<Dsl["service"]>> = {};
  for (let i = 0; i < count; i++) {
    const previous = all[`svc${i - 1}`];
    all[`svc${i}`] = service({
      pkg: pkgs.hello,
      port: 10_000 + i,
      type: "process",
      activatesAfter: previous ? { [`svc${i - 1}`]: previous } : {},
      description: `service ${i} with \${text}`,
    });
  }
  const svcs = services(all);
  const dist = distribution(svcs, infra, (t) =>
    Object.fromEntries(
      Object.keys(all).map((name, i) => [name, [t[`test${i % TARGETS}`] as TargetRef]]),
    ),
  );
  return [
    { file: "/bench/services.ts", value: svcs },
    { file: "/bench/infrastructure.ts", value: infra },
    { file: "/bench/distribution.ts", value: dist },
  ];
}

/**
 * Milliseconds of each step of one synth run: the spec code (the user's
 * own JavaScript: loops, object literals, `Object.fromEntries`), the
 * DSL's builders it calls, synthesize and the write. `typenix` is the
 * sum of typenix's own steps, `total` that and the spec code.
 */
interface Steps {
  readonly specCode: number;
  readonly builders: number;
  readonly synth: number;
  readonly write: number;
  readonly typenix: number;
  readonly total: number;
}

interface ChildReport {
  readonly load: number;
  readonly cold: Steps;
  readonly warm: Steps;
  readonly diagnostics: number;
}

/** One synth run in this process: build the models, synthesize, write. */
function synthRun(dsl: Dsl, compiler: Compiler, count: number, outDir: string): [Steps, number] {
  const timed = timedBuilders(dsl);
  const t0 = performance.now();
  const specs = deployment(timed.dsl, count);
  const t1 = performance.now();
  const result = compiler.synthesize(specs, { outDir });
  const t2 = performance.now();
  for (const file of result.files) writeFileSync(join(outDir, file.path), file.content);
  const t3 = performance.now();
  const builders = timed.elapsed();
  const steps: Steps = {
    specCode: t1 - t0 - builders,
    builders,
    synth: t2 - t1,
    write: t3 - t2,
    typenix: builders + (t3 - t1),
    total: t3 - t0,
  };
  return [steps, result.diagnostics.length];
}

/**
 * The DSL with the builders the bench deployment calls timed: `elapsed`
 * is the time spent in them, apart from the spec code around them (a
 * distribution's placement function is the spec's, and left out). The
 * clock's own reads fall inside the builders' time. Reads of `pkgs.hello`
 * (a proxy of the DSL's) count as spec code: about 0.1 ms for 1,000
 * services, in profiles.
 */
function timedBuilders(dsl: Dsl): { readonly dsl: Dsl; elapsed(): number } {
  let inBuilders = 0;
  // A call's time is added to the builders' (`sign` 1), or taken from them (-1: the spec's own code).
  const clocked =
    (sign: 1 | -1) =>
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): R => {
      const start = performance.now();
      try {
        return run(...args);
      } finally {
        inBuilders += sign * (performance.now() - start);
      }
    };
  const timed = clocked(1);
  const specCode = clocked(-1);
  const distribution: typeof dsl.distribution = (services, infrastructure, place, options) =>
    timed(dsl.distribution)(services, infrastructure, specCode(place), options);
  return {
    dsl: {
      ...dsl,
      target: timed(dsl.target),
      infrastructure: timed(dsl.infrastructure),
      service: timed(dsl.service),
      services: timed(dsl.services),
      distribution,
    } as Dsl,
    elapsed: () => inBuilders,
  };
}

/**
 * How the child loads typenix: its sources through tsx, or the bundle,
 * as the command line's first run loads it (no code cache: it is made as
 * the run ends) or as its later runs do (compiled from that cache).
 */
type Build = "sources" | "first run" | "cached";

/** Child process: load typenix (sources, or the bundle at `lib`), then time the runs. */
async function child(count: number, build: Build, lib: string, outDir: string): Promise<void> {
  const start = performance.now();
  const [dsl, compiler] = build === "sources" ? await sources() : bundled(lib);
  const load = performance.now() - start;
  dsl.recordCallSites(false);
  const [cold, diagnostics] = synthRun(dsl, compiler, count, outDir);
  let warm = cold;
  for (let i = 0; i < WARM_ROUNDS; i++) {
    const [steps] = synthRun(dsl, compiler, count, outDir);
    if (steps.typenix < warm.typenix) warm = steps;
  }
  const report: ChildReport = { load, cold, warm, diagnostics };
  process.stdout.write(JSON.stringify(report));
}

/** typenix's DSL and synth from their sources, with V8's flags set as the command sets them first. */
async function sources(): Promise<readonly [Dsl, Compiler]> {
  setSynthV8Flags();
  return Promise.all([import("@typenix/dsl"), import(SYNTHESIZE) as Promise<Compiler>]);
}

/**
 * The bundle at `lib`, compiled as the command line compiles itself: with
 * the code cache beside it when there is one (made under V8's own flags,
 * as the command makes its cache), then synth's flags set.
 */
function bundled(lib: string): readonly [Dsl, Compiler] {
  const exports = runCached(lib, `${lib}.cache`, createRequire(lib), withDefaultV8Flags);
  setSynthV8Flags();
  const typenix = exports as Dsl & Compiler;
  return [typenix, typenix];
}

/**
 * typenix's DSL and synth bundled by esbuild into one CommonJS script,
 * with `import.meta.url` given as the command line's build gives it.
 */
async function bundle(dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    stdin: {
      contents: `export * from "@typenix/dsl";\nexport { synthesize } from "${SYNTHESIZE}";\n`,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node}`,
    packages: "bundle",
    define: { "import.meta.url": "__typenixModuleUrl" },
    banner: { js: 'var __typenixModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    write: false,
    logLevel: "error",
  });
  const out = join(dir, "typenix.cjs");
  writeFileSync(out, result.outputFiles[0]?.text ?? "");
  return out;
}

/** One size's figures: Nix's time and each build's report, each the best of its runs. */
interface SizeFigures {
  readonly nix: number;
  readonly reports: ReadonlyMap<Build, ChildReport>;
}

/**
 * The best of `rounds` rounds for one size. A round runs Nix once, then
 * each build once in a fresh child process, one after another: all are
 * measured in the same state of the machine, whose speed drifts from
 * minute to minute (Nix's own time on 10,000 services moved from 173 to
 * 217 ms between two runs of this bench an hour apart). A first run finds
 * no code cache (it is removed before); a cached run reads the cache the
 * first run of its round made (or one a run not counted makes).
 */
function measureSize(
  nix: NixRun,
  count: number,
  lib: string,
  builds: readonly Build[],
  rounds: number,
): SizeFigures {
  const cache = `${lib}.cache`;
  let nixBest = Number.POSITIVE_INFINITY;
  const reports = new Map<Build, ChildReport>();
  for (let i = 0; i < rounds; i++) {
    nixBest = Math.min(nixBest, nix.time());
    for (const build of builds) {
      if (build === "first run") rmSync(cache, { force: true });
      if (build === "cached" && !existsSync(cache)) spawnChild(count, "first run", lib);
      const report = spawnChild(count, build, lib);
      const best = reports.get(build);
      if (!best || report.cold.typenix < best.cold.typenix) reports.set(build, report);
    }
  }
  rmSync(cache, { force: true });
  return { nix: nixBest, reports };
}

/** One fresh child process: its report. */
function spawnChild(count: number, build: Build, lib: string): ChildReport {
  const outDir = mkdtempSync(join(tmpdir(), "typenix-bench-"));
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--child",
      String(count),
      build,
      lib,
      outDir,
    ],
    { cwd: fileURLToPath(new URL(".", import.meta.url)), maxBuffer: 1 << 26, env: CHILD_ENV },
  );
  rmSync(outDir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`bench child failed:\n${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString()) as ChildReport;
}

/** Nix reading the services model of a deployment: one timed run, and the files' removal. */
interface NixRun {
  /** Milliseconds of one `nix-instantiate --eval --strict` of the model, start to exit. */
  time(): number;
  /** The peak memory of one such run. */
  peak(): Peak;
  dispose(): void;
}

/** Nix reading the services model of `count` services, which typenix writes first. */
function nixRun(dsl: Dsl, compiler: Compiler, count: number): NixRun {
  const dir = mkdtempSync(join(tmpdir(), "typenix-bench-"));
  synthRun(dsl, compiler, count, dir);
  const evalFile = join(dir, "eval.nix");
  writeFileSync(
    evalFile,
    `builtins.mapAttrs (n: s: s // { activatesAfter = builtins.attrNames s.activatesAfter; }) (import ./services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; })\n`,
  );
  const args = ["--eval", "--strict", "-I", `nixpkgs=${STAND_IN_NIXPKGS}`, evalFile];
  return {
    time: () => {
      const start = performance.now();
      const run = spawnSync("nix-instantiate", args, { maxBuffer: 1 << 30 });
      const elapsed = performance.now() - start;
      if (run.status !== 0) throw new Error(`nix-instantiate failed:\n${run.stderr.toString()}`);
      return elapsed;
    },
    peak: () => peakMemory("nix-instantiate", args),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The bench deployment as spec files in a fresh directory, as a user's would be. */
function specFiles(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "typenix-bench-specs-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  mkdirSync(join(dir, "node_modules", "@typenix"), { recursive: true });
  symlinkSync(DSL, join(dir, "node_modules", "@typenix", "dsl"));
  const files: Record<string, string> = {
    "infrastructure.ts": `import { infrastructure, target } from "@typenix/dsl";
export default infrastructure(Object.fromEntries(Array.from({ length: ${TARGETS} }, (_, t) =>
  [\`test\${t}\`, target({ properties: { hostname: \`test\${t}\` } })])));
`,
    "services.ts": `import { pkgs, service, services } from "@typenix/dsl";
const all: Record<string, ReturnType<typeof service>> = {};
for (let i = 0; i < ${count}; i++) {
  const previous = all[\`svc\${i - 1}\`];
  all[\`svc\${i}\`] = service({ pkg: pkgs.hello, port: 10_000 + i, type: "process",
    activatesAfter: previous ? { [\`svc\${i - 1}\`]: previous } : {},
    description: \`service \${i} with \\\${text}\` });
}
export default services(all);
`,
    "distribution.ts": `import { distribution } from "@typenix/dsl";
import infra from "./infrastructure.js";
import svcs from "./services.js";
export default distribution(svcs, infra, (t) => Object.fromEntries(Object.keys(svcs.services)
  .map((name, i) => [name, [t[\`test\${i % ${TARGETS}}\` as keyof typeof t]]])) as never);
`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `typenix synth DIR -o OUT`: the best of `rounds` times it takes, start to exit, and its peak memory. */
function endToEnd(count: number, rounds: number): { readonly time: number; readonly peak: Peak } {
  const dir = specFiles(count);
  const args = [CLI, "synth", dir, "-o", join(dir, "out")];
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { env: CHILD_ENV });
    best = Math.min(best, performance.now() - start);
    if (run.status !== 0) throw new Error(`typenix synth failed:\n${run.stderr.toString()}`);
  }
  // Apart from the timed runs: GNU time's own start would count in them.
  const peak = peakMemory(process.execPath, args, CHILD_ENV);
  rmSync(dir, { recursive: true, force: true });
  return { time: best, peak };
}

/** The memory line of a size: typenix's peak against Nix's, in MiB. */
function memoryLine(typenix: Peak, nix: Peak): string {
  const label = "peak memory".padEnd(18);
  if (typenix === undefined || nix === undefined)
    return `  ${label} not measured: no GNU time at ${GNU_TIME}`;
  return (
    `  ${label} typenix synth DIR ${mib(typenix)} MiB, nix-instantiate ${mib(nix)} MiB; ` +
    `ratio ${(typenix / nix).toFixed(2)} (resident, at the process's peak)`
  );
}

/** `env` without `NODE_EXTRA_CA_CERTS`. */
function withoutExtraCertificates(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = env;
  return rest;
}

/** The best of `rounds` times `node ARGS` takes, start to exit. */
function bestRun(args: readonly string[], rounds: number, env = CHILD_ENV): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { env });
    best = Math.min(best, performance.now() - start);
    if (run.status !== 0)
      throw new Error(`node ${args.join(" ")} failed:\n${run.stderr.toString()}`);
  }
  return best;
}

/** The best of `rounds` times `typenix synth` takes to start and print its help. */
const startUp = (rounds: number): number => bestRun([CLI, "synth", "--help"], rounds);

/** Node running nothing: an empty ES module. */
const EMPTY_MODULE = ["--input-type=module", "--eval", ""];

/** The best of `rounds` times Node takes to start and exit, running nothing. */
const nodeStartUp = (rounds: number, env = CHILD_ENV): number => bestRun(EMPTY_MODULE, rounds, env);

/** Node's own peak memory, running nothing: the floor of any command's. */
function nodeMemory(): string {
  const peak = peakMemory(process.execPath, EMPTY_MODULE, CHILD_ENV);
  return peak === undefined ? "" : `; its peak memory: ${mib(peak)} MiB`;
}

/** Node's start-up with `NODE_EXTRA_CA_CERTS` as this environment sets it, when it does. */
function withCertificates(rounds: number): string {
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) return "";
  return `; with NODE_EXTRA_CA_CERTS, which is set here and left out below: ${ms(nodeStartUp(rounds, process.env))} ms`;
}

const ms = (n: number): string => (n < 10 ? n.toFixed(1) : n.toFixed(0));

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), "typenix-bench-"));
  const lib = await bundle(dir);
  const builds: [label: string, build: Build][] = [
    ["sources (tsx)", "sources"],
    ["bundled, 1st run", "first run"],
    ["bundled, cached", "cached"],
  ];
  const [dsl, compiler] = await Promise.all([
    import("@typenix/dsl"),
    import(SYNTHESIZE) as Promise<Compiler>,
  ]);
  // The first run of the command builds it and makes its code cache, which
  // a run printing help does not make (see `ranCommand`).
  endToEnd(SIZES[0] ?? 100, 1);
  console.log(
    `typenix synth start-up (typenix synth --help), best of ${rounds}: ${ms(startUp(rounds))} ms; ` +
      `Node's own start-up (an empty ES module): ${ms(nodeStartUp(rounds))} ms${nodeMemory()}${withCertificates(rounds)}`,
  );
  console.log(
    `typenix synth (the DSL's builders + synthesize + write; then with the spec code that calls the builders), best of ${rounds} fresh processes, ` +
      `each round running Nix and each build once in turn; ` +
      `warm: best of ${WARM_ROUNDS} more runs in the same process`,
  );
  const previous = new Map<string, number>();
  for (const count of SIZES) {
    const run = nixRun(dsl, compiler, count);
    const figures = measureSize(
      run,
      count,
      lib,
      builds.map(([, build]) => build),
      rounds,
    );
    const nixPeak = run.peak();
    run.dispose();
    const { nix } = figures;
    console.log(`${count} services: nix-instantiate --eval --strict ${ms(nix)} ms`);
    for (const [label, build] of builds) {
      const { load, cold, warm, diagnostics } = figures.reports.get(build) as ChildReport;
      const perService = cold.typenix / count;
      const before = previous.get(label);
      previous.set(label, perService);
      const growth = before === undefined ? "" : `, growth ${(perService / before).toFixed(2)}x`;
      console.log(
        `  ${label.padEnd(18)} ${ms(cold.typenix)} ms (builders ${ms(cold.builders)}, synthesize ${ms(cold.synth)}, write ${ms(cold.write)}); ` +
          `${perService.toFixed(3)} ms/service${growth}; ratio synth/nix ${(cold.typenix / nix).toFixed(2)}; ` +
          `with the spec code's ${ms(cold.specCode)} ms: ${ms(cold.total)} ms (ratio ${(cold.total / nix).toFixed(2)}); ` +
          `warm ${ms(warm.typenix)} ms (ratio ${(warm.typenix / nix).toFixed(2)}); ` +
          `module load ${ms(load)} ms; ${diagnostics} diagnostics`,
      );
    }
    const command = endToEnd(count, rounds);
    console.log(
      `  ${"typenix synth DIR".padEnd(18)} ${ms(command.time)} ms end to end (start-up, spec files, synth, write); ` +
        `ratio to nix ${(command.time / nix).toFixed(2)}`,
    );
    console.log(memoryLine(command.peak, nixPeak));
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === "--child") {
  const [count, build, lib, outDir] = process.argv.slice(3);
  await child(Number(count), build as Build, lib ?? "", outDir ?? tmpdir());
} else {
  await main();
}
