/**
 * A constructor called directly (`webapp({ port: 5000 })`, not through the
 * constructors model) is called in the generated Nix under the key the
 * constructors model gives it, which need not be its name; one that the
 * model does not hold is reported at the call. Checked by evaluating the
 * generated models with the real Nix.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** Spec files of a `db` and an `app` constructor, the app depending on the processes passed. */
const CONSTRUCTOR_DEFINITIONS = `import { createManagedProcess, defineConstructor, nixData, z } from "@typenix/dsl";
const db = defineConstructor({
  name: "db",
  params: z.object({ instanceSuffix: z.string().default("") }),
  build: ({ instanceSuffix }) =>
    createManagedProcess({ instanceName: \`db\${instanceSuffix}\`, process: "/bin/db" }),
});
const app = defineConstructor({
  name: "app",
  params: z.object({ deps: z.array(nixData()).default([]) }),
  build: ({ deps }) =>
    createManagedProcess({ instanceName: "app", process: "/bin/app", dependencies: deps }),
});
`;

/** `processes.ts` calling the constructors of `ctors` (bound by `ctorsImport`). */
const processesWith = (ctorsImport: string): string => `${ctorsImport}
import { processInstance, processes } from "@typenix/dsl";
const db1 = processInstance({ pkg: ctors.db({ instanceSuffix: "1" }) });
const app1 = processInstance({ pkg: ctors.app({ deps: [db1] }) });
export default processes({ db1, app1 }, { constructors: ctors });
`;

const SERVICES_WITH_MY_CTORS = `import { service, services } from "@typenix/dsl";
import ctors from "./my-ctors.js";
export default services({ db: service({ pkg: ctors.db({}), type: "process" }) });
`;

/** The file a generated model imports its constructors model from. */
function importedConstructors(out: string, file: string): string | undefined {
  return /constructors = import \.\/(\S+) \{/.exec(readFileSync(join(out, file), "utf8"))?.[1];
}

/** The instance names of the instances `app1` depends on, as the generated processes model gives them. */
function appDependencies(out: string): unknown {
  return nixEvalJson(
    `map (d: d.pkg.managedProcess.instanceName) (import ${join(out, "processes.nix")} { processManager = null; }).app1.pkg.managedProcess.dependencies`,
    STAND_IN_ARGS,
  );
}

describe("the constructors model a model imports", () => {
  requireNix();

  it("is the file written for a constructors model made in processes.ts itself", () => {
    const dir = join(root, "own-model");
    mkdirSync(dir);
    const processes = processesWith(
      `${CONSTRUCTOR_DEFINITIONS}import { constructors } from "@typenix/dsl";\nconst ctors = constructors({ db, app });`,
    );
    writeFileSync(join(dir, "processes.ts"), processes);
    const out = synth(dir);
    expect(importedConstructors(out, "processes.nix")).toBe("constructors.nix");
    expect(existsSync(join(out, "constructors.nix"))).toBe(true);
    expect(appDependencies(out)).toEqual(["db1"]);
  });

  it("is the file of the module defining it, when no spec file given exports it", () => {
    const dir = join(root, "other-file");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "my-ctors.ts"),
      `${CONSTRUCTOR_DEFINITIONS}import { constructors } from "@typenix/dsl";\nexport default constructors({ db, app });\n`,
    );
    writeFileSync(join(dir, "processes.ts"), processesWith('import ctors from "./my-ctors.js";'));
    writeFileSync(join(dir, "services.ts"), SERVICES_WITH_MY_CTORS);
    const out = synth(dir);
    // As when my-ctors.ts is given too (below): the same files, whatever files were given.
    expect(importedConstructors(out, "processes.nix")).toBe("my-ctors.nix");
    expect(importedConstructors(out, "services.nix")).toBe("my-ctors.nix");
    expect(readFileSync(join(out, "my-ctors.nix"), "utf8")).toMatch(
      /^# Generated by typenix from my-ctors\.ts\./,
    );
    expect(existsSync(join(out, "constructors.nix"))).toBe(false);
    expect(appDependencies(out)).toEqual(["db1"]);
  });

  it("is the file of the spec that exports it, when one does", () => {
    const dir = join(root, "spec-file");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "my-ctors.ts"),
      `${CONSTRUCTOR_DEFINITIONS}import { constructors } from "@typenix/dsl";\nexport default constructors({ db, app });\n`,
    );
    writeFileSync(join(dir, "processes.ts"), processesWith('import ctors from "./my-ctors.js";'));
    writeFileSync(join(dir, "services.ts"), SERVICES_WITH_MY_CTORS);
    const out = tempDir();
    const specs = ["my-ctors.ts", "processes.ts", "services.ts"].map((f) => join(dir, f));
    const result = typenix(["synth", ...specs, "-o", out]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    expect(importedConstructors(out, "processes.nix")).toBe("my-ctors.nix");
    expect(importedConstructors(out, "services.nix")).toBe("my-ctors.nix");
    expect(appDependencies(out)).toEqual(["db1"]);
  });

  it("is the written one when the processes model's own is no spec's export", () => {
    const processes = `import { constructors, processInstance, processes } from "@typenix/dsl";
import other from "./other.js";

const own = constructors({ other });
export default processes({ a: processInstance({ pkg: own.other({ port: 5000 }) }) }, { constructors: own });
`;
    const dir = specDir("not-exported", { "processes.ts": processes });
    const result = typenix(["synth", dir, "-o", tempDir()]);
    expect(result.status).not.toBe(0);
    // The call site is where the constructor is called: `other(`, after `own.`.
    const line = processes.split("\n").findIndex((l) => l.includes("own.other({")) + 1;
    const column = (processes.split("\n")[line - 1] ?? "").indexOf("other({ port") + 1;
    expect(result.stderr).toContain(
      `${relative(ROOT, join(dir, "processes.ts"))}:${line}:${column}: error TN3008: constructor 'other' is not in the constructors model\n` +
        "  hint: add it to constructors(...) in constructors.ts, or call a constructor that model holds",
    );
  });
});
