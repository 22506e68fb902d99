/**
 * bench/import: every file it surveys gets an outcome of its own. `typenix
 * import` writes all its files or none, so one refused file must not make
 * the others of its folder "not imported", and nix-processmgmt's id
 * assignment data (ids.nix, idresources.nix) is no model to import. A
 * model is type-checked as a user checks it: with the constructors model
 * it binds from another folder imported together, so its calls are typed.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../support/typenix-cli.js";

const TSX = join(ROOT, "node_modules/.bin/tsx");
const CORPUS = join(ROOT, "test/import/corpus/webapp-processes");

/** `bench/import.ts DIR`'s lines, one per file, by file name relative to DIR. */
function survey(dir: string): Map<string, string> {
  const run = spawnSync(TSX, ["bench/import.ts", dir], { cwd: ROOT, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.split("\n").filter((l) => l.startsWith(`${dir}/`));
  return new Map(
    lines.map((l) => {
      const at = l.indexOf(".nix: ") + ".nix".length;
      return [l.slice(dir.length + 1, at), l.slice(at + 2)];
    }),
  );
}

describe("bench/import", () => {
  const dir = tempDir();
  cpSync(CORPUS, dir, { recursive: true });
  writeFileSync(
    join(dir, "idresources.nix"),
    "rec {\n  uids = { min = 2000; max = 3000; };\n  gids = uids;\n  webappPorts = { min = 5000; max = 6000; };\n}\n",
  );
  writeFileSync(join(dir, "unknown.nix"), "{ x }: x\n");
  const outcomes = survey(dir);

  it("imports the models of a folder beside a file the importer refuses", () => {
    expect(outcomes.get("processes.nix")).toMatch(/^processes, type-checks/);
    expect(outcomes.get("constructors.nix")).toMatch(/^constructors, type-checks/);
    expect(outcomes.get("webapp/default.nix")).toMatch(/^constructor, type-checks/);
  });

  it("gives the importer's reason for a refused file", () => {
    expect(outcomes.get("unknown.nix")).toBe(
      "not imported: error TN6001: cannot tell which kind of model this file is",
    );
  });

  it("reports id assignment data as such", () => {
    expect(outcomes.get("ids.nix")).toBe("id assignment data, not a model");
    expect(outcomes.get("idresources.nix")).toBe("id assignment data, not a model");
  });
});

describe("bench/import: a constructors model in another folder", () => {
  const root = tempDir();
  cpSync(CORPUS, join(root, "shared"), { recursive: true });
  const deployment = join(root, "deployment");
  mkdirSync(deployment);
  // As nix-processmgmt-services' examples bind ../../services-agnostic/constructors.nix.
  const text = readFileSync(join(CORPUS, "processes.nix"), "utf8").replace(
    "./constructors.nix",
    "../shared/constructors.nix",
  );
  writeFileSync(join(deployment, "processes.nix"), text);
  // A call Nix's stand-ins take, but the constructor's types refuse: an instance name of 5.
  const wrong =
    "    pkg = constructors.webapp {\n      inherit port;\n      instanceName = 5;\n    };";
  writeFileSync(
    join(deployment, "processes-wrong.nix"),
    text.replace("    pkg = constructors.webapp {\n      inherit port;\n    };", wrong),
  );
  const outcomes = survey(deployment);

  it("imports it together with the models binding it, so their calls are type-checked", () => {
    expect(readFileSync(join(deployment, "processes-wrong.nix"), "utf8")).toContain(wrong);
    expect(outcomes.get("processes.nix")).toMatch(/^processes, type-checks/);
    expect(outcomes.get("processes-wrong.nix")).toMatch(/^processes, type errors/);
  });

  it("reports the folder's own files only", () => {
    expect([...outcomes.keys()].sort()).toEqual(["processes-wrong.nix", "processes.nix"]);
  });
});
