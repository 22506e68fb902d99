/**
 * typenix's Nix parser against the real Nix (`nix-instantiate --parse`),
 * over the hand-written corpus and a couple of thousand programs generated
 * from the Nix grammar (a few broken on purpose):
 * - `parseNix` accepts exactly the programs Nix accepts;
 * - for those, the tree has Nix's shape: our tree printed as Nix prints its
 *   own (`nix-show.ts`) equals Nix's output, so precedence, associativity,
 *   string parts, paths and attribute merging agree;
 * - parsed in parts (as deeply nested text is), the tree is the same.
 * And `typenix fmt` against it: Nix reads a formatted program as it reads
 * the original, and formatting again changes nothing.
 *
 * Programs are wrapped in `with { }; ( ... )` for Nix, whose parser also
 * rejects unbound variables. The seed is fixed; set TYPENIX_PARSE_SEED to
 * explore others.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseNix, parseNixInParts } from "../../packages/compiler/src/parser/index.js";
import { printNix } from "../../packages/compiler/src/printer/print.js";
import { requireNix } from "../support/real-nix.js";
import { NIX_HOME, nixParseAll, type Verdict } from "./nix-batch.js";
import { normalizeShow, showLikeNix } from "./nix-show.js";
import { mutatedSource, nixSource } from "./nix-source.js";
import * as fmtSource from "./fmt-source.js";

const CORPUS = new URL("./corpus/", import.meta.url).pathname;
const GENERATED = 1_600;
const MUTATED = 400;
const FORMATTED = 1_500;
const FORMATTED_MUTATED = 500;
const DIRECTED = 400;
const SEED = Number(process.env["TYPENIX_PARSE_SEED"] ?? 20261125);
// Thousands of nix-instantiate runs: about 40 s on a quiet machine, far more on a busy one.
const GENERATED_TIMEOUT = 600_000;

const wrap = (text: string): string => `with { }; (\n${text}\n)`;

interface Program {
  readonly name: string;
  readonly text: string;
}

interface Comparison {
  readonly accepted: number;
  readonly rejected: number;
  readonly mismatches: string[];
}

function corpus(dir: string): Program[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".nix"))
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") }));
}

function json(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

/** Both parsers on every program; a description of each disagreement. */
async function compare(programs: readonly Program[]): Promise<Comparison> {
  const wrapped = programs.map((p) => wrap(p.text));
  const { dir, verdicts } = await nixParseAll(wrapped);
  const mismatches = programs.flatMap((p, i) => {
    const ours = parseNix(wrapped[i] as string);
    const theirs = verdicts[i] as Verdict;
    if ((ours.file !== undefined) !== (theirs !== null)) {
      const why = ours.diagnostics.map((d) => d.message).join("; ");
      return [
        `${p.name}: typenix ${ours.file ? "accepts" : `rejects (${why})`}, Nix ${theirs === null ? "rejects" : "accepts"}:\n${p.text}`,
      ];
    }
    if (ours.file === undefined || theirs === null) return [];
    // Parsing in parts (as for deeply nested text) must build the same tree.
    const cut = parseNixInParts(wrapped[i] as string, "<stdin>", 0);
    if (json(cut) !== json(ours))
      return [`${p.name}: parsed in parts, the tree differs:\n${p.text}`];
    const mine = normalizeShow(showLikeNix(ours.file, { dir, home: NIX_HOME }));
    const nix = normalizeShow(theirs.trim());
    return mine === nix ? [] : [`${p.name}: trees differ:\n${p.text}\nours: ${mine}\nnix:  ${nix}`];
  });
  const accepted = verdicts.filter((v) => v !== null).length;
  return { accepted, rejected: verdicts.length - accepted, mismatches };
}

/**
 * Formats every program typenix accepts; describes each whose formatted
 * text Nix reads differently, or which formats differently a second time.
 * Returns how many programs were formatted.
 */
async function checkFormatting(
  programs: readonly Program[],
): Promise<{ formatted: number; problems: string[] }> {
  const formattable = programs.flatMap((p) => {
    const parsed = parseNix(p.text).file;
    return parsed ? [{ ...p, formatted: printNix(parsed) }] : [];
  });
  const n = formattable.length;
  // One batch, so that relative paths resolve alike in both texts.
  const { verdicts } = await nixParseAll([
    ...formattable.map((p) => wrap(p.text)),
    ...formattable.map((p) => wrap(p.formatted)),
  ]);
  const problems = formattable.flatMap((p, i) => {
    // Nix prints let bindings and set patterns in memory order: sort them.
    const [before, after] = [verdicts[i], verdicts[n + i]].map((v) => v && normalizeShow(v));
    if (before !== after)
      return [
        `${p.name}: Nix reads the formatted text differently:\n${p.text}\n---\n${p.formatted}`,
      ];
    const again = parseNix(p.formatted).file;
    return again && printNix(again) === p.formatted
      ? []
      : [`${p.name}: formatting again changes the text:\n${p.formatted}`];
  });
  return { formatted: n, problems };
}

describe("parseNix agrees with nix-instantiate --parse", () => {
  beforeAll(() => requireNix());

  it("on the hand-written corpus of valid programs", async () => {
    const programs = corpus(CORPUS);
    const result = await compare(programs);
    expect(result.mismatches).toEqual([]);
    expect(result.rejected).toBe(0);
    expect(result.accepted).toBe(programs.length);
  });

  it("on the hand-written corpus of invalid programs", async () => {
    const programs = corpus(join(CORPUS, "invalid"));
    const result = await compare(programs);
    expect(result.mismatches).toEqual([]);
    expect(result.accepted).toBe(0);
    expect(result.rejected).toBeGreaterThanOrEqual(40);
  });

  it(
    `on ${GENERATED} generated and ${MUTATED} mutated programs (seed ${SEED})`,
    async () => {
      const programs = [
        ...fc.sample(nixSource, { numRuns: GENERATED, seed: SEED }),
        ...fc.sample(mutatedSource, { numRuns: MUTATED, seed: SEED }),
      ].map((text, i) => ({ name: `program #${i}`, text }));
      const result = await compare(programs);
      expect(result.mismatches.slice(0, 5)).toEqual([]);
      // Both verdicts must really occur, or the comparison proves little.
      expect(result.accepted).toBeGreaterThan(GENERATED / 3);
      expect(result.rejected).toBeGreaterThan(MUTATED / 2);
    },
    GENERATED_TIMEOUT,
  );
});

describe("typenix fmt keeps what Nix reads, and is idempotent", () => {
  beforeAll(() => requireNix());

  it("on the hand-written corpus of valid programs", async () => {
    const programs = corpus(CORPUS);
    const result = await checkFormatting(programs);
    expect(result.problems).toEqual([]);
    expect(result.formatted).toBe(programs.length);
  });

  it(
    `on ${FORMATTED} generated and ${FORMATTED_MUTATED} mutated programs (seed ${SEED})`,
    async () => {
      const programs = [
        ...fc.sample(fmtSource.nixSource, { numRuns: FORMATTED, seed: SEED }),
        ...fc.sample(fmtSource.mutatedSource, { numRuns: FORMATTED_MUTATED, seed: SEED }),
      ].map((text, i) => ({ name: `formatted program #${i}`, text }));
      const parsed = await compare(programs);
      expect(parsed.mismatches.slice(0, 5)).toEqual([]);
      expect(parsed.rejected).toBeGreaterThan(FORMATTED_MUTATED / 10);
      const result = await checkFormatting(programs);
      expect(result.problems.slice(0, 5)).toEqual([]);
      expect(result.formatted).toBeGreaterThan(FORMATTED / 2);
    },
    GENERATED_TIMEOUT,
  );

  it(
    `on ${DIRECTED} generated programs with nixfmt's directives between their lines (seed ${SEED})`,
    async () => {
      const programs = fc
        .sample(fmtSource.directedSource, { numRuns: DIRECTED, seed: SEED })
        .map((text, i) => ({ name: `program with directives #${i}`, text }));
      const result = await checkFormatting(programs);
      expect(result.problems.slice(0, 5)).toEqual([]);
      expect(result.formatted).toBeGreaterThan(DIRECTED / 2);
    },
    GENERATED_TIMEOUT,
  );
});
