/**
 * The activation-cycle check of a services model looks for cycles only
 * where one can be: a service ordered after itself or after a service
 * declared after it. These are the cycles it must still find, and what a
 * getter of a service's dependencies throws first is still what it reports.
 */
import { describe, expect, it } from "vitest";
import { nix, pkgs, service, services, type Service } from "@typenix/dsl";
import { checkMessages } from "../../../../test/support/model-checks.js";

/** The pkg of a service with dependencies: a function of them, as Disnix calls it. */
const withDeps = nix.lambda("deps", () => pkgs.hello);

const CYCLE = "TN5004: activation order has a cycle:";

describe("activation cycles", () => {
  it("finds none where every service is ordered after ones declared before it", () => {
    const a = service({ pkg: pkgs.hello, type: "process" });
    const b = service({ pkg: withDeps, type: "process", dependsOn: { a } });
    const c = service({ pkg: pkgs.hello, type: "process", activatesAfter: { a, b } });
    expect(checkMessages(services({ a, b, c }))).toEqual([]);
  });

  it("finds none where a service is ordered after a later one, with no way back", () => {
    const b = service({ pkg: pkgs.hello, type: "process" });
    const a = service({ pkg: pkgs.hello, type: "process", activatesAfter: { b } });
    expect(checkMessages(services({ a, b }))).toEqual([]);
  });

  it("finds a cycle through a service ordered after a later one", () => {
    const a: Service = service({ pkg: pkgs.hello, type: "process", activatesAfter: () => ({ b }) });
    const b: Service = service({ pkg: withDeps, type: "process", dependsOn: { a } });
    expect(checkMessages(services({ a, b }))).toEqual([`${CYCLE} a -> b -> a`]);
  });

  it("finds a service depending on itself", () => {
    const a: Service = service({ pkg: withDeps, type: "process", dependsOn: () => ({ a }) });
    const b = service({ pkg: pkgs.hello, type: "process" });
    expect(checkMessages(services({ b, a }))).toEqual([`${CYCLE} a -> a`]);
  });

  it("finds a cycle through several services, after services with none", () => {
    const x = service({ pkg: pkgs.hello, type: "process" });
    const y = service({ pkg: pkgs.hello, type: "process", activatesAfter: { x } });
    const d: Service = service({ pkg: pkgs.hello, type: "process", activatesAfter: () => ({ f }) });
    const e: Service = service({ pkg: pkgs.hello, type: "process", activatesAfter: { d } });
    const f: Service = service({ pkg: pkgs.hello, type: "process", activatesAfter: { e } });
    expect(checkMessages(services({ x, y, d, e, f }))).toEqual([`${CYCLE} d -> f -> e -> d`]);
  });

  it("reports what the getter read first in the walk's order throws", () => {
    const throwing = (what: string): Record<string, Service> =>
      Object.defineProperty({}, "dep", {
        enumerable: true,
        get: () => {
          throw new Error(`${what} threw`);
        },
      });
    // The walk goes from `a` to `c`, a service declared later, and reads
    // the dependencies of `c` before those of `b`.
    const a: Service = service({ pkg: pkgs.hello, type: "process", activatesAfter: () => ({ c }) });
    const b = service({ pkg: pkgs.hello, type: "process", activatesAfter: () => throwing("b") });
    const c = service({ pkg: pkgs.hello, type: "process", activatesAfter: () => throwing("c") });
    expect(checkMessages(services({ a, b, c }))).toEqual(["TN1003: c threw"]);
  });
});
