/**
 * Disnix infrastructure models: the target machines, their properties and
 * the containers (middleware) they offer.
 */
import { siteTrace, tracedSpec } from "../symbolic/call-site.js";
import { MODEL_REF, type CallSite, type NixData } from "../symbolic/term.js";
import type { NixValue } from "../symbolic/value.js";
import { builtModel } from "../built-model.js";

/** A target machine of the infrastructure model. */
export interface TargetSpec {
  /** Properties of the machine; `hostname` (or `targetProperty`) is how Disnix connects to it. */
  readonly properties: {
    readonly hostname?: string | NixValue;
    readonly [property: string]: NixData;
  };
  /** Containers the machine offers, with their properties, e.g. `{ mysql-database: { mysqlPort: 3306 } }`. */
  readonly containers?: { readonly [container: string]: { readonly [property: string]: NixData } };
  /** System type, e.g. `"x86_64-linux"`; defaults to the coordinator's. */
  readonly system?: string | NixValue;
  /** Number of CPU cores, for parallel activation. */
  readonly numOfCores?: number | NixValue;
  /** Which property identifies the machine (default `"hostname"`); must be unique across targets. */
  readonly targetProperty?: string | NixValue;
  /** The Disnix client interface, e.g. `"disnix-ssh-client"` (default) or `"disnix-soap-client"`. */
  readonly clientInterface?: string | NixValue;
  /** Other target attributes. */
  readonly [attribute: string]: NixData;
}

/** A target machine, referenced from distributions by name. */
export interface Target<N extends string = string> {
  readonly [MODEL_REF]: true;
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "target";
  /** What the spec declared, as written. */
  readonly spec: TargetSpec;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
  /** Phantom: the target's name in its infrastructure, for type checking distributions. */
  readonly __name?: N;
}

/** Declares a target machine. */
export function target(spec: TargetSpec): Target {
  return tracedSpec("target", spec, siteTrace(target));
}

/** An infrastructure model: targets by name. */
export interface InfrastructureModel<K extends string = string> {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "infrastructure";
  /**
   * The targets, by name: each made by `target(...)`, or any Nix value
   * giving a target's set (as imported models have them), written as it is.
   */
  readonly targets: { readonly [N in K]: Target | NixValue };
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/** A Disnix infrastructure model (`infrastructure.nix`): `infrastructure({ test1: target({...}) })`. */
export function infrastructure<K extends string>(targets: {
  readonly [N in K]: Target | NixValue;
}): InfrastructureModel<K> {
  const trace = siteTrace(infrastructure);
  return builtModel({
    kind: "infrastructure",
    targets,
    get site() {
      return trace.site;
    },
  });
}
