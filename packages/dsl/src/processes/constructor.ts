/**
 * Constructors: Nix functions that build a process (or a whole service) from
 * parameters, like nix-processmgmt's `{createManagedProcess, tmpDir}:
 * {port, instanceSuffix ? ""}: createManagedProcess { ... }`.
 *
 * The parameters are declared with a zod schema: it gives the TypeScript
 * type of a call, the Nix formals and their defaults, and the validation of
 * concrete calls. The body runs once with symbolic parameters to produce the
 * Nix function, and again with concrete arguments for JSON specs and checks.
 */
import type { z } from "zod";
import { callSite, siteTrace, SiteTrace, traced } from "../symbolic/call-site.js";
import type { CallSite, NixData } from "../symbolic/term.js";
import {
  hasSentinels,
  isModelRef,
  isNixValue,
  isOfKind,
  type NixValue,
  type NixValueBase,
} from "../symbolic/value.js";
import { headerParameter, parameter } from "../symbolic/types.js";
import { SpecError } from "../spec-error.js";
import { builtModel, isBuiltModel } from "../built-model.js";
import type { ManagedProcess } from "./managed-process.js";
import type { ServiceRecord } from "../disnix/service.js";
import { schemaDef } from "./schema-def.js";

/** The parameter schema of a constructor: a zod object. */
export type ParamsSchema = z.ZodObject<z.ZodRawShape>;

/** What a constructor finally makes: a managed process, or a Disnix service record. */
export type ConstructorResult = ManagedProcess | ServiceRecord;

/**
 * What a constructor's `build` may return: what the constructor makes
 * (`R`), or a call of another constructor that makes it, as
 * nix-processmgmt's constructors built on others do (`import ./default.nix
 * { ... } { ... }`): the constructor then makes what that call makes.
 */
export type BuildResult<R extends ConstructorResult> = R | ConstructorCall<R>;

/**
 * The defaults of a constructor's parameters computed from the others: for
 * each parameter, a function of all the parameters returning a value the
 * parameter accepts as an argument.
 */
export type ComputedDefaults<S extends ParamsSchema> = {
  readonly [K in keyof z.input<S>]?: (params: z.output<S>) => DefaultValue<S, K>;
};

/**
 * What a `defaults` entry of the parameter `P` returns: a value the
 * parameter accepts as an argument, or a value only Nix knows, such as a
 * choice made in Nix (`nix.if(tls, "webtls", "web")`), which Nix computes
 * as the default.
 */
export type DefaultValue<S extends ParamsSchema, P extends keyof z.input<S>> =
  Exclude<z.input<S>[P], undefined> | NixValueBase;

/**
 * The parameters a caller may leave out (`.optional()`, `.default(...)`):
 * those a computed default may stand in for.
 */
export type OptionalParameter<S extends ParamsSchema> = {
  // Over the shape's keys: a `z.looseObject`'s input has an index
  // signature, whose `keyof` would hide the named ones.
  [P in keyof S["shape"]]-?: object extends Pick<z.input<S>, P & keyof z.input<S>> ? P : never;
}[keyof S["shape"]];

/**
 * What a `defaults` entry of a required parameter (one of `Named`) must
 * return, which no value is: every call passes that parameter, so its
 * default would never stand in; likewise for a name a `z.looseObject`
 * passes through, which is no formal. The text is the type error the
 * editor shows at the entry. (The entry's type, not a bound of the keys,
 * refuses it: a bound makes TypeScript give up inferring the other
 * entries' parameters.)
 */
export type RequiredDefault<P extends PropertyKey, Named extends PropertyKey> = P extends Named
  ? `'${P & string}' is required: a default is only for a parameter declared .optional() or .default(...)`
  : `'${P & string}' is no parameter of the schema: a default is only for one of its optional parameters`;

/**
 * What `build` receives: the parameters as the schema gives them, but
 * never `undefined` for one in `K`, those `defaults` computes a default
 * for, since the default then stands in for it. (An intersection, not an
 * `Omit`, keeps the named parameters of a `z.looseObject`.)
 */
export type BuildParams<S extends ParamsSchema, K extends PropertyKey> = z.output<S> & {
  readonly [P in K & keyof z.output<S>]-?: Exclude<z.output<S>[P], undefined>;
};

/**
 * What follows the parameters, in `build`'s arguments and in a call's:
 * the inter-dependencies, which exist only where `interDependencies` is
 * `true` (`I`), or may be (`boolean`). Without them the generated function
 * has no third argument set, so `build` reading one is TN3020 and a call
 * passing one TN3023: the editor shows both where they are written.
 */
export type InterDepsArguments<I extends boolean, T> = [I] extends [false] ? [] : [interDeps: T];

/**
 * A `ConstructorSpec` as `defineConstructor` takes it: `build`'s
 * parameters typed by the parameters `K` that `defaults` computes (see
 * `BuildParams`), and its second argument there only where
 * `interDependencies` (`I`) is `true`.
 */
export type TypedConstructorSpec<
  S extends ParamsSchema,
  R extends ConstructorResult,
  K extends keyof z.input<S>,
  I extends boolean = boolean,
  O extends string = string,
> = Omit<ConstructorSpec<S, R, O>, "params" | "defaults" | "interDependencies" | "build"> & {
  /** See `ConstructorSpec.params`. */
  readonly params: S;
  /** See `ConstructorSpec.interDependencies`; `true` gives `build` its second argument. */
  readonly interDependencies?: I;
  /**
   * See `ConstructorSpec.defaults`; each default reads the parameters
   * others compute as never `undefined`, as Nix binds them all before any
   * is read.
   */
  readonly defaults?: {
    readonly [P in K]: (
      params: BuildParams<S, NoInfer<K>>,
    ) => P extends OptionalParameter<S> ? DefaultValue<S, P> : RequiredDefault<P, keyof S["shape"]>;
  };
  /**
   * See `ConstructorSpec.build`; a parameter with an entry in `defaults` is
   * never `undefined` here, and `interDeps` is there only with
   * `interDependencies: true`.
   */
  readonly build: (
    params: BuildParams<S, K>,
    ...interDeps: InterDepsArguments<I, NixValue>
  ) => BuildResult<R>;
};

/**
 * Declares a constructor; `O` names its own outer parameters (see
 * `ConstructorSpec.outer`).
 */
export interface ConstructorSpec<
  S extends ParamsSchema,
  R extends ConstructorResult,
  O extends string = string,
> {
  /** Name of the constructor, also the base name of its generated `.nix` file. */
  readonly name: string;
  /** The formal parameters; `.default(v)` gives `name ? v`. */
  readonly params: S;
  /**
   * Defaults computed from other parameters, e.g.
   * `{ instanceName: (p) => \`webapp${p.instanceSuffix}\` }` for
   * `instanceName ? "webapp${instanceSuffix}"`. The parameter must be
   * optional in `params` (an entry for a required one is a type error, see
   * `RequiredDefault`); `build` receives it as never `undefined` (see
   * `BuildParams`). A default stands in for an argument the caller
   * left out, so it may be anything a caller could pass (a set or a list for
   * a `nixValue()` parameter, say), not only what the body receives, or a
   * value only Nix knows, such as a choice made in Nix (`nix.if(tls,
   * "webtls", "web")`), whatever the parameter's type (see `DefaultValue`).
   */
  readonly defaults?: ComputedDefaults<S>;
  /**
   * Take a third argument set of inter-dependencies (Disnix services whose
   * `dependsOn`/`connectsTo` are passed in): the body receives it as `interDeps`.
   * Without it the generated function has no `interDeps`, and a body reading
   * its second argument is an error (TN3020). In a processes model, which
   * never applies them itself, every call passes them (`x({ ... }, {})`);
   * a call passing them to a constructor without it is an error (TN3023).
   * Both are type errors too: `defineConstructor` types `build`'s second
   * argument, and a call's, by it (see `InterDepsArguments`).
   */
  readonly interDependencies?: boolean;
  /**
   * A Nix name for the whole argument set, as in `{ port, ... }@args:`:
   * `build` reads it with `nix.ref(name)`. (A `z.looseObject` for `params`
   * gives the `...`: arguments beyond the schema are passed through.)
   */
  readonly argsName?: string;
  /**
   * Outer parameters beyond the ones a constructors model passes
   * (createManagedProcess, the standard parameters, `pkgs`): names the
   * generated file's outer function takes, whose values its caller gives,
   * as nix-processmgmt-services' container constructors take the
   * constructor of the service they wrap (`{ mongodbConstructorFun, lib }:
   * { ... }: ...`). `build` reads one with `nix.ref(name)`, and calls it
   * with `nix.call`. A constructors model listing the constructor gives
   * their values with `withOuter(ctor, { mongodbConstructorFun: ... })`;
   * one it lists without them is an error (TN6014).
   *
   * @example outer: ["mongodbConstructorFun"]
   */
  readonly outer?: readonly O[];
  /**
   * The generated file is the process itself, with no function of
   * parameters (`{ createManagedProcess, ... }: createManagedProcess { ...
   * }`), as nix-processmgmt-services' `nix-daemon` is; a constructors model
   * lists it already called. Set by `defineProcess`, which takes no
   * parameters.
   */
  readonly applied?: boolean;
  /**
   * Builds the process (or service) from the parameters. It runs once with
   * every parameter symbolic to make the Nix function, so it must use them
   * as data only (template literals, sets, lists, `nix.*` builders): a
   * JavaScript decision on one (`verbose ? a : b`, `opt ?? "none"`,
   * `mode === "x"`, `if (port)`) always takes the same branch. Decide in
   * Nix instead: `nix.if(verbose, a, b)`, `nix.not(verbose)`,
   * `nix.if(nix.op(mode, "==", "x"), a, b)`, or give an optional parameter
   * a `.default(...)`. typenix runs the body again with a few values per
   * parameter and reports one that makes something else then (TN2010).
   *
   * It may also return a call of another constructor (one imported from
   * its spec file, or a constructors model's): the constructor is then
   * built on that one, as `import ./inner.nix { ... } { port = ...; }` in
   * Nix, and makes what the call makes. The call's arguments are checked
   * as any call's; synth generates the other constructor's file beside
   * this one.
   *
   * @example build: ({ port }) => simpleWebapp({ port, instanceName: "webapp-wrapped" })
   */
  readonly build: (params: z.output<S>, interDeps: NixValue) => BuildResult<R>;
}

/** The inter-dependencies a call passes as its second argument. */
export type InterDepsArgument = Readonly<Record<string, NixData>>;

/**
 * A call of a constructor with concrete (or symbolic) arguments.
 *
 * `R` is declared covariant (`out`): measured, it reads as unrelated
 * through the call's constructor, which returns such calls again, and a
 * process constructor's call then passed for a service's
 * (`ConstructorCall<ServiceRecord>`) without a type error.
 */
export interface ConstructorCall<out R extends ConstructorResult = ConstructorResult> {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "constructorCall";
  /** The constructor called. */
  readonly constructor: Constructor<ParamsSchema, R>;
  /** The key of the constructor in a constructors model, when called through one. */
  readonly key: string;
  /** The arguments as given in the spec. */
  readonly args: Readonly<Record<string, NixData>>;
  /**
   * The process manager the constructors model is instantiated for, when it
   * differs from the model's own `processManager` parameter (see
   * `ConstructorsModel.forProcessManager`).
   */
  readonly processManager?: string;
  /** Inter-dependency arguments passed as the third argument set, if any were given. */
  readonly interDeps?: Readonly<Record<string, NixData>>;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/**
 * A defined constructor: callable with its parameters, and introspectable
 * by the compiler. `O` names the outer parameters it declares
 * (`ConstructorSpec.outer`): `never` for none, `string` where unknown.
 */
export interface Constructor<
  S extends ParamsSchema = ParamsSchema,
  R extends ConstructorResult = ConstructorResult,
  I extends boolean = boolean,
  O extends string = string,
> {
  /**
   * A call: the arguments, and the inter-dependencies where the
   * constructor takes them (`I`, see `InterDepsArguments`).
   */
  (
    args: z.input<S>,
    ...interDeps: Partial<InterDepsArguments<I, InterDepsArgument>>
  ): ConstructorCall<R>;
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "constructor";
  /** What the spec declared, as written. */
  readonly spec: ConstructorSpec<S, R, O>;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
  /** Runs the body with every parameter symbolic: the Nix function body. */
  symbolicBody(): {
    readonly params: Readonly<Record<string, NixValue>>;
    readonly result: BuildResult<R>;
  };
  /**
   * Runs the body and the derived defaults (`spec.defaults`) with the
   * parameters in `concrete` set to those values and every other one
   * symbolic, as `symbolicBody` does. With none concrete this is what the
   * Nix function is made of; the compiler compares it with runs where one
   * parameter is concrete, to find bodies that decide on a parameter in
   * TypeScript, which the generated function cannot do.
   */
  probe(concrete: Readonly<Record<string, NixData>>): ProbeRun<R>;
  /** The Nix formals: name, and default (symbolic or concrete) when optional. */
  formals(): readonly Formal[];
  /**
   * Runs the body with concrete arguments (defaults applied); when it
   * returns a call of another constructor, runs that one's body with the
   * call's arguments, and so on: what the constructor finally makes.
   */
  evaluate(args: Readonly<Record<string, NixData>>, interDeps?: NixValue): R;
}

/** What a constructor's body and derived defaults make in one run (see `Constructor.probe`). */
export interface ProbeRun<R extends ConstructorResult = ConstructorResult> {
  /** What `build` returned. */
  readonly result: BuildResult<R>;
  /** The value of each derived default (`spec.defaults`), by parameter. */
  readonly defaults: Readonly<Record<string, NixData>>;
}

/** One formal parameter of a constructor's Nix function. */
export interface Formal {
  /** The parameter name. */
  readonly name: string;
  /** Whether callers may leave it out. */
  readonly optional: boolean;
  /** The default, when the schema or `defaults` gives one (absent for plain optional parameters). */
  readonly default?: NixData;
  /** Whether the Nix formal has a default (`name ? default`). */
  readonly hasDefault: boolean;
}

/**
 * Defines a constructor; see `ConstructorSpec`. Its `build` must use the
 * parameters as data and decide on them with `nix.if` and `nix.op`, not
 * JavaScript control flow (see `ConstructorSpec.build`); its schema may
 * check values but not change them (no `.transform`, TN2011).
 */
export function defineConstructor<
  S extends ParamsSchema,
  R extends ConstructorResult,
  K extends keyof z.input<S> = never,
  I extends boolean = false,
  O extends string = never,
>(typed: TypedConstructorSpec<S, R, K, I, O>): Constructor<S, R, I, O> {
  // `build` gets every computed default applied (see `withDefaults`), so
  // it is typed for what it receives; stored, it takes what the schema gives.
  const spec = typed as unknown as ConstructorSpec<S, R>;
  const site = callSite();
  const call = (
    args: z.input<S>,
    interDeps?: Readonly<Record<string, NixData>>,
  ): ConstructorCall<R> => {
    const trace = siteTrace(call);
    validateConcrete(spec, args as Record<string, NixData>, trace);
    const fields = {
      kind: "constructorCall" as const,
      constructor: ctor,
      key: spec.name,
      args: args as Record<string, NixData>,
      interDeps,
    };
    return traced(fields, trace);
  };
  const ctor: Constructor<ParamsSchema, R> = Object.assign(call, {
    kind: "constructor" as const,
    spec,
    site,
    symbolicBody: () => {
      const params = symbolicParams(spec);
      return {
        params,
        result: runBuild(spec, site, params, headerParameter("interDeps")),
      };
    },
    probe: (concrete: Readonly<Record<string, NixData>>) => probeRun(spec, site, concrete),
    formals: () => formalsOf(spec),
    evaluate: (args: Readonly<Record<string, NixData>>, interDeps?: NixValue) => {
      const params = withDefaults(spec, args);
      const given = interDeps ?? headerParameter("interDeps");
      return finalResult(ctor, () => runBuild(spec, site, params, given));
    },
  }) as unknown as Constructor<ParamsSchema, R>;
  return builtModel(ctor) as unknown as Constructor<S, R, I, O>;
}

/**
 * A service record Nix computes, as a constructor's `build` returns it:
 * `computedRecord(nix.op({ name, pkg }, "//", properties))` for
 * nix-processmgmt-services' `{ name = ...; inherit pkg; } //
 * lib.optionalAttrs (type != null) { inherit type; } // properties`. Only
 * Nix knows its attributes, so the whole-model checks read none of them,
 * as for a service given as a Nix value.
 */
export function computedRecord(value: NixValue): ServiceRecord {
  return value as unknown as ServiceRecord;
}

/** The constructors whose concrete runs are under way, outermost first (see `finalResult`). */
const evaluating = new Set<Constructor>();

/**
 * Runs `outer`'s body with `params` and returns what it finally makes:
 * what the body returns, or, for a call of another constructor, what that
 * constructor makes for the call's arguments (its own `evaluate` goes on
 * along a chain). A constructor built on itself, directly or through
 * others, which Nix would never finish, is an error.
 */
function finalResult<R extends ConstructorResult>(
  outer: Constructor<ParamsSchema, R>,
  run: () => BuildResult<R>,
): R {
  evaluating.add(outer);
  try {
    const result = run();
    if (!isConstructorCall(result)) return result;
    if (evaluating.has(result.constructor))
      throw new SpecError(
        `the constructor '${outer.spec.name}' is built on '${result.constructor.spec.name}', which leads back to it: Nix would import their files from each other forever`,
        result.site,
        "return a call of another constructor, or createManagedProcess(...)",
        "TN3050",
      );
    return result.constructor.evaluate(result.args) as R;
  } finally {
    evaluating.delete(outer);
  }
}

/**
 * Every parameter as a symbolic value: a reference to the Nix formal of its
 * name, typed by its schema (see `parameter`).
 */
function symbolicParams(
  spec: ConstructorSpec<ParamsSchema, ConstructorResult>,
): Record<string, NixValue> {
  return Object.fromEntries(
    Object.entries(spec.params.shape).map(([k, schema]) => [
      k,
      parameter(k, schema, spec.defaults?.[k] !== undefined),
    ]),
  );
}

function probeRun<R extends ConstructorResult>(
  spec: ConstructorSpec<ParamsSchema, R>,
  site: CallSite | undefined,
  concrete: Readonly<Record<string, NixData>>,
): ProbeRun<R> {
  const params: Record<string, NixData> = { ...symbolicParams(spec), ...concrete };
  const defaults = Object.fromEntries(
    Object.entries(spec.defaults ?? {}).flatMap(([name, derive]) =>
      derive ? [[name, (derive as (p: unknown) => NixData)(params)]] : [],
    ),
  );
  const interDeps = headerParameter("interDeps");
  return { result: runBuild(spec, site, params, interDeps), defaults };
}

/**
 * What `spec.build` returns for `params`. A promise (an `async` build) is
 * refused at the constructor (`site`): build runs while the model is read,
 * and nothing waits for it, so what it would resolve to comes too late and
 * the promise itself has no Nix value. Its rejection, if any, is taken as
 * handled: the promise is the mistake reported.
 */
function runBuild<R extends ConstructorResult>(
  spec: ConstructorSpec<ParamsSchema, R>,
  site: CallSite | undefined,
  params: object,
  interDeps: NixValue,
): BuildResult<R> {
  const result: unknown = spec.build(params as z.output<ParamsSchema>, interDeps);
  if (!isPromise(result)) return result as BuildResult<R>;
  result.catch(() => undefined);
  throw new SpecError(
    `the constructor '${spec.name}' returned a Promise from build (is build async?): build runs while the model is read, and a promise has no Nix value`,
    site,
    "make build a plain function: await what it needs at the top level of the spec file, and use the values it resolves to",
    "TN3001",
  );
}

/** Whether `value` is a promise, also one of another realm (a spec file's own module namespace). */
function isPromise(value: unknown): value is Promise<unknown> {
  return Object.prototype.toString.call(value) === "[object Promise]";
}

function formalsOf(spec: ConstructorSpec<ParamsSchema, ConstructorResult>): Formal[] {
  const allSymbolic = symbolicParams(spec);
  return Object.entries(spec.params.shape).map(([name, field]) => {
    const derived = spec.defaults?.[name];
    if (derived)
      return {
        name,
        optional: true,
        hasDefault: true,
        default: derived(allSymbolic) as NixData,
      };
    const schema = schemaDef(field);
    if (schema?.type === "default") {
      return { name, optional: true, hasDefault: true, default: schema.defaultValue as NixData };
    }
    return { name, optional: schema?.type === "optional", hasDefault: false };
  });
}

/** Checks every concrete argument against its schema; symbolic arguments are left to Nix. */
function validateConcrete(
  spec: ConstructorSpec<ParamsSchema, ConstructorResult>,
  args: Readonly<Record<string, NixData>>,
  trace: SiteTrace,
): void {
  for (const [name, field] of Object.entries(spec.params.shape)) {
    const value = args[name];
    if (value === undefined || containsSymbolic(value)) continue;
    const result = (field as z.ZodType).safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new SpecError(
        `invalid argument '${name}' for constructor '${spec.name}': ${issue?.message ?? "invalid value"} (got ${JSON.stringify(value)})`,
        trace.site,
        `see the parameter schema of '${spec.name}'`,
        "TN2002",
      );
    }
  }
  // A loose schema (`{ port, ... }:`) passes other arguments through.
  if (acceptsMore(spec)) return;
  for (const name of Object.keys(args)) {
    if (!(name in spec.params.shape)) {
      throw new SpecError(
        `constructor '${spec.name}' has no parameter '${name}'`,
        trace.site,
        `known parameters: ${Object.keys(spec.params.shape).join(", ")}`,
        "TN2003",
      );
    }
  }
}

/** True when the parameter schema takes arguments beyond its shape (`z.looseObject`): `{ ..., ... }`. */
export function acceptsMore(spec: ConstructorSpec<ParamsSchema, ConstructorResult>): boolean {
  const catchall = schemaDef(schemaDef(spec.params)?.catchall);
  return catchall !== undefined && catchall.type !== "never";
}

/** A computed default (an entry of `spec.defaults`), as it is run. */
type DeriveDefault = (params: unknown) => NixData;

/**
 * The arguments of a concrete call with the defaults of those left out, as
 * the generated function's formals give them: a computed default
 * (`spec.defaults`) over the schema's `.default(...)`, as `formalsOf`
 * writes it, and reading the others as Nix binds them, whatever order
 * `defaults` lists them in.
 */
function withDefaults<S extends ParamsSchema>(
  spec: ConstructorSpec<S, ConstructorResult>,
  args: Readonly<Record<string, NixData>>,
): z.output<S> {
  const params: Record<string, NixData> = { ...args };
  const derived = (spec.defaults ?? {}) as Readonly<Record<string, DeriveDefault | undefined>>;
  for (const [name, field] of Object.entries(spec.params.shape)) {
    const schema = schemaDef(field);
    if (params[name] === undefined && !derived[name] && schema?.type === "default")
      params[name] = schema.defaultValue as NixData;
  }
  const pending = Object.keys(derived).filter((name) => params[name] === undefined);
  const settle = (name: string, value: NixData): NixData => {
    Object.defineProperty(params, name, { value, writable: true, enumerable: true });
    return value;
  };
  const computing = new Set<string>();
  for (const name of pending) {
    const derive = derived[name];
    if (!derive) continue;
    Object.defineProperty(params, name, {
      configurable: true,
      enumerable: true,
      // Read while it is being computed, a default is in a cycle (TN3021,
      // TN3062, reported where the constructor is lowered): it reads as left out.
      get: () => {
        if (computing.has(name)) return undefined;
        computing.add(name);
        return settle(name, derive(params));
      },
    });
  }
  // Each computed now, so `build` gets plain values.
  for (const name of pending) void params[name];
  return params as z.output<S>;
}

function containsSymbolic(value: NixData): boolean {
  if (isNixValue(value) || isModelRef(value)) return true;
  if (typeof value === "string") return hasSentinels(value);
  if (Array.isArray(value)) return value.some((v) => containsSymbolic(v as NixData));
  if (typeof value === "object" && value !== null)
    return Object.values(value).some((v) => containsSymbolic(v as NixData));
  return false;
}

/** True for a constructor whose generated file is one process (see `ConstructorSpec.applied`). */
export function isApplied(ctor: Constructor): boolean {
  return ctor.spec.applied === true;
}

/** True for a constructor `defineConstructor` made. */
export function isConstructor(value: unknown): value is Constructor {
  return (
    typeof value === "function" &&
    isBuiltModel(value) &&
    (value as { kind?: unknown }).kind === "constructor"
  );
}

/** True for constructor calls. */
export function isConstructorCall<R extends ConstructorResult = ConstructorResult>(
  value: unknown,
): value is ConstructorCall<R> {
  return isOfKind(value, "constructorCall");
}
