/**
 * `typenix import` on the infrastructure models of the corpus: the
 * TypeScript it writes type-checks, synthesizes, and real Nix gives the same
 * value for the original and the regenerated model.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalFileJson, requireNix } from "../support/real-nix.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const CORPUS = "test/import/corpus";
const INFRASTRUCTURE = [
  "interdeps/infrastructure.nix",
  "webapp-agnostic/infrastructure.nix",
  "webapp-services/infrastructure.nix",
  "stafftracker/infrastructure-bare.nix",
];
// Inside the repository, so the imported files resolve @typenix/dsl.
const out = mkdtempSync(join(ROOT, "test/import/.out-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("typenix import: infrastructure models", () => {
  requireNix();

  it.each(INFRASTRUCTURE)("%s round-trips", (file) => {
    const dir = join(out, file.replace(/\W/g, "-"));
    const imported = typenix(["import", `${CORPUS}/${file}`, "-o", dir]);
    expect(imported.stderr).toContain("infrastructure model, all typed");
    const ts = join(dir, readdirSync(dir)[0] ?? "");
    expect(typenix(["check", ts]).status).toBe(0);
    const synthOut = tempDir();
    expect(typenix(["synth", ts, "-o", synthOut]).status).toBe(0);
    const regenerated = join(synthOut, readdirSync(synthOut).find((f) => f.endsWith(".nix")) ?? "");
    expect(nixEvalFileJson(regenerated)).toEqual(nixEvalFileJson(join(ROOT, CORPUS, file)));
  });

  it("binds a model's let as locals, by its kind told or recognised", () => {
    const models = {
      // A constant, and a function making targets, some merged with more.
      "constant.nix": 'let\n  h = "test1";\nin\n{\n  test1 = { properties.hostname = h; };\n}\n',
      "helper.nix": `# Infrastructure
let
  mkTarget = host: cores: {
    properties.hostname = host; # the host name
    numOfCores = cores;
    system = "x86_64-linux";
  };
in
{
  test1 = mkTarget "test1.example.org" 2;
  test2 = mkTarget "test2.example.org" 1 // { properties.supportsMySQL = true; };
  test3 = { properties.hostname = "test3"; };
}
`,
    };
    const dir = join(out, "with-let");
    for (const [name, text] of Object.entries(models)) {
      const file = join(tempDir(), name);
      writeFileSync(file, text);
      for (const kind of [[], ["--kind", "infrastructure"]]) {
        const ts = join(dir, `${name}${kind.length}`);
        const imported = typenix(["import", ...kind, file, "-o", ts]);
        expect(imported.stderr).not.toContain("error");
        expect(imported.stderr).toContain("infrastructure model");
        const spec = join(ts, name.replace(/nix$/, "ts"));
        expect(readFileSync(spec, "utf8")).toContain("nix.local(");
        expect(typenix(["check", spec]).status).toBe(0);
        const synthOut = tempDir();
        expect(typenix(["synth", spec, "-o", synthOut]).status).toBe(0);
        const regenerated = join(synthOut, name.replace(/\.nix$/, ".nix"));
        expect(nixEvalFileJson(regenerated)).toEqual(nixEvalFileJson(file));
      }
    }
  });

  it("refuses targets that read each other at their rec set, by its kind told or recognised", () => {
    const dir = tempDir();
    const file = join(dir, "infrastructure.nix");
    writeFileSync(
      file,
      'let\n  h = "test1";\nin\nrec {\n  test1 = { properties.hostname = h; };\n  test2 = test1 // { properties.hostname = "test2"; };\n}\n',
    );
    for (const kind of [[], ["--kind", "infrastructure"]]) {
      const result = typenix(["import", ...kind, file, "-o", join(dir, "out")]);
      expect(result.stderr).toContain(
        "infrastructure.nix:4:1: error TN6002: the targets of an infrastructure model read each other, and typenix writes each target on its own\n" +
          "  hint: bind what they share in a `let` before the set (as `mkTarget = host: { ... };`), and drop the `rec`",
      );
      expect(result.status).toBe(1);
      expect(existsSync(join(dir, "out"))).toBe(false);
    }
  });

  it("reports a syntax error as file:line:col and writes nothing", () => {
    const dir = tempDir();
    const bad = join(dir, "infrastructure.nix");
    writeFileSync(bad, '{\n  test1 = { properties = { hostname = "x" }; };\n}\n');
    const result = typenix(["import", bad, "-o", join(dir, "out")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `infrastructure.nix:2:43: error TN0102: syntax error: expected ';', found '}'`,
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("says when it cannot tell a file's model kind, and writes nothing", () => {
    const dir = tempDir();
    // A NixOps network model, as nix-processmgmt's examples keep beside their models.
    const network = join(dir, "network.nix");
    writeFileSync(network, "{\n  test1 = { pkgs, ... }: { services.openssh.enable = true; };\n}\n");
    const ids = join(dir, "ids.nix");
    writeFileSync(ids, "{\n  ids = { webappPorts = { webapp = 5000; }; };\n}\n");
    const result = typenix(["import", network, ids, "-o", join(dir, "out")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "network.nix:1:1: error TN6001: cannot tell which kind of model this file is",
    );
    expect(result.stderr).toContain("nothing written: 1 of 2 files has errors");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("skips nix-processmgmt's id assignment data with a note, importing the models given with it", () => {
    const dir = tempDir();
    const ids = join(dir, "ids.nix");
    writeFileSync(
      ids,
      '{\n  "ids" = { "webappPorts" = { "webapp" = 5000; }; };\n  lastAssignments = { webappPorts = 5000; };\n}\n',
    );
    const ranges = join(dir, "idresources.nix");
    writeFileSync(
      ranges,
      "rec {\n  webappPorts = { min = 5000; max = 6000; };\n  influxdbPorts = { min = 8086; max = 8096; step = 3; };\n  uids = { min = 2000; max = 3000; };\n  gids = uids;\n}\n",
    );
    const infrastructure = `${CORPUS}/webapp-agnostic/infrastructure.nix`;
    const target = join(out, "with-id-data");
    const result = typenix(["import", ids, infrastructure, ranges, "-o", target]);
    expect(result.stderr).not.toContain("error");
    expect(result.status).toBe(0);
    expect(readdirSync(target)).toEqual(["infrastructure.ts"]);
    expect(result.stderr).toContain(
      `${ids}: skipped: the ids nixproc-id-assign assigned, which synthesized models read where it is, not a model`,
    );
    expect(result.stderr).toContain(
      `${ranges}: skipped: the ranges nixproc-id-assign assigns ids from, not a model`,
    );
  });
});
