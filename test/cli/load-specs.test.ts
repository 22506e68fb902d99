/**
 * Loading spec files: the files of one load are bundled together, so one
 * that another imports (the distribution imports the services model) runs
 * once and both see the same model; a second load runs them again (watch
 * mode sees edits). Specs may use what Node gives an ES module, and what
 * goes wrong is a diagnostic at the user's line.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleSpecs } from "../../packages/runtime/src/load/bundle-specs.js";
import * as core from "@typenix/dsl/core";
import { loadSpecs, PARAMETER_SCHEMA_EXPORTS } from "../../packages/runtime/src/load/load-specs.js";
import { tempDir } from "../support/typenix-cli.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));
const dir = fixture("shared-import");
const files = ["services.ts", "infrastructure.ts", "distribution.ts"].map((f) => dir + f);
const runs = (): number => (globalThis as { sharedImportRuns?: number }).sharedImportRuns ?? 0;

type Services = {
  services: Record<string, { spec: { description?: string }; site?: unknown }>;
};

describe("loadSpecs", () => {
  it("runs a spec imported by another once, and both see the same model", async () => {
    const before = runs();
    const { specs, diagnostics } = await loadSpecs(files);
    expect(diagnostics).toEqual([]);
    expect(runs() - before).toBe(1);
    const [services, , distribution] = specs.map((s) => s.value);
    expect((distribution as { services: unknown }).services).toBe(services);
  });

  it("runs the specs again on the next load", async () => {
    const first = await loadSpecs(files);
    const before = runs();
    const second = await loadSpecs(files);
    expect(runs() - before).toBe(1);
    expect(second.specs[0]?.value).not.toBe(first.specs[0]?.value);
  });

  it("gives a spec, and each file it imports, import.meta of its own file", async () => {
    const dir = fixture("spec-features");
    const file = dir + "services.ts";
    const { specs, diagnostics } = await loadSpecs([file]);
    expect(diagnostics).toEqual([]);
    const web = (specs[0]?.value as Services).services.web;
    expect(JSON.parse(web?.spec.description ?? "{}")).toEqual({
      url: pathToFileURL(file).href,
      filename: file,
      dirname: dir.slice(0, -1),
      resolved: pathToFileURL(dir + "pkg").href,
      // Found from the spec's folder, with the conditions of an import, as Node finds it.
      package: expect.stringMatching(/\/node_modules\/(.*\/)?prettier\/index\.mjs$/),
      builtin: "node:fs",
      imported: {
        url: pathToFileURL(dir + "lib/imported.ts").href,
        resolved: pathToFileURL(dir + "lib/pkg").href,
      },
      readsItself: true,
      prettier: expect.stringMatching(/^\d+\.\d+/),
    });
    // The spec's first line gets import.meta's values: its lines stay put.
    expect(web?.site).toEqual({ file, line: 22, column: 13 });
  });

  it("locates an error a spec throws at the user's line, and loads the others", async () => {
    const dir = fixture("spec-throws");
    const { specs, diagnostics, sources } = await loadSpecs([
      dir + "services.ts",
      dir + "infrastructure.ts",
    ]);
    // What watch mode watches: the spec files and the file they import.
    expect([...sources].sort()).toEqual(
      ["infrastructure.ts", "ports.ts", "services.ts"].map((f) => dir + f),
    );
    expect(diagnostics).toEqual([
      {
        code: "TN1004",
        severity: "error",
        message: "no port for web",
        location: { file: dir + "ports.ts", line: 3, column: 9 },
        hint: "the spec file threw while it ran",
      },
    ]);
    expect(specs.map((s) => s.file)).toEqual([dir + "infrastructure.ts"]);
  });

  it("locates an error thrown in Node's own code at the spec line that called it", async () => {
    const file = join(tempDir(), "services.ts");
    writeFileSync(file, '// Node throws, in its own code.\nexport default new URL("not a url");\n');
    const { diagnostics } = await loadSpecs([file]);
    // Node's own code (ERR_INVALID_URL) is no typenix code.
    expect(diagnostics).toMatchObject([
      { code: "TN1004", message: "Invalid URL", location: { file, line: 2, column: 16 } },
    ]);
  });

  it("names a folder it cannot read by its path, once", async () => {
    const dir = tempDir();
    symlinkSync("loop", join(dir, "loop"));
    const file = join(dir, "services.ts");
    writeFileSync(file, 'import x from "./loop/x.js";\nexport default x;\n');
    const { diagnostics } = await loadSpecs([file]);
    const unreadable = diagnostics.filter((d) => d.message.startsWith("Cannot read"));
    expect(unreadable).toEqual([
      expect.objectContaining({
        code: "TN1004",
        message: `Cannot read directory "${join(dir, "loop")}": too many levels of symbolic links`,
      }),
    ]);
  });

  it("reports what a spec throws that is no Error, described, at the file", async () => {
    const file = join(tempDir(), "services.ts");
    writeFileSync(file, "throw 42;\n");
    const { diagnostics } = await loadSpecs([file]);
    expect(diagnostics).toMatchObject([
      { code: "TN1004", message: "threw 42", location: { file, line: 1, column: 1 } },
    ]);
    expect(diagnostics[0]?.hint).toMatch(/new Error/);
  });

  it("reports a spec that throws once, and loads no spec that imports it, in any order", async () => {
    const dir = tempDir();
    const file = (name: string): string => join(dir, name);
    writeFileSync(
      file("services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        'const a = service({ pkg: pkgs.hello, type: "process" });\n' +
        'if (a) throw new Error("a mistake in services.ts");\n' +
        "export default services({ a });\n",
    );
    writeFileSync(
      file("infrastructure.ts"),
      'import { infrastructure, target } from "@typenix/dsl";\n' +
        'export default infrastructure({ test1: target({ properties: { hostname: "test1" } }) });\n',
    );
    writeFileSync(
      file("distribution.ts"),
      'import { distribution } from "@typenix/dsl";\n' +
        'import infrastructure from "./infrastructure.js";\n' +
        'import services from "./services.js";\n' +
        "export default distribution(services, infrastructure, (t) => ({ a: [t.test1] }));\n",
    );
    for (const order of [
      ["services.ts", "infrastructure.ts", "distribution.ts"],
      ["distribution.ts", "infrastructure.ts", "services.ts"],
    ]) {
      const { specs, diagnostics } = await loadSpecs(order.map(file));
      expect(diagnostics).toEqual([
        {
          code: "TN1004",
          severity: "error",
          message: "a mistake in services.ts",
          location: { file: file("services.ts"), line: 3, column: 14 },
          hint: "the spec file threw while it ran",
        },
      ]);
      expect(specs.map((s) => s.file)).toEqual([file("infrastructure.ts")]);
    }
  });

  it("keeps apart spec files of one name in two folders", async () => {
    const dir = tempDir();
    for (const [folder, port] of [
      ["a", 1],
      ["b", 2],
    ] as const) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, "services.ts"), `export default ${port};\n`);
    }
    const { specs } = await loadSpecs([join(dir, "a/services.ts"), join(dir, "b/services.ts")]);
    expect(specs.map((s) => s.value)).toEqual([1, 2]);
  });

  it("reports a syntax error at its line and column, loading nothing", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      'import { services } from "@typenix/dsl";\nconst x = ;\n',
    );
    const { specs, diagnostics, sources } = await loadSpecs([join(dir, "services.ts")]);
    expect(specs).toEqual([]);
    expect(sources).toEqual([join(dir, "services.ts")]);
    expect(diagnostics).toMatchObject([
      {
        code: "TN1004",
        severity: "error",
        message: 'Unexpected ";"',
        location: { file: join(dir, "services.ts"), line: 2, column: 11 },
      },
    ]);
  });
});

describe("the bundle of spec files", () => {
  it("has a source map beside each module holding the user's code, naming the spec files", async () => {
    const dsl = {
      core: { url: "file:///dsl-core.mjs", names: Object.keys(core) },
      parameterSchemas: { url: "file:///dsl-schemas.mjs", names: PARAMETER_SCHEMA_EXPORTS },
    };
    const bundle = await bundleSpecs(files, dsl);
    expect(bundle.diagnostics).toEqual([]);
    const { modules = [] } = bundle;
    const byPath = new Map(modules.map((m) => [m.path, m.code]));
    const mapped = modules.filter(
      (m) => !m.path.endsWith(".map") && /sourceMappingURL/.test(m.code),
    );
    // The shared module of the services and the distribution's own code, at least.
    expect(mapped.length).toBeGreaterThanOrEqual(2);
    const named = new Set<string>();
    for (const module of mapped) {
      expect(module.code).toMatch(/\n\/\/# sourceMappingURL=[^/\s]+\.map\n$/);
      const map = JSON.parse(byPath.get(`${module.path}.map`) ?? "null") as { sources: string[] };
      for (const source of map.sources.filter((s) => !s.startsWith("typenix:"))) named.add(source);
    }
    expect([...named].sort()).toEqual([...files].sort());
    // Modules that hold no code of the user's (they re-export, or are the DSL's) have no map.
    for (const module of modules.filter((m) => !mapped.includes(m) && !m.path.endsWith(".map")))
      expect(byPath.has(`${module.path}.map`)).toBe(false);
  });
});
