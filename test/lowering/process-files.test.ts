/**
 * A process file (`defineProcess`): a constructors model entry that is one
 * process rather than a constructor, as nix-processmgmt-services'
 * `nix-daemon/default.nix` is (`{ createManagedProcess, nix }:
 * createManagedProcess { ... }`), listed as `import ./nix-daemon { ... }`
 * and used by a processes model as `pkg = constructors.nix-daemon;`, with
 * no call. Checked with the real Nix against that hand-written shape.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { specSynthesis } from "../support/spec-synthesis.js";
import { STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

const { synth, synthOk } = specSynthesis("test/lowering");

const NIX_DAEMON = `import { createManagedProcess, defineProcess, pkgs } from "@typenix/dsl";

export default defineProcess({
  name: "nix-daemon",
  build: () =>
    createManagedProcess({
      name: "nix-daemon",
      foregroundProcess: \`\${pkgs.nix}/bin/nix-daemon\`,
      path: [pkgs.nix],
      overrides: { sysvinit: { runlevels: [2, 3, 4, 5] } },
    }),
});
`;

const CONSTRUCTORS = `import { constructors } from "@typenix/dsl";
import nixDaemon from "./nix-daemon.js";
export default constructors({ "nix-daemon": nixDaemon });
`;

const PROCESSES = `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes(
  { "nix-daemon": processInstance({ pkg: constructors["nix-daemon"] }) },
  { constructors },
);
`;

/**
 * The upstream shape, written by hand: the process file, its entry, and its
 * use, from the constructors model instantiated for `processManager` (Nix
 * text) when given, as for a supervisord container provider.
 */
function upstream(processManager = "processManager"): string {
  const dir = tempDir();
  mkdirSync(join(dir, "nix-daemon"));
  writeFileSync(
    join(dir, "nix-daemon", "default.nix"),
    `{createManagedProcess, nix}:

createManagedProcess {
  name = "nix-daemon";
  foregroundProcess = "\${nix}/bin/nix-daemon";
  path = [ nix ];

  overrides = {
    sysvinit = {
      runlevels = [ 2 3 4 5 ];
    };
  };
}
`,
  );
  writeFileSync(
    join(dir, "constructors.nix"),
    `{ pkgs, stateDir, logDir, runtimeDir, cacheDir, libDir, tmpDir, forceDisableUserChange, processManager, ids ? {} }:
let
  createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
    inherit pkgs runtimeDir stateDir logDir tmpDir forceDisableUserChange processManager ids;
  };
in
{
  nix-daemon = import ./nix-daemon { inherit createManagedProcess; inherit (pkgs) nix; };
}
`,
  );
  writeFileSync(
    join(dir, "processes.nix"),
    `{ pkgs ? import <nixpkgs> {}, stateDir ? "/var", processManager }:
let
  constructors = import ./constructors.nix {
    inherit pkgs stateDir;
    processManager = ${processManager};
    logDir = "\${stateDir}/log"; runtimeDir = "\${stateDir}/run"; cacheDir = "\${stateDir}/cache";
    libDir = "\${stateDir}/lib"; tmpDir = "/tmp"; forceDisableUserChange = false;
  };
in
{
  nix-daemon = { pkg = constructors.nix-daemon; };
}
`,
  );
  return dir;
}

/** The processes model of `dir` for sysvinit, its packages by their paths. */
function processesOf(dir: string): unknown {
  return nixEvalJson(
    `builtins.toJSON (import ${join(dir, "processes.nix")} { processManager = "sysvinit"; })`,
    STAND_IN_ARGS,
  );
}

describe("a process file", () => {
  requireNix();

  it("is synthesized as one process, listed and used already called", () => {
    const out = synthOk({
      "nix-daemon.ts": NIX_DAEMON,
      "constructors.ts": CONSTRUCTORS,
      "processes.ts": PROCESSES,
    });
    const file = readFileSync(join(out, "nix-daemon.nix"), "utf8").replace(/^#.*\n/gm, "");
    // The process itself, under the outer function alone.
    expect(file).toMatch(/^\{\s*createManagedProcess,\s*pkgs\s*\}:\s*createManagedProcess \{/);
    expect(readFileSync(join(out, "constructors.nix"), "utf8")).toMatch(
      /nix-daemon = import \.\/nix-daemon\.nix \{[^}]*\};/,
    );
    expect(readFileSync(join(out, "processes.nix"), "utf8")).toMatch(
      /pkg = constructors\.nix-daemon;/,
    );
    const made = processesOf(out);
    expect(made).toEqual(processesOf(upstream()));
    expect(JSON.parse(made as string)).toMatchObject({
      "nix-daemon": {
        pkg: {
          managedProcess: {
            name: "nix-daemon",
            overrides: { sysvinit: { runlevels: [2, 3, 4, 5] } },
          },
        },
      },
    });
  });

  it("is typed as the process it makes: the processes model's pkg, and no function", () => {
    const { dir } = synth({
      "nix-daemon.ts": NIX_DAEMON,
      "constructors.ts": CONSTRUCTORS,
      "processes.ts": PROCESSES,
    });
    const checked = typenix(["check", dir]);
    expect(checked.stderr).toMatch(/no errors/);
    expect(checked.status).toBe(0);
    const called = synth({
      "nix-daemon.ts": NIX_DAEMON,
      "constructors.ts": CONSTRUCTORS,
      "processes.ts": PROCESSES.replace(
        'constructors["nix-daemon"]',
        'constructors["nix-daemon"]({})',
      ),
    });
    const refused = typenix(["check", called.dir]);
    expect(refused.stderr).toMatch(
      /processes\.ts:4:\d+: error TS2349: This expression is not callable/,
    );
  });

  it("is given built for another process manager through forProcessManager, with no call", () => {
    const out = synthOk({
      "nix-daemon.ts": NIX_DAEMON,
      "constructors.ts": CONSTRUCTORS,
      "processes.ts": PROCESSES.replace(
        'constructors["nix-daemon"]',
        'constructors.forProcessManager("supervisord")["nix-daemon"]',
      ),
    });
    expect(readFileSync(join(out, "processes.nix"), "utf8")).toMatch(
      /pkg = supervisordConstructors\.nix-daemon;/,
    );
    const made = processesOf(out);
    expect(made).toEqual(processesOf(upstream('"supervisord"')));
    expect(JSON.parse(made as string)).toMatchObject({
      "nix-daemon": {
        pkg: { processManager: "supervisord", managedProcess: { name: "nix-daemon" } },
      },
    });
  });

  it("may be what another process file is built on, imported without a call", () => {
    const out = synthOk({
      "nix-daemon.ts": NIX_DAEMON,
      "daemon.ts": `import { defineProcess } from "@typenix/dsl";
import nixDaemon from "./nix-daemon.js";
export default defineProcess({ name: "daemon", build: () => nixDaemon({}) });
`,
      "constructors.ts": `import { constructors } from "@typenix/dsl";
import daemon from "./daemon.js";
export default constructors({ daemon });
`,
      "processes.ts": PROCESSES.replace('constructors["nix-daemon"]', "constructors.daemon"),
    });
    expect(readFileSync(join(out, "daemon.nix"), "utf8").replace(/^#.*\n/gm, "")).toMatch(
      /^\{\s*createManagedProcess,\s*pkgs\s*\}:\s*import \.\/nix-daemon\.nix \{ inherit createManagedProcess pkgs; \}\s*$/,
    );
    expect(processesOf(out)).toEqual(processesOf(upstream()));
  });
});
