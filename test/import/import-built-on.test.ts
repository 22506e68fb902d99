/**
 * `typenix import` of constructor files built on another constructor file,
 * in the shape of nix-processmgmt's `simplemongodb.nix`: `let ... in import
 * ./default.nix { inherit createManagedProcess ...; } { ... }`. Imported
 * together with the file they are built on, they become constructors whose
 * build returns the call of that file's constructor; the imports
 * type-check, synthesize, and the real Nix gives the same values for the
 * original and the regenerated files. Without that file, the import says
 * to import both.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalFileJson, requireNix } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";
import { PROCESSES_HEADER } from "./import-harness.js";

// Inside the repository, so the imported files resolve @typenix/dsl.
const out = mkdtempSync(join(ROOT, "test/import/.out-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The constructor the others are built on. */
const DB = `{createManagedProcess, hello, tmpDir}:

{ instanceSuffix ? ""
, instanceName ? "db\${instanceSuffix}"
, configFile
, initialize ? ""
, postInstall ? ""
, dependencies ? []
}:

createManagedProcess {
  inherit instanceName initialize postInstall dependencies;
  process = "\${hello}/bin/db";
  args = [ "--config" configFile "--tmp" "\${tmpDir}/\${instanceName}" ];
}
`;

/** Built on db, under a \`let\`. */
const SIMPLE_DB = `{createManagedProcess, writeTextFile, hello, tmpDir, stateDir, forceDisableUserChange}:

{ instanceSuffix ? ""
, instanceName ? "simpledb\${instanceSuffix}"
, port ? 27017
, postInstall ? ""
, extraDependencies ? []
}:

let
  dbDir = "\${stateDir}/db/\${instanceName}";
  user = instanceName;
in
import ./default.nix {
  inherit createManagedProcess hello tmpDir;
} {
  inherit instanceName postInstall;
  dependencies = [ hello ] ++ extraDependencies;
  configFile = writeTextFile {
    name = "db.conf";
    text = ''
      dbPath: \${dbDir}
      port: \${toString port}
      binary: \${hello.name}
    '';
  };
  initialize = ''
    mkdir -p \${dbDir}
    \${if forceDisableUserChange then "" else "chown \${user} \${dbDir}"}
  '';
}
`;

/** Built on simpledb: a chain. */
const TEST_DB = `{createManagedProcess, writeTextFile, hello, tmpDir, stateDir, forceDisableUserChange}:

{ port ? 9000 }:

import ./simpledb.nix {
  inherit createManagedProcess writeTextFile hello tmpDir stateDir forceDisableUserChange;
} {
  instanceSuffix = "-test";
  inherit port;
}
`;

/** The head of nix-processmgmt's constructors models: their parameters, and `createManagedProcess`. */
const CONSTRUCTORS_HEAD = `{ pkgs
, stateDir
, logDir
, runtimeDir
, cacheDir
, libDir
, tmpDir
, forceDisableUserChange
, processManager
, ids ? {}
}:

let
  createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
    inherit pkgs runtimeDir stateDir logDir tmpDir forceDisableUserChange processManager ids;
  };
in
`;

const CONSTRUCTORS = `${CONSTRUCTORS_HEAD}{
  db = import ./db {
    inherit createManagedProcess tmpDir;
    inherit (pkgs) hello;
  };

  simpleDb = import ./db/simpledb.nix {
    inherit createManagedProcess stateDir tmpDir forceDisableUserChange;
    inherit (pkgs) writeTextFile hello;
  };

  testDb = import ./db/testdb.nix {
    inherit createManagedProcess stateDir tmpDir forceDisableUserChange;
    inherit (pkgs) writeTextFile hello;
  };
}
`;

const PROCESSES = `${PROCESSES_HEADER}{
  simple = {
    pkg = constructors.simpleDb { instanceSuffix = "-a"; port = 1234; };
  };

  test = {
    pkg = constructors.testDb { };
  };
}
`;

/** Writes the Nix files (paths relative to a new folder) and gives the folder. */
function nixFiles(name: string, files: Record<string, string>): string {
  const dir = join(tempDir(), name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** Evaluates `expression` (Nix text using `file`) with the stand-ins on the search path. */
function evaluate(expression: (file: string) => string, file: string): unknown {
  const wrapper = join(tempDir(), "eval.nix");
  writeFileSync(wrapper, expression(file));
  return nixEvalFileJson(wrapper, STAND_IN_ARGS);
}

describe("typenix import: constructors built on other constructors", () => {
  requireNix();

  it("round-trips a processes model using a wrapper and a wrapper of a wrapper", () => {
    const nix = nixFiles("deployment", {
      "processes.nix": PROCESSES,
      "constructors.nix": CONSTRUCTORS,
      "db/default.nix": DB,
      "db/simpledb.nix": SIMPLE_DB,
      "db/testdb.nix": TEST_DB,
    });
    const files = ["processes.nix", "constructors.nix", "db/default.nix", "db/simpledb.nix"];
    const ts = join(out, "deployment");
    const imported = typenix([
      "import",
      ...[...files, "db/testdb.nix"].map((f) => join(nix, f)),
      "-o",
      ts,
    ]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    const simple = readFileSync(join(ts, "simpledb.ts"), "utf8");
    expect(simple).toContain('import db from "./db.js";');
    expect(simple).toMatch(/return db\(\{\n\s+instanceName,\n\s+postInstall,/);
    expect(readFileSync(join(ts, "testdb.ts"), "utf8")).toContain(
      'build: ({ port }) => simpledb({ instanceSuffix: "-test", port })',
    );
    const modules = ["processes", "constructors", "db", "simpledb", "testdb"].map((m) =>
      join(ts, `${m}.ts`),
    );
    const check = typenix(["check", ...modules]);
    expect(check.stderr).not.toMatch(/: error/);
    expect(check.status).toBe(0);
    const synthDir = tempDir();
    const synth = typenix(["synth", ...modules, "-o", synthDir]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    expect(readFileSync(join(synthDir, "testdb.nix"), "utf8")).toMatch(
      /^import \.\/simpledb\.nix\s*\{/m,
    );
    for (const [processManager, forceDisableUserChange] of [
      ['"sysvinit"', "false"],
      ["null", "true"],
    ]) {
      const instances = (file: string): string =>
        `builtins.mapAttrs (n: i: i.pkg.managedProcess)
  (import ${file} { processManager = ${processManager}; forceDisableUserChange = ${forceDisableUserChange}; stateDir = "/srv"; })\n`;
      const regenerated = evaluate(instances, join(synthDir, "processes.nix"));
      expect(regenerated).toEqual(evaluate(instances, join(nix, "processes.nix")));
      expect(regenerated).toMatchObject({
        simple: {
          instanceName: "simpledb-a",
          initialize: expect.stringMatching(/^mkdir -p \/srv\/db\/simpledb-a\n/),
        },
        test: {
          instanceName: "simpledb-test",
          args: ["--config", expect.any(String), "--tmp", "/srv/tmp/simpledb-test"],
        },
      });
    }
  });

  it("says to import the file a constructor is built on with it", () => {
    const nix = nixFiles("alone", { "db/default.nix": DB, "db/simpledb.nix": SIMPLE_DB });
    const file = join(nix, "db/simpledb.nix");
    const result = typenix(["import", file, "-o", join(out, "alone")]);
    expect(result.status).toBe(1);
    const line = SIMPLE_DB.split("\n").findIndex((l) => l.startsWith("import ./default.nix")) + 1;
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:${line}:1: error TN6010: the constructor is built on the constructor of ./default.nix, which is not among the files imported together\n` +
        "  hint: import both files together: typenix import <this file> <./default.nix beside it> -o DIR",
    );
  });

  it("refuses a constructor written inline in a constructors model built on a file", () => {
    const model = CONSTRUCTORS.replace(
      "  testDb = import ./db/testdb.nix {\n    inherit createManagedProcess stateDir tmpDir forceDisableUserChange;\n    inherit (pkgs) writeTextFile hello;\n  };",
      "  testDb = { port ? 9000 }: import ./db/simpledb.nix { inherit createManagedProcess; } { inherit port; };",
    );
    const nix = nixFiles("inline", {
      "constructors.nix": model,
      "db/default.nix": DB,
      "db/simpledb.nix": SIMPLE_DB,
    });
    const files = ["constructors.nix", "db/default.nix", "db/simpledb.nix"].map((f) =>
      join(nix, f),
    );
    const result = typenix(["import", ...files, "-o", join(out, "inline")]);
    expect(result.status).toBe(1);
    const lines = model.split("\n");
    const line = lines.findIndex((l) => l.includes("testDb = {"));
    const column = (lines[line] ?? "").indexOf("import ./db/simpledb.nix") + 1;
    expect(result.stderr).toContain(
      `${relative(ROOT, files[0] ?? "")}:${line + 1}:${column}: error TN6013: a constructor written inline in a constructors model cannot be built on the constructor of ./db/simpledb.nix`,
    );
  });

  it("refuses outer arguments and arguments its module cannot carry", () => {
    const own = SIMPLE_DB.replace(
      "inherit createManagedProcess hello tmpDir;",
      'inherit createManagedProcess tmpDir;\n  hello = writeTextFile { name = "x"; text = ""; };',
    );
    const merged = TEST_DB.replace(
      '} {\n  instanceSuffix = "-test";\n  inherit port;\n}',
      '} ({ instanceSuffix = "-test"; } // { inherit port; })',
    );
    const nix = nixFiles("uncarried", {
      "db/default.nix": DB,
      "db/simpledb.nix": own,
      "db/testdb.nix": merged,
    });
    const result = typenix([
      "import",
      ...["default.nix", "simpledb.nix", "testdb.nix"].map((f) => join(nix, "db", f)),
      "-o",
      join(out, "uncarried"),
    ]);
    expect(result.status).toBe(1);
    const at = (file: string, text: string, needle: string): string => {
      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.includes(needle));
      return `${relative(ROOT, join(nix, "db", file))}:${line + 1}:${(lines[line] ?? "").indexOf(needle) + 1}`;
    };
    expect(result.stderr).toContain(
      `${at("simpledb.nix", own, "hello = ")}: error TN6011: the constructor passes ./default.nix an outer argument its TypeScript module cannot carry`,
    );
    expect(result.stderr).toContain(
      `${at("testdb.nix", merged, "({ instanceSuffix")}: error TN6012: the constructor passes ./simpledb.nix an expression, not a set of its arguments, which typenix cannot read`,
    );
  });
});

/**
 * A container-provider constructor in the shape of nix-processmgmt-services'
 * `service-containers-agnostic`: it takes the constructor of the service it
 * wraps as an outer parameter, and returns a service record merged with
 * what Nix computes.
 */
const DB_CONTAINER = `{dbConstructorFun, lib, hello, runtimeDir}:

{ instanceSuffix ? ""
, instanceName ? "db\${instanceSuffix}"
, containerName ? "db-database\${instanceSuffix}"
, port ? 5432
, type ? null
, properties ? {}
}:

let
  pkg = dbConstructorFun {
    inherit instanceName port;
    postInstall = ''
      cat > $out/etc/dysnomia/containers/\${containerName} <<EOF
      socket=\${runtimeDir}/\${instanceName}.sock
      EOF
      ln -s \${hello}/bin/hello $out/libexec/dysnomia
    '';
  };
in
{
  name = instanceName;
  inherit pkg port;
  providesContainer = containerName;
} // lib.optionalAttrs (type != null) {
  inherit type;
} // properties
`;

describe("typenix import: constructors taking another constructor as an outer parameter", () => {
  requireNix();

  it("keeps the outer parameter and the merged record, and round-trips the file", () => {
    const nix = nixFiles("outer-constructor", { "db/container.nix": DB_CONTAINER });
    const ts = join(out, "outer-constructor");
    const imported = typenix(["import", join(nix, "db/container.nix"), "-o", ts]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    const module = readFileSync(join(ts, "container.ts"), "utf8");
    expect(module).toContain('outer: ["dbConstructorFun"]');
    const check = typenix(["check", join(ts, "container.ts")]);
    expect(check.stderr).not.toMatch(/: error/);
    expect(check.status).toBe(0);
    const synthDir = tempDir();
    const synth = typenix(["synth", join(ts, "container.ts"), "-o", synthDir]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    expect(readFileSync(join(synthDir, "container.nix"), "utf8")).toMatch(
      /^\{\s*dbConstructorFun,\s*pkgs,\s*runtimeDir,\s*\}:$/m,
    );
    // Each file called with the outer arguments it takes, the wrapped constructor a stand-in.
    const calls = (file: string): string => `let
  lib = { optionalAttrs = cond: set: if cond then set else { }; };
  pkgs = import <nixpkgs> { } // { inherit lib; };
  outer = { inherit pkgs lib; inherit (pkgs) hello; runtimeDir = "/run"; dbConstructorFun = args: { made = args; }; };
  fn = import ${file};
  c = fn (builtins.intersectAttrs (builtins.functionArgs fn) outer);
in
{
  plain = c { };
  given = c { instanceSuffix = "-2"; port = 6543; type = "process"; properties = { extra = true; }; };
}
`;
    const original = evaluate(calls, join(nix, "db/container.nix"));
    expect(original).toMatchObject({
      plain: {
        name: "db",
        port: 5432,
        providesContainer: "db-database",
        pkg: { made: { port: 5432 } },
      },
      given: { name: "db-2", type: "process", extra: true },
    });
    expect(evaluate(calls, join(synthDir, "container.nix"))).toEqual(original);
  });
});

/** A constructors model of services, which the containers model below imports. */
const SERVICES_CONSTRUCTORS = `${CONSTRUCTORS_HEAD}{
  db = import ./db.nix {
    inherit createManagedProcess tmpDir;
  };
}
`;

const SERVICE_DB = `{createManagedProcess, tmpDir}:

{ instanceName ? "db", port ? 5432, postInstall ? "" }:

createManagedProcess {
  inherit instanceName postInstall;
  process = "/bin/db";
  args = [ "--port" (toString port) "--tmp" "\${tmpDir}/\${instanceName}" ];
}
`;

/**
 * A container constructor taking the service's constructor, an overridden package, a package
 * of a package set and a value of the model's own.
 */
const CONTAINER = `{dbConstructorFun, lib, dysnomia, runtimeDir, containerSuffix, dbTool}:

{ instanceSuffix ? ""
, instanceName ? "db\${instanceSuffix}"
, port ? 5432
, type ? null
, properties ? {}
}:

let
  pkg = dbConstructorFun {
    inherit instanceName port;
    postInstall = ''
      socket=\${runtimeDir}/\${instanceName}.sock
      module=\${dysnomia.name}
    '';
  };
in
{
  name = instanceName;
  inherit pkg port;
  providesContainer = "db-database\${instanceSuffix}\${containerSuffix}";
  dysnomiaArgs = dysnomia.args;
  tool = dbTool;
} // lib.optionalAttrs (type != null) {
  inherit type;
} // properties
`;

/** The containers model: gives the container the service's constructor, and values of its own. */
const CONTAINERS_CONSTRUCTORS = `{ containerSuffix ? "-container"
, pkgs
, stateDir
, logDir
, runtimeDir
, cacheDir
, libDir
, tmpDir
, forceDisableUserChange
, processManager
, ids ? {}
}:

let
  constructors = import ../services/constructors.nix {
    inherit pkgs stateDir logDir runtimeDir cacheDir libDir tmpDir forceDisableUserChange processManager ids;
  };
in
{
  simpleDb = import ./db/container.nix {
    dbConstructorFun = constructors.db;
    dysnomia = pkgs.dysnomia.override (origArgs: {
      enableDbContainer = true;
    });
    inherit runtimeDir containerSuffix;
    inherit (pkgs) lib;
    inherit (pkgs.dbPackages) dbTool;
  };
}
`;

describe("typenix import: a constructors model giving its constructors outer values", () => {
  requireNix();

  it("gives them with withOuter, keeps them outer parameters, and round-trips the model", () => {
    const nix = nixFiles("containers", {
      "services/constructors.nix": SERVICES_CONSTRUCTORS,
      "services/db.nix": SERVICE_DB,
      "containers/constructors.nix": CONTAINERS_CONSTRUCTORS,
      "containers/db/container.nix": CONTAINER,
    });
    const ts = join(out, "containers");
    const files = ["containers/constructors.nix", "containers/db/container.nix"];
    const imported = typenix(["import", ...files.map((f) => join(nix, f)), "-o", ts]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    const model = readFileSync(join(ts, "constructors.ts"), "utf8");
    expect(model).toContain(`simpleDb: withOuter(simpleDb, {
    dbConstructorFun: constructors2.db,
    dysnomia: nix.call(
      pkgs.dysnomia!.override,
      nix.lambda("origArgs", (origArgs) => ({ enableDbContainer: true })),
    ),
`);
    expect(model).toMatch(/const constructors2 = nix\.local\(\s*"constructors",\s*nix\.import\(/);
    // A parameter the generated model does not take is given as its default.
    expect(model).toContain('containerSuffix: "-container",\n    dbTool: pkgs.dbPackages!.dbTool,');
    expect(imported.stderr).toContain(
      "the parameter 'containerSuffix' is left out: the values the model gives outer parameters read its default, which a caller can no longer replace",
    );
    // The model gives dysnomia a value of its own: no longer pkgs.dysnomia in the constructor.
    expect(readFileSync(join(ts, "container.ts"), "utf8")).toContain(
      'outer: ["dbConstructorFun", "dysnomia", "containerSuffix", "dbTool"]',
    );
    const modules = ["constructors", "container"].map((m) => join(ts, `${m}.ts`));
    const check = typenix(["check", ...modules]);
    expect(check.stderr).not.toMatch(/: error/);
    expect(check.status).toBe(0);
    const synthDir = tempDir();
    const synth = typenix(["synth", ...modules, "-o", synthDir]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    const calls = (file: string): string => `let
  pkgs = import <nixpkgs> { } // {
    lib = { optionalAttrs = cond: set: if cond then set else { }; };
    dysnomia.override = f: { name = "dysnomia-db"; args = f { }; };
    dbPackages.dbTool = "db-tool";
  };
  constructors = import ${file} {
    inherit pkgs;
    stateDir = "/srv"; logDir = "/log"; runtimeDir = "/run"; cacheDir = "/cache"; libDir = "/lib";
    tmpDir = "/scratch"; forceDisableUserChange = false; processManager = "sysvinit";
  };
  view = s: removeAttrs s [ "pkg" ] // { process = s.pkg.managedProcess; };
in
{
  plain = view (constructors.simpleDb { });
  given = view (constructors.simpleDb { instanceSuffix = "-2"; port = 6543; type = "process"; });
}
`;
    const original = evaluate(calls, join(nix, "containers/constructors.nix"));
    expect(original).toMatchObject({
      plain: {
        name: "db",
        providesContainer: "db-database-container",
        dysnomiaArgs: { enableDbContainer: true },
        tool: "db-tool",
        process: {
          instanceName: "db",
          args: ["--port", "5432", "--tmp", "/scratch/db"],
          postInstall: "socket=/run/db.sock\nmodule=dysnomia-db\n",
        },
      },
      given: {
        name: "db-2",
        type: "process",
        process: { args: ["--port", "6543", "--tmp", "/scratch/db-2"] },
      },
    });
    expect(evaluate(calls, join(synthDir, "constructors.nix"))).toEqual(original);
  });
});
