/**
 * `typenix check` type-checks spec files as the ES modules synth runs
 * them as: top-level `await` and `import.meta` are allowed wherever synth
 * allows them, with or without a tsconfig.json and whatever package.json
 * says, and imports resolve as before.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installDsl, tempDir, typenix } from "../support/typenix-cli.js";

/** A spec file that awaits at its top level, reads import.meta and imports a file beside it. */
const SERVICES =
  'import { pkgs, service, services } from "@typenix/dsl";\n' +
  'import { label } from "./label.js";\n' +
  "const awaited = await Promise.resolve(label);\n" +
  'const web = service({ pkg: pkgs.hello, type: "process", awaited, file: import.meta.url });\n' +
  "export default services({ web });\n";

/** A folder holding the spec file, the file it imports, and `files` besides. */
function specFolder(files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, "services.ts"), SERVICES);
  writeFileSync(join(dir, "label.ts"), 'export const label: string = "web";\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("typenix check of spec files as ES modules", () => {
  it("allows top-level await and import.meta where no tsconfig.json or package.json is", () => {
    const dir = specFolder();
    const result = typenix(["check", dir]);
    expect(result.stderr).toBe("typenix check: 1 spec file, no errors\n");
    expect(result.status).toBe(0);
    // synth runs them alike.
    expect(typenix(["synth", dir, "-o", tempDir()]).status).toBe(0);
  });

  it("allows them in a CommonJS package", () => {
    const dir = specFolder({ "package.json": '{ "type": "commonjs" }\n' });
    expect(typenix(["check", dir]).stderr).toBe("typenix check: 1 spec file, no errors\n");
  });

  it("allows them under a tsconfig.json of module NodeNext in a CommonJS package", () => {
    const tsconfig = {
      compilerOptions: { strict: true, module: "NodeNext", target: "ES2022", noEmit: true },
    };
    const dir = specFolder({
      "package.json": "{}\n",
      "tsconfig.json": JSON.stringify(tsconfig),
    });
    // Under a tsconfig.json the DSL resolves as the editor resolves it: from node_modules.
    installDsl(dir);
    expect(typenix(["check", dir]).stderr).toBe("typenix check: 1 spec file, no errors\n");
  });

  it("still reports type errors, and imports that do not resolve", () => {
    const dir = specFolder({
      "label.ts": "export const label: string = 5;\n",
      "infrastructure.ts":
        'import { infrastructure } from "@typenix/dsl";\nimport missing from "./missing.js";\n' +
        "export default infrastructure(missing);\n",
    });
    const result = typenix(["check", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "label.ts:1:14: error TS2322: Type 'number' is not assignable to type 'string'.",
    );
    expect(result.stderr).toContain(
      "infrastructure.ts:2:21: error TS2307: Cannot find module './missing.js'",
    );
  });
});

describe("typenix check of spec files using Node's built-ins", () => {
  /** Timers of each kind synth runs, as a spec file and a config use them. */
  const PROCESSES =
    'import { nix, processInstance, processes } from "@typenix/dsl";\n' +
    'import { setTimeout as sleep } from "node:timers/promises";\n' +
    'import { setImmediate as immediate } from "node:timers";\n' +
    "const items: Record<string, ReturnType<typeof processInstance>> = {};\n" +
    "await sleep(1);\n" +
    'setImmediate(() => { items.a = processInstance({ pkg: nix.raw("null") }); });\n' +
    'process.nextTick(() => { items.b = processInstance({ pkg: nix.raw("null") }); });\n' +
    "await new Promise((resolve) => immediate(resolve));\n" +
    "export default processes(items);\n";
  const CONFIG =
    'import { setTimeout as sleep } from "node:timers/promises";\n' +
    'export default sleep(1).then(() => ({ files: ["processes.ts"] }));\n';

  it("types them where no tsconfig.json is, from any working directory, as synth runs them", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "processes.ts"), PROCESSES);
    writeFileSync(join(dir, "typenix.config.ts"), CONFIG);
    expect(typenix(["synth", dir, "-o", tempDir()]).status).toBe(0);
    // From the folder itself, above which no node_modules holds Node's types, and from elsewhere.
    for (const cwd of [dir, tempDir()]) {
      const result = typenix(["check", dir], { cwd });
      expect(result.stderr).toBe("typenix check: 1 spec file, no errors\n");
      expect(result.status).toBe(0);
    }
  });
});

describe("typenix check of spec folders of two projects", () => {
  const INFRASTRUCTURE =
    'import { infrastructure, target } from "@typenix/dsl";\n' +
    "function host(name) { return name; }\n" +
    'export default infrastructure({ test1: target({ properties: { hostname: host("test1") } }) });\n';

  it("checks each folder's files with the options of its own tsconfig.json", () => {
    const loose = tempDir();
    const options = {
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      strict: false,
    };
    writeFileSync(join(loose, "tsconfig.json"), JSON.stringify({ compilerOptions: options }));
    writeFileSync(join(loose, "infrastructure.ts"), INFRASTRUCTURE);
    installDsl(loose);
    const strict = specFolder();
    // The strict folder first: its options must not apply to the loose one.
    const result = typenix(["check", strict, loose]);
    expect(result.stderr).toBe("typenix check: 2 spec files, no errors\n");
    expect(result.status).toBe(0);
    // The same implicit any is an error where the options are strict.
    rmSync(join(loose, "tsconfig.json"));
    const both = typenix(["check", strict, loose]);
    expect(both.stderr).toContain("infrastructure.ts:2:15: error TS7006");
  });
});

describe("typenix check of JavaScript spec files", () => {
  const SERVICES_JS =
    'import { pkgs, service, services } from "@typenix/dsl";\n' +
    'export default services({ web: service({ pkg: pkgs.hello, type: "process" }) });\n';

  it("checks a .js spec file as synth runs it, with or without a tsconfig.json", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "services.js"), SERVICES_JS);
    const result = typenix(["check", "services.js"], { cwd: dir });
    expect(result.stderr).toBe("typenix check: 1 spec file, no errors\n");
    expect(result.status).toBe(0);
    expect(typenix(["synth", "services.js", "-o", tempDir()], { cwd: dir }).status).toBe(0);
    const options = { strict: true, module: "esnext", moduleResolution: "bundler" };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options }));
    installDsl(dir);
    expect(typenix(["check", "services.js"], { cwd: dir }).stderr).toBe(
      "typenix check: 1 spec file, no errors\n",
    );
  });

  it("reports a syntax error of a .js spec file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "services.js"), "const x = ;\nexport default x;\n");
    const result = typenix(["check", "services.js"], { cwd: dir });
    expect(result.stderr).toContain("services.js:1:11: error TS1109: Expression expected.");
    expect(result.status).toBe(1);
  });
});
