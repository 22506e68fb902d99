/**
 * A processes model with a part computed in Nix (`computed` of
 * `processes(...)`), as nix-processmgmt-services' hydra example includes
 * an instance on request: `pkgs.lib.optionalAttrs includeNixDaemon {
 * inherit nix-daemon; } // rec { ... }`. Checked with the real Nix against
 * that hand-written shape, either way the parameter goes, and through
 * `--json-specs`.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { specSynthesis } from "../support/spec-synthesis.js";
import { STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

const { synth, synthOk } = specSynthesis("test/lowering");

const NIX_DAEMON = `import { createManagedProcess, defineProcess, pkgs } from "@typenix/dsl";
export default defineProcess({
  name: "nix-daemon",
  build: () => createManagedProcess({ name: "nix-daemon", foregroundProcess: \`\${pkgs.nix}/bin/nix-daemon\` }),
});
`;

const WEB = `import { createManagedProcess, defineConstructor, nixValue, z } from "@typenix/dsl";
export default defineConstructor({
  name: "web",
  params: z.object({ port: z.int(), daemon: nixValue() }),
  build: ({ port, daemon }) =>
    createManagedProcess({ name: "web", process: "/bin/web", args: ["-p", port], environment: { DAEMON: daemon } }),
});
`;

const CONSTRUCTORS = `import { constructors } from "@typenix/dsl";
import nixDaemon from "./nix-daemon.js";
import web from "./web.js";
export default constructors({ "nix-daemon": nixDaemon, web });
`;

/** The processes model; `first` writes the computed part first. */
const processesSpec = (
  first: boolean,
): string => `import { nix, pkgs, processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
const includeNixDaemon = nix.ref("includeNixDaemon");
const nixDaemon = nix.local("nix-daemon", nix.if(includeNixDaemon, { pkg: constructors["nix-daemon"] }, null));
const web = processInstance({
  port: 8080,
  pkg: constructors.web({ port: 8080, daemon: nix.op(nixDaemon, "!=", null) }),
});
export default processes(
  { web },
  {
    constructors,
    parameters: { includeNixDaemon: true },
    computed: nix.call(pkgs.lib!.optionalAttrs, includeNixDaemon, { "nix-daemon": nixDaemon }),${first ? "\n    computedFirst: true," : ""}
  },
);
`;

/** The same models written by hand, the computed part first. */
function upstream(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "nix-daemon"));
  writeFileSync(
    join(dir, "nix-daemon", "default.nix"),
    `{createManagedProcess, nix}:
createManagedProcess { name = "nix-daemon"; foregroundProcess = "\${nix}/bin/nix-daemon"; }
`,
  );
  writeFileSync(
    join(dir, "web.nix"),
    `{createManagedProcess}: {port, daemon}:
createManagedProcess { name = "web"; process = "/bin/web"; args = [ "-p" port ]; environment.DAEMON = daemon; }
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
  web = import ./web.nix { inherit createManagedProcess; };
}
`,
  );
  writeFileSync(
    join(dir, "processes.nix"),
    `{ pkgs ? import <nixpkgs> {}, stateDir ? "/var", processManager, includeNixDaemon ? true }:
let
  constructors = import ./constructors.nix {
    inherit pkgs stateDir processManager;
    logDir = "\${stateDir}/log"; runtimeDir = "\${stateDir}/run"; cacheDir = "\${stateDir}/cache";
    libDir = "\${stateDir}/lib"; tmpDir = "/tmp"; forceDisableUserChange = false;
  };
  nix-daemon = if includeNixDaemon then { pkg = constructors.nix-daemon; } else null;
in
pkgs.lib.optionalAttrs includeNixDaemon {
  inherit nix-daemon;
} // rec {
  web = rec {
    port = 8080;
    pkg = constructors.web { inherit port; daemon = nix-daemon != null; };
  };
}
`,
  );
  return dir;
}

/** The processes model of `dir` for sysvinit, its packages by their paths. */
function processesOf(dir: string, include: boolean): unknown {
  return nixEvalJson(
    `builtins.toJSON (import ${join(dir, "processes.nix")} { processManager = "sysvinit"; includeNixDaemon = ${include}; })`,
    STAND_IN_ARGS,
  );
}

const files = (first: boolean): Record<string, string> => ({
  "nix-daemon.ts": NIX_DAEMON,
  "web.ts": WEB,
  "constructors.ts": CONSTRUCTORS,
  "processes.ts": processesSpec(first),
});

describe("a processes model with a part computed in Nix", () => {
  requireNix();

  it("merges it with the declared instances, before them where it says so", () => {
    const original = upstream();
    for (const first of [true, false]) {
      const out = synthOk(files(first));
      const text = readFileSync(join(out, "processes.nix"), "utf8");
      expect(text).toMatch(
        first
          ? /pkgs\.lib\.optionalAttrs includeNixDaemon \{[^}]*\}\s*\/\/ rec \{/
          : /\}\s*\/\/ pkgs\.lib\.optionalAttrs includeNixDaemon \{/,
      );
      for (const include of [true, false])
        expect(processesOf(out, include)).toEqual(processesOf(original, include));
    }
    expect(JSON.parse(processesOf(original, true) as string)).toHaveProperty("nix-daemon");
  });

  it("gets the JSON specs of the instances Nix computes too", () => {
    const { dir } = synth(files(true));
    const checked = typenix(["check", dir]);
    expect(checked.stderr).toMatch(/no errors/);
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(
      readdirSync(join(out, "specs"))
        .map((d) => d.slice(33))
        .sort(),
    ).toEqual(["nix-daemon", "web"]);
  });

  it("refuses a declared instance the computed part reads by reference (TN3061)", () => {
    const spec = processesSpec(false).replace(
      '{ "nix-daemon": nixDaemon }',
      '{ "nix-daemon": nixDaemon, copy: web }',
    );
    const { result } = synth({ ...files(false), "processes.ts": spec });
    expect(result.stderr).toMatch(
      /error TN3061: computed\.copy: the computed part reads the process instance 'web' of the declared ones, which is not in scope beside the model's rec set\n {2}hint: bind what both read with nix.local, or declare the instance in TypeScript/,
    );
    expect(result.status).toBe(1);
  });
});
