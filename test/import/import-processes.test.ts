/**
 * `typenix import` on nix-processmgmt models of the corpus: a processes
 * model with its constructors model and constructor files, and a
 * constructors model of inline container-provider constructors. The
 * imports type-check, synthesize, and the real Nix gives the same values
 * for the original and the regenerated files, with the same arguments.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalFileJson, requireNix } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

const CORPUS = join(ROOT, "test/import/corpus");
// Inside the repository, so the imported files resolve @typenix/dsl.
const out = mkdtempSync(join(ROOT, "test/import/.out-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Imports `files` (corpus paths) into a fresh directory, checks and synthesizes them. */
function importAndSynth(
  name: string,
  files: readonly string[],
): { ts: string; nix: string; stderr: string } {
  const ts = join(out, name);
  const imported = typenix(["import", ...files.map((f) => join(CORPUS, f)), "-o", ts]);
  expect(imported.stderr).not.toMatch(/error/);
  expect(imported.status).toBe(0);
  const modules = files.map((f) => join(ts, `${moduleOf(f)}.ts`));
  const check = typenix(["check", ...modules]);
  expect(check.stderr).not.toMatch(/: error/);
  expect(check.status).toBe(0);
  const nix = tempDir();
  const synth = typenix(["synth", ...modules, "-o", nix]);
  expect(synth.stderr).not.toMatch(/error/);
  expect(synth.status).toBe(0);
  return { ts, nix, stderr: imported.stderr };
}

function moduleOf(file: string): string {
  const parts = file.replace(/\.nix$/, "").split("/");
  const last = parts[parts.length - 1] ?? "";
  return last === "default" ? (parts[parts.length - 2] ?? last) : last;
}

/** Evaluates `expression` (Nix text using `file`) with the stand-ins on the search path. */
function evaluate(expression: (file: string) => string, file: string): unknown {
  const wrapper = join(tempDir(), "eval.nix");
  writeFileSync(wrapper, expression(file));
  return nixEvalFileJson(wrapper, STAND_IN_ARGS);
}

describe("typenix import: nix-processmgmt models", () => {
  requireNix();

  it("a processes model with its constructors round-trips", () => {
    const files = [
      "webapp-processes/processes.nix",
      "webapp-processes/constructors.nix",
      "webapp-processes/webapp/default.nix",
      "webapp-processes/nginx-reverse-proxy/default.nix",
    ];
    const { ts, nix, stderr } = importAndSynth("webapp-processes", files);
    expect(stderr).toContain("the outer parameter 'nginx' is taken as pkgs.nginx");
    expect(readFileSync(join(ts, "processes.ts"), "utf8")).toContain(
      "constructors.webapp({ port: nix.selectOr(ids2,",
    );
    // The regenerated model reads the ids.nix the original reads, not one beside it.
    const ports = (file: string): string =>
      `builtins.mapAttrs (n: i: i.port) (import ${file} { processManager = null; })\n`;
    expect(evaluate(ports, join(nix, "processes.nix"))).toEqual({
      webapp: 5000,
      nginxReverseProxy: 8080,
    });
    for (const processManager of ['"sysvinit"', '"systemd"', "null"]) {
      const instances = (file: string): string =>
        `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess; }) (import ${file} { processManager = ${processManager}; })\n`;
      expect(evaluate(instances, join(nix, "processes.nix"))).toEqual(
        evaluate(instances, join(CORPUS, "webapp-processes/processes.nix")),
      );
    }
  });

  it("a constructors model of inline constructors round-trips", () => {
    const { nix } = importAndSynth("containers", ["stafftracker/containers/constructors.nix"]);
    const calls = (file: string): string =>
      `let
  pkgs = import <nixpkgs> { };
  # The same arguments for both; each function takes those it declares.
  args = { inherit pkgs; stateDir = "/srv"; runtimeDir = "/run"; logDir = "/log"; cacheDir = "/cache"; libDir = "/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "systemd"; ids = { }; };
  model = import ${file};
  constructors = model (builtins.intersectAttrs (builtins.functionArgs model) args);
  show = s: s // { pkg = s.pkg.outPath; };
in
{
  tomcat = show (constructors.simpleAppservingTomcat { type = "systemd-unit"; });
  tomcatTest = show (constructors.simpleAppservingTomcat { instanceSuffix = "-test"; httpPort = 9080; commonLibs = [ "a.jar" ]; type = "systemd-unit"; });
  mysql = show (constructors.mysql { port = 3307; type = "systemd-unit"; });
}
`;
    expect(evaluate(calls, join(nix, "constructors.nix"))).toEqual(
      evaluate(calls, join(CORPUS, "stafftracker/containers/constructors.nix")),
    );
  });

  it("a constructor file from the article round-trips on its own", () => {
    const { nix, stderr } = importAndSynth("seed", ["seed/nginx-agnostic.nix"]);
    expect(stderr).toContain("nginx-agnostic.ts: constructor, all typed");
    const calls = (file: string): string =>
      `let
  pkgs = import <nixpkgs> { };
  args = {
    inherit pkgs;
    nginx = pkgs.nginx;
    stateDir = "/srv";
    runtimeDir = "/run";
    createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
      inherit pkgs;
      stateDir = "/srv"; runtimeDir = "/run"; logDir = "/log"; tmpDir = "/tmp";
      forceDisableUserChange = false; processManager = "sysvinit"; ids = { };
    };
  };
  constructor = import ${file};
  nginx = constructor (builtins.intersectAttrs (builtins.functionArgs constructor) args);
in
{
  plain = (nginx { configFile = "/etc/nginx.conf"; }).managedProcess;
  second = (nginx { configFile = "/etc/b.conf"; instanceSuffix = "-b"; dependencies = [ "x" ]; }).managedProcess;
}
`;
    expect(evaluate(calls, join(nix, "nginx-agnostic.nix"))).toEqual(
      evaluate(calls, join(CORPUS, "seed/nginx-agnostic.nix")),
    );
  });

  it("a constructor whose overrides Nix computes round-trips", () => {
    const { ts, nix } = importAndSynth("overrides", ["seed/webapp-overrides.nix"]);
    expect(readFileSync(join(ts, "webapp-overrides.ts"), "utf8")).toContain("overrides: nix.op(");
    for (const processManager of ["systemd", "supervisord"]) {
      const calls = (file: string): string =>
        `let
  constructor = import ${file};
  webapp = constructor {
    stateDir = "/srv";
    processManager = "${processManager}";
    createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
      processManager = "${processManager}";
    };
  };
in
[ (webapp { }).managedProcess (webapp { instanceSuffix = "2"; }).managedProcess ]
`;
      expect(evaluate(calls, join(nix, "webapp-overrides.nix"))).toEqual(
        evaluate(calls, join(CORPUS, "seed/webapp-overrides.nix")),
      );
    }
  });

  it("reports a process manager-specific constructor at its line, writing nothing", () => {
    const dir = tempDir();
    const result = typenix(["import", join(CORPUS, "seed/nginx-sysvinit.nix"), "-o", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "nginx-sysvinit.nix:9:1: error TN6002: the constructor calls 'createSystemVInitScript', which builds for one process manager; typenix constructors call createManagedProcess",
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
