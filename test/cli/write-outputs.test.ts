/**
 * What synth does when OUT cannot be written: a usage error when no
 * output directory can be made where -o says, a diagnostic when a file
 * in it cannot be replaced; never a stack trace, never half a run's
 * outputs or its temporary files.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { PERMISSIONS, asRoot, permissionsTestable, unprivileged } from "../support/permissions.js";
import { requireNix } from "../support/real-nix.js";
import { ROOT, STAND_INS, tempDir, typenix } from "../support/typenix-cli.js";

const FIXTURES = "test/cli/fixtures";

/**
 * A read-only file system, for the tests of reading OUT there: a folder
 * mounted read-only over itself, in a mount namespace of the command's
 * own, which needs root.
 */
const mountable = asRoot && spawnSync("unshare", ["-m", "true"]).status === 0;
const MOUNTS = mountable ? "" : " (not run: needs root and unshare, to mount a folder read-only)";

/** `dir`, made readable by the user the command runs as. */
function readable(dir: string): string {
  chmodSync(dir, 0o755);
  return dir;
}

/** A copy of the shared-import fixture (services, infrastructure, distribution). */
function deployment(): string {
  const dir = join(tempDir(), "spec");
  cpSync(join(ROOT, FIXTURES, "shared-import"), dir, { recursive: true });
  return dir;
}

/** The text of every file in `dir` (and its folders), by name. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => {
        const path = join(dir, name);
        return [name, statSync(path).isDirectory() ? "(folder)" : readFileSync(path, "utf8")];
      }),
  );
}

describe("synth writing OUT", () => {
  it("says -o under a file is a usage error", () => {
    const file = join(tempDir(), "file");
    writeFileSync(file, "");
    const out = join(file, "out");
    const result = typenix(["synth", `${FIXTURES}/literal-text`, "-o", out]);
    expect(result.stderr).toBe(
      `typenix synth: cannot make the output directory ${out}: ${file} is a file, not a directory\n`,
    );
    expect(result.status).toBe(2);
  });

  it.skipIf(!existsSync("/proc/self"))(
    "says so when a folder refuses new folders, and stops, also for JSON specs",
    () => {
      requireNix();
      const out = `/proc/typenix-${basename(tempDir())}`;
      const synth = (args: readonly string[]): SpawnSyncReturns<string> =>
        spawnSync(
          process.execPath,
          [join(ROOT, "packages/runtime/bin/typenix.js"), "synth", ...args],
          { cwd: ROOT, encoding: "utf8", timeout: 20_000 },
        );
      const result = synth([`${FIXTURES}/literal-text`, "-o", out]);
      expect(result.signal).toBe(null);
      expect(result.stderr).toBe(
        `typenix synth: cannot make the output directory ${out}: no such file or directory (ENOENT)\n`,
      );
      expect(result.status).toBe(2);
      // JSON specs are evaluated in a folder made beside OUT.
      const deeper = join(out, "out");
      const specs = synth(["examples/webapp-processes", "-o", deeper, "--json-specs"]);
      expect(specs.signal).toBe(null);
      expect(specs.stderr).toBe(
        `typenix synth: cannot make the output directory ${deeper}: no such file or directory (ENOENT) (making ${out})\n`,
      );
      expect(specs.status).toBe(2);
    },
  );

  it.skipIf(!permissionsTestable)(
    `says OUT that cannot be made for permissions is a usage error${PERMISSIONS}`,
    () => {
      const parent = tempDir();
      chmodSync(parent, 0o555);
      const out = join(parent, "out");
      const result = typenix(["synth", `${FIXTURES}/literal-text`, "-o", out], unprivileged);
      // JSON specs are evaluated elsewhere, and OUT is found wanting before Nix runs.
      const specs = typenix(
        ["synth", "examples/webapp-processes", "-o", out, "--json-specs"],
        unprivileged,
      );
      chmodSync(parent, 0o755);
      for (const run of [result, specs]) {
        expect(run.stderr).toBe(
          `typenix synth: cannot make the output directory ${out}: permission denied (EACCES)\n`,
        );
        expect(run.status).toBe(2);
      }
      expect(readdirSync(parent)).toEqual([]);
    },
  );

  it.skipIf(!permissionsTestable)(
    `reports OUT it may not write to, and changes nothing${PERMISSIONS}`,
    () => {
      const spec = deployment();
      readable(join(spec, ".."));
      const out = tempDir();
      expect(typenix(["synth", spec, "-o", out]).status).toBe(0);
      const before = contents(out);
      writeFileSync(
        join(spec, "infrastructure.ts"),
        "// edited\n" + readFileSync(join(spec, "infrastructure.ts"), "utf8"),
      );
      chmodSync(out, 0o555);
      const result = typenix(["synth", spec, "-o", out], unprivileged);
      chmodSync(out, 0o755);
      // Named at the output that could not be written, as a file, line and column.
      expect(result.stderr).toMatch(
        new RegExp(
          `^${relative(ROOT, out)}/(\\S+):1:1: error TN4020: cannot write ${out}/\\1: permission denied \\(EACCES\\)\n`,
        ),
      );
      expect(result.status).toBe(1);
      expect(contents(out)).toEqual(before);
    },
  );

  it.skipIf(!mountable)(
    `--check --json-specs reads OUT on a read-only file system, and makes nothing${MOUNTS}`,
    () => {
      requireNix();
      const dir = tempDir();
      mkdirSync(join(dir, "spec"));
      writeFileSync(
        join(dir, "spec/processes.ts"),
        `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () => createManagedProcess({ name: "app", process: "/bin/app" }),
});
export default processes({ one: processInstance({ pkg: app({}) }) });
`,
      );
      const out = join(dir, "out");
      const args = ["synth", join(dir, "spec"), "-o", out, "--json-specs"];
      expect(typenix(args).status).toBe(0);
      const before = contents(out);
      // The folder, mounted read-only over itself in a mount namespace of the command's own.
      const readOnly = spawnSync(
        "unshare",
        [
          "-m",
          "sh",
          "-c",
          'mount --bind -o ro "$0" "$0" && exec "$@"',
          dir,
          process.execPath,
          join(ROOT, "packages/runtime/bin/typenix.js"),
          ...args,
          "--check",
        ],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(readOnly.stderr).toBe("");
      expect(readOnly.status).toBe(0);
      expect(contents(out)).toEqual(before);
      expect(readdirSync(dir).sort()).toEqual(["out", "spec"]);
    },
  );

  it("reports a folder where an output goes, and changes nothing", () => {
    const spec = deployment();
    const out = tempDir();
    expect(typenix(["synth", spec, "-o", out]).status).toBe(0);
    // services.nix would change, and distribution.nix cannot be replaced.
    const services = join(spec, "services.ts");
    writeFileSync(services, readFileSync(services, "utf8").replace('"process"', '"package"'));
    rmSync(join(out, "distribution.nix"));
    mkdirSync(join(out, "distribution.nix"));
    const before = contents(out);
    const folderInTheWay =
      `${relative(ROOT, out)}/distribution.nix:1:1: error TN4020: cannot write ${out}/distribution.nix: a folder is in the way (EISDIR)\n` +
      "  hint: no output was written; move the folder away (--force replaces files, never folders) and run synth again\n";
    const result = typenix(["synth", spec, "-o", out]);
    expect(result.stderr).toBe(folderInTheWay);
    expect(result.status).toBe(1);
    const forced = typenix(["synth", spec, "-o", out, "--force"]);
    expect(forced.stderr).toBe(folderInTheWay);
    expect(forced.status).toBe(1);
    expect(readdirSync(out).sort()).toEqual(Object.keys(before));
    expect(contents(out)).toEqual(before);
    const check = typenix(["synth", spec, "-o", out, "--check"]);
    expect(check.stderr).toContain(`stale: ${out}/distribution.nix\n`);
    expect(check.status).toBe(1);
  });

  it("says -o naming a symbolic link to nothing, or in a loop, is a usage error, also under --watch", () => {
    const dir = tempDir();
    const dangling = join(dir, "out");
    symlinkSync(join(dir, "nowhere"), dangling);
    const loop = join(dir, "loop");
    symlinkSync(join(dir, "loop2"), loop);
    symlinkSync(loop, join(dir, "loop2"));
    const result = typenix(["synth", `${FIXTURES}/literal-text`, "-o", dangling]);
    expect(result.stderr).toBe(`typenix synth: -o names a symbolic link to nothing: ${dangling}\n`);
    expect(result.status).toBe(2);
    const looping = typenix(["synth", `${FIXTURES}/literal-text`, "-o", loop]);
    expect(looping.stderr).toBe(`typenix synth: -o names a symbolic link in a loop: ${loop}\n`);
    expect(looping.status).toBe(2);
    const below = join(dangling, "deeper");
    const under = typenix(["synth", `${FIXTURES}/literal-text`, "-o", below]);
    expect(under.stderr).toBe(
      `typenix synth: cannot make the output directory ${below}: ${dangling} is a symbolic link to nothing\n`,
    );
    expect(under.status).toBe(2);
    // Killed after a while if it keeps watching, which fails the test.
    const watching = spawnSync(
      process.execPath,
      [join(ROOT, "packages/runtime/bin/typenix.js"), "synth", `${FIXTURES}/literal-text`].concat([
        "-o",
        dangling,
        "--watch",
      ]),
      { cwd: ROOT, encoding: "utf8", timeout: 20_000 },
    );
    expect(watching.signal).toBe(null);
    expect(watching.stderr).not.toContain("watching");
    expect(watching.status).toBe(2);
    expect(existsSync(join(dir, "nowhere"))).toBe(false);
  });
});

/** A process id that no process has: that of a process that has ended. */
function endedProcess(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid;
}

describe("synth and writes that did not finish", () => {
  it("--check names the temporary files and backups a killed write left, and a write removes them", () => {
    const spec = deployment();
    const out = tempDir();
    expect(typenix(["synth", spec, "-o", out]).status).toBe(0);
    const pid = endedProcess();
    const left = [`.services.nix.typenix-${pid}.bak`, `.typenix-manifest.json.typenix-${pid}.tmp`];
    for (const name of left) writeFileSync(join(out, name), "left\n");
    // Not named as typenix names its own files: the user's, left alone.
    const users = `.notes.typenix-${pid}.bak`;
    writeFileSync(join(out, users), "mine\n");
    const check = typenix(["synth", spec, "-o", out, "--check"]);
    expect(check.stderr).toBe(
      left
        .map((name) => `stale: ${join(out, name)} (left by a write that did not finish)\n`)
        .join(""),
    );
    expect(check.status).toBe(1);
    expect(typenix(["synth", spec, "-o", out]).status).toBe(0);
    expect(readdirSync(out).filter((name) => name.startsWith("."))).toEqual([users]);
    expect(typenix(["synth", spec, "-o", out, "--check"]).status).toBe(0);
  });

  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "finishes a write before %s ends it",
    (signal) => {
      const spec = deployment();
      const out = tempDir();
      expect(typenix(["synth", spec, "-o", out]).status).toBe(0);
      const services = join(spec, "services.ts");
      writeFileSync(services, readFileSync(services, "utf8").replace('"process"', '"package"'));
      const preload = pathToFileURL(join(ROOT, "test/support/signal-at-manifest.mjs")).href;
      const result = spawnSync(
        process.execPath,
        [
          `--import=${preload}`,
          join(ROOT, "packages/runtime/bin/typenix.js"),
          "synth",
          spec,
          "-o",
          out,
        ],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 20_000,
          env: {
            ...process.env,
            NIX_PATH: `nixpkgs=${join(STAND_INS, "nixpkgs")}`,
            TYPENIX_TEST_SIGNAL: signal,
          },
        },
      );
      expect(result.signal).toBe(signal);
      expect(readdirSync(out).filter((name) => name.startsWith("."))).toEqual([]);
      // The whole of the run is in OUT, its manifest too.
      const check = typenix(["synth", spec, "-o", out, "--check"]);
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    },
  );
});
