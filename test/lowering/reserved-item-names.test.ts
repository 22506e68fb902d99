/**
 * The names of a model's items are reserved only when a `nix.local` or
 * `ownServices` asks for a name: a local named like a service is still
 * bound under a fresh name.
 */
import { describe, expect, it } from "vitest";
import { nix, pkgs, service, services } from "@typenix/dsl";
import { emptyContext } from "../../packages/compiler/src/lower/context.js";
import { lowerServicesModel } from "../../packages/compiler/src/lower/disnix.js";
import { printNix } from "../../packages/compiler/src/printer/print.js";

describe("reserved item names", () => {
  it("binds a local named like a service under a fresh name", () => {
    const web = nix.local("web", { port: 80 });
    const model = services({
      db: service({ pkg: pkgs.db, type: "process", port: 5432 }),
      web: service({ pkg: pkgs.hello, type: "process", port: web.port }),
    });
    const ctx = emptyContext("/out/services.nix");
    const text = printNix(lowerServicesModel(model, ctx, "./constructors.nix", "services.ts"));
    expect(ctx.diagnostics).toEqual([]);
    expect(text).toContain("web_2 = {\n    port = 80;\n  };");
    expect(text).toContain("port = web_2.port;");
  });
});
