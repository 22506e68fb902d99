/**
 * Disnix services models: services with their packages, Dysnomia types and
 * dependencies, and the containers they provide to other services.
 */
import { siteTrace, SiteTrace, tracedSpec } from "../symbolic/call-site.js";
import { MODEL_REF, type CallSite, type NixData } from "../symbolic/term.js";
import { symbolic, type NixValue, type NixValueBase } from "../symbolic/value.js";
import type { ConstructorCall } from "../processes/constructor.js";
import type { ManagedProcess } from "../processes/managed-process.js";
import type { DysnomiaModule } from "./dysnomia-types.js";
import type { ModelParameters } from "../parameters.js";
import { builtModel } from "../built-model.js";
import { setOwn } from "../own-property.js";

/** Services by the name their dependant sees them under (`dependsOn = { inherit webapp; }`). */
export type ServiceRefs = { readonly [key: string]: Service };

/** Whether Disnix should keep the service's state (`deployState`). */
export type DeployState = boolean;

/** The properties of a Disnix service. Attributes beyond the reserved ones are passed to dependants and, with `providesContainer`, become container properties. */
export interface ServiceRecord {
  /** Name of the service; must equal its key in the services model (defaults to it). */
  readonly name?: string;
  /**
   * What to deploy: a package (`pkgs.mysql`, a custom package), a process
   * constructor's call, or a function of the inter-dependency arguments
   * when `dependsOn`/`connectsTo` is non-empty. A call of a constructor
   * making a service record is the service itself, not its pkg
   * (`service(constructors.mysql({ ... }))`, TN5054). (`undefined` is
   * accepted only because `pkgs.x` has that type under
   * `noUncheckedIndexedAccess`; a missing `pkg` is reported at synth.)
   */
  readonly pkg: NixValue | ConstructorCall<ManagedProcess> | undefined;
  /**
   * The Dysnomia module that activates the service (`"systemd-unit"`,
   * `"mysql-database"`, ...) or the name of a container provided by another
   * service on the same target. `"package"` services are deployed, never activated.
   */
  readonly type: DysnomiaModule | (string & {}) | NixValue;
  /** Services that must be activated first; their properties are passed to `pkg`. */
  readonly dependsOn?: ServiceRefs | (() => ServiceRefs);
  /** Services whose properties are passed to `pkg` without ordering (cycles allowed). */
  readonly connectsTo?: ServiceRefs | (() => ServiceRefs);
  /** Services that must be activated first, without passing their properties. */
  readonly activatesAfter?: ServiceRefs | (() => ServiceRefs);
  /** Snapshot and restore the service's state when it moves between targets. */
  readonly deployState?: DeployState | NixValue;
  /**
   * Containers this service provides to other services, with the
   * properties they see, e.g. `{ "tomcat-webapplication": { tomcatPort: 8080 } }`.
   */
  readonly providesContainers?:
    { readonly [container: string]: { readonly [property: string]: NixData } } | NixValue;
  /** Short form: the one container this service provides; every non-reserved attribute becomes a container property. */
  readonly providesContainer?: string | NixValue;
  /**
   * TCP port of the service, visible to dependants; checked for clashes
   * between services on one target. A Nix value (`ids.ports.webapp`) is
   * left to Nix.
   */
  readonly port?: number | NixValue;
  /**
   * Any other property (ports, host names, ...), visible to dependants.
   * Services under any key but `dependsOn`, `connectsTo` and
   * `activatesAfter` are an error (TN5050), and a key a letter or two from
   * a reserved one a warning (TN5051): Disnix reads either as data.
   */
  readonly [property: string]:
    NixData | ConstructorCall | ServiceRefs | (() => ServiceRefs) | undefined;
}

/** A service of a services model. */
export interface Service {
  readonly [MODEL_REF]: true;
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "service";
  /**
   * The record, a constructor call that builds it (container-provider
   * constructors), or a Nix expression that evaluates to it (as `typenix
   * import` writes for services built by Nix functions).
   */
  readonly spec: ServiceRecord | ConstructorCall<ServiceRecord> | NixValue;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/**
 * Declares a Disnix service: a record, a constructor call building one, or
 * a Nix expression evaluating to one (then typenix checks less of it).
 */
export function service(
  spec: ServiceRecord | ConstructorCall<ServiceRecord> | NixValueBase,
): Service {
  // A Nix expression is taken as its base type: `NixValue`'s index signature
  // would make TypeScript report a mistake in a record against it, at every
  // property (`type: "process"` is no NixValue), as it may pick either union
  // member that shares all of a literal's keys.
  // `tracedSpec` called here, not through `serviceAt`: spec code calls this by the thousand.
  return tracedSpec("service", spec as Service["spec"], siteTrace(service));
}

/** A service whose builder call `trace` locates. */
function serviceAt(spec: Service["spec"], trace: SiteTrace): Service {
  return tracedSpec("service", spec, trace);
}

/** Options of a services model. */
export interface ServicesOptions {
  /**
   * Extra function parameters with their defaults, e.g. `{ processManager:
   * "systemd" }`, replacing the upstream defaults of the standard ones. A
   * parameter given `noDefault` has none: the caller must pass it
   * (`disnix-env --extra-params`).
   */
  readonly parameters?: ModelParameters;
  /**
   * Services computed in Nix, merged after the declared ones: the model is
   * generated as `rec { ... } // computed`, as Disnix's examples generate a
   * service per target (`builtins.listToAttrs (map (targetName: ...)
   * (builtins.attrNames invDistribution))`). It is a Nix value giving a set
   * of services; it may read the model's parameters (`invDistribution`,
   * `distributionParam`, `pkgs`, ...), its `nix.local` values and
   * `ownServices`, but not the declared services by reference: they are
   * attributes of the `rec` set, not in scope beside it (TN3061).
   *
   * Prefer computing services in TypeScript (a loop adding `service(...)`
   * entries) whenever what they depend on is known when the spec runs:
   * typenix then checks them. Use `computed` for what only Nix knows, such
   * as the targets of the distribution (`invDistribution`), or to keep an
   * imported model's Nix as it is. The services it makes are unknown to
   * typenix's whole-model checks, which then skip what they cannot tell
   * (see the README).
   */
  readonly computed?: NixValue;
}

/** A services model: services by name. */
export interface ServicesModel<K extends string = string> {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "services";
  /** The services, by name (the name Disnix sees). */
  readonly services: { readonly [N in K]: Service };
  /** Extra parameters of the generated function. */
  readonly options: ServicesOptions;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/** The entries of a services model, by service name. */
export type ServiceEntries<K extends string> = {
  readonly [N in K]: Service | ServiceRecord | ConstructorCall<ServiceRecord>;
};

/**
 * A Disnix services model (`services.nix`): `services({ webapp, nginx })`.
 * Each key is the service name. With a `computed` part, the model may have
 * services of any name (a distribution may place them).
 */
export function services<K extends string>(
  entries: ServiceEntries<K>,
  options: ServicesOptions & { readonly computed: NixValue },
): ServicesModel<K | (string & {})>;
/**
 * A Disnix services model (`services.nix`): `services({ webapp, nginx })`.
 * Each key is the service name.
 */
export function services<K extends string>(
  entries: ServiceEntries<K>,
  options?: ServicesOptions,
): ServicesModel<K>;
export function services<K extends string>(
  entries: ServiceEntries<K>,
  options: ServicesOptions = {},
): ServicesModel<K> {
  const trace = siteTrace(services);
  // A record given here is located at this call, as a `service(...)` made here would be.
  const normalized: Record<string, Service> = {};
  const keys = Object.keys(entries) as K[];
  // Indexed: until the engine optimizes it, `for...of` allocates for each key.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as K;
    const entry = entries[key];
    const item = isService(entry) ? entry : serviceAt(entry as ServiceRecord, trace);
    // `setOwn` only for the key a plain store gets wrong: a call per service costs more than the test.
    if (key === "__proto__") setOwn(normalized, key, item);
    else normalized[key] = item;
  }
  return builtModel({
    kind: "services",
    services: normalized as { [N in K]: Service },
    options,
    get site() {
      return trace.site;
    },
  });
}

/**
 * The services model being defined, as Nix sees it: the set of all its
 * services. Its own values read it where a package set needs the whole
 * model, as Disnix's lookup services do (a package generating the
 * configuration that tells each client where its services are deployed):
 *
 * ```ts
 * const customPkgs = nix.local(
 *   "customPkgs",
 *   nix.import("../top-level/all-packages.nix", {
 *     services: ownServices,
 *     distribution: distributionParam,
 *     system,
 *     pkgs,
 *   }),
 * );
 * export default services({ lookup: service({ pkg: customPkgs.lookup, type: "process" }) });
 * ```
 *
 * A services model that reads it is generated as Disnix's examples write
 * one: `let customPkgs = ...; services = rec { ... }; in services`, the set
 * bound to `services` (or, when the model binds that name otherwise, to a
 * fresh name such as `services_2`). Only a services model can read it.
 */
export const ownServices: NixValue = symbolic({ kind: "ownServices" });

function isService(value: unknown): value is Service {
  return (
    typeof value === "object" &&
    value !== null &&
    MODEL_REF in value &&
    (value as { kind?: unknown }).kind === "service"
  );
}
