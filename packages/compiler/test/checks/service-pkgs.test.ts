/**
 * The pkg check finds the kind of a pkg given as a Nix value once for the
 * services that share it one after another: each service is still checked
 * against its own dependencies, and a service with another pkg in between
 * is checked for its own.
 */
import { describe, expect, it } from "vitest";
import { nix, pkgs, service, services } from "@typenix/dsl";
import { checkMessages } from "../../../../test/support/model-checks.js";

const fn = nix.lambda("deps", () => pkgs.hello);

describe("pkg kinds of services sharing a pkg", () => {
  it("checks each service with its own dependencies", () => {
    const a = service({ pkg: pkgs.hello, type: "process" });
    const b = service({ pkg: pkgs.hello, type: "process", dependsOn: { a } });
    const c = service({ pkg: pkgs.hello, type: "process", activatesAfter: { a } });
    const d = service({ pkg: fn, type: "process", dependsOn: { a } });
    const e = service({ pkg: fn, type: "process" });
    const f = service({ pkg: pkgs.hello, type: "process", connectsTo: { a } });
    const g = service({ pkg: pkgs.curl, type: "process", dependsOn: { a } });
    const h = service({ pkg: fn, type: "process" });
    expect(checkMessages(services({ a, b, c, d, e, f, g, h }))).toEqual([
      "TN5009: 'b' has dependsOn/connectsTo, so Disnix calls its pkg with them, but its pkg is the package pkgs.hello, not a function",
      "TN5009: the pkg of 'e' is a function, but 'e' has no dependsOn or connectsTo, so Disnix never calls it",
      "TN5009: 'f' has dependsOn/connectsTo, so Disnix calls its pkg with them, but its pkg is the package pkgs.hello, not a function",
      "TN5009: 'g' has dependsOn/connectsTo, so Disnix calls its pkg with them, but its pkg is the package pkgs.curl, not a function",
      "TN5009: the pkg of 'h' is a function, but 'h' has no dependsOn or connectsTo, so Disnix never calls it",
    ]);
  });
});
