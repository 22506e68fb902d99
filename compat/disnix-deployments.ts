/**
 * compat/disnix-deployments: upstream Disnix models through `typenix
 * import` and `typenix synth`, judged by Disnix itself. For each pair of
 * `services-X.nix` and `distribution-X.nix` in the given folders, Disnix's
 * own manifest code (`nix/manifest.nix` of a Disnix checkout) computes the
 * deployment model of the original files and of the regenerated ones,
 * with the folder's own infrastructure model where it can serve (see
 * `infrastructureOf`), else compat/infrastructure.nix; the two must be
 * identical, derivations included. Prints one line per pair; exits 1 when
 * a pair differs.
 *
 * It needs checkouts this repository does not hold: Disnix, the Nixpkgs
 * library, nix-processmgmt (the examples import it by relative path, as
 * its siblings) and the example repositories. Nothing of them is copied
 * here; the regenerated files go to a temporary folder.
 *
 * Usage: pnpm exec tsx compat/disnix-deployments.ts --disnix DIR
 *          --nixpkgs-lib DIR --nix-processmgmt DIR DEPLOYMENT_DIR...
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CLI, DSL, HERE, upstreamEnv } from "./paths.js";

const INFRASTRUCTURE = join(HERE, "infrastructure.nix");

/**
 * The infrastructure model a deployment folder's models are computed with:
 * its own, where it has one that evaluates (some read files a script
 * makes) and whose targets have hostnames of their own (some are
 * placeholders for the user's network, which Disnix would deploy onto one
 * machine and typenix refuses, TN5020); else compat/infrastructure.nix.
 */
function infrastructureOf(folder: string, env: NodeJS.ProcessEnv): string {
  const own = join(folder, "infrastructure.nix");
  if (!existsSync(own)) return INFRASTRUCTURE;
  const hostnames = `let i = import ${own}; in builtins.deepSeq i (map (t: t.properties.hostname) (builtins.attrValues i))`;
  const run = spawnSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", hostnames], {
    encoding: "utf8",
    env,
  });
  if (run.status !== 0) return INFRASTRUCTURE;
  const names = JSON.parse(run.stdout) as string[];
  return new Set(names).size === names.length ? own : INFRASTRUCTURE;
}

interface Options {
  readonly disnix: string;
  readonly nixpkgsLib: string;
  readonly nixProcessmgmt: string;
  readonly deployments: readonly string[];
}

function options(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      disnix: { type: "string" },
      "nixpkgs-lib": { type: "string" },
      "nix-processmgmt": { type: "string" },
    },
  });
  const need = (name: string, value: string | undefined): string => {
    if (value === undefined) throw new Error(`--${name} DIR is required`);
    return resolve(value);
  };
  return {
    disnix: need("disnix", values.disnix),
    nixpkgsLib: need("nixpkgs-lib", values["nixpkgs-lib"]),
    nixProcessmgmt: need("nix-processmgmt", values["nix-processmgmt"]),
    deployments: positionals.map((p) => resolve(p)),
  };
}

/**
 * Disnix's Nix code, copied where it can be completed: the XSL files its
 * build generates are only named by the manifest code, never read while
 * the deployment model is computed, so empty ones stand in.
 */
function disnixNix(disnix: string, work: string): string {
  const dir = join(work, "disnix-nix");
  cpSync(join(disnix, "nix"), dir, { recursive: true });
  for (const xsl of ["generatemanifest.xsl", "generateprofilemanifest.xsl"])
    writeFileSync(join(dir, xsl), "");
  return dir;
}

/** `typenix ARGS`; its stderr when it fails. */
function typenix(args: readonly string[]): string | undefined {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return run.status === 0 ? undefined : run.stderr;
}

/** The deployment model Disnix computes from three model files, or the error Nix gave. */
function deploymentModel(
  disnixDir: string,
  env: NodeJS.ProcessEnv,
  files: { services: string; infrastructure: string; distribution: string },
): { xml?: string; error?: string } {
  const expression = `(import ${disnixDir}/manifest.nix).generateManifestFromModels {
    servicesFile = ${files.services};
    infrastructureFile = ${files.infrastructure};
    distributionFile = ${files.distribution};
    targetProperty = "hostname";
    clientInterface = "disnix-ssh-client";
  }`;
  const run = spawnSync(
    "nix-instantiate",
    ["--read-write-mode", "--eval", "--strict", "--json", "-E", `(${expression}).manifestXML`],
    { encoding: "utf8", env, maxBuffer: 1 << 28 },
  );
  if (run.status !== 0)
    return { error: run.stderr.split("\n").find((l) => l.startsWith("error")) ?? run.stderr };
  return { xml: JSON.parse(run.stdout) as string };
}

/** A folder for imported spec files, which resolve `@typenix/dsl` to this repository's DSL. */
function specFolder(work: string, name: string): string {
  const dir = join(work, name, "ts");
  mkdirSync(join(dir, "node_modules", "@typenix"), { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  symlinkSync(DSL, join(dir, "node_modules", "@typenix", "dsl"));
  return dir;
}

type Outcome = "identical" | "different" | "not imported" | "not synthesized" | "both fail";

/**
 * Imports `files` into `ts`, leaving out the ones the importer refuses
 * (it writes nothing when one input fails), with the distribution of a
 * refused services file. Gives what the importer said of them.
 */
function importAll(files: readonly string[], infrastructure: string, ts: string): string {
  let inputs = [...files];
  let refusals = "";
  for (;;) {
    // The distributions import the infrastructure module as `./infrastructure.js`.
    const failed = typenix(["import", ...inputs, infrastructure, "-o", ts]);
    if (failed === undefined) return refusals;
    const refused = new Set(
      failed.split("\n").flatMap((line) => {
        const file = /^(.+\.nix):\d+:\d+: error/.exec(line)?.[1];
        return file === undefined
          ? []
          : [resolve(file), resolve(file).replace("/services", "/distribution")];
      }),
    );
    const left = inputs.filter((f) => !refused.has(f));
    if (left.length === inputs.length) throw new Error(`typenix import failed:\n${failed}`);
    refusals += failed;
    inputs = left;
  }
}

/** Compares every services/distribution pair of one deployment folder. */
function compareFolder(
  folder: string,
  work: string,
  disnixDir: string,
  env: NodeJS.ProcessEnv,
): Outcome[] {
  const name = `${basename(resolve(folder, "../.."))}-${basename(resolve(folder, ".."))}`;
  const ts = specFolder(work, name);
  const nix = readdirSync(folder).filter((f) => /^(services|distribution).*\.nix$/.test(f));
  const infrastructure = infrastructureOf(folder, env);
  const report = importAll(
    nix.map((f) => join(folder, f)),
    infrastructure,
    ts,
  );
  const outcomes: Outcome[] = [];
  for (const services of nix.filter((f) => f.startsWith("services"))) {
    const distribution = services.replace(/^services/, "distribution");
    if (!nix.includes(distribution)) continue;
    const label = `${name}: ${services} + ${distribution}`;
    const modules = [services, distribution].map((f) => join(ts, f.replace(/\.nix$/, ".ts")));
    if (!modules.every(existsSync)) {
      const reason = report.split("\n").find((l) => l.includes(services));
      console.log(`${label}: not imported${reason ? `\n    ${reason.trim()}` : ""}`);
      outcomes.push("not imported");
      continue;
    }
    const out = join(work, name, `out-${services}`);
    const failed = typenix(["synth", ...modules, "-o", out]);
    if (failed !== undefined) {
      console.log(`${label}: not synthesized\n    ${failed.split("\n")[0]}`);
      outcomes.push("not synthesized");
      continue;
    }
    const original = deploymentModel(disnixDir, env, {
      services: join(folder, services),
      infrastructure,
      distribution: join(folder, distribution),
    });
    const regenerated = deploymentModel(disnixDir, env, {
      services: join(out, services),
      infrastructure,
      distribution: join(out, distribution),
    });
    outcomes.push(verdict(label, original, regenerated));
  }
  return outcomes;
}

function verdict(
  label: string,
  original: { xml?: string; error?: string },
  regenerated: { xml?: string; error?: string },
): Outcome {
  if (original.xml !== undefined && original.xml === regenerated.xml) {
    console.log(`${label}: identical (${original.xml.length} bytes of deployment model)`);
    return "identical";
  }
  if (original.error !== undefined && regenerated.error !== undefined) {
    console.log(`${label}: both fail\n    original: ${original.error}`);
    return "both fail";
  }
  console.log(
    `${label}: DIFFERENT\n    original: ${original.error ?? "evaluates"}\n    regenerated: ${regenerated.error ?? "evaluates"}`,
  );
  return "different";
}

function main(): void {
  const opts = options();
  const work = mkdtempSync(join(tmpdir(), "typenix-compat-"));
  const disnixDir = disnixNix(opts.disnix, work);
  const env = upstreamEnv(opts.nixpkgsLib, opts.nixProcessmgmt);
  const outcomes = opts.deployments.flatMap((d) => compareFolder(d, work, disnixDir, env));
  const count = (o: Outcome): number => outcomes.filter((x) => x === o).length;
  console.log(
    `${outcomes.length} pairs: ${count("identical")} identical, ${count("different")} different, ` +
      `${count("both fail")} failing in both, ${count("not imported")} not imported, ` +
      `${count("not synthesized")} not synthesized`,
  );
  process.exitCode = count("different") + count("not synthesized") > 0 ? 1 : 0;
}

main();
