/**
 * bench/import DIR...: how much of a body of existing Nix models `typenix
 * import` carries over. Each DIR is one deployment directory (its `.nix`
 * files, plus constructor files in subdirectories, imported together, less
 * the ones the importer refuses); the constructors models its processes and
 * services models bind from elsewhere (`../../services-agnostic/constructors.nix`)
 * are imported together with them, with their constructor files, as a user
 * imports them to call the constructors typed (reported where their own
 * DIR is given). For every model file it reports whether
 * it imported (or the importer's error), whether the TypeScript
 * type-checks, and whether the regenerated Nix evaluates to the same value
 * as the original under the test stand-ins for Nixpkgs and nix-processmgmt.
 * Packages are left out of that comparison (`pkg` attributes and
 * constructors' results), since real package expressions need the real
 * Nixpkgs; a model whose original does not evaluate even so is counted as
 * not comparable. nix-processmgmt's id assignment data (`ids.nix`,
 * `idresources.nix`) is reported as such, not imported. Prints figures;
 * asserts nothing.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx import.ts DIR...
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  constructorImports,
  detectKind,
  idData,
  modelImports,
  parseNix,
  type NixFile,
} from "@typenix/compiler";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "packages/runtime/bin/typenix.js");
const STAND_INS = join(ROOT, "test/stand-ins");
const NIX_ARGS = [
  "-I",
  `nixpkgs=${STAND_INS}/nixpkgs`,
  "-I",
  `nix-processmgmt=${STAND_INS}/nix-processmgmt`,
];

interface Outcome {
  file: string;
  kind?: string;
  /** The module `typenix import` wrote it to. */
  module?: string;
  /** Id assignment data, which is no model. */
  data?: boolean;
  imported: boolean;
  typed?: boolean;
  roundTrip?: "same" | "different" | "not comparable" | "does not synthesize";
  why?: string;
}

function typenix(args: readonly string[]): { status: number; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT });
  return { status: r.status ?? -1, stderr: r.stderr };
}

/** The model files of `dir`, with the constructor files its constructors models import. */
function modelFiles(dir: string): string[] {
  const files = ownFiles(dir);
  for (const file of [...files])
    for (const nix of constructorFiles(file)) if (!files.includes(nix)) files.push(nix);
  return files;
}

/**
 * The files a user imports together with `files` that are not among them:
 * the constructors models their processes and services models bind, with
 * those models' constructor files.
 */
function companionFiles(files: readonly string[]): string[] {
  const companions: string[] = [];
  const add = (nix: string): void => {
    if (!files.includes(nix) && !companions.includes(nix)) companions.push(nix);
  };
  for (const file of files) {
    const parsed = parseFile(file);
    const kind = parsed && detectKind(parsed);
    if (!parsed || (kind !== "processes" && kind !== "services")) continue;
    for (const model of modelImports(parsed).map((written) => nixFile(file, written))) {
      const imported = existsSync(model) ? parseFile(model) : undefined;
      if (!imported || detectKind(imported) !== "constructors") continue;
      add(model);
      constructorFiles(model).forEach(add);
    }
  }
  return companions;
}

/** The constructor files `file` imports when it is a constructors model, those that exist. */
function constructorFiles(file: string): string[] {
  const parsed = parseFile(file);
  if (!parsed || detectKind(parsed) !== "constructors") return [];
  return constructorImports(parsed)
    .map(({ written }) => nixFile(file, written))
    .filter((nix) => existsSync(nix));
}

function parseFile(file: string): NixFile | undefined {
  return parseNix(readFileSync(file, "utf8"), file).file;
}

/** The Nix file `written` names from `file` (a folder's `default.nix`). */
function nixFile(file: string, written: string): string {
  const target = resolve(dirname(file), written);
  return target.endsWith(".nix") ? target : join(target, "default.nix");
}

function ownFiles(dir: string): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".nix"))
    .map((f) => join(dir, f));
  for (const sub of readdirSync(dir)) {
    const path = join(dir, sub);
    if (!statSync(path).isDirectory()) continue;
    if (existsSync(join(path, "default.nix"))) files.push(join(path, "default.nix"));
    if (sub === "constructors")
      files.push(
        ...readdirSync(path)
          .filter((f) => f.endsWith(".nix"))
          .map((f) => join(path, f)),
      );
  }
  return files;
}

/** The value a model evaluates to, packages left out; undefined when it does not evaluate. */
function evaluate(
  file: string,
  kind: string,
  infrastructure: string | undefined,
): string | undefined {
  const noPkg = 's: if builtins.isAttrs s then removeAttrs s [ "pkg" ] else s';
  const deps = `s: s // builtins.mapAttrs (k: v: builtins.attrNames v) (builtins.intersectAttrs { dependsOn = 0; connectsTo = 0; activatesAfter = 0; } s)`;
  const expressions: Record<string, string> = {
    infrastructure: `import ${file}`,
    distribution: `builtins.mapAttrs (n: d: if builtins.isList d then map (t: t.properties.hostname or null) d else map (t: { target = t.target.properties.hostname or null; container = t.container or null; }) d.targets) (import ${file} { infrastructure = import ${infrastructure ?? "/dev/null"}; })`,
    services: `builtins.mapAttrs (n: s: (${deps}) ((${noPkg}) s)) (import ${file} { pkgs = import <nixpkgs> { }; system = builtins.currentSystem; distribution = { }; invDistribution = { }; })`,
    processes: `builtins.mapAttrs (n: (${noPkg})) (import ${file} { processManager = "sysvinit"; })`,
  };
  const expression = expressions[kind];
  if (!expression) return undefined;
  const wrapper = join(mkdtempSync(join(tmpdir(), "typenix-survey-")), "eval.nix");
  writeFileSync(wrapper, expression);
  const r = spawnSync("nix-instantiate", ["--eval", "--strict", "--json", ...NIX_ARGS, wrapper], {
    encoding: "utf8",
  });
  return r.status === 0 ? r.stdout : undefined;
}

/** Whether `file` is nix-processmgmt's id assignment data (as `typenix import` skips it) rather than a model. */
function isIdAssignmentData(file: string): boolean {
  const parsed = parseFile(file);
  return parsed !== undefined && detectKind(parsed) === undefined && idData(parsed) !== undefined;
}

/**
 * Imports `files` into `out`. `typenix import` writes all its files or
 * none, so the files it refuses are left out and the rest imported again
 * until it writes. Gives the last run's stderr, which names what it
 * imported, and the first error of each refused file.
 */
function importAll(
  files: readonly string[],
  out: string,
): { stderr: string; refused: Map<string, string> } {
  const refused = new Map<string, string>();
  let inputs = [...files];
  while (inputs.length > 0) {
    const run = typenix(["import", ...inputs, "-o", out]);
    if (run.status === 0) return { stderr: run.stderr, refused };
    const errors = refusals(run.stderr).filter(([file]) => inputs.includes(file));
    // A failure that names none of the inputs refuses them all.
    const first = run.stderr.split("\n").find((l) => l.trim() !== "") ?? "typenix import failed";
    const blamed: [string, string][] =
      errors.length > 0 ? errors : inputs.map((file) => [file, first]);
    for (const [file, why] of blamed) if (!refused.has(file)) refused.set(file, why);
    inputs = inputs.filter((f) => !refused.has(f));
  }
  return { stderr: "", refused };
}

/** The files `typenix import`'s errors name (absolute), each with its error. */
function refusals(stderr: string): [string, string][] {
  return stderr.split("\n").flatMap((line) => {
    const [, file, error] = /^(.+\.nix):\d+:\d+: (error .*)$/.exec(line) ?? [];
    return file && error ? [[resolve(ROOT, file), error] as [string, string]] : [];
  });
}

function survey(dir: string): Outcome[] {
  const all = modelFiles(dir);
  const data = all.filter(isIdAssignmentData);
  const files = all.filter((f) => !data.includes(f));
  // Inside the repository, so the imported files resolve @typenix/dsl.
  const out = mkdtempSync(join(ROOT, "bench/.import-"));
  outputs.push(out);
  const imported = importAll([...files, ...companionFiles(files)], out);
  const outcomes: Outcome[] = files.map((file) => {
    const line = imported.stderr.split("\n").find((l) => l.startsWith(`${file} -> `));
    // A constructors model, or one constructor.
    const kind = /: (\w+) model|: (constructor),/
      .exec(line ?? "")
      ?.slice(1)
      .find(Boolean);
    return {
      file,
      kind,
      // Files of the same name are imported under their folders' names too.
      module: /-> (.+)\.ts: /.exec(line ?? "")?.[1],
      imported: line !== undefined,
      why: line ? undefined : (imported.refused.get(file) ?? "typenix import wrote nothing for it"),
    };
  });
  const infrastructure = files.find((f) => basename(f) === "infrastructure.nix");
  for (const o of outcomes) {
    if (!o.imported) continue;
    const module = o.module ?? moduleName(o.file);
    // Each module on its own (with what it imports): whole-deployment checks
    // across unrelated variants in one directory would blame the wrong file.
    o.typed = typenix(["check", join(out, `${module}.ts`)]).status === 0;
    if (!o.kind || o.kind === "constructors" || o.kind === "constructor") continue;
    const synthDir = mkdtempSync(join(out, "nix-"));
    const synth = typenix(["synth", join(out, `${module}.ts`), "-o", synthDir]);
    if (synth.status !== 0) {
      o.roundTrip = "does not synthesize";
      continue;
    }
    const original = evaluate(o.file, o.kind, infrastructure);
    const regenerated = evaluate(join(synthDir, `${module}.nix`), o.kind, infrastructure);
    o.roundTrip =
      original === undefined ? "not comparable" : original === regenerated ? "same" : "different";
  }
  return [...outcomes, ...data.map((file) => ({ file, data: true, imported: false }))];
}

function moduleName(file: string): string {
  const base = basename(file, ".nix");
  return base === "default" ? basename(dirname(file)) : base;
}

const outputs: string[] = [];
const all = process.argv.slice(2).flatMap((dir) => survey(resolve(dir)));
outputs.forEach((o) => rmSync(o, { recursive: true, force: true }));
for (const o of all) {
  const state = o.data
    ? "id assignment data, not a model"
    : !o.imported
      ? `not imported: ${o.why ?? ""}`
      : `${o.kind}, ${o.typed ? "type-checks" : "type errors"}${o.roundTrip ? `, ${o.roundTrip}` : ""}`;
  console.log(`${o.file}: ${state}`);
}
const count = (f: (o: Outcome) => boolean): number => all.filter(f).length;
console.log(
  `\n${all.length} files: ${count((o) => o.data === true)} id assignment data, ${count((o) => o.imported)} imported, ${count((o) => o.typed === true)} type-check, ` +
    `${count((o) => o.roundTrip === "same")} round-trip to the same value, ${count((o) => o.roundTrip === "different")} differ, ` +
    `${count((o) => o.roundTrip === "not comparable")} not comparable (the original does not evaluate with the stand-ins), ` +
    `${count((o) => o.roundTrip === "does not synthesize")} do not synthesize`,
);
