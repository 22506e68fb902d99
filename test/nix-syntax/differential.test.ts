/**
 * The parser and formatter against the real Nix, over the hand-written
 * corpus and thousands of generated programs per run:
 * - typenix accepts exactly the programs `nix-instantiate --parse` accepts;
 * - `nix-instantiate --parse` gives the same result for a program and for
 *   `typenix fmt` of it (formatting keeps the meaning);
 * - formatting is idempotent.
 * Programs are wrapped in `with { }; ( ... )` for Nix, whose parser also
 * rejects unbound variables.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNix, printNix } from "@typenix/compiler";
import { nixParseMany, requireNix } from "../support/real-nix.js";
import { mutatedSource, nixSource } from "./nix-source-arbitrary.js";

const CORPUS = new URL("./corpus/", import.meta.url).pathname;
const GENERATED = 1_500;
const MUTATED = 500;

const wrap = (text: string): string => `with { }; (\n${text}\n)`;

function corpus(): { name: string; text: string }[] {
  const valid = readdirSync(CORPUS)
    .filter((f) => f.endsWith(".nix"))
    .map((f) => join(CORPUS, f));
  const invalid = readdirSync(join(CORPUS, "invalid")).map((f) => join(CORPUS, "invalid", f));
  return [...valid, ...invalid].map((f) => ({
    name: f.slice(CORPUS.length),
    text: readFileSync(f, "utf8"),
  }));
}

function check(programs: readonly { name: string; text: string }[]): {
  accepted: number;
  rejected: number;
} {
  const verdicts = nixParseMany(programs.map((p) => wrap(p.text)));
  const mismatches = programs.flatMap((p, i) => {
    const ours = parseNix(wrap(p.text)).file !== undefined;
    const theirs = verdicts[i] !== null;
    return ours === theirs
      ? []
      : [
          `${p.name}: typenix ${ours ? "accepts" : "rejects"}, Nix ${theirs ? "accepts" : "rejects"}:\n${p.text}`,
        ];
  });
  expect(mismatches).toEqual([]);

  const formattable = programs.flatMap((p) => {
    const parsed = parseNix(p.text).file;
    return parsed ? [{ ...p, formatted: printNix(parsed) }] : [];
  });
  const before = nixParseMany(formattable.map((p) => wrap(p.text)));
  const after = nixParseMany(formattable.map((p) => wrap(p.formatted)));
  const changed = formattable.flatMap((p, i) =>
    before[i] === after[i]
      ? []
      : [`${p.name}:\n${p.text}\n--- formatted ---\n${p.formatted}\n${before[i]}\n${after[i]}`],
  );
  expect(changed).toEqual([]);

  const unstable = formattable.flatMap((p) => {
    const again = parseNix(p.formatted).file;
    return again && printNix(again) === p.formatted ? [] : [`${p.name}:\n${p.formatted}`];
  });
  expect(unstable).toEqual([]);
  const accepted = verdicts.filter((v) => v !== null).length;
  return { accepted, rejected: verdicts.length - accepted };
}

describe("typenix parse and fmt agree with nix-instantiate --parse", () => {
  requireNix();

  it("on the hand-written corpus", () => {
    const result = check(corpus());
    expect(result.accepted).toBeGreaterThan(5);
    expect(result.rejected).toBeGreaterThan(10);
  });

  it(`on ${GENERATED} generated and ${MUTATED} mutated programs`, () => {
    // A fixed seed keeps CI reproducible; set TYPENIX_SEED to explore others.
    const seed = Number(process.env["TYPENIX_SEED"] ?? 20261125);
    const programs = [
      ...fc.sample(nixSource, { numRuns: GENERATED, seed }),
      ...fc.sample(mutatedSource, { numRuns: MUTATED, seed }),
    ].map((text, i) => ({ name: `generated #${i} (seed ${seed})`, text }));
    const result = check(programs);
    // Both kinds must really occur, or the comparison proves little.
    expect(result.accepted).toBeGreaterThan(GENERATED / 2);
    expect(result.rejected).toBeGreaterThan(MUTATED / 10);
  });
});
