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
 * a fallback, in the order it reads them; undefined where typenix cannot
 * tell them all: the build uses the set as a whole (passes it on to a
 * function, raw Nix names it) or selects by a name only Nix knows.
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
    return new Reads(names).data(result) ? [...names] : undefined;
  } catch {
    return undefined;
  } finally {
    reading.delete(ctor);
  }
}

/** A walk over what a build returns, gathering the names it selects of `interDeps`. */
class Reads {
  private readonly seen = new Set<object>();

  constructor(private readonly names: Set<string>) {}

  /** Walks `value`; false when it uses the inter-dependencies in a way that hides the names read. */
  data(value: unknown): boolean {
    if (typeof value === "string") return this.text(value);
    if (typeof value !== "object" || value === null) return true;
    if (isNixValue(value)) return this.term(termOf(value));
    // Another model's item, which the build reads by reference: not the build's own.
    if (isModelRef(value) || this.seen.has(value)) return true;
    this.seen.add(value);
    if (isConstructorCall(value)) return this.call(value);
    const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
    return items.every((item) => this.data(item));
  }

  private text(text: string): boolean {
    return splitSentinels(text).every((part) => typeof part === "string" || this.term(part));
  }

  /**
   * A call of another constructor the build is built on: its arguments,
   * and its inter-dependencies. Given the build's own set whole (`inner(
   * { ... }, interDeps)`), the names the inner constructor reads are read
   * of it too.
   */
  private call(call: ConstructorCall): boolean {
    if (!this.data(call.args)) return false;
    const given: unknown = call.interDeps;
    if (isNixValue(given) && isInterDeps(termOf(given))) {
      const inner = interDepsRead(call.constructor);
      inner?.forEach((name) => this.names.add(name));
      return inner !== undefined;
    }
    return this.data(given);
  }

  private term(term: NixTerm): boolean {
    switch (term.kind) {
      case "ref":
        return !isInterDeps(term);
      case "select":
        if (isInterDeps(term.base)) {
          const name = term.path[0] as string;
          // A name only Nix knows (`interDeps.${name}`) may be any.
          if (hasSentinels(name)) return false;
          // `interDeps.cache or "none"` reads it only where it is there.
          if (term.default === undefined) this.names.add(name);
          return this.data(term.default);
        }
        return (
          this.term(term.base) && this.data(term.default) && term.path.every((p) => this.text(p))
        );
      case "call":
        return this.term(term.fn) && term.args.every((a) => this.data(a));
      case "string":
        return term.parts.every((p) => typeof p === "string" || this.term(p));
      case "if":
        return this.data(term.cond) && this.data(term.then) && this.data(term.else);
      case "let":
        return this.data(term.bindings) && this.data(term.body);
      case "lambda":
        return this.data(term.body);
      case "binary":
        return this.data(term.left) && this.data(term.right);
      case "not":
        return this.data(term.expr);
      case "data":
      case "local":
        return this.data(term.value);
      // Raw Nix naming the set may read anything of it.
      case "raw":
        return !/\binterDeps\b/.test(term.code) && this.data(term.uses);
      default:
        return true;
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
