/**
 * `typenix import` on small models, each showing one construct of
 * constructors, processes and services models: the TypeScript it writes
 * type-checks and synthesizes, and the real Nix gives the same value for
 * the original and the regenerated files. What cannot be typed must show
 * in the import's report.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { typenix } from "../support/typenix-cli.js";
import {
  checkedTogether,
  importCases,
  services,
  SERVICES_HEADER,
  constructorsModel,
  constructorCalls,
  processesModel,
  instances,
} from "./import-harness.js";

const cases = importCases();
const { importAndSynth, evaluate, out, checked } = cases;

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

// Last in this file: the cases above have added their deployments.
checkedTogether(cases);
