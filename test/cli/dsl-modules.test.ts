/**
 * The DSL as spec files see it: `@typenix/dsl` stands for the command's
 * DSL core and its parameter schemas, two modules, and a bundle imports
 * the schemas (and so zod) only when a spec file uses one of their names.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as index from "@typenix/dsl";
import * as core from "@typenix/dsl/core";
import * as schemas from "@typenix/dsl/parameter-schemas";
import { bundleSpecs, type DslModules } from "../../packages/runtime/src/load/bundle-specs.js";
import { loadSpecs, PARAMETER_SCHEMA_EXPORTS } from "../../packages/runtime/src/load/load-specs.js";
import { tempDir } from "../support/typenix-cli.js";

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe("the DSL of spec files", () => {
  it("knows the names of the parameter schemas without loading them", () => {
    expect(sorted(PARAMETER_SCHEMA_EXPORTS)).toEqual(sorted(Object.keys(schemas)));
  });

  it("is all of @typenix/dsl: its core and its parameter schemas", () => {
    const both = new Set([...Object.keys(core), ...PARAMETER_SCHEMA_EXPORTS]);
    expect(sorted(both)).toEqual(sorted(Object.keys(index)));
  });

  it("leaves the parameter schemas out of bundles that do not use them", async () => {
    const dsl: DslModules = {
      core: { url: "file:///dsl-core.mjs", names: ["service", "services"] },
      parameterSchemas: { url: "file:///dsl-schemas.mjs", names: ["z", "nixData"] },
    };
    const dir = tempDir();
    const plain = join(dir, "services.ts");
    writeFileSync(
      plain,
      'import { services } from "@typenix/dsl";\nexport default services({});\n',
    );
    const withZod = join(dir, "constructors.ts");
    writeFileSync(
      withZod,
      'import { service, z } from "@typenix/dsl";\nexport default [service, z];\n',
    );

    const code = async (files: string[]): Promise<string> =>
      ((await bundleSpecs(files, dsl)).modules ?? []).map((m) => m.code).join("\n");
    const without = await code([plain]);
    expect(without).toContain('"file:///dsl-core.mjs"');
    expect(without).not.toContain("dsl-schemas");

    const using = await code([plain, withZod]);
    expect(using).toContain('"file:///dsl-core.mjs"');
    expect(using).toContain('"file:///dsl-schemas.mjs"');
  });

  it("reports an import of a name the DSL does not have at its line", async () => {
    const dir = tempDir();
    const file = join(dir, "services.ts");
    writeFileSync(
      file,
      'import { services, servce } from "@typenix/dsl";\nexport default services({ servce });\n',
    );
    const { specs, diagnostics } = await loadSpecs([file]);
    expect(specs).toEqual([]);
    expect(diagnostics).toEqual([
      {
        code: "TN1004",
        severity: "error",
        message: 'No matching export in "@typenix/dsl" for import "servce"',
        location: { file, line: 1, column: 20 },
        hint: 'Did you mean to import "service" instead?',
      },
    ]);
  });
});
