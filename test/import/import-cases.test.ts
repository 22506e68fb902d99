/**
 * `typenix import` on small models, each showing one construct: the
 * TypeScript it writes type-checks and synthesizes, and the real Nix gives
 * the same value for the original and the regenerated files. What cannot be
 * typed must show in the import's report.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkBatch } from "../support/check-batch.js";
import { nixEvalFileJson, requireNix } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, STAND_INS, typenix } from "../support/typenix-cli.js";

// Inside the repository, so the imported files resolve @typenix/dsl.
const out = mkdtempSync(join(ROOT, "test/import/.out-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
/** The imported deployments `typenix check` runs over, all in one run, after the cases. */
const checked = checkBatch();

interface Imported {
  /** The directory of the Nix sources. */
  readonly nix: string;
  /** The directory of the imported TypeScript. */
  readonly ts: string;
  /** The directory of the synthesized Nix. */
  readonly synth: string;
  /** What `typenix import` reported. */
  readonly report: string;
}

/**
 * Writes `files` (path to Nix text) under a fresh directory, imports
 * `inputs` of them, synthesizes the TypeScript written and adds it to the
 * deployments type-checked at the end.
 */
function importAndSynth(
  name: string,
  files: Record<string, string>,
  inputs: readonly string[] = Object.keys(files),
): Imported {
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
  // Type-checked with the other cases' at the end of this file.
  checked.add(ts);
  const synth = join(root, "out");
  const synthesized = typenix(["synth", ts, "-o", synth]);
  expect(synthesized.stderr).not.toMatch(/error/);
  expect(synthesized.status).toBe(0);
  return { nix, ts, synth, report: imported.stderr };
}

/**
 * Evaluates `expression` (Nix text using the directory `dir`) with the
 * stand-ins on the search path; `extraArgs` go to nix-instantiate.
 */
function evaluate(
  expression: (dir: string) => string,
  dir: string,
  extraArgs: readonly string[] = [],
): unknown {
  const wrapper = join(mkdtempSync(join(out, "eval-")), "eval.nix");
  writeFileSync(wrapper, expression(dir));
  return nixEvalFileJson(wrapper, [...STAND_IN_ARGS, ...extraArgs]);
}

/** The services of `dir/services.nix` with the stand-in arguments, packages by name. */
const services = (dir: string): string => `let
  pkgs = import <nixpkgs> { };
  model = import ${dir}/services.nix { system = builtins.currentSystem; inherit pkgs; distribution = { }; invDistribution = { }; };
in
builtins.mapAttrs (n: s: s // { pkg = s.pkg.name; }) model
`;

const SERVICES_HEADER = "{ system, distribution, invDistribution, pkgs }:\n";

describe("typenix import: single constructs", () => {
  requireNix();

  it("a let-bound function returning a set", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  mkService = name: { inherit name; pkg = pkgs.hello; type = "process"; };
  withPort = port: let p = port; in { port = p; };
in
rec { a = mkService "a"; b = mkService "b" // withPort 8080; }
`,
    };
    const result = importAndSynth("let-function", files);
    expect(result.report).toContain("services model, all typed");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({ a: { type: "process" } });
  });
});

/** A constructors model importing the constructor files `names` (`./name`). */
const constructorsModel = (...names: string[]): string =>
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
const constructorCalls =
  (calls: string) =>
  (dir: string): string => `let
  c = import ${dir}/constructors.nix { pkgs = import <nixpkgs> { }; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run"; cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "sysvinit"; };
in
${calls}
`;

describe("typenix import: constructors", () => {
  requireNix();

  it("names the modules of files of the same name after their folders", () => {
    const ctor = (name: string): string => `{ createManagedProcess }:
{ port ? 80 }:
createManagedProcess { name = "${name}"; process = "/bin/${name}"; environment.PORT = port; }
`;
    const files = {
      "constructors.nix": constructorsModel("web/extendable.nix", "db/extendable.nix")
        .replace("web/extendable.nix =", "web =")
        .replace("db/extendable.nix =", "db ="),
      "web/extendable.nix": ctor("web"),
      "db/extendable.nix": ctor("db"),
    };
    const result = importAndSynth("same-names", files);
    expect(readdirSync(result.ts).sort()).toEqual(
      ["constructors.ts", "db-extendable.ts", "web-extendable.ts"].sort(),
    );
    const calls = constructorCalls(
      "{ web = (c.web { }).managedProcess; db = (c.db { port = 5; }).managedProcess; }",
    );
    const original = evaluate(calls, result.nix);
    expect(original).toMatchObject({ web: { name: "web" }, db: { name: "db" } });
    expect(evaluate(calls, result.synth)).toEqual(original);
  });

  it("keeps an inter-dependency argument written as a pattern", () => {
    const files = {
      "constructors.nix": constructorsModel("proxy"),
      "proxy/default.nix": `{createManagedProcess}:
{port ? 80}:
{webapp, cache ? "none", ...}@deps:
createManagedProcess {
  name = "proxy"; process = "/bin/proxy";
  args = [ "--upstream" "\${webapp.dnsName}:\${toString webapp.port}" "--listen" (toString port) "--cache" cache ];
  environment = { DEPS = builtins.concatStringsSep "," (builtins.attrNames deps); };
  # Raw Nix (no typed builder for \`with\`) naming the pattern's names.
  description = with webapp; "proxy for \${dnsName} with \${cache}";
}
`,
    };
    const result = importAndSynth("pattern-interdeps", files);
    expect(result.report).toContain("inter-dependency argument of 'proxy' is taken as one set");
    expect(result.report).toContain("raw Nix kept at line 9: with webapp;");
    const calls = constructorCalls(`{
  plain = (c.proxy { port = 8080; } { webapp = { dnsName = "webapp.local"; port = 5000; }; }).managedProcess;
  cached = (c.proxy { } { webapp = { dnsName = "w"; port = 1; }; cache = "redis"; }).managedProcess;
}`);
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    expect(evaluate(calls, result.nix)).toMatchObject({
      cached: { args: ["--upstream", "w:1", "--listen", "80", "--cache", "redis"] },
    });
  });

  it("keeps defaults computed from other parameters that are sets and lists", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{createManagedProcess}:
{a ? 1, b ? { x = a; }, c ? [ a "two" ]}:
createManagedProcess { name = "app"; process = "/bin/app"; environment = b; args = c; }
`,
    };
    const result = importAndSynth("computed-collection-defaults", files);
    const calls = constructorCalls(`{
  defaults = (c.app { a = 7; }).managedProcess;
  given = (c.app { b = { y = 2; }; c = [ ]; }).managedProcess;
}`);
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    expect(evaluate(calls, result.nix)).toMatchObject({
      defaults: { environment: { x: 7 }, args: [7, "two"] },
      given: { environment: { y: 2 }, args: [] },
    });
  });

  it("type-checks a string parameter with a computed default read where a value goes", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{createManagedProcess}:
{suffix ? "", dir ? "/run/svc\${suffix}"}:
createManagedProcess { name = "app"; foregroundProcess = "/bin/app"; args = [ dir ]; initialize = "mkdir -p \${dir}"; }
`,
    };
    const result = importAndSynth("computed-string-default", files);
    expect(readFileSync(join(result.ts, "app.ts"), "utf8")).toContain("args: [dir]");
    const calls = constructorCalls(`{
  defaults = (c.app { suffix = "-2"; }).managedProcess;
  given = (c.app { dir = "/d"; }).managedProcess;
}`);
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    expect(evaluate(calls, result.nix)).toMatchObject({
      defaults: { args: ["/run/svc-2"], initialize: "mkdir -p /run/svc-2" },
      given: { args: ["/d"], initialize: "mkdir -p /d" },
    });
  });

  it("keeps fractions and booleans in command-line arguments as the Nix they are", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{createManagedProcess}:
{port ? 1}:
createManagedProcess { name = "app"; process = "/bin/app"; args = [ port 0.5 true ]; daemonArgs = [ false ]; }
`,
    };
    const result = importAndSynth("argument-literals", files);
    expect(result.report).toContain("raw Nix");
    expect(readFileSync(join(result.ts, "app.ts"), "utf8")).toContain(
      'args: [port, nix.raw("0.5"), nix.raw("true")]',
    );
    const calls = constructorCalls(`{ made = (c.app { }).managedProcess; }`);
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    expect(evaluate(calls, result.nix)).toMatchObject({
      made: { args: [1, 0.5, true], daemonArgs: [false] },
    });
  });
});

/**
 * A processes model with the standard header over `instances`: `defaults`
 * replace some of its defaults, or add parameters of its own.
 */
const processesModel = (instances: string, defaults: Record<string, string> = {}): string => {
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
rec {
${instances}
}
`;
};

/** The instances of `dir/processes.nix` for a process manager (Nix text, or nothing to leave the default). */
const instances =
  (processManager?: string) =>
  (dir: string): string =>
    `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess; }) (import ${dir}/processes.nix { ${processManager === undefined ? "" : `processManager = ${processManager};`} })\n`;

describe("typenix import: a constructors model bound under another name", () => {
  requireNix();
  const app = `{ createManagedProcess }:
{ port, instanceName ? "app" }:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`;

  it("is imported as the model's constructors, whatever its name", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": app,
      "processes.nix":
        processesModel(`  web = rec { port = 5000; pkg = ctors.app { inherit port; }; };
  w2 = { pkg = webapp { port = 5001; instanceName = "w2"; }; };
  w3 = { pkg = ctors.app { port = 5002; instanceName = "w3"; }; } // { extra = 1; };`)
          .replace("  constructors = import", "  ctors = import")
          .replace("in\n", "  webapp = ctors.app;\nin\n"),
    };
    const result = importAndSynth("constructors-renamed", files);
    expect(result.report).toContain(
      "processes.ts: processes model, all typed; the constructors model bound as 'ctors' is bound as 'constructors' in the generated model",
    );
    const ts = readFileSync(join(result.ts, "processes.ts"), "utf8");
    expect(ts).toContain('constructors.app({ port: 5001, instanceName: "w2" })');
    expect(ts).toContain('constructors.app({ port: 5002, instanceName: "w3" })');
    const values = (dir: string): string =>
      `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess.environment; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const original = evaluate(values, result.nix);
    expect(original).toMatchObject({
      web: { pkg: { PORT: 5000 } },
      w2: { pkg: { PORT: 5001 } },
      w3: { extra: 1, pkg: { PORT: 5002 } },
    });
    expect(evaluate(values, result.synth)).toEqual(original);
  });

  it("is refused at its binding where its name cannot be read as constructors", () => {
    const dir = join(out, "constructors-renamed-refused");
    mkdirSync(join(dir, "app"), { recursive: true });
    writeFileSync(join(dir, "constructors.nix"), constructorsModel("app"));
    writeFileSync(join(dir, "app/default.nix"), app);
    const cases = {
      // Two constructors models, none bound as constructors.
      "two.nix": processesModel(`  web = { pkg = ctors.app { port = 5000; }; };`)
        .replace("  constructors = import", "  ctors = import")
        .replace("in\n", "  more = import ./constructors.nix { inherit pkgs; };\nin\n"),
      // The name bound again inside the model.
      "shadowed.nix": processesModel(
        `  web = { pkg = ctors.app { port = 5000; }; f = ctors: ctors; };`,
      ).replace("  constructors = import", "  ctors = import"),
    };
    for (const [name, text] of Object.entries(cases)) {
      writeFileSync(join(dir, name), text);
      const inputs = [name, "constructors.nix", "app/default.nix"].map((f) => join(dir, f));
      const result = typenix(["import", ...inputs, "-o", join(dir, `ts-${name}`)]);
      expect(result.status).toBe(1);
      const before = text.slice(0, text.indexOf("ctors = import")).split("\n");
      expect(result.stderr).toContain(
        `${name}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}: error TN6030: the processes model binds its constructors model under another name than \`constructors\``,
      );
      expect(result.stderr).not.toContain("expected `constructors = import");
    }
  });
});

describe("typenix import: instances under with of the constructors model", () => {
  requireNix();
  const app = `{ createManagedProcess }:
{ port, instanceName ? "app" }:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`;
  /** A processes model whose instances are under `with constructors;`. */
  const underWith = (instances: string): string =>
    processesModel(instances).replace("in\nrec {", "in\nwith constructors;\nrec {");

  it("reads each name the with gives as the constructors model's attribute", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": app,
      // A global (toString) and a name the let, a rec set or a function binds are no constructors'.
      "processes.nix":
        underWith(`  web = rec { port = 5000; pkg = app { inherit port; instanceName = "web\${toString port}"; }; };
  w2 = { pkg = app { port = base; instanceName = "w2"; }; };
  w3 = { pkg = (app: app) (app { port = 5002; instanceName = "w3"; }); };`).replace(
          "in\n",
          "  base = 5001;\nin\n",
        ),
    };
    const result = importAndSynth("constructors-with", files);
    expect(result.report).toContain(
      "processes.ts: processes model, all typed; the names the `with` of the constructors model gives are written as its attributes",
    );
    const ts = readFileSync(join(result.ts, "processes.ts"), "utf8");
    expect(ts).toContain('constructors.app({ port: base, instanceName: "w2" })');
    const values = (dir: string): string =>
      `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess.environment; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const original = evaluate(values, result.nix);
    expect(original).toMatchObject({
      web: { pkg: { PORT: 5000 } },
      w2: { pkg: { PORT: 5001 } },
      w3: { pkg: { PORT: 5002 } },
    });
    expect(evaluate(values, result.synth)).toEqual(original);
  });

  it("is refused at the with where a name under it cannot be told to be the model's", () => {
    const dir = join(out, "constructors-with-refused");
    mkdirSync(join(dir, "app"), { recursive: true });
    writeFileSync(join(dir, "constructors.nix"), constructorsModel("app"));
    writeFileSync(join(dir, "app/default.nix"), app);
    const cases = {
      "nested.nix": underWith(`  web = { pkg = app { port = 5000; }; };
  w2 = { pkg = with pkgs; app { port = 5001; }; };`),
      "inherited.nix": underWith(`  web = { pkg = app { port = 5000; }; inherit app; };`),
    };
    for (const [name, text] of Object.entries(cases)) {
      writeFileSync(join(dir, name), text);
      const inputs = [name, "constructors.nix", "app/default.nix"].map((f) => join(dir, f));
      const result = typenix(["import", ...inputs, "-o", join(dir, `ts-${name}`)]);
      expect(result.status).toBe(1);
      const line = text.slice(0, text.indexOf("with constructors;")).split("\n").length;
      expect(result.stderr).toContain(
        `${name}:${line}:1: error TN6031: the instances are under \`with\` of the constructors model, and a name under it cannot be told to be the model's`,
      );
      expect(result.stderr).not.toContain("TN6001");
    }
  });
});

describe("typenix import: constructors chosen by Nix", () => {
  it("reports each constructor not imported from a fixed path nor written inline, at its value", () => {
    const dir = join(out, "chosen-constructors");
    mkdirSync(dir, { recursive: true });
    const text = constructorsModel("webapp").replace(
      "in\n{\n",
      `  webappExpr = if processManager == "docker" then ./webapp-docker else ./webapp;
in
{
  chosen = import webappExpr { inherit createManagedProcess; };
  renamed = (import ./webapp { inherit createManagedProcess; }).override;
`,
    );
    writeFileSync(join(dir, "constructors.nix"), text);
    // The constructor the model imports as written, imported with it.
    mkdirSync(join(dir, "webapp"));
    writeFileSync(
      join(dir, "webapp/default.nix"),
      '{ createManagedProcess }:\n{ }:\ncreateManagedProcess { name = "webapp"; process = "/bin/webapp"; }\n',
    );
    const line = (needle: string): number => text.slice(0, text.indexOf(needle)).split("\n").length;
    for (const kind of [[], ["--kind", "constructors"]]) {
      const result = typenix([
        "import",
        ...kind,
        join(dir, "constructors.nix"),
        join(dir, "webapp/default.nix"),
        "-o",
        join(dir, "ts"),
      ]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `constructors.nix:${line("import webappExpr")}:12: error TN6002: the constructor 'chosen' is neither imported from a file named as written (\`import ./webapp { ... }\`) nor written inline`,
      );
      expect(result.stderr).toContain(
        `constructors.nix:${line("(import ./webapp")}:13: error TN6002: the constructor 'renamed' is neither`,
      );
      expect(result.stderr).toContain(
        "hint: import each constructor from its own file, and choose between them in TypeScript",
      );
      expect(result.stderr).not.toContain("'webapp'");
    }
  });

  it("reports them at their value also when no entry is a constructor typenix reads, the kind recognized", () => {
    const dir = join(out, "only-chosen-constructors");
    mkdirSync(dir, { recursive: true });
    const chosenInline = `{ pkgs, webappMode ? null }:
{
  webapp = import (if webappMode == "fg" then ./webapp-fg.nix else ./webapp.nix) { };
}
`;
    // As nix-processmgmt's webapps-agnostic example chooses its constructor.
    const chosenInLet = `{ pkgs, createManagedProcess, webappMode ? null }:

let
  webappExpr = if webappMode == "fg" then ./webapp-fg.nix else ./webapp;
in
{
  webapp = import webappExpr {
    inherit createManagedProcess;
  };
}
`;
    for (const [text, at] of [
      [chosenInline, "3:12"],
      [chosenInLet, "7:12"],
    ] as const) {
      writeFileSync(join(dir, "constructors.nix"), text);
      for (const kind of [[], ["--kind", "constructors"]]) {
        const args = ["import", ...kind, join(dir, "constructors.nix")];
        const result = typenix([...args, "-o", join(dir, "ts")]);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(
          `constructors.nix:${at}: error TN6002: the constructor 'webapp' is neither imported from a file named as written`,
        );
        expect(result.stderr).not.toContain("TN6001");
      }
    }
  });
});

describe("typenix import: constructors given arguments of their own", () => {
  it("reports a standard parameter given a value of the model's own, which the module cannot carry", () => {
    const dir = join(out, "own-arguments");
    mkdirSync(join(dir, "webapp"), { recursive: true });
    const text = constructorsModel("webapp", "other")
      .replace(
        "webapp = import ./webapp { inherit createManagedProcess; };",
        'webapp = import ./webapp { inherit createManagedProcess; tmpDir = "/custom"; };',
      )
      .replace(
        "other = import ./other { inherit createManagedProcess; };",
        "other = import ./other { inherit createManagedProcess stateDir; inherit (pkgs) lib; inherit (pkgs.python3Packages) supervisor; inherit (pkgs.custom) tmpDir; };",
      );
    writeFileSync(join(dir, "constructors.nix"), text);
    const result = typenix([
      "import",
      "--kind",
      "constructors",
      join(dir, "constructors.nix"),
      "-o",
      join(dir, "ts"),
    ]);
    expect(result.status).toBe(1);
    const at = (needle: string): string => {
      const before = text.slice(0, text.indexOf(needle)).split("\n");
      return `constructors.nix:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
    };
    const message = (key: string): string =>
      `error TN6002: the constructor '${key}' is given an argument its TypeScript module cannot carry: typenix passes a constructor file createManagedProcess and the model's standard parameters by name, and gives only its other outer parameters values of their own`;
    expect(result.stderr).toContain(`${at('tmpDir = "/custom"')}: ${message("webapp")}`);
    expect(result.stderr).toContain(`${at("inherit (pkgs.custom)")}: ${message("other")}`);
    // Packages of pkgs are read as such, and another package an outer value (see withOuter).
    expect(result.stderr).not.toContain(at("inherit (pkgs) lib"));
    expect(result.stderr).not.toContain(at("inherit (pkgs.python3Packages)"));
    expect(result.stderr).toContain(
      "hint: write the value into the constructor file, or make it a parameter of the constructor",
    );
  });
});

describe("typenix import: constructors taking more arguments", () => {
  requireNix();

  it("keeps `...` and `@args`, and calls passing more arguments", () => {
    const files = {
      "constructors.nix": constructorsModel("app", "plain"),
      "app/default.nix": `{createManagedProcess}:
{port, instanceSuffix ? "", ...}@args:
createManagedProcess { name = "app\${instanceSuffix}"; process = "/bin/app"; environment = { PORT = port; DEBUG = args.debug or false; }; }
`,
      "plain/default.nix": `{createManagedProcess}:
{port, ...}:
createManagedProcess { name = "plain"; process = "/bin/plain"; environment = { PORT = port; }; }
`,
      "processes.nix":
        processesModel(`  app = rec { port = 5000; pkg = constructors.app { inherit port; debug = true; }; };
  quiet = rec { port = 5001; pkg = constructors.app { inherit port; instanceSuffix = "-quiet"; }; };
  plain = rec { port = 5002; pkg = constructors.plain { inherit port; unused = "x"; }; };`),
    };
    const result = importAndSynth("more-arguments", files);
    expect(result.report).not.toContain("raw Nix kept");
    for (const processManager of ['"sysvinit"', '"systemd"'])
      expect(evaluate(instances(processManager), result.synth)).toEqual(
        evaluate(instances(processManager), result.nix),
      );
    expect(evaluate(instances('"sysvinit"'), result.nix)).toMatchObject({
      app: { pkg: { environment: { DEBUG: true } } },
      quiet: { pkg: { environment: { DEBUG: false } } },
    });
  });
});

describe("typenix import: processes models", () => {
  requireNix();

  it("shares a recursive set's literal attribute that another reads as one constant", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{createManagedProcess}:
{port, label ? "app"}:
createManagedProcess { name = label; process = "/bin/app"; environment = { PORT = port; }; }
`,
      "processes.nix": processesModel(`  app = rec {
    port = 5000;
    label = "web app";
    unread = 7;
    pkg = constructors.app { inherit port label; };
  };`),
    };
    const result = importAndSynth("shared-rec", files);
    const ts = readFileSync(join(result.ts, "processes.ts"), "utf8");
    expect(ts.match(/5000/g)).toHaveLength(1);
    expect(ts.match(/"web app"/g)).toHaveLength(1);
    expect(ts).toMatch(/const appPort = 5000;/);
    expect(ts).toMatch(/port: appPort,/);
    expect(ts).toMatch(/unread: 7,/);
    const processes = (dir: string): string =>
      `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const original = evaluate(processes, result.nix);
    expect(original).toMatchObject({ app: { port: 5000, pkg: { name: "web app" } } });
    expect(evaluate(processes, result.synth)).toEqual(original);
  });

  it("imports from the DSL only what the TypeScript uses, nix where an instance reads another", () => {
    const app = `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app\${toString port}"; process = "/bin/app"; environment.PORT = port; }
`;
    const processes = (dir: string): string =>
      `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess.environment; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const cases = [
      ["rec-no-reads", "  w2 = { pkg = constructors.app { port = 5001; }; };", false],
      ["rec-reads", "  w2 = { pkg = constructors.app { port = w1.port + 1; }; };", true],
    ] as const;
    for (const [name, w2, readsNix] of cases) {
      const files = {
        "constructors.nix": constructorsModel("app"),
        "app/default.nix": app,
        "processes.nix": processesModel(
          `  w1 = rec { port = 5000; pkg = constructors.app { inherit port; }; };\n${w2}`,
        ),
      };
      const result = importAndSynth(name, files);
      const ts = readFileSync(join(result.ts, "processes.ts"), "utf8");
      const imported = /import \{([^}]*)\} from "@typenix\/dsl";/.exec(ts)?.[1]?.split(",");
      expect(imported?.map((n) => n.trim()).includes("nix")).toBe(readsNix);
      expect(ts.includes("nix.")).toBe(readsNix);
      const original = evaluate(processes, result.nix);
      expect(original).toMatchObject({ w1: { pkg: { PORT: 5000 } }, w2: { pkg: { PORT: 5001 } } });
      expect(evaluate(processes, result.synth)).toEqual(original);
    }
  });

  it("keeps the header's own defaults and parameters", () => {
    const files = {
      "constructors.nix": constructorsModel("app").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess stateDir forceDisableUserChange;",
      ),
      "app/default.nix": `{createManagedProcess, stateDir, forceDisableUserChange}:
{port}:
createManagedProcess { name = "app"; process = "/bin/app"; environment = { PORT = port; DATA = "\${stateDir}/app"; NOCHANGE = forceDisableUserChange; }; }
`,
      "processes.nix": processesModel(
        `  app = rec { port = 5000; pkg = constructors.app { inherit port; }; greet = greeting; manager = processManager; };`,
        {
          pkgs: "import <nixpkgs> { inherit system; config = { }; }",
          stateDir: '"/home/alice/var"',
          forceDisableUserChange: "true",
          processManager: '"supervisord"',
          greeting: '"hi"',
        },
      ),
    };
    const result = importAndSynth("processes-defaults", files);
    expect(result.report).toContain("processes.ts: processes model, all typed");
    for (const processManager of [undefined, '"systemd"'])
      expect(evaluate(instances(processManager), result.synth)).toEqual(
        evaluate(instances(processManager), result.nix),
      );
    expect(evaluate(instances(), result.nix)).toMatchObject({
      app: {
        greet: "hi",
        manager: "supervisord",
        pkg: { environment: { DATA: "/home/alice/var/app", NOCHANGE: true } },
      },
    });
  });

  it("reads a name in a set that is not rec as the let binding, not the instance of that name", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{createManagedProcess}:
{port, instanceName ? "app"}:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`,
      // `port` and `app` name both a let binding and an instance.
      "processes.nix":
        processesModel(`  port = { pkg = app { port = 1234; instanceName = "port"; }; };
  app = {
    inherit port;
    pkg = app { inherit port; };
  };
  other = { pkg = constructors.app { port = port + 1; instanceName = "other"; }; };`)
          .replace("in\nrec {", "in\n{")
          .replace("in\n", "  inherit (constructors) app;\n  port = 7000;\nin\n"),
    };
    const result = importAndSynth("processes-not-rec", files);
    expect(result.report).toContain("processes.ts: processes model, all typed");
    const ts = readFileSync(join(result.ts, "processes.ts"), "utf8");
    // The let's `app` is the typed constructor, called as `constructors.app` is.
    expect(ts).toContain("pkg: constructors.app({ port })");
    expect(ts).toContain('pkg: constructors.app({ port: 1234, instanceName: "port" })');
    const original = evaluate(instances('"sysvinit"'), result.nix);
    expect(original).toMatchObject({
      port: { pkg: { environment: { PORT: 1234 } } },
      app: { port: 7000, pkg: { environment: { PORT: 7000 } } },
      other: { pkg: { environment: { PORT: 7001 } } },
    });
    expect(evaluate(instances('"sysvinit"'), result.synth)).toEqual(original);
  });
});

describe("typenix import: processes parameters without a default", () => {
  requireNix();

  it("keeps them without one, standard or not", () => {
    const files = {
      "constructors.nix": constructorsModel("app").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess stateDir;",
      ),
      "app/default.nix": `{createManagedProcess, stateDir}:
{port, greeting}:
createManagedProcess { name = "app"; process = "/bin/app"; environment = { PORT = port; DATA = "\${stateDir}/app"; GREETING = greeting; }; }
`,
      "processes.nix": processesModel(
        `  app = rec { port = 5000; pkg = constructors.app { inherit port greeting; }; };`,
      )
        .replace('stateDir ? "/var"', "stateDir")
        .replace("processManager\n", "processManager\n, greeting\n"),
    };
    const result = importAndSynth("processes-without-defaults", files);
    expect(result.report).toContain("processes.ts: processes model, all typed");
    const synthesized = readFileSync(join(result.synth, "processes.nix"), "utf8");
    expect(synthesized).toMatch(/^ {2}stateDir,$/m);
    expect(synthesized).toMatch(/^ {2}greeting,$/m);
    const given = (dir: string): string =>
      `(import ${dir}/processes.nix { processManager = "sysvinit"; stateDir = "/srv"; greeting = "hi"; }).app.pkg.managedProcess\n`;
    expect(evaluate(given, result.synth)).toEqual(evaluate(given, result.nix));
    expect(evaluate(given, result.nix)).toMatchObject({
      environment: { DATA: "/srv/app", GREETING: "hi" },
    });
  });
});

describe("typenix import: services parameters without a default", () => {
  requireNix();

  it("keeps them without one, standard or not, for disnix-env --extra-params to pass", () => {
    const files = {
      "services.nix": `{ system, pkgs, distribution, invDistribution, stateDir, processManager, greeting }:

rec {
  app = {
    name = "app";
    pkg = pkgs.hello;
    dataDir = "\${stateDir}/app";
    manager = processManager;
    inherit greeting;
    type = "process";
  };
}
`,
    };
    const result = importAndSynth("services-without-defaults", files);
    expect(result.report).toContain("services.ts: services model, all typed");
    const synthesized = readFileSync(join(result.synth, "services.nix"), "utf8");
    for (const name of ["stateDir", "processManager", "greeting"])
      expect(synthesized).toMatch(new RegExp(`^ {2}${name},$`, "m"));
    // What Disnix passes, and what disnix-env --extra-params adds (nix/wrap-architecture.nix).
    const given = (dir: string): string => `let
  pkgs = import <nixpkgs> { };
  model = import ${dir}/services.nix { system = builtins.currentSystem; inherit pkgs; distribution = { }; invDistribution = { }; stateDir = "/srv"; processManager = "systemd"; greeting = "hi"; };
in
builtins.mapAttrs (n: s: s // { pkg = s.pkg.name; }) model
`;
    expect(evaluate(given, result.synth)).toEqual(evaluate(given, result.nix));
    expect(evaluate(given, result.nix)).toMatchObject({
      app: { dataDir: "/srv/app", manager: "systemd", greeting: "hi" },
    });
  });
});

describe("typenix import: a model's whole argument set", () => {
  requireNix();

  /** `file:line:column` of the first `needle` in `text`, a file named `file`. */
  const at = (file: string, text: string, needle: string): string => {
    const before = text.slice(0, text.indexOf(needle)).split("\n");
    return `${file}:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
  };
  const refused = (name: string) =>
    `error TN6029: the model reads its whole argument set '${name}', which a model typenix generates does not bind`;

  it("is refused where a services or processes model reads it, and nothing is written", () => {
    const dir = join(out, "args-read");
    mkdirSync(dir, { recursive: true });
    const servicesText = `{ system, distribution, invDistribution, pkgs, mySetting ? "x", ... }@args:
rec {
  a = { name = "a"; pkg = pkgs.hello; type = "process"; s = mySetting; n = builtins.length (builtins.attrNames args); };
}
`;
    const processesText = processesModel(
      `  app = { pkg = constructors.app { port = 5000; }; queue = args.queueName or "jobs"; };`,
    ).replace("processManager\n}:", "processManager\n, ...\n}@args:");
    writeFileSync(join(dir, "services.nix"), servicesText);
    writeFileSync(join(dir, "processes.nix"), processesText);
    const result = typenix(["import", "services.nix", "processes.nix", "-o", "ts"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at("services.nix", servicesText, "args);")}: ${refused("args")}\n` +
        '  hint: name each argument the model reads as a parameter, with its default (`{ ..., queueName ? "jobs" }:`), and read it by that name\n',
    );
    expect(result.stderr).toContain(
      `${at("processes.nix", processesText, "args.queueName")}: ${refused("args")}`,
    );
    expect(readdirSync(dir)).not.toContain("ts");
  });

  it("is dropped where the model does not read it, the values kept", () => {
    const files = {
      "services.nix": `{ system, distribution, invDistribution, pkgs, mySetting ? "x", ... }@args:
rec {
  a = { name = "a"; pkg = pkgs.hello; type = "process"; s = mySetting; };
}
`,
    };
    const result = importAndSynth("args-unread", files);
    expect(result.report).toContain("services.ts: services model, all typed");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });
});

describe("typenix import: process instances Nix computes", () => {
  /** `typenix import --kind processes` of `text`, with a constructors model beside it. */
  const importProcesses = (name: string, text: string): { status: number; stderr: string } => {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "processes.nix"), text);
    writeFileSync(join(dir, "constructors.nix"), constructorsModel());
    const args = ["import", "--kind", "processes", join(dir, "processes.nix")];
    return typenix([...args, "-o", join(dir, "ts")]);
  };
  /** `file:line:column` of the first `needle` in `text`. */
  const at = (text: string, needle: string): string => {
    const before = text.slice(0, text.indexOf(needle)).split("\n");
    return `processes.nix:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
  };

  it("imports each instance Nix computes as processInstance of that expression", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{ createManagedProcess }:
{ port, instanceName ? "app" }:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`,
      "c.nix": '{ extra = "from c"; }\n',
      "processes.nix":
        processesModel(`  a = rec { port = 5000; pkg = constructors.app { inherit port; }; };
  b = a // { port = 5001; };
  c = import ./c.nix;
  d = if a.port == 5000 then a else { };
  e = (a);
  m1 = mkApp 1;
  m2 = mkApp 2 // { extra = "x"; };
  w = base // { pkg = constructors.app { inherit (base) port; instanceName = "w"; }; };`).replace(
          "in\n",
          `  inherit (constructors) app;
  mkApp = n: { pkg = app { port = 6000 + n; instanceName = "m\${toString n}"; }; };
  base = { port = 9000; };
in
`,
        ),
    };
    const root = join(out, "computed-instances");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, "nix", path)), { recursive: true });
      writeFileSync(join(root, "nix", path), text);
    }
    const ts = join(root, "ts");
    const nix = (path: string): string => join(root, "nix", path);
    const constructors = typenix([
      "import",
      nix("constructors.nix"),
      nix("app/default.nix"),
      "-o",
      ts,
    ]);
    expect(constructors.status).toBe(0);
    const imported = typenix(["import", "--kind", "processes", nix("processes.nix"), "-o", ts]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain("processes.ts: processes model, all typed");
    expect(readFileSync(join(ts, "processes.ts"), "utf8")).toContain(
      'constructors.app({ port: base.port, instanceName: "w" })',
    );
    const source = readFileSync(join(ts, "processes.ts"), "utf8");
    expect(source).toContain("const m1 = processInstance(nix.call(mkApp, 1));");
    expect(source).toContain(
      'const b = processInstance(nix.op(nix.ref("a"), "//", { port: 5001 }));',
    );
    expect(source).toContain('const e = processInstance(nix.ref("a"));');
    checked.add(ts);
    const synth = join(root, "out");
    const synthesized = typenix(["synth", ts, "-o", synth]);
    expect(synthesized.stderr).not.toMatch(/error/);
    expect(synthesized.status).toBe(0);
    const values = (dir: string): string =>
      `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess.environment or null; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const original = evaluate(values, join(root, "nix"));
    expect(original).toMatchObject({
      b: { port: 5001, pkg: { PORT: 5000 } },
      c: { extra: "from c" },
      e: { port: 5000 },
      m2: { extra: "x", pkg: { PORT: 6002 } },
      w: { port: 9000, pkg: { PORT: 9000 } },
    });
    expect(evaluate(values, synth)).toEqual(original);
  });

  it("calls a typed constructor typed inside an instance Nix computes", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{ createManagedProcess }:
{ port, instanceName ? "app" }:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`,
      "processes.nix": processesModel(`  a = { pkg = constructors.app { port = 10; }; };
  w1 = if enable then { pkg = constructors.app { port = 1; instanceName = "w1"; }; } else { pkg = constructors.app { port = 2; instanceName = "w1"; }; };
  w2 = base // { pkg = constructors.app { port = 3; instanceName = "w2"; }; };
  w3 = (if enable then base else { }) // { pkg = (app { port = 4; instanceName = "w3"; }); };
  m = mkWith constructors.app 5;`).replace(
        "in\n",
        `  inherit (constructors) app;
  enable = true;
  base = { extra = "base"; };
  mkWith = ctor: n: { pkg = ctor { port = n; instanceName = "m"; }; };
in
`,
      ),
    };
    const result = importAndSynth("computed-instances-typed-calls", files);
    const source = readFileSync(join(result.ts, "processes.ts"), "utf8");
    expect(source).toContain('constructors.app({ port: 1, instanceName: "w1" })');
    expect(source).toContain('constructors.app({ port: 2, instanceName: "w1" })');
    expect(source).toContain('constructors.app({ port: 3, instanceName: "w2" })');
    expect(source).toContain('constructors.app({ port: 4, instanceName: "w3" })');
    expect(source).not.toMatch(/nix\.call\(nix\.ref\("constructors"\)!?\.app/);
    // Only the instance reading a constructor as a value keeps a Nix function.
    expect(result.report).toContain(
      "processes.ts: processes model, the constructors read other than by a call in instances Nix computes (m) are Nix functions there, unchecked",
    );
    const values = (dir: string): string =>
      `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess.environment or null; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const original = evaluate(values, result.nix);
    expect(original).toMatchObject({
      w1: { pkg: { PORT: 1 } },
      w2: { extra: "base", pkg: { PORT: 3 } },
      w3: { extra: "base", pkg: { PORT: 4 } },
      m: { pkg: { PORT: 5 } },
    });
    expect(evaluate(values, result.synth)).toEqual(original);
  });

  it("recognizes a model with instances Nix computes by its other instances, imported with the files it reads", () => {
    const root = join(out, "computed-instances-recognized");
    const constructorFile = `{ createManagedProcess }:
{ port, instanceName ? "app" }:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`;
    const model = (instances: string): string =>
      processesModel(instances).replace("in\n", "  inherit (constructors) app;\nin\n");
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": constructorFile,
      "processes.nix": model(`  a = { port = 5000; pkg = constructors.app { port = 5000; }; };
  b = a // { pkg = app { port = 5001; instanceName = "b"; }; };`),
      // An instance that is a typed constructor's call, reported at its place.
      "wrong/processes.nix": model(`  a = { pkg = constructors.app { port = 5000; }; };
  c = app { port = 5003; };`),
      "wrong/constructors.nix": constructorsModel("app"),
      "wrong/app/default.nix": constructorFile,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const inputs = (dir: string): string[] =>
      ["processes.nix", "constructors.nix", "app/default.nix"].map((f) => join(root, dir, f));
    const imported = typenix(["import", ...inputs("."), "-o", join(root, "ts")]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain("processes.ts: processes model");
    const wrong = typenix(["import", ...inputs("wrong"), "-o", join(root, "ts-wrong")]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).not.toContain("TN6001");
    const text = files["wrong/processes.nix"];
    expect(wrong.stderr).toContain(
      `wrong/${at(text, "app { port = 5003")}: error TN6002: the process instance 'c' must be a set of its properties, not an expression that computes one: a constructor's call makes the instance's process, its \`pkg\``,
    );
  });

  it("reports an instance bound through a path, and properties that are no object", () => {
    const text =
      processesModel(`  a = rec { port = 5000; pkg = constructors.app { inherit port; }; };
  f.pkg = constructors.app { port = 5002; };
  g = { pkg = constructors.app { port = 5003; }; \${builtins.head [ "dynamic" ]}.name = 1; };`);
    const result = importProcesses("path-instances", text);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/TypeError|\n\s+at /);
    expect(result.stderr).toContain(
      `${at(text, "f.pkg")}: error TN6002: a process instance must be bound by a plain name, as \`webapp = { ... };\``,
    );
    expect(result.stderr).toContain(
      `${at(text, "{ pkg = constructors.app { port = 5003")}: error TN6002: the properties of the process instance 'g' cannot be written as an object`,
    );
  });

  it("reports a model whose body is not a set of instances", () => {
    const text = `{ processManager }:\nimport ./other-processes.nix { inherit processManager; }\n`;
    const result = importProcesses("computed-model", text);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "processes.nix:2:1: error TN6002: a processes model must be a set of process instances",
    );
    expect(result.stderr).not.toMatch(/TypeError|\n\s+at /);
  });
});

describe("typenix import: infrastructure targets", () => {
  requireNix();

  const infrastructureOf = (dir: string): string => `import ${dir}/infrastructure.nix\n`;

  it("imports sets, recursive ones that read none of their attributes too, as targets", () => {
    const files = {
      "infrastructure.nix": `{
  test1 = rec { properties.hostname = "test1"; numOfCores = 2; containers.mysql-database = { mysqlPort = 3306; }; };
  test2 = (rec { properties = { hostname = "test2"; }; });
  test3 = { properties.hostname = "test3"; containers = rec { x = { a = 1; }; y = { b = [ "a" ]; }; }; };
}
`,
    };
    const result = importAndSynth("recursive-targets", files);
    expect(result.report).toContain("infrastructure model, all typed");
    const ts = readFileSync(join(result.ts, "infrastructure.ts"), "utf8");
    for (const name of ["test1", "test2", "test3"]) expect(ts).toContain(`${name}: target({`);
    const original = evaluate(infrastructureOf, result.nix);
    expect(original).toMatchObject({
      test1: { numOfCores: 2 },
      test3: { containers: { y: { b: ["a"] } } },
    });
    expect(evaluate(infrastructureOf, result.synth)).toEqual(original);
  });

  it("keeps a target Nix computes as raw Nix, listed in the summary", () => {
    const dir = join(out, "computed-targets");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "infrastructure.nix"),
      `{
  test1 = { properties.hostname = "test1"; };
  test2 = (n: { properties.hostname = n; }) "test2" // { numOfCores = 2; };
  test3 = rec {
    properties.hostname = "test3";
    containers.x = { host = properties.hostname; };
  };
}
`,
    );
    const args = ["import", "--kind", "infrastructure", join(dir, "infrastructure.nix")];
    const imported = typenix([...args, "-o", join(dir, "ts")]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain(
      'infrastructure model, raw Nix kept at line 3: (n: { properties.hostname = n; }) "test2" // { numOfCores = 2; }; line 4: rec {',
    );
    const ts = readFileSync(join(dir, "ts/infrastructure.ts"), "utf8");
    expect(ts).toContain("test1: target({");
    expect(ts).toMatch(/test2: nix\.raw\(\s*'\(n: \{/);
    expect(ts).toMatch(/test3: nix\.raw\(\s*'rec \{/);
  });

  it("reports a model that is not a set of targets bound by name", () => {
    const dir = join(out, "computed-infrastructure");
    mkdirSync(dir, { recursive: true });
    const files = {
      "computed.nix": `# Targets from elsewhere\nimport ./targets.nix\n`,
      "inherited.nix": `{\n  test1 = { properties.hostname = "test1"; };\n  inherit (import ./targets.nix) test2;\n}\n`,
    };
    const stderr = Object.entries(files).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      const args = ["import", "--kind", "infrastructure", join(dir, name)];
      const imported = typenix([...args, "-o", join(dir, "ts")]);
      expect(imported.status).toBe(1);
      return imported.stderr;
    });
    expect(stderr[0]).toContain(
      "computed.nix:2:1: error TN6002: an infrastructure model must be a plain set of targets",
    );
    expect(stderr[1]).toContain(
      "inherited.nix:3:3: error TN6002: a target must be bound by its name, as `test1 = { properties = { ... }; };`",
    );
  });
});

describe("typenix import: strings", () => {
  requireNix();

  it("keeps carriage returns, control characters and separators", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}rec { a = {
  name = "a"; pkg = pkgs.hello; type = "process";
  line = "HTTP/1.1 200 OK\\r\\n\${pkgs.hello.name}\\r\\n";
  plain = "a\\rb\\tc";
  controls = "\u0001\u001f\u007f \${pkgs.hello.name}\t\u2028\u2029";
  separators = "\u2028\u2029";
  indented = ''
    one\${"\\r"}
    two ''\\r \${pkgs.hello.name}
  '';
}; }
`,
    };
    const result = importAndSynth("control-characters", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      a: {
        line: "HTTP/1.1 200 OK\r\nhello\r\n",
        controls: "\u0001\u001f\u007f hello\t\u2028\u2029",
      },
    });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

/**
 * Indented strings from pieces that meet Nix's indentation rules: spaces
 * and newlines, escapes standing for a space, a tab or a newline (`''\ `,
 * `''\n`, `''\` before a real newline), the lone `$` and `'` tokens,
 * interpolations, carriage returns. None ends in `'`, which would escape
 * the closing quotes.
 */
const indentedString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", "\n", "  \n", " "),
    fc.array(
      fc.constantFrom(
        ...[" ", "  ", "\n", "\n  ", "\n    ", "a", "\t", "\r", "\r\n", "$$", "'a", "'${x}"],
        ...["''\\n", "''\\ ", "''\\t", "''\\r", "''\\\n", "''\\\\", "''$", "'''", "$", "''${x}"],
        ...["${x}", '${" "}', '${"\\n"}'],
      ),
      { maxLength: 8 },
    ),
  )
  .map(([open, pieces]) => `''${open}${pieces.join("")}''`);

describe("typenix import: indented strings as Nix reads them", () => {
  requireNix();

  it("gives each escape and indentation the value Nix gives it", () => {
    const named = {
      // An escaped newline starts a line whose indentation is stripped too.
      escapedNewline: "''\n    a''\\n  b\n  ''",
      escapes: "''  ''\\t ''\\n ''\\r''",
      escapedSpace: "''\n  a\n ''\\ ''",
      // A carriage return reads as a newline in a double-quoted string, not in an indented one.
      carriageReturns: '"a\r\nb\rc"',
      indentedCarriageReturns: "''\n  a\r\n  b\r  c\n''",
      // A string ending in a backslash, then lines of a template literal that must not be indented.
      endsInBackslash: "''a''\\\\''",
      linesAfterBackslash: "''\n  ${x}\n  ''${x}\n''",
    };
    const generated = fc.sample(indentedString, { numRuns: 400, seed: 20261202 });
    const strings = [...Object.entries(named), ...generated.map((s, i) => [`s${i}`, s])];
    const files = {
      "services.nix": `${SERVICES_HEADER}let x = "X"; in
rec { a = {
  name = "a"; pkg = pkgs.hello; type = "process";
${strings.map(([key, value]) => `  ${key} = ${value};`).join("\n")}
}; }
`,
    };
    const result = importAndSynth("indented-escapes", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      a: {
        escapedNewline: "a\nb\n",
        escapes: "\t \n\r",
        escapedSpace: " a\n ",
        carriageReturns: "a\nb\nc",
        indentedCarriageReturns: "a\r\nb\r  c\n",
        endsInBackslash: "a\\",
        linesAfterBackslash: "X\n${x}\n",
      },
    });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

describe("typenix import: dollar signs", () => {
  requireNix();

  it("writes templates whose JavaScript value is the Nix string's", () => {
    const dir = join(out, "dollars");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "services.nix"),
      `${SERVICES_HEADER}let price = "10"; in
rec { a = { name = "a"; pkg = pkgs.hello; type = "process";
  cost = "\\$\${price}"; dollars = "$\${price}"; two = "$$\${price}"; tail = "\${price}$";
  indented = ''$\${price} ''\${price} '''$\${price}''; escaped = ''''$\${price}'';
}; }
`,
    );
    const imported = typenix(["import", join(dir, "services.nix"), "-o", join(dir, "ts")]);
    expect(imported.status).toBe(0);
    const ts = readFileSync(join(dir, "ts/services.ts"), "utf8");
    const keys = ["cost", "dollars", "two", "tail", "indented", "escaped"];
    const written = Object.fromEntries(
      keys.map((key) => {
        const literal = new RegExp(`^\\s*${key}: (.*),$`, "m").exec(ts)?.[1] ?? "undefined";
        // The string literal or template, with `price` standing for the constant.
        return [key, new Function("price", `return ${literal};`)("10") as unknown];
      }),
    );
    const original = evaluate(services, dir) as { a: Record<string, unknown> };
    expect(written).toEqual(Object.fromEntries(keys.map((k) => [k, original.a[k]])));
    expect(written).toMatchObject({ cost: "$10", dollars: "$${price}", two: "$$10" });
  });
});

describe("typenix import: merged models", () => {
  requireNix();

  const containers = `{ pkgs, system, distribution, invDistribution, processManager ? "systemd" }:
{ tomcat = { name = "tomcat"; pkg = pkgs.tomcat; type = processManager; }; }
`;
  const merging = (argument: string): string =>
    `{ pkgs, system, distribution, invDistribution, processManager ? "systemd" }@args:
let containerServices = import ./services-containers.nix ${argument};
in
rec { web = { name = "web"; pkg = pkgs.hello; type = "process"; }; } // containerServices
`;

  it("takes a merged file given this model's parameters unchanged", () => {
    for (const [name, argument] of [
      ["merged-args", "args"],
      ["merged-inherit", "{ inherit pkgs system distribution invDistribution processManager; }"],
    ] as const) {
      const files = { "services.nix": merging(argument), "services-containers.nix": containers };
      const result = importAndSynth(name, files);
      expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    }
  });

  it("reports a merged file given arguments of its own, which a spread would drop", () => {
    const dir = join(out, "merged-override");
    mkdirSync(dir, { recursive: true });
    const text = merging(`(args // { processManager = "supervisord"; })`);
    writeFileSync(join(dir, "services.nix"), text);
    writeFileSync(join(dir, "services-containers.nix"), containers);
    const files = ["services.nix", "services-containers.nix"].map((f) => join(dir, f));
    const imported = typenix(["import", ...files, "-o", join(dir, "ts")]);
    expect(imported.status).toBe(1);
    const column = text.split("\n")[1]!.indexOf("(args") + 1;
    expect(imported.stderr).toContain(
      `services.nix:2:${column}: error TN6002: a merged model file is given arguments of its own here`,
    );
    expect(imported.stderr).toContain("hint: pass this model's parameters on unchanged");
  });
});

describe("typenix import: services models returned through a let name", () => {
  requireNix();

  it("reads the services set by that name in the let bindings, as lookup services do", () => {
    // The Disnix composition example's lookup models: the package set is
    // given the services model itself, and reads its services.
    const files = {
      "services.nix": `{distribution, invDistribution, system, pkgs}:

let
  customPkgs = import ./all-packages.nix {
    inherit distribution;
    inherit services; # the package set reads the services model
    inherit system pkgs;
  };

  services = rec {
    hello = { name = "hello"; pkg = customPkgs.hello; dependsOn = {}; type = "process"; };
    lookup = {
      name = "lookup";
      pkg = customPkgs.lookup;
      dependsOn = { inherit hello; };
      type = "process";
      port = 8080;
    };
  };
in
services
`,
      "all-packages.nix": `{ distribution ? null, services ? null, system, pkgs }:
{
  hello = pkgs.hello;
  lookup = {
    name = "lookup-\${toString services.lookup.port}-\${builtins.concatStringsSep "," (builtins.attrNames services)}";
  };
}
`,
    };
    const result = importAndSynth("let-named-services", files, ["services.nix"]);
    expect(result.report).toContain("services.ts: services model, all typed");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts).toContain("services: ownServices");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      lookup: { pkg: "lookup-8080-hello,lookup", port: 8080 },
    });
  });
});

describe("typenix import: names a recursive set binds", () => {
  requireNix();

  it("reads attributes bound through paths and inherit from the set itself, not around it", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let attrs = { a = "outer"; }; hello = "outer"; c = "outer"; in
rec {
  svc1 = rec {
    name = "svc1"; pkg = pkgs.hello; type = "process";
    attrs.a = "inner";
    attrs.b = "second";
    v = attrs.a;
    w = attrs;
    # A literal string interpolated as a name is no computed name: Nix binds it.
    \${"c"} = "static";
    x = c;
  };
  svc2 = rec {
    inherit (pkgs) hello;
    name = "svc2"; pkg = hello; type = "process";
    greeting = hello.name;
  };
}
`,
    };
    const result = importAndSynth("rec-paths-inherit", files);
    expect(result.report).toContain("services model, all typed");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { v: "inner", w: { a: "inner", b: "second" }, x: "static" },
      svc2: { pkg: "hello", greeting: "hello" },
    });
  });

  it("reports an attribute read inside its own value, and raw Nix reading one", () => {
    const dir = join(out, "rec-self-reads");
    mkdirSync(dir, { recursive: true });
    const text = `${SERVICES_HEADER}let attrs = { a = "outer"; }; in
rec {
  svc1 = rec {
    name = "svc1"; pkg = pkgs.hello; type = "process";
    attrs.a = "inner";
    attrs.b = attrs.a;
    count = n: if n == 0 then 0 else count (n - 1);
    v = with attrs; a;
  };
}
`;
    writeFileSync(join(dir, "services.nix"), text);
    const result = typenix(["import", join(dir, "services.nix"), "-o", join(dir, "ts")]);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/TypeError|\n\s+at /);
    const at = (needle: string, offset = 0): string => {
      const before = text.slice(0, text.indexOf(needle) + offset).split("\n");
      return `services.nix:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
    };
    expect(result.stderr).toContain(
      `${at("attrs.b = attrs.a", 10)}: error TN6002: 'attrs' is read inside its own value in a recursive set, which TypeScript cannot write out`,
    );
    expect(result.stderr).toContain(
      `${at("count (n - 1)")}: error TN6002: 'count' is read inside its own value`,
    );
    expect(result.stderr).toContain("hint: bind 'count' with let outside the set");
    expect(result.stderr).toContain(
      `${at("with attrs; a")}: error TN6002: this Nix, kept as written, reads 'attrs', an attribute of the recursive set around it`,
    );
    // Nix reads the set's own attributes there.
    const svc1 = (d: string): string =>
      `let s = (import ${d}/services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; }).svc1; in { inherit (s) v attrs; c = s.count 3; }`;
    expect(evaluate(svc1, dir)).toEqual({ v: "inner", attrs: { a: "inner", b: "inner" }, c: 0 });
  });

  it("does the same in process instances", () => {
    const files = {
      "constructors.nix": constructorsModel("webapp"),
      "webapp/default.nix": `{createManagedProcess}:
{instanceSuffix ? ""}:
createManagedProcess { name = "webapp\${instanceSuffix}"; process = "/bin/webapp"; }
`,
      "processes.nix": processesModel(`  webapp = rec {
    cfg.suffix = "1";
    pkg = constructors.webapp { instanceSuffix = cfg.suffix; };
  };`).replace("in\nrec {", '  cfg = { suffix = "outer"; };\nin\nrec {'),
    };
    const result = importAndSynth("rec-paths-processes", files);
    expect(result.report).toContain("processes model, all typed");
    expect(evaluate(instances('"sysvinit"'), result.synth)).toEqual(
      evaluate(instances('"sysvinit"'), result.nix),
    );
    expect(evaluate(instances('"sysvinit"'), result.nix)).toMatchObject({
      webapp: { cfg: { suffix: "1" }, pkg: { name: "webapp1" } },
    });
  });
});

describe("typenix import: raw Nix binding its own names", () => {
  requireNix();

  it("orders a let binding after the ones raw Nix reads, not the ones it binds itself", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  y = rec { a = 1; b = a; };
  inherit (y) a;
  z = let a = 2; in with y; a + b;
  f = a: a + 1;
in
rec {
  svc1 = { name = "svc1"; pkg = pkgs.hello; type = "process"; v = a; w = y; u = z; t = f 5; };
}
`,
    };
    const result = importAndSynth("raw-own-names", files);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { v: 1, w: { a: 1, b: 1 }, u: 3, t: 6 },
    });
  });
});

describe("typenix import: attribute names Nix computes", () => {
  requireNix();

  it("writes a key TypeScript accepts, with the value Nix gives the name", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let s = "key"; n = "num"; in
rec {
  svc1 = {
    name = "svc1"; pkg = pkgs.hello; type = "process";
    \${s} = "dyn";
    "\${n}-2" = "interpolated";
    nested = { \${s} = { inner = 1; }; };
  };
}
`,
    };
    const result = importAndSynth("dynamic-names", files);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { key: "dyn", "num-2": "interpolated", nested: { key: { inner: 1 } } },
    });
  });
});

describe("typenix import: comments", () => {
  requireNix();

  it("keeps comments on values, in lists, in the header and before in", () => {
    const files = {
      "services.nix": `{ system, distribution, invDistribution
, pkgs # P1
}:
/** D1 doc before let */
let
  base = /* L1 */ "x"; # L2
  listed = [ "p" /* L3 */ ];
  # L4 before in
in
rec {
  svc1 = {
    name = "svc1"; # K1
    pkg = pkgs.hello; type = "process";
    tags = [ # K2
      "a" /* K3 */ "b" # K4
    ];
    port = /* K5 */ 80;
    v = base;
    w = listed;
  };
}
`,
    };
    const result = importAndSynth("comments", files);
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    for (const kept of ["D1 doc before let", "L1", "L2", "L3", "K1", "K2", "K3", "K4", "K5"])
      expect(ts).toContain(kept);
    expect(result.report).not.toContain("comment not kept");
    expect(ts.indexOf("// P1")).toBeLessThan(ts.indexOf("D1 doc before let"));
    expect(ts.indexOf("// L4 before in")).toBeGreaterThan(ts.indexOf("const listed"));
    expect(ts.indexOf("// L4 before in")).toBeLessThan(ts.indexOf("export default"));
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { tags: ["a", "b"], port: 80, v: "x", w: ["p"] },
    });
  });
});

describe("typenix import: comments before a model's body", () => {
  requireNix();
  /** The comment lines right above the spec file's export. */
  const aboveExport = (ts: string): string[] =>
    ts
      .slice(0, ts.indexOf("export default"))
      .trimEnd()
      .split("\n")
      .reverse()
      .filter((_, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith("//")))
      .reverse();

  it("keeps them right above the export, after the header's colon or the last in", () => {
    const app = `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; }
`;
    const files = {
      "services.nix": `${SERVICES_HEADER}
# B0 the services of the deployment
let
  port = 5000;
in
# B1 the set itself
rec {
  web = { name = "web"; pkg = pkgs.hello; type = "process"; inherit port; };
}
`,
      "infrastructure.nix": `let
  host = "t1";
in
# B2 the targets
{
  test1 = { properties.hostname = host; };
}
`,
      "distribution.nix": `{ infrastructure }:

# B3 where each service goes
{
  web = [ infrastructure.test1 ];
}
`,
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": app,
      "processes.nix": processesModel(
        "  web = { pkg = constructors.app { port = 5000; }; };",
      ).replace("in\nrec {", "in\n# B4 the instances\nrec {"),
    };
    const result = importAndSynth("body-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const above = (file: string): string[] =>
      aboveExport(readFileSync(join(result.ts, file), "utf8"));
    expect(above("services.ts")).toEqual(["// B1 the set itself"]);
    expect(above("infrastructure.ts")).toEqual(["// B2 the targets"]);
    expect(above("distribution.ts")).toEqual(["// B3 where each service goes"]);
    expect(above("processes.ts")).toEqual(["// B4 the instances"]);
    expect(readFileSync(join(result.ts, "services.ts"), "utf8")).toMatch(
      /^\/\/ B0 the services of the deployment\n/,
    );
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({ web: { port: 5000 } });
    const given = instances('"sysvinit"');
    expect(evaluate(given, result.synth)).toEqual(evaluate(given, result.nix));
  });

  it("keeps them for a set right after the header, and one returned by a let name", () => {
    for (const [name, text, kept] of [
      [
        "body-comments-header",
        `${SERVICES_HEADER}\n# B5 the services\nrec {\n  web = { name = "web"; pkg = pkgs.hello; type = "process"; };\n}\n`,
        ["// B5 the services"],
      ],
      [
        "body-comments-let-name",
        `${SERVICES_HEADER}let\n  # B6 the set\n  services = rec {\n    web = { name = "web"; pkg = pkgs.hello; type = "process"; };\n  };\nin\n# B7 returned\nservices\n`,
        ["// B6 the set", "// B7 returned"],
      ],
    ] as const) {
      const result = importAndSynth(name, { "services.nix": text });
      expect(result.report).not.toContain("comment not kept");
      expect(aboveExport(readFileSync(join(result.ts, "services.ts"), "utf8"))).toEqual(kept);
      expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    }
  });
});

describe("typenix import: comments of several #", () => {
  requireNix();

  it("write the # after the first as text after //, a space between", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}rec {
  ### Services
  ## of the model
  #### deep
  ##
  #plain
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "process"; }; ##trailing
}
`,
    };
    const result = importAndSynth("hash-runs", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    for (const line of ["// ## Services", "// # of the model", "// ### deep", "// #\n", "//plain"])
      expect(ts).toContain(line);
    expect(ts).toContain("// #trailing");
    expect(ts).not.toMatch(/\/\/#/);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });
});

describe("typenix import: comments on the model's parameters", () => {
  requireNix();

  it("go before the parameter's entry, or name the parameter nothing stands for", () => {
    const files = {
      "services.nix": `{ system, distribution, invDistribution
, pkgs # the package set
, port ? 8080 # the port webapp listens on
, /* how it runs */ mode ? "fast"
}:
{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "process"; inherit port mode; };
}
`,
    };
    const result = importAndSynth("parameter-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts.startsWith("// On the parameter pkgs:\n// the package set\n")).toBe(true);
    expect(ts).toMatch(
      /parameters: \{\n\s*\/\/ the port webapp listens on\n\s*port: 8080,\n\s*\/\* how it runs \*\/ mode: "fast",\n/,
    );
    expect(ts.split("the port webapp listens on").length).toBe(2);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({ webapp: { port: 8080, mode: "fast" } });
  });
});

describe("typenix import: attributes named like JavaScript members of a symbolic value", () => {
  requireNix();

  it("selects them by name, so they keep their Nix values", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  s = { "then" = "th"; constructor = "co"; valueOf = "vo"; toString = "ts"; nested.toJSON = "nj"; };
in
{
  webapp = {
    name = "webapp"; pkg = pkgs.hello; type = "echo";
    t = s."then";
    c = s.constructor;
    v = s.valueOf;
    ts = s.toString;
    nj = s.nested.toJSON;
    fallback = s.hasOwnProperty or "none";
    inherit (s) valueOf;
    json = builtins.toJSON { port = 5000; };
  };
}
`,
    };
    const result = importAndSynth("javascript-member-names", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      webapp: { t: "th", c: "co", v: "vo", ts: "ts", nj: "nj", fallback: "none" },
    });
    expect(original).toMatchObject({ webapp: { valueOf: "vo", json: '{"port":5000}' } });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

describe("typenix import: an attribute named __proto__", () => {
  requireNix();

  it("is an own property of the object written, not its prototype", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  l = { __proto__ = "let"; };
in
{
  webapp = {
    name = "webapp"; pkg = pkgs.hello; type = "echo"; __proto__ = "top";
    x = { __proto__ = "pp"; b = 1; };
    y = { __proto__.inner = "nested"; };
    z = l.__proto__;
    inherit l;
  };
}
`,
    };
    const result = importAndSynth("proto-attribute", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      webapp: { x: { b: 1 }, y: {}, z: "let" },
    });
    const webapp = (original as { webapp: Record<string, Record<string, unknown>> }).webapp;
    expect(Object.getOwnPropertyDescriptor(webapp, "__proto__")?.value).toBe("top");
    expect(Object.getOwnPropertyDescriptor(webapp.x, "__proto__")?.value).toBe("pp");
    expect(Object.getOwnPropertyDescriptor(webapp.y, "__proto__")?.value).toEqual({
      inner: "nested",
    });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

describe("typenix import: comments in raw Nix", () => {
  requireNix();

  it("counts a one-line block comment kept as the line comment raw Nix prints", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}with pkgs.lib; rec {
  /* R1 the service */
  svc = { name = "svc"; pkg = pkgs.hello; type = "process"; };
}
`,
    };
    const result = importAndSynth("raw-block-comment", files);
    expect(readFileSync(join(result.ts, "services.ts"), "utf8")).toContain("# R1 the service");
    expect(result.report).not.toContain("comment not kept");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });
});

describe("typenix import: comments after the final expression", () => {
  requireNix();

  it("keeps them at the end of the spec file", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "echo"; };
}
# S1 webapp must be deployed first
/* S2 block */
`,
      "infrastructure.nix": `{
  test1 = { properties.hostname = "t1"; };
}
# I1 infrastructure end
`,
      "constructors.nix": `${constructorsModel("app").trimEnd()}\n# C1 constructors end\n`,
      "app/default.nix": `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; }
# A1 constructor end
`,
    };
    const result = importAndSynth("final-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const kept = [
      ["services.ts", ["// S1 webapp must be deployed first", "/* S2 block */"]],
      ["infrastructure.ts", ["// I1 infrastructure end"]],
      ["constructors.ts", ["// C1 constructors end"]],
      ["app.ts", ["// A1 constructor end"]],
    ] as const;
    for (const [file, comments] of kept) {
      const ts = readFileSync(join(result.ts, file), "utf8");
      const tail = ts.slice(ts.indexOf("export default"));
      for (const comment of comments) expect(tail).toContain(comment);
    }
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    const calls = constructorCalls("(c.app { port = 80; }).managedProcess");
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
  });

  it("keeps one on the line the expression ends on there too, once, before those below it", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "echo"; };
} # S1 same line
# S2 below
`,
      "infrastructure.nix": `{
  test1 = { properties.hostname = "t1"; };
} /* I1 same line */
`,
      "constructors.nix": `${constructorsModel("app").trimEnd()} # C1 same line\n`,
      "app/default.nix": `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; } # A1 same line
`,
      "processes.nix": `${processesModel("  app = { pkg = constructors.app { port = 80; }; };").trimEnd()} # P1 same line\n`,
    };
    const result = importAndSynth("final-comment-same-line", files);
    expect(result.report).not.toContain("comment not kept");
    const kept = [
      ["services.ts", ["// S1 same line", "// S2 below"]],
      ["infrastructure.ts", ["/* I1 same line */"]],
      ["constructors.ts", ["// C1 same line"]],
      ["app.ts", ["// A1 same line"]],
      ["processes.ts", ["// P1 same line"]],
    ] as const;
    for (const [file, comments] of kept) {
      const ts = readFileSync(join(result.ts, file), "utf8");
      const tail = ts.slice(ts.indexOf("export default"));
      expect(tail.match(/\/\/ \w\d .*|\/\* \w\d .*/g)).toEqual(comments);
      expect(ts.split(comments[0]).length, file).toBe(2);
    }
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    const calls = constructorCalls("(c.app { port = 80; }).managedProcess");
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    const processes = instances(`"sysvinit"`);
    expect(evaluate(processes, result.synth)).toEqual(evaluate(processes, result.nix));
  });
});

describe("typenix import: comments of a constructor's parameters and body", () => {
  requireNix();

  it("keeps them before the parameter's schema and at the start of build", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "echo"; };
}
`,
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{ createManagedProcess }:
{ label ? "app" # N1 the label
  # N2 before port
, port ? 5000 # P1 the port
, /* P2 */ suffix ? ""
, workers ? [ ]   # W1 worker names
, ... # P3 more
  # P4 closing
}:

# B1 the web app's process
let
  name = "app\${suffix}";
  # B2 before in
in
createManagedProcess { inherit name; process = "/bin/app"; environment = { PORT = port; LABEL = label; WORKERS = toString workers; }; }
`,
    };
    const result = importAndSynth("constructor-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "app.ts"), "utf8");
    const at = (text: string): number => ts.indexOf(text);
    // Each on lines of its own between the parameter before and the parameter's schema.
    const between = (comment: string, before: string, key: string): void => {
      expect(at(comment)).toBeGreaterThan(at(before));
      expect(at(comment)).toBeLessThan(at(key));
      expect(ts.slice(0, at(comment))).toMatch(/\n\s*$/);
    };
    expect(at("// N1 the label")).toBeLessThan(at("label:"));
    between("// N2 before port", "label:", "port:");
    between("// P1 the port", "// N2 before port", "port:");
    between("/* P2 */", "port:", "suffix:");
    between("// W1 worker names", "suffix:", "workers:");
    expect(ts).not.toMatch(/\.default\(\s*\n/);
    expect(at("// P3 more")).toBeLessThan(at("build:"));
    expect(at("// P4 closing")).toBeLessThan(at("build:"));
    expect(ts.split("B1 the web app's process")).toHaveLength(2);
    expect(at("// B1")).toBeGreaterThan(at("build:"));
    expect(at("// B2 before in")).toBeGreaterThan(at("const name"));
    expect(at("// B2 before in")).toBeLessThan(at("return"));
    const calls = constructorCalls(
      '(c.app { port = 80; suffix = "-x"; workers = [ "w1" ]; }).managedProcess',
    );
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
  });
});

describe("typenix import: nix-processmgmt at a relative path", () => {
  requireNix();

  it("names the same folder from the spec file, and synth from the generated file", () => {
    // nix-processmgmt's own layout: deployment/constructors/constructors.nix
    // imports ../../nixproc/create-managed-process/universal/...
    const universal =
      "nixproc/create-managed-process/universal/create-managed-process-universal.nix";
    const standIn = readFileSync(join(STAND_INS, "nix-processmgmt", universal), "utf8");
    const files = {
      // Told apart from the copy on the search path.
      [universal]: standIn.replace(
        "inherit processManager;",
        'inherit processManager; from = "relative";',
      ),
      "deployment/constructors/constructors.nix": constructorsModel("app").replace(
        `<nix-processmgmt/${universal}>`,
        `../../${universal}`,
      ),
      "deployment/constructors/app/default.nix": `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; }
`,
      "deployment/processes.nix": processesModel(
        "  app = rec { port = 8000; pkg = constructors.app { inherit port; }; };",
      ).replace("./constructors.nix", "./constructors/constructors.nix"),
    };
    const inputs = Object.keys(files).filter((f) => f.startsWith("deployment/"));
    const result = importAndSynth("relative-processmgmt", files, inputs);
    const processes = (dir: string): string =>
      `(import ${dir}/processes.nix { processManager = "sysvinit"; }).app.pkg\n`;
    const original = evaluate(processes, join(result.nix, "deployment"));
    expect(original).toMatchObject({ from: "relative", managedProcess: { name: "app" } });
    expect(evaluate(processes, result.synth)).toEqual(original);
  });

  it("reads nix-processmgmt from the default of a nix-processmgmt parameter, as nix-processmgmt-services writes it", () => {
    const universal =
      "nixproc/create-managed-process/universal/create-managed-process-universal.nix";
    const standIn = readFileSync(join(STAND_INS, "nix-processmgmt", universal), "utf8");
    const files = {
      [`np/${universal}`]: standIn.replace(
        "inherit processManager;",
        'inherit processManager; from = "parameter";',
      ),
      "deployment/constructors.nix": constructorsModel("app")
        .replace("{ pkgs,", "{ nix-processmgmt ? ../np\n, pkgs,")
        .replace(`<nix-processmgmt/${universal}>`, `"\${nix-processmgmt}/${universal}"`),
      "deployment/app/default.nix": `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; }
`,
      "deployment/processes.nix": processesModel(
        "  app = rec { port = 8000; pkg = constructors.app { inherit port; }; };",
      ),
    };
    const inputs = Object.keys(files).filter((f) => f.startsWith("deployment/"));
    const result = importAndSynth("parameter-processmgmt", files, inputs);
    expect(result.report).toContain("the parameter 'nix-processmgmt'");
    const processes = (dir: string): string =>
      `(import ${dir}/processes.nix { processManager = "sysvinit"; }).app.pkg\n`;
    // Nix copies the folder into the store where the string names it.
    const original = evaluate(processes, join(result.nix, "deployment"), ["--read-write-mode"]);
    expect(original).toMatchObject({ from: "parameter", managedProcess: { name: "app" } });
    expect(evaluate(processes, result.synth)).toEqual(original);
  });
});

describe("typenix import: constructors calling createManagedProcess with a recursive set", () => {
  requireNix();

  it("reads the set's own attributes as their values, as nix-processmgmt's services write them", () => {
    const files = {
      "constructors.nix": constructorsModel("app").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess stateDir;",
      ),
      "app/default.nix": `{ createManagedProcess, stateDir }:
{ instanceName ? "app", port ? 80 }:
let
  user = instanceName;
in
createManagedProcess rec {
  name = instanceName;
  description = name;
  inherit user;
  process = "/bin/app";
  environment.PORT = port;
  environment.DATA = "\${stateDir}/\${user}";
  args = [ "--port" (toString environment.PORT) "--user" user ];
}
`,
    };
    const result = importAndSynth("rec-managed-process", files);
    const calls = constructorCalls(`{
  defaults = (c.app { }).managedProcess;
  given = (c.app { instanceName = "app2"; port = 8080; }).managedProcess;
}`);
    const original = evaluate(calls, result.nix);
    expect(original).toMatchObject({
      given: {
        name: "app2",
        description: "app2",
        environment: { PORT: 8080, DATA: "/var/app2" },
        args: ["--port", "8080", "--user", "app2"],
      },
    });
    expect(evaluate(calls, result.synth)).toEqual(original);
  });

  it("says what it cannot read: an attribute read in its own value, or a set Nix computes", () => {
    const dir = join(out, "rec-managed-process-errors");
    mkdirSync(join(dir, "app"), { recursive: true });
    mkdirSync(join(dir, "other"), { recursive: true });
    writeFileSync(
      join(dir, "app/default.nix"),
      `{ createManagedProcess }:
{ instanceName ? "app" }:
createManagedProcess rec {
  name = instanceName;
  process = "/bin/app";
  environment = { NAME = name; SELF = environment.NAME; };
}
`,
    );
    writeFileSync(
      join(dir, "other/default.nix"),
      `{ createManagedProcess }:
{ instanceName ? "other" }:
createManagedProcess ({ name = instanceName; } // { process = "/bin/other"; })
`,
    );
    const inputs = ["app/default.nix", "other/default.nix"].map((f) => join(dir, f));
    const result = typenix(["import", ...inputs, "-o", join(dir, "ts")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "app/default.nix:6:39: error TN6002: 'environment' is read inside its own value in a recursive set",
    );
    expect(result.stderr).toContain(
      "other/default.nix:3:1: error TN6002: the constructor passes createManagedProcess an expression, not a set of its properties",
    );
    expect(result.stderr).not.toContain("which builds for one process manager");
  });
});

describe("typenix import: comments holding JavaScript line terminators", () => {
  requireNix();

  it("keeps the whole Nix comment a comment, so none of its text runs", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  # L1\u2028 throw new Error("line separator in a line comment");
  # L2\u2029 throw new Error("paragraph separator in a line comment");
  # L3 */ throw new Error("block end in a line comment"); /*
  /* B1\u2028 throw new Error("line separator in a block comment"); */
  svc = { name = "svc"; pkg = pkgs.hello; type = "process"; /* B2 \u2029 */ port = 80; };
}
`,
    };
    const result = importAndSynth("comment-line-terminators", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    for (const kept of ["L1", "L2", "L3", "B1", "B2", "line separator in a line comment"])
      expect(ts).toContain(kept);
    expect(ts).not.toMatch(/[\u2028\u2029]/);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });
});

describe("typenix import: let bindings that read themselves", () => {
  requireNix();

  const serviceWith = (lets: string, attrs: string): Record<string, string> => ({
    "services.nix": `${SERVICES_HEADER}let
${lets}
in
{
  svc = { name = "svc"; pkg = pkgs.hello; type = "process"; ${attrs} };
}
`,
  });

  it("keeps a recursive function, mutually recursive ones and a set reading itself as Nix", () => {
    const cases = {
      "let-recursive-function": serviceWith(
        "  fact = n: if n == 0 then 1 else n * fact (n - 1);",
        "f = fact 5;",
      ),
      "let-mutual-recursion": serviceWith(
        `  even = n: if n == 0 then true else odd (n - 1);
  odd = n: if n == 0 then false else even (n - 1);
  base = 4;`,
        "e = even base; o = odd 3;",
      ),
      "let-mutual-recursion-one-used": serviceWith(
        `  even = n: if n == 0 then true else odd (n - 1);
  odd = n: if n == 0 then false else even (n - 1);`,
        "e = even 4;",
      ),
      "let-set-reading-itself": serviceWith(
        `  cfg = { port = 80; url = "http://localhost:\${toString cfg.port}"; };`,
        "url = cfg.url;",
      ),
    };
    for (const [name, files] of Object.entries(cases)) {
      const result = importAndSynth(name, files);
      expect(result.report).not.toContain("all typed");
      expect(result.report).toMatch(
        /raw Nix kept at .*line 3: [a-z]+ \(a let binding that reads itself\)/,
      );
      expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    }
    expect(
      evaluate(services, join(out, "let-recursive-function", "nix")) as Record<string, unknown>,
    ).toMatchObject({ svc: { f: 120 } });
    expect(
      evaluate(services, join(out, "let-mutual-recursion", "nix")) as Record<string, unknown>,
    ).toMatchObject({ svc: { e: true, o: true } });
  });

  it("does the same for the let bindings of a constructor", () => {
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{ createManagedProcess }:
{ port ? 80 }:
let
  count = n: if n == 0 then [ ] else [ (toString n) ] ++ count (n - 1);
in
createManagedProcess { name = "app"; process = "/bin/app"; args = count port; }
`,
    };
    const result = importAndSynth("constructor-let-recursive", files, [
      "constructors.nix",
      "app/default.nix",
    ]);
    expect(result.report).toContain(
      "raw Nix kept at line 4: count (a let binding that reads itself)",
    );
    const calls = constructorCalls("(c.app { port = 3; }).managedProcess");
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    expect(evaluate(calls, result.nix)).toMatchObject({ args: ["3", "2", "1"] });
  });
});

describe("typenix import: nix-processmgmt's spool and lock folders and calling user", () => {
  requireNix();

  it("reads them as the standard parameters, which the constructors model passes on", () => {
    const files = {
      "constructors.nix": `{ pkgs, stateDir, logDir, runtimeDir, cacheDir, spoolDir, lockDir, libDir, tmpDir
, forceDisableUserChange, callingUser ? null, callingGroup ? null, processManager, ids ? {} }:
let
  createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
    inherit pkgs runtimeDir stateDir logDir tmpDir forceDisableUserChange processManager ids;
  };
in
{
  spooler = import ./spooler { inherit createManagedProcess spoolDir lockDir callingUser callingGroup; };
}
`,
      "spooler/default.nix": `{ createManagedProcess, spoolDir, lockDir, callingUser, callingGroup }:
{ instanceName ? "spooler" }:
createManagedProcess {
  inherit instanceName;
  process = "/bin/spooler";
  environment = {
    SPOOL = "\${spoolDir}/\${instanceName}";
    LOCK = "\${lockDir}/\${instanceName}.lock";
    OWNER = if callingUser == null || callingGroup == null then "nobody" else "\${callingUser}:\${callingGroup}";
  };
}
`,
      "processes.nix": `{ pkgs ? import <nixpkgs> { inherit system; }
, system ? builtins.currentSystem
, stateDir ? "/var"
, runtimeDir ? "\${stateDir}/run"
, logDir ? "\${stateDir}/log"
, cacheDir ? "\${stateDir}/cache"
, spoolDir ? "\${stateDir}/spool"
, lockDir ? "\${stateDir}/lock"
, libDir ? "\${stateDir}/lib"
, tmpDir ? (if stateDir == "/var" then "/tmp" else "\${stateDir}/tmp")
, forceDisableUserChange ? false
, callingUser ? null
, callingGroup ? null
, processManager
}:
let
  constructors = import ./constructors.nix {
    inherit pkgs stateDir runtimeDir logDir cacheDir spoolDir lockDir libDir tmpDir;
    inherit forceDisableUserChange callingUser callingGroup processManager;
  };
in
{
  spooler = { pkg = constructors.spooler { }; };
}
`,
    };
    const result = importAndSynth("spool-lock-calling-user", files);
    expect(result.report).not.toContain("pkgs.spoolDir");
    expect(result.report).toContain("processes.ts: processes model, all typed");
    const spooler = readFileSync(join(result.ts, "spooler.ts"), "utf8");
    expect(spooler).not.toMatch(/pkgs\.(spoolDir|lockDir|callingUser|callingGroup)/);
    const args = `pkgs = import <nixpkgs> { }; stateDir = "/srv"; logDir = "/srv/log"; runtimeDir = "/srv/run"; cacheDir = "/srv/cache"; libDir = "/srv/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "sysvinit"`;
    for (const given of [
      `spoolDir = "/srv/spool"; lockDir = "/srv/lock"; callingUser = "alice"; callingGroup = "users";`,
      `spoolDir = "/var/spool"; lockDir = "/var/lock";`,
    ]) {
      const calls = (dir: string): string =>
        `(import ${dir}/constructors.nix { ${args}; ${given} }).spooler { }`;
      const managed = (dir: string): string => `(${calls(dir)}).managedProcess`;
      expect(evaluate(managed, result.synth)).toEqual(evaluate(managed, result.nix));
    }
    // The processes model passes what nixproc-build gives it on to the constructors.
    for (const given of [
      `spoolDir = "/q"; callingUser = "bob"; callingGroup = "staff";`,
      `stateDir = "/home/bob/var";`,
    ]) {
      const managed = (dir: string): string =>
        `builtins.mapAttrs (n: i: i.pkg.managedProcess) (import ${dir}/processes.nix { processManager = "sysvinit"; ${given} })`;
      expect(evaluate(managed, result.synth)).toEqual(evaluate(managed, result.nix));
    }
    const alice = (dir: string): string =>
      `((import ${dir}/constructors.nix { ${args}; spoolDir = "/s"; lockDir = "/l"; callingUser = "alice"; callingGroup = "users"; }).spooler { }).managedProcess.environment`;
    expect(evaluate(alice, result.synth)).toEqual({
      SPOOL: "/s/spooler",
      LOCK: "/l/spooler.lock",
      OWNER: "alice:users",
    });
  });
});

describe("typenix import: raw Nix reading an outer parameter taken from pkgs", () => {
  requireNix();

  it("binds the parameter's name in the generated file, so the raw Nix reads the package", () => {
    const files = {
      "constructors.nix": constructorsModel("app").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess; inherit (pkgs) stdenv;",
      ),
      "app/default.nix": `{ createManagedProcess, stdenv }:
{ port ? 80 }:
{ webapp }:
createManagedProcess {
  name = "app";
  process = "/bin/app";
  # Raw Nix: an attribute name Nix computes from the outer parameter.
  args = [ (webapp.pkgs."\${stdenv.system}") (with stdenv; name) ];
}
`,
    };
    const result = importAndSynth("raw-outer-package", files);
    expect(result.report).toContain("the outer parameter 'stdenv' is taken as pkgs.stdenv");
    const calls = constructorCalls(`let
  system = (import <nixpkgs> { }).stdenv.system;
in
(c.app { } { webapp = { pkgs.\${system} = "built"; }; }).managedProcess.args`);
    expect(evaluate(calls, result.nix)).toEqual(["built", "stdenv"]);
    expect(evaluate(calls, result.synth)).toEqual(["built", "stdenv"]);
  });
});

describe("typenix import: processes models and the constructors model they read", () => {
  requireNix();

  const files = {
    "constructors.nix": constructorsModel("app")
      .replace("inherit createManagedProcess;", "inherit createManagedProcess ids;")
      .replace("{ pkgs,", '{ pkgs, spoolDir ? "/var/spool",'),
    "app/default.nix": `{ createManagedProcess, ids }:
{ port, instanceName ? "app" }:
createManagedProcess {
  inherit instanceName;
  process = "/bin/app";
  environment = { PORT = port; UID = ids.uids.\${instanceName} or 0; };
}
`,
    "ids.nix": "{ ids = { uids = { app = 2000; }; appPorts = { app = 5000; }; }; }\n",
    "processes.nix": processesModel(
      `  app = {
    port = myIds.appPorts.app or 0;
    pkg = constructors.app { port = myIds.appPorts.app or 0; };
    requiresUniqueIdsFor = [ "appPorts" "uids" ];
  };`,
      { spoolDir: '"${stateDir}/spool"' },
    )
      .replace(
        "let\n",
        "let\n  myIds = if builtins.pathExists ./ids.nix then (import ./ids.nix).ids else { };\n",
      )
      .replace(
        "inherit forceDisableUserChange processManager;",
        "inherit forceDisableUserChange processManager spoolDir; ids = myIds;",
      ),
  };
  const environments = (dir: string): string =>
    `builtins.mapAttrs (n: i: if builtins.isFunction i.pkg then "a constructor" else i.pkg.managedProcess.environment) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;

  it("passes the constructors the ids the model binds under another name", () => {
    const result = importAndSynth("ids-named-otherwise", files);
    expect(result.report).toContain("processes.ts: processes model, all typed");
    const original = evaluate(environments, result.nix);
    expect(original).toEqual({ app: { PORT: 5000, UID: 2000 } });
    expect(evaluate(environments, result.synth)).toEqual(original);
  });

  it("calls the constructors of a constructors model not imported together as Nix, from its file", () => {
    // An instance whose pkg is a constructor itself, not a call of one, too.
    const uncalled = files["processes.nix"].replace(
      /\n}\n$/,
      "\n  uncalled = { pkg = constructors.app; };\n}\n",
    );
    const result = importAndSynth(
      "constructors-not-imported",
      { ...files, "processes.nix": uncalled },
      ["processes.nix"],
    );
    expect(result.report).toContain(
      "processes.ts: processes model, the constructors of ./constructors.nix, not imported together, are called as Nix functions, unchecked (import it too to call them typed)\n",
    );
    expect(readdirSync(result.ts)).toEqual(["processes.ts"]);
    expect(evaluate(environments, result.synth)).toEqual(evaluate(environments, result.nix));
  });
});

describe("typenix import: services models and the constructors model they read", () => {
  requireNix();

  const files = {
    "constructors.nix": constructorsModel("app"),
    "app/default.nix": `{ createManagedProcess }:
{ port, instanceName ? "app" }:
createManagedProcess { inherit instanceName; process = "/bin/app"; environment = { PORT = port; }; }
`,
    "services.nix": `{ system, pkgs, distribution, invDistribution
, stateDir ? "/var", runtimeDir ? "\${stateDir}/run", logDir ? "\${stateDir}/log"
, cacheDir ? "\${stateDir}/cache", libDir ? "\${stateDir}/lib"
, tmpDir ? (if stateDir == "/var" then "/tmp" else "\${stateDir}/tmp")
, forceDisableUserChange ? false, processManager ? "systemd"
}:

let
  constructors = import ./constructors.nix {
    inherit pkgs stateDir runtimeDir logDir cacheDir libDir tmpDir forceDisableUserChange processManager;
  };
  processType = import <nix-processmgmt/nixproc/derive-dysnomia-process-type.nix> { inherit processManager; };
  inherit (constructors) app;
in
rec {
  a = { name = "a"; pkg = constructors.app { port = 5000; instanceName = "a"; }; type = processType; };
  b = rec { name = "b"; port = 5001; pkg = app { inherit port; instanceName = "b"; }; type = processType; };
}
`,
  };
  /** The services for a process manager, each process's environment in place of its package. */
  const given =
    (processManager: string) =>
    (dir: string): string => `let
  pkgs = import <nixpkgs> { };
  model = import ${dir}/services.nix { system = builtins.currentSystem; inherit pkgs; distribution = { }; invDistribution = { }; processManager = ${processManager}; };
in
builtins.mapAttrs (n: s: s // { pkg = s.pkg.managedProcess.environment; }) model
`;

  it("calls the typed constructors and derives the process type with processType", () => {
    const result = importAndSynth("services-typed-constructors", files);
    expect(result.report).toContain("services.ts: services model, all typed");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts).toContain('import constructors from "./constructors.js";');
    expect(ts).toContain('pkg: constructors.app({ port: 5000, instanceName: "a" })');
    expect(ts).toContain('pkg: constructors.app({ port: bPort, instanceName: "b" })');
    expect(ts).toContain("type: processType(processManager)");
    expect(ts).not.toContain("constructors.nix");
    for (const processManager of ['"systemd"', '"sysvinit"']) {
      const original = evaluate(given(processManager), result.nix);
      expect(evaluate(given(processManager), result.synth)).toEqual(original);
    }
    expect(evaluate(given('"sysvinit"'), result.nix)).toMatchObject({
      a: { type: "sysvinit-script", pkg: { PORT: 5000 } },
      b: { type: "sysvinit-script", port: 5001, pkg: { PORT: 5001 } },
    });
  });

  it("calls a typed constructor typed inside a service Nix computes", () => {
    const computed = {
      ...files,
      "services.nix": files["services.nix"].replace(
        "\n}\n",
        `
  c = (if true then { name = "c"; } else { }) // { pkg = app { port = 5002; instanceName = "c"; }; type = processType; };
}
`,
      ),
    };
    const result = importAndSynth("services-computed-typed-calls", computed);
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts).toContain('pkg: constructors.app({ port: 5002, instanceName: "c" })');
    const original = evaluate(given('"sysvinit"'), result.nix);
    expect(original).toMatchObject({ c: { name: "c", pkg: { PORT: 5002 } } });
    expect(evaluate(given('"sysvinit"'), result.synth)).toEqual(original);
  });

  it("reads a constructors model bound under another name, or its with, as processes models do", () => {
    const cases = {
      "services-constructors-renamed": files["services.nix"]
        .replaceAll("constructors", "ctors")
        .replace("ctors.nix", "constructors.nix"),
      "services-constructors-with": files["services.nix"]
        .replace("  inherit (constructors) app;\n", "")
        .replace("in\nrec {", "in\nwith constructors;\nrec {")
        .replace("constructors.app { port = 5000", "app { port = 5000"),
    };
    const notes = {
      "services-constructors-renamed":
        "services.ts: services model, all typed; the constructors model bound as 'ctors' is bound as 'constructors' in the generated model",
      "services-constructors-with":
        "services.ts: services model, all typed; the names the `with` of the constructors model gives are written as its attributes",
    };
    for (const [name, text] of Object.entries(cases)) {
      const result = importAndSynth(name, { ...files, "services.nix": text });
      expect(result.report).toContain(notes[name as keyof typeof notes]);
      const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
      expect(ts).toContain('pkg: constructors.app({ port: 5000, instanceName: "a" })');
      expect(ts).toContain('pkg: constructors.app({ port: bPort, instanceName: "b" })');
      expect(ts).not.toContain("constructors.nix");
      const original = evaluate(given('"sysvinit"'), result.nix);
      expect(original).toMatchObject({
        a: { pkg: { PORT: 5000 } },
        b: { pkg: { PORT: 5001 } },
      });
      expect(evaluate(given('"sysvinit"'), result.synth)).toEqual(original);
    }
  });

  it("refuses the binding or the with where a name cannot be read as the model's", () => {
    const dir = join(out, "services-constructors-refused");
    mkdirSync(join(dir, "app"), { recursive: true });
    writeFileSync(join(dir, "constructors.nix"), files["constructors.nix"]);
    writeFileSync(join(dir, "app/default.nix"), files["app/default.nix"]);
    const model = files["services.nix"].replace("  inherit (constructors) app;\n", "");
    /** Each model, the text it is refused at, and the message. */
    const cases: Record<string, readonly [string, string, string]> = {
      "shadowed.nix": [
        model
          .replaceAll("constructors.app", "ctors.app")
          .replace("  constructors = import", "  ctors = import")
          .replace("type = processType; };\n}", "type = processType; f = ctors: ctors; };\n}"),
        "ctors = import",
        "TN6030: the services model binds its constructors model under another name than `constructors`",
      ],
      "inherited.nix": [
        model
          .replace("in\nrec {", "in\nwith constructors;\nrec {")
          .replaceAll("constructors.app", "app")
          .replace("type = processType; };\n}", "type = processType; inherit app; };\n}"),
        "with constructors;",
        "TN6031: the services are under `with` of the constructors model, and a name under it cannot be told to be the model's",
      ],
    };
    for (const [name, [text, needle, message]] of Object.entries(cases)) {
      writeFileSync(join(dir, name), text);
      const inputs = [name, "constructors.nix", "app/default.nix"].map((f) => join(dir, f));
      const result = typenix(["import", ...inputs, "-o", join(dir, `ts-${name}`)]);
      expect(result.status).toBe(1);
      const before = text.slice(0, text.indexOf(needle)).split("\n");
      expect(result.stderr).toContain(
        `${name}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}: error ${message}`,
      );
    }
  });

  it("says that it calls them as Nix functions when the constructors model is not imported together", () => {
    const result = importAndSynth("services-constructors-not-imported", files, ["services.nix"]);
    expect(result.report).toContain(
      "services.ts: services model, the constructors of ./constructors.nix, not imported together, are called as Nix functions, unchecked (import it too to call them typed)",
    );
    expect(readdirSync(result.ts)).toEqual(["services.ts"]);
    const original = evaluate(given('"systemd"'), result.nix);
    expect(evaluate(given('"systemd"'), result.synth)).toEqual(original);
  });
});

describe("typenix import: models naming a model file not imported", () => {
  const CORPUS = join(ROOT, "test/import/corpus");

  it("refuses a distribution without the services and infrastructure models it places", () => {
    const ts = join(out, "distribution-alone");
    const distribution = join(CORPUS, "webapp-services/distribution.nix");
    const alone = typenix(["import", distribution, "-o", ts]);
    expect(alone.stderr).toContain(
      "distribution.nix:1:1: error TN6020: the distribution places services of a services model, which is neither imported together with it nor in the output directory",
    );
    expect(alone.stderr).toContain(
      "distribution.nix:1:1: error TN6020: the distribution places services on targets of an infrastructure model, which is neither imported together with it nor in the output directory",
    );
    expect(alone.stderr).toContain(
      "hint: import them together: typenix import distribution.nix services.nix infrastructure.nix -o DIR",
    );
    expect(alone.status).toBe(1);
    // Imported before, the models' modules are in the output directory.
    const models = ["services.nix", "infrastructure.nix"].map((f) =>
      join(CORPUS, "webapp-services", f),
    );
    expect(typenix(["import", ...models, "-o", ts]).status).toBe(0);
    const after = typenix(["import", distribution, "-o", ts]);
    expect(after.stderr).toContain("distribution.ts: distribution model, all typed");
    expect(after.status).toBe(0);
    checked.add(ts);
  });

  it("refuses a model merging a model file not imported", () => {
    const ts = join(out, "merged-alone");
    const merging = join(CORPUS, "composed/services-merged.nix");
    const result = typenix(["import", merging, "-o", ts]);
    expect(result.stderr).toContain(
      "services-merged.nix:9:23: error TN6020: the model merges ./services-containers.nix, which is neither imported together with it nor in the output directory",
    );
    expect(result.stderr).toContain(
      "services-merged.nix:11:25: error TN6020: the model merges ./services-simple.nix",
    );
    expect(result.status).toBe(1);
  });

  it("refuses a constructors model importing a constructor file not imported", () => {
    const ctor = (name: string): string => `{ createManagedProcess }:
{ port ? 80 }:
createManagedProcess { name = "${name}"; process = "/bin/${name}"; environment.PORT = port; }
`;
    const dir = join(out, "constructor-alone");
    const nix = join(dir, "nix");
    const files = {
      "constructors.nix": constructorsModel("web", "db"),
      "web/default.nix": ctor("web"),
      "db/default.nix": ctor("db"),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(nix, path)), { recursive: true });
      writeFileSync(join(nix, path), text);
    }
    const ts = join(dir, "ts");
    const inputs = (...paths: string[]) => paths.map((f) => join(nix, f));
    const result = typenix(["import", ...inputs("constructors.nix", "web/default.nix"), "-o", ts]);
    const line = files["constructors.nix"].split("\n").findIndex((l) => l.startsWith("  db =")) + 1;
    expect(result.stderr).toContain(
      `constructors.nix:${line}:8: error TN6020: the constructors model imports the constructor 'db' from ./db, which is neither imported together with it nor in the output directory\n` +
        "  hint: import them together: typenix import <this file> <./db beside it> -o DIR",
    );
    expect(result.status).toBe(1);
    // Imported before, the constructor's module is in the output directory.
    expect(typenix(["import", ...inputs("db/default.nix"), "-o", ts]).status).toBe(0);
    const after = typenix(["import", ...inputs("constructors.nix", "web/default.nix"), "-o", ts]);
    expect(after.stderr).not.toMatch(/error/);
    expect(after.status).toBe(0);
    checked.add(ts);
  });
});

describe("typenix import: a constructor whose body is under with or assert", () => {
  it("refuses it at the with or assert, saying where to move it", () => {
    const dir = join(out, "with-assert");
    const bodies = {
      with: 'with pkgs;\ncreateManagedProcess { name = "a"; process = "${hello}/bin/hello"; }',
      assert:
        'let n = "a"; in\nassert port > 0;\ncreateManagedProcess { name = n; process = "/bin/a"; }',
    };
    const messages = {
      with: [
        "with/default.nix:3:1: error TN6017: the constructor's body is under `with pkgs;`, whose names typenix cannot carry into the properties of createManagedProcess",
        "  hint: write the names it opens as attributes of their set (pkgs.hello), or move the `with` into the property that reads them (process = with pkgs; ...;)",
      ],
      assert: [
        "assert/default.nix:4:1: error TN6017: the constructor's body is under an `assert`, which typenix constructors have no place for",
        "  hint: move the `assert` into the property it guards (process = assert ...; ...;)",
      ],
    };
    for (const [name, body] of Object.entries(bodies)) {
      mkdirSync(join(dir, name), { recursive: true });
      const file = join(dir, name, "default.nix");
      writeFileSync(file, `{ createManagedProcess, pkgs }:\n{ port ? 80 }:\n${body}\n`);
      for (const kind of [[], ["--kind", "constructors"]]) {
        const result = typenix(["import", ...kind, file, "-o", join(dir, "ts")]);
        expect(result.stderr).toContain(messages[name as keyof typeof messages].join("\n"));
        expect(result.status).toBe(1);
      }
    }
    expect(readdirSync(dir).sort()).toEqual(["assert", "with"]);
  });

  it("imports it with the with and assert moved into the properties", () => {
    requireNix();
    const result = importAndSynth("with-assert-moved", {
      "constructors.nix": constructorsModel("app").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess pkgs;",
      ),
      "app/default.nix": `{ createManagedProcess, pkgs }:
{ port ? 80 }:
createManagedProcess {
  name = "app";
  process = with pkgs; "\${hello}/bin/hello";
  args = assert port > 0; [ port ];
}
`,
    });
    const calls = constructorCalls(
      "map (p: { inherit (p.managedProcess) process args; }) [ (c.app { }) (c.app { port = 8080; }) ]",
    );
    const original = evaluate(calls, result.nix);
    expect(original).toEqual([
      { process: expect.stringMatching(/hello\/bin\/hello$/), args: [80] },
      { process: expect.stringMatching(/hello\/bin\/hello$/), args: [8080] },
    ]);
    expect(evaluate(calls, result.synth)).toEqual(original);
  });
});

describe("typenix import: parameters that default to null", () => {
  requireNix();

  it("selects their attributes by name and guards strings reading them with nix.if", () => {
    const files = {
      "constructors.nix": constructorsModel("app").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess; inherit (pkgs) lib;",
      ),
      "app/default.nix": `{ createManagedProcess, lib }:
{ db ? null, configFile ? null }:
createManagedProcess {
  name = "app";
  process = "/bin/app";
  dependencies = lib.optional (db != null) db.pkg;
  environment = { SOCKET = if db == null then "none" else db.socketFile; };
  initialize = lib.optionalString (configFile != null) "ln -s \${configFile} /etc/app.conf";
}
`,
    };
    const result = importAndSynth("null-defaults", files);
    const app = readFileSync(join(result.ts, "app.ts"), "utf8");
    expect(app).toContain('nix.select(db, "pkg")');
    expect(app).toContain(
      'nix.if(nix.op(configFile, "!=", null), `ln -s ${configFile} /etc/app.conf`, "")',
    );
    const calls = (dir: string): string => `let
  lib = { optional = c: x: if c then [ x ] else [ ]; optionalString = c: s: if c then s else ""; };
  pkgs = import <nixpkgs> { } // { inherit lib; };
  c = import ${dir}/constructors.nix { inherit pkgs; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run"; cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "sysvinit"; };
  show = p: { inherit (p.managedProcess) dependencies environment initialize; };
in
[ (show (c.app { })) (show (c.app { db = { pkg = "db-pkg"; socketFile = "/run/db"; }; configFile = "/etc/x.conf"; })) ]
`;
    const original = evaluate(calls, result.nix);
    expect(original).toEqual([
      { dependencies: [], environment: { SOCKET: "none" }, initialize: "" },
      {
        dependencies: ["db-pkg"],
        environment: { SOCKET: "/run/db" },
        initialize: "ln -s /etc/x.conf /etc/app.conf",
      },
    ]);
    expect(evaluate(calls, result.synth)).toEqual(original);
  });
});

describe("typenix import: integers among a process's arguments", () => {
  requireNix();

  it("types them as arguments, which nix-processmgmt writes through toString", () => {
    const files = {
      "constructors.nix": constructorsModel("svn"),
      "svn/default.nix": `{ createManagedProcess }:
{ port ? 3690 }:
createManagedProcess {
  name = "svn";
  process = "/bin/svnserve";
  args = [ "--listen-port" port "--max-servers" 25 ];
  foregroundProcessExtraArgs = [ "--foreground" ];
  daemonExtraArgs = [ "--threads" 4 ];
}
`,
    };
    const result = importAndSynth("integer-args", files);
    expect(readFileSync(join(result.ts, "svn.ts"), "utf8")).toContain(
      'args: ["--listen-port", port, "--max-servers", 25],',
    );
    const calls = constructorCalls(
      "map (p: { inherit (p.managedProcess) args foregroundProcessExtraArgs daemonExtraArgs; }) [ (c.svn { }) (c.svn { port = 3691; }) ]",
    );
    const original = evaluate(calls, result.nix);
    expect(original).toEqual([
      {
        args: ["--listen-port", 3690, "--max-servers", 25],
        foregroundProcessExtraArgs: ["--foreground"],
        daemonExtraArgs: ["--threads", 4],
      },
      {
        args: ["--listen-port", 3691, "--max-servers", 25],
        foregroundProcessExtraArgs: ["--foreground"],
        daemonExtraArgs: ["--threads", 4],
      },
    ]);
    expect(evaluate(calls, result.synth)).toEqual(original);
  });
});

describe("typenix import: the calling user where user changes are disabled", () => {
  requireNix();

  it("reads callingUser and callingGroup in strings where forceDisableUserChange holds", () => {
    const files = {
      "constructors.nix": constructorsModel("ftp")
        .replace(
          "forceDisableUserChange, processManager,",
          "forceDisableUserChange, callingUser ? null, callingGroup ? null, processManager,",
        )
        .replace(
          "inherit createManagedProcess;",
          "inherit createManagedProcess forceDisableUserChange callingUser callingGroup; inherit (pkgs) lib;",
        ),
      "ftp/default.nix": `{ createManagedProcess, lib, forceDisableUserChange, callingUser, callingGroup }:
{ anonymousRoot ? if forceDisableUserChange then "/home/\${callingUser}" else "/home/ftp" }:
createManagedProcess {
  name = "ftp";
  process = "/bin/ftp";
  environment = {
    USER = if forceDisableUserChange then "\${callingUser}:\${callingGroup}" else "ftp";
    FLAGS = if forceDisableUserChange then map (f: "\${f}=\${callingUser}") [ "--root" ] else [ ];
    ROOT = anonymousRoot;
  };
  initialize = lib.optionalString forceDisableUserChange "chown \${callingUser}:\${callingGroup} /srv/ftp";
}
`,
    };
    const result = importAndSynth("calling-user", files);
    expect(readFileSync(join(result.ts, "ftp.ts"), "utf8")).toMatch(
      /initialize: nix\.if\(\s*forceDisableUserChange,\s*`chown \$\{callingUser\}:\$\{callingGroup\} \/srv\/ftp`,\s*"",?\s*\)/,
    );
    const calls =
      (user: string) =>
      (dir: string): string => `let
  lib = { optionalString = c: s: if c then s else ""; };
  pkgs = import <nixpkgs> { } // { inherit lib; };
  c = import ${dir}/constructors.nix { inherit pkgs; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run"; cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp"; processManager = "sysvinit"; ${user} };
in
map (p: { inherit (p.managedProcess) environment initialize; }) [ (c.ftp { }) (c.ftp { anonymousRoot = "/srv"; }) ]
`;
    for (const user of [
      "forceDisableUserChange = false;",
      'forceDisableUserChange = true; callingUser = "alice"; callingGroup = "users";',
    ]) {
      const original = evaluate(calls(user), result.nix);
      expect(evaluate(calls(user), result.synth)).toEqual(original);
    }
    expect(
      evaluate(
        calls('forceDisableUserChange = true; callingUser = "alice"; callingGroup = "users";'),
        result.nix,
      ),
    ).toEqual([
      {
        environment: { USER: "alice:users", FLAGS: ["--root=alice"], ROOT: "/home/alice" },
        initialize: "chown alice:users /srv/ftp",
      },
      {
        environment: { USER: "alice:users", FLAGS: ["--root=alice"], ROOT: "/srv" },
        initialize: "chown alice:users /srv/ftp",
      },
    ]);
  });
});

describe("typenix import: a constructor reading the ids it is given", () => {
  requireNix();

  it("takes `ids ? {}` as the DSL's ids, which the constructors model passes", () => {
    const files = {
      "constructors.nix": constructorsModel("bus").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess ids;",
      ),
      "bus/default.nix": `{ createManagedProcess, ids ? {} }:
{ instanceName ? "bus" }:
createManagedProcess {
  inherit instanceName;
  process = "/bin/bus";
  environment = { PORT = ids.busPorts.\${instanceName} or 80; };
}
`,
    };
    const result = importAndSynth("ids-default", files);
    expect(readFileSync(join(result.ts, "bus.ts"), "utf8")).toMatch(/\bids\b/);
    const calls =
      (ids: string) =>
      (dir: string): string => `let
  c = import ${dir}/constructors.nix { pkgs = import <nixpkgs> { }; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run"; cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "sysvinit"; ${ids} };
in
map (p: p.managedProcess.environment) [ (c.bus { }) (c.bus { instanceName = "bus2"; }) ]
`;
    const given = "ids = { busPorts = { bus = 5000; }; };";
    for (const ids of ["", given]) {
      const original = evaluate(calls(ids), result.nix);
      expect(evaluate(calls(ids), result.synth)).toEqual(original);
    }
    expect(evaluate(calls(given), result.nix)).toEqual([{ PORT: 5000 }, { PORT: 80 }]);
  });
});

describe("typenix import: credentials Nix computes", () => {
  requireNix();

  it("types a user's or group's settings as a set Nix computes, and a user's uid", () => {
    const files = {
      "constructors.nix": constructorsModel("bus").replace(
        "inherit createManagedProcess;",
        "inherit createManagedProcess ids; inherit (pkgs) lib;",
      ),
      "bus/default.nix": `{ createManagedProcess, lib, ids ? {} }:
{ }:
createManagedProcess {
  name = "bus";
  process = "/bin/bus";
  credentials = {
    groups = {
      bus = lib.optionalAttrs (ids ? gids && ids.gids ? bus) { gid = ids.gids.bus; };
    };
    users = {
      bus = { group = "bus"; homeDir = "/var/empty"; } // lib.optionalAttrs (ids ? uids) { uid = ids.uids.bus; };
      other = { group = "bus"; uid = 1001; };
    };
  };
}
`,
    };
    const result = importAndSynth("computed-credentials", files);
    const calls =
      (ids: string) =>
      (dir: string): string => `let
  lib = { optionalAttrs = c: s: if c then s else { }; };
  pkgs = import <nixpkgs> { } // { inherit lib; };
  c = import ${dir}/constructors.nix { inherit pkgs; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run"; cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp"; forceDisableUserChange = false; processManager = "sysvinit"; ${ids} };
in
(c.bus { }).managedProcess.credentials
`;
    for (const ids of ["", "ids = { gids.bus = 2000; uids.bus = 2001; };"]) {
      const original = evaluate(calls(ids), result.nix);
      expect(evaluate(calls(ids), result.synth)).toEqual(original);
    }
    expect(evaluate(calls("ids = { gids.bus = 2000; uids.bus = 2001; };"), result.nix)).toEqual({
      groups: { bus: { gid: 2000 } },
      users: {
        bus: { group: "bus", homeDir: "/var/empty", uid: 2001 },
        other: { group: "bus", uid: 1001 },
      },
    });
  });
});

describe("typenix import: processes models binding a second constructors model", () => {
  requireNix();

  /** A constructors model of container providers: each constructor returns a whole instance. */
  const containers = `{ pkgs, stateDir, logDir, runtimeDir, cacheDir, libDir, tmpDir, forceDisableUserChange, processManager, ids ? {} }:
let
  constructors = import ./constructors.nix {
    inherit pkgs stateDir logDir runtimeDir cacheDir libDir tmpDir forceDisableUserChange processManager ids;
  };
in
{
  db = { instanceName ? "db", port ? 3306, type ? null, properties ? {} }: {
    name = instanceName;
    pkg = constructors.app { inherit instanceName port; };
    providesContainer = "mysql-database";
  } // pkgs.lib.optionalAttrs (type != null) { inherit type; } // properties;
}
`;
  const files = {
    "constructors.nix": constructorsModel("app"),
    "app/default.nix": `{ createManagedProcess }:
{ port, instanceName ? "app", providers ? [ ] }:
createManagedProcess {
  inherit instanceName;
  process = "/bin/app";
  environment = { PORT = port; PROVIDERS = toString (map (p: p.name) providers); };
}
`,
    "containers.nix": containers,
    // A model file given arguments, no constructors model.
    "settings.nix": '{ stateDir }: { dir = "${stateDir}/b"; }\n',
    // Instances that read each other (a and b) too, as dbus-daemon and disnix-service do.
    "processes.nix":
      processesModel(`  db = containerConstructors.db { type = "sysvinit-script"; properties.requiresUniqueIdsFor = [ "uids" ]; };
  app = rec { port = 5000; pkg = constructors.app { inherit port; providers = [ db ]; }; };
  a = { pkg = constructors.app { port = 5001; instanceName = "a"; providers = [ b ]; }; };
  b = { name = "b"; peer = a; dir = settings.dir; pkg = constructors.app { port = 5002; instanceName = "b"; }; };`).replace(
        "in\n",
        "  containerConstructors = import ./containers.nix {\n    inherit pkgs stateDir runtimeDir logDir cacheDir libDir tmpDir;\n    inherit forceDisableUserChange processManager;\n  };\n  settings = import ./settings.nix { inherit stateDir; };\nin\n",
      ),
  };
  const values = (dir: string): string => `let
  m = import ${dir}/processes.nix { processManager = "sysvinit"; };
  env = i: i.pkg.managedProcess.environment;
in
{
  db = removeAttrs m.db [ "pkg" ] // { env = env m.db; };
  app = env m.app;
  a = env m.a;
  b = env m.b;
  peer = env m.b.peer;
  inherit (m.b) dir;
}
`;

  it("imports the instances the second model's constructors make, calling them as Nix functions", () => {
    const result = importAndSynth("second-constructors", files, [
      "processes.nix",
      "constructors.nix",
      "app/default.nix",
    ]);
    expect(result.report).toContain(
      "processes.ts: processes model, the constructors of ./containers.nix, a second constructors model, are called as Nix functions, unchecked",
    );
    expect(result.report).not.toContain("./settings.nix");
    expect(readFileSync(join(result.ts, "processes.ts"), "utf8")).toContain(
      "const db = processInstance(\n  nix.call(containerConstructors.db, {",
    );
    const original = evaluate(values, result.nix);
    expect(original).toEqual({
      db: {
        name: "db",
        providesContainer: "mysql-database",
        type: "sysvinit-script",
        requiresUniqueIdsFor: ["uids"],
        env: { PORT: 3306, PROVIDERS: "" },
      },
      app: { PORT: 5000, PROVIDERS: "db" },
      a: { PORT: 5001, PROVIDERS: "b" },
      b: { PORT: 5002, PROVIDERS: "" },
      peer: { PORT: 5001, PROVIDERS: "b" },
      dir: "/var/b",
    });
    expect(evaluate(values, result.synth)).toEqual(original);
  });

  it("reports an instance made by a call of the typed constructors model, which makes no instance", () => {
    const dir = join(out, "typed-call-instance");
    const text = processesModel(`  c = constructors.app { port = 5003; };`);
    for (const [path, content] of Object.entries({ ...files, "processes.nix": text })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const inputs = ["processes.nix", "constructors.nix", "app/default.nix"].map((f) =>
      join(dir, f),
    );
    const result = typenix(["import", ...inputs, "-o", join(dir, "ts")]);
    expect(result.status).toBe(1);
    const before = text.slice(0, text.indexOf("constructors.app { port = 5003")).split("\n");
    expect(result.stderr).toContain(
      `processes.nix:${before.length}:${(before.at(-1)?.length ?? 0) + 1}: error TN6002: the process instance 'c' must be a set of its properties, not an expression that computes one`,
    );
  });

  it("does the same with neither constructors model imported together", () => {
    const result = importAndSynth("second-constructors-alone", files, ["processes.nix"]);
    expect(readdirSync(result.ts)).toEqual(["processes.ts"]);
    expect(evaluate(values, result.synth)).toEqual(evaluate(values, result.nix));
  });
});

describe("typenix import: processes models merged with parts Nix computes", () => {
  it("names a second part at its place, as processes(...) holds one", () => {
    const dir = join(out, "merged-processes");
    mkdirSync(dir, { recursive: true });
    // As nix-processmgmt-services' hydra example includes nix-daemon only on request, twice.
    const text = processesModel(
      `  app = rec { port = 5000; pkg = constructors.app { inherit port; }; };`,
      {
        includeExtra: "false",
      },
    )
      .replace(
        "in\n",
        "  extra = if includeExtra then { pkg = constructors.app { port = 5001; }; } else null;\nin\n",
      )
      .replace(
        "in\nrec {",
        "in\npkgs.lib.optionalAttrs includeExtra {\n  inherit extra;\n} // pkgs.lib.optionalAttrs (!includeExtra) {\n  other = extra;\n} // rec {",
      );
    writeFileSync(join(dir, "processes.nix"), text);
    const result = typenix(["import", join(dir, "processes.nix"), "-o", join(dir, "ts")]);
    expect(result.status).toBe(1);
    const before = text.slice(0, text.indexOf("pkgs.lib.optionalAttrs (!")).split("\n");
    expect(result.stderr).toContain(
      `processes.nix:${before.length}:6: error TN6025: the processes model merges its instances with more than one part Nix computes (pkgs.lib.optionalAttrs (!includeExtra) { ... }), where processes(...) holds one`,
    );
    expect(result.stderr).toContain(
      "hint: merge the computed parts into one expression in Nix, and import the model again",
    );
    expect(result.stderr).not.toContain("TN6001");
  });
});

// Last in this file: the cases above have added their deployments.
describe("typenix import: every case's TypeScript", () => {
  it("passes typenix check (type errors and whole-model checks), in one run", () => {
    checked.expectClean();
  });
});
