/**
 * Each whole-model check against a spec that breaks it: `typenix synth`
 * fails (or warns) with exactly this diagnostic at exactly this TS line.
 */
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBatch } from "../support/check-batch.js";
import { evaluateDisnix } from "../support/disnix-eval.js";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

const FIXTURES = "test/checks/fixtures";

const cases: [fixture: string, status: number, expected: string[]][] = [
  [
    "name-mismatch",
    1,
    [
      "services.ts:3:16: error TN5001: service 'webapp' is named 'web-app'; Disnix requires the name to equal the attribute key",
    ],
  ],
  [
    "reserved-property",
    1,
    [
      "services.ts:3:11: error TN5031: 'a' has a property 'targets', which Disnix reserves: it deploys the service to the targets it lists instead of where the distribution places it",
    ],
  ],
  [
    "unknown-service",
    1,
    [
      "distribution.ts:6:65: error TN5002: 'app' is distributed to 'test3', which is not a target of the infrastructure model",
      "distribution.ts:6:103: error TN5002: the distribution places 'db', which is not a service of the services model",
    ],
  ],
  [
    "unknown-target",
    1,
    [
      "distribution.ts:7:16: error TN5002: 'app' is distributed to something that is not a target of the infrastructure model",
    ],
  ],
  [
    "shared-service",
    1,
    [
      "services.ts:4:15: error TN5013: 'proxy' depends on 'web', a service the services model has under two keys: 'web' and 'mirror'",
    ],
  ],
  [
    "undistributed-dependency",
    1,
    [
      "services.ts:4:13: error TN5003: 'app' dependsOn 'db', which the distribution deploys nowhere",
    ],
  ],
  [
    "undistributed-activation",
    0,
    [
      "services.ts:3:13: warning TN5034: 'app' activatesAfter 'db', which the distribution deploys nowhere: Disnix drops that ordering",
    ],
  ],
  ["cycle", 1, ["services.ts:3:20: error TN5004: activation order has a cycle: a -> b -> c -> a"]],
  // Process instances whose processes depend on each other, as nix-processmgmt orders them.
  [
    "process-cycle",
    1,
    [
      "processes.ts:5:11: error TN5004: the processes of process instances depend on each other in a cycle: a -> b -> c -> a",
      "processes.ts:14:11: error TN5004: the processes of process instances depend on each other in a cycle: f -> f",
      "processes.ts:16:11: error TN5004: the processes of process instances depend on each other in a cycle: g -> h -> g",
      "processes.ts:23:11: error TN5004: the processes of process instances depend on each other in a cycle: i -> j -> i",
    ],
  ],
  [
    "container-cycle",
    1,
    [
      "services.ts:4:20: error TN5004: activation order has a cycle: s -> p -> s, where 's' is deployed into container 'mycontainer', which 'p' provides on 'test1'",
      "services.ts:9:22: error TN5004: activation order has a cycle: own -> own, where 'own' is deployed into container 'own', which 'own' provides on 'test2'",
    ],
  ],
  [
    "missing-container",
    1,
    [
      "services.ts:4:15: error TN5005: 'rooms' needs container 'mysql-database-secondary' on 'test2', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module",
    ],
  ],
  [
    "distribution-container",
    1,
    [
      "distribution.ts:8:3: error TN5005: 'web' needs container 'tomcat' on 'test2', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module",
    ],
  ],
  [
    "placement-keys",
    1,
    [
      "distribution.ts:7:41: error TN2001: the placement of 'db' has 'container' beside targets, which Disnix does not read: it reads only the targets of a placement's long form",
      "distribution.ts:8:39: error TN2001: the placement of 'app' on 'test1' has 'contaner', which Disnix does not read: it reads only the target and container of each entry of targets",
    ],
  ],
  [
    "duplicate-placement",
    1,
    [
      "distribution.ts:6:3: error TN5022: the distribution places 'web' in container 'my-container' on 'test1' more than once",
      "distribution.ts:8:3: error TN5022: the distribution places 'app' in container 'process' on 'test1' more than once",
      "services.ts:3:13: error TN5005: 'web' needs container 'my-container' on 'test1', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module",
    ],
  ],
  [
    "dysnomia-modules",
    1,
    [
      "services.ts:8:17: error TN5005: 'unknown' needs container 'xinetd-services' on 'test1', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module",
    ],
  ],
  [
    "nix-value-target",
    1,
    [
      "services.ts:3:12: error TN5005: 'db' needs container 'my-container' on 'test2', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module",
    ],
  ],
  [
    "container-forms",
    1,
    [
      "services.ts:3:14: error TN5030: 'prov' has both providesContainers and providesContainer; Disnix places services only into the containers of providesContainers, and publishes only the one of providesContainer",
    ],
  ],
  [
    "symbolic-container",
    1,
    [
      "services.ts:10:14: error TN5005: 'lost' needs container 'x-lost' on 'test2', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module",
    ],
  ],
  [
    "duplicate-provider",
    1,
    [
      "services.ts:4:16: error TN5006: 'mysql2' and 'mysql1' both provide container 'mysql-database' on 'test1'",
    ],
  ],
  [
    "port-clash",
    1,
    ["services.ts:4:14: error TN5007: 'web2' and 'web1' both claim port 8080 on 'test1'"],
  ],
  [
    "port-names",
    1,
    ["services.ts:5:11: error TN5007: 'b' and 'a' both claim port 8080 on 'test1'"],
  ],
  [
    "process-port-clash",
    1,
    [
      "processes.ts:10:13: error TN5007: process instances 'two' and 'one' both claim port 5000",
      "processes.ts:10:13: error TN5012: process instances 'two' and 'one' are both named 'app'",
    ],
  ],
  [
    "process-name-clash",
    1,
    [
      "processes.ts:5:17: error TN5012: process instances 'webapp2' and 'webapp1' are both named 'webapp'",
    ],
  ],
  [
    "service-process-names",
    1,
    [
      "services.ts:5:17: error TN5012: services 'webapp2' and 'webapp1' are both processes named 'webapp' on 'test1'",
    ],
  ],
  // Located at the reference, which the message names; the item has no name in the model.
  [
    "unlisted-reference",
    1,
    [
      "processes.ts:9:56: error TN3004: processes.front.pkg.webapps[0]: this processInstance is referenced but is not part of the model being generated (defined at processes.ts:8:13)",
      "services.ts:4:73: error TN3004: services.a.activatesAfter.lost: this service is referenced but is not part of the model being generated (defined at services.ts:3:14)",
    ],
  ],
  [
    "package-dependency",
    1,
    [
      "services.ts:4:13: error TN5008: 'app' depends on 'tools', a package service, which is deployed but never activated and has no properties to pass",
      "services.ts:5:15: error TN5008: 'later' activates after 'tools', a package service, which is deployed but never activated",
    ],
  ],
  [
    "interdependency-arguments",
    1,
    [
      "services.ts:5:16: error TN5009: the pkg of 'lonely' is a function of inter-dependencies, but 'lonely' has no dependsOn or connectsTo",
      "services.ts:6:17: error TN5009: 'applied' has dependsOn/connectsTo, so Disnix calls its pkg with them, but the constructor call already applied its inter-dependencies",
    ],
  ],
  // The names a constructor's build reads of interDeps, against those each call is given.
  [
    "interdependency-names",
    1,
    [
      "constructors.ts:38:16: error TN5014: constructor 'partial' is built on 'zip': constructor 'zip' reads the inter-dependency 'zipcodesDb', missing from the call's second argument (names given: 'extra')",
      "processes.ts:5:14: error TN5014: process instance 'none': constructor 'zip' reads the inter-dependency 'zipcodesDb', missing from the call's second argument (names given: none)",
      "services.ts:6:15: error TN5014: service 'wrong': constructor 'zip' reads the inter-dependency 'zipcodesDb', missing from its dependsOn/connectsTo (names given: 'db')",
      "services.ts:7:17: error TN5014: service 'wrapped': constructor 'wrapper' reads the inter-dependency 'zipcodesDb', missing from its dependsOn/connectsTo (names given: 'db')",
      "services.ts:9:17: error TN5014: service 'applied': constructor 'zip' reads the inter-dependency 'zipcodesDb', missing from the constructor call's second argument (names given: 'other')",
      "services.ts:11:23: error TN5014: service 'namedAndWhole': constructor 'namedAndWhole' reads the inter-dependency 'zipcodesDb', missing from its dependsOn/connectsTo (names given: 'db')",
    ],
  ],
  // Disnix passes the pkg connectsTo // dependsOn: a key in both names one service only.
  [
    "dependency-key-twice",
    1,
    [
      "services.ts:6:82: error TN5015: 'c' has 'db' under both dependsOn and connectsTo, for different services: Disnix passes its pkg only the one of dependsOn ('a'), never 'b'",
    ],
  ],
  [
    "pkg-not-a-function",
    1,
    [
      "services.ts:5:13: error TN5009: 'web' has dependsOn/connectsTo, so Disnix calls its pkg with them, but constructor 'webapp' takes no inter-dependencies",
      "services.ts:6:14: error TN5009: 'tool' has dependsOn/connectsTo, so Disnix calls its pkg with them, but its pkg is the package pkgs.hello, not a function",
      "services.ts:7:16: error TN5009: the pkg of 'lambda' is a function, but 'lambda' has no dependsOn or connectsTo, so Disnix never calls it",
      "services.ts:8:15: error TN5009: the pkg of 'local' is a function, but 'local' has no dependsOn or connectsTo, so Disnix never calls it",
      "services.ts:9:16: error TN5009: the pkg of 'called' is a function, but 'called' has no dependsOn or connectsTo, so Disnix never calls it",
    ],
  ],
  [
    "launchd",
    0,
    [
      "services.ts:4:13: warning TN5010: 'app' is a launchd daemon with dependencies; launchd cannot order them",
    ],
  ],
  [
    "launchd-container",
    0,
    [
      "services.ts:4:11: warning TN5010: 'b' is a managed process with dependencies on 'mac', whose managed-process container runs it with launchd; launchd cannot order them",
    ],
  ],
  [
    "launchd-process-manager",
    0,
    [
      "services.ts:4:11: warning TN5010: 'b' is a launchd daemon with dependencies (its type is processType(processManager), and processManager defaults to 'launchd'); launchd cannot order them",
    ],
  ],
  [
    "duplicate-target-property",
    1,
    [
      "infrastructure.ts:8:10: error TN5020: targets 'test2' and 'test1' both have hostname 'same'",
      "infrastructure.ts:10:10: error TN5020: targets 'test4' and 'test3' both have ip '10.0.0.1'",
      "infrastructure.ts:11:10: error TN5020: target 'test5' has ip 'same', the hostname of target 'test1'",
    ],
  ],
  [
    "missing-target-property",
    1,
    [
      "infrastructure.ts:4:10: error TN5021: target 'test1' has targetProperty 'ipAddress', but no property 'ipAddress'",
      "infrastructure.ts:5:10: error TN5021: target 'test2' has targetProperty 'ipAddress', but no property 'ipAddress'",
      "infrastructure.ts:12:10: warning TN5016: target 'test7' has no property 'hostname', by which Disnix connects to a target naming no targetProperty",
      "infrastructure.ts:14:10: error TN5021: target 'test8' has targetProperty 'constructor', but no property 'constructor'",
    ],
  ],
  [
    "target-names",
    1,
    [
      'infrastructure.ts:4:17: error TN5032: target name "web server" is not a valid Nix store path name, and Disnix names the target\'s profile after it',
      'infrastructure.ts:5:7: error TN5032: target name "" is not a valid Nix store path name, and Disnix names the target\'s profile after it',
      'infrastructure.ts:6:11: error TN5032: target name "${x}" is not a valid Nix store path name, and Disnix names the target\'s profile after it',
      'infrastructure.ts:7:14: error TN5032: target name ".hidden" is not a valid Nix store path name, and Disnix names the target\'s profile after it',
      'infrastructure.ts:3:16: error TN5032: target name "raw one" is not a valid Nix store path name, and Disnix names the target\'s profile after it',
    ],
  ],
  [
    "other-infrastructure",
    1,
    [
      "distribution.ts:5:16: error TN5033: the distribution is made with an infrastructure model other than the one synthesized with it (infrastructure.ts), which has no target 'staging'",
    ],
  ],
  [
    "bad-port",
    1,
    [
      "processes.ts:9:49: error TN2002: invalid argument 'port' for constructor 'app': Too big: expected number to be <=65535 (got 70000)",
    ],
  ],
  // A model with a computed part: no check needing every service or placement reports
  // what Nix may add, and those that remain sound still find the declared part's mistakes.
  ["computed-parts", 0, []],
  [
    "computed-parts-errors",
    1,
    [
      "services.ts:5:11: error TN5004: activation order has a cycle: a -> b -> a",
      "distribution.ts:8:47: error TN5002: 'a' is distributed to 'test3', which is not a target of the infrastructure model",
      "services.ts:4:14: error TN5007: 'web2' and 'web1' both claim port 8080 on 'test1'",
    ],
  ],
  [
    "computed-placements-errors",
    1,
    [
      "distribution.ts:6:81: error TN5002: the distribution places 'db', which is not a service of the services model",
    ],
  ],
  [
    "computed-unbound",
    1,
    [
      "distribution.ts:6:16: error TN3060: the distribution's computed part reads 'invDistribution', which distribution.nix does not bind: it is a function of infrastructure alone",
    ],
  ],
  [
    "computed-reads-service",
    1,
    [
      "services.ts:7:5: error TN3061: computed[0].value: the computed part reads the service 'web' of the declared ones, which is not in scope beside the model's rec set",
    ],
  ],
  // Services whose constructors make records Nix computes (computedRecord): nothing of them is
  // read, and a service deployed into a container they may provide is no missing container.
  ["computed-record", 0, []],
  // A computed default stands in for a parameter left out, over the schema's `.default(...)`, as in Nix.
  [
    "computed-default-clash",
    1,
    [
      "processes.ts:6:16: error TN5012: process instances 'second' and 'first' are both named 'web1'",
    ],
  ],
  ["computed-default-service", 0, []],
  // Entries no builder made (a cast lets them past the types, and synth does not type-check):
  // each is reported where it is written, and its model is neither lowered nor checked further.
  [
    "misshapen-instances",
    1,
    [
      "processes.ts:7:28: error TN5052: process instance 'call' is a call of constructor 'webapp', which makes what a process instance runs, not the instance",
      "processes.ts:7:34: error TN2001: process instance 'plain' is a plain object, not a processInstance(...)",
      "processes.ts:7:41: error TN2001: process instance 'none' is null, not a processInstance(...)",
      "processes.ts:7:53: error TN2001: process instance 'text' is a string, not a processInstance(...)",
    ],
  ],
  // A container provider's call (a whole service record) given as what a service or an instance runs.
  [
    "record-call-as-pkg",
    1,
    [
      "processes.ts:5:48: error TN5054: the pkg of process instance 'db' is a call of constructor 'mysql', which makes a Disnix service record, not a managed process",
      "services.ts:5:40: error TN5054: the pkg of service 'db' is a call of constructor 'mysql', which makes a Disnix service record, not a package to deploy",
    ],
  ],
  [
    "misshapen-targets",
    1,
    [
      "infrastructure.ts:4:3: error TN2001: target 'test1' is a plain object, not a target(...)",
      "infrastructure.ts:5:3: error TN2001: target 'test2' is null, not a target(...)",
      "infrastructure.ts:7:3: error TN2001: target 'test4' is target(...) of null, not of a set of its properties",
      "infrastructure.ts:8:3: error TN2001: target 'test5' is a Map, not a target(...)",
    ],
  ],
  [
    "misshapen-constructors",
    1,
    [
      "constructors.ts:4:31: error TN2001: constructor 'none' is null, not a defineConstructor(...)",
      "constructors.ts:4:43: error TN2001: constructor 'webapp' is a createManagedProcess(...), not a defineConstructor(...)",
    ],
  ],
  [
    "misshapen-instance-spec",
    1,
    [
      "processes.ts:3:28: error TN2001: process instance 'empty' is processInstance(...) of null, not of a set of its properties",
    ],
  ],
  [
    "misshapen-services",
    1,
    [
      "services.ts:4:31: error TN2001: service 'webapp' is null, not a service",
      "services.ts:4:45: error TN2001: service 'proxy' is undefined, not a service",
      "services.ts:4:63: error TN2001: service 'cache' is a string, not a service",
    ],
  ],
  // A service record without the type Disnix activates it by.
  [
    "missing-type",
    1,
    [
      "services.ts:4:11: error TN5011: service 'a' has no type",
      "services.ts:5:11: error TN5011: service 'b' has no type",
    ],
  ],
  // Standard model parameters given values Nix would fail on, as nix-processmgmt and Disnix read them.
  [
    "misshapen-parameters",
    1,
    [
      "processes.ts:8:7: error TN2001: parameter 'processManager' is \"supervisor\", which is no process manager nix-processmgmt has",
      "processes.ts:9:7: error TN2001: parameter 'tmpDir' is null, not a string",
      "processes.ts:10:7: error TN2001: parameter 'callingUser' is 1, neither a string nor null",
      "services.ts:8:7: error TN2001: parameter 'forceDisableUserChange' is \"yes\", not a boolean",
      "services.ts:9:7: error TN2001: parameter 'system' is a list, not a string",
    ],
  ],
  // Spec code the checks run (a dependsOn function) that throws is reported once, where it threw.
  ["throwing-dependency", 1, ["services.ts:5:9: error TN1003: not ready"]],
  ["dependency-throws-later", 1, ["services.ts:8:24: error TN1003: read twice"]],
  // Spec code that throws where nothing expects it (a getter of a constructor's spec) too.
  ["throwing-name-type-error", 1, ["constructors.ts:5:11: error TN1003: no name yet"]],
];

describe("whole-model checks report the mistake at the builder call", () => {
  it.each(cases)("%s", (fixture, status, expected) => {
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/${fixture}`, "-o", out]);
    const lines = result.stderr.split("\n").filter((l) => /: (error|warning) /.test(l));
    expect(lines).toEqual(expected.map((e) => `${FIXTURES}/${fixture}/${e}`));
    expect(result.status).toBe(status);
  });

  // The deployments of the `typenix check` cases, written as the tests are collected and
  // checked in one run (see check-batch.ts): each case reads the diagnostics of its own folder.
  const checked = checkBatch();
  const nameClash = `${FIXTURES}/process-name-clash`;
  checked.add(nameClash);

  it("typenix check reports them too", () => {
    const result = checked.of(nameClash);
    expect(result.stderr).toContain(
      `processes.ts:5:17: error TN5012: process instances 'webapp2' and 'webapp1' are both named 'webapp'\n` +
        "  hint: process managers tell processes apart by name (PID files, unit names): " +
        "give each instance its own, e.g. with an instanceSuffix parameter and " +
        'instanceName = "webapp${instanceSuffix}", as nix-processmgmt\'s constructors do',
    );
    expect(result.status).toBe(1);
  });

  const constructorCall = tempDir();
  for (const file of ["constructors.ts", "webapp.ts"])
    copyFileSync(`${FIXTURES}/process-name-clash/${file}`, join(constructorCall, file));
  writeFileSync(
    join(constructorCall, "processes.ts"),
    [
      'import { processes } from "@typenix/dsl";',
      'import constructors from "./constructors.js";',
      "const webapp1 = constructors.webapp({ port: 5000 });",
      "export default processes({ webapp1 }, { constructors });",
      "",
    ].join("\n"),
  );
  checked.add(constructorCall);

  it("typenix check reports a process constructor's call given as an instance beside the type error", () => {
    const result = checked.of(constructorCall);
    const errors = result.stderr.split("\n").filter((l) => /: error /.test(l));
    expect(errors).toEqual([
      expect.stringMatching(
        /processes\.ts:4:28: error TS2739: Type 'ConstructorCall<ManagedProcess>' is missing the following properties from type 'ProcessInstance'/,
      ),
      expect.stringMatching(
        /processes\.ts:4:28: error TN5052: process instance 'webapp1' is a call of constructor 'webapp'/,
      ),
    ]);
    expect(result.stderr).toContain(
      "hint: make the call the pkg of a processInstance(...): processInstance({ pkg: webapp({ ... }) })",
    );
    expect(result.status).toBe(1);
  });

  const recordCall = tempDir();
  copyFileSync(
    `${FIXTURES}/record-call-as-pkg/constructors.ts`,
    join(recordCall, "constructors.ts"),
  );
  writeFileSync(
    join(recordCall, "processes.ts"),
    [
      'import { processInstance, processes } from "@typenix/dsl";',
      'import constructors from "./constructors.js";',
      'const db = processInstance({ pkg: constructors.mysql({ type: "systemd-unit" }) });',
      "export default processes({ db }, { constructors });",
      "",
    ].join("\n"),
  );
  checked.add(recordCall);

  it("typenix check reports a service record's constructor call given as an instance's pkg beside the type error", () => {
    const result = checked.of(recordCall);
    const errors = result.stderr.split("\n").filter((l) => /: error /.test(l));
    expect(errors).toEqual([
      expect.stringMatching(
        /processes\.ts:3:30: error TS2322: Type 'ConstructorCall<ServiceRecord>' is not assignable to type 'NixValue \| ConstructorCall<ManagedProcess>'/,
      ),
      expect.stringMatching(
        /processes\.ts:3:48: error TN5054: the pkg of process instance 'db' is a call of constructor 'mysql'/,
      ),
    ]);
    expect(result.stderr).toContain(
      "hint: a processes model runs managed processes: make pkg a call of a constructor whose build returns createManagedProcess(...); a service record belongs in a services model, service(mysql({ ... }))",
    );
    expect(result.status).toBe(1);
  });

  const throwingName = `${FIXTURES}/throwing-name-type-error`;
  checked.add(throwingName);

  it("typenix check gives the type errors beside spec code that threw as the models were read", () => {
    const result = checked.of(throwingName);
    const errors = result.stderr.split("\n").filter((l) => /: error /.test(l));
    expect(errors).toEqual([
      "constructors.ts:11:14: error TS2322: Type 'string' is not assignable to type 'number'.",
      "constructors.ts:5:11: error TN1003: no name yet",
    ]);
    expect(result.status).toBe(1);
  });

  const plainTarget = tempDir();
  writeFileSync(
    join(plainTarget, "infrastructure.ts"),
    [
      'import { infrastructure } from "@typenix/dsl";',
      'export default infrastructure({ test1: { properties: { hostname: "test1" } } });',
      "",
    ].join("\n"),
  );
  checked.add(plainTarget);

  it("typenix check gives the type error of a target written without target(...)", () => {
    const result = checked.of(plainTarget);
    expect(result.stderr).toMatch(
      /^infrastructure\.ts:2:56: error TS2322: Type 'string' is not assignable to type 'NixValue'\./,
    );
    expect(result.stderr).not.toContain("TypeError");
    expect(result.status).toBe(1);
  });

  it("reads a process's name through the computed default that Nix gives it", () => {
    requireNix();
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/computed-defaults`, "-o", out, "--json-specs"]);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    // Nix names them by the computed defaults: four names, no two alike.
    const names = readdirSync(join(out, "specs")).map((d) => d.replace(/^[0-9a-z]{32}-/, ""));
    expect(names.sort()).toEqual(["tlsweb", "web1", "web2", "webtls"]);
  });

  it("counts no process read in a branch a literal condition never takes, as Nix evaluates the model", () => {
    requireNix();
    const out = tempDir();
    const result = typenix([
      "synth",
      `${FIXTURES}/process-cycle-dead-branch`,
      "-o",
      out,
      "--json-specs",
    ]);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    // Nix evaluated every process: none recursed into the others forever.
    const names = readdirSync(join(out, "specs")).map((d) => d.replace(/^[0-9a-z]{32}-/, ""));
    expect(names.sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("places a service into the container a record Nix computes provides, as Nix reads it", () => {
    requireNix();
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/computed-record`, "-o", out]);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    const deployment = evaluateDisnix(out);
    expect(deployment.services.db?.providesContainer).toBe("db-database");
    expect(deployment.distribution.rooms).toEqual(["test1"]);
    expect(deployment.distribution.staff).toEqual([{ target: "test1", container: "db-database" }]);
  });

  it("passes each pkg the inter-dependencies its constructor reads where no TN5014 is reported, as Nix reads them", () => {
    requireNix();
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/interdependency-names-given`, "-o", out]);
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    // Disnix calls each pkg with the services of dependsOn and connectsTo, by their keys.
    const db = '{ target = { properties = { hostname = "dbhost"; }; }; }';
    const read = (service: string, deps: string): unknown => {
      const services = `import ${join(out, "services.nix")} {
        system = "x86_64-linux"; pkgs = import <nixpkgs> { };
        distribution = { }; invDistribution = { };
      }`;
      return nixEvalJson(
        `((${services}).${service}.pkg ${deps}).managedProcess.args`,
        STAND_IN_ARGS,
      );
    };
    expect(read("right", `{ zipcodesDb = ${db}; }`)).toEqual(["dbhost", "none"]);
    expect(read("connected", `{ zipcodesDb = ${db}; cache = "c"; }`)).toEqual(["dbhost", "c"]);
    expect(read("renamed", `{ db = ${db}; }`)).toEqual(["dbhost", "none"]);
    expect(read("whole", `{ db = ${db}; }`)).toEqual(["db"]);
    // A build reading the whole set as well as a name by it: Nix needs the name all the same.
    expect(read("namedAndWhole", `{ zipcodesDb = ${db}; extra = 1; }`)).toEqual([
      "dbhost",
      '["extra","zipcodesDb"]',
    ]);
    expect(() => read("namedAndWhole", `{ db = ${db}; }`)).toThrow(
      /attribute 'zipcodesDb' missing/,
    );
  });

  it("writes nothing when a check fails", () => {
    const out = tempDir();
    expect(typenix(["synth", `${FIXTURES}/cycle`, "-o", out]).status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });
});
