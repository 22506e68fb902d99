/**
 * The standard parameters of Disnix and nix-processmgmt model functions, as
 * symbolic values. Using one in a spec adds it to the generated function
 * header (with its upstream default where the model kind gives one).
 */
import type { NixData, NixType } from "./symbolic/term.js";
import { isOfKind, type NixValue } from "./symbolic/value.js";
import { headerParameter } from "./symbolic/types.js";
import type { ProcessManager } from "./disnix/dysnomia-types.js";

const param = (name: string, type?: NixType): NixValue => headerParameter(name, type);
/** A parameter that may be null (its upstream default is): not text as it is (TN3043). */
const nullableParam = (name: string): NixValue => headerParameter(name, undefined, true);

/** The Nixpkgs package set. `pkgs.nginx` selects a package. */
export const pkgs: NixValue = param("pkgs");
/** The system identifier the model is built for, e.g. `"x86_64-linux"`. */
export const system: NixValue = param("system");
/** Base directory for state files (nix-processmgmt default `/var`). */
export const stateDir: NixValue = param("stateDir");
/** Directory for PID files and other runtime state (default `${stateDir}/run`). */
export const runtimeDir: NixValue = param("runtimeDir");
/** Directory for log files (default `${stateDir}/log`). */
export const logDir: NixValue = param("logDir");
/** Directory for caches (default `${stateDir}/cache`). */
export const cacheDir: NixValue = param("cacheDir");
/** Directory for spool files, such as queued jobs (default `${stateDir}/spool`; `nixproc-build --spool-dir`). */
export const spoolDir: NixValue = param("spoolDir");
/** Directory for lock files (default `${stateDir}/lock`; `nixproc-build --lock-dir`). */
export const lockDir: NixValue = param("lockDir");
/** Directory for persistent library state (default `${stateDir}/lib`). */
export const libDir: NixValue = param("libDir");
/** Directory for temporary files (default `/tmp`, or `${stateDir}/tmp` when stateDir is not `/var`). */
export const tmpDir: NixValue = param("tmpDir");
/** When true, processes do not switch users (for unprivileged deployments). */
export const forceDisableUserChange: NixValue = param("forceDisableUserChange", "boolean");
/**
 * The user deploying the processes, which runs them when
 * `forceDisableUserChange` is true (default null: none given).
 */
export const callingUser: NixValue = nullableParam("callingUser");
/** The group of `callingUser` (default null: none given). */
export const callingGroup: NixValue = nullableParam("callingGroup");
/** The process manager the configuration is generated for (`"sysvinit"`, `"systemd"`, ..., or null for JSON specs). */
export const processManager: NixValue = nullableParam("processManager");
/**
 * Disnix: the distribution model (service name to targets), a parameter of
 * services models. (Exported under this name because `distribution` is the
 * builder of distribution models.)
 */
export const distributionParam: NixValue = param("distribution");
/** Disnix: the inverse distribution (each service with the targets it is deployed to, as `targets`). */
export const invDistribution: NixValue = param("invDistribution");
/**
 * Disnix: the infrastructure model (targets by name), the parameter of
 * distribution models, for placements computed in Nix (`distribution(...,
 * { computed })`). (Exported under this name because `infrastructure` is
 * the builder of infrastructure models.)
 */
export const infrastructureParam: NixValue = param("infrastructure");
/** Unique ids assigned by `nixproc-id-assign` (`ids.nix`): `ids.webappPorts.webapp`. */
export const ids: NixValue = param("ids");

/**
 * Every standard parameter above, as the one value the DSL exports for it:
 * the compiler tells a read of one (`tmpDir`) from a read of a constructor
 * parameter of the same name.
 */
export const STANDARD_PARAMETERS: readonly NixValue[] = [
  pkgs,
  system,
  stateDir,
  runtimeDir,
  logDir,
  cacheDir,
  spoolDir,
  lockDir,
  libDir,
  tmpDir,
  forceDisableUserChange,
  callingUser,
  callingGroup,
  processManager,
  distributionParam,
  invDistribution,
  infrastructureParam,
  ids,
];

const NO_DEFAULT: unique symbol = Symbol.for("typenix.noDefault");

/**
 * What `noDefault` is: a mark, not a Nix value. (Its `kind` is a symbol,
 * which no model value holds, so it cannot be passed where one goes.)
 */
export interface NoDefault {
  /** Marks the one `noDefault` (of any copy of this module). */
  readonly kind: typeof NO_DEFAULT;
}

/**
 * Declares a model parameter without a default, as in `{ stateDir,
 * processManager }:`, so that whoever calls the model must pass it
 * (`nixproc-build --state-dir DIR`, `disnix-env --extra-params '{ stateDir
 * = "/srv"; }'`): `processes({ webapp }, { parameters: { stateDir:
 * noDefault } })`, `services({ webapp }, { parameters: { stateDir:
 * noDefault } })`.
 */
export const noDefault: NoDefault = Object.freeze({ kind: NO_DEFAULT });

/** True for `noDefault` (of any copy of this module). */
export function isNoDefault(value: unknown): value is NoDefault {
  return isOfKind(value, NO_DEFAULT);
}

/** A default for a model parameter of type `T`: such a value, a Nix expression, or `noDefault`. */
type ParameterDefault<T> = T | NixValue | NoDefault;

/**
 * The standard parameters whose values nix-processmgmt and Disnix read as
 * one type: a default of another type makes the generated Nix fail where it
 * reads the parameter, so it is a type error in the spec.
 */
export interface StandardModelParameters {
  /** The process manager to generate configurations for, or null for JSON specs. */
  readonly processManager?: ParameterDefault<ProcessManager | null>;
  /** The system identifier, e.g. `"x86_64-linux"`. */
  readonly system?: ParameterDefault<string>;
  /** Base directory for state files (upstream `/var`). */
  readonly stateDir?: ParameterDefault<string>;
  /** Directory for PID files (upstream `${stateDir}/run`). */
  readonly runtimeDir?: ParameterDefault<string>;
  /** Directory for log files (upstream `${stateDir}/log`). */
  readonly logDir?: ParameterDefault<string>;
  /** Directory for caches (upstream `${stateDir}/cache`). */
  readonly cacheDir?: ParameterDefault<string>;
  /** Directory for spool files (upstream `${stateDir}/spool`). */
  readonly spoolDir?: ParameterDefault<string>;
  /** Directory for lock files (upstream `${stateDir}/lock`). */
  readonly lockDir?: ParameterDefault<string>;
  /** Directory for persistent library state (upstream `${stateDir}/lib`). */
  readonly libDir?: ParameterDefault<string>;
  /** Directory for temporary files (upstream `/tmp`). */
  readonly tmpDir?: ParameterDefault<string>;
  /** Whether processes run without switching users (a boolean, upstream `false`). */
  readonly forceDisableUserChange?: ParameterDefault<boolean>;
  /** The user deploying the processes, or null (upstream). */
  readonly callingUser?: ParameterDefault<string | null>;
  /** The group of `callingUser`, or null (upstream). */
  readonly callingGroup?: ParameterDefault<string | null>;
}

/**
 * What a standard parameter's value is (`StandardModelParameters`), when it
 * is neither a Nix value nor `noDefault`.
 */
export type StandardParameterType = "string" | "boolean" | "string or null" | "process manager";

/**
 * The type of each standard parameter's value, for the values the types
 * let past: synth does not type-check, and a cast lets any value through.
 */
export const STANDARD_PARAMETER_TYPES: Readonly<
  Record<keyof StandardModelParameters, StandardParameterType>
> = {
  processManager: "process manager",
  system: "string",
  stateDir: "string",
  runtimeDir: "string",
  logDir: "string",
  cacheDir: "string",
  spoolDir: "string",
  lockDir: "string",
  libDir: "string",
  tmpDir: "string",
  forceDisableUserChange: "boolean",
  callingUser: "string or null",
  callingGroup: "string or null",
};

/**
 * The parameters a processes or services model declares: the default of
 * each, or `noDefault` for one the caller must pass. The standard ones
 * (`StandardModelParameters`) are typed; any other name takes any value.
 */
export interface ModelParameters extends StandardModelParameters {
  /** A parameter of the model's own, with its default. */
  readonly [name: string]: NixData | NoDefault;
}
