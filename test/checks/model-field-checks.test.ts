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
];

describe("checks of model fields report the mistake at the builder call", () => {
  it.each(cases)("%s", (fixture, status, expected) => {
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/${fixture}`, "-o", out]);
    const lines = result.stderr.split("\n").filter((l) => /: (error|warning) /.test(l));
    expect(lines).toEqual(expected.map((e) => `${FIXTURES}/${fixture}/${e}`));
    expect(result.status).toBe(status);
  });
});
