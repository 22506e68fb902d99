/**
 * A model changed between two runs of the checks or of synth (a caller of
 * the library adding a service to a model it built) is read anew by the
 * next run: nothing read by one run is kept for the next.
 */
import { describe, expect, it } from "vitest";
import { distribution, infrastructure, pkgs, service, services, target } from "@typenix/dsl";
import type { Service, TargetRef } from "@typenix/dsl";
import { synthesize } from "@typenix/compiler";
import { checkMessages } from "../../../../test/support/model-checks.js";

/** A deployment of `a` on `test1`, and a way to add `b` there later, claiming `a`'s port. */
function deployment() {
  const infra = infrastructure({ test1: target({ properties: { hostname: "test1" } }) });
  const model = services({ a: service({ pkg: pkgs.hello, type: "process", port: 80 }) });
  let place: TargetRef = { kind: "targetRef", name: "test1" } as TargetRef;
  const deployed = distribution(model, infra, (t) => {
    place = t.test1;
    return { a: [t.test1] };
  });
  const addB = (): void => {
    (model.services as Record<string, Service>).b = service({
      pkg: pkgs.hello,
      type: "process",
      port: 80,
    });
    (deployed.placements as Record<string, TargetRef[]>).b = [place];
  };
  return { model, infra, deployed, addB };
}

describe("models changed between runs", () => {
  it("are checked anew by the next run of the checks", () => {
    const { deployed, addB } = deployment();
    expect(checkMessages(deployed)).toEqual([]);
    addB();
    expect(checkMessages(deployed)).toEqual(["TN5007: 'b' and 'a' both claim port 80 on 'test1'"]);
  });

  it("are lowered and checked anew by the next synth", () => {
    const { model, infra, deployed, addB } = deployment();
    const specs = [
      { file: "/spec/services.ts", value: model },
      { file: "/spec/infrastructure.ts", value: infra },
      { file: "/spec/distribution.ts", value: deployed },
    ];
    expect(synthesize(specs, { outDir: "/out" }).diagnostics).toEqual([]);
    addB();
    const again = synthesize(specs, { outDir: "/out" });
    expect(again.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "TN5007: 'b' and 'a' both claim port 80 on 'test1'",
    ]);
  });
});
