/**
 * The predicates the compiler asks of every value of a model tell
 * symbolic values from model references, constructor calls and `noDefault` whatever the
 * value is: a symbolic value, a spread copy of one (which holds its term
 * beside other properties), or a symbolic value of a copy of the DSL that
 * keeps no shared map of terms (then only its trap answers for it).
 */
import { describe, expect, it } from "vitest";
import {
  createManagedProcess,
  defineConstructor,
  isConstructorCall,
  isModelRef,
  isNixValue,
  isNoDefault,
  noDefault,
  pkgs,
  service,
  target,
  z,
} from "@typenix/dsl";

const TERM = Symbol.for("typenix.term");
const MODEL_REF = Symbol.for("typenix.modelRef");
const term = { kind: "ref", name: "other" } as const;

const web = defineConstructor({
  name: "web",
  params: z.object({ port: z.number() }),
  build: ({ port }) =>
    createManagedProcess({ name: "web", foregroundProcess: "/bin/web", args: [String(port)] }),
});

/** A symbolic value as a copy of the DSL without the shared map makes it: its traps answer. */
function unmappedSymbolic(): object {
  return new Proxy(
    { [TERM]: term },
    {
      has: (target, key) => key === TERM || key in target,
      // Any attribute is a selection, as a symbolic value's is.
      get: (target, key) => (key === TERM ? term : { [TERM]: { kind: "select" } }),
    },
  );
}

describe("isConstructorCall and isNoDefault", () => {
  it("hold for constructor calls and noDefault, and for the same kinds of another copy of the DSL", () => {
    expect(isConstructorCall(web({ port: 1 }))).toBe(true);
    expect(isConstructorCall({ kind: "constructorCall" })).toBe(true);
    expect(isNoDefault(noDefault)).toBe(true);
    expect(isNoDefault({ kind: noDefault.kind })).toBe(true);
  });

  it("fail for symbolic values, which answer any kind with a selection", () => {
    expect(isConstructorCall(pkgs.hello)).toBe(false);
    expect(isNoDefault(pkgs.hello)).toBe(false);
    const other = unmappedSymbolic();
    expect(isNixValue(other)).toBe(true);
    expect(isConstructorCall(other)).toBe(false);
    expect(isNoDefault(other)).toBe(false);
  });

  it("fail for a spread copy of a symbolic value, even one of the kind", () => {
    const call = { kind: "constructorCall", [TERM]: term };
    const none = { kind: noDefault.kind, [TERM]: term };
    expect(isNixValue(call)).toBe(true);
    expect(isConstructorCall(call)).toBe(false);
    expect(isNoDefault(none)).toBe(false);
  });

  it("fail for other values", () => {
    for (const value of [undefined, null, "constructorCall", 1, [], {}, { kind: "service" }]) {
      expect(isConstructorCall(value)).toBe(false);
      expect(isNoDefault(value)).toBe(false);
    }
  });
});

describe("isModelRef", () => {
  it("holds for services and targets", () => {
    expect(isModelRef(service({ pkg: pkgs.hello, type: "process" }))).toBe(true);
    expect(isModelRef(target({ properties: { hostname: "a" } }))).toBe(true);
  });

  it("fails for symbolic values, spread copies of them, and other values", () => {
    expect(isModelRef(pkgs.hello)).toBe(false);
    expect(isModelRef(unmappedSymbolic())).toBe(false);
    expect(isModelRef({ [MODEL_REF]: true, [TERM]: term })).toBe(false);
    for (const value of [undefined, null, "s", 1, [], {}, { kind: "service" }])
      expect(isModelRef(value)).toBe(false);
  });
});
