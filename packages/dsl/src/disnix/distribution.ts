/**
 * Disnix distribution models: which services go to which targets (and,
 * optionally, into which container there).
 */
import { siteTrace, SiteTrace } from "../symbolic/call-site.js";
import { MODEL_REF, type CallSite } from "../symbolic/term.js";
import { SpecError } from "../spec-error.js";
import { builtModel } from "../built-model.js";
import type { InfrastructureModel } from "./infrastructure.js";
import type { ServicesModel } from "./service.js";
import type { NixValue } from "../symbolic/value.js";

/** A reference to a target of the infrastructure, as passed to the distribution function. */
export interface TargetRef<N extends string = string> {
  readonly [MODEL_REF]: true;
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "targetRef";
  /** The target's name in the infrastructure model. */
  readonly name: N;
}

/** Where one service goes: a list of targets, or the verbose form naming the container on each target. */
export type Placement<T extends string> =
  | readonly TargetRef<T>[]
  | {
      readonly targets: readonly {
        /** The target machine. */
        readonly target: TargetRef<T>;
        /** The container on that target; defaults to the service's `type`. */
        readonly container?: string;
      }[];
    };

/** Options of a distribution model. */
export interface DistributionOptions {
  /**
   * Placements computed in Nix, merged after the declared ones: the model
   * is generated as `{ ... } // computed`, as Disnix's examples place a
   * service on each target (`listToAttrs (map (targetName: { name = ...;
   * value = [ (getAttr targetName infrastructure) ]; }) (attrNames
   * infrastructure))`). It is a Nix value giving a set of placements; it
   * may read the infrastructure as `infrastructureParam` and `nix.local`
   * values, and nothing else of a model (distribution.nix is a function of
   * `infrastructure` alone: TN3060).
   *
   * Prefer placing services in TypeScript (a loop over
   * `Object.keys(infrastructure.targets)` in the placement function)
   * whenever the targets are known when the spec runs, as they are for an
   * infrastructure model written in TypeScript: typenix then checks the
   * placements. Use `computed` to keep an imported model's Nix as it is.
   * Its placements are unknown to typenix's whole-model checks, which then
   * skip what they cannot tell (see the README).
   */
  readonly computed?: NixValue;
}
/** The properties of an entry of a placement's long form (`{ target, container }`). */
type PlacementEntryKey = "target" | "container";

/**
 * `never` for each property of the long form other than `targets`, and of
 * its entries other than `target` and `container`: `P` is inferred from
 * the placements as written, so a misspelt `contaner`, or a `container`
 * beside `targets`, would otherwise pass, and Disnix would never see it.
 * It bounds `P` (`P extends ... & NoUnknownPlacementKeys<P>`): as a part of
 * `place`'s return type, it would make TypeScript give up inferring `P` for
 * a one-entry list, and refuse its `target` too.
 */
export type NoUnknownPlacementKeys<P> = {
  readonly [K in keyof P]: P[K] extends { readonly targets: readonly object[] }
    ? {
        readonly targets: readonly {
          readonly [X in Exclude<keyof P[K]["targets"][number], PlacementEntryKey>]?: never;
        }[];
      } & { readonly [X in Exclude<keyof P[K], "targets">]?: never }
    : unknown;
};

/**
 * What the placement of a name the services model has no service of would
 * have to be: nothing is, so TypeScript refuses it, and its message names
 * the name (`... is not assignable to type
 * 'NotAServiceOfTheServicesModel<"web2">'`), where `never` would say
 * nothing of why.
 */
export interface NotAServiceOfTheServicesModel<K extends string> {
  /** The name placed. */
  readonly notAServiceOfTheServicesModel: K;
}

/** A distribution model. */
export interface DistributionModel<S extends string = string, T extends string = string> {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "distribution";
  /** The services model the distribution places. */
  readonly services: ServicesModel<S>;
  /** The infrastructure model the targets come from. */
  readonly infrastructure: InfrastructureModel<T>;
  /** Where each service goes, by service name. */
  readonly placements: { readonly [K in S]?: Placement<T> };
  /** Placements computed in Nix, merged after the declared ones. */
  readonly options: DistributionOptions;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/**
 * A Disnix distribution model (`distribution.nix`): maps services of
 * `services` to targets of `infrastructure`. Unknown services and targets
 * are type errors.
 *
 * @example distribution(services, infrastructure, (t) => ({ webapp: [t.test1] }))
 * @example distribution(services, infrastructure, (t) => ({ webapp: [t.test1] }), {
 *   computed: nix.raw("{ proxy = [ infrastructure.test2 ]; }", [infrastructureParam]),
 * })
 */
export function distribution<
  S extends string,
  T extends string,
  P extends { readonly [K in S]?: Placement<T> } & NoUnknownPlacementKeys<P>,
>(
  servicesModel: ServicesModel<S>,
  infrastructureModel: InfrastructureModel<T>,
  place: (targets: { readonly [N in T]: TargetRef<N> }) => P & {
    readonly [K in Exclude<keyof P & string, S>]: NotAServiceOfTheServicesModel<K>;
  },
  options: DistributionOptions = {},
): DistributionModel<S, T> {
  const refs = Object.fromEntries(
    Object.keys(infrastructureModel.targets).map((name) => [
      name,
      { [MODEL_REF]: true, kind: "targetRef", name },
    ]),
  ) as { [N in T]: TargetRef<N> };
  const trace = siteTrace(distribution);
  const placements = place(refs);
  checkTargets(placements as Readonly<Record<string, unknown>>, refs, trace);
  return builtModel({
    kind: "distribution",
    services: servicesModel,
    infrastructure: infrastructureModel,
    placements,
    options,
    get site() {
      return trace.site;
    },
  });
}

/**
 * Throws unless every placement is a list of target references: `t.test2`
 * for a target the infrastructure lacks is undefined at run time (and a
 * type error for the editor), which the compiler could not name.
 */
function checkTargets(
  placements: Readonly<Record<string, unknown>>,
  refs: Readonly<Record<string, TargetRef>>,
  trace: SiteTrace,
): void {
  const services = Object.keys(placements);
  // Indexed: until the engine optimizes them, `Object.entries` and
  // `for...of` allocate for each step, and this runs for every service.
  for (let i = 0; i < services.length; i++) {
    const service = services[i] as string;
    const placement = placements[service];
    if (placement === undefined) continue;
    if (Array.isArray(placement) ? allTargets(placement) : placementTargets(placement)) continue;
    throw new SpecError(
      `'${service}' is distributed to something that is not a target of the infrastructure model`,
      trace.site,
      `targets are: ${Object.keys(refs).join(", ")}`,
      "TN5002",
    );
  }
}

/** Whether every item of a list is a reference to a target. */
function allTargets(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) if (!isTarget(items[i])) return false;
  return true;
}

/** Whether the long form (`{ targets: [{ target, container }] }`) names a target in each entry. */
function placementTargets(placement: unknown): boolean {
  const entries = (placement as { targets?: readonly ({ target?: unknown } | undefined)[] })
    .targets;
  return entries !== undefined && entries.every((entry) => isTarget(entry?.target));
}

/** A reference to a target (one of another name is the compiler's to report, by name). */
function isTarget(ref: unknown): boolean {
  return typeof ref === "object" && ref !== null && (ref as TargetRef).kind === "targetRef";
}
