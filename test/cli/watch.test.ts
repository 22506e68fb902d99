/**
 * `typenix synth --watch` writes again when a spec file changes, or a file
 * a spec imports (in another folder too), or a file or folder spec code
 * names through `nix.path` or `nix.import`, or a spec file appears, or a
 * file a failed run missed is made; it exits at once on a usage error no
 * edit can fix.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, STAND_INS, tempDir, typenix } from "../support/typenix-cli.js";

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

/** The stand-ins on NIX_PATH, for Nix evaluating JSON specs. */
const NIX_PATH = `nixpkgs=${join(STAND_INS, "nixpkgs")}:nix-processmgmt=${join(STAND_INS, "nix-processmgmt")}`;

/**
 * `typenix synth DIR -o OUT --watch ...more`, running until killed, once
 * it says it watches (an edit before that would go unseen).
 */
async function watching(dir: string, out: string, ...more: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "synth", dir, "-o", out, "--watch", ...more], {
    cwd: ROOT,
    env: { ...process.env, NIX_PATH },
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

/** Asserts that `synth --json-specs --check` finds every output in `out` made from `dir` up to date. */
function expectUpToDate(dir: string, out: string): void {
  const check = typenix(["synth", dir, "-o", out, "--json-specs", "--check"], {
    env: { NIX_PATH },
  });
  expect(check.stderr).not.toContain("stale");
  expect(check.status).toBe(0);
}

describe("typenix synth --watch", () => {
  it.each([
    ["", false],
    [" of a spec file in OUT", true],
  ])(
    "re-synthesizes after an edit%s",
    async (_, outIsSpecFolder) => {
      const dir = specDir();
      cleanup.push(dir);
      cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "services.ts"));
      const out = outIsSpecFolder ? dir : tempDir();
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
    },
    60_000,
  );

  it("gives up a run awaiting a promise that never settles once the files change again", async () => {
    const dir = specDir();
    cleanup.push(dir);
    const file = join(dir, "services.ts");
    cpSync("test/cli/fixtures/literal-text/services.ts", file);
    const out = tempDir();
    const child = await watching(dir, out);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const services = join(out, "services.nix");
      expect(await until(() => existsSync(services), 20_000)).toBe(true);
      writeFileSync(file, `await new Promise(() => {});\n${readFileSync(file, "utf8")}`);
      // The run waits, as Node would: nothing tells a slow await from one that never ends.
      await new Promise((r) => setTimeout(r, 1_000));
      edit(file, "await new Promise(() => {});\n", "");
      edit(file, 'type: "process"', 'type: "wrapper"');
      // The run waiting was stuck for good, and no change was synthesized any more.
      expect(
        await until(() => readFileSync(services, "utf8").includes('type = "wrapper";'), 20_000),
      ).toBe(true);
      // The run given up reports nothing stale: the run after it reads the files as they are.
      expect(stderr).not.toContain("error");
    } finally {
      child.kill();
    }
  }, 60_000);

  it("re-synthesizes when a folder nix.path names by its absolute path changes", async () => {
    const dir = specDir();
    cleanup.push(dir);
    const data = tempDir();
    writeFileSync(join(data, "f"), "1\n");
    writeFileSync(
      join(dir, "services.ts"),
      'import { nix, pkgs, service, services } from "@typenix/dsl";\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process",\n' +
        `  assets: nix.path(${JSON.stringify(data)}) }) });\n`,
    );
    const out = tempDir();
    const child = await watching(dir, out);
    try {
      const manifest = join(out, "typenix-manifest.json");
      expect(await until(() => existsSync(manifest), 20_000)).toBe(true);
      const before = inputHash(manifest, data.slice(1));
      expect(before).toMatch(/^[0-9a-f]{64}$/);
      writeFileSync(join(data, "f"), "2\n");
      expect(await until(() => inputHash(manifest, data.slice(1)) !== before, 20_000)).toBe(true);
    } finally {
      child.kill();
    }
    expect(typenix(["synth", dir, "-o", out, "--check"]).status).toBe(0);
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

  it("re-synthesizes when a file spec code imports through nix.import changes", async () => {
    // The webapp-processes example, whose webapp package is a local derivation (nix.import).
    const top = specDir();
    cleanup.push(top);
    const dir = join(top, "webapp-processes");
    cpSync("examples/webapp-processes", dir, { recursive: true });
    cpSync("examples/packages", join(top, "packages"), { recursive: true });
    const out = tempDir();
    const child = await watching(dir, out, "--json-specs");
    try {
      const nixFile = join(top, "packages/webapp.nix");
      const manifest = join(out, "typenix-manifest.json");
      expect(await until(() => existsSync(manifest), 30_000)).toBe(true);
      expect(inputHash(manifest, "packages/webapp.nix")).toBe(sha256(readFileSync(nixFile)));
      const before = sha256(readFileSync(nixFile));
      edit(nixFile, "echo webapp >", "echo webapp-v2 >");
      const edited = sha256(readFileSync(nixFile));
      expect(edited).not.toBe(before);
      expect(await until(() => inputHash(manifest, "packages/webapp.nix") === edited, 30_000)).toBe(
        true,
      );
    } finally {
      child.kill();
    }
    // The JSON specs hold the store path of the edited package: they were made again too.
    expectUpToDate(dir, out);
  }, 90_000);

  it("makes the JSON specs again when the ids.nix beside the processes model is written", async () => {
    const dir = specDir();
    cleanup.push(dir);
    writeFileSync(join(dir, "processes.ts"), IDS_PROCESSES);
    const out = tempDir();
    const child = await watching(dir, out, "--json-specs");
    try {
      const manifest = join(out, "typenix-manifest.json");
      expect(await until(() => existsSync(manifest), 30_000)).toBe(true);
      // No ids assigned yet: an input all the same, which the id assignment tools make.
      expect(ownInputHash(manifest, "ids.nix")).toBeNull();
      expect(specPorts(out)).toEqual([0]);
      // As nixproc-id-assign writes it beside the generated model.
      writeFileSync(join(out, "ids.nix"), "{ ids = { appPorts = { app = 5000; }; }; }\n");
      expect(await until(() => specPorts(out)[0] === 5000, 30_000)).toBe(true);
    } finally {
      child.kill();
    }
    expectUpToDate(dir, out);
  }, 90_000);

  it("re-synthesizes once a module that failed to resolve is made", async () => {
    const dir = specDir();
    cleanup.push(dir);
    writeFileSync(
      join(dir, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        'import { webPort } from "./lib/ports.js";\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process", port: webPort }) });\n',
    );
    const out = tempDir();
    const child = await watching(dir, out);
    try {
      // Its folder is missing too: made, then the file in it at once.
      mkdirSync(join(dir, "lib"));
      writeFileSync(join(dir, "lib/ports.ts"), "export const webPort = 8080;\n");
      const services = join(out, "services.nix");
      expect(await until(() => existsSync(services), 20_000)).toBe(true);
      expect(readFileSync(services, "utf8")).toContain("port = 8080;");
    } finally {
      child.kill();
    }
  }, 60_000);

  it("waits for a missing module without running again on other changes beside it, its own log among them", async () => {
    const dir = specDir();
    cleanup.push(dir);
    writeFileSync(
      join(dir, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        'import { webPort } from "./ports.js";\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process", port: webPort }) });\n',
    );
    const out = tempDir();
    // Its output goes to a file in the folder it waits in, as `... --watch > watch.log` does.
    const log = join(dir, "watch.log");
    const fd = openSync(log, "a");
    const child = spawn(process.execPath, [BIN, "synth", dir, "-o", out, "--watch"], {
      cwd: ROOT,
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    const read = (): string => readFileSync(log, "utf8");
    const failures = (): number => read().split("Could not resolve").length - 1;
    try {
      expect(await until(() => read().includes("watching"), 20_000)).toBe(true);
      expect(failures()).toBe(1);
      // Another file beside it changes, more than once: nothing it waits for.
      writeFileSync(join(dir, "notes.txt"), "one\n");
      writeFileSync(join(dir, "notes.txt"), "two\n");
      // Long enough for a run it started to have failed again.
      await new Promise((r) => setTimeout(r, 2_000));
      writeFileSync(join(dir, "ports.ts"), "export const webPort = 8080;\n");
      const services = join(out, "services.nix");
      expect(await until(() => existsSync(services), 20_000)).toBe(true);
      expect(readFileSync(services, "utf8")).toContain("port = 8080;");
      expect(failures()).toBe(1);
    } finally {
      child.kill();
    }
  }, 60_000);

  it.each([
    ["a module imported", 'import x from "./loop/x.js";', "x"],
    ["a path nix.path names", "", 'nix.path("./loop/x")'],
  ])(
    "keeps watching through a looping link on the way to %s, and runs again once it is a folder",
    async (_, imports, value) => {
      const dir = specDir();
      cleanup.push(dir);
      symlinkSync("loop", join(dir, "loop"));
      writeFileSync(
        join(dir, "services.ts"),
        `import { nix, pkgs, service, services } from "@typenix/dsl";\n${imports}\n` +
          `export default services({ web: service({ pkg: pkgs.hello, type: "process", x: ${value} }) });\n`,
      );
      const out = tempDir();
      const child = await watching(dir, out);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        rmSync(join(dir, "loop"));
        mkdirSync(join(dir, "loop"));
        writeFileSync(join(dir, "loop/x.ts"), "export default 7;\n");
        writeFileSync(join(dir, "loop/x"), "7\n");
        const manifest = join(out, "typenix-manifest.json");
        const fixed = (): boolean =>
          existsSync(manifest) && inputHash(manifest, "loop/x") === sha256(Buffer.from("7\n"));
        const services = join(out, "services.nix");
        const ran = (): boolean =>
          imports === ""
            ? fixed()
            : existsSync(services) && readFileSync(services, "utf8").includes("x = 7;");
        expect(await until(ran, 20_000)).toBe(true);
        expect(stderr).not.toContain("ELOOP: too many");
        expect(child.exitCode).toBeNull();
      } finally {
        child.kill();
      }
    },
    60_000,
  );

  it("keeps watching after a spec's promise timer throws, reporting it", async () => {
    const dir = specDir();
    cleanup.push(dir);
    const spec = (late: string, type: string): string =>
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
      'import { setTimeout as sleep } from "node:timers/promises";\n' +
      `${late}\n` +
      `export default services({ web: service({ pkg: pkgs.hello, type: "${type}" }) });\n`;
    writeFileSync(join(dir, "services.ts"), spec("", "process"));
    const out = tempDir();
    const child = await watching(dir, out);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      writeFileSync(
        join(dir, "services.ts"),
        spec('void sleep(50).then(() => { throw new Error("late"); });', "wrapper"),
      );
      expect(await until(() => stderr.includes("errors in"), 20_000)).toBe(true);
      expect(stderr).toMatch(/services\.ts:3:\d+: error TN1004: late\n/);
      const services = join(out, "services.nix");
      expect(readFileSync(services, "utf8")).toContain('type = "process";');
      writeFileSync(join(dir, "services.ts"), spec("await sleep(50);", "wrapper"));
      expect(
        await until(() => readFileSync(services, "utf8").includes('type = "wrapper";'), 20_000),
      ).toBe(true);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 60_000);

  it("re-synthesizes once a spec file typenix.config.ts names is made", async () => {
    const dir = specDir();
    cleanup.push(dir);
    mkdirSync(join(dir, "models"));
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'export default { files: ["models/services.ts"] };\n',
    );
    const out = tempDir();
    const child = await watching(dir, out);
    try {
      cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "models/services.ts"));
      expect(await until(() => existsSync(join(out, "services.nix")), 20_000)).toBe(true);
    } finally {
      child.kill();
    }
  }, 60_000);

  it("re-synthesizes when a file typenix.config.ts imports changes", async () => {
    const dir = specDir();
    cleanup.push(dir);
    mkdirSync(join(dir, "models"));
    mkdirSync(join(dir, "settings"));
    cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "models/services.ts"));
    cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "models/web.ts"));
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'import { files } from "./settings/files.js";\nexport default { files };\n',
    );
    const list = join(dir, "settings/files.ts");
    writeFileSync(list, 'export const files = ["models/services.ts"];\n');
    const out = tempDir();
    const child = await watching(dir, out);
    try {
      expect(await until(() => existsSync(join(out, "services.nix")), 20_000)).toBe(true);
      writeFileSync(list, 'export const files = ["models/web.ts"];\n');
      expect(await until(() => existsSync(join(out, "web.nix")), 20_000)).toBe(true);
    } finally {
      child.kill();
    }
  }, 60_000);

  it("exits with a usage error that no edit of a watched file can fix", () => {
    const dir = specDir();
    cleanup.push(dir);
    cpSync("test/cli/fixtures/literal-text/services.ts", join(dir, "services.ts"));
    const file = join(tempDir(), "file");
    writeFileSync(file, "");
    const out = join(tempDir(), "out");
    for (const args of [
      [dir, "-o", join(file, "out")],
      [join(dir, "missing"), "-o", out],
      [dir, "-o", out, "--extra-params", "{}"],
    ]) {
      // Killed after a while if it keeps watching, which fails the test.
      const run = spawnSync(process.execPath, [BIN, "synth", ...args, "--watch"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NIX_PATH },
        timeout: 20_000,
      });
      expect(run.stderr).not.toContain("watching");
      expect(run.status).toBe(2);
    }
  }, 60_000);
});

describe("the manifest's inputs", () => {
  it("hold the files and folders spec code names through nix.path and nix.import", () => {
    const dir = specDir();
    cleanup.push(dir);
    mkdirSync(join(dir, "assets/css"), { recursive: true });
    writeFileSync(join(dir, "assets/css/site.css"), "body {}\n");
    writeFileSync(join(dir, "settings.nix"), "{ port = 8080; }\n");
    writeFileSync(
      join(dir, "services.ts"),
      'import { nix, pkgs, service, services } from "@typenix/dsl";\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process",\n' +
        '  assets: nix.path("./assets"), port: nix.import("./settings.nix").port }) });\n',
    );
    const out = tempDir();
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    const manifest = join(out, "typenix-manifest.json");
    expect(inputHash(manifest, "settings.nix")).toBe(
      sha256(readFileSync(join(dir, "settings.nix"))),
    );
    const folder = inputHash(manifest, "assets");
    expect(folder).toMatch(/^[0-9a-f]{64}$/);
    expect(typenix(["synth", dir, "-o", out, "--check"]).status).toBe(0);
    // A file in the folder changes: the folder's hash with it.
    writeFileSync(join(dir, "assets/css/site.css"), "body { color: red; }\n");
    const check = typenix(["synth", dir, "-o", out, "--check"]);
    expect(check.stderr).toContain("typenix-manifest.json");
    expect(check.status).toBe(1);
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    expect(inputHash(manifest, "assets")).not.toBe(folder);
  });

  it("hold the ids.nix beside a processes model that reads it with --json-specs only", () => {
    const dir = specDir();
    cleanup.push(dir);
    writeFileSync(join(dir, "processes.ts"), IDS_PROCESSES);
    const out = tempDir();
    const manifest = join(out, "typenix-manifest.json");
    // The Nix files are the same whatever ids are assigned: assigning them leaves them current.
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    expect(ownInputHash(manifest, "ids.nix")).toBeUndefined();
    const ids = join(out, "ids.nix");
    writeFileSync(ids, "{ ids = { appPorts = { app = 5000; }; }; }\n");
    expect(typenix(["synth", dir, "-o", out, "--check"]).status).toBe(0);
    // The JSON specs hold the port assigned.
    const json = ["--json-specs"];
    expect(typenix(["synth", dir, "-o", out, ...json], { env: { NIX_PATH } }).status).toBe(0);
    expect(ownInputHash(manifest, "ids.nix")).toBe(sha256(readFileSync(ids)));
    expect(specPorts(out)).toEqual([5000]);
  }, 60_000);
});

/** A processes model whose process's port is the one nixproc-id-assign gives it. */
const IDS_PROCESSES = `import { createManagedProcess, defineConstructor, ids, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ port: z.int() }),
  build: ({ port }) => createManagedProcess({ instanceName: "app", process: "/bin/app", environment: { PORT: port } }) });
const port = nix.selectOr(ids, ["appPorts", "app"], 0);
export default processes({ app: processInstance({ port, pkg: app({ port }), requiresUniqueIdsFor: ["appPorts"] }) });
`;

/** The ports the JSON specs in `out` give their processes. */
function specPorts(out: string): unknown[] {
  const specs = join(out, "specs");
  if (!existsSync(specs)) return [];
  return readdirSync(specs).map((dir) => {
    const [name] = readdirSync(join(specs, dir));
    const spec = JSON.parse(readFileSync(join(specs, dir, name ?? ""), "utf8")) as {
      environment: { PORT: unknown };
    };
    return spec.environment.PORT;
  });
}

/** The hash the manifest gives the input `name` in OUT itself (undefined when it lists none). */
function ownInputHash(manifest: string, name: string): string | null | undefined {
  const { inputs } = JSON.parse(readFileSync(manifest, "utf8")) as {
    inputs: { path: string; sha256: string | null }[];
  };
  return inputs.find((input) => input.path === name)?.sha256;
}

function sha256(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The hash the manifest gives the input that ends in `/name`. */
function inputHash(manifest: string, name: string): string | undefined {
  const { inputs } = JSON.parse(readFileSync(manifest, "utf8")) as {
    inputs: { path: string; sha256: string }[];
  };
  return inputs.find((input) => input.path.endsWith(`/${name}`))?.sha256;
}
