/**
 * Builder calls know where they were made (for diagnostics), taken from
 * the call stack when call sites are recorded (the default), and nothing
 * otherwise: the command line's first run of a spec records none.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  constructors,
  createManagedProcess,
  defineConstructor,
  processInstance,
  recordCallSites,
  z,
} from "@typenix/dsl";

const web = defineConstructor({
  name: "web",
  params: z.object({ port: z.number() }),
  build: ({ port }) =>
    createManagedProcess({ name: "web", foregroundProcess: "/bin/web", args: [String(port)] }),
});
const model = constructors({ web });
const here = fileURLToPath(import.meta.url);

afterEach(() => recordCallSites(true));

describe("call sites", () => {
  it("of a constructor call made through a constructors model are the caller's", () => {
    const first = model.web({ port: 1 });

    const second = model.web({ port: 2 });
    expect(first.key).toBe("web");
    expect(first.site?.file).toBe(here);
    expect(second.site?.line).toBe((first.site?.line ?? 0) + 2);
  });

  it("of process instances are taken lazily, and not at all while switched off", () => {
    const recorded = processInstance({ pkg: model.web({ port: 2 }) });
    expect(recorded.site?.file).toBe(here);
    recordCallSites(false);
    const unrecorded = processInstance({ pkg: model.web({ port: 3 }) });
    expect(unrecorded.site).toBeUndefined();
    expect((unrecorded.spec.pkg as { site?: unknown }).site).toBeUndefined();
  });
});
