/**
 * A mistake in one property of a service record is reported at that
 * property only, whatever order the checker meets the DSL's types in: a
 * record is never measured against the Nix-expression form of `service`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir, typenix } from "../support/typenix-cli.js";

it("reports a wrong property of a service at that property", () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, "services.ts"),
    [
      'import { pkgs, service, services } from "@typenix/dsl";',
      'const db = service({ pkg: pkgs.mysql, type: "mysql-database" });',
      'const app = service({ pkg: db, type: "process" });',
      'const web = service({ pkg: pkgs.hello, type: "process", dependsOn: 5 });',
      "export default services({ db, app, web });",
      "",
    ].join("\n"),
  );
  const result = typenix(["check", dir]);
  const errors = result.stderr.split("\n").filter((l) => /: error /.test(l));
  expect(errors).toEqual([
    expect.stringMatching(/services\.ts:3:23: error TS2322: Type 'Service' is not assignable/),
    expect.stringMatching(
      /services\.ts:4:57: error TS2322: Type 'number' is not assignable to type 'ServiceRefs \| \(\(\) => ServiceRefs\) \| undefined'/,
    ),
  ]);
});

it("refuses a process constructor's call where a service is expected, at the property", () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, "constructors.ts"),
    [
      'import { constructors, createManagedProcess, defineConstructor, z } from "@typenix/dsl";',
      "const webapp = defineConstructor({",
      '  name: "webapp",',
      "  params: z.object({ port: z.number().int() }),",
      '  build: ({ port }) => createManagedProcess({ name: "webapp", process: "/bin/webapp", environment: { PORT: port } }),',
      "});",
      "export default constructors({ webapp });",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "services.ts"),
    [
      'import { processManager, processType, service, services } from "@typenix/dsl";',
      'import constructors from "./constructors.js";',
      "const web = service({ pkg: constructors.webapp({ port: 5000 }), type: processType(processManager) });",
      "export default services({ web, app: constructors.webapp({ port: 5001 }) });",
      "",
    ].join("\n"),
  );
  const result = typenix(["check", dir]);
  const errors = result.stderr.split("\n").filter((l) => /: error /.test(l));
  expect(errors).toEqual([
    expect.stringMatching(
      /services\.ts:4:32: error TS2322: Type 'ConstructorCall<ManagedProcess>' is not assignable to type /,
    ),
    expect.stringMatching(
      /services\.ts:4:16: error TN5052: service 'app' is a call of process constructor 'webapp', which makes a managed process, not a Disnix service$/,
    ),
  ]);
  expect(result.stderr).toContain(
    "hint: make the call the pkg of a service: service({ pkg: webapp({ ... }), type: processType(processManager) })",
  );
  expect(result.status).toBe(1);
});

it("names the service a distribution places that the services model does not have", () => {
  const dir = tempDir();
  const files = {
    "services.ts": [
      'import { pkgs, service, services } from "@typenix/dsl";',
      'export default services({ web: service({ pkg: pkgs.hello, type: "process" }) });',
    ],
    "infrastructure.ts": [
      'import { infrastructure, target } from "@typenix/dsl";',
      'export default infrastructure({ test1: target({ properties: { hostname: "test1" } }) });',
    ],
    "distribution.ts": [
      'import { distribution } from "@typenix/dsl";',
      'import infrastructure from "./infrastructure.js";',
      'import services from "./services.js";',
      "export default distribution(services, infrastructure, (t) => ({",
      "  web: [t.test1],",
      "  web2: [t.test1],",
      "}));",
    ],
  };
  for (const [name, lines] of Object.entries(files))
    writeFileSync(join(dir, name), [...lines, ""].join("\n"));
  const result = typenix(["check", dir]);
  const errors = result.stderr.split("\n").filter((l) => /: error /.test(l));
  expect(errors).toEqual([
    expect.stringMatching(
      /distribution\.ts:6:3: error TS2322: .*is not assignable to type .*NotAServiceOfTheServicesModel<"web2">/,
    ),
  ]);
  expect(result.status).toBe(1);
});
