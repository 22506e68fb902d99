/**
 * A constructor built on another (its `build` returns a call of that one,
 * as nix-processmgmt's `simplemongodb.nix` returns `import ./default.nix {
 * ... } { ... }`) becomes a file importing the other's generated file, which
 * synth writes beside it. Checked by evaluating the generated Nix with the
 * real Nix: the stand-in createManagedProcess returns its arguments, so a
 * wrapper gives what the inner constructor gives for the arguments the
 * wrapper passes.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

// Inside the repository, so the spec files resolve @typenix/dsl.
const root = mkdtempSync(join(ROOT, "test/lowering/.out-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The inner constructor: reads tmpDir and pkgs from the constructors model. */
const DB = `import { createManagedProcess, defineConstructor, pkgs, tmpDir, z } from "@typenix/dsl";

export default defineConstructor({
  name: "db",
  params: z.object({
    instanceSuffix: z.string().default(""),
    instanceName: z.string().optional(),
    configFile: z.string(),
    initialize: z.string().default(""),
  }),
  defaults: { instanceName: ({ instanceSuffix }) => \`db\${instanceSuffix}\` },
  build: ({ instanceName, configFile, initialize }) =>
    createManagedProcess({
      instanceName,
      process: \`\${pkgs.hello}/bin/db\`,
      args: ["--config", configFile, "--tmp", \`\${tmpDir}/\${instanceName}\`],
      initialize,
    }),
});
`;

/** A wrapper of db: reads stateDir itself, and passes db what db's file needs. */
const SIMPLE_DB = `import { defineConstructor, nix, stateDir, z } from "@typenix/dsl";
import db from "./db.js";

export default defineConstructor({
  name: "simpleDb",
  params: z.object({
    instanceSuffix: z.string().default(""),
    instanceName: z.string().optional(),
    port: z.int().default(27017),
  }),
  defaults: { instanceName: ({ instanceSuffix }) => \`simpledb\${instanceSuffix}\` },
  build: ({ instanceName, port }) => {
    const dataDir = nix.local("dataDir", \`\${stateDir}/db/\${instanceName}\`);
    return db({
      instanceName,
      configFile: \`port=\${port} dir=\${dataDir}\`,
      initialize: \`mkdir -p \${dataDir}\`,
    });
  },
});
`;

/** A wrapper of the wrapper. */
const TEST_DB = `import { defineConstructor, z } from "@typenix/dsl";
import simpleDb from "./simple-db.js";

export default defineConstructor({
  name: "testDb",
  params: z.object({ port: z.int().default(9000) }),
  build: ({ port }) => simpleDb({ instanceSuffix: "-test", port }),
});
`;

function specDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function synth(dir: string, ...options: string[]): string {
  const out = tempDir();
  const result = typenix(["synth", dir, "-o", out, ...options]);
  expect(result.stderr).not.toMatch(/error|warning/);
  expect(result.status).toBe(0);
  return out;
}

/** The outer arguments a constructors model passes, for evaluating constructor files directly. */
const OUTER = `{
  pkgs = import <nixpkgs> { };
  stateDir = "/srv";
  tmpDir = "/scratch";
  createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> { processManager = "sysvinit"; };
}`;

/** `file`'s constructor called with `args` (Nix text), its outer arguments taken from `OUTER`. */
function call(file: string, args: string): unknown {
  return nixEvalJson(
    `let
  outer = ${OUTER};
  fn = import ${file};
  made = fn (builtins.intersectAttrs (builtins.functionArgs fn) outer) ${args};
in made.managedProcess // { tmp = made.managedProcess.args; }`,
    STAND_IN_ARGS,
  );
}

/**
 * The value of `rest` (more `let` bindings, then `in ...`) where
 * `constructors` is the constructors model synthesized to `out`, given the
 * arguments nix-processmgmt gives it.
 */
function withConstructors(out: string, rest: string): unknown {
  return nixEvalJson(
    `let
  constructors = import ${join(out, "constructors.nix")} {
    pkgs = import <nixpkgs> { }; stateDir = "/srv"; logDir = "/log"; runtimeDir = "/run";
    cacheDir = "/cache"; libDir = "/lib"; tmpDir = "/scratch"; forceDisableUserChange = false;
    processManager = "sysvinit";
  };
${rest}`,
    STAND_IN_ARGS,
  );
}

/** The name, Dysnomia module and arguments of what the `proxy` constructor synthesized to `out` makes. */
function proxyMade(out: string): unknown {
  return withConstructors(
    out,
    `  s = constructors.proxy { };
in { inherit (s) name module; args = s.pkg.managedProcess.args; }`,
  );
}

describe("a constructor built on another", () => {
  requireNix();

  it("imports the generated file of the inner constructor, written beside it", () => {
    const dir = specDir("wrapper", {
      "db.ts": DB,
      "simple-db.ts": SIMPLE_DB,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import simpleDb from "./simple-db.js";
export default constructors({ simpleDb });
`,
    });
    const out = synth(dir);
    expect(readdirSync(out).sort()).toEqual(
      ["constructors.nix", "db.nix", "simpleDb.nix", "typenix-manifest.json"].sort(),
    );
    const text = readFileSync(join(out, "simpleDb.nix"), "utf8");
    expect(text).toMatch(/^import \.\/db\.nix\s*\{/m);
    // The header takes what its own body reads and what db's file needs.
    const header = /^\{([^}]*)\}:/m.exec(text.replace(/^#.*\n/gm, ""))?.[1] ?? "";
    expect(
      header
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean)
        .sort(),
    ).toEqual(["createManagedProcess", "pkgs", "stateDir", "tmpDir"].sort());
    const wrapped = call(join(out, "simpleDb.nix"), `{ port = 1234; instanceSuffix = "-a"; }`);
    const direct = call(
      join(out, "db.nix"),
      `{ instanceName = "simpledb-a"; configFile = "port=1234 dir=/srv/db/simpledb-a"; initialize = "mkdir -p /srv/db/simpledb-a"; }`,
    );
    expect(wrapped).toEqual(direct);
    expect(wrapped).toMatchObject({
      instanceName: "simpledb-a",
      args: ["--config", "port=1234 dir=/srv/db/simpledb-a", "--tmp", "/scratch/simpledb-a"],
    });
  });

  it("passes the constructors model's outer parameters to a wrapper, and chains", () => {
    const dir = specDir("chain", {
      "db.ts": DB,
      "simple-db.ts": SIMPLE_DB,
      "test-db.ts": TEST_DB,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import testDb from "./test-db.js";
export default constructors({ testDb });
`,
    });
    const out = synth(dir);
    const made = withConstructors(out, `in (constructors.testDb { port = 7; }).managedProcess`);
    expect(made).toMatchObject({
      instanceName: "simpledb-test",
      args: ["--config", "port=7 dir=/srv/db/simpledb-test", "--tmp", "/scratch/simpledb-test"],
      initialize: "mkdir -p /srv/db/simpledb-test",
    });
    expect(readFileSync(join(out, "testDb.nix"), "utf8")).toMatch(
      /^import \.\/simpleDb\.nix\s*\{/m,
    );
  });

  it("gets the JSON spec of the process the inner constructor makes", () => {
    const constructorsModel = `import { constructors } from "@typenix/dsl";
import db from "./db.js";
import simpleDb from "./simple-db.js";
export default constructors({ db, simpleDb });
`;
    const processesWith = (
      call: string,
    ): string => `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes({ a: processInstance({ pkg: constructors.${call} }) }, { constructors });
`;
    const wrapped = specDir("specs-wrapped", {
      "db.ts": DB,
      "simple-db.ts": SIMPLE_DB,
      "constructors.ts": constructorsModel,
      "processes.ts": processesWith(`simpleDb({ instanceSuffix: "-a", port: 1234 })`),
    });
    // The same process, made by calling db with what simpleDb passes it.
    const direct = specDir("specs-direct", {
      "db.ts": DB,
      "simple-db.ts": SIMPLE_DB,
      "constructors.ts": constructorsModel,
      "processes.ts": processesWith(
        `db({ instanceName: "simpledb-a", configFile: "port=1234 dir=/var/db/simpledb-a", initialize: "mkdir -p /var/db/simpledb-a" })`,
      ),
    });
    const specs = (dir: string): Record<string, string> => {
      const out = synth(dir, "--json-specs");
      return Object.fromEntries(
        readdirSync(join(out, "specs")).map((d) => [
          d,
          readFileSync(join(out, "specs", d, `${d.slice(33)}.json`), "utf8"),
        ]),
      );
    };
    const made = specs(wrapped);
    expect(Object.keys(made)).toEqual([expect.stringMatching(/^[0-9a-z]{32}-simpledb-a$/)]);
    expect(made).toEqual(specs(direct));
    expect(JSON.parse(Object.values(made)[0] ?? "{}")).toMatchObject({
      instanceName: "simpledb-a",
      initialize: "mkdir -p /var/db/simpledb-a",
    });
  });

  it("takes inter-dependencies of its own and passes the inner constructor what it makes of them", () => {
    const dir = specDir("interdeps", {
      "db.ts": DB,
      "proxy-db.ts": `import { defineConstructor, nix, z } from "@typenix/dsl";
import db from "./db.js";
export default defineConstructor({
  name: "proxyDb",
  params: z.object({}),
  interDependencies: true,
  build: (_params, interDeps) =>
    db({
      instanceName: "proxydb",
      configFile: nix.call(nix.select(nix.ref("builtins"), "concatStringsSep"), ",", nix.call(nix.ref("builtins").attrNames, interDeps)),
    }),
});
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import proxyDb from "./proxy-db.js";
export default constructors({ proxyDb });
`,
    });
    const out = synth(dir);
    const made = withConstructors(
      out,
      `in (constructors.proxyDb { } { a = 1; b = 2; }).managedProcess.args`,
    );
    expect(made).toEqual(["--config", "a,b", "--tmp", "/scratch/proxydb"]);
  });

  it("passes the inner constructor its inter-dependencies, or its arguments, as a whole", () => {
    const dir = specDir("passed-on", {
      "db.ts": DB,
      "pinned-db.ts": `import { defineConstructor, nix, z } from "@typenix/dsl";
import db from "./db.js";
export default defineConstructor({
  name: "pinnedDb",
  params: z.object({}),
  interDependencies: true,
  build: (_params, interDeps) =>
    db({ instanceName: "pinned", configFile: \`\${interDeps.primary.target.properties.hostname}\` }),
});
`,
      "proxy-db.ts": `import { defineConstructor, nix, z } from "@typenix/dsl";
import pinnedDb from "./pinned-db.js";
export default defineConstructor({
  name: "proxyDb",
  params: z.object({}),
  interDependencies: true,
  build: (_params, interDeps) => pinnedDb({}, interDeps),
});
`,
      "extra-db.ts": `import { defineConstructor, nix, z } from "@typenix/dsl";
import pinnedDb from "./pinned-db.js";
export default defineConstructor({
  name: "extraDb",
  params: z.object({}),
  interDependencies: true,
  build: (_params, interDeps) =>
    pinnedDb({}, nix.op(interDeps, "//", { primary: { target: { properties: { hostname: "h2" } } } }) as never),
});
`,
      "loose-db.ts": `import { createManagedProcess, defineConstructor, nix, z } from "@typenix/dsl";
export default defineConstructor({
  name: "looseDb",
  params: z.looseObject({ configFile: z.string() }),
  argsName: "given",
  build: ({ configFile }) =>
    createManagedProcess({ name: "loose", process: "/bin/db", args: ["--config", configFile], environment: nix.ref("given") as never }),
});
`,
      "all-db.ts": `import { defineConstructor, nix, z } from "@typenix/dsl";
import looseDb from "./loose-db.js";
export default defineConstructor({
  name: "allDb",
  params: z.looseObject({ configFile: z.string().default("c") }),
  argsName: "args",
  build: () => looseDb(nix.ref("args") as never),
});
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import proxyDb from "./proxy-db.js";
import extraDb from "./extra-db.js";
import allDb from "./all-db.js";
export default constructors({ proxyDb, extraDb, allDb });
`,
    });
    const out = synth(dir);
    const deps = `{ primary.target.properties.hostname = "h1"; }`;
    const made = withConstructors(
      out,
      `in map (made: made.managedProcess.args) [
        (constructors.proxyDb { } ${deps})
        (constructors.extraDb { } ${deps})
      ] ++ [ (constructors.allDb { configFile = "given"; more = 1; }).managedProcess.environment ]`,
    );
    expect(made).toEqual([
      ["--config", "h1", "--tmp", "/scratch/pinned"],
      ["--config", "h2", "--tmp", "/scratch/pinned"],
      { configFile: "given", more: 1 },
    ]);
  });

  it("in a services model, makes the service record the inner constructor makes", () => {
    const dir = specDir("services", {
      "mysql.ts": `import { defineConstructor, pkgs, runtimeDir, z, type ServiceRecord } from "@typenix/dsl";
export default defineConstructor({
  name: "mysql",
  params: z.object({ instanceSuffix: z.string().default(""), port: z.int().default(3306), type: z.string() }),
  build: ({ instanceSuffix, port, type }): ServiceRecord => ({
    name: \`mysql\${instanceSuffix}\`,
    mysqlPort: port,
    mysqlSocket: \`\${runtimeDir}/mysqld\${instanceSuffix}/mysqld.sock\`,
    pkg: pkgs.mysql,
    type,
  }),
});
`,
      "test-mysql.ts": `import { defineConstructor, z } from "@typenix/dsl";
import mysql from "./mysql.js";
export default defineConstructor({
  name: "testMysql",
  params: z.object({ type: z.string() }),
  build: ({ type }) => mysql({ instanceSuffix: "-test", port: 3307, type }),
});
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import testMysql from "./test-mysql.js";
export default constructors({ testMysql });
`,
      "services.ts": `import { services } from "@typenix/dsl";
import constructors from "./constructors.js";
export default services({ "mysql-test": constructors.testMysql({ type: "systemd-unit" }) });
`,
    });
    const out = synth(dir);
    const made = nixEvalJson(
      `let s = (import ${join(out, "services.nix")} {
        system = "x86_64-linux"; pkgs = import <nixpkgs> { };
        distribution = { }; invDistribution = { };
      })."mysql-test"; in removeAttrs s [ "pkg" ]`,
      STAND_IN_ARGS,
    );
    expect(made).toEqual({
      name: "mysql-test",
      mysqlPort: 3307,
      mysqlSocket: "/var/run/mysqld-test/mysqld.sock",
      type: "systemd-unit",
    });
  });

  it("is reported when it is built on itself", () => {
    const loop = `import { defineConstructor, z } from "@typenix/dsl";
import type { Constructor } from "@typenix/dsl";

const loop: Constructor = defineConstructor({
  name: "loop",
  params: z.object({ port: z.int().default(1) }),
  build: ({ port }) => loop({ port }),
});
export default loop;
`;
    const dir = specDir("loop", { "loop.ts": loop });
    const result = typenix(["synth", join(dir, "loop.ts"), "-o", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, join(dir, "loop.ts"))}:4:27: error TN3050: the constructor 'loop' is built on itself: Nix would import its file from itself forever\n` +
        "  hint: return a call of another constructor, or createManagedProcess(...)",
    );
  });
});

/** A container constructor taking the constructor it wraps as an outer parameter. */
const CONTAINER = `import { computedRecord, defineConstructor, nix, z } from "@typenix/dsl";

export default defineConstructor({
  name: "container",
  params: z.object({ port: z.int().default(5432), properties: z.record(z.string(), z.int()).default({}) }),
  outer: ["dbConstructorFun"],
  build: ({ port, properties }) =>
    computedRecord(
      nix.op(
        { name: "db", pkg: nix.call(nix.ref("dbConstructorFun"), { port }), providesContainer: "db-database" },
        "//",
        properties,
      ),
    ),
});
`;

/** A container constructor wrapping db, as nix-processmgmt-services' take the Dysnomia package too. */
const DB_CONTAINER = `import { computedRecord, defineConstructor, nix, z } from "@typenix/dsl";

export default defineConstructor({
  name: "container",
  params: z.object({ port: z.int().default(5432) }),
  outer: ["dbConstructorFun", "dysnomia"],
  build: ({ port }) =>
    computedRecord(
      nix.op(
        { name: "db", pkg: nix.call(nix.ref("dbConstructorFun"), { configFile: \`port=\${port}\` }) },
        "//",
        { module: nix.select(nix.ref("dysnomia"), "name") },
      ),
    ),
});
`;

/** Built on DB_CONTAINER: takes its outer parameters too. */
const TEST_CONTAINER = `import { defineConstructor, z } from "@typenix/dsl";
import container from "./container.js";

export default defineConstructor({
  name: "testContainer",
  params: z.object({}),
  build: () => container({ port: 6543 }),
});
`;

describe("a constructor with outer parameters of its own", () => {
  requireNix();

  it("takes them, and a constructor built on it passes them on", () => {
    const container = CONTAINER;
    const dir = specDir("outer", {
      "container.ts": container,
      "test-container.ts": `import { defineConstructor, z } from "@typenix/dsl";
import container from "./container.js";

export default defineConstructor({
  name: "testContainer",
  params: z.object({}),
  build: () => container({ port: 6543, properties: { extra: 1 } }),
});
`,
    });
    const out = synth(join(dir, "test-container.ts"));
    const header = (file: string): string =>
      /^\{([^}]*)\}:/m.exec(readFileSync(join(out, file), "utf8").replace(/^#.*\n/gm, ""))?.[1] ??
      "";
    expect(header("container.nix").replace(/\s/g, "")).toBe("dbConstructorFun");
    expect(header("test-container.nix").replace(/\s/g, "")).toBe("dbConstructorFun");
    const made = nixEvalJson(
      `import ${join(out, "test-container.nix")} { dbConstructorFun = args: { made = args; }; } { }`,
      STAND_IN_ARGS,
    );
    expect(made).toEqual({
      name: "db",
      pkg: { made: { port: 6543 } },
      providesContainer: "db-database",
      extra: 1,
    });
  });

  it("is reported in a constructors model that does not pass them", () => {
    const container = CONTAINER;
    const dir = specDir("outer-model", {
      "container.ts": container,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import container from "./container.js";
export default constructors({ container });
`,
    });
    const result = typenix(["synth", join(dir, "constructors.ts"), "-o", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, join(dir, "constructors.ts"))}:3:16: error TN6014: the constructor 'container' takes the outer parameter 'dbConstructorFun', which the constructors model does not pass\n` +
        "  hint: give its value with withOuter(constructor, { dbConstructorFun: ... })",
    );
  });

  it("is given them by a constructors model, a constructor of another model among them", () => {
    const dir = specDir("outer-given", {
      "db.ts": DB,
      "container.ts": DB_CONTAINER,
      "test-container.ts": TEST_CONTAINER,
      "base.ts": `import { constructors } from "@typenix/dsl";
import db from "./db.js";
export default constructors({ db });
`,
      "constructors.ts": `import { constructors, nix, pkgs, withOuter } from "@typenix/dsl";
import base from "./base.js";
import container from "./container.js";
import testContainer from "./test-container.js";
export default constructors({
  container: withOuter(container, {
    dbConstructorFun: base.constructors.db,
    dysnomia: nix.call(pkgs.writeTextFile, { name: "dysnomia", text: "x" }),
  }),
  testContainer: withOuter(testContainer, {
    dbConstructorFun: base.constructors.db,
    dysnomia: nix.local("testDysnomia", nix.call(pkgs.writeTextFile, { name: "test-dysnomia", text: "y" })),
  }),
});
`,
    });
    const out = synth(dir);
    const text = readFileSync(join(out, "constructors.nix"), "utf8");
    // As nix-processmgmt-services' container constructors model writes it.
    expect(text).toContain(
      `  container = import ./container.nix {
    dbConstructorFun = import ./db.nix { inherit createManagedProcess pkgs tmpDir; };
    dysnomia = pkgs.writeTextFile {
      name = "dysnomia";
      text = "x";
    };
  };
`,
    );
    expect(text).toMatch(/^ {2}testDysnomia = pkgs\.writeTextFile \{/m);
    const made = withConstructors(
      out,
      `  view = s: { inherit (s) name module; args = s.pkg.managedProcess.args; };
in { container = view (constructors.container { port = 7; }); test = view (constructors.testContainer { }); }`,
    );
    expect(made).toEqual({
      container: {
        name: "db",
        module: "dysnomia",
        args: ["--config", "port=7", "--tmp", "/scratch/db"],
      },
      test: {
        name: "db",
        module: "test-dysnomia",
        args: ["--config", "port=6543", "--tmp", "/scratch/db"],
      },
    });
  });

  it("gives a constructor given as a value its own outer values in turn", () => {
    const proxy = `import { computedRecord, defineConstructor, nix, z } from "@typenix/dsl";
export default defineConstructor({
  name: "proxy",
  params: z.object({}),
  outer: ["innerFun"],
  build: () => computedRecord(nix.call(nix.ref("innerFun"), { port: 1 })),
});
`;
    const model = (
      inner: string,
    ): string => `import { constructors, nix, pkgs, withOuter } from "@typenix/dsl";
import container from "./container.js";
import db from "./db.js";
import proxy from "./proxy.js";
export default constructors({
  proxy: withOuter(proxy, { innerFun: ${inner} }),
});
`;
    const given = specDir("outer-nested", {
      "db.ts": DB,
      "container.ts": DB_CONTAINER,
      "proxy.ts": proxy,
      "constructors.ts": model(
        'withOuter(container, { dbConstructorFun: db, dysnomia: nix.call(pkgs.writeTextFile, { name: "inner", text: "" }) })',
      ),
    });
    const out = synth(given);
    const made = proxyMade(out);
    expect(made).toEqual({
      name: "db",
      module: "inner",
      args: ["--config", "port=1", "--tmp", "/scratch/db"],
    });
    // Given bare, it lacks them: reported where the model gives it.
    const bare = specDir("outer-nested-bare", {
      "db.ts": DB,
      "container.ts": DB_CONTAINER,
      "proxy.ts": proxy,
      "constructors.ts": model("container"),
    });
    const result = typenix(["synth", join(bare, "constructors.ts"), "-o", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, join(bare, "constructors.ts"))}:6:10: error TN6014: the constructor 'container' takes the outer parameters 'dbConstructorFun', 'dysnomia', which the constructors model does not pass\n` +
        "  hint: give their values with withOuter(constructor, { dbConstructorFun: ..., dysnomia: ... })",
    );
  });

  it("gives another model's entry the outer values that model gives it", () => {
    const dir = specDir("outer-of-another-model", {
      "db.ts": DB,
      "container.ts": DB_CONTAINER,
      "proxy.ts": `import { computedRecord, defineConstructor, nix, z } from "@typenix/dsl";
export default defineConstructor({
  name: "proxy",
  params: z.object({}),
  outer: ["innerFun"],
  build: () => computedRecord(nix.call(nix.ref("innerFun"), { port: 1 })),
});
`,
      "base.ts": `import { constructors, nix, pkgs, withOuter } from "@typenix/dsl";
import container from "./container.js";
import db from "./db.js";
const dysnomia = nix.local("dys", nix.call(pkgs.writeTextFile, { name: "base-dysnomia", text: "" }));
export default constructors({ db, container: withOuter(container, { dbConstructorFun: db, dysnomia }) });
`,
      // As nix-processmgmt-services' container constructors pass constructors.simpleAppservingTomcat.
      "constructors.ts": `import { constructors, withOuter } from "@typenix/dsl";
import base from "./base.js";
import proxy from "./proxy.js";
export default constructors({ proxy: withOuter(proxy, { innerFun: base.constructors.container }) });
`,
    });
    const out = synth(dir);
    const made = proxyMade(out);
    expect(made).toEqual({
      name: "db",
      module: "base-dysnomia",
      args: ["--config", "port=1", "--tmp", "/scratch/db"],
    });
  });

  it("gives the JSON spec of a process made from an outer value", () => {
    const runner = (
      process: string,
      outer: string,
    ): string => `import { createManagedProcess, defineConstructor, nix, z } from "@typenix/dsl";
export default defineConstructor({
  name: "runner",
  params: z.object({ instanceName: z.string().default("runner") }),${outer}
  build: ({ instanceName }) => createManagedProcess({ instanceName, process: ${process} }),
});
`;
    const specs = (name: string, files: Record<string, string>): Record<string, string> => {
      const out = synth(specDir(name, files), "--json-specs");
      return Object.fromEntries(
        readdirSync(join(out, "specs")).map((d) => [
          d,
          readFileSync(join(out, "specs", d, `${d.slice(33)}.json`), "utf8"),
        ]),
      );
    };
    const processes = `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes({ a: processInstance({ pkg: constructors.runner({}) }) }, { constructors });
`;
    const given = specs("outer-specs-given", {
      "runner.ts": runner('`${nix.ref("runnerPackage")}/bin/run`', `\n  outer: ["runnerPackage"],`),
      "constructors.ts": `import { constructors, pkgs, withOuter } from "@typenix/dsl";
import runner from "./runner.js";
export default constructors({ runner: withOuter(runner, { runnerPackage: pkgs.hello }) });
`,
      "processes.ts": processes,
    });
    const direct = specs("outer-specs-direct", {
      "runner.ts": runner('`${nix.select(nix.ref("pkgs"), "hello")}/bin/run`', ""),
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import runner from "./runner.js";
export default constructors({ runner });
`,
      "processes.ts": processes,
    });
    expect(Object.keys(given)).toHaveLength(1);
    expect(given).toEqual(direct);
    expect(Object.values(given)[0]).toMatch(/-hello\/bin\/run"/);
  });

  it("is reported when the model gives one the constructor does not take", () => {
    const dir = specDir("outer-unknown", {
      "db.ts": DB,
      "container.ts": DB_CONTAINER,
      "test-container.ts": TEST_CONTAINER,
      "constructors.ts": `import { constructors, pkgs, withOuter } from "@typenix/dsl";
import db from "./db.js";
import testContainer from "./test-container.js";
export default constructors({
  testContainer: withOuter(testContainer, { dbConstructorFun: db, dysnomia: pkgs.hello, extra: 1 }),
});
`,
    });
    const result = typenix(["synth", join(dir, "constructors.ts"), "-o", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, join(dir, "constructors.ts"))}:5:18: error TN6016: the constructor 'testContainer' is given the outer parameter 'extra', which it does not take\n` +
        "  hint: the outer parameters of 'testContainer' are 'dbConstructorFun', 'dysnomia'",
    );
  });

  it("is reported when it names one a constructors model passes", () => {
    const container = CONTAINER.replace('outer: ["dbConstructorFun"]', 'outer: ["pkgs"]');
    const dir = specDir("outer-pkgs", { "container.ts": container });
    const result = typenix(["synth", join(dir, "container.ts"), "-o", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, join(dir, "container.ts"))}:3:16: error TN6015: the constructor 'container' cannot take the outer parameter 'pkgs': the generated function takes that name itself`,
    );
  });
});
