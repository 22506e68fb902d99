/**
 * `createManagedProcess`: nix-processmgmt's process-manager-agnostic
 * description of a process. Its arguments are typed and documented here;
 * the compiler writes them as `createManagedProcess { ... }` or, for the
 * target-agnostic route, as a JSON spec.
 */
import { siteTrace, traced } from "../symbolic/call-site.js";
import { SpecError } from "../spec-error.js";
import type { CallSite, NixData } from "../symbolic/term.js";
import type { NixValue, NixValueBase } from "../symbolic/value.js";
import type { ProcessManager } from "../disnix/dysnomia-types.js";

/** A string, possibly containing symbolic values (`${stateDir}/run`). */
export type NixString = string | NixValue;
/** A number or a symbolic value that Nix resolves to one. */
export type NixNumber = number | NixValue;
/**
 * A list value, or a symbolic value that Nix resolves to a list. (Taken as
 * its base type: `NixValue`'s index signature would make TypeScript report
 * one wrong item of a list against it, at every item.)
 */
export type NixList<T> = readonly T[] | NixValueBase;
/**
 * A command-line argument: a string, or an integer (`[ "-p" port ]`, a
 * number or a bigint, as a `z.bigint()` parameter is), which
 * nix-processmgmt's process managers write through `toString`, as
 * `lib.escapeShellArgs` does (a number that is or may be a fraction is
 * reported: `toString` writes 0.5 as 0.500000).
 */
export type NixArgument = NixString | number | bigint;

/** A user account created for the process (`credentials.users.<name>`). */
export interface UserCredentials {
  /** The primary group of the user. */
  readonly group?: NixString;
  /** Description (GECOS field) of the user. */
  readonly description?: NixString;
  /** Home directory of the user. */
  readonly homeDir?: NixString;
  /** Whether the home directory is created when the user is. */
  readonly createHomeDir?: boolean;
  /** Login shell of the user. */
  readonly shell?: NixString;
  /** Numeric id of the user; without it, the one `nixproc-id-assign` gave, else the system's choice. */
  readonly uid?: NixNumber;
}

/** A group created for the process (`credentials.groups.<name>`). */
export interface GroupCredentials {
  /** Numeric id of the group; without it, the one `nixproc-id-assign` gave, else the system's choice. */
  readonly gid?: NixNumber;
}

/**
 * Users and groups the process needs; Dysnomia creates them on activation
 * and removes them on deactivation. A user's or group's settings may be a
 * set Nix computes (`lib.optionalAttrs (ids ? uids) { uid = ids.uids.web; }`).
 */
export interface Credentials {
  /** Groups to create, by name. */
  readonly groups?: { readonly [group: string]: GroupCredentials | NixValue };
  /** Users to create, by name. */
  readonly users?: { readonly [user: string]: UserCredentials | NixValue };
}

/** sysvinit-specific settings. */
export interface SysvinitOverrides {
  /** Runlevels in which the process is started, e.g. `[3, 4, 5]`. */
  readonly runlevels?: readonly number[];
  readonly [setting: string]: NixData;
}

/**
 * Settings for specific process managers, merged into the configuration
 * nix-processmgmt generates for them. Must be data, plain or computed by
 * Nix (JSON specs cannot hold functions).
 */
export interface Overrides {
  /** Settings for sysvinit scripts. */
  readonly sysvinit?: SysvinitOverrides;
  /** Attributes merged into the generated systemd unit, e.g. `{ Service: { Restart: "always" } }`. */
  readonly systemd?: { readonly [section: string]: NixData };
  /** Attributes merged into the supervisord program section. */
  readonly supervisord?: { readonly [setting: string]: NixData };
  /** Attributes merged into the launchd plist. */
  readonly launchd?: { readonly [setting: string]: NixData };
  /** Attributes for the BSD rc script. */
  readonly bsdrc?: { readonly [setting: string]: NixData };
  /** Attributes for the cygrunsrv service. */
  readonly cygrunsrv?: { readonly [setting: string]: NixData };
  /** Attributes for the s6-rc service. */
  readonly "s6-rc"?: { readonly [setting: string]: NixData };
  /** Attributes for the Docker container. */
  readonly docker?: { readonly [setting: string]: NixData };
  /** Attributes merged into the arguments of the process script Disnix's `process` module runs. */
  readonly disnix?: { readonly [setting: string]: NixData };
}

// Every process manager (those `processManager` takes) has its settings above:
// nix-processmgmt passes each its own `overrides.${processManager}`.
const everyManager: Exclude<ProcessManager, keyof Overrides> extends never ? true : false = true;
void everyManager;

/** The arguments of nix-processmgmt's `createManagedProcess`, each optional. Unset arguments take the upstream defaults. */
export interface ManagedProcessProperties {
  /** Identifier of the process configuration; defaults to `instanceName`. One of the two must be set. */
  readonly name?: NixString;
  /** Human-readable description; defaults to `name`. */
  readonly description?: NixString;
  /** Shell commands run (as root) before the process starts, typically to create state directories. */
  readonly initialize?: NixString;
  /** Executable to start, in both foreground and daemon mode. */
  readonly process?: NixString;
  /** Command-line arguments common to both modes. */
  readonly args?: NixList<NixArgument>;
  /** Executable in daemon mode; defaults to `process`. */
  readonly daemon?: NixString;
  /** Extra arguments appended to `args` in daemon mode. */
  readonly daemonExtraArgs?: NixList<NixArgument>;
  /** All arguments in daemon mode; defaults to `args ++ daemonExtraArgs`. */
  readonly daemonArgs?: NixList<NixArgument>;
  /** Unique identifier of this instance; also the default PID file name. */
  readonly instanceName?: NixString;
  /** PID file of the daemon; defaults to `${runtimeDir or tmpDir}/${instanceName}.pid`. */
  readonly pidFile?: NixString;
  /** Executable in foreground mode; defaults to `process`. */
  readonly foregroundProcess?: NixString;
  /** Extra arguments appended to `args` in foreground mode. */
  readonly foregroundProcessExtraArgs?: NixList<NixArgument>;
  /** All arguments in foreground mode; defaults to `args ++ foregroundProcessExtraArgs`. */
  readonly foregroundProcessArgs?: NixList<NixArgument>;
  /** Packages whose `bin/` directories are added to `PATH`. */
  readonly path?: NixList<NixData>;
  /** Environment variables of the process. */
  readonly environment?: { readonly [variable: string]: NixData };
  /** Working directory of the process. */
  readonly directory?: NixString;
  /** File mode creation mask, e.g. `"0022"`. */
  readonly umask?: NixString;
  /** Scheduling priority adjustment. */
  readonly nice?: NixNumber;
  /** User the process runs as; unset means no change of user. */
  readonly user?: NixString;
  /** Processes that must be activated first (other `createManagedProcess` results). */
  readonly dependencies?: NixList<NixData>;
  /** Users and groups to create for the process. */
  readonly credentials?: Credentials;
  /**
   * Process-manager-specific settings: a set by process manager, or a Nix
   * value giving one (`{ ... } // (if ... then { ... } else { })`), as
   * `typenix import` keeps a computed one.
   */
  readonly overrides?: Overrides | NixValue;
  /** Shell commands run at build time after the configuration files are generated. */
  readonly postInstall?: NixString;
}

/**
 * What names a process: `name`, `instanceName`, or both (nix-processmgmt
 * derives the missing one from the other, and fails with neither).
 */
export type ProcessNaming =
  | { readonly name: NixString; readonly instanceName?: NixString }
  | { readonly instanceName: NixString };

/**
 * The arguments of nix-processmgmt's `createManagedProcess`: its
 * properties, with `name` or `instanceName` set.
 */
export type ManagedProcessArgs = ManagedProcessProperties & ProcessNaming;

/** The result of `createManagedProcess`: a process configuration for the chosen process manager. */
export interface ManagedProcess {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "managedProcess";
  /** The arguments as given in the spec. */
  readonly args: ManagedProcessProperties;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/**
 * Describes a process once, for every process manager nix-processmgmt
 * supports (sysvinit, systemd, supervisord, launchd, bsdrc, cygrunsrv,
 * s6-rc, docker, Disnix) and for target-agnostic JSON specs.
 */
export function createManagedProcess(args: ManagedProcessArgs): ManagedProcess {
  const trace = siteTrace(createManagedProcess);
  const unknown = Object.keys(args).filter((key) => !ARGUMENTS.has(key));
  if (unknown.length > 0) {
    const [first, ...more] = unknown.map((key) => `'${key}'`);
    throw new SpecError(
      `createManagedProcess takes no argument ${first}${more.length ? ` (nor ${more.join(", ")})` : ""}: nix-processmgmt's createManagedProcess refuses them`,
      trace.site,
      `its arguments: ${[...ARGUMENTS].join(", ")}`,
      "TN3016",
    );
  }
  return traced({ kind: "managedProcess" as const, args }, trace);
}

/** The arguments nix-processmgmt's createManagedProcess takes (in its agnostic/create-managed-process.nix). */
const ARGUMENT_NAMES = [
  "name",
  "description",
  "initialize",
  "process",
  "args",
  "daemon",
  "daemonExtraArgs",
  "daemonArgs",
  "instanceName",
  "pidFile",
  "foregroundProcess",
  "foregroundProcessExtraArgs",
  "foregroundProcessArgs",
  "path",
  "environment",
  "directory",
  "umask",
  "nice",
  "user",
  "dependencies",
  "credentials",
  "overrides",
  "postInstall",
] as const satisfies readonly (keyof ManagedProcessArgs)[];

// Every argument ManagedProcessArgs declares is listed above.
const allListed: Exclude<keyof ManagedProcessArgs, (typeof ARGUMENT_NAMES)[number]> extends never
  ? true
  : false = true;
void allListed;

const ARGUMENTS: ReadonlySet<string> = new Set(ARGUMENT_NAMES);

/** True for `createManagedProcess` results. */
export function isManagedProcess(value: unknown): value is ManagedProcess {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "managedProcess"
  );
}
