/**
 * bench/fmt-fixed-points DIR...: how much of a code base that nixfmt
 * formats (nixpkgs is checked with it) `typenix fmt` leaves as it is.
 * Every `.nix` file under each DIR is parsed and printed at nixfmt's
 * default width of 100 columns; a file printed back to its own text is a
 * fixed point. Files Nix would not read (`nix-instantiate --parse` fails)
 * are left out, as are files typenix cannot parse, counted apart. A file a
 * code base keeps unformatted counts as a difference: read the list.
 *
 * Prints the count and the files that differ, each with its first
 * differing line; asserts nothing.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx fmt-fixed-points.ts DIR...
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNix, printNix } from "@typenix/compiler";

/** The `.nix` files under `dir`, sorted. */
function nixFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".nix"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Whether the real Nix parses `file`. */
const nixReads = (file: string): boolean =>
  spawnSync("nix-instantiate", ["--parse", file], { stdio: "ignore" }).status === 0;

/** The first line where `a` and `b` differ, 1-based, with both texts of it. */
function firstDifference(a: string, b: string): string {
  const left = a.split("\n");
  const right = b.split("\n");
  const i = left.findIndex((line, n) => line !== right[n]);
  const at = i < 0 ? left.length : i;
  return `line ${at + 1}: ${JSON.stringify(left[at] ?? "")} -> ${JSON.stringify(right[at] ?? "")}`;
}

function main(): void {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) throw new Error("usage: fmt-fixed-points.ts DIR...");
  let same = 0;
  let unparsed = 0;
  let unread = 0;
  const different: string[] = [];
  for (const file of dirs.flatMap(nixFiles)) {
    if (!nixReads(file)) {
      unread++;
      continue;
    }
    const text = readFileSync(file, "utf8");
    const parsed = parseNix(text, file);
    if (!parsed.file) {
      unparsed++;
      continue;
    }
    const printed = printNix(parsed.file, { width: 100 });
    if (printed === text) same++;
    else different.push(`${file}: ${firstDifference(text, printed)}`);
  }
  for (const line of different) console.log(line);
  const total = same + different.length;
  console.log(
    `\nfmt(file) == file: ${same} / ${total}` +
      ` (left out: ${unread} Nix does not parse, ${unparsed} typenix does not parse)`,
  );
}

main();
