/**
 * bench/nixfmt-conformance DIR...: how closely `typenix fmt` (parse, then
 * `printNix`) follows nixfmt, the official Nix formatter (RFC 166 style).
 *
 * A DIR like nixfmt's `test/diff` holds one directory per case, each with
 * `in.nix` (unformatted input) and `out.nix` (what nixfmt prints for it);
 * a DIR like its `test/correct` holds `NAME.nix` files that nixfmt leaves
 * as they are. All are printed at nixfmt's test width of 80 columns. Two
 * counts:
 * - fixed points: `fmt(out.nix) == out.nix` (or `fmt(NAME.nix) == NAME.nix`),
 *   nixfmt's output left as it is;
 * - inputs: `fmt(in.nix) == out.nix`, the same layout reached from the
 *   unformatted text (cases with an `in.nix` only).
 * Cases whose text Nix itself rejects (nixfmt's tests keep duplicate
 * attributes and integers past 64 bits, which Nix refuses) are listed as
 * "rejected by Nix" and left out of the totals; so are cases typenix cannot
 * parse, counted apart.
 *
 * With `--out OUTDIR`, our text for each mismatching `out.nix` is written
 * to OUTDIR/NAME.ours.nix (and for `in.nix` to NAME.in.ours.nix), to diff
 * against the expected file. Prints figures; asserts nothing.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx nixfmt-conformance.ts DIR... [--out OUTDIR]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseNix, printNix } from "@typenix/compiler";

/** nixfmt's test suite formats at 80 columns (`nixfmt -w 80`), not its default of 100. */
const WIDTH = 80;

/** nixfmt test cases with duplicate attributes or too large integers, which real Nix rejects. */
const REJECTED_BY_NIX = new Set([
  "attr_set",
  "inherit",
  "inherit_from",
  "key_value",
  "lambda",
  "let_in",
  "numbers",
  "operation",
  "with",
]);

type Outcome = "same" | "different" | "unparsed";

interface Result {
  readonly name: string;
  readonly fixedPoint: Outcome;
  /** Undefined for a case with no unformatted input. */
  readonly fromInput?: Outcome;
}

/** A case: the text nixfmt prints, and the unformatted input it comes from, if any. */
interface Case {
  readonly name: string;
  readonly outFile: string;
  readonly inFile?: string;
}

/** `fmt(text)`, or undefined when typenix cannot parse it. */
function fmt(text: string, file: string): string | undefined {
  const parsed = parseNix(text, file);
  return parsed.file ? printNix(parsed.file, { width: WIDTH }) : undefined;
}

function compare(
  source: string,
  file: string,
  expected: string,
  save: string | undefined,
): Outcome {
  const ours = fmt(source, file);
  if (ours === undefined) return "unparsed";
  if (ours === expected) return "same";
  if (save !== undefined) writeFileSync(save, ours);
  return "different";
}

/** The cases in `dir`: its `NAME/in.nix` and `NAME/out.nix` pairs, and its `NAME.nix` files. */
function casesIn(dir: string): Case[] {
  const cases: Case[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const outFile = join(dir, entry, "out.nix");
    const inFile = join(dir, entry, "in.nix");
    if (existsSync(outFile) && existsSync(inFile)) cases.push({ name: entry, outFile, inFile });
    else if (entry.endsWith(".nix"))
      cases.push({ name: entry.slice(0, -".nix".length), outFile: join(dir, entry) });
  }
  return cases;
}

function main(argv: readonly string[]): void {
  const outIndex = argv.indexOf("--out");
  const outDir = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  const dirs = argv.filter((_, i) => outIndex < 0 || (i !== outIndex && i !== outIndex + 1));
  if (dirs.length === 0 || (outIndex >= 0 && outDir === undefined)) {
    console.error("usage: nixfmt-conformance.ts DIR... [--out OUTDIR]");
    process.exit(2);
  }
  if (outDir !== undefined) mkdirSync(outDir, { recursive: true });

  const results: Result[] = [];
  const rejected: string[] = [];
  for (const { name, outFile, inFile } of dirs.flatMap(casesIn)) {
    if (REJECTED_BY_NIX.has(name)) {
      rejected.push(name);
      continue;
    }
    const expected = readFileSync(outFile, "utf8");
    const save = (suffix: string): string | undefined =>
      outDir === undefined ? undefined : join(outDir, `${name}${suffix}`);
    const fixedPoint = compare(expected, outFile, expected, save(".ours.nix"));
    if (inFile === undefined) {
      results.push({ name, fixedPoint });
      continue;
    }
    const input = readFileSync(inFile, "utf8");
    results.push({
      name,
      fixedPoint,
      fromInput: compare(input, inFile, expected, save(".in.ours.nix")),
    });
  }
  report(results, rejected);
}

function report(results: readonly Result[], rejected: readonly string[]): void {
  const mark = (o: Outcome | undefined): string =>
    o === undefined ? " - " : o === "same" ? "ok " : o === "different" ? "DIF" : "ERR";
  console.log("fixed point | from in.nix | case");
  for (const r of results) {
    console.log(`${mark(r.fixedPoint)}         | ${mark(r.fromInput)}         | ${r.name}`);
  }
  console.log(`\nrejected by Nix (not counted): ${rejected.join(", ") || "none"}`);
  for (const [label, key] of [
    ["fmt(out.nix) == out.nix", "fixedPoint"],
    ["fmt(in.nix) == out.nix ", "fromInput"],
  ] as const) {
    const outcomes = results.map((r) => r[key]).filter((o) => o !== undefined);
    const count = (outcome: Outcome): number => outcomes.filter((o) => o === outcome).length;
    const unparsed = count("unparsed");
    console.log(
      `${label}: ${count("same")} / ${outcomes.length}` +
        (unparsed > 0 ? ` (${unparsed} not parsed)` : ""),
    );
  }
}

main(process.argv.slice(2));
