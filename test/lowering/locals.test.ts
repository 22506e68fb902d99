/**
 * `nix.local` values in one generated file: two values bound under the same
 * name (as models merged from two spec files may each bind a `customPkgs`)
 * keep their own meaning, checked by evaluating the output with the real Nix.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nix, pkgs, processManager, processType, service, services } from "@typenix/dsl";
import { synthesize } from "@typenix/compiler";
import { nixEvalJson, requireNix } from "../support/real-nix.js";

const out = mkdtempSync(join(tmpdir(), "typenix-locals-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The port of each service of the services model generated for `model`. */
function evaluatedPorts(model: ReturnType<typeof services>): unknown {
  const result = synthesize([{ file: join(out, "services.ts"), value: model }], { outDir: out });
  expect(result.diagnostics).toEqual([]);
  for (const file of result.files) writeFileSync(join(out, file.path), file.content);
  return nixEvalJson(
    `builtins.mapAttrs (name: s: s.port) (import ${join(out, "services.nix")} {
      system = "x86_64-linux"; pkgs = { hello = "hello"; }; distribution = { }; invDistribution = { };
    })`,
  );
}

describe("nix.local values in one file", () => {
  requireNix();

  it("binds two different values of the same name under two names", () => {
    const first = nix.local("settings", { port: 1 });
    const second = nix.local("settings", { port: 2 });
    const model = services({
      a: service({ pkg: pkgs.hello, type: "process", port: first.port }),
      b: service({ pkg: pkgs.hello, type: "process", port: second.port }),
      c: service({ pkg: pkgs.hello, type: "process", port: first.port }),
    });
    expect(evaluatedPorts(model)).toEqual({ a: 1, b: 2, c: 1 });
  });

  it("binds the type derived from processManager once for all the services it types", () => {
    const model = services({
      a: service({ pkg: pkgs.hello, type: processType(processManager) }),
      b: service({ pkg: pkgs.hello, type: processType(processManager) }),
    });
    const result = synthesize([{ file: join(out, "services.ts"), value: model }], { outDir: out });
    const text = result.files.find((f) => f.path === "services.nix")?.content ?? "";
    expect(text.match(/^ {2}processType\w* = /gm)).toEqual(["  processType = "]);
    expect(text.match(/type = processType;/g)).toHaveLength(2);
  });
});
