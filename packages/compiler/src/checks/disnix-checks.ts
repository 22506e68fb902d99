/**
 * Whole-deployment checks of a Disnix model (services + infrastructure +
 * distribution), each reported at the builder call that caused it: the
 * mistakes Disnix would otherwise report deep in a trace at deploy time.
 */
import {
  DYSNOMIA_MODULES,
  HEADER_BINDING,
  hasSentinels,
  isConstructorCall,
  isNixValue,
  termOf,
  type CallSite,
  type ConstructorCall,
  type DistributionModel,
  type NixTerm,
  type NixValue,
  type Service,
  type ServiceRecord,
  type ServiceRefs,
  type ServicesModel,
} from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt, warningAt } from "../lower/context.js";
import { firstOfItsNodes, walkCycles, type Graph } from "./cycles.js";
import { recordCallAsPkg } from "./pkg-calls.js";
import { processNameOf } from "./evaluated-call.js";
import { sameNameHint } from "../specs/spec-directories.js";
import { missingInterDeps, namesGiven } from "./inter-dependency-names.js";
import { recordKeys } from "../lower/item-keys.js";
import {
  hasRefs,
  keyFinder,
  isPortName,
  NO_REFS,
  portNumber,
  serviceViews,
  type ServiceView,
  type ViewCache,
  type ViewFinder,
  type ViewIndex,
} from "./service-view.js";

const MODULES: ReadonlySet<string> = new Set(DYSNOMIA_MODULES);

/** One service on one target, in one container. */
interface Placement {
  readonly service: ServiceView;
  readonly target: string;
  readonly container: string | undefined;
}

/** Checks of a services model on its own: names, activation cycles, pkg and dependency kinds. */
export function checkServices(model: ServicesModel, cache: ViewCache): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { views, byService, indexOf, shared, hasPackages } = serviceViews(model, cache);
  const { forms, reserved } = checkRecords(views, diagnostics);
  checkSharedServices(views, shared, diagnostics);
  checkCycles(views, byService, indexOf, diagnostics);
  checkInterDependencies(model, views, byService, hasPackages, diagnostics);
  diagnostics.push(...forms, ...reserved);
  return diagnostics;
}

/** Checks of a distribution against its services and infrastructure (the services checks not included). */
export function checkDeployment(model: DistributionModel, cache: ViewCache): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { views, byService, hasProviders, hasPkgCalls } = serviceViews(model.services, cache);
  // What a computed part holds only Nix knows: a check that needs every
  // service or every placement is skipped where one may be missing (the
  // others only find more of what the declared entries already show).
  const computedServices = model.services.options.computed !== undefined;
  const computedPlacements = model.options.computed !== undefined;
  const placed = placementsOf(
    model,
    views,
    { all: hasProviders || hasPkgCalls, containers: !computedServices && !computedPlacements },
    diagnostics,
  );
  const { placements } = placed;
  // The checks of what services provide or their pkgs make, only where
  // there is any: most deployments have no container provider.
  if (hasProviders) checkContainerCycles(views, placements, byService, diagnostics);
  // Most often every service is deployed somewhere: none to look for.
  if (!computedPlacements && placed.servicesPlaced < views.length)
    checkUndistributedDependencies(views, placed.distributed, byService, diagnostics);
  if (placed.unlisted.length > 0)
    checkContainers(model, placed.unlisted, placed.providing, diagnostics);
  if (hasProviders) checkDuplicateProviders(placements, diagnostics);
  diagnostics.push(...placed.ports);
  if (hasPkgCalls) checkProcessNames(placements, diagnostics);
  diagnostics.push(...placed.launchd);
  return diagnostics;
}

/**
 * The placements of a distribution, how many services they deploy, and
 * what the checks of each placement found as it was placed (one walk, not
 * one for each check: each walk is code the engine compiles and runs cold).
 */
interface Placements {
  /**
   * Every placement, kept only where a check needs them all (a service
   * provides a container, or a pkg is a constructor call): most
   * deployments need no object for each.
   */
  readonly placements: readonly Placement[];
  /** The placements of the services that provide containers, or may (`providedByTarget`'s). */
  readonly providing: readonly Placement[];
  /** Counted as they are placed: no pass over them to tell whether every service is deployed. */
  readonly servicesPlaced: number;
  /** 1 at the index of each service deployed somewhere. */
  readonly distributed: Uint8Array;
  /** The placements into a container that is no Dysnomia module: TN5005's to look up once all are placed. */
  readonly unlisted: readonly Placement[];
  /** TN5007, in the order of the placements. */
  readonly ports: readonly Diagnostic[];
  /** TN5010 of a managed process on a launchd target, in the order of the placements. */
  readonly launchd: readonly Diagnostic[];
}

/** The port each service placed on a target claimed first: made for a target when a service there has a port. */
interface TargetClaims {
  ports: Map<number, string> | undefined;
}

/** Which placements the checks after `placementsOf` need. */
interface Kept {
  /** Every placement. */
  readonly all: boolean;
  /** The placements into a container to look up (TN5005's), and those of the services that provide containers. */
  readonly containers: boolean;
}

function placementsOf(
  model: DistributionModel,
  views: readonly ServiceView[],
  kept: Kept,
  diagnostics: Diagnostic[],
): Placements {
  const placements: Placement[] = [];
  const providing: Placement[] = [];
  const distributed = new Uint8Array(views.length);
  let placedHere = 0;
  const unlisted: Placement[] = [];
  const ports: Diagnostic[] = [];
  const launchd: Diagnostic[] = [];
  const launchdWarned = new Set<ServiceView>();
  // Whether each property name is a port's, asked once for each: the records repeat the same few.
  const portNames = new Map<string, boolean>();
  let servicesPlaced = 0;
  // Found with the state of the checks on each: no second lookup by target.
  const targets = new Map<string, TargetClaims>();
  for (const name of Object.keys(model.infrastructure.targets))
    targets.set(name, { ports: undefined });
  // A service has one entry in the distribution, so a repeat can only be
  // within it: each is reported once, and not placed again (nor checked
  // again). Whether a repeat of each placement of the service at hand was
  // reported (none kept for a service on one target):
  let placed: Map<string, boolean> | undefined;
  const place = (
    service: ServiceView,
    target: string,
    container: string | undefined,
    count: number,
  ): void => {
    const claims = targets.get(target);
    if (claims === undefined) {
      diagnostics.push(atPlacement(unknownTarget(model, service, target, targets), service.key));
      return;
    }
    if (count > 1) {
      const id = placementId(service, target, container);
      placed ??= new Map();
      const reported = placed.get(id);
      if (reported !== undefined) {
        if (!reported)
          diagnostics.push(
            atPlacement(duplicatePlacement(model, service, target, container), service.key),
          );
        placed.set(id, true);
        return;
      }
      placed.set(id, false);
    }
    placedHere++;
    distributed[service.index] = 1;
    const into = containerOf(service, container);
    // A container named by a Nix value only Nix can look up.
    const toLookUp =
      kept.containers && into !== undefined && !MODULES.has(into) && !hasSentinels(into);
    const provides = service.provides.length > 0 || service.opaque || service.providesSymbolic;
    if (kept.all || toLookUp || (kept.containers && provides)) {
      const p: Placement = { service, target, container };
      if (kept.all) placements.push(p);
      if (toLookUp) unlisted.push(p);
      if (kept.containers && provides) providing.push(p);
    }
    if (service.record !== undefined)
      claimPorts(service, target, service.record, claims, ports, portNames);
    // The container first: it is the cheaper test (no set lookup), and fails for most placements.
    if (into === "managed-process" && !launchdWarned.has(service)) {
      const warning = launchdTargetWarning(model, service, target);
      if (warning !== undefined) {
        launchdWarned.add(service);
        launchd.push(warning);
      }
    }
  };
  const all = model.placements as Readonly<Record<string, unknown>>;
  // Listed once for the run: lowering the distribution lists them too.
  const keys = recordKeys(all);
  const serviceOf = keyFinder(views);
  // Indexed: until the engine optimizes them, `for...of` loops allocate for each step.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const placement = all[key];
    if (placement === undefined) continue;
    // Most distributions place every service, in the model's order: the
    // service at the key's own place is found with no call.
    const atPlace = views[i];
    const service = atPlace !== undefined && atPlace.key === key ? atPlace : serviceOf(key);
    // A service the services model computes is placed as Nix finds it.
    if (!service && model.services.options.computed !== undefined) continue;
    if (!service) {
      diagnostics.push(
        atPlacement(
          errorAt(
            model.site,
            "TN5002",
            `the distribution places '${key}', which is not a service of the services model`,
            `services are: ${views.map((v) => v.key).join(", ")}`,
          ),
          key,
        ),
      );
      continue;
    }
    placed = undefined;
    placedHere = 0;
    if (Array.isArray(placement)) {
      const refs = placement as readonly { name: string }[];
      for (let j = 0; j < refs.length; j++)
        place(service, (refs[j] as { name: string }).name, undefined, refs.length);
    } else {
      const { targets: on } = placement as {
        targets: readonly { target: { name: string }; container?: string }[];
      };
      for (const t of on) place(service, t.target.name, t.container, on.length);
    }
    // A key of the distribution is one service's: counted once.
    if (placedHere > 0) servicesPlaced++;
  }
  return { placements, providing, servicesPlaced, distributed, unlisted, ports, launchd };
}

/**
 * `diagnostic`, located at the distribution call, about the placement of
 * the service `key`: the command moves it to where the call writes it.
 */
function atPlacement(diagnostic: Diagnostic, key: string): Diagnostic {
  return { ...diagnostic, valuePath: [key] };
}

/** The container a placement deploys into: the one it names, else the service's type (undefined when symbolic). */
function containerOf(service: ServiceView, container: string | undefined): string | undefined {
  return container ?? service.type;
}

/** Equal for two placements of one service into the same container on the same target. */
function placementId(service: ServiceView, target: string, container: string | undefined): string {
  const into = containerOf(service, container);
  return `${target}\0${into === undefined ? "" : `=${into}`}`;
}

function unknownTarget(
  model: DistributionModel,
  service: ServiceView,
  target: string,
  targets: ReadonlyMap<string, unknown>,
): Diagnostic {
  return errorAt(
    model.site,
    "TN5002",
    `'${service.key}' is distributed to '${target}', which is not a target of the infrastructure model`,
    `targets are: ${[...targets.keys()].join(", ")}`,
  );
}

/** Disnix would map the service into that container twice: two activations of one deployment. */
function duplicatePlacement(
  model: DistributionModel,
  service: ServiceView,
  target: string,
  container: string | undefined,
): Diagnostic {
  const into = containerOf(service, container);
  return errorAt(
    model.site,
    "TN5022",
    `the distribution places '${service.key}'${into === undefined ? "" : ` in container '${into}'`} on '${target}' more than once`,
    "list each target once for a service; Disnix would map it there twice, and activate it twice. To deploy it into two containers of one target, name each container in the long form { targets: [{ target, container }] }",
  );
}

/**
 * A dependency on one service object that the model has under two keys
 * (`services({ web, mirror: web })`): the generated file names one of
 * them, and nothing tells which was meant. Two keys for one object are
 * fine otherwise: each is a service of its own name.
 */
function checkSharedServices(
  views: readonly ServiceView[],
  shared: ReadonlyMap<Service, readonly string[]>,
  diagnostics: Diagnostic[],
): void {
  if (shared.size === 0) return;
  for (const v of views) {
    for (const refs of [v.dependsOn, v.connectsTo, v.activatesAfter]) {
      for (const name of Object.keys(refs)) {
        const keys = shared.get(refs[name] as Service);
        if (keys === undefined) continue;
        diagnostics.push(
          errorAt(
            v.service.site,
            "TN5013",
            `'${v.key}' depends on '${name}', a service the services model has under two keys: ${keys.map((k) => `'${k}'`).join(" and ")}`,
            "make each a service of its own: call service(...) once for each",
          ),
        );
      }
    }
  }
}

/** The diagnostics of each service's own record that come after the other checks', by check. */
interface LaterRecordDiagnostics {
  /** TN5030: both forms of declaring containers. */
  readonly forms: readonly Diagnostic[];
  /** TN5031: a reserved property the DSL's type lets through. */
  readonly reserved: readonly Diagnostic[];
}

/**
 * The checks of each service's own record, in one pass over the services
 * (a pass for each cost more than its checks): TN5001 goes to
 * `diagnostics`, and the others are returned, to come after the other
 * checks', in the order the checks always gave.
 */
function checkRecords(
  views: readonly ServiceView[],
  diagnostics: Diagnostic[],
): LaterRecordDiagnostics {
  const forms: Diagnostic[] = [];
  const reserved: Diagnostic[] = [];
  for (let i = 0; i < views.length; i++) {
    const v = views[i] as ServiceView;
    const record = v.record;
    if (record === undefined) continue;
    const name = record.name;
    if (typeof name === "string" && !hasSentinels(name) && name !== v.key)
      diagnostics.push(misnamed(v, name));
    if (v.providesBothForms) forms.push(bothContainerForms(v));
    for (let j = 0; j < UNDECLARED_RESERVED.length; j++) {
      const property = UNDECLARED_RESERVED[j] as (typeof UNDECLARED_RESERVED)[number];
      if (Object.hasOwn(record, property)) reserved.push(reservedProperty(v, property));
    }
  }
  return { forms, reserved };
}

/** TN5001: Disnix requires a service's name to be its key. */
function misnamed(v: ServiceView, name: string): Diagnostic {
  return errorAt(
    v.service.site,
    "TN5001",
    `service '${v.key}' is named '${name}'; Disnix requires the name to equal the attribute key`,
    `rename the key to '${name}' or the name to '${v.key}'`,
  );
}

/**
 * TN5030, both forms of declaring containers: Disnix places services into
 * the containers of `providesContainers` (`generateServiceContainersPerTarget`
 * in `nix/normalize-services.nix`), but gives the service the container of
 * `providesContainer` in their place (`normalizeService`), so neither form
 * is wholly used.
 */
function bothContainerForms(v: ServiceView): Diagnostic {
  return errorAt(
    v.service.site,
    "TN5030",
    `'${v.key}' has both providesContainers and providesContainer; Disnix places services only into the containers of providesContainers, and publishes only the one of providesContainer`,
    "use one form: name every container in providesContainers, with its properties",
  );
}

/**
 * The reserved attributes of a service (`reservedServiceAttrNames` in
 * `nix/normalize-services.nix`) that the DSL's service type lets through as
 * ordinary properties; the others it declares, with their types. Disnix
 * deploys a service that has `targets` to those, and ignores the
 * distribution for it (`augmentTargetsToServices` in
 * `nix/wrap-architecture.nix`).
 */
const UNDECLARED_RESERVED = ["targets"] as const;

/** TN5031 for a reserved property the DSL's service type lets through. */
function reservedProperty(v: ServiceView, name: (typeof UNDECLARED_RESERVED)[number]): Diagnostic {
  return errorAt(
    v.service.site,
    "TN5031",
    `'${v.key}' has a property '${name}', which Disnix reserves: it deploys the service to the targets it lists instead of where the distribution places it`,
    `rename the property; the distribution says where '${v.key}' goes`,
  );
}

function checkUndistributedDependencies(
  views: readonly ServiceView[],
  distributed: Uint8Array,
  byService: ViewFinder,
  diagnostics: Diagnostic[],
): void {
  for (let i = 0; i < views.length; i++) {
    const v = views[i] as ServiceView;
    if (distributed[v.index] === 0) continue;
    reportUndistributed(v, "dependsOn", distributed, byService, diagnostics);
    reportUndistributed(v, "connectsTo", distributed, byService, diagnostics);
    // Disnix orders a service after each target's activation of the other
    // (`generate-deployment-model.nix`): with none, it drops the ordering, silently.
    const unordered = undistributed(v.activatesAfter, distributed, byService);
    // Indexed: until the engine optimizes it, `for...of` allocates an iterator.
    for (let j = 0; j < unordered.length; j++) {
      const target = unordered[j] as ServiceView;
      diagnostics.push(
        warningAt(
          v.service.site,
          "TN5034",
          `'${v.key}' activatesAfter '${target.key}', which the distribution deploys nowhere: Disnix drops that ordering`,
          `distribute '${target.key}' to a target, or drop it from activatesAfter`,
        ),
      );
    }
  }
}

/** TN5003 for each service `v` depends on or connects to that the distribution deploys nowhere. */
function reportUndistributed(
  v: ServiceView,
  kind: "dependsOn" | "connectsTo",
  distributed: Uint8Array,
  byService: ViewFinder,
  diagnostics: Diagnostic[],
): void {
  if (!hasRefs(v[kind])) return;
  for (const target of undistributed(v[kind], distributed, byService))
    diagnostics.push(
      errorAt(
        v.service.site,
        "TN5003",
        `'${v.key}' ${kind} '${target.key}', which the distribution deploys nowhere`,
        `distribute '${target.key}' to a target`,
      ),
    );
}

/** The services of `refs` that the distribution deploys nowhere. */
function undistributed(
  refs: ServiceRefs,
  distributed: Uint8Array,
  byService: ViewFinder,
): readonly ServiceView[] {
  // Made only when there is one: most services depend on none undeployed.
  let found: ServiceView[] | undefined;
  for (const name in refs) {
    const target = byService.get(refs[name] as Service);
    if (target && distributed[target.index] === 0) (found ??= []).push(target);
  }
  return found ?? NO_VIEWS;
}

const NO_VIEWS: readonly ServiceView[] = [];

/** dependsOn and activatesAfter order activation, so they must not form a cycle (connectsTo may). */
function checkCycles(
  views: readonly ServiceView[],
  byService: ViewFinder,
  indexOf: ViewIndex,
  diagnostics: Diagnostic[],
): void {
  if (!orderedAfterLater(views, indexOf)) return;
  const firstSeen = firstOfItsNodes(keyOfView);
  // The edges are the services they lead to: no object for each, as only the nodes are reported.
  const order = activationOrder(
    views,
    (v) => activatedBefore(v, byService),
    (to) => to,
  );
  walkCycles(order, (cycle) => {
    if (!firstSeen(cycle)) return;
    diagnostics.push(
      errorAt(
        (cycle.nodes[0] as ServiceView).service.site,
        "TN5004",
        `activation order has a cycle: ${cycleText(cycle)}`,
        "use connectsTo for one of these edges (it passes properties without ordering)",
      ),
    );
  });
}

/**
 * Whether a service is ordered after itself or after one declared after
 * it: else every edge leads to a service declared before, and there is no
 * cycle to look for (most models, as they declare a service after those it
 * needs). The services are read as the walk would read them, up to the
 * first such edge: what a getter throws first, it throws here.
 */
function orderedAfterLater(views: readonly ServiceView[], indexOf: ViewIndex): boolean {
  // One loop, the lookups written out: a helper called for each service
  // would be one more function the engine compiles once it is hot.
  for (let i = 0; i < views.length; i++) {
    const v = views[i] as ServiceView;
    // Its dependsOn, then its activatesAfter.
    for (let refs = v.dependsOn, k = 0; k < 2; refs = v.activatesAfter, k++) {
      if (refs === NO_REFS) continue;
      for (const name in refs) {
        const index = indexOf.get(refs[name] as Service);
        if (index !== undefined && index >= i) return true;
      }
    }
  }
  return false;
}

/**
 * An edge of the activation order: `to` is activated before the service
 * it leaves. A container edge is the one Disnix adds from a service to the
 * service providing its container on the same target
 * (`appendContainerServiceInterDependencies` in `nix/normalize-services.nix`).
 */
interface ActivationEdge {
  readonly to: ServiceView;
  readonly container?: { readonly name: string; readonly target: string };
}

/** The activation order of `views` with the edges `edgesOf` gives, leading to `targetOf` each. */
function activationOrder<E>(
  views: readonly ServiceView[],
  edgesOf: (v: ServiceView) => readonly E[],
  targetOf: (edge: E) => ServiceView,
): Graph<ServiceView, E> {
  return { nodes: views, indexOf: (v) => v.index, edgesOf, targetOf };
}

const keyOfView = (v: ServiceView): string => v.key;

/**
 * The services `v` activates after: its `dependsOn`, then its
 * `activatesAfter`. Most services are ordered after none: they share one
 * empty array.
 */
function activatedBefore(v: ServiceView, byService: ViewFinder): readonly ServiceView[] {
  return (
    addViews(v.activatesAfter, byService, addViews(v.dependsOn, byService, undefined)) ?? NO_VIEWS
  );
}

/**
 * `before` and the view of each service of `refs`; the array is made for
 * the first, of its size (`push` onto an empty array makes room for 16).
 */
function addViews(
  refs: ServiceRefs,
  byService: ViewFinder,
  before: ServiceView[] | undefined,
): ServiceView[] | undefined {
  if (refs === NO_REFS) return before;
  for (const name in refs) {
    const view = byService.get(refs[name] as Service);
    if (view === undefined) continue;
    if (before === undefined) before = [view];
    else before.push(view);
  }
  return before;
}

/** `a -> b -> a`: the cycle's keys, back to the first. */
function cycleText(cycle: { readonly nodes: readonly ServiceView[] }): string {
  const keys = cycle.nodes.map(keyOfView);
  return [...keys, keys[0]].join(" -> ");
}

/**
 * Cycles through the edges Disnix adds from each service to the service
 * providing its container on its target: Disnix's recursion over the
 * activation order then never ends ("stack overflow"). Cycles of
 * dependsOn/activatesAfter alone are the services checks' to report.
 */
function checkContainerCycles(
  views: readonly ServiceView[],
  placements: readonly Placement[],
  byService: ViewFinder,
  diagnostics: Diagnostic[],
): void {
  const containerEdges = containerEdgesOf(placements);
  if (containerEdges.size === 0) return;
  const firstSeen = firstOfItsNodes(keyOfView);
  const edgesOf = (v: ServiceView): readonly ActivationEdge[] => {
    const edges = activatedBefore(v, byService).map((to): ActivationEdge => ({ to }));
    const more = containerEdges.get(v);
    return more === undefined ? edges : [...edges, ...more];
  };
  walkCycles(
    activationOrder(views, edgesOf, (edge) => edge.to),
    (cycle) => {
      const through = cycle.edges.flatMap((edge, i) =>
        edge.container === undefined
          ? []
          : [
              `'${(cycle.nodes[i] as ServiceView).key}' is deployed into container '${edge.container.name}', which '${edge.to.key}' provides on '${edge.container.target}'`,
            ],
      );
      if (through.length === 0 || !firstSeen(cycle)) return;
      diagnostics.push(
        errorAt(
          (cycle.nodes[0] as ServiceView).service.site,
          "TN5004",
          `activation order has a cycle: ${cycleText(cycle)}, where ${through.join(", and ")}`,
          cycle.nodes.length === 1
            ? "Disnix activates a service after the service providing its container on the same target, here itself: deploy it into a container of another provider, or of the target"
            : "Disnix activates a service after the service providing its container on the same target; drop the container provider's dependsOn/activatesAfter on the services deployed into its container (connectsTo passes properties without ordering)",
        ),
      );
    },
  );
}

/**
 * The edge from each placed service to the service providing its container
 * on that target, if one does (`appendContainerServiceInterDependencies`),
 * once per pair of services.
 */
function containerEdgesOf(placements: readonly Placement[]): Map<ServiceView, ActivationEdge[]> {
  // The provider of each container on each target.
  const providers = new Map<string, ServiceView>();
  for (let i = 0; i < placements.length; i++) {
    const p = placements[i] as Placement;
    const provides = p.service.provides;
    for (let j = 0; j < provides.length; j++) {
      const id = `${p.target}\0${provides[j] as string}`;
      if (!providers.has(id)) providers.set(id, p.service);
    }
  }
  const edges = new Map<ServiceView, ActivationEdge[]>();
  if (providers.size === 0) return edges;
  for (let i = 0; i < placements.length; i++) {
    const p = placements[i] as Placement;
    const container = containerOf(p.service, p.container);
    if (container === undefined) continue;
    const provider = providers.get(`${p.target}\0${container}`);
    if (provider === undefined) continue;
    let from = edges.get(p.service);
    if (from === undefined) edges.set(p.service, (from = []));
    if (from.some((e) => e.to === provider)) continue;
    from.push({ to: provider, container: { name: container, target: p.target } });
  }
  return edges;
}

/** TN5005 for each of `unlisted` (placed into a container that is no Dysnomia module) that nothing provides. */
function checkContainers(
  model: DistributionModel,
  unlisted: readonly Placement[],
  providing: readonly Placement[],
  diagnostics: Diagnostic[],
): void {
  const provided = providedByTarget(providing);
  for (let i = 0; i < unlisted.length; i++) {
    const p = unlisted[i] as Placement;
    const container = containerOf(p.service, p.container) as string;
    const on = provided.get(p.target);
    const byService = on !== undefined && (on.anything || on.containers.has(container));
    if (byService || targetLists(model, p.target, container)) continue;
    const missing = errorAt(
      // Where the container is named: in the distribution, else as the service's type.
      p.container === undefined ? p.service.service.site : model.site,
      "TN5005",
      `'${p.service.key}' needs container '${container}' on '${p.target}', but no service there provides it, the target's infrastructure does not list it, and it is not a Dysnomia module`,
      `deploy a service with providesContainer(s) '${container}' to '${p.target}', or add it to the target's containers`,
    );
    diagnostics.push(p.container === undefined ? missing : atPlacement(missing, p.service.key));
  }
}

/**
 * True when the target's infrastructure lists `container`, or may: a
 * target written as a Nix value has containers only Nix can tell.
 */
function targetLists(model: DistributionModel, name: string, container: string): boolean {
  const target = model.infrastructure.targets[name];
  if (target === undefined) return false;
  if (isNixValue(target)) return true;
  const containers: unknown = target.spec.containers;
  if (containers === undefined) return false;
  // Containers only Nix knows, or one named by a Nix value, may be any.
  if (isNixValue(containers) || typeof containers !== "object" || containers === null) return true;
  return container in containers || Object.keys(containers).some(hasSentinels);
}

/** What the services placed on one target provide. */
interface ProvidedOn {
  readonly containers: Set<string>;
  /**
   * A service whose record only Nix knows is there, or one providing a
   * container whose name only Nix knows: it may provide any container.
   */
  anything: boolean;
}

function providedByTarget(placements: readonly Placement[]): Map<string, ProvidedOn> {
  const byTarget = new Map<string, ProvidedOn>();
  for (let i = 0; i < placements.length; i++) {
    const q = placements[i] as Placement;
    let on = byTarget.get(q.target);
    if (!on) {
      on = { containers: new Set(), anything: false };
      byTarget.set(q.target, on);
    }
    const provides = q.service.provides;
    for (let j = 0; j < provides.length; j++) on.containers.add(provides[j] as string);
    if (q.service.opaque || q.service.providesSymbolic) on.anything = true;
  }
  return byTarget;
}

/** TN5006 for two services providing one container name on one target. */
function checkDuplicateProviders(
  placements: readonly Placement[],
  diagnostics: Diagnostic[],
): void {
  checkClaims(
    placements,
    (p) => p.service.provides,
    (p, container, other) =>
      errorAt(
        p.service.service.site,
        "TN5006",
        `'${p.service.key}' and '${other}' both provide container '${container}' on '${p.target}'`,
        "give one of them another container name (e.g. with an instanceSuffix)",
      ),
    diagnostics,
  );
}

/**
 * TN5007 for each port of `record` that another service placed on the
 * target claimed first, claimed as the walk of its properties finds it: no
 * array of the ports of each placement. `portNames` keeps whether each
 * property name seen is a port's (`isPortName`).
 */
function claimPorts(
  service: ServiceView,
  target: string,
  record: ServiceRecord,
  claims: TargetClaims,
  diagnostics: Diagnostic[],
  portNames: Map<string, boolean>,
): void {
  for (const property in record) {
    // The name first: it is the cheaper test, and fails for most properties.
    // Looked up, not asked again: a lookup costs less than a call.
    let isPort = portNames.get(property);
    if (isPort === undefined) portNames.set(property, (isPort = isPortName(property)));
    if (!isPort) continue;
    const port = portNumber(record[property]);
    if (port === undefined) continue;
    const other = claimOn((claims.ports ??= new Map()), port, service.key);
    if (other !== undefined)
      diagnostics.push(
        errorAt(
          service.service.site,
          "TN5007",
          `'${service.key}' and '${other}' both claim port ${port} on '${target}'`,
          "give each service on a machine its own port",
        ),
      );
  }
}

/**
 * TN5012 for two services on one target whose pkgs make processes of one
 * name, as for two process instances: process managers tell processes
 * apart by name, so the second's unit, PID file and user replace the first's.
 */
function checkProcessNames(placements: readonly Placement[], diagnostics: Diagnostic[]): void {
  checkClaims(
    placements,
    (p) => {
      const name = processNameOf(p.service.record?.pkg);
      return name === undefined ? NO_CLAIMS : [name];
    },
    (p, name, other) =>
      errorAt(
        p.service.service.site,
        "TN5012",
        `services '${p.service.key}' and '${other}' are both processes named '${name}' on '${p.target}'`,
        sameNameHint(name),
      ),
    diagnostics,
  );
}

const NO_CLAIMS: readonly never[] = [];

/**
 * Reports, with `clash`, each placement claiming on its target what
 * another service placed there claimed first (`claimsOf` gives what a
 * placement claims: container names, ports, process names). A service
 * placed twice on one target does not clash with itself.
 */
function checkClaims<C>(
  placements: readonly Placement[],
  claimsOf: (p: Placement) => readonly C[],
  clash: (p: Placement, claim: C, other: string) => Diagnostic,
  diagnostics: Diagnostic[],
): void {
  // Which service claimed each thing first, by target.
  const seen = new Map<string, Map<C, string>>();
  for (let i = 0; i < placements.length; i++) {
    const p = placements[i] as Placement;
    const claims = claimsOf(p);
    if (claims.length === 0) continue;
    let onTarget = seen.get(p.target);
    if (!onTarget) seen.set(p.target, (onTarget = new Map()));
    for (let j = 0; j < claims.length; j++) {
      const claim = claims[j] as C;
      const other = claimOn(onTarget, claim, p.service.key);
      if (other !== undefined) diagnostics.push(clash(p, claim, other));
    }
  }
}

/**
 * Claims `claim` on a target for the service `key`: the other service
 * that claimed it first there, if one did (a service placed twice on one
 * target does not clash with itself).
 */
function claimOn<C>(onTarget: Map<C, string>, claim: C, key: string): string | undefined {
  const other = onTarget.get(claim);
  if (other === undefined) onTarget.set(claim, key);
  else if (other !== key) return other;
  return undefined;
}

function checkInterDependencies(
  model: ServicesModel,
  views: readonly ServiceView[],
  byService: ViewFinder,
  hasPackages: boolean,
  diagnostics: Diagnostic[],
): void {
  const lastNixPkg: LastNixPkg = { pkg: undefined, kind: undefined };
  for (let i = 0; i < views.length; i++) {
    const v = views[i] as ServiceView;
    // Only a package service is wrongly depended on: with none in the model, none to look up.
    if (hasPackages) {
      checkPackageDependencies(v, v.dependsOn, byService, diagnostics);
      checkPackageDependencies(v, v.connectsTo, byService, diagnostics);
      checkPackageDependencies(v, v.activatesAfter, byService, diagnostics, true);
    }
    // Most services have no connectsTo: no call to find none of its keys.
    if (v.connectsTo !== NO_REFS) checkKeysTwice(v, byService, diagnostics);
    // The type first: it is the cheaper test, and most services are of a concrete type other than launchd's.
    if (v.type === "launchd-daemon") {
      if (hasOrderedDependencies(v))
        diagnostics.push(launchdWarning(v, `'${v.key}' is a launchd daemon with dependencies`));
    } else if (
      v.type === undefined &&
      hasOrderedDependencies(v) &&
      processManagerOfType(v.record?.type, model) === "launchd"
    )
      diagnostics.push(
        launchdWarning(
          v,
          `'${v.key}' is a launchd daemon with dependencies (its type is processType(processManager), and processManager defaults to 'launchd')`,
        ),
      );
    checkPkg(v, lastNixPkg, diagnostics);
  }
}

/**
 * TN5015 for a key of both `dependsOn` and `connectsTo` naming different
 * services: Disnix passes the pkg `connectsTo // dependsOn`
 * (`generateInterDependencyParams` in `nix/normalize-services.nix`), so it
 * never sees the one of `connectsTo`. (One service under both is only said twice.)
 */
function checkKeysTwice(v: ServiceView, byService: ViewFinder, diagnostics: Diagnostic[]): void {
  for (const name in v.connectsTo) {
    if (!Object.hasOwn(v.dependsOn, name)) continue;
    const depended = v.dependsOn[name] as Service;
    const connected = v.connectsTo[name] as Service;
    if (depended === connected) continue;
    diagnostics.push({
      ...errorAt(
        v.service.site,
        "TN5015",
        `'${v.key}' has '${name}' under both dependsOn and connectsTo, for different services: Disnix passes its pkg only the one of dependsOn ('${keyIn(depended, byService)}'), never '${keyIn(connected, byService)}'`,
        "give each inter-dependency its own key: the pkg receives dependsOn and connectsTo as one set",
      ),
      valuePath: ["connectsTo", name],
    });
  }
}

/**
 * The key of a service of the model, for a message. (A function of its
 * own, not a closure in `checkKeysTwice`: one there would make that
 * function allocate a context for each service it checks.)
 */
function keyIn(service: Service, byService: ViewFinder): string {
  return byService.get(service)?.key ?? "a service not in the model";
}

/**
 * TN5010 for a managed process with dependencies placed on a target whose
 * `managed-process` container runs it with launchd
 * (`containers.managed-process.processManager = "launchd"`); `p` is placed
 * into a `managed-process` container on `on`.
 */
function launchdTargetWarning(
  model: DistributionModel,
  service: ServiceView,
  on: string,
): Diagnostic | undefined {
  if (!hasOrderedDependencies(service)) return undefined;
  const target = model.infrastructure.targets[on];
  if (target === undefined || isNixValue(target)) return undefined;
  const container: unknown = target.spec.containers?.["managed-process"];
  if (typeof container !== "object" || container === null || isNixValue(container))
    return undefined;
  if ((container as { processManager?: unknown }).processManager !== "launchd") return undefined;
  return launchdWarning(
    service,
    `'${service.key}' is a managed process with dependencies on '${on}', whose managed-process container runs it with launchd`,
  );
}

/** Whether the service is ordered after others (dependsOn, activatesAfter). */
function hasOrderedDependencies(v: ServiceView): boolean {
  return hasRefs(v.dependsOn) || hasRefs(v.activatesAfter);
}

/** TN5010: launchd starts the service's dependencies in any order. */
function launchdWarning(v: ServiceView, what: string): Diagnostic {
  return warningAt(
    v.service.site,
    "TN5010",
    `${what}; launchd cannot order them`,
    "expect these services to start in any order",
  );
}

/** The nix-processmgmt function `processType` (the DSL's) applies to a process manager. */
const DERIVE_PROCESS_TYPE = "nixproc/derive-dysnomia-process-type.nix";

/**
 * The process manager a type made by `processType(manager)` is derived
 * from, where typenix can tell: a name, or the model's `processManager`
 * parameter with a name as its default. Undefined otherwise.
 */
function processManagerOfType(type: unknown, model: ServicesModel): string | undefined {
  if (!isNixValue(type)) return undefined;
  let term = termOf(type);
  if (term.kind === "local" && isNixValue(term.value)) term = termOf(term.value);
  if (term.kind !== "call" || term.fn.kind !== "ref" || term.fn.name !== "import") return undefined;
  const [file, args] = term.args;
  if (!isNixValue(file)) return undefined;
  const path = termOf(file);
  if (path.kind !== "searchPath" || !path.path.endsWith(DERIVE_PROCESS_TYPE)) return undefined;
  if (typeof args !== "object" || args === null || isNixValue(args) || Array.isArray(args))
    return undefined;
  const manager = (args as Readonly<Record<string, unknown>>)["processManager"];
  if (typeof manager === "string") return hasSentinels(manager) ? undefined : manager;
  if (!isNixValue(manager)) return undefined;
  const ref = termOf(manager);
  if (
    ref.kind !== "ref" ||
    ref.name !== "processManager" ||
    (ref.binding !== undefined && ref.binding !== HEADER_BINDING)
  )
    return undefined;
  const byDefault = model.options.parameters?.["processManager"];
  return typeof byDefault === "string" && !hasSentinels(byDefault) ? byDefault : undefined;
}

/**
 * Disnix refuses an inter-dependency of any kind (dependsOn, connectsTo,
 * activatesAfter) on a package service (`normalizeInterDependencies` in
 * `nix/normalize-services.nix`).
 */
function checkPackageDependencies(
  v: ServiceView,
  refs: ServiceRefs,
  byService: ViewFinder,
  diagnostics: Diagnostic[],
  orderOnly = false,
): void {
  for (const name in refs) {
    const target = byService.get(refs[name] as Service);
    if (target?.type === "package") {
      diagnostics.push(
        errorAt(
          v.service.site,
          "TN5008",
          orderOnly
            ? `'${v.key}' activates after '${target.key}', a package service, which is deployed but never activated`
            : `'${v.key}' depends on '${target.key}', a package service, which is deployed but never activated and has no properties to pass`,
          orderOnly
            ? "drop the activatesAfter entry: a package is in place before any service is activated, and Disnix refuses inter-dependencies on package services"
            : "depend on an activatable service, or add the package to pkg's build inputs",
        ),
      );
    }
  }
}

/**
 * A service record has a pkg and a type, which Disnix reads of every
 * service (the type names the Dysnomia module that activates it). A pkg
 * that is a function of inter-dependencies needs dependsOn/connectsTo,
 * and the reverse: Disnix calls pkg with them when there are any, and takes
 * it as the package otherwise (`generatePkgs` in `nix/normalize-services.nix`).
 */
function checkPkg(v: ServiceView, lastNixPkg: LastNixPkg, diagnostics: Diagnostic[]): void {
  if (v.record === undefined) {
    // A service with no record that is not opaque is a process
    // constructor's call (see `opaque`): read off the view, not asked again.
    if (!v.opaque)
      diagnostics.push(
        processCallAsService(v.key, v.service.spec as ConstructorCall, v.service.site),
      );
    // A record only Nix knows, Nix checks.
    return;
  }
  if (v.record.type === undefined)
    diagnostics.push(
      errorAt(
        v.service.site,
        "TN5011",
        `service '${v.key}' has no type`,
        'set type to the Dysnomia module that activates it ("process", "systemd-unit", "mysql-database", ..., processType(processManager)), or to a container a service on its target provides',
      ),
    );
  const pkg = v.record.pkg;
  if (pkg === undefined) {
    diagnostics.push(
      errorAt(
        v.service.site,
        "TN5011",
        `service '${v.key}' has no pkg`,
        "set pkg to a package or a constructor call",
      ),
    );
    return;
  }
  // The Nix value whose kind was found last (most often the service before's pkg): no call.
  const known = pkg === lastNixPkg.pkg;
  const call = !known && isConstructorCall(pkg);
  // Only a constructor call can make a record: no holder made for every other pkg.
  const recordCall =
    call && recordCallAsPkg({ kind: "service", key: v.key, declared: v.service }, pkg);
  if (recordCall) {
    diagnostics.push(recordCall);
    return;
  }
  // Most services have neither dependsOn nor connectsTo: no call to tell so (each
  // function called for every service is one more the engine compiles once it is hot).
  const { dependsOn, connectsTo } = v;
  const anyRefs = dependsOn !== NO_REFS || connectsTo !== NO_REFS;
  // A set only Nix knows (TN3077) may name services or none: neither mistake can be told.
  if (anyRefs && (isNixValue(dependsOn) || isNixValue(connectsTo))) return;
  const hasDeps = anyRefs && (hasRefs(dependsOn) || hasRefs(connectsTo));
  if (call) checkConstructorPkg(v, pkg, hasDeps, diagnostics);
  else if (known || isNixValue(pkg)) {
    const kind = known ? lastNixPkg.kind : nixPkgKind(pkg as NixValue, lastNixPkg);
    // A function is called with the inter-dependencies, a package is not.
    if (kind !== undefined && (kind === "function") !== hasDeps)
      diagnostics.push(nixPkgMismatch(v, kind));
  }
}

/**
 * The last pkg given as a Nix value and its kind (`pkgKind`): the services
 * of a model most often share one pkg (`pkgs.hello`), one after another,
 * and the term of a Nix value never changes.
 */
interface LastNixPkg {
  pkg: NixValue | undefined;
  kind: PkgKind;
}

/** The kind of `pkg`, a Nix value other than the last, kept as the last. */
function nixPkgKind(pkg: NixValue, last: LastNixPkg): PkgKind {
  last.kind = pkgKind(termOf(pkg));
  last.pkg = pkg;
  return last.kind;
}

/**
 * TN5052: a process constructor's call given as a service, which the types
 * refuse too; without this, its managed process would read as a service
 * with no pkg (TN5011).
 */
function processCallAsService(
  key: string,
  call: ConstructorCall,
  site: CallSite | undefined,
): Diagnostic {
  return errorAt(
    site,
    "TN5052",
    `service '${key}' is a call of process constructor '${call.key}', which makes a managed process, not a Disnix service`,
    `make the call the pkg of a service: service({ pkg: ${call.key}({ ... }), type: processType(processManager) })`,
  );
}

const CALLS_A_SET = '"attempt to call something which is not a function but a set"';

function checkConstructorPkg(
  v: ServiceView,
  pkg: ConstructorCall,
  hasDeps: boolean,
  diagnostics: Diagnostic[],
): void {
  if (pkg.constructor.spec.interDependencies !== true) {
    if (!hasDeps) return;
    diagnostics.push(
      errorAt(
        v.service.site,
        "TN5009",
        `'${v.key}' has dependsOn/connectsTo, so Disnix calls its pkg with them, but constructor '${pkg.key}' takes no inter-dependencies`,
        `declare interDependencies: true in the constructor and read them in build, or drop dependsOn/connectsTo (activatesAfter orders activation without passing anything); otherwise Disnix fails with ${CALLS_A_SET}`,
      ),
    );
    return;
  }
  const takesArgs = pkg.interDeps === undefined;
  if (takesArgs && hasDeps) {
    const given = [...Object.keys(v.dependsOn), ...Object.keys(v.connectsTo)];
    const missing = missingInterDeps(pkg, given, {
      site: v.service.site,
      who: `service '${v.key}'`,
      from: "its dependsOn/connectsTo",
      fix: (name) =>
        `Disnix passes the pkg each service of dependsOn and connectsTo by its key: name the one meant '${name}' (dependsOn: { ${name}: ... })`,
    });
    if (missing) diagnostics.push(missing);
  } else if (!takesArgs && !hasDeps) {
    const missing = missingInterDeps(pkg, namesGiven(pkg), {
      site: v.service.site,
      who: `service '${v.key}'`,
      from: "the constructor call's second argument",
      fix: (name) => `give '${name}' in the call's second argument`,
    });
    if (missing) diagnostics.push(missing);
  }
  if (takesArgs && !hasDeps) {
    diagnostics.push(
      errorAt(
        v.service.site,
        "TN5009",
        `the pkg of '${v.key}' is a function of inter-dependencies, but '${v.key}' has no dependsOn or connectsTo`,
        'pass the inter-dependencies yourself (a second argument to the constructor call) or declare dependsOn/connectsTo; otherwise Disnix fails with "value is a function while a set was expected"',
      ),
    );
  } else if (!takesArgs && hasDeps) {
    diagnostics.push(
      errorAt(
        v.service.site,
        "TN5009",
        `'${v.key}' has dependsOn/connectsTo, so Disnix calls its pkg with them, but the constructor call already applied its inter-dependencies`,
        "drop the second argument of the constructor call",
      ),
    );
  }
}

/**
 * TN5009 for a pkg written as a Nix value that typenix can tell is a
 * function (`nix.lambda`) though the service has no dependsOn or
 * connectsTo, or a package of the `pkgs` parameter though it has them.
 * (Anything else, raw Nix, `nix.ref`, a call, only Nix can tell.)
 */
function nixPkgMismatch(
  v: ServiceView,
  kind: "function" | Extract<NixTerm, { kind: "select" }>,
): Diagnostic {
  if (kind === "function")
    return errorAt(
      v.service.site,
      "TN5009",
      `the pkg of '${v.key}' is a function, but '${v.key}' has no dependsOn or connectsTo, so Disnix never calls it`,
      'give pkg the package itself, or declare the dependsOn/connectsTo it takes (activatesAfter passes nothing); otherwise Disnix fails with "value is a function while a set was expected"',
    );
  return errorAt(
    v.service.site,
    "TN5009",
    `'${v.key}' has dependsOn/connectsTo, so Disnix calls its pkg with them, but its pkg is the package pkgs.${kind.path.join(".")}, not a function`,
    `make pkg a function of the inter-dependencies (a constructor with interDependencies: true, or nix.lambda), or drop dependsOn/connectsTo (activatesAfter orders activation without passing anything); otherwise Disnix fails with ${CALLS_A_SET}`,
  );
}

type PkgKind = "function" | Extract<NixTerm, { kind: "select" }> | undefined;

/**
 * "function" for a Nix function, the selection of a package of the
 * \`pkgs\` parameter (`pkgs.hello`; its name is made only for a message),
 * undefined when only Nix can tell.
 */
function pkgKind(term: NixTerm): PkgKind {
  switch (term.kind) {
    case "lambda":
      return "function";
    case "local":
      return isNixValue(term.value) ? pkgKind(termOf(term.value)) : undefined;
    case "let":
      return isNixValue(term.body) ? pkgKind(termOf(term.body)) : undefined;
    case "data":
      return isNixValue(term.value) ? pkgKind(termOf(term.value)) : undefined;
    case "select":
      return isPkgsParameter(term.base) && term.default === undefined && term.path[0] !== "lib"
        ? term
        : undefined;
    default:
      return undefined;
  }
}

/** The `pkgs` parameter of the services model (Nixpkgs), not a variable of that name bound inside it. */
function isPkgsParameter(term: NixTerm): boolean {
  return (
    term.kind === "ref" &&
    term.name === "pkgs" &&
    (term.binding === undefined || term.binding === HEADER_BINDING)
  );
}
