/**
 * `typenix check` reports what the editor reports with the user's
 * tsconfig.json: imports of `@typenix/dsl` the options cannot resolve, and
 * the tsconfig.json's own mistakes, located in it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installDsl, tempDir, typenix } from "../support/typenix-cli.js";

const SERVICES =
  'import { pkgs, service, services } from "@typenix/dsl";\n' +
  'export default services({ web: service({ pkg: pkgs.hello, type: "process" }) });\n';

/** A spec folder with the DSL installed beside it and the given tsconfig.json text. */
function project(tsconfig: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "services.ts"), SERVICES);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  installDsl(dir);
  writeFileSync(join(dir, "tsconfig.json"), tsconfig);
  return dir;
}

describe("typenix check with the user's tsconfig.json", () => {
  it("passes where the options resolve the DSL", () => {
    const options = { strict: true, module: "esnext", moduleResolution: "bundler" };
    const dir = project(JSON.stringify({ compilerOptions: options }));
    const result = typenix(["check", "."], { cwd: dir });
    expect(result.stderr).toBe("typenix check: 1 spec file, no errors\n");
    expect(result.status).toBe(0);
  });

  it("reports an import of the DSL that the options cannot resolve, as tsc does", () => {
    const options = { strict: true, module: "esnext", moduleResolution: "node10" };
    const dir = project(JSON.stringify({ compilerOptions: options }));
    const result = typenix(["check", "."], { cwd: dir });
    expect(result.stderr).toContain(
      "services.ts:1:41: error TS2307: Cannot find module '@typenix/dsl'",
    );
    expect(result.status).toBe(1);
  });

  it("reports unknown options and bad values at their place in tsconfig.json", () => {
    const dir = project('{ "compilerOptions": { "stict": true, "module": "banana" } }\n');
    const result = typenix(["check", "."], { cwd: dir });
    expect(result.stderr).toContain(
      "tsconfig.json:1:24: error TS5025: Unknown compiler option 'stict'. Did you mean 'strict'?",
    );
    expect(result.stderr).toContain(
      "tsconfig.json:1:49: error TS6046: Argument for '--module' option must be",
    );
    expect(result.status).toBe(1);
  });

  it("reports a missing base config and type library in tsconfig.json", () => {
    const tsconfig =
      '{\n  "extends": "./missing.json",\n' +
      '  "compilerOptions": { "module": "esnext", "moduleResolution": "bundler",\n' +
      '    "types": ["nonexistent-types"] }\n}\n';
    const dir = project(tsconfig);
    const result = typenix(["check", "."], { cwd: dir });
    expect(result.stderr).toContain("tsconfig.json:1:1: error TS5083: Cannot read file");
    expect(result.stderr).toContain(
      "tsconfig.json:1:1: error TS2688: Cannot find type definition file for 'nonexistent-types'.",
    );
    expect(result.stderr).not.toContain("services.ts:");
    expect(result.status).toBe(1);
  });

  it("reports a tsconfig.json that is no JSON object", () => {
    const dir = project("[]\n");
    const result = typenix(["check", "."], { cwd: dir });
    expect(result.stderr).toMatch(/tsconfig\.json:1:1: error TS5092/);
    expect(result.status).toBe(1);
  });
});
