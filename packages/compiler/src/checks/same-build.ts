/**
 * Whether two runs of a constructor's body made the same thing: the run
 * with every parameter symbolic (what the Nix function is made of), with
 * one parameter's symbolic value replaced by a value, against the run that
 * was given that value. A body that uses its parameters only as data makes
 * the same in both; one that decides on a parameter in TypeScript (`?:`,
 * `??`, `===`) made its decision on the symbolic value, which is not the
 * decision it makes on the concrete one.
 */
import {
  isNixValue,
  lengthArgument,
  splitSentinels,
  escapedSentinelTerms,
  termOf,
  type NixTerm,
} from "@typenix/dsl/core";

/** The parameter the probe run gave a value, and the value. */
export interface Substitution {
  readonly name: string;
  readonly value: unknown;
}

/**
 * True when `symbolic` (from the all-symbolic run) with `sub.name`
 * replaced by `sub.value` is `probed` (from the run given that value);
 * without `sub`, when two all-symbolic runs made the same.
 */
export function sameBuild(symbolic: unknown, probed: unknown, sub?: Substitution): boolean {
  return new Comparison(sub).data(symbolic, probed);
}

/** Literal text and symbolic terms, adjacent texts merged and empty ones dropped. */
type Parts = (string | NixTerm)[];

/**
 * One comparison: the substitution, and the objects being compared, so
 * that a model item that refers back to itself ends the walk. (A name a
 * `let` or function binds again is substituted too: in the probe run it
 * is symbolic on both sides, so it compares the same either way.)
 */
class Comparison {
  private readonly open = new Set<object>();

  constructor(private readonly sub: Substitution | undefined) {}

  /** Any two model values. */
  data(s: unknown, p: unknown): boolean {
    if (s === p) return true;
    if (isNixValue(s)) return this.value(termOf(s), p);
    if (isNixValue(p)) return false;
    // Each run makes its own closure; none has a Nix literal, which lowering reports (TN3001).
    if (typeof s === "function" && typeof p === "function") return true;
    if (typeof s === "string" || typeof p === "string") return this.strings(s, p);
    if (typeof s !== "object" || typeof p !== "object" || s === null || p === null)
      return Number.isNaN(s) && Number.isNaN(p);
    if (Array.isArray(s) !== Array.isArray(p)) return false;
    if (this.open.has(s)) return true;
    this.open.add(s);
    try {
      return Array.isArray(s) ? this.lists(s, p as unknown[]) : this.sets(s, p);
    } finally {
      this.open.delete(s);
    }
  }

  /** A symbolic value of the symbolic run against what the probe run has there. */
  private value(term: NixTerm, p: unknown): boolean {
    if (isNixValue(p)) return this.term(term, termOf(p));
    const known = this.substituted(term);
    return known !== undefined && this.data(known.value, p);
  }

  /**
   * The value `term` has with the parameter given its value: the parameter
   * itself, or its `list.length` (`builtins.length list`, which the probe
   * run counted); undefined for any other term.
   */
  private substituted(term: NixTerm): { readonly value: unknown } | undefined {
    if (this.isParameter(term)) return { value: this.sub?.value };
    const list = lengthArgument(term);
    if (Array.isArray(list)) return { value: list.length };
    const given = this.sub?.value;
    if (isNixValue(list) && this.isParameter(termOf(list)) && Array.isArray(given))
      return { value: given.length };
    return undefined;
  }

  private isParameter(term: NixTerm): boolean {
    return term.kind === "ref" && this.sub !== undefined && term.name === this.sub.name;
  }

  private lists(s: readonly unknown[], p: readonly unknown[]): boolean {
    return s.length === p.length && s.every((v, i) => this.data(v, p[i]));
  }

  /**
   * Attribute sets: an undefined attribute is left out, as lowering leaves
   * it (and so is one whose value is the parameter, given no value). In
   * order, or else by name: JavaScript puts keys that read as integers
   * (`[`${port}`]`, 0 in a probe) first.
   */
  private sets(s: object, p: object): boolean {
    const left = (v: unknown): boolean =>
      v === undefined ||
      (isNixValue(v) && this.isParameter(termOf(v)) && this.sub?.value === undefined);
    const es = Object.entries(s).filter(([, v]) => !left(v));
    const ep = Object.entries(p).filter(([, v]) => v !== undefined);
    if (es.length !== ep.length) return false;
    const inOrder = es.every(
      ([k, v], i) => this.strings(k, ep[i]?.[0]) && this.data(v, ep[i]?.[1]),
    );
    return inOrder || this.byName(es, ep);
  }

  /** Entries matched by name, where the names are plain text once the parameter is written in. */
  private byName(es: [string, unknown][], ep: [string, unknown][]): boolean {
    const named = new Map(ep);
    return es.every(([k, v]) => {
      const [name, ...more] = this.textParts(splitSentinels(k));
      return typeof name === "string" && more.length === 0 && named.has(name)
        ? this.data(v, named.get(name))
        : false;
    });
  }

  /** Strings, read through their sentinels (whose numbers differ from run to run). */
  strings(s: unknown, p: unknown): boolean {
    if (typeof s !== "string" || typeof p !== "string") return false;
    // A placeholder escaped as text (JSON.stringify) cannot be read back; lowering reports it.
    if (escapedSentinelTerms(s).length > 0) return true;
    return this.parts(this.textParts(splitSentinels(s)), this.textParts(splitSentinels(p)));
  }

  /**
   * `parts` with the parameter written as text, as a template literal
   * writes the value (`${suffix}` is "" for ""), adjacent texts merged.
   */
  private textParts(parts: readonly (string | NixTerm)[]): Parts {
    const merged: Parts = [];
    let text = "";
    for (const part of parts) {
      const known = typeof part === "string" ? undefined : this.substituted(part);
      if (typeof part === "string") text += part;
      else if (known) text += String(known.value);
      else {
        if (text !== "") merged.push(text);
        merged.push(part);
        text = "";
      }
    }
    if (text !== "") merged.push(text);
    return merged;
  }

  private parts(s: Parts, p: Parts): boolean {
    return (
      s.length === p.length &&
      s.every((part, i) => {
        const other = p[i];
        if (typeof part === "string" || typeof other === "string") return part === other;
        return other !== undefined && this.term(part, other);
      })
    );
  }

  /** Two terms, the first from the symbolic run. */
  term(a: NixTerm, b: NixTerm): boolean {
    if (a === b) return true;
    if (a.kind !== b.kind) return false;
    const same = SAME_TERM[a.kind] as (a: NixTerm, b: NixTerm, c: Comparison) => boolean;
    return same(a, b, this);
  }

  /** Strings as terms hold them (`string` parts). */
  termParts(a: readonly (string | NixTerm)[], b: readonly (string | NixTerm)[]): boolean {
    return this.parts(this.textParts(a), this.textParts(b));
  }
}

type TermOf<K extends NixTerm["kind"]> = Extract<NixTerm, { kind: K }>;

/** How two terms of each kind compare (call sites left out: they are where, not what). */
const SAME_TERM: {
  readonly [K in NixTerm["kind"]]: (a: TermOf<K>, b: TermOf<K>, c: Comparison) => boolean;
} = {
  ref: (a, b) => a.name === b.name,
  select: (a, b, c) =>
    c.term(a.base, b.base) &&
    a.path.length === b.path.length &&
    // A name may be a parameter's text (`ids.uids[name]`, `nix.select(ids, "uids", name)`).
    a.path.every((k, i) => c.strings(k, b.path[i])) &&
    c.data(a.default, b.default),
  call: (a, b, c) => c.term(a.fn, b.fn) && c.data(a.args, b.args),
  path: (a, b) => a.path === b.path,
  searchPath: (a, b) => a.path === b.path,
  string: (a, b, c) => c.termParts(a.parts, b.parts),
  if: (a, b, c) => c.data(a.cond, b.cond) && c.data(a.then, b.then) && c.data(a.else, b.else),
  let: (a, b, c) => c.data(a.bindings, b.bindings) && c.data(a.body, b.body),
  lambda: (a, b, c) => a.param === b.param && c.data(a.body, b.body),
  binary: (a, b, c) => a.op === b.op && c.data(a.left, b.left) && c.data(a.right, b.right),
  not: (a, b, c) => c.data(a.expr, b.expr),
  data: (a, b, c) => c.data(a.value, b.value),
  raw: (a, b, c) => a.code === b.code && c.data(a.uses, b.uses),
  local: (a, b, c) => a.name === b.name && c.data(a.value, b.value),
  ownServices: () => true,
};
