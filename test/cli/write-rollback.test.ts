/**
 * A write of OUT that fails while its files are being renamed into place
 * (another writer racing it, a full disk) puts the previous outputs back:
 * nothing of the failed run stays, and nothing of the previous one is lost.
 * The failure is made by a `renameSync` that refuses one destination.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  leftoverFiles,
  MANIFEST,
  manifest,
  type OutputFile,
  strayFiles,
  WriteError,
  writeOutputs,
} from "../../packages/runtime/src/output/write-outputs.js";
import { tempDir } from "../support/typenix-cli.js";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, renameSync: vi.fn(real.renameSync) };
});

const realRename = (await vi.importActual<typeof import("node:fs")>("node:fs")).renameSync;

/** Makes `renameSync` fail, as a full disk would, when it is given `failing` as its source or destination. */
function failRenameOf(...failing: string[]): void {
  vi.mocked(fs.renameSync).mockImplementation((from, to) => {
    if (failing.some((f) => String(to).endsWith(f) || String(from).endsWith(f)))
      throw Object.assign(new Error(`ENOSPC: ${String(to)}`), { code: "ENOSPC" });
    realRename(from, to);
  });
}

/** A run's outputs with their manifest. */
function run(outDir: string, files: Record<string, string>): OutputFile[] {
  const outputs = Object.entries(files).map(([path, content]) => ({ path, content }));
  return [...outputs, manifest(outDir, [], outputs, "test")];
}

/** Every file under `dir`, by path, with its text. */
function tree(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  return Object.fromEntries(
    files
      .filter((f) => f.isFile())
      .map((f): [string, string] => {
        const path = join(f.parentPath, f.name);
        return [path.slice(dir.length + 1), fs.readFileSync(path, "utf8")];
      })
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** The error a write of `files` to `out` (removing the previous run's leftovers) throws. */
function failedWrite(out: string, files: readonly OutputFile[]): WriteError {
  try {
    writeOutputs(out, files, leftoverFiles(out, files));
  } catch (error) {
    expect(error).toBeInstanceOf(WriteError);
    return error as WriteError;
  }
  throw new Error("the write succeeded");
}

afterEach(() => {
  vi.mocked(fs.renameSync).mockImplementation(realRename);
});

describe("a write that fails while renaming", () => {
  const first = { "services.nix": "old services\n", "specs/a/a.json": "old a\n" };
  const second = {
    "services.nix": "new services\n",
    "distribution.nix": "new distribution\n",
    "infrastructure.nix": "new infrastructure\n",
  };

  it("puts back the outputs it had replaced and removes those it had added", () => {
    const out = join(tempDir(), "out");
    writeOutputs(out, run(out, first));
    const before = tree(out);
    failRenameOf("infrastructure.nix");
    const files = run(out, second);
    const thrown = failedWrite(out, files);
    expect(thrown.partly).toBe(false);
    expect(thrown.path).toBe(join(out, "infrastructure.nix"));
    expect(tree(out)).toEqual(before);
  });

  it("puts back the leftovers it had moved aside when the manifest fails", () => {
    const out = join(tempDir(), "out");
    writeOutputs(out, run(out, first));
    const before = tree(out);
    failRenameOf(MANIFEST);
    const files = run(out, second);
    expect(leftoverFiles(out, files)).toEqual(["specs/a/a.json"]);
    expect(() => writeOutputs(out, files, leftoverFiles(out, files))).toThrow(WriteError);
    expect(tree(out)).toEqual(before);
  });

  it("says it left outputs of its own when a backup cannot be put back", () => {
    const out = join(tempDir(), "out");
    writeOutputs(out, run(out, first));
    failRenameOf("infrastructure.nix", ".services.nix.typenix-" + String(process.pid) + ".bak");
    const files = run(out, second);
    const thrown = failedWrite(out, files);
    expect(thrown.partly).toBe(true);
    expect(fs.readFileSync(join(out, "services.nix"), "utf8")).toBe("new services\n");
  });

  it("keeps the backups it could not put back, and names them", () => {
    const out = join(tempDir(), "out");
    writeOutputs(out, run(out, first));
    const backup = (path: string): string =>
      join(out, path, "..", `.${path.split("/").pop()}.typenix-${String(process.pid)}.bak`);
    // The manifest fails, then so do the restores of a replaced output and of a leftover.
    const unrestorable = [backup("services.nix"), backup("specs/a/a.json")];
    vi.mocked(fs.renameSync).mockImplementation((from, to) => {
      if (String(to) === join(out, MANIFEST) || unrestorable.includes(String(from)))
        throw Object.assign(new Error(`EXDEV: ${String(to)}`), { code: "EXDEV" });
      realRename(from, to);
    });
    const files = run(out, second);
    const thrown = failedWrite(out, files);
    expect(thrown.partly).toBe(true);
    expect(thrown.kept).toEqual([
      { path: join(out, "specs/a/a.json"), backup: backup("specs/a/a.json") },
      { path: join(out, "services.nix"), backup: backup("services.nix") },
    ]);
    expect(fs.readFileSync(backup("services.nix"), "utf8")).toBe(first["services.nix"]);
    expect(fs.readFileSync(backup("specs/a/a.json"), "utf8")).toBe(first["specs/a/a.json"]);
  });

  it("leaves no backups after a write that succeeds, and removes the leftovers' folders", () => {
    const out = join(tempDir(), "out");
    writeOutputs(out, run(out, first));
    const linked = join(tempDir(), "linked.nix");
    fs.linkSync(join(out, "services.nix"), linked);
    const files = run(out, second);
    writeOutputs(out, files, leftoverFiles(out, files));
    expect(Object.keys(tree(out))).toEqual([
      "distribution.nix",
      "infrastructure.nix",
      "services.nix",
      MANIFEST,
    ]);
    expect(fs.existsSync(join(out, "specs"))).toBe(false);
    // Replaced by a rename, not written over: a hard link elsewhere keeps the old text.
    expect(fs.readFileSync(linked, "utf8")).toBe("old services\n");
  });
});

/** A process id that no process has: that of a process that has ended. */
function endedProcess(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid;
}

describe("what an interrupted write left in OUT", () => {
  const first = { "a.nix": "a\n", "specs/b/b.json": "b\n", "c.nix": "c\n" };
  const second = { "a.nix": "a again\n", "specs/b/b.json": "b again\n" };

  /** OUT after a write of `first`, with files as a write by the process `pid` names them. */
  function interrupted(pid: number): { out: string; strays: string[]; others: string[] } {
    const out = join(tempDir(), "out");
    writeOutputs(out, run(out, first));
    // c.nix moved aside by a write that did not finish: the previous manifest still lists it.
    fs.renameSync(join(out, "c.nix"), join(out, `.c.nix.typenix-${pid}.bak`));
    const strays = [
      `.a.nix.typenix-${pid}.bak`,
      `.a.nix.typenix-${pid}.tmp`,
      `.c.nix.typenix-${pid}.bak`,
      `.${MANIFEST}.typenix-${pid}.tmp`,
      `specs/b/.b.json.typenix-${pid}.tmp`,
    ];
    // Named otherwise, or next to no output of OUT: not typenix's to remove.
    const others = [
      `.d.nix.typenix-${pid}.bak`,
      `.a.nix.typenix-${pid}.bak.orig`,
      `a.nix.typenix-${pid}.bak`,
      `.a.nix.typenix-x${pid}.tmp`,
      `specs/.b.json.typenix-${pid}.tmp`,
    ];
    for (const path of [...strays, ...others]) {
      if (!fs.existsSync(join(out, path))) fs.writeFileSync(join(out, path), "left\n");
    }
    return { out, strays, others };
  }

  it("names the temporary files and backups of a process that has ended", () => {
    const { out, strays } = interrupted(endedProcess());
    expect(strayFiles(out, run(out, second)).sort()).toEqual([...strays].sort());
  });

  it("removes them with the next write, and nothing else", () => {
    const { out, others } = interrupted(endedProcess());
    const files = run(out, second);
    writeOutputs(out, files, leftoverFiles(out, files));
    expect(Object.keys(tree(out)).sort()).toEqual(
      [...others, "a.nix", "specs/b/b.json", MANIFEST].sort(),
    );
  });

  it("leaves those of a process still running: another write in progress", () => {
    const { out, strays } = interrupted(process.ppid);
    expect(strayFiles(out, run(out, second))).toEqual([]);
    const files = run(out, second);
    writeOutputs(out, files, leftoverFiles(out, files));
    for (const path of strays) expect(fs.existsSync(join(out, path))).toBe(true);
  });

  it("keeps what a failed write would have removed", () => {
    const { out, strays } = interrupted(endedProcess());
    failRenameOf("a.nix");
    const files = run(out, second);
    expect(() => writeOutputs(out, files, leftoverFiles(out, files))).toThrow(WriteError);
    for (const path of strays) expect(fs.existsSync(join(out, path))).toBe(true);
  });
});
