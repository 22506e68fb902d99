/**
 * A generated constructor file reads no variable that nothing binds: what
 * the builders cannot see (`nix.ref` of a name no `outer` declares, a
 * constructor called inside another's arguments) is reported when it is
 * generated, not when Nix first reads the file. Nor does a generated
 * processes or services model read a variable through `nix.ref` that
 * nothing binds there (a misspelt instance, an undeclared parameter).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { at, specSynthesis } from "../support/spec-synthesis.js";
import { ROOT, STAND_IN_ARGS, tempDir, typenix, type CliResult } from "../support/typenix-cli.js";

// Inside the repository, so the spec files resolve @typenix/dsl.
const root = mkdtempSync(join(ROOT, "test/lowering/.out-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let specs = 0;

/** Writes `text` as `c.ts` in a fresh folder and synthesizes it: the file, OUT and the result. */
function synth(text: string): { file: string; out: string; result: CliResult } {
  const dir = join(root, `spec${++specs}`);
  mkdirSync(dir);
  const file = join(dir, "c.ts");
  writeFileSync(file, text);
  const out = tempDir();
  return { file, out, result: typenix(["synth", file, "-o", out]) };
}

const HEAD = `import { computedRecord, createManagedProcess, defineConstructor, nix, z } from "@typenix/dsl";\n`;

describe("a generated constructor reading a variable nothing binds", () => {
  it("is reported for nix.ref of a name no outer declares", () => {
    const { file, result } = synth(`${HEAD}export default defineConstructor({
  name: "c",
  params: z.object({ port: z.int().default(1) }),
  build: ({ port }) => computedRecord(nix.op({ name: "c", pkg: nix.call(nix.ref("dbConstructorFun"), { port }) }, "//", {})),
});
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:2:16: error TN3070: the constructor 'c' reads the variable 'dbConstructorFun', which nothing binds in its generated file\n` +
        `  hint: declare it in the constructor's outer: ["dbConstructorFun"] when the file's caller passes it, or bind it with nix.local or nix.let`,
    );
  });

  it("is reported for a constructor called inside another's arguments", () => {
    const { file, result } = synth(`${HEAD}const inner = defineConstructor({
  name: "inner",
  params: z.object({ port: z.int() }),
  build: ({ port }) => createManagedProcess({ name: "inner", process: "/bin/inner", environment: { PORT: port } }),
});
export default defineConstructor({
  name: "outer",
  params: z.object({ port: z.int().default(1) }),
  build: ({ port }) => createManagedProcess({ name: "outer", process: "/bin/outer", dependencies: [inner({ port }) as never] }),
});
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:7:16: error TN3070: the constructor 'outer' reads the variable 'constructors', which nothing binds in its generated file\n` +
        "  hint: a constructor called inside build is read from a constructors model its file has not",
    );
  });

  it("is reported, at the reference, for a service of a services model", () => {
    const { file, result } =
      synth(`import { defineConstructor, pkgs, service, z, type ServiceRecord } from "@typenix/dsl";
const db = service({ pkg: pkgs.mysql, type: "process" });
export default defineConstructor({
  name: "prov",
  params: z.object({ suffix: z.string().default("") }),
  build: ({ suffix }): ServiceRecord => ({
    name: \`prov\${suffix}\`,
    pkg: pkgs.hello,
    type: "process",
    activatesAfter: { db },
  }),
});
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:10:23: error TN3078: activatesAfter.db: the constructor 'prov' refers to a service of a model, which its generated file, a function of its parameters, cannot see\n` +
        "  hint: pass what it needs in: as a parameter, or as an inter-dependency (interDependencies: true, read as interDeps.db, which the service's dependsOn or connectsTo names); or declare the dependency in the services model, on a service written as a record there",
    );
    expect(result.stderr).not.toContain("TN3004");
  });

  it("is no error for names Nix binds, the file's own, and those under with", () => {
    requireNix();
    const { out, result } = synth(`${HEAD}export default defineConstructor({
  name: "c",
  params: z.object({ port: z.int().default(1) }),
  outer: ["dbConstructorFun"],
  argsName: "args",
  build: ({ port }) =>
    computedRecord(
      nix.op(
        {
          name: nix.call(nix.ref("toString"), port),
          pkg: nix.call(nix.ref("dbConstructorFun"), nix.ref("args")),
          names: nix.raw("with { a = 1; }; [ a (builtins.length [ ]) ]"),
        },
        "//",
        {},
      ),
    ),
});
`);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    const made = nixEvalJson(
      `import ${join(out, "c.nix")} { dbConstructorFun = a: a.port; } { port = 7; }`,
    );
    expect(made).toEqual({ name: "7", pkg: 7, names: [1, 0] });
  });
});

describe("an outer parameter of a constructor", () => {
  it("cannot be named like a Nix global, which the generated code may read", () => {
    const { file, result } = synth(`${HEAD}export default defineConstructor({
  name: "wrap",
  params: z.object({ port: z.int().default(1) }),
  outer: ["toString"],
  build: ({ port }) => computedRecord(nix.op({ name: "x", p: \`\${port}\`, pkg: nix.call(nix.ref("toString"), port) }, "//", {})),
});
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:2:16: error TN6015: the constructor 'wrap' cannot take the outer parameter 'toString': it would hide Nix's 'toString', which the generated code may read`,
    );
  });

  it("cannot share its name with the argument set", () => {
    const { file, result } = synth(`${HEAD}export default defineConstructor({
  name: "a",
  params: z.looseObject({ port: z.int().default(1) }),
  outer: ["fooFun"],
  argsName: "fooFun",
  build: ({ port }) => computedRecord(nix.op({ name: "a", pkg: nix.call(nix.ref("fooFun"), port) }, "//", {})),
});
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:2:16: error TN3019: the constructor 'a' cannot name its argument set 'fooFun'`,
    );
  });

  it("is not read where a nix.lambda of the same name hides it", () => {
    const { file, result } = synth(`${HEAD}export default defineConstructor({
  name: "b",
  params: z.object({ xs: z.array(z.int()).default([]) }),
  outer: ["fooFun"],
  build: ({ xs }) =>
    computedRecord(nix.op({ name: "b", pkg: nix.map(nix.lambda("fooFun", (f) => nix.call(nix.ref("fooFun"), f)), xs) }, "//", {})),
});
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${relative(ROOT, file)}:2:16: error TN3013: pkg: 'fooFun' is read inside a nix.lambda that binds the same name, where Nix would read the nix.lambda's`,
    );
  });
});

const models = specSynthesis("test/lowering");

const WEBAPP = {
  "webapp.ts": `import { createManagedProcess, defineConstructor, nixValue, z } from "@typenix/dsl";
export default defineConstructor({ name: "webapp", params: z.object({ port: z.int(), suffix: z.string().default(""), peers: nixValue().default([]) }),
  build: ({ port, suffix, peers }) => createManagedProcess({ name: \`webapp\${suffix}\`, process: "/bin/webapp", environment: { PORT: port, PEERS: peers } }) });
`,
  "constructors.ts": `import { constructors } from "@typenix/dsl";
import webapp from "./webapp.js";
export default constructors({ webapp });
`,
};

describe("a generated model reading through nix.ref a variable nothing binds", () => {
  it("is reported at the nix.ref in a processes model, with the instance it is a slip of", () => {
    const text = `import { nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const front = processInstance({ port: 8080, pkg: constructors.webapp({ port: 8080, peers: [nix.ref("webap1")] }) });
const webapp1 = processInstance({ port: 5000, pkg: constructors.webapp({ port: 5000 }) });
export default processes({ front, webapp1 }, { constructors });
`;
    const { dir, result } = models.synth({ ...WEBAPP, "processes.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), text, 'ref("webap1")')}: error TN3071: processes.front.pkg.peers[0]: nix.ref reads the variable 'webap1', which nothing binds in the generated processes model\n` +
        "  hint: did you mean 'webapp1'?",
    );
    const check = typenix(["check", dir]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("error TN3071");
  });

  it("is reported for a function a computed instance calls", () => {
    const text = `import { nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const db = processInstance(nix.call(nix.ref("mysqlFun"), { port: 3306 }));
export default processes({ db }, { constructors });
`;
    const { dir, result } = models.synth({ ...WEBAPP, "processes.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), text, 'ref("mysqlFun")')}: error TN3071: processes.db: nix.ref reads the variable 'mysqlFun', which nothing binds in the generated processes model\n` +
        "  hint: nix.ref reads what the generated model binds: one of its items, a parameter it declares (parameters), a standard parameter, or a nix.local",
    );
  });

  it("is reported at the nix.ref in a services model", () => {
    const text = `import { nix, pkgs, services } from "@typenix/dsl";
export default services({
  webapp: { name: "webapp", pkg: pkgs.hello, type: "process", peer: nix.ref("databse") },
  database: { name: "database", pkg: pkgs.hello, type: "process" },
});
`;
    const { dir, result } = models.synth({ "services.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), text, 'ref("databse")')}: error TN3071: services.webapp.peer: nix.ref reads the variable 'databse', which nothing binds in the generated services model\n` +
        "  hint: did you mean 'database'?",
    );
  });

  it("is reported at the nix.raw whose code reads it", () => {
    const text = `import { nix, pkgs, services } from "@typenix/dsl";
export default services({
  webapp: { name: "webapp", pkg: pkgs.hello, type: "process", peer: nix.raw("databse.name") },
  database: { name: "database", pkg: pkgs.hello, type: "process" },
});
`;
    const { dir, result } = models.synth({ "services.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), text, 'raw("databse.name")')}: error TN3071: services.webapp.peer: raw Nix code reads the variable 'databse', which nothing binds in the generated services model\n` +
        "  hint: did you mean 'database'?",
    );
  });

  it("is no error for raw Nix reading an item, a parameter, a local, Nix's own or what it binds", () => {
    requireNix();
    const out = models.synthOk({
      "services.ts": `import { nix, pkgs, services } from "@typenix/dsl";
const base = nix.local("base", 7);
export default services({
  webapp: { name: "webapp", pkg: pkgs.hello, type: "process",
    peer: nix.raw("[ database.name system (base + 1) (let x = 2; in x) (with { y = 3; }; y) (builtins.length [ ]) ]", [base]) },
  database: { name: "database", pkg: pkgs.hello, type: "process" },
});
`,
    });
    const value = nixEvalJson(
      `(import ${join(out, "services.nix")} { system = "x86_64-linux"; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; }).webapp.peer`,
      STAND_IN_ARGS,
    );
    expect(value).toEqual(["database", "x86_64-linux", 8, 2, 3, 0]);
  });

  it("is reported for an item a nix.local reads, where the rec set is not in scope", () => {
    const text = `import { nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const peers = nix.local("peers", [nix.ref("webapp1")]);
const front = processInstance({ port: 8080, pkg: constructors.webapp({ port: 8080, suffix: "f", peers }) });
const webapp1 = processInstance({ port: 5000, pkg: constructors.webapp({ port: 5000 }) });
export default processes({ front, webapp1 }, { constructors });
`;
    const { dir, result } = models.synth({ ...WEBAPP, "processes.ts": text });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), text, 'ref("webapp1")')}: error TN3071: peers[0]: nix.ref reads the variable 'webapp1', which nothing binds in the generated processes model\n` +
        "  hint: the model's items are in scope in its rec set only, not in a nix.local, a parameter's default or a computed part: read it in the item that needs it",
    );
  });

  it("is no error for an item, a parameter, a local, a nix.lambda's and Nix's own", () => {
    requireNix();
    const out = models.synthOk({
      ...WEBAPP,
      "processes.ts": `import { nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const peers = nix.local("peers", [nix.ref("tag")]);
const front = processInstance({ port: 8080, pkg: constructors.webapp({ port: 8080, suffix: "f", peers: [
  nix.ref("webapp1"), nix.ref("tag"), nix.ref("stateDir"), peers,
  nix.map(nix.lambda("x", (x) => nix.call(nix.ref("toString"), x)), [1]),
] }) });
const webapp1 = processInstance({ port: 5000, pkg: constructors.webapp({ port: 5000 }) });
export default processes({ front, webapp1 }, { constructors, parameters: { tag: "t" } });
`,
    });
    const value = nixEvalJson(
      `let m = import ${join(out, "processes.nix")} { processManager = "sysvinit"; stateDir = "/s"; };
      in map (p: if builtins.isList p then map (q: q.port or q) p else p.port or p) m.front.pkg.managedProcess.environment.PEERS`,
      STAND_IN_ARGS,
    );
    expect(value).toEqual([5000, "t", "/s", ["t"], ["1"]]);
  });
});
