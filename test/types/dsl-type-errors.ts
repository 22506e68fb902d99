/**
 * Mistakes the TypeScript compiler must reject in spec files. This file is
 * type-checked in CI (`tsc --noEmit`); each `@ts-expect-error` fails the
 * build if the line below it ever stops being an error.
 */
import {
  computedRecord,
  constructors,
  createManagedProcess,
  defineConstructor,
  distribution,
  infrastructure,
  infrastructureParam,
  nix,
  noDefault,
  nixValue,
  pkgs,
  processInstance,
  service,
  services,
  target,
  withOuter,
  z,
} from "@typenix/dsl";

const svc = services({
  webapp: service({ pkg: pkgs.hello, type: "process" }),
  db: service({ pkg: pkgs.mysql, type: "mysql-database" }),
});
const infra = infrastructure({ test1: target({ properties: { hostname: "test1" } }) });

// Distributing a service the services model does not have.
distribution(svc, infra, (t) => ({
  webapp: [t.test1],
  // @ts-expect-error 'mailer' is not a service of the model
  mailer: [t.test1],
}));

// A services model with a part computed in Nix may have services of any name: the
// distribution places them (targets are still checked), and `computed` takes a Nix value.
const computedServices = services(
  { webapp: service({ pkg: pkgs.hello, type: "process" }) },
  { computed: nix.raw("{ }") },
);
distribution(computedServices, infra, (t) => ({ webapp: [t.test1], proxy: [t.test1] }), {
  computed: nix.raw("{ }", [infrastructureParam]),
});
distribution(computedServices, infra, (t) => ({
  // @ts-expect-error 'test2' is not a target of the infrastructure
  proxy: [t.test2],
}));
// @ts-expect-error a computed part is a Nix value, not a set of services
services({}, { computed: { proxy: service({ pkg: pkgs.hello, type: "process" }) } });

// Mapping a service to a target the infrastructure does not have.
distribution(svc, infra, (t) => ({
  // @ts-expect-error 'test2' is not a target of the infrastructure
  db: [t.test2],
}));

// The verbose form checks targets too.
distribution(svc, infra, (t) => ({
  // @ts-expect-error 'test9' is not a target of the infrastructure
  db: { targets: [{ target: t.test9, container: "mysql-database" }] },
}));

// A misspelt createManagedProcess property.
createManagedProcess({
  name: "webapp",
  // @ts-expect-error 'deamonArgs' is not an argument of createManagedProcess (daemonArgs is)
  deamonArgs: ["-D"],
});

const webapp = defineConstructor({
  name: "webapp",
  params: z.object({ port: z.number().int(), instanceSuffix: z.string().default("") }),
  build: ({ port }) => createManagedProcess({ name: "webapp", environment: { PORT: port } }),
});

// A port given as a string.
// @ts-expect-error port is a number
webapp({ port: "8080" });

// A missing required constructor parameter.
// @ts-expect-error port is required
webapp({ instanceSuffix: "2" });

// A process constructor's call is no service: it is a service's pkg.
// @ts-expect-error a managed process is no service record
services({ web: webapp({ port: 5000 }) });
// @ts-expect-error a managed process is no service record
service(webapp({ port: 5000 }));
service({ pkg: webapp({ port: 5000 }), type: "process" });

// A process instance needs a constructor call as pkg.
// @ts-expect-error pkg must be a constructor call
processInstance({ port: 5000, pkg: "webapp" });

// A computed default of the wrong type.
defineConstructor({
  name: "named",
  params: z.object({ port: z.number().int(), label: z.string().optional() }),
  // @ts-expect-error label is a string, not a number
  defaults: { label: ({ port }) => port },
  build: ({ label }) => createManagedProcess({ name: "named", environment: { LABEL: label } }),
});

// A parameter without a default is for model parameters, not a model value.
// @ts-expect-error noDefault is no value of a service property
service({ pkg: pkgs.hello, type: "process", port: noDefault });

// What is right stays accepted.
// A services model parameter may have no default, for disnix-env --extra-params to pass.
services(
  { webapp: service({ pkg: pkgs.hello, type: "process" }) },
  { parameters: { mode: noDefault } },
);
// A parameter that `defaults` computes is never undefined in build; a plain optional one may be.
defineConstructor({
  name: "computed",
  params: z.object({ dir: z.string().optional(), extra: z.string().optional() }),
  defaults: { dir: () => "/run/app" },
  build: ({ dir, extra }) => {
    const given: string = dir;
    // @ts-expect-error -- extra has no default: it may be undefined
    const other: string = extra;
    return createManagedProcess({ name: "computed", args: [given, other] });
  },
});
// A loose schema keeps its named parameters' types beside a computed default.
defineConstructor({
  name: "loose",
  params: z.looseObject({ port: z.number(), dir: z.string().optional() }),
  defaults: { dir: () => "/run/loose" },
  build: ({ port, dir }) => {
    const number: number = port;
    // @ts-expect-error -- port is a number
    const text: string = port;
    return createManagedProcess({
      name: "loose",
      args: [dir, text],
      environment: { PORT: number },
    });
  },
});
// defaults names parameters of the schema only.
defineConstructor({
  name: "unknown-default",
  params: z.object({ dir: z.string().optional() }),
  // @ts-expect-error -- no parameter 'nope'
  defaults: { nope: () => "x" },
  build: ({ dir }) => createManagedProcess({ name: "u", args: [dir ?? ""] }),
});
// A default reads another computed default as given: Nix binds that one first.
defineConstructor({
  name: "chained-defaults",
  params: z.object({
    instanceSuffix: z.string().default(""),
    instanceName: z.string().optional(),
    database: nixValue().optional(),
  }),
  defaults: {
    instanceName: ({ instanceSuffix }) => `hydra${instanceSuffix}`,
    database: ({ instanceName }) => instanceName,
  },
  build: ({ instanceName, database }) =>
    createManagedProcess({ instanceName, environment: { DB: database } }),
});
// A computed default may be a set or a list where the parameter takes any value.
defineConstructor({
  name: "collections",
  params: z.object({
    port: z.number().int(),
    env: nixValue().optional(),
    args: nixValue().optional(),
  }),
  defaults: { env: ({ port }) => ({ PORT: port }), args: ({ port }) => [port, "-v"] },
  build: ({ env, args }) => createManagedProcess({ name: "c", environment: env, args }),
});
// A computed default may be a choice made in Nix, whatever the parameter's type.
defineConstructor({
  name: "chosen-in-nix",
  params: z.object({
    tls: z.boolean().default(false),
    instanceName: z.string().optional(),
    port: z.number().int().default(80),
  }),
  defaults: {
    instanceName: ({ tls }) => nix.if(tls, "webtls", "web"),
    port: ({ tls }) => nix.if(tls, 443, 80),
  },
  build: ({ instanceName, port }) =>
    createManagedProcess({ instanceName, environment: { PORT: port } }),
});
webapp({ port: 8080 });
webapp({ port: 8080, instanceSuffix: "2" });
distribution(svc, infra, (t) => ({ webapp: [t.test1], db: { targets: [{ target: t.test1 }] } }));

// A constructor built on another passes it arguments checked as any call's.
const wrappedWebapp = defineConstructor({
  name: "wrappedWebapp",
  params: z.object({ port: z.number().int().default(5000), label: z.string().default("") }),
  build: ({ port, label }) => webapp({ port, instanceSuffix: label }),
});
// It makes what the inner constructor makes: a process instance takes a call of it.
processInstance({ port: 5000, pkg: wrappedWebapp({}) });
defineConstructor({
  name: "wrongArgument",
  params: z.object({ label: z.string().default("") }),
  // @ts-expect-error -- port is a number, not a string
  build: ({ label }) => webapp({ port: label, instanceSuffix: "" }),
});
defineConstructor({
  name: "missingArgument",
  params: z.object({ label: z.string().default("") }),
  // @ts-expect-error -- the inner constructor's port is required
  build: ({ label }) => webapp({ instanceSuffix: label }),
});

// build's second argument, interDeps, exists only with interDependencies: true (TN3020).
defineConstructor({
  name: "noInterDeps",
  params: z.object({ port: z.number().int() }),
  // @ts-expect-error -- without interDependencies, build takes no interDeps
  build: ({ port }, interDeps) =>
    createManagedProcess({ name: "n", environment: { PORT: port, DEPS: interDeps } }),
});
defineConstructor({
  name: "interDepsOff",
  params: z.object({ port: z.number().int() }),
  interDependencies: false,
  // @ts-expect-error -- interDependencies: false takes no interDeps either
  build: ({ port }, interDeps) =>
    createManagedProcess({ name: "n", environment: { PORT: port, DEPS: interDeps } }),
});
const withInterDeps = defineConstructor({
  name: "withInterDeps",
  params: z.object({ port: z.number().int() }),
  interDependencies: true,
  build: ({ port }, interDeps) =>
    createManagedProcess({ name: "w", environment: { PORT: port, DEPS: interDeps.backend } }),
});
withInterDeps({ port: 80 }, {});
withInterDeps({ port: 80 });
// A call passes inter-dependencies only to a constructor that takes them (TN3023).
// @ts-expect-error -- webapp takes no inter-dependencies
webapp({ port: 8080 }, {});
const modelOfBoth = constructors({ webapp, withInterDeps });
modelOfBoth.withInterDeps({ port: 80 }, {});
// @ts-expect-error -- webapp takes no inter-dependencies, also through a constructors model
modelOfBoth.webapp({ port: 8080 }, {});
// @ts-expect-error -- nor for another process manager
modelOfBoth.forProcessManager("supervisord").webapp({ port: 8080 }, {});

// defaults is for optional parameters: a required one is always passed, so a default never stands in.
defineConstructor({
  name: "requiredDefault",
  params: z.object({ port: z.number().int(), label: z.string().optional() }),
  defaults: {
    // @ts-expect-error -- port is required: give it .optional() to compute its default
    port: () => 80,
    label: ({ port }) => `app-${port}`,
  },
  build: ({ port, label }) => {
    // The other entries are still inferred: label is never undefined here.
    const given: string = label;
    return createManagedProcess({ name: given, environment: { PORT: port } });
  },
});
defineConstructor({
  name: "requiredNixValueDefault",
  params: z.object({ env: nixValue(), port: z.number().int().default(80) }),
  // @ts-expect-error -- env is required, whatever value it takes
  defaults: { env: ({ port }) => ({ PORT: port }) },
  build: ({ env }) => createManagedProcess({ name: "r", environment: env }),
});
// A parameter with a schema default may have its default computed instead.
defineConstructor({
  name: "schemaDefault",
  params: z.object({ port: z.number().int().default(80), label: z.string().default("") }),
  defaults: { label: ({ port }) => `app-${port}` },
  build: ({ label }) => createManagedProcess({ name: label }),
});
// A loose schema's other arguments are passed through, not formals: they take no default.
defineConstructor({
  name: "looseDefault",
  params: z.looseObject({ port: z.number().int() }),
  // @ts-expect-error -- 'extra' is no formal of the generated function
  defaults: { extra: () => "x" },
  build: ({ port }) => createManagedProcess({ name: "l", environment: { PORT: port } }),
});

// A constructors model gives a constructor's own outer parameters with withOuter: exactly
// the names it declares, each a Nix value or a constructor.
const dbContainer = defineConstructor({
  name: "dbContainer",
  params: z.object({ port: z.number().int().default(5432) }),
  outer: ["dbConstructorFun", "dysnomia"],
  build: ({ port }) =>
    computedRecord(
      nix.op({ name: "db", pkg: nix.call(nix.ref("dbConstructorFun"), { port }) }, "//", {}),
    ),
});
const db = defineConstructor({
  name: "db",
  params: z.object({ port: z.number().int() }),
  build: ({ port }) => createManagedProcess({ name: "db", environment: { PORT: port } }),
});
const withContainer = constructors({
  db,
  dbContainer: withOuter(dbContainer, { dbConstructorFun: db, dysnomia: pkgs.dysnomia }),
});
// The entry is called as its constructor, and its constructor is a value for another model.
withContainer.dbContainer({ port: 6543 });
withOuter(dbContainer, {
  dbConstructorFun: withContainer.constructors.db,
  dysnomia: nix.call(pkgs.dysnomia, {}),
});
// An entry given with withOuter is a value too, with the outer values its model gives it.
withOuter(dbContainer, {
  dbConstructorFun: withContainer.constructors.dbContainer,
  dysnomia: nix.call(pkgs.dysnomia, {}),
});
// A service record's constructor makes the service (or instance), not what it runs (TN5054).
// @ts-expect-error -- a service record is no pkg of a service
service({ pkg: withContainer.dbContainer({ port: 6543 }), type: "process" });
// @ts-expect-error -- nor of a process instance
processInstance({ pkg: withContainer.dbContainer({ port: 6543 }) });
service(withContainer.dbContainer({ port: 6543 }));
processInstance({ pkg: withContainer.db({ port: 6543 }) });
// @ts-expect-error -- such an entry is no constructor to call: call it through its model
withContainer.constructors.dbContainer({ port: 6543 });
// @ts-expect-error -- 'nope' is no parameter of dbContainer
withContainer.dbContainer({ port: 1, nope: 2 });
// @ts-expect-error -- 'dysnomia' is missing
withOuter(dbContainer, { dbConstructorFun: db });
// @ts-expect-error -- 'dbConstructorFn' is no outer parameter of dbContainer
withOuter(dbContainer, { dbConstructorFn: db, dysnomia: pkgs.dysnomia });
// @ts-expect-error -- an outer value is Nix, not a JavaScript function
withOuter(dbContainer, { dbConstructorFun: () => 1, dysnomia: pkgs.dysnomia });
// A constructor built on one with outer parameters takes them too, which its type does not
// say: any names, checked when the model is lowered.
const testContainer = defineConstructor({
  name: "testContainer",
  params: z.object({}),
  build: () => dbContainer({ port: 1 }),
});
withOuter(testContainer, { dbConstructorFun: db, dysnomia: pkgs.dysnomia });
// A command-line argument may be a bigint, literal or a z.bigint() parameter; a wrong item is
// reported at that item alone, not at every other item of the list.
defineConstructor({
  name: "arguments",
  params: z.object({ big: z.bigint().default(1n) }),
  build: ({ big }) =>
    createManagedProcess({
      name: "arguments",
      process: "/bin/arguments",
      args: ["--max-size", 9007199254740993n, "--big", big],
      daemonArgs: [
        "--name",
        "x",
        // @ts-expect-error -- a boolean is no command-line argument
        true,
      ],
    }),
});
