/**
 * bench/nixfmt-conformance DIR: how closely `typenix fmt` (parse, then
 * `printNix`) follows nixfmt, the official Nix formatter (RFC 166 style).
 *
 * DIR holds one directory per case, each with `in.nix` (unformatted input)
 * and `out.nix` (what nixfmt prints for it), as in nixfmt's test suite
 * (`test/diff`), printed at nixfmt's test width of 80 columns. Two counts:
 * - fixed points: `fmt(out.nix) == out.nix`, nixfmt's output left as it is;
 * - inputs: `fmt(in.nix) == out.nix`, the same layout reached from the
 *   unformatted text.
 * Cases whose text Nix itself rejects (nixfmt's tests keep duplicate
 * attributes, which Nix refuses) are listed as "rejected by Nix" and left
 * out of the totals; so are cases typenix cannot parse, counted apart.
 *
 * With `--out OUTDIR`, our text for each mismatching `out.nix` is written
 * to OUTDIR/NAME.ours.nix (and for `in.nix` to NAME.in.ours.nix), to diff
 * against the expected file. Prints figures; asserts nothing.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx nixfmt-conformance.ts DIR [--out OUTDIR]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseNix, printNix } from "@typenix/compiler";

/** nixfmt's test suite formats at 80 columns (`nixfmt -w 80`), not its default of 100. */
const WIDTH = 80;

/** nixfmt test cases with duplicate attributes, which real Nix rejects. */
const REJECTED_BY_NIX = new Set([
  "attr_set",
  "inherit",
  "inherit_from",
  "key_value",
  "lambda",
  "let_in",
  "operation",
  "with",
]);

type Outcome = "same" | "different" | "unparsed";

interface Result {
  readonly name: string;
  readonly fixedPoint: Outcome;
  readonly fromInput: Outcome;
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

function main(argv: readonly string[]): void {
  const dir = argv[0];
  const outIndex = argv.indexOf("--out");
  const outDir = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (dir === undefined || (outIndex >= 0 && outDir === undefined)) {
    console.error("usage: nixfmt-conformance.ts DIR [--out OUTDIR]");
    process.exit(2);
  }
  if (outDir !== undefined) mkdirSync(outDir, { recursive: true });

  const results: Result[] = [];
  const rejected: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const outFile = join(dir, name, "out.nix");
    const inFile = join(dir, name, "in.nix");
    if (!existsSync(outFile) || !existsSync(inFile)) continue;
    if (REJECTED_BY_NIX.has(name)) {
      rejected.push(name);
      continue;
    }
    const expected = readFileSync(outFile, "utf8");
    const save = (suffix: string): string | undefined =>
      outDir === undefined ? undefined : join(outDir, `${name}${suffix}`);
    results.push({
      name,
      fixedPoint: compare(expected, outFile, expected, save(".ours.nix")),
      fromInput: compare(readFileSync(inFile, "utf8"), inFile, expected, save(".in.ours.nix")),
    });
  }
  report(results, rejected);
}

function report(results: readonly Result[], rejected: readonly string[]): void {
  const count = (key: keyof Omit<Result, "name">, outcome: Outcome): number =>
    results.filter((r) => r[key] === outcome).length;
  const mark = (o: Outcome): string => (o === "same" ? "ok " : o === "different" ? "DIF" : "ERR");
  console.log("fixed point | from in.nix | case");
  for (const r of results) {
    console.log(`${mark(r.fixedPoint)}         | ${mark(r.fromInput)}         | ${r.name}`);
  }
  console.log(`\nrejected by Nix (not counted): ${rejected.join(", ") || "none"}`);
  const total = results.length;
  for (const [label, key] of [
    ["fmt(out.nix) == out.nix", "fixedPoint"],
    ["fmt(in.nix) == out.nix ", "fromInput"],
  ] as const) {
    const unparsed = count(key, "unparsed");
    console.log(
      `${label}: ${count(key, "same")} / ${total}` +
        (unparsed > 0 ? ` (${unparsed} not parsed)` : ""),
    );
  }
}

main(process.argv.slice(2));
