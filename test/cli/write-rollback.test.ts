/**
 * A write of OUT that fails while its files are being renamed into place
 * (another writer racing it, a full disk) puts the previous outputs back:
 * nothing of the failed run stays, and nothing of the previous one is lost.
 * The failure is made by a `renameSync` that refuses one destination.
 */
import * as fs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  leftoverFiles,
  MANIFEST,
  manifest,
  type OutputFile,
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
    let thrown: unknown;
    try {
      writeOutputs(out, files, leftoverFiles(out, files));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WriteError);
    expect((thrown as WriteError).partly).toBe(false);
    expect((thrown as WriteError).path).toBe(join(out, "infrastructure.nix"));
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
    let thrown: unknown;
    try {
      writeOutputs(out, files, leftoverFiles(out, files));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as WriteError).partly).toBe(true);
    expect(fs.readFileSync(join(out, "services.nix"), "utf8")).toBe("new services\n");
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
