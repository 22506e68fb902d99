/**
 * A services model's `type` strings: lowered once for each type the model
 * uses, each service still gets its own, and a type that lowering reports
 * is reported at each service that has it.
 */
import { describe, expect, it } from "vitest";
import { nix, pkgs, service, services } from "@typenix/dsl";
import { emptyContext } from "../../packages/compiler/src/lower/context.js";
import { lowerServicesModel } from "../../packages/compiler/src/lower/disnix.js";
import { printNix } from "../../packages/compiler/src/printer/print.js";

/** The `type = ...;` lines of the services model generated for `model`, and its diagnostics. */
function lowered(model: ReturnType<typeof services>): { types: string[]; reported: string[] } {
  const ctx = emptyContext("/out/services.nix");
  const text = printNix(lowerServicesModel(model, ctx, "./constructors.nix", "services.ts"));
  return {
    types: [...text.matchAll(/^ {4}type = (.*);$/gm)].map((m) => m[1] as string),
    reported: ctx.diagnostics.map((d) => `${d.code} ${d.valuePath?.join(".")}`),
  };
}

describe("service types", () => {
  it("gives each service its own type, whether other services share it or not", () => {
    const types = ["process", "wrapper", "process", "sysvinit-script", "process", "wrapper"];
    const model = services(
      Object.fromEntries(
        types.map((type, i) => [`svc${i}`, service({ pkg: pkgs.hello, type, port: i })]),
      ),
    );
    expect(lowered(model)).toEqual({ types: types.map((t) => `"${t}"`), reported: [] });
  });

  it("writes a type with a value only Nix knows for each service", () => {
    const manager = nix.ref("processManager");
    const model = services({
      a: service({ pkg: pkgs.hello, type: `${manager}-process` }),
      b: service({ pkg: pkgs.hello, type: `${manager}-process` }),
      c: service({ pkg: pkgs.hello, type: "process" }),
    });
    expect(lowered(model).types).toEqual([
      '"${processManager}-process"',
      '"${processManager}-process"',
      '"process"',
    ]);
  });

  it("reports a type holding an escaped placeholder at each service that has it", () => {
    const escaped = JSON.stringify(`${nix.ref("processManager")}`);
    const model = services({
      a: service({ pkg: pkgs.hello, type: escaped }),
      b: service({ pkg: pkgs.hello, type: escaped }),
    });
    const { types, reported } = lowered(model);
    expect(types).toHaveLength(2);
    expect(reported).toHaveLength(2);
    expect(reported[0]).toMatch(/ services\.a$/);
    expect(reported[1]).toMatch(/ services\.b$/);
  });
});
