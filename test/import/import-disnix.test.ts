/**
 * `typenix import` on the Disnix models of the corpus: services,
 * infrastructure and distribution imported together type-check with
 * `typenix check`, synthesize, and the real Nix gives the same deployment
 * for the original and the regenerated models (services applied to the
 * same stand-in arguments and distribution, as Disnix does).
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { evaluateDisnix, type DisnixFiles } from "../support/disnix-eval.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const CORPUS = join(ROOT, "test/import/corpus");
/**
 * A deployment's three models, with the model files they merge in with
 * `//`, and the extra arguments of its services model (Nix text read
 * where `infrastructure` and `distribution` are bound).
 */
type Deployment = DisnixFiles & { readonly merged?: readonly string[]; readonly extra?: string };

/** As Disnix passes it: each target with the services distributed to it. */
const INVERSE_DISTRIBUTION = `{
  invDistribution = builtins.mapAttrs (targetName: target: target // {
    services = builtins.listToAttrs (map (name: { inherit name; value = { inherit name; }; })
      (builtins.filter (name: builtins.elem target distribution.\${name}) (builtins.attrNames distribution)));
  }) infrastructure;
}`;

const DEPLOYMENTS: Record<string, Deployment> = {
  "webapp-services": deployment("webapp-services"),
  "webapp-agnostic": deployment("webapp-agnostic"),
  interdeps: deployment("interdeps"),
  stafftracker: {
    services: "stafftracker/services-with-containers.nix",
    infrastructure: "stafftracker/infrastructure-bare.nix",
    distribution: "stafftracker/distribution-with-containers.nix",
  },
  "targets named in let": {
    services: "stafftracker/services-with-containers.nix",
    infrastructure: "stafftracker/infrastructure-bare.nix",
    distribution: "stafftracker/distribution-let.nix",
  },
  axis2: { ...deployment("axis2"), infrastructure: "stafftracker/infrastructure-bare.nix" },
  raw: { ...deployment("raw"), infrastructure: "webapp-services/infrastructure.nix" },
  multicontainers: {
    ...deployment("multicontainers"),
    infrastructure: "stafftracker/infrastructure-bare.nix",
  },
  composed: {
    ...deployment("composed"),
    infrastructure: "stafftracker/infrastructure-bare.nix",
    merged: ["composed/services-simple.nix", "composed/distribution-simple.nix"],
  },
  "composed, nothing of its own": {
    services: "composed/services-merged.nix",
    infrastructure: "stafftracker/infrastructure-bare.nix",
    distribution: "composed/distribution-merged.nix",
    merged: [
      "composed/services-containers.nix",
      "composed/services-simple.nix",
      "composed/distribution.nix",
      "composed/distribution-simple.nix",
    ],
  },
  "computed in Nix": { ...deployment("computed"), extra: INVERSE_DISTRIBUTION },
};

function deployment(dir: string): DisnixFiles {
  return {
    services: `${dir}/services.nix`,
    infrastructure: `${dir}/infrastructure.nix`,
    distribution: `${dir}/distribution.nix`,
  };
}

// Inside the repository, so the imported files resolve @typenix/dsl.
const out = mkdtempSync(join(ROOT, "test/import/.out-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const tsOf = (dir: string, nix: string): string => join(dir, `${basename(nix, ".nix")}.ts`);
const nixOf = (dir: string, nix: string): string => join(dir, basename(nix));

describe("typenix import: Disnix deployments", () => {
  requireNix();

  it.each(Object.entries(DEPLOYMENTS))("%s round-trips", (name, files) => {
    const dir = join(out, name);
    const inputs = [files.services, files.infrastructure, files.distribution];
    const merged = files.merged ?? [];
    const imported = typenix([
      "import",
      ...[...inputs, ...merged].map((f) => join(CORPUS, f)),
      "-o",
      dir,
    ]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    const modules = inputs.map((f) => tsOf(dir, f));
    const check = typenix(["check", ...modules, ...merged.map((f) => tsOf(dir, f))]);
    expect(check.stderr).not.toMatch(/: error/);
    expect(check.status).toBe(0);
    const synthOut = tempDir();
    const synth = typenix(["synth", ...modules, "-o", synthOut]);
    expect(synth.stderr).not.toMatch(/error/);
    const regenerated = evaluateDisnix(synthOut, files.extra, {
      services: nixOf(synthOut, files.services),
      infrastructure: nixOf(synthOut, files.infrastructure),
      distribution: nixOf(synthOut, files.distribution),
    });
    const original = evaluateDisnix(tempDir(), files.extra, {
      services: join(CORPUS, files.services),
      infrastructure: join(CORPUS, files.infrastructure),
      distribution: join(CORPUS, files.distribution),
    });
    expect(regenerated).toEqual(original);
    expect(readFileSync(tsOf(dir, files.services), "utf8")).toContain("services(");
  });

  it("keeps the part computed in Nix as raw Nix, beside the typed services and placements", () => {
    const dir = tempDir();
    const files = deployment("computed");
    const inputs = [files.services, files.infrastructure, files.distribution];
    const result = typenix(["import", ...inputs.map((f) => join(CORPUS, f)), "-o", dir]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("line 26: builtins.listToAttrs ( (the part computed in Nix)");
    expect(result.stderr).toContain("line 11: listToAttrs ( (the part computed in Nix)");
    const services = readFileSync(join(dir, "services.ts"), "utf8");
    expect(services).toContain(
      "const webapp2 = service({ port: 5001, pkg: pkgs.hello, type: processType });",
    );
    expect(services).toContain("// Generate a proxy per target host\n    computed: nix.raw(");
    expect(services).toContain("[sharedPkgs, invDistribution, processType],");
    const distribution = readFileSync(join(dir, "distribution.ts"), "utf8");
    expect(distribution).toContain("webapp1: [t.test1],");
    expect(distribution).toContain(
      "[listToAttrs, getAttr, infrastructureParam, attrNames, productionTargets],",
    );
  });

  it("reports why a services model with a part computed in Nix cannot be imported, at its line", () => {
    const dir = tempDir();
    const file = join(dir, "services.nix");
    writeFileSync(
      file,
      `{ system, pkgs, distribution, invDistribution }:

{
  webapp = { name = "webapp"; pkg = pkgs.hello; dependsOn = { inherit proxy; }; type = "process"; };
} // builtins.listToAttrs (map (targetName: {
  name = "proxy";
  value = { name = "proxy"; pkg = pkgs.nginx; type = "process"; };
}) (builtins.attrNames invDistribution))
`,
    );
    const result = typenix(["import", file, "-o", join(dir, "ts")]);
    expect(result.stderr).toContain(
      // Named relative to where the command runs, at the name that is no service.
      `${relative(ROOT, file)}:4:71: error TN6002: 'proxy' does not name a service of this model\n  hint: an inter-dependency names a service of the same services model (webapp): \`dependsOn = { inherit webapp; };\` or \`dependsOn.db = webapp;\``,
    );
    expect(result.stderr).not.toContain("TN6001");
    expect(result.status).toBe(1);
  });

  it("blames a dependency that is no service at its value, not at its key", () => {
    const dir = tempDir();
    const file = join(dir, "services.nix");
    const lines = [
      "{ system, pkgs, distribution, invDistribution }:",
      "let foo = pkgs.hello; in",
      "rec {",
      '  a = { name = "a"; pkg = pkgs.hello; type = "process"; };',
      '  b = { name = "b"; pkg = pkgs.hello; type = "process"; dependsOn = { inherit a foo; }; };',
      '  c = { name = "c"; pkg = pkgs.hello; type = "process"; dependsOn.db = "x"; };',
      '  d = { name = "d"; pkg = pkgs.hello; type = "process"; dependsOn = { db = foo; }; };',
      "}",
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const result = typenix(["import", file, "-o", join(dir, "ts")]);
    expect(result.status).toBe(1);
    const at = (line: number, needle: string): string =>
      `${relative(ROOT, file)}:${line}:${(lines[line - 1]?.lastIndexOf(needle) ?? 0) + 1}: error TN6002:`;
    const hint =
      "hint: an inter-dependency names a service of the same services model (a, b, c, d): `dependsOn = { inherit webapp; };` or `dependsOn.db = webapp;`";
    expect(result.stderr).toContain(
      `${at(5, "foo")} 'foo' does not name a service of this model\n  ${hint}`,
    );
    expect(result.stderr).toContain(
      `${at(6, '"x"')} the value of 'db' does not name a service of this model\n  ${hint}`,
    );
    expect(result.stderr).toContain(
      `${at(7, "foo")} 'foo' does not name a service of this model\n  ${hint}`,
    );
  });

  it("keeps what has no typed builder as raw Nix and lists its lines", () => {
    const dir = tempDir();
    const result = typenix(["import", join(CORPUS, "raw/services.nix"), "-o", dir]);
    expect(result.status).toBe(0);
    const summary = result.stderr.slice(result.stderr.indexOf("raw Nix kept at"));
    expect(summary).toContain("line 6: with pkgs;");
    expect(summary).toContain("line 14: rec {");
    expect(summary).toContain("line 15: pkgs ? nginx");
    expect(summary).toContain("line 16: true -> false");
    expect(summary).toContain("line 17: assert builtins.length tools == 2;");
    expect(readFileSync(join(dir, "services.ts"), "utf8")).toContain('nix.raw("with pkgs;');
  });
});

describe("typenix import: model files of other names than the standard ones", () => {
  requireNix();

  it("names them in a typenix.config.ts, which check and synth of the folder then read", () => {
    // Beside the files the services model reads.
    const root = tempDir();
    cpSync(CORPUS, root, { recursive: true });
    const nix = join(root, "renamed");
    mkdirSync(nix);
    const corpus = (f: string): string => join(CORPUS, "webapp-services", f);
    copyFileSync(corpus("services.nix"), join(nix, "services-simple.nix"));
    copyFileSync(corpus("infrastructure.nix"), join(nix, "s3.nix"));
    copyFileSync(corpus("distribution.nix"), join(nix, "distribution.nix"));
    const dir = join(tempDir(), "ts");
    const inputs = ["services-simple.nix", "s3.nix", "distribution.nix"].map((f) => join(nix, f));
    const imported = typenix(["import", ...inputs, "-o", dir]);
    expect(imported.stderr).not.toMatch(/error/);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain(
      `typenix import: wrote ${dir}/typenix.config.ts, naming the model files of ${dir} (distribution.ts, services-simple.ts, s3.ts): synth and check read a directory's standard model files (constructors.ts, processes.ts, services.ts, infrastructure.ts, distribution.ts) only, unless its typenix.config.ts names them`,
    );
    const check = typenix(["check", dir]);
    expect(check.stderr).toContain("typenix check: 3 spec files, no errors");
    expect(check.status).toBe(0);
    const synthOut = tempDir();
    const synth = typenix(["synth", dir, "-o", synthOut]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    const files = {
      services: "services-simple.nix",
      infrastructure: "s3.nix",
      distribution: "distribution.nix",
    };
    const located = (d: string): DisnixFiles => ({
      services: join(d, files.services),
      infrastructure: join(d, files.infrastructure),
      distribution: join(d, files.distribution),
    });
    expect(evaluateDisnix(synthOut, undefined, located(synthOut))).toEqual(
      evaluateDisnix(tempDir(), undefined, located(nix)),
    );

    // Imported into the folder later, a model is added to the config an import wrote.
    copyFileSync(corpus("services.nix"), join(nix, "services-b.nix"));
    const added = typenix(["import", join(nix, "services-b.nix"), "-o", dir]);
    expect(added.status).toBe(0);
    expect(added.stderr).toContain(
      `typenix import: added services-b.ts to the files ${dir}/typenix.config.ts names, which synth and check read`,
    );
    expect(typenix(["check", dir]).stderr).toContain("typenix check: 4 spec files, no errors");

    // A config of the user's is read, and left as it is.
    const own = 'export default { files: ["s3.ts", "services-simple.ts", "distribution.ts"] };\n';
    writeFileSync(join(dir, "typenix.config.ts"), own);
    copyFileSync(corpus("services.nix"), join(nix, "services-c.nix"));
    const left = typenix(["import", join(nix, "services-c.nix"), "-o", dir]);
    expect(left.status).toBe(0);
    expect(left.stderr).toContain(
      `typenix import: ${dir}/typenix.config.ts, which typenix import did not write and leaves as it is, does not name services-c.ts: synth and check of ${dir} read only the files it names, so add them to its files`,
    );
    expect(readFileSync(join(dir, "typenix.config.ts"), "utf8")).toBe(own);
  });

  it("writes no config for models of the standard names", () => {
    const dir = tempDir();
    const inputs = Object.values(deployment("webapp-services")).map((f) => join(CORPUS, f));
    const imported = typenix(["import", ...inputs, "-o", dir]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).not.toContain("typenix.config.ts");
    expect(existsSync(join(dir, "typenix.config.ts"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([
      "distribution.ts",
      "infrastructure.ts",
      "services.ts",
    ]);
  });
});
