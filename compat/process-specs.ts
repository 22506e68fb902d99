/**
 * compat/process-specs: the JSON managed-process specs of `typenix synth
 * --json-specs` against the ones nix-processmgmt itself writes. For each
 * given folder of process spec files, the generated processes model is
 * built by `nix-build` with a nix-processmgmt checkout for
 * `processManager = null`, where its create-agnostic-config.nix writes
 * each instance's `<name>.json`; every one must equal the spec typenix
 * wrote for that instance. Prints one line per instance; exits 1 when one
 * differs or is missing.
 *
 * Usage: pnpm exec tsx compat/process-specs.ts --nixpkgs-lib DIR
 *          --nix-processmgmt DIR SPEC_DIR...
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { CLI, upstreamEnv } from "./paths.js";

function options(): { nixpkgsLib: string; nixProcessmgmt: string; specDirs: string[] } {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "nixpkgs-lib": { type: "string" }, "nix-processmgmt": { type: "string" } },
  });
  const lib = values["nixpkgs-lib"];
  const processmgmt = values["nix-processmgmt"];
  if (lib === undefined || processmgmt === undefined)
    throw new Error("--nixpkgs-lib DIR and --nix-processmgmt DIR are required");
  return {
    nixpkgsLib: resolve(lib),
    nixProcessmgmt: resolve(processmgmt),
    specDirs: positionals.map((p) => resolve(p)),
  };
}

/**
 * `spec` with each dependency as the name its consumer reads: the base
 * name of the store path without its hash (`/nix/store/<32-char hash>-<name>`).
 * nix-processmgmt names the store paths of derivations there, typenix the
 * store paths of its spec directories. A dependency that is not `expected`
 * stays as it is, so the comparison shows it.
 */
function withDependencyNames(spec: unknown, expected: (dependency: string) => boolean): unknown {
  if (typeof spec !== "object" || spec === null || !("dependencies" in spec)) return spec;
  const { dependencies } = spec as { dependencies: unknown };
  if (!Array.isArray(dependencies)) return spec;
  const name = (d: unknown): unknown =>
    typeof d === "string" && expected(d) ? basename(d).slice(33) : d;
  return { ...spec, dependencies: dependencies.map(name) };
}

/** The specs typenix wrote under OUT/specs, by instance name. */
function typenixSpecs(out: string): Map<string, unknown> {
  const specs = new Map<string, unknown>();
  const dirs = readdirSync(join(out, "specs"));
  // A dependency is the store path of a spec directory typenix wrote.
  const storePaths = new Set(dirs.map((dir) => `/nix/store/${dir}`));
  for (const dir of dirs) {
    const name = dir.slice(33);
    const spec: unknown = JSON.parse(readFileSync(join(out, "specs", dir, `${name}.json`), "utf8"));
    specs.set(
      name,
      withDependencyNames(spec, (d) => storePaths.has(d)),
    );
  }
  return specs;
}

/** The specs nix-processmgmt writes for the processes model in OUT, by instance name. */
function upstreamSpecs(out: string, env: NodeJS.ProcessEnv): Map<string, unknown> {
  const links = join(mkdtempSync(join(tmpdir(), "typenix-compat-")), "result");
  const build = spawnSync(
    "nix-build",
    [
      "-o",
      links,
      "-E",
      `builtins.mapAttrs (name: instance: instance.pkg) (import ${out}/processes.nix { processManager = null; })`,
    ],
    { encoding: "utf8", env },
  );
  if (build.status !== 0) throw new Error(`nix-build failed:\n${build.stderr}`);
  const specs = new Map<string, unknown>();
  for (const path of build.stdout.trim().split("\n")) {
    const [file] = readdirSync(path).filter((f) => f.endsWith(".json"));
    if (file === undefined) continue;
    const spec: unknown = JSON.parse(readFileSync(join(path, file), "utf8"));
    specs.set(
      basename(file, ".json"),
      withDependencyNames(spec, (d) => d.startsWith("/nix/store/")),
    );
  }
  return specs;
}

function compare(specDir: string, env: NodeJS.ProcessEnv): number {
  const out = mkdtempSync(join(tmpdir(), "typenix-compat-"));
  const synth = spawnSync(process.execPath, [CLI, "synth", specDir, "-o", out, "--json-specs"], {
    encoding: "utf8",
    env,
  });
  if (synth.status !== 0 || !existsSync(join(out, "processes.nix"))) {
    console.log(`${specDir}: typenix synth failed\n${synth.stderr}`);
    return 1;
  }
  const ours = typenixSpecs(out);
  const theirs = upstreamSpecs(out, env);
  let failures = 0;
  for (const name of new Set([...ours.keys(), ...theirs.keys()])) {
    const same = ours.has(name) && isDeepStrictEqual(ours.get(name), theirs.get(name));
    if (!same) failures++;
    const missing = !ours.has(name)
      ? "typenix wrote none"
      : !theirs.has(name)
        ? "none upstream"
        : "";
    console.log(
      `${basename(specDir)}: ${name}.json ${same ? "identical" : `DIFFERENT ${missing}`}`,
    );
  }
  return failures;
}

function main(): void {
  const opts = options();
  const env = upstreamEnv(opts.nixpkgsLib, opts.nixProcessmgmt);
  const failures = opts.specDirs.reduce((n, dir) => n + compare(dir, env), 0);
  process.exitCode = failures > 0 ? 1 : 0;
}

main();
