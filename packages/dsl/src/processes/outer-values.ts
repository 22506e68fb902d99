/**
 * The values a constructors model gives a constructor's own outer
 * parameters (`ConstructorSpec.outer`), as nix-processmgmt-services'
 * container constructors model gives each container constructor the
 * constructor it wraps: `import ./simplemongodb.nix { mongodbConstructorFun
 * = constructors.simpleMongodb; dysnomia = ...; }`.
 */
import { callSite } from "../symbolic/call-site.js";
import type { CallSite, NixData } from "../symbolic/term.js";
import type { Constructor, ConstructorResult, ParamsSchema } from "./constructor.js";

/**
 * What an outer parameter may be given: a Nix value (`pkgs.dysnomia`,
 * `nix.call(...)`, `nix.ref(...)`, `nix.raw(...)` for Nix you write
 * yourself), or a constructor (one of this model or another), which is
 * given as the function its generated file makes, with what it needs in
 * turn (`withOuter` for one with outer parameters of its own).
 */
export type OuterValue = NixData | Constructor | ConstructorWithOuter;

/** The outer parameters a constructor declares: `never` for none, `string` where its type does not say. */
export type OuterNames<C> =
  C extends Constructor<ParamsSchema, ConstructorResult, boolean, infer O> ? O : never;

/**
 * The outer values `withOuter` takes for `C`: exactly its declared outer
 * names, each required. A constructor that declares none (one built on a
 * constructor with outer parameters takes those too, which its type does
 * not say) or whose type does not name them takes any names, checked
 * when the model is lowered (TN6014 for one missing, TN6016 for one it
 * does not take).
 */
export type OuterValues<C extends Constructor> = [OuterNames<C>] extends [never]
  ? Readonly<Record<string, OuterValue>>
  : string extends OuterNames<C>
    ? Readonly<Record<string, OuterValue>>
    : { readonly [N in OuterNames<C>]: OuterValue };

/** A constructor with the values of its outer parameters: an entry of a constructors model. */
export interface ConstructorWithOuter<C extends Constructor = Constructor> {
  /** Which builder made this; the compiler dispatches on it. */
  readonly kind: "constructorWithOuter";
  /** The constructor. */
  readonly constructor: C;
  /** The value of each outer parameter, by name. */
  readonly outer: Readonly<Record<string, OuterValue>>;
  /** Where in the spec file the builder was called (for diagnostics). */
  readonly site: CallSite | undefined;
}

/**
 * A constructor given the values of its own outer parameters, for a
 * constructors model to list: the generated `constructors.nix` passes them
 * when it imports the constructor's file.
 *
 * @example
 * constructors({
 *   simpleMongodb: withOuter(simpleMongodbContainer, {
 *     mongodbConstructorFun: services.constructors.simpleMongodb,
 *     dysnomia: nix.call(pkgs.dysnomia.override, nix.lambda("origArgs", () => ({ enableMongoDatabase: true }))),
 *   }),
 * })
 */
export function withOuter<C extends Constructor>(
  ctor: C,
  outer: OuterValues<C>,
): ConstructorWithOuter<C> {
  const made = {
    kind: "constructorWithOuter" as const,
    constructor: ctor,
    outer: outer as Readonly<Record<string, OuterValue>>,
    site: callSite(),
  };
  MADE.add(made);
  return made;
}

/**
 * What `withOuter` made. A WeakSet, as for the models (see `builtModel`),
 * but of its own: a spec file exporting one exports no model.
 */
const MADE = new WeakSet<object>();

/** True for what `withOuter` made. */
export function isConstructorWithOuter(value: unknown): value is ConstructorWithOuter {
  return typeof value === "object" && value !== null && MADE.has(value);
}
