/**
 * Constructors models (`constructors.nix`) and processes models
 * (`processes.nix`): which constructors exist, and which process instances
 * to deploy with which parameters.
 */
import { callSite, siteTrace, traced, withFields } from "../symbolic/call-site.js";
import { MODEL_REF, type CallSite, type NixData } from "../symbolic/term.js";
import type { NixValue, NixValueBase } from "../symbolic/value.js";
import { SpecError } from "../spec-error.js";
import { builtModel } from "../built-model.js";
import type { ModelParameters } from "../parameters.js";
import type {
  Constructor,
  ConstructorCall,
  ParamsSchema,
  ConstructorResult,
  InterDepsArgument,
  InterDepsArguments,
} from "./constructor.js";
import type { ManagedProcess } from "./managed-process.js";
import { isApplied, isConstructor } from "./constructor.js";
import { isConstructorWithOuter, type ConstructorWithOuter } from "./outer-values.js";
import { madeThrough } from "./call-models.js";
import { setOwn } from "../own-property.js";
import type { z } from "zod";
import {
  isProcessManager,
  PROCESS_MANAGERS,
  type ProcessManager,
} from "../disnix/dysnomia-types.js";

/** Options of a constructors model. */
export interface ConstructorsOptions {
  /**
   * Where nix-processmgmt is: the name of a search path entry, or a folder.
   * A relative folder (`../nix-processmgmt`, starting with `.`) is relative
   * to the spec file that calls `constructors`, as `nix.path`'s are: synth
   * rewrites it for the generated file; an absolute or home (`~/...`) one
   * is kept. Defaults to `<nix-processmgmt>` (so `-I nix-processmgmt=...`
   * or `NIX_PATH` picks it). A final `/` is dropped; a folder or name with
   * characters a Nix path cannot hold (a space) is still read as written.
   * `processType(processManager)` in a services model using these
   * constructors reads nix-processmgmt from here too. Empty is an error (TN3025).
   *
   * @example { nixProcessmgmt: "../../nix-processmgmt" }
   */
  readonly nixProcessmgmt?: string;
}

/** What the compiler reads of a constructors model. */
export interface ConstructorsModelInfo {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "constructors";
  /**
   * The entries, by the key they are called under: a constructor, or one
   * given its outer values (see `entryConstructor`).
   */
  readonly constructors: Readonly<Record<string, ConstructorsEntry>>;
  /**
   * The values of the outer parameters of the constructors given them with
   * `withOuter`, by key (see `ConstructorSpec.outer`).
   */
  readonly outer?: Readonly<Record<string, ConstructorWithOuter>>;
  /** Where nix-processmgmt is found. */
  readonly options: ConstructorsOptions;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/** An entry of a constructors model: a constructor, or one given its outer values (`withOuter`). */
export type ConstructorsEntry = Constructor | ConstructorWithOuter;

/** The constructor of each entry of `C` (see `ConstructorsEntry`). */
export type EntryConstructors<C extends Record<string, ConstructorsEntry>> = {
  readonly [K in keyof C]: C[K] extends ConstructorWithOuter<infer X> ? X : C[K];
};

/** The constructor of a constructors model's entry, given its outer values or not. */
export function entryConstructor(entry: ConstructorsEntry): Constructor {
  return isConstructorWithOuter(entry) ? entry.constructor : entry;
}

/**
 * Each constructor of `C` as a function of its arguments (and, where it
 * takes them, its inter-dependencies) giving its call; a process file
 * (`defineProcess`) as its call already made, as Nix's
 * `constructors.nix-daemon` is the process.
 */
export type CallableConstructors<C extends Record<string, ConstructorsEntry>> = {
  readonly [K in keyof C]: EntryConstructors<C>[K] extends {
    readonly applied: true;
    (args: never): infer P;
  }
    ? P
    : EntryConstructors<C>[K] extends Constructor<
          infer S extends ParamsSchema,
          infer R extends ConstructorResult,
          infer I extends boolean
        >
      ? (
          args: z.input<S>,
          ...interDeps: Partial<InterDepsArguments<I, InterDepsArgument>>
        ) => ConstructorCall<R>
      : never;
};

/** A constructors model: each constructor callable by its key, plus what the compiler needs. */
export type ConstructorsModel<C extends Record<string, ConstructorsEntry>> =
  CallableConstructors<C> & {
    /** Which builder made this; the compiler dispatches on it. */
    readonly kind: "constructors";
    /**
     * The entries, by the key they are called under, as given: an entry
     * given with `withOuter` keeps its outer values. `model.constructors.x`
     * is a value for another model's outer parameter, which is then this
     * model's entry, as Nix's `constructors.x` is.
     */
    readonly constructors: Readonly<C>;
    /** The outer values of the entries given with `withOuter`, by key. */
    readonly outer: Readonly<Record<string, ConstructorWithOuter>>;
    /**
     * The same constructors instantiated for another process manager, e.g.
     * processes deployed into a supervisord container provider:
     * `constructors.forProcessManager("supervisord").webapp({ port: 5000 })`.
     */
    readonly forProcessManager: (processManager: ProcessManager) => CallableConstructors<C>;
    /** Where nix-processmgmt is found. */
    readonly options: ConstructorsOptions;
    /** Where in the spec file the builder was called (for diagnostics). */
    readonly site: CallSite | undefined;
  };

/**
 * The constructors of a deployment, as in nix-processmgmt's
 * `constructors.nix`: `constructors({ webapp, nginxReverseProxy })`.
 * Calling `model.webapp({ port: 5000 })` lowers to `constructors.webapp { port = 5000; }`.
 * A constructor with outer parameters of its own is listed with their
 * values: `constructors({ simpleMongodb: withOuter(ctor, { ... }) })`.
 */
export function constructors<C extends Record<string, ConstructorsEntry>>(
  entries: C,
  options: ConstructorsOptions = {},
): ConstructorsModel<C> {
  const site = callSite();
  const ctors: Record<string, Constructor> = {};
  const outer: Record<string, ConstructorWithOuter> = {};
  for (const [key, entry] of Object.entries(entries)) {
    setOwn(ctors, key, entryConstructor(entry));
    if (isConstructorWithOuter(entry)) setOwn(outer, key, entry);
  }
  const taken = Object.keys(ctors).find((key) => MODEL_FIELDS.has(key));
  if (taken !== undefined) {
    throw new SpecError(
      `a constructors model cannot call a constructor '${taken}': the model's own '${taken}' has that name`,
      site,
      `give the constructor another key: constructors({ ${taken}Process: ... })`,
      "TN3017",
    );
  }
  const callersFor = (processManager?: ProcessManager): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(ctors).map(([key, ctor]) => {
        // The call keeps the trace the constructor took: its site is the
        // caller's line (this function is the DSL's, so it is skipped).
        const call = (args: Record<string, NixData>, interDeps?: Record<string, NixData>) =>
          madeThrough(
            withFields(ctor(args as never, interDeps), {
              key,
              ...(processManager === undefined ? {} : { processManager }),
            }),
            model,
          );
        // A process file is given called: its file takes no parameters.
        // (An entry that is no constructor is reported by the compiler, TN2001.)
        return [key, isConstructor(ctor) && isApplied(ctor) ? call({}) : call];
      }),
    );
  const model: ConstructorsModelInfo = builtModel({
    kind: "constructors",
    constructors: { ...entries },
    outer,
    options,
    site,
    forProcessManager: (processManager: ProcessManager) =>
      callersFor(knownProcessManager(processManager)),
  }) as unknown as ConstructorsModelInfo;
  // After the model exists: a process file's call is made here already.
  Object.assign(model, callersFor());
  return model as unknown as ConstructorsModel<C>;
}

/**
 * `processManager`, if nix-processmgmt has it; TN2001 at the
 * `forProcessManager` call if not (the types refuse it, but synth does
 * not type-check).
 */
function knownProcessManager(processManager: unknown): ProcessManager {
  if (isProcessManager(processManager)) return processManager;
  const given =
    typeof processManager === "string"
      ? JSON.stringify(processManager)
      : "a value that is no string";
  throw new SpecError(
    `forProcessManager was given ${given}, which is no process manager nix-processmgmt has`,
    callSite(),
    `give one of ${PROCESS_MANAGERS.map((m) => JSON.stringify(m)).join(", ")}`,
  );
}

/** The names a constructors model holds besides its constructors (see `ConstructorsModel`). */
const MODEL_FIELDS: ReadonlySet<string> = new Set([
  "kind",
  "constructors",
  "outer",
  "options",
  "site",
  "forProcessManager",
]);

/** A process instance of a processes model. */
export interface ProcessInstanceSpec {
  /**
   * The process configuration: a process constructor's call, e.g.
   * `constructors.webapp({ port: 5000 })`, or a Nix expression building it
   * (a constructor of another constructors model, as `typenix import` keeps
   * them). A call of a constructor making a Disnix service record has no
   * process to run here (TN5054); a whole instance Nix computes is
   * `processInstance(nix.call(...))`.
   */
  readonly pkg: ConstructorCall<ManagedProcess> | NixValue;
  /**
   * TCP port of the instance; checked for clashes between instances when
   * it is a number (or, against the type, a string of digits, which the
   * process reads as that port; a symbolic port, such as one from `ids`, is
   * left to `nixproc-id-assign`).
   */
  readonly port?: number | NixValue;
  /** DNS name under which the instance is reached (used by reverse proxies). */
  readonly dnsName?: string | NixValue;
  /** Resources for which `nixproc-id-assign` assigns unique ids, e.g. `["webappPorts", "uids", "gids"]`. */
  readonly requiresUniqueIdsFor?: readonly string[] | NixValue;
  /** Other properties, visible to other instances that reference this one. */
  readonly [property: string]: NixData | ConstructorCall | NixValue;
}

/** A process instance: referenced by other instances as a value (`webapps: [webapp]`). */
export interface ProcessInstance {
  readonly [MODEL_REF]: true;
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "processInstance";
  /**
   * What the spec declared, as written: the instance's properties, or a
   * Nix expression that evaluates to them (see `processInstance`).
   */
  readonly spec: ProcessInstanceSpec | NixValue;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/**
 * Declares a process instance with its properties and its `pkg`, or as a
 * Nix expression that evaluates to them, as a container provider's
 * constructor in nix-processmgmt-services returns a whole instance
 * (`processInstance(nix.call(containerProviderConstructors.mysql, {
 * properties: { ... } }))`): other instances still read it by name, but
 * typenix checks none of its properties (its port, its process's name).
 */
export function processInstance(spec: ProcessInstanceSpec | NixValueBase): ProcessInstance {
  // A Nix expression is taken as its base type, as `service` takes it: the
  // index signature of `NixValue` would make TypeScript report a mistake in
  // a set of properties against it.
  const fields = {
    [MODEL_REF]: true as const,
    kind: "processInstance" as const,
    spec: spec as ProcessInstance["spec"],
  };
  return traced(fields, siteTrace(processInstance));
}

/** A processes model: the process instances to deploy, by name. */
export interface ProcessesModel<K extends string = string> {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "processes";
  /** The process instances, by name. */
  readonly instances: { readonly [N in K]: ProcessInstance };
  /** The constructors model the instances' constructors come from. */
  readonly constructors: ConstructorsModelInfo | undefined;
  /** Parameters of the generated function with other defaults, or extra ones (see `ProcessesOptions`). */
  readonly parameters?: ModelParameters;
  /** Instances computed in Nix, merged with the declared ones (see `ProcessesOptions.computed`). */
  readonly computed?: NixValue;
  /** Whether the computed part stands before the declared instances (see `ProcessesOptions.computedFirst`). */
  readonly computedFirst?: boolean;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/** Options of a processes model. */
export interface ProcessesOptions {
  /** The constructors model the instances' constructors come from. */
  readonly constructors?: ConstructorsModelInfo;
  /**
   * Defaults for the generated function's parameters, replacing the
   * upstream ones (`{ stateDir: "/home/alice/var", processManager:
   * "supervisord" }`), and extra parameters with their defaults. A
   * parameter given `noDefault` has none: the caller must pass it.
   */
  readonly parameters?: ModelParameters;
  /**
   * Instances computed in Nix, merged with the declared ones: the model is
   * generated as `rec { ... } // computed`, as nix-processmgmt-services'
   * hydra example includes an instance on request
   * (`nix.call(pkgs.lib!.optionalAttrs, includeNixDaemon, { "nix-daemon":
   * nixDaemon })`, with `includeNixDaemon` a parameter and `nixDaemon` a
   * `nix.local`). It is a Nix value giving a set of instances; it may read
   * the model's parameters and its `nix.local` values, but not the
   * declared instances by reference: they are attributes of the `rec` set,
   * not in scope beside it (TN3061). Which instances it makes only Nix
   * knows: the whole-model checks read none of them.
   */
  readonly computed?: NixValue;
  /**
   * Writes the computed part before the declared instances, `computed //
   * rec { ... }`, as a model merging them so reads: `//` keeps the right
   * one of a name both have, so there the declared instance wins. Without
   * it the computed one does.
   */
  readonly computedFirst?: boolean;
}

/**
 * A processes model (`processes.nix`), deployed with `nixproc-*-switch` or
 * built per process manager with `nixproc-build`:
 * `processes({ webapp, nginx }, { constructors })`.
 */
export function processes<K extends string>(
  instances: { readonly [N in K]: ProcessInstance },
  options: ProcessesOptions = {},
): ProcessesModel<K> {
  return builtModel({
    kind: "processes" as const,
    instances,
    constructors: options.constructors,
    ...(options.parameters === undefined ? {} : { parameters: options.parameters }),
    ...(options.computed === undefined ? {} : { computed: options.computed }),
    ...(options.computedFirst === undefined ? {} : { computedFirst: options.computedFirst }),
    site: callSite(),
  });
}
