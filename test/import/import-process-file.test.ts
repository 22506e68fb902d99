/**
 * `typenix import` of a process file, a file that is one process rather
 * than a constructor, in the shape of nix-processmgmt-services'
 * `nix-daemon/default.nix` (`{ createManagedProcess, nix }:
 * createManagedProcess { ... }`), with the constructors model listing it
 * and a processes model using it as `pkg = constructors.nix-daemon;`. The
 * import is a process file (`defineProcess`); the modules type-check,
 * synthesize, and the real Nix gives the same processes for the original
 * and the regenerated files. One whose outer parameters have defaults is
 * refused (TN6021).
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

const NIX_DAEMON = `{createManagedProcess, nix}:

let
  name = "nix-daemon";
in
createManagedProcess {
  inherit name;
  foregroundProcess = "\${nix}/bin/nix-daemon";
  path = [ nix ];

  overrides = {
    sysvinit = {
      runlevels = [ 2 3 4 5 ];
    };
  };
}
`;

const CONSTRUCTORS = `{ pkgs
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
{
  nix-daemon = import ./nix-daemon {
    inherit createManagedProcess;
    inherit (pkgs) nix;
  };
}
`;

const PROCESSES = `${PROCESSES_HEADER}{
  nix-daemon = {
    pkg = constructors.nix-daemon;
  };
}
`;

/**
 * A processes model including the process file's instance on request, as
 * the hydra example does; the computed part also names the declared
 * `daemon`, which wins there, the computed part being first.
 */
const PROCESSES_COMPUTED = PROCESSES.replace(
  ", processManager\n}:",
  ", processManager\n, includeNixDaemon ? false\n}:",
).replace(
  "in\n{\n  nix-daemon = {\n    pkg = constructors.nix-daemon;\n  };\n}",
  `  nix-daemon = if includeNixDaemon then {
    pkg = constructors.nix-daemon;
  } else null;
in
pkgs.lib.optionalAttrs includeNixDaemon {
  inherit nix-daemon;
  daemon = nix-daemon;
} // rec {
  daemon = {
    port = 1;
    pkg = constructors.nix-daemon;
  };
}`,
);

/** Writes the Nix files (paths relative to a new folder) and gives the folder. */
function nixFiles(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** The processes of the processes model `file` for sysvinit, packages by their paths. */
function processesOf(file: string, args = ""): unknown {
  const wrapper = join(tempDir(), "eval.nix");
  writeFileSync(
    wrapper,
    `builtins.toJSON (import ${file} { processManager = "sysvinit"; stateDir = "/srv"; ${args} })\n`,
  );
  return nixEvalFileJson(wrapper, STAND_IN_ARGS);
}

describe("typenix import: a process file", () => {
  requireNix();

  it("imports it as defineProcess, and round-trips the models using it", () => {
    const nix = nixFiles({
      "processes.nix": PROCESSES,
      "constructors.nix": CONSTRUCTORS,
      "nix-daemon/default.nix": NIX_DAEMON,
    });
    const ts = join(out, "deployment");
    const files = ["processes.nix", "constructors.nix", "nix-daemon/default.nix"];
    const imported = typenix(["import", ...files.map((f) => join(nix, f)), "-o", ts]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    const daemon = readFileSync(join(ts, "nix-daemon.ts"), "utf8");
    expect(daemon).toContain("export default defineProcess({");
    expect(daemon).toContain("build: () => {");
    expect(daemon).toContain("foregroundProcess: `${pkgs.nix}/bin/nix-daemon`,");
    const modules = ["processes", "constructors", "nix-daemon"].map((m) => join(ts, `${m}.ts`));
    const check = typenix(["check", ...modules]);
    expect(check.stderr).not.toMatch(/: error/);
    expect(check.status).toBe(0);
    const synthDir = tempDir();
    const synth = typenix(["synth", ...modules, "-o", synthDir]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    expect(readFileSync(join(synthDir, "processes.nix"), "utf8")).toMatch(
      /pkg = constructors\.nix-daemon;/,
    );
    const regenerated = processesOf(join(synthDir, "processes.nix"));
    expect(regenerated).toEqual(processesOf(join(nix, "processes.nix")));
    expect(JSON.parse(regenerated as string)).toMatchObject({
      "nix-daemon": { pkg: { managedProcess: { name: "nix-daemon" } } },
    });
  });

  it("refuses one whose outer parameters have defaults, at the createManagedProcess call", () => {
    const file = join(
      nixFiles({ "daemon/default.nix": NIX_DAEMON.replace("nix}", "nix ? null}") }),
      "daemon/default.nix",
    );
    for (const kind of [[], ["--kind", "constructors"]]) {
      const result = typenix(["import", ...kind, file, "-o", join(out, "defaults")]);
      expect(result.stderr).toContain(
        `${relative(ROOT, file)}:6:1: error TN6021: the file is one process whose outer parameters have defaults: a constructors model passes a process file its outer parameters, which typenix writes with none\n` +
          "  hint: drop the defaults from the outer parameters, as `{ createManagedProcess, nix }: createManagedProcess { ... }`",
      );
      expect(result.stderr).not.toContain("TN6001");
      expect(result.status).toBe(1);
    }
  });

  it("imports a part Nix computes as computed, first where the model writes it first", () => {
    expect(PROCESSES_COMPUTED).toContain("// rec {");
    const nix = nixFiles({
      "processes.nix": PROCESSES_COMPUTED,
      "constructors.nix": CONSTRUCTORS,
      "nix-daemon/default.nix": NIX_DAEMON,
    });
    const ts = join(out, "computed");
    const files = ["processes.nix", "constructors.nix", "nix-daemon/default.nix"];
    const imported = typenix(["import", ...files.map((f) => join(nix, f)), "-o", ts]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    const processes = readFileSync(join(ts, "processes.ts"), "utf8");
    expect(processes).toMatch(
      /computed: nix\.call\(pkgs\.lib!\.optionalAttrs, nix\.ref\("includeNixDaemon"\)/,
    );
    expect(processes).toContain("computedFirst: true");
    // The local the computed part reads gives the typed entry of the constructors model.
    expect(processes).toMatch(
      /nix\.if\(nix\.ref\("includeNixDaemon"\), \{ pkg: constructors\["nix-daemon"\] \}, null\)/,
    );
    expect(processes).not.toContain('nix.ref("constructors")');
    const modules = ["processes", "constructors", "nix-daemon"].map((m) => join(ts, `${m}.ts`));
    const check = typenix(["check", ...modules]);
    expect(check.stderr).not.toMatch(/: error/);
    expect(check.status).toBe(0);
    const synthDir = tempDir();
    const synth = typenix(["synth", ...modules, "-o", synthDir]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    for (const include of ["true", "false"]) {
      const args = `includeNixDaemon = ${include};`;
      const regenerated = processesOf(join(synthDir, "processes.nix"), args);
      expect(regenerated).toEqual(processesOf(join(nix, "processes.nix"), args));
    }
    const included = JSON.parse(
      processesOf(join(synthDir, "processes.nix"), "includeNixDaemon = true;") as string,
    ) as Record<string, { port?: number }>;
    expect(Object.keys(included).sort()).toEqual(["daemon", "nix-daemon"]);
    expect(included["daemon"]?.port).toBe(1);
  });
});
