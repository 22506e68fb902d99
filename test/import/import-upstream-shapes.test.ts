/**
 * `typenix import` on the shapes nix-processmgmt's and Disnix's own models
 * take: nix-processmgmt at a relative path, its spool, lock and user
 * settings, constructors models bound and read in other ways, parts Nix
 * computes, and models naming files not imported. The TypeScript written
 * type-checks and synthesizes, and the real Nix gives the same value for
 * the original and the regenerated files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { ROOT, STAND_INS, typenix } from "../support/typenix-cli.js";
import {
  checkedTogether,
  importCases,
  services,
  SERVICES_HEADER,
  constructorsModel,
  constructorCalls,
  processesModel,
} from "./import-harness.js";

const cases = importCases();
const { importAndSynth, evaluate, out, checked } = cases;

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

describe("typenix import: constructor parameters with a computed string default", () => {
  requireNix();

  it("takes a symbolic value for them too, as the hydra example passes its let bindings", () => {
    // As nix-processmgmt-services' hydra-server: `user ? "hydra-www${instanceSuffix}"`.
    const files = {
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{ createManagedProcess }:
{ instanceSuffix ? "", instanceName ? "app\${instanceSuffix}", user ? "www\${instanceSuffix}" }:
createManagedProcess {
  inherit instanceName user;
  process = "/bin/app";
}
`,
      "processes.nix": processesModel(
        `  app = { pkg = constructors.app { inherit instanceName; user = appUser; }; };
  other = { pkg = constructors.app { instanceSuffix = "2"; }; };`,
      ).replace(
        "in\n",
        '  suffix = "-1";\n  instanceName = "app${suffix}";\n  appUser = "www${suffix}";\nin\n',
      ),
    };
    const result = importAndSynth("computed-string-defaults", files);
    const app = readFileSync(join(result.ts, "app.ts"), "utf8");
    expect(app).toContain("user: z.string().or(symbolicValue()).optional(),");
    const processes = readFileSync(join(result.ts, "processes.ts"), "utf8");
    expect(processes).toContain("constructors.app({ instanceName, user: appUser })");
    const users = (dir: string): string =>
      `builtins.mapAttrs (n: i: { inherit (i.pkg.managedProcess) instanceName user; }) (import ${dir}/processes.nix { processManager = "sysvinit"; })\n`;
    const original = evaluate(users, result.nix);
    expect(original).toEqual({
      app: { instanceName: "app-1", user: "www-1" },
      other: { instanceName: "app2", user: "www2" },
    });
    expect(evaluate(users, result.synth)).toEqual(original);
  });
});

// Last in this file: the cases above have added their deployments.
checkedTogether(cases);
