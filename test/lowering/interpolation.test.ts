/**
 * Strings that embed symbolic values become Nix interpolation; the text
 * around each `${…}` must read back as exactly that text, whichever string
 * style it is written in. A `$` right before an interpolation is the case
 * Nix reads differently (`$${x}` is literal text): checked by evaluating
 * the generated model with the real Nix.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pkgs, service, services, type NixValue } from "@typenix/dsl";
import { synthesize } from "@typenix/compiler";
import { nixEvalJson, requireNix } from "../support/real-nix.js";

/** `pkgs.hello.name`: the value interpolated, which the evaluation below sets to "hello". */
const helloName = pkgs.hello?.name as NixValue;

const out = mkdtempSync(join(tmpdir(), "typenix-interpolation-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Text placed around the interpolated value, in one line and over several lines. */
const AROUND: readonly (readonly [string, string])[] = [
  ["$", ""],
  ["", "$"],
  ["$", "$"],
  ["$$", ""],
  ["a$", "b"],
  ["$\\", ""],
  ["\\$", ""],
  ["'$", ""],
  ["''$", ""],
  ["'", "'"],
  ["$", "{"],
  ["${", "}"],
  ["$", "${"],
  ["\\", "\\"],
];

/** Each text of `AROUND`, one line and multi-line, with `${helloName}` between. */
function cases(): Record<string, [string, string]> {
  const all: Record<string, [string, string]> = {};
  AROUND.forEach(([before, after], i) => {
    all[`one${i}`] = [before, after];
    all[`lines${i}`] = [`first line\n${before}`, `${after}\nlast line`];
    all[`first${i}`] = [before, `${after}\nlast line`];
    all[`twice${i}`] = [`x\n${before}`, `${after}`];
  });
  return all;
}

/** The value of each service's `text` as real Nix evaluates the generated services model. */
function evaluatedTexts(model: ReturnType<typeof services>): unknown {
  const result = synthesize([{ file: join(out, "services.ts"), value: model }], { outDir: out });
  expect(result.diagnostics).toEqual([]);
  for (const file of result.files) writeFileSync(join(out, file.path), file.content);
  return nixEvalJson(
    `builtins.mapAttrs (name: s: s.text) (import ${join(out, "services.nix")} {
      system = "x86_64-linux"; pkgs = { hello = { name = "hello"; }; };
      distribution = { }; invDistribution = { };
    })`,
  );
}

describe("text next to an interpolation", () => {
  requireNix();

  it("a `$` right before `${…}` stays a `$` in both string styles", () => {
    const model = services({
      plain: service({ pkg: pkgs.hello, type: "process", text: `$${helloName}` }),
      indented: service({
        pkg: pkgs.hello,
        type: "process",
        text: `line one\n$${helloName}`,
      }),
    });
    expect(evaluatedTexts(model)).toEqual({ plain: "$hello", indented: "line one\n$hello" });
  });

  it("reads back exactly for `$`, `'`, `\\`, `{` on either side of the value", () => {
    const all = cases();
    const model = services(
      Object.fromEntries(
        Object.entries(all).map(([name, [before, after]]) => [
          name,
          service({
            pkg: pkgs.hello,
            type: "process",
            text: name.startsWith("twice")
              ? `${before}${helloName}${before}${helloName}${after}`
              : `${before}${helloName}${after}`,
          }),
        ]),
      ),
    );
    const expected = Object.fromEntries(
      Object.entries(all).map(([name, [before, after]]) => [
        name,
        name.startsWith("twice")
          ? `${before}hello${before}hello${after}`
          : `${before}hello${after}`,
      ]),
    );
    expect(evaluatedTexts(model)).toEqual(expected);
  });
});
