/**
 * A mistake TypeScript reports is reported by check once: where
 * TypeScript reports errors in a file, the diagnostics of the kinds that
 * repeat a type error, located in that file, are left out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBatch } from "../support/check-batch.js";
import { tempDir } from "../support/typenix-cli.js";

/**
 * The cases' folders, written as the tests are collected and checked in
 * one `typenix check` when the first case asks (see check-batch.ts):
 * each case reads the diagnostics of its own folder.
 */
const checked = checkBatch();

/** A folder holding `files` (by name), added to the one check. */
function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  checked.add(dir);
  return dir;
}

const PROCESSES =
  'import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";\n' +
  "const app = defineConstructor({\n" +
  '  name: "app",\n' +
  "  params: z.object({ port: z.int() }),\n" +
  '  build: ({ port }) => createManagedProcess({ name: "app", process: "/bin/app", args: [`${port}`] }),\n' +
  "});\n";

const SERVICES =
  'import { pkgs, service, services } from "@typenix/dsl";\n' +
  'export default services({ web: service({ pkg: pkgs.hello, type: "process" }) });\n';

const INFRASTRUCTURE =
  'import { infrastructure, target } from "@typenix/dsl";\n' +
  'export default infrastructure({ test1: target({ properties: { hostname: "test1" } }) });\n';

/** The imports of a distribution.ts over the two models above. */
const DISTRIBUTION_IMPORTS =
  'import { distribution } from "@typenix/dsl";\n' +
  'import infrastructure from "./infrastructure.js";\n' +
  'import services from "./services.js";\n';

describe("typenix check says a mistake TypeScript reports once", () => {
  const wrongArgument = folder({
    "processes.ts":
      PROCESSES +
      "export default processes({\n" +
      '  one: processInstance({ pkg: app({ port: "8080" }) }),\n' +
      "  two: processInstance({ pkg: app({ port: 1, prot: 2 }) }),\n" +
      "});\n",
  });

  it("a constructor argument of a wrong type or name: the type errors only", () => {
    const result = checked.of(wrongArgument);
    expect(result.stderr).toContain("processes.ts:8:37: error TS2322");
    expect(result.stderr).toContain("processes.ts:9:46: error TS2353");
    expect(result.stderr).not.toContain("TN2002");
    expect(result.status).toBe(1);
  });

  const missingTarget = folder({
    "services.ts": SERVICES,
    "infrastructure.ts": INFRASTRUCTURE,
    "distribution.ts":
      DISTRIBUTION_IMPORTS +
      "export default distribution(services, infrastructure, (t) => ({ web: [t.test2] }));\n",
  });

  it("a distribution to a target that is not there: the type error only", () => {
    const result = checked.of(missingTarget);
    expect(result.stderr).toContain("distribution.ts:4:73: error TS2551");
    expect(result.stderr).not.toContain("TN5002");
    expect(result.status).toBe(1);
  });

  const longFormProperty = folder({
    "services.ts": SERVICES,
    "infrastructure.ts": INFRASTRUCTURE,
    "distribution.ts":
      DISTRIBUTION_IMPORTS +
      "export default distribution(services, infrastructure, (t) => ({\n" +
      '  web: { targets: [{ target: t.test1 }], container: "process" },\n' +
      "}));\n",
  });

  it("a property of a placement's long form that Disnix does not read: the type error only", () => {
    const result = checked.of(longFormProperty);
    expect(result.stderr).toContain("distribution.ts:5:42: error TS2322");
    expect(result.stderr).not.toContain("TN2001");
    expect(result.status).toBe(1);
  });

  const syntaxError = folder({
    "services.ts": 'import { services } from "@typenix/dsl";\nexport default services({ a: \n',
  });

  it("a syntax error: TypeScript's errors only", () => {
    const result = checked.of(syntaxError);
    expect(result.stderr).toContain("services.ts:2:29: error TS1109");
    expect(result.stderr).not.toContain("TN1004");
    expect(result.status).toBe(1);
  });

  const unseen = folder({
    "services.ts":
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
      'const webapp = service({ name: "web-app", pkg: pkgs.hello, type: "process" });\n' +
      'const port: number = "80";\n' +
      "export default services({ webapp });\n",
    "processes.ts":
      PROCESSES +
      'export default processes({ one: processInstance({ pkg: app({ port: "80" as never }) }) });\n',
  });

  it("keeps what TypeScript cannot see, and what is in a file free of type errors", () => {
    const result = checked.of(unseen);
    expect(result.stderr).toContain("services.ts:3:7: error TS2322");
    expect(result.stderr).toContain("services.ts:2:16: error TN5001");
    expect(result.stderr).toContain("processes.ts:7:");
    expect(result.stderr).toContain("TN2002");
  });
});
