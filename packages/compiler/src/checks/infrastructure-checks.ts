/**
 * Checks of a Disnix infrastructure model: how Disnix tells its targets
 * apart. Disnix maps the value of each target's `targetProperty` back to the
 * target (`generateTargetAliases` in `nix/normalize-infrastructure.nix`),
 * so that value must exist and be unique across targets.
 */
import {
  hasSentinels,
  isNixValue,
  type InfrastructureModel,
  type NixValue,
  type Target,
} from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt, warningAt } from "../lower/context.js";
import { isStorePathName, MAX_STORE_PATH_NAME } from "../specs/spec-directories.js";

/** The property Disnix identifies a target by when the target names none. */
const DEFAULT_TARGET_PROPERTY = "hostname";

/** A target's identifying property and the value it has, as far as TypeScript knows them. */
interface Identity {
  readonly property: string;
  /** Absent when the target has no such property. */
  readonly value: unknown;
}

/** Checks each target's identifying property: present, and unique across targets. */
export function checkInfrastructure(model: InfrastructureModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // The first target seen with each identifying value.
  const byValue = new Map<string, { readonly name: string; readonly property: string }>();
  const targets: Readonly<Record<string, Target | NixValue>> = model.targets;
  const names = Object.keys(targets);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const target = targets[name];
    if (target === undefined) continue;
    checkStoreName(model, name, target, diagnostics);
    // A target written as a Nix value is Nix's to check.
    if (isNixValue(target)) continue;
    const identity = identityOf(target);
    if (identity === undefined) continue;
    const { property, value } = identity;
    if (value === undefined) {
      checkPropertyPresent(name, target, property, diagnostics);
      continue;
    }
    // Only a plain string can be compared here; Nix decides about the rest.
    if (typeof value !== "string" || hasSentinels(value)) continue;
    const first = byValue.get(value);
    if (first === undefined) byValue.set(value, { name, property });
    else diagnostics.push(duplicateIdentity(name, target, property, value, first));
  }
  return diagnostics;
}

/**
 * Whether every Nix takes `name` as the name of a store path: one Nix 2.8
 * takes (`isStorePathName`), not starting with `.` (which other Nix
 * versions refuse).
 */
function isStoreName(name: string): boolean {
  return isStorePathName(name) && !name.startsWith(".");
}

/**
 * Disnix builds each target's profile as a derivation named after the
 * target (`generateProfiles` in `nix/generate-profiles.nix`, for every
 * target of the infrastructure), so its name must be a store path name.
 */
function checkStoreName(
  model: InfrastructureModel,
  name: string,
  target: Target | NixValue,
  diagnostics: Diagnostic[],
): void {
  if (isStoreName(name)) return;
  diagnostics.push(
    errorAt(
      isNixValue(target) ? model.site : target.site,
      "TN5032",
      `target name ${JSON.stringify(name)} is not a valid Nix store path name, and Disnix names the target's profile after it`,
      `use letters, digits and + - . _ ? = (not starting with '.', at most ${MAX_STORE_PATH_NAME} characters); otherwise Nix fails with "store path ... contains illegal character"`,
    ),
  );
}

/**
 * The property a target is identified by and its value, or undefined when
 * Nix alone can tell: the properties or the property's name are symbolic.
 */
function identityOf(target: Target): Identity | undefined {
  const { properties, targetProperty } = target.spec;
  if (typeof properties !== "object" || properties === null || isNixValue(properties))
    return undefined;
  if (targetProperty !== undefined && !isKnownString(targetProperty)) return undefined;
  const property = targetProperty ?? DEFAULT_TARGET_PROPERTY;
  // Own properties only: `constructor` is no property of the target.
  const value = Object.hasOwn(properties, property)
    ? (properties as Readonly<Record<string, unknown>>)[property]
    : undefined;
  return { property, value };
}

function isKnownString(value: unknown): value is string {
  return typeof value === "string" && !hasSentinels(value);
}

/**
 * Reports a target without the property its `targetProperty` names. One
 * that names none and has no hostname is a warning (TN5016): disnix-env's
 * `--target-property` may choose another property for all targets, but by
 * default Disnix reads the hostname of every target, whatever is placed
 * on it (`generateTargetAliases` in `nix/normalize-infrastructure.nix`).
 */
function checkPropertyPresent(
  name: string,
  target: Target,
  property: string,
  diagnostics: Diagnostic[],
): void {
  const has = Object.keys(target.spec.properties);
  // A property whose name is symbolic may be the one.
  if (has.some(hasSentinels)) return;
  const properties =
    has.length === 0 ? "it has no properties" : `its properties are: ${has.join(", ")}`;
  if (target.spec.targetProperty === undefined) {
    diagnostics.push(
      warningAt(
        target.site,
        "TN5016",
        `target '${name}' has no property '${property}', by which Disnix connects to a target naming no targetProperty`,
        `${properties}; add ${property}, or name the property to connect by in targetProperty; otherwise Disnix fails with "attribute '${property}' missing" for every deployment on this infrastructure, unless disnix-env's --target-property names one each target has`,
      ),
    );
    return;
  }
  diagnostics.push(
    errorAt(
      target.site,
      "TN5021",
      `target '${name}' has targetProperty '${property}', but no property '${property}'`,
      `${properties}; Disnix connects to the target by properties.${property}, so add it or name another in targetProperty`,
    ),
  );
}

function duplicateIdentity(
  name: string,
  target: Target,
  property: string,
  value: string,
  first: { readonly name: string; readonly property: string },
): Diagnostic {
  const message =
    property === first.property
      ? `targets '${name}' and '${first.name}' both have ${property} '${value}'`
      : `target '${name}' has ${property} '${value}', the ${first.property} of target '${first.name}'`;
  return errorAt(
    target.site,
    "TN5020",
    message,
    "Disnix finds a target by the value of its targetProperty (hostname unless it names another), so the two cannot be told apart and services of one would be deployed to the other: give each target its own",
  );
}
