/**
 * The activation-cycle check walks dependency chains of any length: a chain
 * of 20,000 services, each depending on the one declared after it (the
 * order that makes the walk deepest), is checked without exhausting the
 * call stack, and a cycle at its far end is still found.
 */
import { describe, expect, it } from "vitest";
import { nix, pkgs, service, services, type Service } from "@typenix/dsl";
import { checkedAlone } from "../support/model-checks.js";

const LENGTH = 20_000;

/** The pkg of a service with dependencies: a function of them, as Disnix calls it. */
const withDeps = nix.lambda("deps", () => pkgs.hello);

/** `s0 -> s1 -> ... -> s<LENGTH-1> -> tail`, declared from `s0` on. */
function chain(tail: Record<string, Service>): ReturnType<typeof services> {
  const made: Service[] = [];
  let next: Record<string, Service> = tail;
  for (let i = LENGTH - 1; i >= 0; i--) {
    const pkg = Object.keys(next).length > 0 ? withDeps : pkgs.hello;
    const s = service({ pkg, type: "process", dependsOn: next });
    made[i] = s;
    next = { [`s${i}`]: s };
  }
  return services({ ...Object.fromEntries(made.map((s, i) => [`s${i}`, s])), ...tail });
}

function diagnosticsOf(model: ReturnType<typeof services>): string[] {
  return checkedAlone(model).map((d) => d.message);
}

describe("activation cycles in long dependency chains", () => {
  it("checks a chain of 20,000 services", () => {
    expect(diagnosticsOf(chain({}))).toEqual([]);
  });

  it("finds a cycle at the far end of the chain", () => {
    const x = service({ pkg: withDeps, type: "process", dependsOn: () => ({ y }) });
    const y = service({ pkg: withDeps, type: "process", dependsOn: { x } });
    expect(diagnosticsOf(chain({ x, y }))).toEqual(["activation order has a cycle: x -> y -> x"]);
  });
});
