/**
 * Properties that look like reserved ones but are not: Disnix and
 * nix-processmgmt read a misspelt `dependsOn`, `system` or
 * `requiresUniqueIdsFor` as an ordinary property, so the deployment loses
 * what it says (an activation order, a system type, unique ids) without a
 * word. The types cannot tell them apart from the free-form properties the
 * same records take.
 */
import {
  isModelRef,
  isNixValue,
  type CallSite,
  type InfrastructureModel,
  type ProcessesModel,
  type ServicesModel,
} from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt, warningAt } from "../lower/context.js";
import type { Model } from "../synth/classify.js";
import { nearReservedName } from "./near-names.js";
import { serviceViews, type ServiceView, type ViewCache } from "./service-view.js";

/** The attributes under which Disnix reads services (`normalizeAllInterDependencies`). */
const DEPENDENCY_KEYS = ["dependsOn", "connectsTo", "activatesAfter"] as const;

/**
 * A service's reserved attributes (`reservedServiceAttrNames` in Disnix's
 * `nix/normalize-services.nix`, but `targets`, which TN5031 reports), and
 * `requiresUniqueIdsFor`, which `nixproc-id-assign` reads of services models.
 */
const SERVICE_RESERVED: readonly string[] = [
  "name",
  "pkg",
  "type",
  "deployState",
  ...DEPENDENCY_KEYS,
  "providesContainer",
  "providesContainers",
  "requiresUniqueIdsFor",
];

/** A reserved name itself, where `checkServiceNames` keeps what each name is a slip of. */
const RESERVED: unique symbol = Symbol("reserved");

/** A target's attributes that Disnix reads (`nix/normalize-infrastructure.nix`). */
const TARGET_RESERVED: readonly string[] = [
  "properties",
  "containers",
  "system",
  "numOfCores",
  "targetProperty",
  "clientInterface",
];

/** A process instance's attributes that nix-processmgmt reads. */
const PROCESS_RESERVED: readonly string[] = ["pkg", "requiresUniqueIdsFor"];

/** Reports properties of services, targets and process instances that slip from reserved ones. */
export function checkReservedNames(models: readonly Model[], cache?: ViewCache): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const m of models) {
    if (m.kind === "services") checkServiceNames(m.model, diagnostics, cache);
    else if (m.kind === "infrastructure") checkTargetNames(m.model, diagnostics);
    else if (m.kind === "processes") checkProcessNames(m.model, diagnostics);
  }
  return diagnostics;
}

function checkServiceNames(
  model: ServicesModel,
  diagnostics: Diagnostic[],
  cache: ViewCache | undefined,
): void {
  const { views } = serviceViews(model, cache);
  // What each property name is, asked once for each: the services repeat the same few.
  const known = new Map<string, string | null | typeof RESERVED>();
  // Indexed, and `for...in`: until the engine optimizes them, `for...of`
  // and `Object.keys` allocate for each step, for every service.
  for (let i = 0; i < views.length; i++) {
    const v = views[i] as ServiceView;
    const record = v.record;
    if (record === undefined) continue;
    for (const property in record) {
      let slip = known.get(property);
      if (slip === undefined) {
        slip = SERVICE_RESERVED.includes(property)
          ? RESERVED
          : (nearReservedName(property, SERVICE_RESERVED) ?? null);
        known.set(property, slip);
      }
      // What the name is first: a reserved one (most of a record's) needs
      // no asking whether the record has it of its own.
      if (slip === RESERVED || !Object.hasOwn(record, property)) continue;
      const near = slip ?? undefined;
      const value = record[property];
      // Most properties hold a string or a number, which is neither a service
      // nor holds any: no call for them.
      if (typeof value === "object" && value !== null && holdsServices(value))
        diagnostics.push(servicesElsewhere(v.key, property, near, v.service.site));
      else if (near !== undefined)
        diagnostics.push(
          warningAt(
            v.service.site,
            "TN5051",
            `'${v.key}' has a property '${property}', which Disnix reads as an ordinary property, not as its reserved '${near}'`,
            renameHint(near),
          ),
        );
    }
  }
}

/** TN5050: services under a key Disnix does not read them under. */
function servicesElsewhere(
  key: string,
  property: string,
  near: string | undefined,
  site: CallSite | undefined,
): Diagnostic {
  const dependencyKey =
    near === undefined ? undefined : nearReservedName(property, DEPENDENCY_KEYS);
  return errorAt(
    site,
    "TN5050",
    `'${key}' holds services under '${property}', which Disnix reads as an ordinary property: it orders and passes services only under dependsOn, connectsTo and activatesAfter`,
    dependencyKey === undefined
      ? "put them under dependsOn (activated first, their properties passed to pkg), connectsTo (passed, not ordered) or activatesAfter (activated first, nothing passed)"
      : `rename it '${dependencyKey}'`,
  );
}

/**
 * Whether a property's value is a service, or a set or list of services:
 * what only the dependency attributes make anything of. (A thunk,
 * `() => ({ db })`, under any other key is already an error: Nix has no
 * literal for it.)
 */
function holdsServices(value: object): boolean {
  if (isService(value)) return true;
  // A Nix value's attributes are Nix's: reading them here would throw (TN3045).
  if (isNixValue(value) || isModelRef(value)) return false;
  const values = Array.isArray(value) ? (value as readonly unknown[]) : Object.values(value);
  return values.length > 0 && values.every(isService);
}

function isService(value: unknown): boolean {
  return isModelRef(value) && (value as { kind?: unknown }).kind === "service";
}

function checkTargetNames(model: InfrastructureModel, diagnostics: Diagnostic[]): void {
  for (const [name, target] of Object.entries(model.targets)) {
    // A target written as Nix (`nix.raw(...)`) has no attributes to read here.
    if (!isModelRef(target) || (target as { kind?: unknown }).kind !== "target") continue;
    const { spec, site } = target as Extract<typeof target, { kind: "target" }>;
    for (const attribute of Object.keys(spec)) {
      const near = nearReservedName(attribute, TARGET_RESERVED);
      if (near === undefined) continue;
      diagnostics.push(
        warningAt(
          site,
          "TN5051",
          `target '${name}' has an attribute '${attribute}', which Disnix reads as an ordinary attribute, not as its reserved '${near}'`,
          renameHint(near),
        ),
      );
    }
  }
}

function checkProcessNames(model: ProcessesModel, diagnostics: Diagnostic[]): void {
  for (const [name, instance] of Object.entries(model.instances)) {
    // An instance Nix computes has the properties only Nix knows.
    if (isNixValue(instance.spec)) continue;
    for (const property of Object.keys(instance.spec)) {
      const near = nearReservedName(property, PROCESS_RESERVED);
      if (near === undefined) continue;
      diagnostics.push(
        warningAt(
          instance.site,
          "TN5051",
          `process instance '${name}' has a property '${property}', which nix-processmgmt reads as an ordinary property, not as its reserved '${near}'`,
          renameHint(near),
        ),
      );
    }
  }
}

function renameHint(reserved: string): string {
  return `rename it '${reserved}' if that is what it means; otherwise give it a name further from the reserved one`;
}
