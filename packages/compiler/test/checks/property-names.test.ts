/**
 * The walks over each record's properties (reserved names, ports) tell
 * what a property is by its name once for all the records of a model: a
 * name's answer is the same for every record that has it, whether the
 * record has it of its own or inherits it, and a property the record
 * inherits is read by the ports check but not by the reserved-name check.
 */
import { describe, expect, it } from "vitest";
import { pkgs, service, services, type ServiceRecord } from "@typenix/dsl";
import { checkMessages, messagesOnOneTarget } from "../../../../test/support/model-checks.js";

const record = (more: object): ServiceRecord =>
  ({ pkg: pkgs.hello, type: "process", ...more }) as ServiceRecord;

/** `record(more)`, inheriting the properties of `inherited`. */
const inheriting = (inherited: object, more: object): ServiceRecord =>
  Object.assign(Object.create(inherited) as object, record(more)) as ServiceRecord;

describe("property names across the records of a model", () => {
  it("reports a slip of a reserved name held by a record of its own, not one inherited", () => {
    const db = service(record({}));
    const made = services({
      db,
      a: service(inheriting({ dependOn: { db }, deployStat: true }, { activatesAftr: 1 })),
      b: service(record({ dependOn: { db }, deployStat: true })),
      c: service(inheriting({ activatesAftr: 2 }, { dependsOn: { db } })),
    });
    expect(checkMessages(made).filter((m) => !m.startsWith("TN5009"))).toEqual([
      "TN5051: 'a' has a property 'activatesAftr', which Disnix reads as an ordinary property, not as its reserved 'activatesAfter'",
      "TN5050: 'b' holds services under 'dependOn', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter",
      "TN5051: 'b' has a property 'deployStat', which Disnix reads as an ordinary property, not as its reserved 'deployState'",
    ]);
  });

  it("claims the ports of every record by the same names, own or inherited", () => {
    expect(
      messagesOnOneTarget({
        a: record({ report: 80, httpPort: 8080 }),
        b: record({ report: 80, httpPort: 8080 }),
        c: inheriting({ httpPort: 8080 }, { report: 80 }),
        d: inheriting({ report: 81 }, { port: 80 }),
      }),
    ).toEqual([
      "TN5007: 'b' and 'a' both claim port 8080 on 'test1'",
      "TN5007: 'c' and 'a' both claim port 8080 on 'test1'",
    ]);
  });
});
