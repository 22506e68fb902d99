/**
 * How names are bound in generated Nix: `nix.local` values, the parameters
 * of generated functions, and names that Nix cannot take. Each spec is
 * synthesized with the real `typenix` binary and its output evaluated with
 * the real Nix; what cannot be generated is a located diagnostic.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { isNixGlobal, NIX_GLOBALS } from "../../packages/compiler/src/lower/file.js";
import { STAND_IN_ARGS, typenix } from "../support/typenix-cli.js";
import { at, specSynthesis } from "../support/spec-synthesis.js";

const { synth, synthOk } = specSynthesis("test/lowering");

const SERVICES_ARGS = `{
  system = "x86_64-linux"; distribution = { }; invDistribution = { };
  pkgs = { writeTextFile = a: "file " + a.name + ": " + a.text; hello = "hello"; };
}`;

describe("nix.local names", () => {
  requireNix();

  it("keeps a local apart from a service and a parameter of the same name", () => {
    const out = synthOk({
      "services.ts": `import { nix, pkgs, service, services, stateDir } from "@typenix/dsl";
const webappPkg = nix.local("webapp", nix.call(pkgs.writeTextFile, { name: "webapp-pkg", text: "hi" }));
const dataDir = nix.local("stateDir", "/srv/data");
const webapp = service({ pkg: webappPkg, type: "process", logDir: \`\${stateDir}/log/webapp\`, dataDir });
export default services({ webapp });
`,
    });
    const webapp = nixEvalJson(
      `let s = (import ${join(out, "services.nix")} ${SERVICES_ARGS}).webapp;
      in { inherit (s) pkg logDir dataDir; }`,
    );
    expect(webapp).toEqual({
      pkg: "file webapp-pkg: hi",
      logDir: "/var/log/webapp",
      dataDir: "/srv/data",
    });
  });

  it("keeps a local apart from a process instance and the constructors model's names", () => {
    const out = synthOk({
      "processes.ts": `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ dir: z.string() }),
  build: ({ dir }) => createManagedProcess({ name: "app", process: "/bin/app", args: [dir] }) });
const name = nix.local("app", "the app");
const ids = nix.local("ids", "my ids");
const tmpDir = nix.local("tmpDir", "/my/tmp");
export default processes({ app: processInstance({ pkg: app({ dir: "/d" }), label: name, ids, tmp: tmpDir }) });
`,
    });
    const app = nixEvalJson(
      `let a = (import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).app;
      in { inherit (a) label ids tmp; }`,
      STAND_IN_ARGS,
    );
    expect(app).toEqual({ label: "the app", ids: "my ids", tmp: "/my/tmp" });
  });

  it("keeps a constructor's local apart from its parameters", () => {
    const out = synthOk({
      "processes.ts": `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const port = nix.local("port", 80);
const app = defineConstructor({ name: "app", params: z.object({ port: z.number() }),
  build: ({ port: p }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { PORT: p, DEFAULT_PORT: port } }) });
export default processes({ app: processInstance({ pkg: app({ port: 5000 }) }) });
`,
    });
    const env = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).app.pkg.managedProcess.environment`,
      STAND_IN_ARGS,
    );
    expect(env).toMatchObject({ PORT: 5000, DEFAULT_PORT: 80 });
  });
});

describe("constructor defaults", () => {
  requireNix();

  it("binds a local that only a parameter's default uses", () => {
    const out = synthOk({
      "processes.ts": `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const baseDir = nix.local("baseDir", "/opt/app");
const app = defineConstructor({ name: "app", params: z.object({ dir: z.string().optional() }),
  defaults: { dir: () => \`\${baseDir}/data\` },
  build: ({ dir }) => createManagedProcess({ name: "app", process: "/bin/app", args: [dir as string] }) });
export default processes({ app: processInstance({ pkg: app({}) }) });
`,
    });
    const args = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).app.pkg.managedProcess.args`,
      STAND_IN_ARGS,
    );
    expect(args).toEqual(["/opt/app/data"]);
  });

  it("binds locals of the defaults and of the body, each where it is seen", () => {
    const out = synthOk({
      "processes.ts": `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const root = nix.local("root", "/opt");
const baseDir = nix.local("baseDir", \`\${root}/app\`);
const flag = nix.local("flag", "-v");
const app = defineConstructor({ name: "app", params: z.object({ dir: z.string().optional(), port: z.number() }),
  defaults: { dir: () => \`\${baseDir}/data\` },
  build: ({ dir, port }) => {
    const portArg = nix.local("portArg", nix.toString(port));
    return createManagedProcess({ name: "app", process: "/bin/app", args: [dir as string, flag, portArg, baseDir] });
  } });
export default processes({ app: processInstance({ pkg: app({ port: 80 }) }) });
`,
    });
    const args = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).app.pkg.managedProcess.args`,
      STAND_IN_ARGS,
    );
    expect(args).toEqual(["/opt/app/data", "-v", "80", "/opt/app"]);
  });
});

describe("system in constructors", () => {
  requireNix();

  const CONSTRUCTOR = `import { createManagedProcess, defineConstructor, system, z } from "@typenix/dsl";
export const app = defineConstructor({ name: "app", params: z.object({ port: z.number() }),
  build: ({ port }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { PORT: port, SYSTEM: system } }) });
`;

  it("passes a processes model's system on to a constructor that uses it", () => {
    const out = synthOk({
      "app.ts": CONSTRUCTOR,
      "processes.ts": `import { processInstance, processes } from "@typenix/dsl";
import { app } from "./app.js";
export default processes({ app: processInstance({ pkg: app({ port: 5000 }) }) });
`,
    });
    const env = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; system = "aarch64-linux"; }).app.pkg.managedProcess.environment`,
      STAND_IN_ARGS,
    );
    expect(env).toEqual({ PORT: 5000, SYSTEM: "aarch64-linux" });
  });

  it("passes a services model's system on to a constructor that uses it", () => {
    const out = synthOk({
      "app.ts": CONSTRUCTOR,
      "services.ts": `import { service, services } from "@typenix/dsl";
import { app } from "./app.js";
export default services({ app: service({ pkg: app({ port: 5000 }), type: "process" }) });
`,
    });
    const env = nixEvalJson(
      `(import ${join(out, "services.nix")} {
        system = "aarch64-linux"; distribution = { }; invDistribution = { };
        pkgs = import <nixpkgs> { system = "aarch64-linux"; };
      }).app.pkg.managedProcess.environment`,
      STAND_IN_ARGS,
    );
    expect(env).toEqual({ PORT: 5000, SYSTEM: "aarch64-linux" });
  });

  it("gives the constructors model a system of its own by default", () => {
    const out = synthOk({
      "app.ts": CONSTRUCTOR,
      "processes.ts": `import { processInstance, processes } from "@typenix/dsl";
import { app } from "./app.js";
export default processes({ app: processInstance({ pkg: app({ port: 5000 }) }) });
`,
    });
    const system = nixEvalJson(
      `((import ${join(out, "constructors.nix")} {
        pkgs = { }; stateDir = "/var"; logDir = "/var/log"; runtimeDir = "/var/run";
        cacheDir = "/var/cache"; libDir = "/var/lib"; tmpDir = "/tmp";
        forceDisableUserChange = false; processManager = "sysvinit";
      }).app { port = 1; }).managedProcess.environment.SYSTEM == builtins.currentSystem`,
      STAND_IN_ARGS,
    );
    expect(system).toBe(true);
  });
});

describe("infrastructure.nix", () => {
  requireNix();

  it("binds the locals its targets read", () => {
    const out = synthOk({
      "infrastructure.ts": `import { infrastructure, nix, target } from "@typenix/dsl";
const sshPort = nix.local("sshPort", 2222);
export default infrastructure({ test1: target({ properties: { hostname: "test1", sshPort } }) });
`,
    });
    expect(nixEvalJson(`(import ${join(out, "infrastructure.nix")}).test1.properties`)).toEqual({
      hostname: "test1",
      sshPort: 2222,
    });
  });

  it("reports a model parameter it cannot read, at the target", () => {
    const spec = `import { infrastructure, nix, system, target } from "@typenix/dsl";
const sshPort = nix.local("sshPort", 2222);
export default infrastructure({ test1: target({ properties: { hostname: "test1", sshPort, arch: \`\${system}\` } }) });
`;
    const { dir, result } = synth({ "infrastructure.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "infrastructure.ts"), spec, "target({")}: error TN3006: target 'test1' reads 'system', which infrastructure.nix does not bind: it is a plain set, not a function of model parameters\n  hint: write the value itself, or bind it with nix.local\n`,
    );
  });
  it("writes a target given as a Nix value as that value", () => {
    const out = synthOk({
      "infrastructure.ts": `import { infrastructure, nix, target } from "@typenix/dsl";
export default infrastructure({
  test1: nix.raw('{ properties.hostname = "test1"; }'),
  test2: nix.op(nix.call(nix.lambda("n", (n) => ({ properties: { hostname: n } })), "test2"), "//", { numOfCores: 2 }),
  test3: target({ properties: { hostname: "test3" } }),
});
`,
    });
    expect(nixEvalJson(`import ${join(out, "infrastructure.nix")}`)).toEqual({
      test1: { properties: { hostname: "test1" } },
      test2: { properties: { hostname: "test2" }, numOfCores: 2 },
      test3: { properties: { hostname: "test3" } },
    });
  });

  it("reports a variable a target given as a Nix value reads, at the model", () => {
    const spec = `import { infrastructure, nix } from "@typenix/dsl";
export default infrastructure({ test1: nix.raw('{ properties.hostname = host; }') });
`;
    const { dir, result } = synth({ "infrastructure.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "infrastructure.ts"), spec, "infrastructure({")}: error TN3006: target 'test1' reads 'host', which infrastructure.nix does not bind: it is a plain set, not a function of model parameters\n  hint: write the value itself, or bind it with nix.local\n`,
    );
  });
});

describe("names Nix cannot take", () => {
  const VARIABLE_HINT =
    "  hint: a Nix variable starts with a letter or _ and goes on with letters, digits, _, - or ', and is no keyword";

  /** Synthesizes `spec` as services.ts, expecting it to fail with exactly `expected` (no stack trace). */
  function expectDiagnostics(spec: string, expected: (file: string) => string[]): void {
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/PrintError|\n\s+at /);
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual(expected(join(dir, "services.ts")));
  }

  it("reports a services model parameter that is no Nix variable", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
export default services({ a: service({ pkg: pkgs.hello, type: "process" }) }, { parameters: { "deploy.env": "prod" } });
`;
    expectDiagnostics(spec, (file) => [
      `${at(file, spec, "services({")}: error TN3005: the parameter "deploy.env" is not a valid Nix variable name`,
      VARIABLE_HINT,
    ]);
  });

  it("reports services model parameters Disnix passes itself", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
export default services({ a: service({ pkg: pkgs.hello, type: "process" }) }, { parameters: { distribution: {}, pkgs: {}, mode: "x" } });
`;
    expectDiagnostics(spec, (file) => [
      `${at(file, spec, "services({")}: error TN3007: 'distribution' is a parameter Disnix passes to every services model: it cannot be declared with a default`,
      `  hint: rename the parameter; the model reads the value Disnix passes as nix.ref("distribution")`,
      `${at(file, spec, "services({")}: error TN3007: 'pkgs' is a parameter Disnix passes to every services model: it cannot be declared with a default`,
      `  hint: rename the parameter; the model reads the value Disnix passes as nix.ref("pkgs")`,
    ]);
  });

  it("reports constructor parameters that are no Nix variables", () => {
    const spec = `import { createManagedProcess, defineConstructor, service, services, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ "a.b": z.string(), if: z.number() }),
  build: (p) => createManagedProcess({ name: "app", process: "/bin/app", args: [p["a.b"]] }) });
export default services({ app: service({ pkg: app({ "a.b": "x", if: 1 }), type: "process" }) });
`;
    expectDiagnostics(spec, (file) => [
      `${at(file, spec, "defineConstructor(")}: error TN3005: the constructor 'app' has parameters Nix cannot name: 'a.b', 'if'`,
      VARIABLE_HINT,
    ]);
  });

  it.each([
    ["nix.local", `nix.local("my.local", 1)`, "my.local"],
    ["nix.ref", `nix.ref("a b")`, "a b"],
    ["nix.lambda", `nix.lambda("x y", (x) => x)`, "x y"],
    ["nix.let", `nix.let({ "a-b.c": 1 }, () => 2)`, "a-b.c"],
  ])("reports %s of a name that is no Nix variable, at the call", (builder, call, name) => {
    // V8 places a method call at the method's name.
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
const value = ${call};
export default services({ a: service({ pkg: pkgs.hello, type: "process", value }) });
`;
    expectDiagnostics(spec, (file) => [
      `${at(file, spec, call.slice("nix.".length))}: error TN3005: ${builder}: ${JSON.stringify(name)} is not a valid Nix variable name`,
      VARIABLE_HINT,
    ]);
  });
});

describe("nix.local inside nix.let and nix.lambda", () => {
  requireNix();

  it("keeps a local apart from a nix.lambda parameter and a nix.let binding of its name", () => {
    const out = synthOk({
      "services.ts": `import { nix, pkgs, service, services } from "@typenix/dsl";
const x = nix.local("x", 1);
const y = nix.local("y", 2);
const f = nix.lambda("x", (arg) => [arg, x]);
const g = nix.let({ y: 10 }, (inner) => [inner.y, y]);
export default services({ a: service({ pkg: pkgs.hello, type: "process", fx: nix.call(f, 5), g }) });
`,
    });
    const a = nixEvalJson(
      `let a = (import ${join(out, "services.nix")} ${SERVICES_ARGS}).a; in { inherit (a) fx g; }`,
    );
    expect(a).toEqual({ fx: [5, 1], g: [10, 2] });
  });

  it("reports a local hidden by a nix.lambda parameter of its name", () => {
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
const x = nix.local("x", 1);
const f = nix.lambda("x", (arg) => [arg, x]);
export default services({ a: service({ pkg: pkgs.hello, type: "process", x, fx: nix.call(f, 5) }) });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), spec, 'local("x"')}: error TN3009: the local 'x' is read where a nix.let or nix.lambda of the same name hides it\n  hint: give the local or the inner name another name\n`,
    );
  });
});

describe("variables read inside nix.let and nix.lambda", () => {
  const HIDDEN_HINT =
    "  hint: give the nix.let binding or nix.lambda parameter another name (it is a label: the body gets the value from the builder)";

  it("reports a parameter read where a nix.lambda or nix.let of its name hides it", () => {
    const spec = `import { createManagedProcess, defineConstructor, nix, processInstance, processes, stateDir, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ port: z.number(), ports: z.array(z.number()) }),
  build: ({ port, ports }) => createManagedProcess({ name: "app", process: "/bin/app", environment: {
    LAM: nix.call(nix.ref("map"), nix.lambda("port", (p) => nix.op(p, "+", port)), ports),
    SD: nix.let({ stateDir: "/shadow" }, ({ stateDir: s }) => \`\${stateDir}|\${s}\`),
    REC: nix.let({ port: nix.op(port, "+", 1) }, ({ port: p }) => p),
  } }) });
export default processes({ app: processInstance({ pkg: app({ port: 5000, ports: [1, 2] }) }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "processes.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "LAM:")}: error TN3013: environment.LAM: 'port' is read inside a nix.lambda that binds the same name, where Nix would read the nix.lambda's`,
      HIDDEN_HINT,
      `${at(file, spec, "SD:")}: error TN3013: environment.SD: 'stateDir' is read inside a nix.let that binds the same name, where Nix would read the nix.let's`,
      HIDDEN_HINT,
      `${at(file, spec, "REC:")}: error TN3013: environment.REC.port: 'port' is read inside a nix.let that binds the same name, where Nix would read the nix.let's`,
      HIDDEN_HINT,
    ]);
  });

  it("reports a nix.lambda parameter read inside an inner one of its name, or outside its own", () => {
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
let leaked: unknown;
const f = nix.lambda("x", (x) => nix.lambda("x", (y) => { leaked = y; return [x, y]; }));
export default services({ a: service({ pkg: pkgs.hello, type: "process", f, leaked: leaked as never }) });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "f, leaked")}: error TN3013: services.a.f[0]: 'x' is read inside a nix.lambda that binds the same name, where Nix would read the nix.lambda's`,
      `${at(file, spec, "leaked: leaked")}: error TN3014: services.a.leaked: 'x' is bound by a nix.let or nix.lambda, and read outside it`,
    ]);
  });

  it("reads each variable where names do not clash", () => {
    requireNix();
    const out = synthOk({
      "services.ts": `import { nix, pkgs, service, services, stateDir } from "@typenix/dsl";
const f = nix.lambda("x", (x) => nix.lambda("y", (y) => [x, y, stateDir]));
const g = nix.let({ a: 1, b: 2 }, ({ a, b }) => nix.op(a, "+", b));
export default services({ a: service({ pkg: pkgs.hello, type: "process", fxy: nix.call(nix.call(f, 1), 2), g }) });
`,
    });
    const a = nixEvalJson(
      `let a = (import ${join(out, "services.nix")} ${SERVICES_ARGS}).a; in { inherit (a) fxy g; }`,
    );
    expect(a).toEqual({ fxy: [1, 2, "/var"], g: 3 });
  });
});

describe("items of a model's rec set", () => {
  it("reports an item read by a name Nix cannot read as a variable", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
const a = service({ pkg: pkgs.hello, type: "process" });
const b = service({ pkg: pkgs.hello, type: "process" });
const c = service({ pkg: pkgs.hello, type: "process", activatesAfter: { db: a }, peer: b });
export default services({ or: a, __curPos: b, c });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const hint =
      "  hint: rename the service: a Nix variable starts with a letter or _ and goes on with letters, digits, _, - or ', and is no keyword, nor __curPos";
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "peer: b")}: error TN3015: services.c.peer: the service '__curPos' is read by its name here, and Nix cannot read a variable of that name`,
      hint,
      `${at(file, spec, "db: a")}: error TN3015: services.c.activatesAfter.db: the service 'or' is read by its name here, and Nix cannot read a variable of that name`,
      hint,
      // A service under an ordinary property is no dependency (see checks/reserved-name-checks).
      `${at(file, spec, 'service({ pkg: pkgs.hello, type: "process", activatesAfter')}: error TN5050: 'c' holds services under 'peer', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter`,
      "  hint: put them under dependsOn (activated first, their properties passed to pkg), connectsTo (passed, not ordered) or activatesAfter (activated first, nothing passed)",
    ]);
  });

  it("writes a service's name computed in Nix as declared, with a warning", () => {
    requireNix();
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
const suffix = nix.local("suffix", "prod");
const a = service({ name: \`a-\${suffix}\`, pkg: pkgs.hello, type: "process" });
const b = service({ name: "b", pkg: pkgs.hello, type: "process" });
export default services({ a, b });
`;
    const { dir, out, result } = synth({ "services.ts": spec });
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), spec, "name: `")}: warning TN3079: services.a.name: the name of service 'a' is computed in Nix, so typenix cannot tell whether it equals the key 'a', as Disnix requires\n` +
        '  hint: leave name out (it is the key), or write the key itself: name: "a"\n',
    );
    expect(result.status).toBe(0);
    const names = nixEvalJson(
      `let s = import ${join(out, "services.nix")} ${SERVICES_ARGS}; in [ s.a.name s.b.name ]`,
    );
    expect(names).toEqual(["a-prod", "b"]);
  });

  it("keeps services named like members of JavaScript's objects, __proto__ too", () => {
    requireNix();
    const out = synthOk({
      "services.ts": `import { pkgs, service, services } from "@typenix/dsl";
const a = service({ pkg: pkgs.hello, type: "process" });
export default services({ constructor: a, valueOf: a, ["__proto__"]: a, toString: a });
`,
    });
    const names = nixEvalJson(
      `let s = import ${join(out, "services.nix")} ${SERVICES_ARGS}; in map (n: s.\${n}.name) (builtins.attrNames s)`,
    );
    expect(names).toEqual(["__proto__", "constructor", "toString", "valueOf"]);
  });

  it("reports a service named like a variable the services read", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
export default services({
  web: service({ pkg: pkgs.hello, type: "process" }),
  pkgs: service({ pkg: "/nix/store/x", type: "process" }),
});
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), spec, 'service({ pkg: "')}: error TN3010: the service 'pkgs' hides the variable 'pkgs' that the services read\n  hint: rename the service: in the model's rec set, its name is the service itself\n`,
    );
  });

  it("reports a process instance named like a variable the instances read", () => {
    const spec = `import { createManagedProcess, defineConstructor, processInstance, processes, stateDir, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ dir: z.string() }),
  build: ({ dir }) => createManagedProcess({ name: "app", process: "/bin/app", args: [dir] }) });
export default processes({
  app: processInstance({ pkg: app({ dir: \`\${stateDir}/app\` }) }),
  constructors: processInstance({ pkg: app({ dir: "/x" }) }),
});
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), spec, 'processInstance({ pkg: app({ dir: "')}: error TN3010: the process instance 'constructors' hides the variable 'constructors' that the process instances read\n  hint: rename the process instance: in the model's rec set, its name is the process instance itself\n`,
    );
  });
});

describe("items of a model's rec set named like a Nix builtin", () => {
  it("reports services named like a builtin the services read", () => {
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
const toString = service({ pkg: pkgs.hello, type: "process", x: nix.toString(1) });
const map = service({ pkg: pkgs.hello, type: "process", y: nix.map(nix.lambda("v", (v) => v), [1]) });
const builtins = service({ pkg: pkgs.hello, type: "process", z: nix.concatStringsSep(",", ["a"]) });
const web = service({ pkg: nix.import("./x.nix"), type: "process" });
export default services({ toString, map, builtins, web, import: service({ pkg: pkgs.hello, type: "process" }) });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    const hint =
      "  hint: rename the service: in the model's rec set, its name is the service itself";
    const hides = (needle: string, name: string): string[] => [
      `${at(file, spec, needle)}: error TN3010: the service '${name}' hides Nix's builtin '${name}' that the services read`,
      hint,
    ];
    expect(lines).toEqual([
      ...hides('service({ pkg: pkgs.hello, type: "process", x:', "toString"),
      ...hides('service({ pkg: pkgs.hello, type: "process", y:', "map"),
      ...hides('service({ pkg: pkgs.hello, type: "process", z:', "builtins"),
      ...hides('service({ pkg: pkgs.hello, type: "process" }) })', "import"),
    ]);
  });

  it("reports them in the order of the services, whatever the order they are read in", () => {
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
const map = service({ pkg: pkgs.hello, type: "process", x: nix.toString(1) });
const toString = service({ pkg: pkgs.hello, type: "process", y: nix.map(nix.lambda("v", (v) => v), [1]) });
export default services({ map, toString });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, 'service({ pkg: pkgs.hello, type: "process", x:')}: error TN3010: the service 'map' hides Nix's builtin 'map' that the services read`,
      `${at(file, spec, 'service({ pkg: pkgs.hello, type: "process", y:')}: error TN3010: the service 'toString' hides Nix's builtin 'toString' that the services read`,
    ]);
  });

  it("reports a process instance named like a builtin the instances read", () => {
    const spec = `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ dir: z.string() }),
  build: ({ dir }) => createManagedProcess({ name: "app", process: "/bin/app", args: [dir] }) });
export default processes({
  app: processInstance({ pkg: app({ dir: "/x" }) }),
  toString: processInstance({ label: nix.toString(5), pkg: app({ dir: "/y" }) }),
});
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), spec, "processInstance({ label")}: error TN3010: the process instance 'toString' hides Nix's builtin 'toString' that the process instances read\n  hint: rename the process instance: in the model's rec set, its name is the process instance itself\n`,
    );
  });

  it("keeps a service named like a builtin that the services read only as that service", () => {
    const out = synthOk({
      "services.ts": `import { service, services } from "@typenix/dsl";
const map = service({ pkg: "/nix/store/map", type: "process" });
const web = service({ pkg: "/nix/store/web", type: "process", dependsOn: { map } });
export default services({ map, web });
`,
    });
    const services = `import ${join(out, "services.nix")} ${SERVICES_ARGS}`;
    expect(nixEvalJson(`(${services}).web.dependsOn.map.pkg`)).toBe("/nix/store/map");
  });

  it("knows the names real Nix has in scope in every file", () => {
    requireNix();
    const builtins = nixEvalJson("builtins.attrNames builtins") as string[];
    const candidates = [
      ...new Set([...builtins, ...builtins.map((n) => `__${n}`), ...NIX_GLOBALS]),
    ];
    // `with` does not hide a name in scope: the global wins over the sentinel.
    // (A list, not a set: a set with `__toString` would be a string to Nix.)
    const probes = candidates.map((n) => `((with { "${n}" = s; }; ${n}) != s)`);
    const inScope = nixEvalJson(`let s = "sentinel"; in [ ${probes.join(" ")} ]`) as boolean[];
    const globals = candidates.filter((_, i) => inScope[i]);
    expect(globals.filter((n) => !n.startsWith("__")).sort()).toEqual([...NIX_GLOBALS].sort());
    // Every other builtin is in scope under its `__` name.
    expect(globals.filter((n) => n.startsWith("__")).sort()).toEqual(
      builtins
        .filter((n) => !NIX_GLOBALS.has(n))
        .map((n) => `__${n}`)
        .sort(),
    );
    expect(globals.every(isNixGlobal)).toBe(true);
  });
});

describe("model parameters named like an item", () => {
  it("reports a services model parameter named like a service, read or not", () => {
    const spec = `import { nix, pkgs, service, services } from "@typenix/dsl";
const webapp = service({ pkg: pkgs.hello, type: "process", mode: nix.ref("mode") });
const mode = service({ pkg: pkgs.hello, type: "process" });
export default services({ webapp, mode }, { parameters: { mode: "prod", webapp: 1, port: 80 } });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    const hint = "  hint: rename the parameter or the service";
    expect(lines).toEqual([
      `${at(file, spec, "services({")}: error TN3012: the parameter 'mode' is named like a service: in the model's rec set, 'mode' is the service, and the parameter cannot be read`,
      hint,
      `${at(file, spec, "services({")}: error TN3012: the parameter 'webapp' is named like a service: in the model's rec set, 'webapp' is the service, and the parameter cannot be read`,
      hint,
    ]);
  });

  it("reports a processes model parameter named like a process instance", () => {
    const spec = `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({}),
  build: () => createManagedProcess({ name: "app", process: "/bin/app" }) });
export default processes({ app: processInstance({ pkg: app({}) }) }, { parameters: { app: "x" } });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), spec, "processes({")}: error TN3012: the parameter 'app' is named like a process instance: in the model's rec set, 'app' is the process instance, and the parameter cannot be read\n  hint: rename the parameter or the process instance\n`,
    );
  });
});

describe("constructor parameters", () => {
  it("reports a parameter named like the function the constructor calls", () => {
    const spec = `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ createManagedProcess: z.string() }),
  build: (p) => createManagedProcess({ name: "app", process: "/bin/app", args: [p.createManagedProcess] }) });
export default processes({ app: processInstance({ pkg: app({ createManagedProcess: "x" }) }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), spec, "defineConstructor(")}: error TN3007: the constructor 'app' cannot take a parameter named 'createManagedProcess': the generated function reads that name itself\n  hint: rename the parameter\n`,
    );
  });
});

describe("values Nix cannot represent", () => {
  const HINT = "  hint: use a value Nix can represent";

  it("names the attribute path of each, at the property or item that writes it", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
const webapp = service({ pkg: pkgs.hello, type: "process", port: Number.NaN });
const db = service({ pkg: pkgs.hello, type: "process", limits: { "max.ratio": Infinity, steps: [1, -Infinity] } });
export default services({ webapp, db });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "port: Number.NaN")}: error TN3001: services.webapp.port: NaN has no Nix literal (Nix numbers are finite)`,
      HINT,
      `${at(file, spec, '"max.ratio": Infinity')}: error TN3001: services.db.limits."max.ratio": Infinity has no Nix literal (Nix numbers are finite)`,
      HINT,
      `${at(file, spec, "-Infinity] }")}: error TN3001: services.db.limits.steps[1]: -Infinity has no Nix literal (Nix numbers are finite)`,
      HINT,
    ]);
  });

  it("stays at the deepest property written in the call, or at the call", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
const limits = { steps: [1, Infinity] };
const defaults = { port: Number.NaN };
const webapp = service({ pkg: pkgs.hello, type: "process", limits });
const db = service({ pkg: pkgs.hello, port: 80, ...defaults, type: "process" });
export default services({ webapp, db });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "services.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "limits })")}: error TN3001: services.webapp.limits.steps[1]: Infinity has no Nix literal (Nix numbers are finite)`,
      `${at(file, spec, "service({ pkg: pkgs.hello, port")}: error TN3001: services.db.port: NaN has no Nix literal (Nix numbers are finite)`,
    ]);
  });

  it("names the path of an undefined list item, at the item", () => {
    const spec = `import { createManagedProcess, defineConstructor, nixData, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ name: z.string(), deps: z.array(nixData()) }),
  build: ({ name, deps }) => createManagedProcess({ name, process: "/bin/app", dependencies: deps }) });
const db1 = processInstance({ pkg: app({ name: "db1", deps: [] }) });
const missing = (db1 as unknown as { pkg?: undefined }).pkg;
export default processes({ db1, app1: processInstance({ pkg: app({ name: "app1", deps: [db1, missing] }), tags: ["a", missing] }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "processes.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    const hint =
      "  hint: give a value, or leave it out (is it a property the object does not have?)";
    expect(lines).toEqual([
      `${at(file, spec, "missing] }) }")}: error TN3001: processes.app1.tags[1]: undefined has no Nix value`,
      hint,
      `${at(file, spec, "missing] }), tags")}: error TN3001: processes.app1.pkg.deps[1]: undefined has no Nix value`,
      hint,
    ]);
  });

  it("names a constructor given uncalled, at the value, and how to call it", () => {
    // As upstream writes `pkg = constructors.docker;`: a Nix function no process manager calls.
    const spec = `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const docker = defineConstructor({ name: "docker", params: z.object({}),
  build: () => createManagedProcess({ name: "docker", process: "/bin/dockerd" }) });
export default processes({ docker: processInstance({ pkg: docker as never }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "processes.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "pkg: docker as never")}: error TN3001: processes.docker.pkg: the constructor 'docker' is given uncalled: in TypeScript a constructor is a function, which has no Nix value`,
      "  hint: call it, docker({ ... }), or docker({}) where it takes no parameter: its value in Nix is what the call makes",
    ]);
  });

  it("reports an object of no Nix form, and a list's empty slot, at the value", () => {
    const spec = `import { infrastructure, target } from "@typenix/dsl";
class Point { x = 1; }
export default infrastructure({ a: target({ properties: {
  hostname: "a", ports: new Map([["web", 1]]), tags: new Set(["x"]),
  since: new Date(0), match: /re/, slots: [, 1], origin: new Point() } as never }) });
`;
    const { dir, result } = synth({ "infrastructure.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "infrastructure.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "ports:")}: error TN3001: infrastructure.a.properties.ports: a Map has no Nix value`,
      "  hint: write its entries as an object, Object.fromEntries(map), which Nix reads as an attribute set",
      `${at(file, spec, "tags:")}: error TN3001: infrastructure.a.properties.tags: a Set has no Nix value`,
      "  hint: write its items as a list, [...set]",
      `${at(file, spec, "since:")}: error TN3001: infrastructure.a.properties.since: a Date has no Nix value`,
      "  hint: write it as text, date.toISOString(), or as a number, date.getTime()",
      `${at(file, spec, "match:")}: error TN3001: infrastructure.a.properties.match: a RegExp has no Nix value`,
      "  hint: write its pattern as a string, re.source",
      `${at(file, spec, "slots:")}: error TN3001: infrastructure.a.properties.slots[0]: an empty slot of a list has no Nix value`,
      "  hint: write the item, or leave the slot out ([, 1] has an empty slot before 1)",
      `${at(file, spec, "origin:")}: error TN3001: infrastructure.a.properties.origin: an object of class Point has no Nix value`,
      "  hint: write its data as a plain object, { ... }, which Nix reads as an attribute set",
    ]);
  });

  it("leaves an undefined service pkg to the check that reports it", () => {
    const spec = `import { pkgs, service, services } from "@typenix/dsl";
const web = service({ pkg: pkgs.hello, type: "process" });
const other = service({ pkg: (web as unknown as { pkgs?: undefined }).pkgs, type: "process" });
export default services({ web, other });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(join(dir, "services.ts"), spec, "service({ pkg: (web")}: error TN5011: service 'other' has no pkg`,
      "  hint: set pkg to a package or a constructor call",
    ]);
  });

  it("names the process instance, and the constructor argument, at the property or item", () => {
    const spec = `import { createManagedProcess, defineConstructor, nixData, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ ratios: z.array(nixData()) }),
  build: ({ ratios }) => createManagedProcess({ name: "app", process: "/bin/app", args: ratios }) });
export default processes({ app: processInstance({ weight: Infinity, pkg: app({ ratios: [1, Number.NaN] }) }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    const file = join(dir, "processes.ts");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    expect(lines).toEqual([
      `${at(file, spec, "weight: Infinity")}: error TN3001: processes.app.weight: Infinity has no Nix literal (Nix numbers are finite)`,
      HINT,
      `${at(file, spec, "Number.NaN] })")}: error TN3001: processes.app.pkg.ratios[1]: NaN has no Nix literal (Nix numbers are finite)`,
      HINT,
    ]);
  });
});

describe("services model parameters without a default", () => {
  it("has the generated function take them without one, as disnix-env --extra-params passes them", () => {
    requireNix();
    const out = synthOk({
      "services.ts": `import { nix, noDefault, pkgs, processManager, runtimeDir, service, services } from "@typenix/dsl";
const webapp = service({ pkg: pkgs.hello, type: "process", pidDir: runtimeDir, manager: processManager, mode: nix.ref("mode") });
export default services({ webapp }, { parameters: { stateDir: noDefault, processManager: noDefault, mode: noDefault, pkgs: noDefault } });
`,
    });
    const services = join(out, "services.nix");
    const header = readFileSync(services, "utf8").split("\n\n")[0]?.split("\n").slice(1);
    expect(header).toEqual([
      "{",
      "  system,",
      "  pkgs,",
      "  distribution,",
      "  invDistribution,",
      "  stateDir,",
      '  runtimeDir ? "${stateDir}/run",',
      "  processManager,",
      "  mode,",
      "}:",
    ]);
    const extraParams = `{ stateDir = "/srv"; processManager = "systemd"; mode = "test"; }`;
    const webapp = nixEvalJson(
      `let s = (import ${services} (${SERVICES_ARGS} // ${extraParams})).webapp;
      in { inherit (s) pidDir manager mode; }`,
    );
    expect(webapp).toEqual({ pidDir: "/srv/run", manager: "systemd", mode: "test" });
  });
});

describe("a services model read by its own values (ownServices)", () => {
  requireNix();

  const OWN_SERVICES_OUT_OF_SCOPE =
    "ownServices is read where the services model's set is not in scope: it stands for the services of the model being defined\n  hint: read ownServices only in a services model's services and nix.local values (not in other models, constructors or parameter defaults)\n";

  /** The package set of a Disnix lookup example, reading the services model it is given. */
  const ALL_PACKAGES = `{ services, distribution, pkgs }:
{
  hello = pkgs.hello;
  lookup = "lookup-\${toString services.lookup.port}-\${builtins.concatStringsSep "," (builtins.attrNames services)}";
}
`;

  it("binds the set of services in let and returns it by name, as Disnix's examples do", () => {
    const out = synthOk({
      "all-packages.nix": ALL_PACKAGES,
      "services.ts": `import { distributionParam, nix, ownServices, pkgs, service, services } from "@typenix/dsl";
const customPkgs = nix.local("customPkgs", nix.import("./all-packages.nix", { services: ownServices, distribution: distributionParam, pkgs }));
const hello = service({ pkg: customPkgs.hello, type: "process" });
const lookup = service({ pkg: customPkgs.lookup, type: "process", port: 8080, dependsOn: { hello } });
export default services({ hello, lookup });
`,
    });
    const text = readFileSync(join(out, "services.nix"), "utf8");
    expect(text).toMatch(
      /\n\nlet\n {2}customPkgs = import \S+\/all-packages\.nix \{\n {4}inherit services distribution pkgs;\n {2}\};\n\n {2}services = rec \{\n {4}hello = \{\n/,
    );
    expect(text).toMatch(/\n {2}\};\nin\nservices\n$/);
    const pkgNames = nixEvalJson(
      `builtins.mapAttrs (n: s: s.pkg) (import ${join(out, "services.nix")} ${SERVICES_ARGS})`,
    );
    expect(pkgNames).toEqual({ hello: "hello", lookup: "lookup-8080-hello,lookup" });
  });

  it("binds it under a fresh name where the model binds `services` otherwise", () => {
    const out = synthOk({
      "services.ts": `import { nix, ownServices, pkgs, service, services } from "@typenix/dsl";
const label = nix.local("services", "a local named services");
const names = nix.local("names", nix.call(nix.ref("builtins").attrNames, ownServices));
export default services({
  services: service({ pkg: pkgs.hello, type: "process", label, port: 7 }),
  app: service({ pkg: pkgs.hello, type: "process", names, port: ownServices.services.port }),
}, { parameters: { services_2: "a parameter" } });
`,
    });
    const text = readFileSync(join(out, "services.nix"), "utf8");
    expect(text).toMatch(/\n {2}services_4 = rec \{\n[^]*\nin\nservices_4\n$/);
    const model = nixEvalJson(
      `let m = import ${join(out, "services.nix")} ${SERVICES_ARGS};
      in { label = m.services.label; inherit (m.app) names port; }`,
    );
    expect(model).toEqual({ label: "a local named services", names: ["app", "services"], port: 7 });
  });

  it("reports ownServices read outside a services model, at the item that reads it", () => {
    const spec = `import { infrastructure, ownServices, target } from "@typenix/dsl";
export default infrastructure({ test1: target({ properties: { hostname: "test1", peers: ownServices } }) });
`;
    const { dir, result } = synth({ "infrastructure.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "infrastructure.ts"), spec, "peers: ownServices")}: error TN3030: infrastructure.test1.properties.peers: ${OWN_SERVICES_OUT_OF_SCOPE}`,
    );
  });

  it("reports ownServices read in a parameter's default, where the set is not in scope", () => {
    const spec = `import { ownServices, pkgs, service, services } from "@typenix/dsl";
const other = ownServices.other;
const app = service({ pkg: pkgs.hello, type: "process", peer: other });
export default services({ app }, { parameters: { peer: other } });
`;
    const { dir, result } = synth({ "services.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), spec, "peer: other } }")}: error TN3030: parameters.peer: ${OWN_SERVICES_OUT_OF_SCOPE}`,
    );
  });
});

describe("names a constructor's generated function relies on", () => {
  requireNix();

  /** A processes model of one instance of `app`, defined by `ctor` (a `defineConstructor` call). */
  const model = (ctor: string, call = "app({})"): string =>
    `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = ${ctor};
export default processes({ app: processInstance({ pkg: ${call} }) });
`;

  /** The generated `app` instance's managed process's `environment`. */
  const environment = (out: string): unknown =>
    nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).app.pkg.managedProcess.environment`,
      STAND_IN_ARGS,
    );

  /**
   * Synthesizes `spec` and checks it fails with the `expected` diagnostics
   * (each `[needle, text]`), and unless `synthOnly`, that check reports them too.
   */
  function expectErrors(
    spec: string,
    expected: readonly [string, string][],
    synthOnly = false,
  ): void {
    const { dir, result } = synth({ "processes.ts": spec });
    const file = join(dir, "processes.ts");
    expect(result.status).toBe(1);
    for (const [needle, text] of expected)
      expect(result.stderr).toContain(`${at(file, spec, needle)}: error ${text}`);
    if (synthOnly) return;
    const check = typenix(["check", dir]);
    expect(check.status).toBe(1);
    for (const [needle, text] of expected)
      expect(check.stderr).toContain(`${at(file, spec, needle)}: error ${text}`);
  }

  it("reports build reading interDeps when the constructor takes none", () => {
    expectErrors(
      model(`defineConstructor({ name: "app", params: z.object({ port: z.number().default(1) }),
  build: ({ port }, interDeps) => createManagedProcess({ name: "app", process: "/bin/app", environment: { P: port, DEPS: interDeps } }) })`),
      [
        [
          "defineConstructor(",
          "TN3020: the constructor 'app' reads build's second argument (interDeps), but takes no inter-dependencies\n  hint: add interDependencies: true to the constructor, or do not read build's second argument\n",
        ],
      ],
    );
  });

  it("reports a parameter hiding a Nix literal or builtin the function reads", () => {
    expectErrors(
      model(`defineConstructor({ name: "app",
  params: z.object({ false: z.string().default("oops"), map: z.string().default("m"), xs: z.array(z.string()).default([]) }),
  build: (p) => createManagedProcess({ name: "app", process: "/bin/app", environment: { DEBUG: false, F: p.false, M: nix.map(nix.lambda("x", (x) => x), p.xs) } }) })`),
      [
        [
          "defineConstructor(",
          "TN3018: the constructor 'app' cannot take a parameter named 'false': its generated function reads Nix's 'false' too, which the parameter would hide\n  hint: rename the parameter\n",
        ],
        [
          "defineConstructor(",
          "TN3018: the constructor 'app' cannot take a parameter named 'map': its generated function reads Nix's 'map' too",
        ],
      ],
    );
  });

  it("keeps a parameter named like a builtin the function reads only as the parameter", () => {
    const out = synthOk({
      "processes.ts": model(
        `defineConstructor({ name: "app", params: z.object({ map: z.string().default("m") }),
  build: ({ map }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { M: map } }) })`,
        `app({ map: "given" })`,
      ),
    });
    expect(environment(out)).toMatchObject({ M: "given" });
  });

  it("reports a parameter hiding an argument of the constructors model the function reads", () => {
    expectErrors(
      model(`defineConstructor({ name: "app",
  params: z.object({ tmpDir: z.string().default("/mine"), pkgs: z.string().default("y") }),
  build: (p) => createManagedProcess({ name: "app", process: \`\${pkgs.hello}/bin/hello\`, args: [p.tmpDir, \`\${tmpDir}/x\`, p.pkgs] }) })`).replace(
        "z } from",
        "pkgs, tmpDir, z } from",
      ),
      [
        [
          "defineConstructor(",
          "TN3018: the constructor 'app' cannot take a parameter named 'tmpDir': its generated function reads the constructors model's 'tmpDir' too, which the parameter would hide\n  hint: rename the parameter\n",
        ],
        [
          "defineConstructor(",
          "TN3018: the constructor 'app' cannot take a parameter named 'pkgs': its generated function reads the constructors model's 'pkgs' too",
        ],
      ],
    );
  });

  it("keeps a parameter named like an argument of the constructors model, read only as the parameter", () => {
    const out = synthOk({
      "processes.ts": model(
        `defineConstructor({ name: "app", params: z.object({ tmpDir: z.string().default("/mine") }),
  build: ({ tmpDir }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { T: \`\${tmpDir}/x\` } }) })`,
        `app({ tmpDir: "/given" })`,
      ),
    });
    expect(environment(out)).toMatchObject({ T: "/given/x" });
  });

  it("reports a parameter named __curPos, which Nix reads as a position", () => {
    expectErrors(
      model(`defineConstructor({ name: "app", params: z.object({ __curPos: z.string().default("a") }),
  build: (p) => createManagedProcess({ name: "app", process: "/bin/app", args: [p.__curPos] }) })`),
      [
        [
          "defineConstructor(",
          "TN3005: the constructor 'app' has parameters Nix cannot name: '__curPos'\n  hint: a Nix variable starts",
        ],
      ],
    );
  });

  it("keeps an interDeps that the spec's own nix.lambda, nix.let or argsName binds", () => {
    const out = synthOk({
      "processes.ts": model(
        `defineConstructor({ name: "app", argsName: "interDeps",
  params: z.looseObject({ l: z.array(z.string()).default(["a"]), port: z.number().int().default(1) }),
  build: (p) => createManagedProcess({ name: "app", process: "/bin/app", environment: {
    M: nix.map(nix.lambda("interDeps", (d) => nix.op(d, "+", "!")), p.l),
    L: nix.let({ interDeps: p.l }, (b) => b.interDeps),
    P: nix.selectOr(nix.ref("interDeps"), ["port"], 1) } }) })`,
        `app({ l: ["x", "y"], port: 7 })`,
      ),
    });
    expect(environment(out)).toMatchObject({ M: ["x!", "y!"], L: ["x", "y"], P: 7 });
  });

  it("keeps defaults that read each other only through the branches of a nix.if", () => {
    const out = synthOk({
      "processes.ts": model(`defineConstructor({ name: "app",
  params: z.object({ m: z.boolean().default(true), a: z.string().optional(), b: z.string().optional() }),
  defaults: { a: ({ m, b }) => nix.if(m, "A", b as string), b: ({ m, a }) => nix.if(m, a as string, "B") },
  build: ({ a, b }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { A: a as string, B: b as string } }) })`),
    });
    expect(environment(out)).toMatchObject({ A: "A", B: "A" });
  });

  it("keeps defaults whose cycle needs a condition, negated with nix.not or !=, both to hold and not", () => {
    const cases: [params: string, a: string, b: string][] = [
      ["m: z.boolean().default(false)", "nix.not(m)", "m"],
      ['m: z.enum(["x", "y"]).default("x")', 'nix.op(m, "==", "x")', 'nix.op(m, "!=", "x")'],
      ["m: z.boolean().default(false)", "nix.not(nix.not(m))", "nix.not(m)"],
    ];
    for (const [params, a, b] of cases) {
      const out = synthOk({
        "processes.ts": model(`defineConstructor({ name: "app",
  params: z.object({ ${params}, a: z.string().optional(), b: z.string().optional() }),
  defaults: { a: ({ m, b }) => nix.if(${a}, "A", b as string), b: ({ m, a }) => nix.if(${b}, "B", a as string) },
  build: ({ a, b }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { A: a as string, B: b as string } }) })`),
      });
      expect(environment(out)).toMatchObject(
        a.startsWith("nix.not(nix.not") ? { A: "B", B: "B" } : { A: "A", B: "A" },
      );
    }
  });

  it("reports defaults that read each other in a cycle whichever branch a nix.if takes", () => {
    expectErrors(
      `import { createManagedProcess, defineConstructor, nix, nixValue, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app",
  params: z.object({ m: z.boolean().default(true), a: nixValue().optional(), b: nixValue().optional() }),
  defaults: { a: ({ m, b }) => nix.if(m, b, nix.op(b, "+", "-x")), b: ({ a }) => a },
  build: ({ a }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { A: a } }) });
export default processes({ app: processInstance({ pkg: app({}) }) });
`,
      [
        [
          "defineConstructor(",
          "TN3021: the constructor 'app' has parameter defaults that read each other in a cycle: a -> b -> a\n  hint: a call leaving them all out would recurse forever: make one of the defaults not read the others\n",
        ],
      ],
    );
  });

  it("warns of defaults that read each other in a cycle through one branch of a nix.if", () => {
    // nixValue() parameters take nix.if's value as their default.
    const spec = `import { createManagedProcess, defineConstructor, nix, nixValue, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app",
  params: z.object({ m: z.boolean().default(true), a: nixValue().optional(), b: nixValue().optional() }),
  defaults: { a: ({ m, b }) => nix.if(m, "A", b), b: ({ a }) => a },
  build: ({ a, b }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { A: a, B: b } }) });
export default processes({ app: processInstance({ pkg: app({}) }) });
`;
    const { dir, out, result } = synth({ "processes.ts": spec });
    const warning = `${at(join(dir, "processes.ts"), spec, "defineConstructor(")}: warning TN3062: the constructor 'app' has parameter defaults that read each other in a cycle through the branches of a nix.if: a -> b -> a, where m is false\n  hint: a call leaving them out where the conditions go that way would recurse forever: make one of those branches not read the others, or have such a call pass one of them\n`;
    expect(result.stderr).toContain(warning);
    expect(result.status).toBe(0);
    // Where the condition goes the other way, Nix ends.
    expect(environment(out)).toMatchObject({ A: "A", B: "A" });
    const check = typenix(["check", dir]);
    expect(check.stderr).toContain(warning);
    expect(check.status).toBe(0);
  });

  it("reports an argsName that is reserved, whether the function reads it or not", () => {
    for (const [i, name] of [
      "port",
      "pkgs",
      "stateDir",
      "createManagedProcess",
      "true",
      "map",
      "processManager",
    ].entries()) {
      expectErrors(
        model(`defineConstructor({ name: "app", argsName: "${name}",
  params: z.object({ port: z.number().default(1) }),
  build: ({ port }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { P: port } }) })`),
        [
          [
            "defineConstructor(",
            `TN3019: the constructor 'app' cannot name its argument set '${name}': the name is reserved (a parameter, a name the constructors model passes, createManagedProcess, a Nix global, or interDeps with interDependencies), as the generated function binds or may read it\n  hint: choose another argsName`,
          ],
        ],
        i > 0,
      );
    }
  });

  it("reports defaults that read each other in a cycle", () => {
    expectErrors(
      model(`defineConstructor({ name: "app",
  params: z.object({ a: z.string().optional(), b: z.string().optional(), c: z.string().default("c") }),
  defaults: { a: ({ b }) => \`\${b}-a\`, b: ({ a }) => \`\${a}-b\` },
  build: ({ a, c }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { A: a as string, C: c } }) })`),
      [
        [
          "defineConstructor(",
          "TN3021: the constructor 'app' has parameter defaults that read each other in a cycle: a -> b -> a\n  hint: a call leaving them all out would recurse forever: make one of the defaults not read the others\n",
        ],
      ],
    );
  });

  it("keeps defaults that read each other without a cycle", () => {
    const out = synthOk({
      "processes.ts": model(`defineConstructor({ name: "app",
  params: z.object({ a: z.string().optional(), b: z.string().default("b") }),
  defaults: { a: ({ b }) => \`\${b}-a\` },
  build: ({ a }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { A: a as string } }) })`),
    });
    expect(environment(out)).toMatchObject({ A: "b-a" });
  });
});

describe("names Nix's literals take", () => {
  requireNix();

  it("reports a nix.let or nix.lambda binding a literal or builtin", () => {
    const spec = `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({}),
  build: () => createManagedProcess({ name: "app", process: "/bin/app", environment: {
    N: nix.let({ null: 5 }, () => null),
    K: nix.lambda("false", () => false) } }) });
export default processes({ app: processInstance({ pkg: app({}) }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    const file = join(dir, "processes.ts");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(file, spec, "N: nix.let")}: error TN3022: environment.N: a nix.let binds 'null', which hides Nix's 'null' that the generated code inside it may read\n  hint: give the nix.let binding or nix.lambda parameter another name`,
    );
    expect(result.stderr).toContain(
      `${at(file, spec, "K: nix.lambda")}: error TN3022: environment.K: a nix.lambda binds 'false', which hides Nix's 'false'`,
    );
  });

  it("reports a process instance or service named like a literal the set writes", () => {
    const spec = `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ n: z.string() }),
  build: ({ n }) => createManagedProcess({ name: \`app-\${n}\`, process: "/bin/app" }) });
export default processes({ webapp1: processInstance({ pkg: app({ n: "1" }), enabled: true }), true: processInstance({ pkg: app({ n: "2" }) }) });
`;
    const { dir, result } = synth({ "processes.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), spec, 'processInstance({ pkg: app({ n: "2" }) })')}: error TN3010: the process instance 'true' hides Nix's literal 'true' that the process instances read\n  hint: rename the process instance`,
    );
    const services = `import { pkgs, service, services } from "@typenix/dsl";
export default services({ webapp: service({ pkg: pkgs.hello, type: "process", flag: null }), null: service({ pkg: pkgs.hello, type: "process" }) });
`;
    const second = synth({ "services.ts": services });
    expect(second.result.status).toBe(1);
    expect(second.result.stderr).toContain(
      `error TN3010: the service 'null' hides Nix's literal 'null' that the services read`,
    );
  });

  it("keeps an item named like a literal the set does not write", () => {
    const out = synthOk({
      "processes.ts": `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({}),
  build: () => createManagedProcess({ name: "app", process: "/bin/app" }) });
export default processes({ true: processInstance({ pkg: app({}), label: "yes" }) });
`,
    });
    const label = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).true.label`,
      STAND_IN_ARGS,
    );
    expect(label).toBe("yes");
  });
});

describe("inter-dependencies in a processes model", () => {
  requireNix();

  const spec = (flag: boolean, call: string): string =>
    `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ n: z.string().default("app") }), interDependencies: ${flag},
  build: ({ n }) => createManagedProcess({ name: n, process: "/bin/app" }) });
const other = processInstance({ pkg: app({ n: "other" }, {}) });
export default processes({ other, app: processInstance({ pkg: ${call} }) });
`;

  it("reports a call leaving out the inter-dependencies of a constructor that takes them", () => {
    const text = spec(true, "app({})");
    const { dir, result } = synth({ "processes.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), text, "app({}) })")}: error TN3023: the constructor 'app' takes inter-dependencies, which a processes model must pass: without them its pkg is a function\n  hint: pass them as the second argument of the call, { } for none: app({ ... }, {})\n`,
    );
  });

  it("reports a call passing inter-dependencies to a constructor that takes none", () => {
    const text = spec(false, "app({}, { other })").replace(
      'app({ n: "other" }, {})',
      'app({ n: "other" })',
    );
    const { dir, result } = synth({ "processes.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), text, "app({}, { other })")}: error TN3023: the constructor 'app' takes no inter-dependencies, but the call passes them a second argument\n  hint: leave out the second argument, or give the constructor interDependencies: true\n`,
    );
  });

  it("applies the inter-dependencies a call passes", () => {
    const out = synthOk({ "processes.ts": spec(true, "app({}, { other })") });
    const name = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).app.pkg.managedProcess.name`,
      STAND_IN_ARGS,
    );
    expect(name).toBe("app");
  });
});
