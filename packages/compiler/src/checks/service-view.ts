/**
 * A concrete view of Disnix services for checking: records built by
 * container-provider constructors are evaluated with their arguments, and
 * dependency thunks are resolved.
 */
import {
  hasSentinels,
  isConstructorCall,
  isManagedProcess,
  isNixValue,
  type ConstructorCall,
  type Service,
  type ServiceRecord,
  type ServiceRefs,
  type ServicesModel,
} from "@typenix/dsl/core";
import { itemKeys } from "../lower/item-keys.js";
import { evaluatedCall } from "./evaluated-call.js";

/** What the checks need to know of one service. */
export interface ServiceView {
  /** Its place in declaration order (the checks keep their state in arrays by it). */
  readonly index: number;
  readonly key: string;
  readonly service: Service;
  readonly record: ServiceRecord | undefined;
  /**
   * Whether only Nix knows its record: a service given as a Nix value, or
   * a constructor call making one (`computedRecord`). (A call that throws
   * makes none either; lowering reports it.) It may provide any container.
   * A service with no record that is not opaque is a call of a process
   * constructor, which makes no service (TN5052).
   */
  readonly opaque: boolean;
  readonly dependsOn: ServiceRefs;
  readonly connectsTo: ServiceRefs;
  readonly activatesAfter: ServiceRefs;
  /**
   * The containers it provides, by the names Disnix places services into
   * them: those of `providesContainers`, else the one of
   * `providesContainer` (`generateServiceContainersPerTarget` in
   * `nix/normalize-services.nix`). Names only Nix knows are left out.
   */
  readonly provides: readonly string[];
  /** Whether it provides a container whose name only Nix knows (so it may provide any). */
  readonly providesSymbolic: boolean;
  /** Whether it has both `providesContainers` and `providesContainer`. */
  readonly providesBothForms: boolean;
  /** The concrete type, when it is not symbolic. */
  readonly type: string | undefined;
}

/** The services of a model, in declaration order, and indexes of them. */
export interface ServiceViews {
  readonly views: readonly ServiceView[];
  readonly byService: ViewFinder;
  /** The place in `views` of each service (of its last key): what `byService` looks up. */
  readonly indexOf: ViewIndex;
  /** The keys of each service the model has under more than one (rarely any). */
  readonly shared: ReadonlyMap<Service, readonly string[]>;
  /** Whether any service is of type "package" (most models have none, so nothing depends on one). */
  readonly hasPackages: boolean;
  /** Whether any service provides a container by a name typenix knows (most models have none). */
  readonly hasProviders: boolean;
  /** Whether any service's pkg is a constructor call (only those make processes of a name typenix knows). */
  readonly hasPkgCalls: boolean;
}

/** The place of each service of a model among its views. */
export type ViewIndex = ReadonlyMap<unknown, number>;

/** Finds the view of a service of the model: of its last key, for one under several. */
export interface ViewFinder {
  get(service: Service): ServiceView | undefined;
}

const NONE: readonly never[] = [];
/**
 * The dependencies of each kind a record does not have: one object, which
 * the checks tell by identity (no enumeration, no lookup of a Nix value).
 */
export const NO_REFS: ServiceRefs = {};

/** A record's set of services of one kind: its thunk called, the set itself, or none. */
const refsOf = (refs: ServiceRecord["dependsOn"]): ServiceRefs =>
  typeof refs === "function" ? refs() : (refs ?? NO_REFS);

/**
 * Views already made, by model: the services, deployment and reserved-name
 * checks all need them. Kept by the checks of one run (`checkModels`), not
 * by the model: nothing reads them after, and the views of 10,000 services
 * are 1.3 MB that would stay alive as long as the model does.
 */
export type ViewCache = Map<ServicesModel, ServiceViews>;

/** The services of a model, in declaration order, and by service; made once for each `cache`. */
export function serviceViews(model: ServicesModel, cache?: ViewCache): ServiceViews {
  let views = cache?.get(model);
  if (!views) {
    views = makeViews(model);
    cache?.set(model, views);
  }
  return views;
}

function makeViews(model: ServicesModel): ServiceViews {
  const services = model.services;
  // The map of services to keys lowering made: no second one of the views.
  const { keys, indexOf } = itemKeys(services);
  // Of its size, written by index: `push` would grow it, again and again, to 10,000 services.
  const views = new Array<ServiceView>(keys.length);
  const shared = new Map<Service, string[]>();
  let hasPackages = false;
  let hasProviders = false;
  let hasPkgCalls = false;
  /** The pkg of the service before, asked already. */
  let lastPkg: unknown;
  // With a place for each key, no service is under two: none to look up (most models).
  const anyShared = indexOf.size < keys.length;
  // Indexed: until the engine optimizes it, `for...of` allocates for each key.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const service = services[key] as Service;
    const view = makeView(i, key, service);
    views[i] = view;
    // A service under several keys is in the map at its last.
    if (anyShared && (indexOf.get(service) !== i || shared.has(service)))
      shared.set(service, [...(shared.get(service) ?? []), key]);
    if (view.type === "package") hasPackages = true;
    if (view.provides.length > 0) hasProviders = true;
    if (!hasPkgCalls) {
      const pkg = view.record?.pkg;
      // Most services share the pkg of the one before (`pkgs.hello`): not asked again.
      if (pkg !== lastPkg) {
        if (isConstructorCall(pkg)) hasPkgCalls = true;
        lastPkg = pkg;
      }
    }
  }
  const byService: ViewFinder = {
    get: (service) => {
      const index = indexOf.get(service);
      return index === undefined ? undefined : views[index];
    },
  };
  return { views, byService, indexOf, shared, hasPackages, hasProviders, hasPkgCalls };
}

/**
 * Finds the services of `views` by key, for keys asked mostly in the
 * model's order, as a distribution most often places them: each key is
 * looked for first after the last one found, and a map of all the keys is
 * made only for one that is elsewhere.
 */
export function keyFinder(views: readonly ServiceView[]): (key: string) => ServiceView | undefined {
  let next = 0;
  let byKey: Map<string, ServiceView> | undefined;
  return (key) => {
    const inOrder = views[next];
    if (inOrder !== undefined && inOrder.key === key) {
      next++;
      return inOrder;
    }
    if (byKey === undefined) {
      byKey = new Map();
      for (let i = 0; i < views.length; i++) {
        const v = views[i] as ServiceView;
        byKey.set(v.key, v);
      }
    }
    const found = byKey.get(key);
    if (found !== undefined) next = found.index + 1;
    return found;
  };
}

function makeView(index: number, key: string, service: Service): ServiceView {
  const spec = service.spec;
  const record = isConstructorCall(spec)
    ? serviceRecordOf(spec)
    : isNixValue(spec)
      ? undefined
      : spec;
  // A string is never a Nix value (one is an object).
  const type = typeof record?.type === "string" ? record.type : undefined;
  const long: unknown = record?.providesContainers;
  const short: unknown = record?.providesContainer;
  // Most services provide no container, and most have one kind of
  // dependencies or none: no call for what a record does not have.
  const provided =
    long === undefined && short === undefined ? PROVIDES_NOTHING : providedBy(long, short);
  const d = record?.dependsOn;
  const dependsOn = d === undefined ? NO_REFS : refsOf(d);
  const c = record?.connectsTo;
  const connectsTo = c === undefined ? NO_REFS : refsOf(c);
  const a = record?.activatesAfter;
  const activatesAfter = a === undefined ? NO_REFS : refsOf(a);
  // Written out, not spread: a spread runs slowly in code the engine has not optimized yet.
  return {
    index,
    key,
    service,
    record,
    opaque:
      record === undefined &&
      (isNixValue(spec) || (isConstructorCall(spec) && !isProcessCall(spec))),
    dependsOn,
    connectsTo,
    activatesAfter,
    provides: provided.provides,
    providesSymbolic: provided.providesSymbolic,
    providesBothForms: provided.providesBothForms,
    type,
  };
}

/** Whether a set of services names any (without making the array of its keys). */
export function hasRefs(refs: ServiceRefs): boolean {
  if (refs === NO_REFS) return false;
  for (const _ in refs) return true;
  return false;
}

/**
 * The record a service's constructor call makes; none for a call that
 * throws or that makes a managed process, which is no service (TN5052).
 */
function serviceRecordOf(call: ConstructorCall): ServiceRecord | undefined {
  const made = evaluatedCall(call);
  return isManagedProcess(made) ? undefined : (made as ServiceRecord | undefined);
}

/** Whether a service is a call of a process constructor, which makes no service record. */
function isProcessCall(spec: unknown): spec is ConstructorCall {
  return isConstructorCall(spec) && isManagedProcess(evaluatedCall(spec));
}

type Provided = Pick<ServiceView, "provides" | "providesSymbolic" | "providesBothForms">;

const PROVIDES_NOTHING: Provided = {
  provides: NONE,
  providesSymbolic: false,
  providesBothForms: false,
};

/** What a record provides by its `providesContainers` and `providesContainer`, one of them given. */
function providedBy(long: unknown, short: unknown): Provided {
  const providesBothForms = long !== undefined && short !== undefined;
  if (long !== undefined) {
    // A set only Nix knows (`nix.ref(...)`) may name any container.
    if (isNixValue(long) || typeof long !== "object" || long === null)
      return { provides: NONE, providesSymbolic: true, providesBothForms };
    const names = Object.keys(long);
    const provides = names.filter((name) => !hasSentinels(name));
    return { provides, providesSymbolic: provides.length < names.length, providesBothForms };
  }
  if (typeof short === "string" && !hasSentinels(short))
    return { provides: [short], providesSymbolic: false, providesBothForms };
  return { provides: NONE, providesSymbolic: true, providesBothForms };
}

/**
 * A port's number: a number, or a string of decimal digits (a type error,
 * but the service it configures reads `"5000"` as port 5000 all the same).
 */
export function portNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^[0-9]{1,5}$/.test(value) ? Number(value) : undefined;
}

/**
 * Whether a record's property is a port: `port`, and camelCase names
 * ending in `Port` (`httpPort`, `mysqlPort`), as Disnix's and
 * nix-processmgmt's examples name them. `report`, `support` or `export` are
 * no ports. `/^port$|[a-z0-9]Port$/.test(name)`, without a regular
 * expression: it is asked of every property of every service placed.
 */
export function isPortName(name: string): boolean {
  const n = name.length;
  if (n < 4) return false;
  if (n === 4) return name === "port";
  const before = name.charCodeAt(n - 5);
  return (
    name.charCodeAt(n - 4) === 80 && // P
    name.charCodeAt(n - 3) === 111 && // o
    name.charCodeAt(n - 2) === 114 && // r
    name.charCodeAt(n - 1) === 116 && // t
    ((before >= 97 && before <= 122) || (before >= 48 && before <= 57)) // a-z, 0-9
  );
}
