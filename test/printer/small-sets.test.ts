/**
 * A set of one short `inherit` (or none), plain or `rec`, stays on the
 * line of `=`: the printer's shortcut for generated items writes it as the
 * same set parsed from its text prints.
 */
import { describe, expect, it } from "vitest";
import { attrSet, inherit } from "../../packages/compiler/src/syntax/build.js";
import { printedItem, printNix } from "../../packages/compiler/src/printer/print.js";
import { parseNix } from "../../packages/compiler/src/parser/index.js";

/** `text` parsed and printed again. */
function fmt(text: string): string {
  const parsed = parseNix(text);
  if (!parsed.file) throw new Error(parsed.diagnostics.map((d) => d.message).join("\n"));
  return printNix(parsed.file);
}

describe("a small set", () => {
  const cases: [string[], boolean][] = [
    [[], false],
    [[], true],
    [["a"], false],
    [["a"], true],
    [["a", "b", "c"], false],
    [["a", "b", "c"], true],
    [["a", "b", "c", "d"], false],
  ];
  it.each(cases)("inheriting %j (rec: %s) prints as parsed", (names, recursive) => {
    const value = attrSet(names.length === 0 ? [] : [inherit(names)], recursive);
    const inherits = names.length === 0 ? "" : `inherit ${names.join(" ")}; `;
    const line = `x = ${recursive ? "rec " : ""}{ ${inherits}};`;
    const printed = fmt(`{\n  ${line}\n  y = 1;\n}\n`);
    const item = printedItem("x", value);
    const text = item.kind === "PrintedBinding" ? item.text : undefined;
    if (names.length < 4) {
      expect(text).toBe(line);
      expect(printed).toContain(`\n  ${line}\n`);
    } else expect(text).not.toBe(line);
  });
});
