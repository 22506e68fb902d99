/**
 * A symbolic value in a template literal becomes a sentinel: private-use
 * characters around a number. Text that merely looks like one (written in
 * a spec, or read from a Nix string by `typenix import`) must stay text:
 * it reaches Nix as the same text, never as Nix code. Checked by
 * evaluating the generated Nix with the real Nix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pkgs, service, services } from "@typenix/dsl";
import { synthesize } from "@typenix/compiler";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { ROOT, typenix } from "../support/typenix-cli.js";

const out = mkdtempSync(join(tmpdir(), "typenix-sentinel-text-"));
// Inside the repository, so the imported spec files resolve @typenix/dsl.
const imported = mkdtempSync(join(ROOT, "test/lowering/.out-"));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(imported, { recursive: true, force: true });
});

/** Texts that look like sentinels, or parts of one. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  first: "user text \uE000tn0\uE001 end",
  second: "\uE000tn1\uE001",
  unknown: "a \uE000tn999999\uE001 b",
  open: "\uE000tn",
  marks: "\uE000 and \uE001",
};

const ARGS = `{
  system = "x86_64-linux"; pkgs = { hello = "hello"; }; distribution = { }; invDistribution = { };
}`;

/** The `label` of each service of a services model file, as Nix evaluates it. */
function labels(file: string): unknown {
  return nixEvalJson(`builtins.mapAttrs (name: s: s.label) (import ${file} ${ARGS})`);
}

describe("text that looks like a sentinel", () => {
  requireNix();

  it("written in a spec, reaches Nix as the same text", () => {
    // Makes sentinels 0 and 1 (and more) exist in this process.
    const url = `${pkgs.hello}/bin ${pkgs.hello}`;
    const model = services(
      Object.fromEntries(
        Object.entries(LOOKALIKES).map(([name, label]) => [
          name,
          service({ pkg: pkgs.hello, type: "process", url, label }),
        ]),
      ),
    );
    const result = synthesize([{ file: join(out, "services.ts"), value: model }], { outDir: out });
    expect(result.diagnostics).toEqual([]);
    for (const file of result.files) writeFileSync(join(out, file.path), file.content);
    expect(labels(join(out, "services.nix"))).toEqual(LOOKALIKES);
  });

  it("read from a Nix string by typenix import, is the same text after synth", () => {
    const services = Object.entries(LOOKALIKES)
      .map(
        ([name, label]) =>
          `  ${name} = { name = "${name}"; url = "\${pkgs.hello}/bin"; label = ${JSON.stringify(label)}; pkg = pkgs.hello; type = "process"; };`,
      )
      .join("\n");
    const nixDir = join(imported, "nix");
    mkdirSync(nixDir);
    const original = join(nixDir, "services.nix");
    writeFileSync(
      original,
      `{ system, pkgs, distribution, invDistribution }:\n\nrec {\n${services}\n}\n`,
    );
    expect(labels(original)).toEqual(LOOKALIKES);
    const ts = join(imported, "ts");
    expect(typenix(["import", original, "-o", ts]).status).toBe(0);
    const synthOut = join(imported, "out");
    const synth = typenix(["synth", ts, "-o", synthOut]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    expect(labels(join(synthOut, "services.nix"))).toEqual(LOOKALIKES);
  });
});
