/**
 * A constructor called directly (`webapp({ port: 5000 })`, not through the
 * constructors model) is called in the generated Nix under the key the
 * constructors model gives it, which need not be its name; one that the
 * model does not hold is reported at the call. Checked by evaluating the
 * generated models with the real Nix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

// Inside the repository, so the spec files resolve @typenix/dsl.
const root = mkdtempSync(join(ROOT, "test/lowering/.out-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const constructor = (
  name: string,
): string => `import { createManagedProcess, defineConstructor, z } from "@typenix/dsl";

export default defineConstructor({
  name: "${name}",
  params: z.object({ port: z.number() }),
  build: ({ port }) =>
    createManagedProcess({ name: "${name}", process: "/bin/${name}", environment: { PORT: port } }),
});
`;

const CONSTRUCTORS = `import { constructors } from "@typenix/dsl";
import webapp from "./webapp.js";

export default constructors({ simpleWebapp: webapp });
`;

/** Writes the spec files (webapp.ts, other.ts and constructors.ts besides `files`) to a new directory. */
function specDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "webapp.ts"), constructor("webapp"));
  writeFileSync(join(dir, "other.ts"), constructor("other"));
  writeFileSync(join(dir, "constructors.ts"), CONSTRUCTORS);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function synth(dir: string, ...options: string[]): string {
  const out = tempDir();
  const result = typenix(["synth", dir, "-o", out, ...options]);
  expect(result.stderr).not.toMatch(/error/);
  expect(result.status).toBe(0);
  return out;
}

describe("a constructor called directly", () => {
  requireNix();

  it("in a processes model, is called under its key in the constructors model", () => {
    const dir = specDir("processes", {
      "processes.ts": `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
import webapp from "./webapp.js";

export default processes(
  { a: processInstance({ port: 5000, pkg: webapp({ port: 5000 }) }) },
  { constructors },
);
`,
    });
    const out = synth(dir, "--json-specs");
    const env = nixEvalJson(
      `(import ${join(out, "processes.nix")} { processManager = null; }).a.pkg.managedProcess.environment`,
      STAND_IN_ARGS,
    );
    expect(env).toEqual({ PORT: 5000 });
  });

  it("in a services model, is called under its key in the constructors model", () => {
    const dir = specDir("services", {
      "services.ts": `import { service, services } from "@typenix/dsl";
import webapp from "./webapp.js";

export default services({
  a: service({ port: 5000, pkg: webapp({ port: 5000 }), type: "process" }),
});
`,
    });
    const out = synth(dir);
    const env = nixEvalJson(
      `(import ${join(out, "services.nix")} {
        system = "x86_64-linux"; pkgs = import <nixpkgs> { };
        distribution = { }; invDistribution = { };
      }).a.pkg.managedProcess.environment`,
      STAND_IN_ARGS,
    );
    expect(env).toEqual({ PORT: 5000 });
  });

  it("is reported at the call when the constructors model does not hold it", () => {
    const processes = `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
import other from "./other.js";

export default processes({ a: processInstance({ pkg: other({ port: 5000 }) }) }, { constructors });
`;
    const dir = specDir("missing", { "processes.ts": processes });
    const result = typenix(["synth", dir, "-o", tempDir()]);
    expect(result.status).not.toBe(0);
    const line = processes.split("\n").findIndex((l) => l.includes("other({")) + 1;
    const column = (processes.split("\n")[line - 1] ?? "").indexOf("other({") + 1;
    expect(result.stderr).toContain(
      `${relative(ROOT, join(dir, "processes.ts"))}:${line}:${column}: error TN3008: constructor 'other' is not in the constructors model\n` +
        "  hint: add it to constructors(...) in constructors.ts, or call a constructor that model holds",
    );
  });
});
