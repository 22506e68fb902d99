/**
 * The README's table of diagnostic codes names every code the sources
 * report, and no code they do not: a user looking a code up finds it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../support/typenix-cli.js";

const PACKAGES = ["dsl", "compiler", "runtime"].map((p) => join(ROOT, "packages", p, "src"));

/** The codes written as string literals in the sources (`"TN5004"`). */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  for (const dir of PACKAGES) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
      for (const [, code] of text.matchAll(/"(TN\d{4})"/g)) codes.add(code as string);
    }
  }
  return codes;
}

/** The codes the README's table lists, with ranges (`TN3050`-`TN3052`) spelt out. */
function codesInTable(): Set<string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Diagnostics"));
  const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| code")));
  const codes = new Set<string>();
  for (const row of table.split("\n").filter((line) => line.startsWith("| `TN"))) {
    const cell = row.split("|")[1] as string;
    for (const [, from, to] of cell.matchAll(/`TN(\d{4})`(?:-`TN(\d{4})`)?/g)) {
      for (let n = Number(from); n <= Number(to ?? from); n++)
        codes.add(`TN${String(n).padStart(4, "0")}`);
    }
  }
  return codes;
}

it("lists every diagnostic code the sources report", () => {
  const table = codesInTable();
  expect([...codesInSources()].filter((code) => !table.has(code)).sort()).toEqual([]);
});

it("lists no code the sources do not report", () => {
  const sources = codesInSources();
  expect([...codesInTable()].filter((code) => !sources.has(code)).sort()).toEqual([]);
});
