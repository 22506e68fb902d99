/**
 * JavaScript's object operations on a constructor parameter: a spread,
 * `Object.keys`, `in`, `JSON.stringify` would read attributes only Nix
 * knows, and are reported at the operation with the Nix builder to use.
 * The builders the hints name are checked with the real Nix.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createManagedProcess, defineConstructor, nix, z, type NixData } from "@typenix/dsl";
import { synthesize, type SynthResult } from "@typenix/compiler";
import { nixEvalJson, requireNix } from "../support/real-nix.js";

const out = mkdtempSync(join(tmpdir(), "typenix-symbolic-objects-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const SPEC = join(out, "spec.ts");

/** A constructor of a record parameter `extra` and a string `label`, whose environment `build` makes. */
function synthEnvironment(build: (p: { extra: NixData; label: NixData }) => NixData): SynthResult {
  const app = defineConstructor({
    name: "app",
    params: z.object({
      extra: z.record(z.string(), z.string()).default({ k: "v" }),
      label: z.string().default('say "hi"'),
    }),
    build: (p) =>
      createManagedProcess({
        name: "app",
        process: "/bin/app",
        environment: build(p as { extra: NixData; label: NixData }) as Record<string, NixData>,
      }),
  });
  return synthesize([{ file: SPEC, value: app }], { outDir: out });
}

/** The line of this file holding `marker` (1-based). */
function lineOf(marker: string): number {
  const lines = readFileSync(__filename, "utf8").split("\n");
  return lines.findIndex((l) => l.includes(marker)) + 1;
}

/** The one diagnostic of `build`'s constructor: code, message, hint, and the line it names. */
function reported(build: (p: { extra: NixData; label: NixData }) => NixData) {
  const { diagnostics } = synthEnvironment(build);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0];
}

describe("JavaScript object operations on a symbolic set", () => {
  it("a spread is reported, naming nix.op with //", () => {
    const d = reported(({ extra }) => ({ SPREAD: { a: "1", ...(extra as object) } }));
    expect(d?.code).toBe("TN3045");
    expect(d?.message).toContain("extra");
    expect(d?.hint).toContain('"//"');
    expect(d?.location?.file).toBe(__filename);
    const line = readFileSync(__filename, "utf8")
      .split("\n")
      .findIndex((l) => l.includes("SPREAD: { a"));
    expect(d?.location?.line).toBe(line + 1);
  });

  it("Object.keys, Object.values and Object.entries are reported", () => {
    for (const read of [Object.keys, Object.values, Object.entries]) {
      const d = reported(({ extra }) => ({ KEYS: read(extra as object) as NixData }));
      expect(d?.code).toBe("TN3045");
      expect(d?.hint).toContain("attrNames");
    }
  });

  it("`in` and Object.hasOwn are reported, naming builtins.hasAttr", () => {
    for (const has of [(o: object) => "k" in o, (o: object) => Object.hasOwn(o, "k")]) {
      const d = reported(({ extra }) => ({ HAS: has(extra as object) }));
      expect(d?.code).toBe("TN3045");
      expect(d?.hint).toContain("hasAttr");
    }
  });

  it("JSON.stringify of a symbolic value, alone or inside an object, is reported", () => {
    const alone = reported(({ extra }) => ({ JSON: JSON.stringify(extra) }));
    expect(alone?.code).toBe("TN3044");
    expect(alone?.hint).toContain("toJSON");
    const inside = reported(({ label }) => ({ CONFIG: JSON.stringify({ label }) }));
    expect(inside?.code).toBe("TN3044");
    expect(inside?.message).toContain("label");
  });
});

describe("the builders the hints name", () => {
  requireNix();

  it("give what JavaScript would for the set's attributes", () => {
    const builtins = nix.ref("builtins");
    const result = synthEnvironment(({ extra }) => ({
      SPREAD: nix.op({ a: "1", k: "first" }, "//", extra),
      KEYS: nix.call(builtins.attrNames, extra),
      HAS: nix.call(builtins.hasAttr, "k", extra),
    }));
    expect(result.diagnostics).toEqual([]);
    for (const file of result.files) writeFileSync(join(out, file.path), file.content);
    const nixFile = join(out, result.files.find((f) => f.path.endsWith(".nix"))?.path ?? "");
    const extra: Record<string, string> = { k: "v" };
    expect(
      nixEvalJson(`(import ${nixFile} { createManagedProcess = p: p.environment; }) { }`),
    ).toEqual({
      SPREAD: { a: "1", k: "first", ...extra },
      KEYS: Object.keys(extra),
      HAS: "k" in extra,
    });
  });
});

/** A package in a node_modules folder: a spread and a JSON.stringify run there, not in spec code. */
async function helperPackage(): Promise<{
  withA: (env: unknown) => NixData;
  copy: (env: unknown) => NixData;
  toJson: (value: unknown) => string;
}> {
  const dir = join(out, "node_modules", "helper");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "index.js"),
    'export const withA = (env) => ({ A: "1", ...env });\n' +
      "export const copy = (env) => ({ ...env });\n" +
      "export const toJson = (value) => JSON.stringify(value);\n",
  );
  return (await import(pathToFileURL(join(dir, "index.js")).href)) as Awaited<
    ReturnType<typeof helperPackage>
  >;
}

describe("a spread or JSON.stringify of a symbolic value run outside spec code", () => {
  it("in a package's helper, is reported where the value is used", async () => {
    const { withA, toJson } = await helperPackage();
    const { diagnostics } = synthEnvironment(({ extra, label }) => ({
      HELPER: withA(extra),
      JSON: toJson({ label }),
    }));
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([
      ["TN3045", "environment.HELPER"],
      ["TN3044", "environment.JSON"],
    ]);
    expect(diagnostics[0]?.message).toContain("extra");
    expect(diagnostics[1]?.message).toContain("label");
    expect(diagnostics.every((d) => d.location?.file === __filename)).toBe(true);
  });

  it("with Error.stackTraceLimit lowered, is reported at the spread", () => {
    const limit = Error.stackTraceLimit;
    const d = reported(({ extra }) => {
      Error.stackTraceLimit = 1;
      try {
        return { LIMITED: { a: "1", ...(extra as object) } };
      } finally {
        Error.stackTraceLimit = limit;
      }
    });
    expect(d?.code).toBe("TN3045");
    expect(d?.location?.line).toBe(lineOf("LIMITED: { a"));
  });

  it("a spread of nothing else is the value itself", async () => {
    requireNix();
    const { copy } = await helperPackage();
    const result = synthEnvironment(({ extra }) => ({ ALONE: copy(extra) }));
    expect(result.diagnostics).toEqual([]);
    for (const file of result.files) writeFileSync(join(out, file.path), file.content);
    const nixFile = join(out, result.files.find((f) => f.path.endsWith(".nix"))?.path ?? "");
    expect(
      nixEvalJson(`(import ${nixFile} { createManagedProcess = p: p.environment; }) { }`),
    ).toEqual({ ALONE: { k: "v" } });
  });
});

describe("a string made of a symbolic value, given to JSON.stringify", () => {
  it.each([
    ["in a template literal", (label: NixData) => JSON.stringify({ label: `${String(label)}` })],
    ["through String()", (label: NixData) => JSON.stringify(String(label))],
    ["concatenated", (label: NixData) => JSON.stringify([`${String(label)}`.concat("")])],
    ["twice", (label: NixData) => JSON.stringify(JSON.stringify({ label: `${String(label)}` }))],
  ])("%s, is reported", (_, stringify) => {
    const d = reported(({ label }) => ({ ESCAPED: stringify(label) }));
    expect(d?.code).toBe("TN3044");
    expect(d?.message).toContain("label");
    expect(d?.hint).toContain('nix.select(nix.ref("builtins"), "toJSON")');
    expect(d?.location?.file).toBe(__filename);
  });
});

describe("a string made of a symbolic value, escaped otherwise", () => {
  it("is reported, not written as text", () => {
    const d = reported(({ label }) => ({ URI: encodeURIComponent(`${String(label)}`) }));
    expect(d?.code).toBe("TN3044");
    expect(d?.message).toContain("encodeURIComponent");
  });
});

describe("a JavaScript member of a symbolic value given to nix.call", () => {
  it("is reported, naming nix.select", () => {
    const builtins = nix.ref("builtins");
    const d = reported(({ label }) => ({ JSON: nix.call(builtins.toJSON, { label }) }));
    expect(d?.code).toBe("TN3048");
    expect(d?.hint).toContain('nix.select(nix.ref("builtins"), "toJSON")');
    expect(d?.location?.line).toBe(lineOf("JSON: nix.call(builtins.toJSON"));
  });
});

describe("the JSON the TN3044 hint names", () => {
  requireNix();

  it("is the JSON of the value, by Nix", () => {
    const toJSON = nix.select(nix.ref("builtins"), "toJSON");
    const result = synthEnvironment(({ label }) => ({
      JSON: nix.call(toJSON, { label }) as NixData,
      TEXT: nix.call(toJSON, `[${String(label)}]`) as NixData,
    }));
    expect(result.diagnostics).toEqual([]);
    for (const file of result.files) writeFileSync(join(out, file.path), file.content);
    const nixFile = join(out, result.files.find((f) => f.path.endsWith(".nix"))?.path ?? "");
    const label = 'say "hi"';
    expect(
      nixEvalJson(`(import ${nixFile} { createManagedProcess = p: p.environment; }) { }`),
    ).toEqual({ JSON: JSON.stringify({ label }), TEXT: JSON.stringify(`[${label}]`) });
  });
});
