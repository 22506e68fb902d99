/**
 * The entries of a model that its builders did not make: a process
 * instance written as a constructor's call or as a plain object (as the
 * Nix model writes it), a target without `target(...)`, a service that is
 * `null`; and a standard model parameter given a value of another type
 * (`processManager: "sytemd"`), which Nix would fail on. The types refuse them, but synth runs specs without the type
 * checker, and a cast (`as never`) lets any through. Lowering and the
 * other checks read each entry as its builder makes it, so a model with
 * such an entry is reported here, at the entry, and neither lowered nor
 * checked further.
 */
import {
  hasSentinels,
  isBuiltModel,
  isConstructorCall,
  isConstructorWithOuter,
  isNixValue,
  isNoDefault,
  isProcessManager,
  MODEL_REF,
  PROCESS_MANAGERS,
  STANDARD_PARAMETER_TYPES,
  type DistributionModel,
  type ModelParameters,
  type StandardParameterType,
} from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt, type Located } from "../lower/context.js";
import { isPlainObject } from "../lower/data.js";
import type { Model } from "../synth/classify.js";
import { itemKeys } from "../lower/item-keys.js";

/** What `checkModelEntries` found. */
export interface ModelEntries {
  readonly diagnostics: readonly Diagnostic[];
  /** The models with an entry no builder made, and those made of one (a distribution of them). */
  readonly misshapen: ReadonlySet<Model["model"]>;
}

/** Reports each entry of `models` that is not what its builder makes. */
export function checkModelEntries(models: readonly Model[]): ModelEntries {
  const diagnostics: Diagnostic[] = [];
  const misshapen = new Set<Model["model"]>();
  // A model reached through two others (a services model of two distributions) is reported once.
  const seen = new Map<object, boolean>();
  const check = (model: object, entries: () => Diagnostic[]): boolean => {
    let bad = seen.get(model);
    if (bad === undefined) {
      const found = entries();
      diagnostics.push(...found);
      bad = found.length > 0;
      seen.set(model, bad);
    }
    return bad;
  };
  for (const m of models) {
    if (entriesAreMisshapen(m, check)) misshapen.add(m.model);
  }
  return { diagnostics, misshapen };
}

type Check = (model: object, entries: () => Diagnostic[]) => boolean;

function entriesAreMisshapen(m: Model, check: Check): boolean {
  switch (m.kind) {
    case "processes":
      return check(m.model, () => [
        ...misshapenIn(m.model.instances, m.model, "process instance", instanceProblem),
        ...misshapenParameters(m.model.parameters, m.model),
      ]);
    case "services":
      return check(m.model, () => [
        ...misshapenIn(m.model.services, m.model, "service", serviceProblem),
        ...misshapenParameters(m.model.options.parameters, m.model),
      ]);
    case "infrastructure":
      return check(m.model, () => misshapenIn(m.model.targets, m.model, "target", targetProblem));
    case "constructors":
      return check(m.model, () =>
        misshapenIn(m.model.constructors, m.model, "constructor", constructorProblem),
      );
    case "distribution":
      return distributionIsMisshapen(m.model, check);
    default:
      return false;
  }
}

/**
 * A distribution is lowered and checked with its services and
 * infrastructure models, which need not be files of the run: each is
 * checked here too.
 */
function distributionIsMisshapen(model: DistributionModel, check: Check): boolean {
  const services = model.services;
  const infrastructure = model.infrastructure;
  const badServices = check(services, () => [
    ...misshapenIn(services.services, services, "service", serviceProblem),
    ...misshapenParameters(services.options.parameters, services),
  ]);
  const badTargets = check(infrastructure, () =>
    misshapenIn(infrastructure.targets, infrastructure, "target", targetProblem),
  );
  return badServices || badTargets;
}

/** What is wrong with an entry, as a diagnostic's code, the end of its message and its hint. */
interface Problem {
  readonly code: string;
  readonly what: string;
  readonly hint: string;
}

/**
 * The diagnostics of the entries of `entries` that `problem` finds wrong,
 * at the call that made `model` (its site read only then: finding a call
 * site costs).
 */
function misshapenIn(
  entries: unknown,
  model: Located,
  noun: string,
  problem: (entry: unknown) => Problem | undefined,
): Diagnostic[] {
  if (typeof entries !== "object" || entries === null)
    return [
      errorAt(
        model.site,
        "TN2001",
        `the ${noun}s are ${described(entries)}, not a set of them by name`,
        `give the builder an object of ${noun}s by name`,
      ),
    ];
  const found: Diagnostic[] = [];
  const record = entries as Readonly<Record<string, unknown>>;
  // The keys lowering and the other checks read too: made once.
  const { keys: names } = itemKeys(record);
  // Indexed: until the engine optimizes it, `for...of` allocates for each key.
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const wrong = problem(record[name]);
    if (wrong === undefined) continue;
    // Located at the model's call, at the entry the call's source writes (see `valuePath`).
    const diagnostic = errorAt(
      model.site,
      wrong.code,
      `${noun} '${name}' ${wrong.what}`,
      wrong.hint,
    );
    found.push({ ...diagnostic, valuePath: [name] });
  }
  return found;
}

/**
 * The diagnostics of the standard parameters of a processes or services
 * model given a value of another type than nix-processmgmt and Disnix read
 * (`StandardModelParameters`), at the value the call's source writes.
 */
function misshapenParameters(
  parameters: ModelParameters | undefined,
  model: Located,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const name of Object.keys(parameters ?? {})) {
    if (!Object.hasOwn(STANDARD_PARAMETER_TYPES, name)) continue;
    const type = STANDARD_PARAMETER_TYPES[name as keyof typeof STANDARD_PARAMETER_TYPES];
    const value: unknown = parameters?.[name];
    // Left to lowering, which reports an undefined value as having no Nix form.
    if (value === undefined || isNoDefault(value) || isNixValue(value) || fits(type, value))
      continue;
    const diagnostic = errorAt(
      model.site,
      "TN2001",
      `parameter '${name}' is ${shown(value)}, ${PARAMETER_TYPES[type].is}`,
      `give ${PARAMETER_TYPES[type].give} (or a Nix value, or noDefault for none)`,
    );
    found.push({ ...diagnostic, valuePath: ["parameters", name] });
  }
  return found;
}

/** Whether `value` is of `type`; a string holding a symbolic value is what Nix makes of it. */
function fits(type: StandardParameterType, value: unknown): boolean {
  if (typeof value === "string" && hasSentinels(value)) return type !== "boolean";
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "string or null":
      return typeof value === "string" || value === null;
    case "process manager":
      return isProcessManager(value) || value === null;
  }
}

/** How a message says what a value should have been, and the hint what to give. */
const PARAMETER_TYPES: Readonly<
  Record<StandardParameterType, { readonly is: string; readonly give: string }>
> = {
  string: { is: "not a string", give: "a string" },
  boolean: { is: "not a boolean", give: "true or false" },
  "string or null": { is: "neither a string nor null", give: "a string or null" },
  "process manager": {
    is: "which is no process manager nix-processmgmt has",
    give: `one of ${PROCESS_MANAGERS.map((m) => JSON.stringify(m)).join(", ")}, or null`,
  },
};

/** A value as a message shows it: a string quoted, a number as written, else in a few words. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return described(value);
}

/** Whether `value` is what the builder of that `kind` made, with its set of properties. */
function isBuilt(value: unknown, kind: string): boolean {
  if (!isItemOf(value, kind)) return false;
  const spec = (value as { readonly spec?: unknown }).spec;
  return typeof spec === "object" && spec !== null;
}

function instanceProblem(entry: unknown): Problem | undefined {
  if (isBuilt(entry, "processInstance")) return undefined;
  if (isConstructorCall(entry))
    return {
      code: "TN5052",
      what: `is a call of constructor '${entry.key}', which makes what a process instance runs, not the instance`,
      hint: `make the call the pkg of a processInstance(...): processInstance({ pkg: ${entry.key}({ ... }) }), with the instance's port and other properties beside pkg`,
    };
  if (isItemOf(entry, "processInstance")) return noSpec(entry, "processInstance({ pkg: ... })");
  return {
    code: "TN2001",
    what: `is ${described(entry)}, not a processInstance(...)`,
    hint: isRecord(entry)
      ? "wrap the set in processInstance(...): processInstance({ pkg: constructors.x({ ... }), port: ... })"
      : "declare the instance with processInstance({ pkg: constructors.x({ ... }) })",
  };
}

/**
 * A service is a `service(...)`, or a record, a constructor call or a Nix
 * value that `services` made one of: only what is no object is wrong.
 */
function serviceProblem(entry: unknown): Problem | undefined {
  const spec: unknown = isItemOf(entry, "service")
    ? (entry as { readonly spec: unknown }).spec
    : entry;
  if (isRecord(spec) || isConstructorCall(spec) || isNixValue(spec)) return undefined;
  return {
    code: "TN2001",
    what: `is ${described(spec)}, not a service`,
    hint: "declare the service with service({ pkg: ..., type: ... }), or give its record, a constructor call making one, or a Nix value",
  };
}

/** Whether `value` is what the builder of that `kind` made, whatever its spec (`service(null)`). */
function isItemOf(value: unknown, kind: string): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    MODEL_REF in value &&
    (value as { readonly kind?: unknown }).kind === kind
  );
}

/** A builder's item given no set of properties (`target(null)`). */
function noSpec(item: unknown, example: string): Problem {
  const spec = (item as { readonly spec?: unknown }).spec;
  const kind = (item as { readonly kind: string }).kind;
  return {
    code: "TN2001",
    what: `is ${kind}(...) of ${described(spec)}, not of a set of its properties`,
    hint: `give ${kind} the set of its properties: ${example}`,
  };
}

/** A target is a `target(...)`, or a Nix value giving a target's set. */
function targetProblem(entry: unknown): Problem | undefined {
  if (isBuilt(entry, "target") || isNixValue(entry)) return undefined;
  if (isItemOf(entry, "target")) return noSpec(entry, "target({ properties: { hostname: ... } })");
  return {
    code: "TN2001",
    what: `is ${described(entry)}, not a target(...)`,
    hint: isRecord(entry)
      ? "wrap the set in target(...): target({ properties: { hostname: ... } })"
      : "declare the target with target({ properties: { hostname: ... } }), or give its Nix as a Nix value",
  };
}

/** A constructor is what `defineConstructor` made: a look-alike has none of its parts. */
function constructorProblem(given: unknown): Problem | undefined {
  // An entry given its outer values is checked as its constructor.
  const entry = isConstructorWithOuter(given) ? given.constructor : given;
  if (isBuiltModel(entry) && (entry as { readonly kind?: unknown }).kind === "constructor")
    return undefined;
  return {
    code: "TN2001",
    what: `is ${described(entry)}, not a defineConstructor(...)`,
    hint: "give each key what defineConstructor({ name, params, build }) returns (imported from its spec file)",
  };
}

/** A plain object, as a record or a target's set is written. */
function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !isNixValue(value) && isPlainObject(value);
}

/** The builders whose name is not the kind of what they make. */
const BUILDERS: Readonly<Record<string, string>> = {
  managedProcess: "createManagedProcess",
  constructor: "defineConstructor",
};

/** What a value is, in a few words: `null`, `a string`, `a plain object`. */
function described(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (isNixValue(value)) return "a Nix value";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a plain object";
  if (typeof value !== "object") return `a ${typeof value}`;
  // JavaScript's own objects by their tag: `a Map`.
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== "Object") return `a ${tag}`;
  // What another builder made: `a service(...)` given as a process instance.
  const kind = (value as { readonly kind?: unknown }).kind;
  if (typeof kind !== "string") return "an object";
  return `a ${BUILDERS[kind] ?? kind}(...)`;
}
