/**
 * The checks' walks take shortcuts where a model is written in the usual
 * way (a distribution placing the services in the model's order, services
 * sharing one pkg one after another): these are the models written
 * otherwise, whose checks must find the same.
 */
import { describe, expect, it } from "vitest";
import {
  createManagedProcess,
  defineConstructor,
  distribution,
  infrastructure,
  pkgs,
  service,
  services,
  target,
  z,
} from "@typenix/dsl";
import { checkMessages } from "../../../../test/support/model-checks.js";

const infra = infrastructure({
  test1: target({ properties: { hostname: "test1" } }),
  test2: target({ properties: { hostname: "test2" } }),
});

const webapp = defineConstructor({
  name: "webapp",
  params: z.object({ port: z.int() }),
  build: ({ port }) =>
    createManagedProcess({
      instanceName: "webapp",
      process: "/bin/webapp",
      environment: { PORT: port },
    }),
});

describe("checks of models written in another order", () => {
  it("finds each placed service by its key, placed in any order or not at all", () => {
    const a = service({ pkg: pkgs.hello, type: "process", port: 80 });
    const b = service({ pkg: pkgs.hello, type: "process", port: 80 });
    const c = service({ pkg: pkgs.hello, type: "process", port: 81 });
    const d = service({ pkg: pkgs.hello, type: "process", port: 81, dependsOn: { c } });
    const model = services({ a, b, c, d });
    const deployed = distribution(model, infra, (t) => ({
      d: [t.test1],
      b: [t.test2],
      a: [t.test2, t.test1],
    }));
    expect(checkMessages(deployed)).toEqual([
      "TN5003: 'd' dependsOn 'c', which the distribution deploys nowhere",
      "TN5007: 'a' and 'b' both claim port 80 on 'test2'",
    ]);
  });

  it("finds constructor calls as pkgs after services sharing another pkg", () => {
    const model = services({
      a: service({ pkg: pkgs.hello, type: "process" }),
      b: service({ pkg: pkgs.hello, type: "process" }),
      one: service({ pkg: webapp({ port: 5000 }), type: "process" }),
      two: service({ pkg: webapp({ port: 5001 }), type: "process" }),
    });
    const deployed = distribution(model, infra, (t) => ({
      a: [t.test1],
      b: [t.test1],
      one: [t.test1],
      two: [t.test1],
    }));
    expect(checkMessages(deployed)).toEqual([
      "TN5012: services 'two' and 'one' are both processes named 'webapp' on 'test1'",
    ]);
  });
});
