/**
 * A service's dependency set (`dependsOn`, `connectsTo`, `activatesAfter`)
 * is read once as it is lowered: its undefined dependencies (TN3077) are
 * still reported before what lowering its other values reports, each at
 * its place in the model.
 */
import { describe, expect, it } from "vitest";
import { pkgs, service, services, type ModelRef, type Service } from "@typenix/dsl";
import { emptyContext } from "../../packages/compiler/src/lower/context.js";
import { lowerServicesModel } from "../../packages/compiler/src/lower/disnix.js";
import { ident } from "../../packages/compiler/src/syntax/build.js";
import { printNix } from "../../packages/compiler/src/printer/print.js";

describe("dependency sets", () => {
  it("report undefined dependencies first, then services not in the model, in key order", () => {
    const lost = service({ pkg: pkgs.lost, type: "process" });
    const db = service({ pkg: pkgs.db, type: "process" });
    const refs = { lost, gone: undefined, db, missing: undefined } as unknown as Record<
      string,
      Service
    >;
    const model = services({
      db,
      app: service({ pkg: pkgs.app, type: "process", dependsOn: refs }),
    });
    const names = new Map<ModelRef, string>([
      [db, "db"],
      [model.services.app as ModelRef, "app"],
    ]);
    const ctx = emptyContext("/out/services.nix", (item) => {
      const name = names.get(item);
      return name === undefined ? undefined : ident(name);
    });
    const file = lowerServicesModel(model, ctx, "./constructors.nix", "services.ts");
    expect(ctx.diagnostics.map((d) => [d.code, d.valuePath?.join(".")])).toEqual([
      ["TN3077", "services.app.dependsOn.gone"],
      ["TN3077", "services.app.dependsOn.missing"],
      ["TN3004", "services.app.dependsOn.lost"],
    ]);
    expect(printNix(file)).toContain(
      "dependsOn = {\n      inherit db;\n      lost = null;\n    };",
    );
  });
});
