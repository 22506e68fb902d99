/**
 * The DSL ships its TypeScript sources, which a spec project type-checks
 * with its own options (`skipLibCheck` does not cover `.ts` files): they
 * must type-check in a project without `@types/node`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT, tempDir } from "../support/typenix-cli.js";

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

it("type-checks in a project without @types/node", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "node_modules", "@typenix"), { recursive: true });
  symlinkSync(join(ROOT, "packages", "dsl"), join(dir, "node_modules", "@typenix", "dsl"));
  writeFileSync(
    join(dir, "services.ts"),
    'import { pkgs, service, services } from "@typenix/dsl";\n' +
      'export default services({ a: service({ pkg: pkgs.hello, type: "process" }) });\n',
  );
  const flags = ["--strict", "--module", "esnext", "--moduleResolution", "bundler"];
  const result = spawnSync(
    process.execPath,
    [TSC, "--noEmit", ...flags, "--target", "es2022", "services.ts"],
    { cwd: dir, encoding: "utf8" },
  );
  expect(result.stdout).toBe("");
  expect(result.status).toBe(0);
});
