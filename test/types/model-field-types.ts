/**
 * The types of model fields: standard model parameters, reserved service,
 * target and process properties, distribution placements. Type-checked with
 * the rest of the repository (`pnpm run typecheck`); each `@ts-expect-error`
 * fails the build if the line below it ever stops being an error, and the
 * accepted forms fail it if they become errors.
 */
import {
  createManagedProcess,
  distribution,
  infrastructure,
  nix,
  noDefault,
  pkgs,
  processInstance,
  processes,
  service,
  services,
  stateDir,
  target,
} from "@typenix/dsl";

const db = service({ pkg: pkgs.mysql, type: "mysql-database" });
const svc = services({ db, app: service({ pkg: pkgs.hello, type: "process" }) });
const infra = infrastructure({ test1: target({ properties: { hostname: "test1" } }) });

// A misspelt container in the long form of a placement.
// The error is at the misspelt property only, not at `target` beside it.
distribution(svc, infra, (t) => ({
  db: {
    targets: [
      {
        target: t.test1,
        // @ts-expect-error 'contaner' is no property of a placement (container is)
        contaner: "mysql-database",
      },
    ],
  },
}));
distribution(svc, infra, (t) => ({
  app: [t.test1],
  db: {
    targets: [
      // @ts-expect-error 'contaner' is no property of a placement (container is)
      { target: t.test1, contaner: "mysql-database" },
      { target: t.test1 },
    ],
  },
}));
// A property beside `targets`, which Disnix does not read either: the container goes in each entry.
distribution(svc, infra, (t) => ({
  app: [t.test1],
  db: {
    targets: [{ target: t.test1 }],
    // @ts-expect-error 'container' is no property of the long form (its entries have one)
    container: "mysql-database",
  },
}));
distribution(svc, infra, (t) => ({
  db: { targets: [{ target: t.test1, container: "mysql-database" }, { target: t.test1 }] },
  app: [t.test1],
}));

// Standard model parameters have their types.
// @ts-expect-error processManager is one of nix-processmgmt's process managers
services({ db }, { parameters: { processManager: "sysvinitt" } });
// @ts-expect-error processManager is one of nix-processmgmt's process managers
processes({}, { parameters: { processManager: "sysvnit" } });
// @ts-expect-error forceDisableUserChange is a boolean
processes({}, { parameters: { forceDisableUserChange: "yes" } });
// @ts-expect-error stateDir is a string
processes({}, { parameters: { stateDir: 5 } });
// @ts-expect-error runtimeDir is a string
services({ db }, { parameters: { runtimeDir: false } });
services({ db }, { parameters: { processManager: "systemd", stateDir: noDefault, x: 5 } });
services({ db }, { parameters: { processManager: null, forceDisableUserChange: true } });
processes(
  {},
  {
    parameters: {
      processManager: noDefault,
      stateDir: "/srv",
      logDir: `${stateDir}/log`,
      callingUser: "alice",
      forceDisableUserChange: nix.raw('builtins.getEnv "X" == "1"'),
    },
  },
);

// What `typenix import` writes: fields computed by Nix.
const host = nix.raw('builtins.getEnv "HOST1"');
infrastructure({
  test1: target({
    properties: { hostname: host },
    system: nix.raw("builtins.currentSystem"),
    numOfCores: nix.raw("4"),
  }),
});
services({
  mysql: {
    pkg: pkgs.mysql,
    type: "process",
    providesContainer: nix.raw("mysqlContainer"),
    deployState: nix.raw("stateful"),
  },
});
service({
  pkg: pkgs.hello,
  type: "process",
  requiresUniqueIdsFor: nix.if(nix.op(stateDir, "==", "/var"), ["uids"], []),
});
processInstance({
  pkg: nix.raw("constructors.webapp { }"),
  requiresUniqueIdsFor: nix.if(nix.op(stateDir, "==", "/var"), ["uids"], []),
});
// Literal types stay where they help.
// @ts-expect-error numOfCores is a number
target({ properties: { hostname: "h" }, numOfCores: "4" });
// @ts-expect-error deployState is a boolean
service({ pkg: pkgs.hello, type: "process", deployState: "yes" });

// A service's port is a number (or a Nix value), not a string.
// @ts-expect-error port is a number
service({ pkg: pkgs.hello, type: "process", port: "5000" });
service({ pkg: pkgs.hello, type: "process", port: 5000 });
service({ pkg: pkgs.hello, type: "process", port: nix.raw("ids.ports.app") });

// createManagedProcess needs a name or an instanceName.
// @ts-expect-error neither name nor instanceName
createManagedProcess({ process: "/bin/a" });
createManagedProcess({ name: "a", process: "/bin/a" });
createManagedProcess({ instanceName: "a", process: "/bin/a" });

// Settings for each process manager nix-processmgmt generates for, Disnix's too.
createManagedProcess({
  name: "a",
  process: "/bin/a",
  overrides: {
    disnix: { extra: 1 },
    systemd: { Service: { Restart: "always" } },
    "s6-rc": { extra: 1 },
  },
});
createManagedProcess({
  name: "a",
  process: "/bin/a",
  // @ts-expect-error 'sytemd' is no process manager
  overrides: { sytemd: { Service: { Restart: "always" } } },
});

// Settings Nix computes, as `typenix import` keeps them (`{ ... } // (if ... then ... else { })`).
createManagedProcess({
  name: "a",
  overrides: nix.op(
    { systemd: { Service: { WorkingDirectory: "/srv" } } },
    "//",
    nix.if(nix.op(nix.ref("processManager"), "==", "supervisord"), { supervisord: {} }, {}),
  ),
});
createManagedProcess({
  name: "a",
  overrides: { sysvinit: nix.raw("{ runlevels = [ 3 4 5 ]; }"), systemd: nix.raw("{ }") },
});
// @ts-expect-error overrides is a set of settings by process manager, not a string
createManagedProcess({ name: "a", overrides: "systemd" });
