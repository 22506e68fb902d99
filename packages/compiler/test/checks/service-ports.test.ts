/**
 * The ports check claims each port of a service on its target as the walk
 * of the record's properties finds it: in the order of the properties, a
 * port given as a string of digits too, one the record inherits too, and
 * what a getter of a later port throws is what is reported.
 */
import { describe, expect, it } from "vitest";
import { pkgs, type ServiceRecord } from "@typenix/dsl";
import { messagesOnOneTarget } from "../../../../test/support/model-checks.js";

const record = (more: object): ServiceRecord =>
  ({ pkg: pkgs.hello, type: "process", ...more }) as ServiceRecord;

describe("ports of services on one target", () => {
  it("claims each port in the order of the record's properties", () => {
    expect(
      messagesOnOneTarget({
        a: record({ port: 80, httpPort: 8080 }),
        b: record({ httpPort: "8080", adminPort: 9000, port: 80 }),
        c: Object.assign(Object.create({ mysqlPort: 9000 }) as object, record({})) as ServiceRecord,
      }),
    ).toEqual([
      "TN5007: 'b' and 'a' both claim port 8080 on 'test1'",
      "TN5007: 'b' and 'a' both claim port 80 on 'test1'",
      "TN5007: 'c' and 'b' both claim port 9000 on 'test1'",
    ]);
  });

  it("reports what a getter of a later port throws, and no port claimed before it", () => {
    const throwing = Object.defineProperty(record({ port: 80 }), "httpPort", {
      enumerable: true,
      get: () => {
        throw new Error("httpPort threw");
      },
    }) as ServiceRecord;
    expect(messagesOnOneTarget({ a: record({ port: 80 }), b: throwing })).toEqual([
      "TN1003: httpPort threw",
    ]);
  });
});
