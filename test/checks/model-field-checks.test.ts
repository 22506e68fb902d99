/**
 * Checks of the fields of models that the types cannot make errors of:
 * `typenix synth` fails (or warns) with exactly these diagnostics.
 */
import { describe, expect, it } from "vitest";
import { tempDir, typenix } from "../support/typenix-cli.js";

const FIXTURES = "test/checks/fixtures";

const cases: [fixture: string, status: number, expected: string[]][] = [
  [
    "string-port-clash",
    1,
    [
      "services.ts:6:14: error TN5007: 'web2' and 'web1' both claim port 5000 on 'test1'",
      "services.ts:7:14: error TN5007: 'web3' and 'web1' both claim port 5000 on 'test1'",
    ],
  ],
  // Every instance of a processes model runs on one machine.
  [
    "string-process-port-clash",
    1,
    [
      "processes.ts:11:13: error TN5007: process instances 'two' and 'one' both claim port 5000",
      "processes.ts:13:15: error TN5007: process instances 'three' and 'one' both claim port 5000",
    ],
  ],
  [
    "misspelt-service-properties",
    1,
    [
      "services.ts:4:13: error TN5050: 'app' holds services under 'dependOn', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter",
      "services.ts:4:13: error TN5050: 'app' holds services under 'activatesAfer', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter",
      "services.ts:5:13: error TN5050: 'web' holds services under 'backend', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter",
      "services.ts:5:13: error TN5050: 'web' holds services under 'ConnectsTo', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter",
      "services.ts:8:16: warning TN5051: 'plain' has a property 'dependOn', which Disnix reads as an ordinary property, not as its reserved 'dependsOn'",
      "services.ts:8:16: warning TN5051: 'plain' has a property 'deploystate', which Disnix reads as an ordinary property, not as its reserved 'deployState'",
      "services.ts:8:16: error TN5050: 'listed' holds services under 'extra', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter",
    ],
  ],
  [
    "undefined-dependencies",
    1,
    [
      "constructors.ts:13:18: error TN3077: dependsOn.db: the dependency 'db' is undefined, not a service (was it not made yet where the dependsOn object is written?)",
      "services.ts:6:69: error TN3077: services.app.dependsOn.db: the dependency 'db' is undefined, not a service (was it not made yet where the dependsOn object is written?)",
      "services.ts:8:56: error TN3077: services.web.connectsTo: the connectsTo set is a Nix value, whose services only Nix knows: typenix can check none of them",
      "services.ts:9:59: error TN3077: services.plain.dependsOn: the dependsOn set is a Nix value, whose services only Nix knows: typenix can check none of them",
    ],
  ],
  [
    "misspelt-target-attributes",
    0,
    [
      "infrastructure.ts:4:10: warning TN5051: target 'test1' has an attribute 'sytem', which Disnix reads as an ordinary attribute, not as its reserved 'system'",
      "infrastructure.ts:4:10: warning TN5051: target 'test1' has an attribute 'numOfCore', which Disnix reads as an ordinary attribute, not as its reserved 'numOfCores'",
    ],
  ],
  [
    "misspelt-process-properties",
    0,
    [
      "processes.ts:9:13: warning TN5051: process instance 'one' has a property 'requiresUniqueIdFor', which nix-processmgmt reads as an ordinary property, not as its reserved 'requiresUniqueIdsFor'",
    ],
  ],
];

it("names the reserved property in the hint", () => {
  const result = typenix(["check", `${FIXTURES}/misspelt-service-properties/services.ts`]);
  expect(result.stderr).toContain("error TN5050: 'app' holds services under 'dependOn'");
  expect(result.stderr).toContain("  hint: rename it 'dependsOn'");
  expect(result.stderr).toContain(
    "  hint: put them under dependsOn (activated first, their properties passed to pkg), connectsTo (passed, not ordered) or activatesAfter (activated first, nothing passed)",
  );
  expect(result.status).toBe(1);
});

it("reports an undefined dependency of a constructor's record in build, with how to give it", () => {
  const result = typenix(["check", `${FIXTURES}/undefined-dependencies`]);
  expect(result.stderr).toContain(
    `${FIXTURES}/undefined-dependencies/constructors.ts:13:18: error TN3077: dependsOn.db: the dependency 'db' is undefined, not a service (was it not made yet where the dependsOn object is written?)\n` +
      "  hint: give 'db' a value: a constructor's generated file sees none of a model's services, so pass it in as a parameter, or declare the dependency in the services model, on a service written as a record there",
  );
  expect(result.status).toBe(1);
});

describe("checks of model fields report the mistake at the builder call", () => {
  it.each(cases)("%s", (fixture, status, expected) => {
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/${fixture}`, "-o", out]);
    const lines = result.stderr.split("\n").filter((l) => /: (error|warning) /.test(l));
    expect(lines).toEqual(expected.map((e) => `${FIXTURES}/${fixture}/${e}`));
    expect(result.status).toBe(status);
  });
});
