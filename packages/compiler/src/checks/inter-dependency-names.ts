/**
 * The inter-dependencies a constructor's build reads by name
 * (`interDeps.zipcodesDb.target...`), and the check that each call of it
 * is given them: Disnix passes a service's pkg the services of its
 * `dependsOn` and `connectsTo` by their keys, and a processes model passes
 * the set its call writes, so a name the build reads and no key gives
 * fails in Nix with "attribute 'zipcodesDb' missing".
 */
import {
  HEADER_BINDING,
  hasSentinels,
  isConstructorCall,
  isModelRef,
  isNixValue,
  splitSentinels,
  termOf,
  type CallSite,
  type Constructor,
  type ConstructorCall,
  type NixTerm,
  type ProcessesModel,
} from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt } from "../lower/context.js";

/**
 * The names a constructor's build reads of its inter-dependencies without
 * a fallback, in the order it reads them; undefined where its build
 * throws. Where the build also uses the set otherwise (passes it whole to
 * a function or to another constructor's argument, names it in raw Nix,
 * selects by a name only Nix knows), that use may read any name, which no
 * one can list: the names are then those it reads by name alone, which
 * each call must still give (Nix evaluates `interDeps.db` the same
 * whatever else reads the set), and the others go unchecked.
 */
export function interDepsRead(ctor: Constructor): readonly string[] | undefined {
  if (!read.has(ctor)) read.set(ctor, namesRead(ctor));
  return read.get(ctor);
}

const read = new WeakMap<Constructor, readonly string[] | undefined>();

/** The constructors whose reads are being worked out (one built on itself is reported elsewhere). */
const reading = new Set<Constructor>();

function namesRead(ctor: Constructor): readonly string[] | undefined {
  if (reading.has(ctor)) return undefined;
  reading.add(ctor);
  try {
    const names = new Set<string>();
    // A build that throws is reported where the constructor is lowered.
    const result: unknown = ctor.symbolicBody().result;
    new Reads(names).data(result);
    return [...names];
  } catch {
    return undefined;
  } finally {
    reading.delete(ctor);
  }
}

/**
 * A walk over what a build returns, gathering the names it selects of
 * `interDeps`; a use of the whole set adds none, and the walk goes on.
 */
class Reads {
  private readonly seen = new Set<object>();

  constructor(private readonly names: Set<string>) {}

  data(value: unknown): void {
    if (typeof value === "string") return this.text(value);
    if (typeof value !== "object" || value === null) return;
    if (isNixValue(value)) return this.term(termOf(value));
    // Another model's item, which the build reads by reference: not the build's own.
    if (isModelRef(value) || this.seen.has(value)) return;
    this.seen.add(value);
    if (isConstructorCall(value)) return this.call(value);
    const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const item of items) this.data(item);
  }

  private text(text: string): void {
    for (const part of splitSentinels(text)) if (typeof part !== "string") this.term(part);
  }

  /**
   * A call of another constructor the build is built on: its arguments,
   * and its inter-dependencies. Given the build's own set whole (`inner(
   * { ... }, interDeps)`), the names the inner constructor reads are read
   * of it too.
   */
  private call(call: ConstructorCall): void {
    this.data(call.args);
    const given: unknown = call.interDeps;
    if (isNixValue(given) && isInterDeps(termOf(given))) {
      interDepsRead(call.constructor)?.forEach((name) => this.names.add(name));
    } else this.data(given);
  }

  private term(term: NixTerm): void {
    switch (term.kind) {
      case "select":
        if (isInterDeps(term.base)) {
          const name = term.path[0] as string;
          // A name only Nix knows (`interDeps.${name}`) may be any: none is added.
          // `interDeps.cache or "none"` reads it only where it is there.
          if (!hasSentinels(name) && term.default === undefined) this.names.add(name);
          return this.data(term.default);
        }
        this.term(term.base);
        this.data(term.default);
        return term.path.forEach((p) => this.text(p));
      case "call":
        this.term(term.fn);
        return term.args.forEach((a) => this.data(a));
      case "string":
        return term.parts.forEach((p) => typeof p === "string" || this.term(p));
      case "if":
        return [term.cond, term.then, term.else].forEach((d) => this.data(d));
      case "let":
        this.data(term.bindings);
        return this.data(term.body);
      case "lambda":
        return this.data(term.body);
      case "binary":
        this.data(term.left);
        return this.data(term.right);
      case "not":
        return this.data(term.expr);
      case "data":
      case "local":
        return this.data(term.value);
      // Raw Nix may read anything of a set it names, which is none added.
      case "raw":
        return this.data(term.uses);
      default:
        return;
    }
  }
}

/**
 * Whether `term` is the generated function's `interDeps`: the parameter
 * (a `nix.ref` of the name reads it too, as Nix's scoping gives it), or a
 * value wrapping it (`nix.select(interDeps, ...)`, a `nix.local`).
 */
function isInterDeps(term: NixTerm): boolean {
  if (term.kind === "ref")
    return (
      term.name === "interDeps" && (term.binding === undefined || term.binding === HEADER_BINDING)
    );
  if ((term.kind === "data" || term.kind === "local") && isNixValue(term.value))
    return isInterDeps(termOf(term.value));
  return false;
}

/**
 * TN5014 when `call`'s constructor reads inter-dependencies that `given`
 * (the names passed to it) lacks: `who` is what has the call, `from`
 * where the names come from, `fix` how to give a missing one.
 */
export function missingInterDeps(
  call: ConstructorCall,
  given: readonly string[] | undefined,
  at: {
    readonly site: CallSite | undefined;
    readonly who: string;
    readonly from: string;
    readonly fix: (missing: string) => string;
  },
): Diagnostic | undefined {
  if (call.constructor.spec.interDependencies !== true || given === undefined) return undefined;
  const needed = interDepsRead(call.constructor);
  const missing = needed?.filter((name) => !given.includes(name)) ?? [];
  const first = missing[0];
  if (first === undefined) return undefined;
  const names = missing.map((n) => `'${n}'`).join(", ");
  const keys = given.length === 0 ? "none" : given.map((k) => `'${k}'`).join(", ");
  return errorAt(
    at.site,
    "TN5014",
    `${at.who}: constructor '${call.key}' reads the inter-dependenc${missing.length === 1 ? "y" : "ies"} ${names}, missing from ${at.from} (names given: ${keys})`,
    `${at.fix(first)}, or have the constructor read the names given; otherwise Nix fails with "attribute '${first}' missing"`,
  );
}

/**
 * The names a call's own inter-dependencies give (its second argument);
 * undefined for none, or a set only Nix knows.
 */
export function namesGiven(call: ConstructorCall): readonly string[] | undefined {
  const given: unknown = call.interDeps;
  if (typeof given !== "object" || given === null || isNixValue(given)) return undefined;
  return Object.keys(given);
}

/**
 * TN5014 for each process instance whose constructor call passes
 * inter-dependencies lacking one its constructor reads: nix-processmgmt
 * never passes any, so the call's set is all there is.
 */
export function checkProcessInterDeps(model: ProcessesModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, instance] of Object.entries(model.instances)) {
    // Only Nix knows the properties of an instance it computes.
    if (isNixValue(instance.spec) || !isConstructorCall(instance.spec.pkg)) continue;
    const missing = missingInterDeps(instance.spec.pkg, namesGiven(instance.spec.pkg), {
      site: instance.site,
      who: `process instance '${name}'`,
      from: "the call's second argument",
      fix: (missing) => `give '${missing}' in the second argument of the constructor call`,
    });
    if (missing) diagnostics.push(missing);
  }
  return diagnostics;
}
