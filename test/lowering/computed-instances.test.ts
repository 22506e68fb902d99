/**
 * Process instances Nix computes: `processInstance(nixValue)`, as
 * nix-processmgmt-services' Disnix examples write a container provider
 * (`mysql = containerProviderConstructors.mysql { ... };`), whose
 * constructor returns the whole instance. The instance is generated as
 * that expression, other instances read it by name, and the whole-model
 * checks read none of its attributes. Synthesized with the real `typenix`
 * binary, type-checked, and evaluated with the real Nix.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { STAND_IN_ARGS, typenix } from "../support/typenix-cli.js";
import { specSynthesis } from "../support/spec-synthesis.js";

const { synth, synthOk } = specSynthesis("test/lowering");

const CONSTRUCTORS = {
  "app.ts": `import { createManagedProcess, defineConstructor, nix, nixValue, z } from "@typenix/dsl";
export default defineConstructor({ name: "app", params: z.object({ port: z.int(), providers: nixValue() }),
  build: ({ port, providers }) => createManagedProcess({ name: "app", process: "/bin/app",
    environment: { PORT: port, PROVIDERS: nix.toString(nix.map(nix.lambda("p", (p) => p.name), providers)) } }) });
`,
  "constructors.ts": `import { constructors } from "@typenix/dsl";
import app from "./app.js";
export default constructors({ app });
`,
};

/** A processes model whose `db` instance is a set Nix computes, which `app` reads by name. */
const PROCESSES = `import { nix, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const db = processInstance(
  nix.op({ name: "db", port: 5000, providesContainer: "mysql-database" }, "//", { requiresUniqueIdsFor: ["uids"] }),
);
const app = processInstance({ port: 5000, pkg: constructors.app({ port: 5000, providers: [db] }) });
export default processes({ db, app }, { constructors });
`;

/**
 * Instances computed from constructor calls, as imported models compute
 * them: a function making instances, a set merged over, a choice.
 */
const CALLING = `import { nix, processInstance, processManager, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const mkApp = nix.local("mkApp", nix.lambda("port", (port) => ({ port, pkg: constructors.app({ port: 5001, providers: [port] }) })));
const base = nix.local("base", { port: 6000 });
const one = processInstance(nix.call(mkApp, 5001));
const two = processInstance(nix.op(base, "//", { pkg: constructors.app({ port: 6000, providers: [] }) }));
const three = processInstance(
  nix.if(nix.op(processManager, "==", "sysvinit"), { pkg: constructors.app({ port: 7000, providers: [] }) }, nix.call(mkApp, 7001)),
);
export default processes({ one, two, three }, { constructors });
`;

describe("process instances Nix computes", () => {
  requireNix();

  it("are generated as their expression, read by name, and left out of the port check", () => {
    const out = synthOk({ ...CONSTRUCTORS, "processes.ts": PROCESSES });
    expect(readFileSync(join(out, "processes.nix"), "utf8")).toContain("providers = [ db ];");
    const value = nixEvalJson(
      `let m = import ${join(out, "processes.nix")} { processManager = "sysvinit"; };
      in { inherit (m) db; app = m.app.pkg.managedProcess.environment; }`,
      STAND_IN_ARGS,
    );
    expect(value).toEqual({
      db: {
        name: "db",
        port: 5000,
        providesContainer: "mysql-database",
        requiresUniqueIdsFor: ["uids"],
      },
      app: { PORT: 5000, PROVIDERS: "db" },
    });
  });

  it("type-check as process instances", () => {
    const { dir } = synth({ ...CONSTRUCTORS, "processes.ts": PROCESSES });
    const check = typenix(["check", dir]);
    expect(check.stderr).not.toMatch(/: (error|warning)/);
    expect(check.status).toBe(0);
  });

  it("may hold constructor calls, which type-check and Nix calls", () => {
    const { dir, out, result } = synth({ ...CONSTRUCTORS, "processes.ts": CALLING });
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    const check = typenix(["check", dir]);
    expect(check.stderr).not.toMatch(/: (error|warning)/);
    expect(check.status).toBe(0);
    const ports = (processManager: string): unknown =>
      nixEvalJson(
        `builtins.mapAttrs (n: i: [ (i.port or null) i.pkg.managedProcess.environment.PORT ])
          (import ${join(out, "processes.nix")} { processManager = "${processManager}"; })`,
        STAND_IN_ARGS,
      );
    expect(ports("sysvinit")).toEqual({
      one: [5001, 5001],
      two: [6000, 6000],
      three: [null, 7000],
    });
    expect(ports("systemd")).toEqual({ one: [5001, 5001], two: [6000, 6000], three: [7001, 5001] });
  });
});
