/**
 * Dysnomia module types (the `type` of a Disnix service) and the process
 * types nix-processmgmt derives from a process manager.
 */
import { nix } from "../symbolic/nix.js";
import { symbolic, type NixValue } from "../symbolic/value.js";

/**
 * Dysnomia modules shipped upstream (`dysnomia-modules/` of Dysnomia), and
 * `package`, which Disnix deploys without activating; a service's `type`
 * may also name a container provided by another service.
 */
export type DysnomiaModule =
  | "process"
  | "wrapper"
  | "package"
  | "echo"
  | "fileset"
  | "sysvinit-script"
  | "systemd-unit"
  | "supervisord-program"
  | "bsdrc-script"
  | "launchd-daemon"
  | "cygrunsrv-service"
  | "managed-process"
  | "docker-container"
  | "s6-rc-service"
  | "mysql-database"
  | "postgresql-database"
  | "mongo-database"
  | "influx-database"
  | "subversion-repository"
  | "ejabberd-dump"
  | "tomcat-webapplication"
  | "apache-webapplication"
  | "axis2-webservice"
  | "nixos-configuration"
  | "nixos-container"
  | "nginx-webapplication"
  | "generic-webapplication"
  | "iis-webapplication"
  | "mssql-database"
  | "xinetd-service";

/** Every Dysnomia module name, for checks. */
export const DYSNOMIA_MODULES: readonly DysnomiaModule[] = [
  "process",
  "wrapper",
  "package",
  "echo",
  "fileset",
  "sysvinit-script",
  "systemd-unit",
  "supervisord-program",
  "bsdrc-script",
  "launchd-daemon",
  "cygrunsrv-service",
  "managed-process",
  "docker-container",
  "s6-rc-service",
  "mysql-database",
  "postgresql-database",
  "mongo-database",
  "influx-database",
  "subversion-repository",
  "ejabberd-dump",
  "tomcat-webapplication",
  "apache-webapplication",
  "axis2-webservice",
  "nixos-configuration",
  "nixos-container",
  "nginx-webapplication",
  "generic-webapplication",
  "iis-webapplication",
  "mssql-database",
  "xinetd-service",
];

/** Process managers nix-processmgmt generates configurations for. */
export type ProcessManager =
  | "sysvinit"
  | "systemd"
  | "supervisord"
  | "bsdrc"
  | "cygrunsrv"
  | "launchd"
  | "disnix"
  | "docker"
  | "s6-rc";

const PROCESS_TYPES: Readonly<Record<ProcessManager, DysnomiaModule>> = {
  sysvinit: "sysvinit-script",
  systemd: "systemd-unit",
  supervisord: "supervisord-program",
  bsdrc: "bsdrc-script",
  cygrunsrv: "cygrunsrv-service",
  launchd: "launchd-daemon",
  disnix: "process",
  docker: "docker-container",
  "s6-rc": "s6-rc-service",
};

/** The process managers nix-processmgmt generates configurations for, as `ProcessManager` names them. */
export const PROCESS_MANAGERS: readonly ProcessManager[] = Object.keys(
  PROCESS_TYPES,
) as ProcessManager[];

/** Whether `name` is one of the process managers nix-processmgmt has. */
export function isProcessManager(name: unknown): name is ProcessManager {
  return typeof name === "string" && Object.hasOwn(PROCESS_TYPES, name);
}

/** nix-processmgmt's file that derives a process type from a process manager. */
const DERIVE = "nixproc/derive-dysnomia-process-type.nix";

/**
 * The Dysnomia type of a process for a process manager, as
 * nix-processmgmt's `derive-dysnomia-process-type.nix`: `"systemd"` gives
 * `"systemd-unit"`, `null` gives `"managed-process"` (target-agnostic JSON
 * specs). A symbolic process manager (the `processManager` parameter) gives
 * the upstream Nix function applied to it, imported from where the
 * constructors model's `nixProcessmgmt` says nix-processmgmt is
 * (`<nix-processmgmt>` by default).
 */
/** The Dysnomia type for a known process manager, or `"managed-process"` for `null`. */
export function processType(manager: ProcessManager | null): DysnomiaModule;
/** The Dysnomia type Nix derives from the symbolic `processManager` parameter. */
export function processType(manager: NixValue): NixValue;
export function processType(manager: ProcessManager | null | NixValue): DysnomiaModule | NixValue {
  if (manager === null) return "managed-process";
  if (typeof manager === "string") return PROCESS_TYPES[manager];
  let derived = DERIVED.get(manager);
  if (derived === undefined) {
    derived = nix.local(
      "processType",
      // Where the constructors model says nix-processmgmt is (`nixProcessmgmt`),
      // as upstream models import it from their `nix-processmgmt` parameter.
      nix.call(
        "import",
        symbolic({
          kind: "searchPath",
          path: `nix-processmgmt/${DERIVE}`,
          nixProcessmgmtFile: DERIVE,
        }),
        { processManager: manager },
      ),
    );
    DERIVED.set(manager, derived);
  }
  return derived;
}

/**
 * The local made for each symbolic process manager: every service typed by
 * the same `processManager` shares one `processType` binding.
 */
const DERIVED = new WeakMap<NixValue, NixValue>();
