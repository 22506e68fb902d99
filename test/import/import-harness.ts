/**
 * What the test files of `typenix import` cases share: each case writes
 * Nix files, imports them, synthesizes the TypeScript written, and
 * compares what the real Nix gives for the original and the regenerated
 * files; the TypeScript of all of a file's cases is type-checked in one
 * `typenix check` at the file's end (one TypeScript program, not one per
 * case). Also the Nix models the cases are written in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkBatch, type CheckBatch } from "../support/check-batch.js";
import { nixEvalFileJson } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, typenix } from "../support/typenix-cli.js";

export interface Imported {
  /** The directory of the Nix sources. */
  readonly nix: string;
  /** The directory of the imported TypeScript. */
  readonly ts: string;
  /** The directory of the synthesized Nix. */
  readonly synth: string;
  /** What `typenix import` reported. */
  readonly report: string;
}

/** The harness of one test file's cases (see `importCases`). */
export interface ImportCases {
  /** The folder the cases write in, inside the repository so that imported files resolve @typenix/dsl. */
  readonly out: string;
  /** The imported deployments `typenix check` runs over after the cases (see `checkedTogether`). */
  readonly checked: CheckBatch;
  /**
   * Writes `files` (path to Nix text) under a fresh directory `name`,
   * imports `inputs` of them, synthesizes the TypeScript written and adds
   * it to the deployments type-checked at the end.
   */
  importAndSynth(name: string, files: Record<string, string>, inputs?: readonly string[]): Imported;
  /**
   * Evaluates `expression` (Nix text using the directory `dir`) with the
   * stand-ins on the search path; `extraArgs` go to nix-instantiate.
   */
  evaluate(
    expression: (dir: string) => string,
    dir: string,
    extraArgs?: readonly string[],
  ): unknown;
}

/** The harness of the test file calling it: a folder of its own, removed after the file. */
export function importCases(): ImportCases {
  const out = mkdtempSync(join(ROOT, "test/import/.out-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const checked = checkBatch();
  const importAndSynth = (
    name: string,
    files: Record<string, string>,
    inputs: readonly string[] = Object.keys(files),
  ): Imported => {
    const root = join(out, name);
    const nix = join(root, "nix");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(nix, path)), { recursive: true });
      writeFileSync(join(nix, path), text);
    }
    const ts = join(root, "ts");
    const imported = typenix(["import", ...inputs.map((f) => join(nix, f)), "-o", ts]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    // Type-checked with the file's other cases at its end (`checkedTogether`).
    checked.add(ts);
    const synth = join(root, "out");
    const synthesized = typenix(["synth", ts, "-o", synth]);
    expect(synthesized.stderr).not.toMatch(/error/);
    expect(synthesized.status).toBe(0);
    return { nix, ts, synth, report: imported.stderr };
  };
  const evaluate = (
    expression: (dir: string) => string,
    dir: string,
    extraArgs: readonly string[] = [],
  ): unknown => {
    const wrapper = join(mkdtempSync(join(out, "eval-")), "eval.nix");
    writeFileSync(wrapper, expression(dir));
    return nixEvalFileJson(wrapper, [...STAND_IN_ARGS, ...extraArgs]);
  };
  return { out, checked, importAndSynth, evaluate };
}

/** Last in a test file: one `typenix check` over the deployments its cases added. */
export function checkedTogether(cases: ImportCases): void {
  describe("typenix import: every case's TypeScript", () => {
    it("passes typenix check (type errors and whole-model checks), in one run", () => {
      cases.checked.expectClean();
    });
  });
}

/** The services of `dir/services.nix` with the stand-in arguments, packages by name. */
export const services = (dir: string): string => `let
  pkgs = import <nixpkgs> { };
  model = import ${dir}/services.nix { system = builtins.currentSystem; inherit pkgs; distribution = { }; invDistribution = { }; };
in
builtins.mapAttrs (n: s: s // { pkg = s.pkg.name; }) model
`;

export const SERVICES_HEADER = "{ system, distribution, invDistribution, pkgs }:\n";

/** A constructors model importing the constructor files `names` (`./name`). */
export const constructorsModel = (...names: string[]): string =>
  `{ pkgs, stateDir, logDir, runtimeDir, cacheDir, libDir, tmpDir, forceDisableUserChange, processManager, ids ? {} }:
let
  createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
    inherit pkgs runtimeDir stateDir logDir tmpDir forceDisableUserChange processManager ids;
  };
in
{
${names.map((n) => `  ${n} = import ./${n} { inherit createManagedProcess; };`).join("\n")}
}
`;

/** `dir/constructors.nix` instantiated with stand-in arguments, then `calls` (Nix text using `c`). */
export const constructorCalls =
  (calls: string) =>
  (dir: string): string => `let
  c = import ${dir}/constructors.nix { pkgs = import <nixpkgs> { }; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run"; cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "sysvinit"; };
in
${calls}
`;

/**
 * A processes model with the standard header over `instances`: `defaults`
 * replace some of its defaults, or add parameters of its own.
 */
export const processesModel = (
  instances: string,
  defaults: Record<string, string> = {},
): string => `${processesHeader(defaults)}rec {
${instances}
}
`;

/**
 * A processes model's text up to its set of instances, as nix-processmgmt's
 * examples write it: the standard header (`defaults` as for
 * `processesModel`) and the `let` binding its constructors model.
 */
const processesHeader = (defaults: Record<string, string> = {}): string => {
  const header: [string, string | undefined][] = [
    ["pkgs", "import <nixpkgs> { inherit system; }"],
    ["system", "builtins.currentSystem"],
    ["stateDir", '"/var"'],
    ["runtimeDir", '"${stateDir}/run"'],
    ["logDir", '"${stateDir}/log"'],
    ["cacheDir", '"${stateDir}/cache"'],
    ["libDir", '"${stateDir}/lib"'],
    ["tmpDir", '(if stateDir == "/var" then "/tmp" else "${stateDir}/tmp")'],
    ["forceDisableUserChange", "false"],
    ["processManager", undefined],
  ];
  const own = Object.entries(defaults).filter(([name]) => !header.some(([n]) => n === name));
  const formals = [...header, ...own].map(([name, fallback]) => {
    const value = defaults[name] ?? fallback;
    return value === undefined ? name : `${name} ? ${value}`;
  });
  return `{ ${formals.join("\n, ")}
}:

let
  constructors = import ./constructors.nix {
    inherit pkgs stateDir runtimeDir logDir cacheDir libDir tmpDir;
    inherit forceDisableUserChange processManager;
  };
in
`;
};

/** The standard processes model header (see `processesHeader`), before a set of instances written as upstream's, not `rec`. */
export const PROCESSES_HEADER = processesHeader();

/** The instances of `dir/processes.nix` for a process manager (Nix text, or nothing to leave the default). */
export const instances =
  (processManager?: string) =>
  (dir: string): string =>
    `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess; }) (import ${dir}/processes.nix { ${processManager === undefined ? "" : `processManager = ${processManager};`} })\n`;
