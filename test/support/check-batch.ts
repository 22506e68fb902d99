/**
 * `typenix check` over many deployments a test file writes, in one run: one
 * TypeScript program for all of them instead of a fresh one (about two
 * seconds) per case. Each deployment still gets its own whole-model checks,
 * and every error names the file it is in, so a failure points at its case:
 * `expectClean` expects none, and `of` gives each deployment's own.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { expect } from "vitest";
import { CONFIG_FILE, STANDARD_SPEC_FILES } from "../../packages/runtime/src/load/discover.js";
import { ROOT, typenix, type CliResult } from "./typenix-cli.js";

export interface CheckBatch {
  /**
   * Adds deployment directories, each read for its standard model files or
   * the files its typenix.config.ts names (loose spec files given together
   * are one deployment: see `addFiles`). A config that fails stops the
   * whole run before any spec file is read, so a case of one is run alone.
   */
  add(...directories: readonly string[]): void;
  /**
   * Adds the deployment of `files` in `directory`, which holds no
   * typenix.config.ts, as `typenix check` run there with `files` checks
   * them: the directory itself where they are the standard model files it
   * holds, in their order, or else the directory with a typenix.config.ts
   * written into it naming them (the same files in the same order, which
   * is what `check` runs the whole-model checks of).
   */
  addFiles(directory: string, files: readonly string[]): void;
  /** Runs one `typenix check` over everything added so far and expects no error. */
  expectClean(): void;
  /**
   * What the one `typenix check` over everything added (run when first
   * asked for, after which nothing can be added) says of `directory`: the
   * diagnostics located in it, each with its hint, paths relative to it as
   * a run there prints them; the status is the run's, 1 where any of the
   * deployments has an error. Fails where the run did not end, or printed
   * what no deployment added holds.
   */
  of(directory: string): CliResult;
}

/** The first line of a diagnostic, `file:line:col: severity code: message`; its hint follows. */
const DIAGNOSTIC_HEAD = /^(.+?):\d+:\d+: (?:error|warning) /;

/** A new, empty batch. */
export function checkBatch(): CheckBatch {
  const inputs: string[] = [];
  let ran: (CliResult & ReturnType<typeof byDirectory>) | undefined;
  const add = (...directories: readonly string[]): void => {
    if (ran !== undefined) throw new Error(`added ${directories.join(", ")} after the batch ran`);
    inputs.push(...directories);
  };
  const run = (): NonNullable<typeof ran> => {
    if (ran !== undefined) return ran;
    expect(inputs.length, "no deployment was added to the batch").toBeGreaterThan(0);
    // Killed rather than left to the test's time limit, so that each case says what it missed.
    const check = typenix(["check", ...inputs], { cwd: ROOT, timeout: 100_000 });
    ran = { ...check, ...byDirectory(check.stderr, inputs) };
    return ran;
  };
  return {
    add,
    addFiles: (directory, files) => {
      // Relative to where the check runs.
      const dir = resolve(ROOT, directory);
      const config = join(dir, CONFIG_FILE);
      if (existsSync(config))
        throw new Error(`${config} would be read instead of ${files.join(", ")}`);
      const standard = STANDARD_SPEC_FILES.filter((name) => existsSync(join(dir, name)));
      if (standard.length !== files.length || standard.some((name, i) => files[i] !== name))
        writeFileSync(config, `export default { files: ${JSON.stringify(files)} };\n`);
      add(directory);
    },
    expectClean: () => {
      const check = run();
      expect(check.stderr).not.toMatch(/: error/);
      expect(check.status).toBe(0);
      expect(check.stderr).toMatch(/no errors/);
    },
    of: (directory) => {
      const { status, stdout, stderr, of, unplaced } = run();
      expect(status, `typenix check of the batch did not end:\n${stderr}`).not.toBe(-1);
      // What no deployment's folder holds would be no case's: a case expecting no error would miss it.
      expect(unplaced, `typenix check of the batch printed:\n${stderr}`).toEqual([]);
      const own = of.get(resolve(ROOT, directory));
      if (own === undefined) throw new Error(`${directory} was not added to the batch`);
      return { status, stdout, stderr: own };
    },
  };
}

/**
 * `stderr`'s diagnostics by the directory of `directories` holding their
 * file, with the file's path relative to it (as a run there prints it);
 * `unplaced` holds the lines of no such directory but the closing line of
 * a run with no errors.
 */
function byDirectory(
  stderr: string,
  directories: readonly string[],
): { of: Map<string, string>; unplaced: string[] } {
  const of = new Map(directories.map((d) => [resolve(ROOT, d), ""]));
  const unplaced: string[] = [];
  let current: string | undefined;
  // Each line, but the empty one after the last line break.
  const lines = stderr === "" ? [] : stderr.replace(/\n$/, "").split("\n");
  for (const line of lines) {
    const head = DIAGNOSTIC_HEAD.exec(line);
    if (head) {
      const file = resolve(ROOT, head[1] ?? "");
      current = [...of.keys()].find((d) => file.startsWith(d + sep));
      if (current === undefined) unplaced.push(line);
      else
        of.set(
          current,
          `${of.get(current)}${relative(current, file)}${line.slice(head[1]?.length)}\n`,
        );
    } else if (current !== undefined) of.set(current, `${of.get(current)}${line}\n`);
    else if (!/^typenix check: \d+ spec files, no errors$/.test(line)) unplaced.push(line);
  }
  return { of, unplaced };
}
