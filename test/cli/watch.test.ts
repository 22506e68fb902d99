/**
 * `typenix synth --watch` writes again when a spec file changes, or a file
 * a spec imports (in another folder too), or a spec file appears.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, STAND_INS, tempDir } from "../support/typenix-cli.js";

const BIN = fileURLToPath(new URL("../../packages/runtime/bin/typenix.js", import.meta.url));
// Inside the repository, so the spec resolves @typenix/dsl.
const specDir = (): string => mkdtempSync(join(ROOT, "test/cli/.watch-"));
const cleanup: string[] = [];
afterEach(() => cleanup.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * `typenix synth DIR -o OUT --watch`, running until killed, once it says
 * it watches (an edit before that would go unseen).
 */
async function watching(dir: string, out: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "synth", dir, "-o", out, "--watch"], {
    cwd: ROOT,
    env: { ...process.env, NIX_PATH: `nixpkgs=${join(STAND_INS, "nixpkgs")}` },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (!(await until(() => stderr.includes("watching"), 20_000))) {
    child.kill();
    throw new Error(`typenix synth --watch did not start watching:\n${stderr}`);
  }
  return child;
}

/** Replaces `from` by `to` in `file`. */
function edit(file: string, from: string, to: string): void {
  writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
}

describe("typenix synth --watch", () => {
  it("re-synthesizes after an edit", async () => {
    const dir = specDir();
    cleanup.push(dir);
    cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "services.ts"));
    const out = tempDir();
    const child = await watching(dir, out);
    try {
      const services = join(out, "services.nix");
      expect(await until(() => existsSync(services), 20_000)).toBe(true);
      edit(join(dir, "services.ts"), 'type: "process"', 'type: "wrapper"');
      expect(
        await until(() => readFileSync(services, "utf8").includes('type = "wrapper";'), 20_000),
      ).toBe(true);
    } finally {
      child.kill();
    }
  }, 60_000);

  it("re-synthesizes when an imported file changes, and when a spec file appears", async () => {
    const root = specDir();
    cleanup.push(root);
    const dir = join(root, "deployment");
    mkdirSync(dir);
    mkdirSync(join(root, "shared"));
    writeFileSync(join(root, "shared/ports.ts"), "export const webPort = 8080;\n");
    writeFileSync(
      join(dir, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        'import { webPort } from "../shared/ports.js";\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process", port: webPort }) });\n',
    );
    const out = tempDir();
    const child = await watching(dir, out);
    try {
      const services = join(out, "services.nix");
      expect(await until(() => existsSync(services), 20_000)).toBe(true);
      expect(readFileSync(services, "utf8")).toContain("port = 8080;");
      edit(join(root, "shared/ports.ts"), "8080", "9090");
      expect(
        await until(() => readFileSync(services, "utf8").includes("port = 9090;"), 20_000),
      ).toBe(true);
      writeFileSync(
        join(dir, "infrastructure.ts"),
        'import { infrastructure, target } from "@typenix/dsl";\n' +
          'export default infrastructure({ test1: target({ properties: { hostname: "test1" } }) });\n',
      );
      expect(await until(() => existsSync(join(out, "infrastructure.nix")), 20_000)).toBe(true);
    } finally {
      child.kill();
    }
  }, 90_000);
});
