/**
 * The inputs the manifest hashes: a folder that is or holds OUT is hashed
 * without this run's outputs, so `--check` right after a run passes; what
 * is not a regular file is never read (a FIFO would block for ever), and
 * what cannot be read is a warning, never a stack trace; absolute and home
 * paths are inputs as relative ones are.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { NOBODY, PERMISSIONS, asRoot, permissionsTestable } from "../support/permissions.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const FIXTURES = "test/cli/fixtures";

/** A processes model whose one process names `path` through `nix.path` (line 7). */
function model(path: string): string {
  return `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () =>
    createManagedProcess({ instanceName: "app", process: "/bin/app",
      environment: { DATA: nix.path(${JSON.stringify(path)}) } }),
});
export default processes({ one: processInstance({ pkg: app({}) }) });
`;
}

/** Where `model` calls nix.path, as a diagnostic in `dir`'s spec file names it (from ROOT, as typenix runs). */
function site(dir: string): string {
  const line = model("").split("\n")[6] ?? "";
  // A call is located at the name of the function called, as in a stack trace: `path`.
  return `${relative(ROOT, join(dir, "processes.ts"))}:7:${line.indexOf("nix.path") + 5}`;
}

/** A spec folder holding `processes.ts` naming `path`. */
function specNaming(path: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "processes.ts"), model(path));
  return dir;
}

/** The manifest's inputs in `out`. */
function inputs(out: string): { path: string; sha256: string | null }[] {
  return (
    JSON.parse(readFileSync(join(out, "typenix-manifest.json"), "utf8")) as {
      inputs: { path: string; sha256: string | null }[];
    }
  ).inputs;
}

/** synth, then --check: both pass, with nothing stale. */
function synthThenCheck(
  args: readonly string[],
  options: Parameters<typeof typenix>[1] = {},
): string {
  // A run that reads a FIFO would wait for a writer for ever.
  const run = typenix(["synth", ...args], { timeout: 60_000, ...options });
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.status).toBe(0);
  const check = typenix(["synth", ...args, "--check"], { timeout: 60_000, ...options });
  expect(check.stderr).not.toContain("stale");
  expect(check.status).toBe(0);
  return run.stderr;
}

describe("a folder input that is or holds OUT", () => {
  it("is hashed without the outputs when it is OUT itself", () => {
    const dir = tempDir();
    cpSync(`${FIXTURES}/paths-into-out`, dir, { recursive: true });
    synthThenCheck([join(dir, "processes.ts"), "-o", dir]);
    // The user's own files in it still count.
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    expect(typenix(["synth", join(dir, "processes.ts"), "-o", dir, "--check"]).status).toBe(1);
  });

  it("is hashed stably when it is an output itself", () => {
    const dir = specNaming("./processes.nix");
    synthThenCheck([dir, "-o", dir]);
  });

  it("is hashed without the outputs when -o reaches OUT through a link", () => {
    const dir = specNaming("./.");
    mkdirSync(join(dir, "real-out"));
    symlinkSync("real-out", join(dir, "outlink"));
    synthThenCheck([dir, "-o", join(dir, "outlink")]);
  });

  it("is hashed without the outputs a run removes, and the folders that hold only outputs", () => {
    const dir = specNaming("./.");
    // One more constructor while MORE is set: a run without it removes its file.
    writeFileSync(
      join(dir, "processes.ts"),
      readFileSync(join(dir, "processes.ts"), "utf8").replace(
        "export default processes({ one: processInstance({ pkg: app({}) }) });",
        `const more = defineConstructor({ name: "more", params: z.object({}),
  build: () => createManagedProcess({ instanceName: "more", process: "/bin/more" }) });
export default processes(process.env.MORE ? { one: processInstance({ pkg: app({}) }), two: processInstance({ pkg: more({}) }) } : { one: processInstance({ pkg: app({}) }) });`,
      ),
    );
    const out = join(dir, "out");
    expect(typenix(["synth", dir, "-o", out], { env: { MORE: "1" } }).status).toBe(0);
    synthThenCheck([dir, "-o", out]);
  });
});

describe("inputs that are not regular files", () => {
  it("hashes a FIFO by its kind, without reading it, and warns at the nix.path call", () => {
    const dir = specNaming("./data");
    mkdirSync(join(dir, "data"));
    expect(spawnSync("mkfifo", [join(dir, "data/pipe")]).status).toBe(0);
    const stderr = synthThenCheck([dir, "-o", join(dir, "out")]);
    expect(stderr).toContain(`${site(dir)}: warning TN4021: ${join(dir, "data/pipe")} is a FIFO`);
    expect(stderr).toMatch(/\n {2}hint: /);
    // Named itself.
    const named = specNaming("./pipe");
    expect(spawnSync("mkfifo", [join(named, "pipe")]).status).toBe(0);
    const result = typenix(["synth", named, "-o", join(named, "out")], { timeout: 60_000 });
    expect(result.stderr).toContain(
      `${site(named)}: warning TN4021: ${join(named, "pipe")} is a FIFO`,
    );
    expect(result.status).toBe(0);
  });

  it("hashes a Unix socket by its kind, and warns", async () => {
    const dir = specNaming("./data");
    mkdirSync(join(dir, "data"));
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(dir, "data/socket"), done));
    try {
      const stderr = synthThenCheck([dir, "-o", join(dir, "out")]);
      expect(stderr).toContain("warning TN4021");
      expect(stderr).toContain(`${join(dir, "data/socket")} is a socket`);
    } finally {
      server.close();
    }
  });

  it("warns of a link that loops, and takes a path through a file as missing", () => {
    const dir = specNaming("./loop");
    symlinkSync("loop", join(dir, "loop"));
    const stderr = synthThenCheck([dir, "-o", join(dir, "out")]);
    expect(stderr).toContain(`${site(dir)}: warning TN4022: ${join(dir, "loop")} cannot be read`);
    expect(stderr).toContain("ELOOP");
    const through = specNaming("./processes.ts/x");
    synthThenCheck([through, "-o", join(through, "out")]);
    expect(inputs(join(through, "out")).find((i) => i.path === "../processes.ts/x")).toEqual({
      path: "../processes.ts/x",
      sha256: null,
    });
  });

  it.skipIf(!permissionsTestable)(
    `warns of a file it may not read, and hashes it stably${PERMISSIONS}`,
    () => {
      const dir = specNaming("./data");
      chmodSync(dir, 0o755);
      mkdirSync(join(dir, "data"));
      mkdirSync(join(dir, "out"));
      writeFileSync(join(dir, "data/secret"), "s\n");
      chmodSync(join(dir, "data/secret"), 0o000);
      if (asRoot) chownSync(join(dir, "out"), NOBODY.uid, NOBODY.gid);
      const stderr = synthThenCheck([dir, "-o", join(dir, "out")], asRoot ? { user: NOBODY } : {});
      expect(stderr).toContain(
        `${site(dir)}: warning TN4022: ${join(dir, "data/secret")} cannot be read`,
      );
      expect(stderr).toContain("EACCES");
    },
  );
});

describe("absolute and home paths", () => {
  it("are inputs, listed as written", () => {
    const data = tempDir();
    writeFileSync(join(data, "f"), "1\n");
    const dir = specNaming(data);
    const out = join(dir, "out");
    synthThenCheck([dir, "-o", out]);
    const input = inputs(out).find((i) => i.path === data);
    expect(input?.sha256).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(data, "f"), "2\n");
    expect(typenix(["synth", dir, "-o", out, "--check"]).status).toBe(1);

    const home = tempDir();
    writeFileSync(join(home, "settings.nix"), "{ }\n");
    const inHome = specNaming("~/settings.nix");
    synthThenCheck([inHome, "-o", join(inHome, "out")], { env: { HOME: home } });
    expect(inputs(join(inHome, "out")).map((i) => i.path)).toContain("~/settings.nix");
  });

  it("are inputs where nix.raw code names them, as relative ones are", () => {
    const data = tempDir();
    writeFileSync(join(data, "f"), "1\n");
    const conf = tempDir();
    writeFileSync(join(conf, "c"), "1\n");
    const home = tempDir();
    writeFileSync(join(home, "settings.nix"), "{ }\n");
    const dir = tempDir();
    // An interpolated path names the folder before the interpolation.
    const code = `{ d = builtins.readFile ${data}/f; c = ${conf}/\${"c"}; h = import ~/settings.nix; }`;
    writeFileSync(
      join(dir, "processes.ts"),
      model("./x").replace(`nix.path("./x")`, `nix.raw(${JSON.stringify(code)})`),
    );
    const out = join(dir, "out");
    synthThenCheck([dir, "-o", out], { env: { HOME: home } });
    const listed = inputs(out);
    expect(listed.find((i) => i.path === join(data, "f"))?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(listed.find((i) => i.path === conf)?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(listed.map((i) => i.path)).toContain("~/settings.nix");
    writeFileSync(join(data, "f"), "2\n");
    expect(typenix(["synth", dir, "-o", out, "--check"], { env: { HOME: home } }).status).toBe(1);
  });
});
