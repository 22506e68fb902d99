/**
 * The names a generated processes or services model binds itself: `ids`
 * (read from the `ids.nix` beside it, as nix-processmgmt's examples read
 * it, and passed to the constructors model), `constructors` and the
 * `<pm>Constructors` of `forProcessManager`. Each spec is synthesized with
 * the real `typenix` binary and its output evaluated with the real Nix;
 * what cannot be generated is a located diagnostic.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { STAND_IN_ARGS } from "../support/typenix-cli.js";
import { at, specSynthesis } from "../support/spec-synthesis.js";

const { synth, synthOk } = specSynthesis("test/lowering");

/** Writes the `ids.nix` nixproc-id-assign would write beside the generated model. */
function assignIds(out: string, port: number, uid: number): void {
  writeFileSync(
    join(out, "ids.nix"),
    `{ ids = { appPorts = { app = ${port}; }; uids = { app = ${uid}; }; }; lastAssignments = { }; }`,
  );
}

const SERVICES_ARGS = `{
  system = "x86_64-linux"; distribution = { }; invDistribution = { };
  pkgs = import <nixpkgs> { };
}`;

/** A constructor that reads the uid nixproc-id-assign gave it, and the constructors model holding it. */
const CONSTRUCTORS = {
  "app.ts": `import { createManagedProcess, defineConstructor, ids, nix, z } from "@typenix/dsl";
export default defineConstructor({ name: "app", params: z.object({ port: z.int(), name: z.string().default("app") }),
  build: ({ port, name }) => createManagedProcess({ name, process: "/bin/app",
    environment: { PORT: port, UID: nix.selectOr(ids, ["uids", "app"], 0) } }) });
`,
  "constructors.ts": `import { constructors } from "@typenix/dsl";
import app from "./app.js";
export default constructors({ app });
`,
};

/** The port of the services model's `app` and the uid its process was given. */
function servicesApp(out: string, args = SERVICES_ARGS): unknown {
  return nixEvalJson(
    `let a = (import ${join(out, "services.nix")} ${args}).app;
    in { inherit (a) port; uid = a.pkg.managedProcess.environment.UID; }`,
    STAND_IN_ARGS,
  );
}

/** The port of the processes model's `app` and the uid its process was given. */
function processesApp(out: string, args = `{ processManager = "sysvinit"; }`): unknown {
  return nixEvalJson(
    `let a = (import ${join(out, "processes.nix")} ${args}).app;
    in { inherit (a) port; uid = a.pkg.managedProcess.environment.UID; }`,
    STAND_IN_ARGS,
  );
}

describe("ids in a services model", () => {
  requireNix();

  it("reads the ids.nix beside it and passes them to the constructors, as nix-processmgmt's examples do", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "services.ts": `import { ids, nix, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const app = service({
  port: nix.selectOr(ids, ["appPorts", "app"], 5000),
  pkg: constructors.app({ port: 5000 }),
  type: "process",
  requiresUniqueIdsFor: ["appPorts", "uids"],
});
export default services({ app });
`,
    });
    expect(servicesApp(out)).toEqual({ port: 5000, uid: 0 });
    assignIds(out, 6001, 2001);
    expect(servicesApp(out)).toEqual({ port: 6001, uid: 2001 });
  });

  it("passes the ids to the constructors of services that ask for some and read none", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "services.ts": `import { service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const app = service({ port: 5000, pkg: constructors.app({ port: 5000 }), type: "process", requiresUniqueIdsFor: ["uids"] });
export default services({ app });
`,
    });
    assignIds(out, 6001, 2001);
    expect(servicesApp(out)).toEqual({ port: 5000, uid: 2001 });
  });

  it("passes the ids to the constructors of a service only a constructor's call makes", () => {
    const out = synthOk({
      // As nix-processmgmt-services' container constructors: the record, and what it asks ids for, are the constructor's.
      "db.ts": `import { computedRecord, createManagedProcess, defineConstructor, ids, nix, z } from "@typenix/dsl";
export default defineConstructor({ name: "db", params: z.object({}),
  build: () => computedRecord(nix.op({ name: "db", type: "process", requiresUniqueIdsFor: ["uids"],
    pkg: createManagedProcess({ name: "db", process: "/bin/db", environment: { UID: nix.selectOr(ids, ["uids", "db"], 0) } }) }, "//", {})) });
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import db from "./db.js";
export default constructors({ db });
`,
      "services.ts": `import { services } from "@typenix/dsl";
import constructors from "./constructors.js";
export default services({ db: constructors.db({}) });
`,
    });
    const uid = (): unknown =>
      nixEvalJson(
        `(import ${join(out, "services.nix")} ${SERVICES_ARGS}).db.pkg.managedProcess.environment.UID`,
        STAND_IN_ARGS,
      );
    expect(uid()).toBe(0);
    writeFileSync(
      join(out, "ids.nix"),
      "{ ids = { uids = { db = 2001; }; }; lastAssignments = { }; }",
    );
    // The constructors got no ids, whatever nixproc-id-assign wrote.
    expect(uid()).toBe(2001);
  });

  it("binds the ids a local reads", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "services.ts": `import { ids, nix, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const port = nix.local("port", nix.selectOr(ids, ["appPorts", "app"], 5000));
export default services({ app: service({ port, pkg: constructors.app({ port: 5000 }), type: "process" }) });
`,
    });
    assignIds(out, 6001, 2001);
    expect(servicesApp(out)).toEqual({ port: 6001, uid: 2001 });
  });

  it("reads the ids a local named ids binds instead, as an imported model's reads its original's", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "services.ts": `import { nix, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const ids = nix.local("ids", { appPorts: { app: 7001 }, uids: { app: 3001 } });
const app = service({
  port: nix.selectOr(ids, ["appPorts", "app"], 5000),
  pkg: constructors.app({ port: 5000 }),
  type: "process",
  requiresUniqueIdsFor: ["appPorts", "uids"],
});
export default services({ app });
`,
    });
    assignIds(out, 6001, 2001);
    expect(servicesApp(out)).toEqual({ port: 7001, uid: 3001 });
  });
});

describe("ids a constructor selects by its parameters", () => {
  requireNix();

  it("selects the attribute a parameter names, as nix-processmgmt's ids.uids.${instanceName} or 0", () => {
    const out = synthOk({
      "app.ts": `import { createManagedProcess, defineConstructor, ids, nix, z } from "@typenix/dsl";
export default defineConstructor({ name: "app", params: z.object({ instanceName: z.string().default("app") }),
  build: ({ instanceName }) => createManagedProcess({ instanceName, process: "/bin/app",
    environment: {
      UID: nix.selectOr(ids, ["uids", instanceName], 0),
      PORT: nix.select(ids, "appPorts", instanceName),
      GID: ids.uids[instanceName],
      TAG: nix.selectOr(ids, ["tags", \`\${instanceName}-tag\`], "none"),
    } }) });
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import app from "./app.js";
export default constructors({ app });
`,
      "processes.ts": `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes({
  app: processInstance({ pkg: constructors.app({}), requiresUniqueIdsFor: ["uids"] }),
  other: processInstance({ pkg: constructors.app({ instanceName: "other" }) }),
}, { constructors });
`,
    });
    writeFileSync(
      join(out, "ids.nix"),
      `{ ids = { appPorts = { app = 6001; other = 6002; }; uids = { app = 2001; other = 2002; }; tags = { app-tag = "t"; }; }; }`,
    );
    const environment = (name: string): unknown =>
      nixEvalJson(
        `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).${name}.pkg.managedProcess.environment`,
        STAND_IN_ARGS,
      );
    expect(environment("app")).toEqual({ UID: 2001, PORT: 6001, GID: 2001, TAG: "t" });
    expect(environment("other")).toEqual({ UID: 2002, PORT: 6002, GID: 2002, TAG: "none" });
  });
});

describe("ids a constructor selects by an integer or boolean parameter", () => {
  requireNix();

  it("selects by the parameter's text, as ids.ports[port] and a template literal write it", () => {
    const out = synthOk({
      "app.ts": `import { createManagedProcess, defineConstructor, ids, nix, z } from "@typenix/dsl";
export default defineConstructor({ name: "app",
  params: z.object({ port: z.int().default(1), on: z.boolean().default(false) }),
  build: ({ port, on }) => createManagedProcess({ name: \`app-\${port}\`, process: "/bin/app",
    environment: {
      A: nix.selectOr(ids, ["ports", port], 0),
      B: nix.select(ids, "ports", port),
      C: nix.select(ids, "flags", on),
      D: nix.selectOr(ids, ["ports", 7], 0),
      E: nix.selectOr(ids, ["flags", true], 0),
    } }) });
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import app from "./app.js";
export default constructors({ app });
`,
      "processes.ts": `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes({
  app: processInstance({ pkg: constructors.app({ port: 5 }), requiresUniqueIdsFor: ["ports"] }),
  other: processInstance({ pkg: constructors.app({ port: 6, on: true }) }),
}, { constructors });
`,
    });
    writeFileSync(
      join(out, "ids.nix"),
      `{ ids = { ports = { "5" = 55; "6" = 66; }; flags = { "true" = 1; "false" = 2; }; }; }`,
    );
    const environment = (name: string): unknown =>
      nixEvalJson(
        `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; }).${name}.pkg.managedProcess.environment`,
        STAND_IN_ARGS,
      );
    expect(environment("app")).toEqual({ A: 55, B: 55, C: 2, D: 0, E: 1 });
    expect(environment("other")).toEqual({ A: 66, B: 66, C: 1, D: 0, E: 1 });
  });

  it("refuses a number that may be a fraction there, as in a template literal", () => {
    const spec = `import { createManagedProcess, defineConstructor, ids, nix, z } from "@typenix/dsl";
export default defineConstructor({ name: "app", params: z.object({ ratio: z.number().default(1) }),
  build: ({ ratio }) => createManagedProcess({ name: "app", process: "/bin/app",
    environment: { A: nix.selectOr(ids, ["ratios", ratio], 0) } }) });
`;
    const { dir, result } = synth({
      "app.ts": spec,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import app from "./app.js";
export default constructors({ app });
`,
    });
    expect(result.stderr).toContain(
      `${at(join(dir, "app.ts"), spec, "A: nix")}: error TN3046: environment.A: 'ratio': a number that may be a fraction in a string`,
    );
    expect(result.stderr).not.toContain("TN2010");
    expect(result.status).toBe(1);
  });
});

describe("what the locals of a processes model read", () => {
  requireNix();

  it("binds the ids a local reads", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "processes.ts": `import { ids, nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const port = nix.local("port", nix.selectOr(ids, ["appPorts", "app"], 5000));
export default processes({ app: processInstance({ port, pkg: constructors.app({ port: 5000 }) }) }, { constructors });
`,
    });
    assignIds(out, 6001, 2001);
    expect(processesApp(out)).toEqual({ port: 6001, uid: 2001 });
  });

  it("takes the optional parameters a local reads", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "processes.ts": `import { nix, processInstance, processes, spoolDir } from "@typenix/dsl";
import constructors from "./constructors.js";
const dir = nix.local("dir", \`\${spoolDir}/app\`);
export default processes({ app: processInstance({ pkg: constructors.app({ port: 5000 }), dir }) }, { constructors });
`,
    });
    const dir = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = "sysvinit"; stateDir = "/srv"; }).app.dir`,
      STAND_IN_ARGS,
    );
    expect(dir).toBe("/srv/spool/app");
  });
});

describe("ids in the part of a processes model Nix computes", () => {
  requireNix();

  /** A processes model whose only instance asking for or reading ids is in its computed part (`app`). */
  const computed = (
    app: string,
  ): string => `import { ids, nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const other = processInstance({ port: 4000, pkg: constructors.app({ port: 4000, name: "other" }) });
export default processes({ other }, { constructors, computed: nix.op({ app: ${app} }, "//", {}) });
`;

  it("binds the ids the computed part reads, and passes them to the constructors", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "processes.ts": computed(
        `{ port: nix.selectOr(ids, ["appPorts", "app"], 5000), pkg: constructors.app({ port: 5000 }) }`,
      ),
    });
    expect(processesApp(out)).toEqual({ port: 5000, uid: 0 });
    assignIds(out, 6001, 2001);
    expect(processesApp(out)).toEqual({ port: 6001, uid: 2001 });
  });

  it("passes the ids to the constructors of an instance there that asks for some and reads none", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "processes.ts": computed(
        `{ port: 5000, pkg: constructors.app({ port: 5000 }), requiresUniqueIdsFor: ["uids"] }`,
      ),
    });
    assignIds(out, 6001, 2001);
    expect(processesApp(out)).toEqual({ port: 5000, uid: 2001 });
  });

  it("passes them alike in a services model, for a service there asking for some", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "services.ts": `import { nix, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const other = service({ pkg: constructors.app({ port: 4000, name: "other" }), type: "process" });
export default services({ other }, { computed: nix.op({ app: { port: 5000, pkg: constructors.app({ port: 5000 }), type: "process", requiresUniqueIdsFor: ["uids"] } }, "//", {}) });
`,
    });
    assignIds(out, 6001, 2001);
    expect(servicesApp(out)).toEqual({ port: 5000, uid: 2001 });
  });
});

describe("a model parameter named ids", () => {
  requireNix();

  it("is the processes model's ids: its default or the caller's value, passed to the constructors", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "processes.ts": `import { ids, nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const app = processInstance({
  port: nix.selectOr(ids, ["appPorts", "app"], 0),
  pkg: constructors.app({ port: 5000 }),
  requiresUniqueIdsFor: ["appPorts", "uids"],
});
export default processes({ app }, { constructors, parameters: { ids: { appPorts: { app: 9 }, uids: { app: 10 } } } });
`,
    });
    assignIds(out, 6001, 2001);
    expect(processesApp(out)).toEqual({ port: 9, uid: 10 });
    expect(
      processesApp(
        out,
        `{ processManager = "sysvinit"; ids = { appPorts.app = 77; uids.app = 78; }; }`,
      ),
    ).toEqual({ port: 77, uid: 78 });
  });

  it("is the services model's ids: its default or the caller's value, passed to the constructors", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "services.ts": `import { ids, nix, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const app = service({
  port: nix.selectOr(ids, ["appPorts", "app"], 0),
  pkg: constructors.app({ port: 5000 }),
  type: "process",
  requiresUniqueIdsFor: ["appPorts", "uids"],
});
export default services({ app }, { parameters: { ids: { appPorts: { app: 9 }, uids: { app: 10 } } } });
`,
    });
    assignIds(out, 6001, 2001);
    expect(servicesApp(out)).toEqual({ port: 9, uid: 10 });
    const given = `(${SERVICES_ARGS} // { ids = { appPorts.app = 77; uids.app = 78; }; })`;
    expect(servicesApp(out, given)).toEqual({ port: 77, uid: 78 });
  });
});

describe("the constructors models a model imports", () => {
  requireNix();

  it("reports a parameter named like one, where the generated function binds it", () => {
    const spec = `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const app = processInstance({ port: 5000, pkg: constructors.app({ port: 5000 }) });
const b = processInstance({ port: 5001, pkg: constructors.forProcessManager("systemd").app({ port: 5001, name: "b" }) });
export default processes({ app, b }, { constructors, parameters: { constructors: "x", systemdConstructors: "y", s6RcConstructors: "z" } });
`;
    const { dir, result } = synth({ ...CONSTRUCTORS, "processes.ts": spec });
    expect(result.status).toBe(1);
    const where = at(join(dir, "processes.ts"), spec, "processes({");
    const lines = result.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: |^ {2}hint: /.test(l));
    const hint = "  hint: rename the parameter";
    expect(lines).toEqual([
      `${where}: error TN3007: the parameter 'constructors' is named like the constructors model the generated function imports as 'constructors': there, 'constructors' is that model, and the parameter cannot be read`,
      hint,
      `${where}: error TN3007: the parameter 'systemdConstructors' is named like the constructors model the generated function imports as 'systemdConstructors': there, 'systemdConstructors' is that model, and the parameter cannot be read`,
      hint,
    ]);
  });

  it("reports a services model parameter named like one", () => {
    const spec = `import { service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
export default services({ app: service({ pkg: constructors.app({ port: 5000 }), type: "process" }) }, { parameters: { constructors: "x" } });
`;
    const { dir, result } = synth({ ...CONSTRUCTORS, "services.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "services.ts"), spec, "services({")}: error TN3007: the parameter 'constructors' is named like the constructors model the generated function imports as 'constructors': there, 'constructors' is that model, and the parameter cannot be read\n  hint: rename the parameter\n`,
    );
  });

  it("keeps a local named like the constructors forProcessManager instantiates apart from them", () => {
    const out = synthOk({
      ...CONSTRUCTORS,
      "processes.ts": `import { nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const mine = nix.local("systemdConstructors", { note: "mine" });
const a = processInstance({ port: 5000, pkg: constructors.forProcessManager("s6-rc").app({ port: 5000 }), note: mine });
const b = processInstance({ port: 5001, pkg: constructors.forProcessManager("systemd").app({ port: 5001, name: "b" }) });
export default processes({ a, b }, { constructors });
`,
    });
    const result = nixEvalJson(
      `let m = import ${join(out, "processes.nix")} { processManager = "sysvinit"; };
      in { a = m.a.pkg.processManager; note = m.a.note; b = m.b.pkg.processManager; }`,
      STAND_IN_ARGS,
    );
    expect(result).toEqual({ a: "s6-rc", note: { note: "mine" }, b: "systemd" });
  });

  it("reports forProcessManager given a process manager nix-processmgmt does not have, at the call", () => {
    const spec = `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const app = processInstance({ port: 5000, pkg: constructors.forProcessManager("supervisor" as never).app({ port: 5000 }) });
export default processes({ app }, { constructors });
`;
    const { dir, result } = synth({ ...CONSTRUCTORS, "processes.ts": spec });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${at(join(dir, "processes.ts"), spec, 'forProcessManager("supervisor"')}: error TN2001: forProcessManager was given "supervisor", which is no process manager nix-processmgmt has\n  hint: give one of "sysvinit", "systemd", "supervisord", "bsdrc", "cygrunsrv", "launchd", "disnix", "docker", "s6-rc"\n`,
    );
  });
});
