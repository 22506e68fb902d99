/**
 * What Nix names mean in the TypeScript being written: each name in scope
 * maps to the TypeScript expression that stands for it (a DSL parameter, a
 * `const`, an arrow function's parameter), and TypeScript identifiers are
 * handed out without clashes.
 */

import type { Node } from "../syntax/ast.js";

/**
 * The TypeScript for a name, or a function giving it (called at each use,
 * with the node reading it, e.g. to note an import).
 */
export type Meaning = string | ((at?: Node) => string) | Selectable | Inlined;

/**
 * A name a `rec` set binds, written out as its value wherever it is read:
 * the TypeScript object has no names of its own.
 */
export interface Inlined {
  readonly inline: (at?: Node) => string;
  /** The module constant that holds the value, for a literal other attributes read. */
  readonly shared?: string;
}

/**
 * TypeScript, or a function giving it, called where it is written (so
 * that a DSL builder it names is imported only where it is).
 */
export type Written = string | (() => string);

/** A name that stands for a model object, whose attributes are read by name in Nix instead. */
export interface Selectable {
  readonly value: Written;
  /** The expression whose attributes `name.attr` reads. */
  readonly selected: Written;
  /**
   * A constant binding the name itself in the generated file, for raw Nix
   * that reads it by name: `value` (`pkgs.stdenv`) binds none.
   */
  readonly bound?: string;
  /**
   * The TypeScript value may be null (a parameter defaulting to null):
   * its attributes are selected with `nix.select`, as property access on
   * it is a type error.
   */
  readonly nullable?: boolean;
  /** The attribute of `pkgs` the name stands for (an outer parameter taken from `pkgs`). */
  readonly package?: string;
}

/** Nix names in scope, innermost first. */
export class Scope {
  private constructor(
    private readonly names: ReadonlyMap<string, Meaning>,
    private readonly parent: Scope | undefined,
  ) {}

  /** The outermost scope: nothing bound. */
  static empty(): Scope {
    return new Scope(new Map(), undefined);
  }

  /** A scope where `entries` (Nix name to TypeScript expression) shadow this one. */
  with(entries: Iterable<readonly [string, Meaning]>): Scope {
    return new Scope(new Map(entries), this);
  }

  /** The TypeScript expression for a Nix name read at `at`, when it is bound. */
  lookup(name: string, at?: Node): string | undefined {
    const meaning = this.names.get(name);
    if (meaning === undefined) return this.parent?.lookup(name, at);
    if (typeof meaning === "object")
      return "inline" in meaning ? meaning.inline(at) : written(meaning.value);
    return typeof meaning === "string" ? meaning : meaning(at);
  }

  /** Whether a Nix name is bound; unlike `lookup`, this writes nothing. */
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }

  /** Whether a Nix name is bound by a `rec` set around, and so written out by value. */
  inlined(name: string): boolean {
    const meaning = this.names.get(name);
    if (meaning === undefined) return this.parent?.inlined(name) ?? false;
    return typeof meaning === "object" && "inline" in meaning;
  }

  /**
   * The constant holding the value of an attribute of the `rec` set this
   * scope is the inside of (not of one around it), when it has one (see
   * `recursiveScope`).
   */
  ownShared(name: string): string | undefined {
    const meaning = this.names.get(name);
    return typeof meaning === "object" && "inline" in meaning ? meaning.shared : undefined;
  }

  /**
   * The TypeScript that raw Nix reading `name` lists among its values, so
   * that the generated file binds the name: the name's value, or the
   * constant binding it where the value binds no name (see `Selectable`).
   */
  lookupRaw(name: string, at?: Node): string | undefined {
    const meaning = this.names.get(name);
    if (meaning === undefined) return this.parent?.lookupRaw(name, at);
    if (typeof meaning === "object" && "selected" in meaning && meaning.bound !== undefined)
      return meaning.bound;
    return this.lookup(name, at);
  }

  /** The attribute of `pkgs` a Nix name stands for, when it is one (see `Selectable.package`). */
  packageOf(name: string): string | undefined {
    const meaning = this.names.get(name);
    if (meaning === undefined) return this.parent?.packageOf(name);
    return typeof meaning === "object" && "selected" in meaning ? meaning.package : undefined;
  }

  /** Whether the TypeScript value of a Nix name may be null (see `Selectable.nullable`). */
  nullable(name: string): boolean {
    const meaning = this.names.get(name);
    if (meaning === undefined) return this.parent?.nullable(name) ?? false;
    return typeof meaning === "object" && "selected" in meaning && meaning.nullable === true;
  }

  /** The TypeScript whose attributes `name.attr` reads, when it differs from the name's value. */
  lookupSelected(name: string): string | undefined {
    const meaning = this.names.get(name);
    if (meaning === undefined) return this.parent?.lookupSelected(name);
    return typeof meaning === "object" && "selected" in meaning
      ? written(meaning.selected)
      : undefined;
  }
}

/** The TypeScript `text` stands for. */
function written(text: Written): string {
  return typeof text === "string" ? text : text();
}

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with yield let static implements interface package private " +
    "protected public await arguments eval undefined"
  ).split(" "),
);

/** TypeScript identifiers of one module, each given out once. */
export class Identifiers {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /**
   * Identifiers for a function's parameters and locals: they must not
   * shadow what is taken so far, but do not take names from the module.
   */
  child(): Identifiers {
    return new Identifiers(this.taken);
  }

  /** Marks `name` as used (e.g. an imported DSL builder). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  /** A fresh identifier close to the Nix name: `mysql-primary` becomes `mysqlPrimary`. */
  fresh(nixName: string): string {
    const base = toIdentifier(nixName);
    let name = base;
    for (let i = 2; this.taken.has(name) || RESERVED.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }
}

function toIdentifier(nixName: string): string {
  const camel = nixName
    .replace(/'/g, "_")
    .replace(/[-.]+([A-Za-z0-9])?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""));
  const safe = camel.replace(/[^\w$]/g, "_");
  return /^[A-Za-z_$]/.test(safe) ? safe : `_${safe}`;
}

/**
 * A property key in an object literal: bare when it is an identifier, quoted
 * otherwise; `__proto__` computed, `["__proto__"]`, as `__proto__: value`
 * would set the object's prototype instead of a property.
 */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `[${JSON.stringify(key)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** Property access in TypeScript: `.name` or `["name"]`. */
export function propertyAccess(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
