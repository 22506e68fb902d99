/**
 * Symbolic values (CDK-style tokens). A `NixValue` wraps a `NixTerm`; its
 * string form is a unique sentinel, so plain template literals such as
 * `${pkgs.nginx}/bin/nginx` keep working and the compiler turns the
 * sentinels back into Nix interpolation. Property access selects attributes:
 * `pkgs.nginx` is `select(ref("pkgs"), ["nginx"])`.
 */
import { SpecError } from "../spec-error.js";
import { calledFromSpecCode, callSite } from "./call-site.js";
import { MODEL_REF, type ModelRef, type NixData, type NixTerm } from "./term.js";
import { termType } from "./types.js";

const TERM: unique symbol = Symbol.for("typenix.term");

/** What every copy of this module shares: the sentinels' opening and the terms by number. */
interface Sentinels {
  readonly open: string;
  readonly terms: NixTerm[];
}

/**
 * Kept on `globalThis` so that every copy of this module (spec files may
 * be loaded in their own module namespace) makes and reads the same
 * sentinels. The opening holds a nonce drawn for the process: text that
 * merely looks like a sentinel (written in a spec, or read from a Nix
 * string by `typenix import`) cannot guess it, so it stays text and never
 * becomes Nix code.
 */
const SENTINELS = Symbol.for("typenix.sentinels");
const shared: Sentinels = ((globalThis as { [SENTINELS]?: Sentinels })[SENTINELS] ??= {
  open: `\uE000\u0001tn${nonce()}:`,
  terms: [],
});

/**
 * Sentinel delimiters: private-use characters around the nonce and a
 * number. The opening holds a control character, which `JSON.stringify`
 * (and other escaping) writes as an escape (`\u0001`): a sentinel that went
 * through it no longer reads as one, but its nonce (`MARK`) is still there,
 * so lowering finds it (see `hasEscapedSentinels`) and reports it rather
 * than writing the placeholder into the generated Nix as text.
 */
const OPEN = shared.open;
const CLOSE = "\uE001";
/** The part of the opening that escaping leaves as it is: `tn` and the nonce. */
const MARK = OPEN.slice(2, -1);
/** (The nonce is hexadecimal: nothing in the opening needs escaping in a regular expression.) */
const SENTINEL = new RegExp(`${OPEN}(\\d+)${CLOSE}`, "g");
/** A sentinel's mark and number, however its delimiters were escaped (`:` is `%3A` in a URI). */
const MARKED = new RegExp(`${MARK}(?::|%3A)(\\d+)`, "g");
/** An escaped sentinel: its delimiters, the control character written as `\\u0001` (or `\\\\u0001`...). */
const ESCAPED = new RegExp(`\\uE000?(?:\\\\*u0001)?${MARK}(?::|%3A)(\\d+)\\uE001?`, "g");
/** Terms by sentinel number. */
const registry = shared.terms;

/** 64 random bits, in hexadecimal. */
function nonce(): string {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return Array.from(words, (w) => w.toString(16).padStart(8, "0")).join("");
}

/**
 * The term of every symbolic value, shared like the registry. Asking a
 * proxy whether it holds a term (`in`, or a property read) runs its trap;
 * the compiler asks for every value of every model, so it asks this map.
 */
const TERMS = Symbol.for("typenix.terms");
const terms: WeakMap<object, NixTerm> = ((globalThis as { [TERMS]?: WeakMap<object, NixTerm> })[
  TERMS
] ??= new WeakMap());

/** A symbolic Nix value. Any attribute of it is again a symbolic value (`pkgs.nginx`). */
export type NixValue = NixValueBase & { readonly [attribute: string]: NixValue };

/** The members every symbolic value has. */
export interface NixValueBase {
  readonly [TERM]: NixTerm;
  /** The sentinel that stands for this value inside strings. */
  toString(): string;
}

/** What a symbolic value wraps: its term, and the attributes selected from it so far. */
interface Symbolic {
  readonly [TERM]: NixTerm;
  /** `value.name` by name, made once: spec code selects the same package in every service. */
  [SELECTED]?: Map<string, NixValue>;
}

const SELECTED: unique symbol = Symbol("selected");

/** Wraps a term as a symbolic value. */
export function symbolic(term: NixTerm): NixValue {
  const value = new Proxy<Symbolic>({ [TERM]: term }, SYMBOLIC);
  terms.set(value, term);
  return value as unknown as NixValue;
}

/** `t.key`, made once per symbolic value and attribute (terms are immutable, so it can be shared). */
function selected(t: Symbolic, key: string): NixValue {
  const cache = (t[SELECTED] ??= new Map());
  let value = cache.get(key);
  if (value === undefined) {
    const term = t[TERM];
    value = (LIST_MEMBERS.has(key) && listMember(term, key)) || symbolic(selectTerm(term, key));
    cache.set(key, value);
  }
  return value;
}

/** The members of JavaScript arrays, which spec code may reach for on a Nix list. */
const LIST_MEMBERS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Array.prototype).filter((k) => k !== "constructor"),
);

/**
 * `list.length` of a value known to be a Nix list is `builtins.length
 * list`; its array methods are a spec error (Nix lists have no attributes,
 * and the callback would run on a symbolic value). Undefined when the
 * value is not known to be a list: `pkgs.lib.map` is an attribute.
 */
function listMember(term: NixTerm, key: string): NixValue | undefined {
  if (termType(term) !== "list") return undefined;
  if (key === "length") return lengthOf(symbolic(term));
  const name = nameOf(term, "list");
  throw new SpecError(
    `${name}.${key}: ${name} is a Nix list whose items only Nix knows, not a JavaScript array`,
    callSite(),
    'build the Nix expression instead: nix.map(nix.lambda("x", (x) => ...), list), nix.length(list), nix.concatStringsSep(sep, list)',
    "TN3042",
  );
}

/** What spec code calls the value of `term`: its variable's name, else `what`. */
function nameOf(term: NixTerm, what: string): string {
  return term.kind === "ref" || term.kind === "local" ? term.name : what;
}

/**
 * A spread, `Object.keys`/`values`/`entries`, `for...in`, `in` or
 * `Object.hasOwn` on a symbolic value: JavaScript would read the
 * attributes of the set, which only Nix knows (it would find none, and a
 * spread would copy what makes the value symbolic).
 */
function attributesOnlyNixKnows(term: NixTerm): SpecError {
  const { message, hint, code } = attributesReport(term);
  return new SpecError(message, callSite(), hint, code);
}

/** What a diagnostic says of a spec reading the attributes of `term`'s value (see `attributesOnlyNixKnows`). */
export interface SymbolicReport {
  /** The message, naming the value. */
  readonly message: string;
  /** The Nix builder to use instead. */
  readonly hint: string;
  /** The diagnostic code. */
  readonly code: "TN3044" | "TN3045";
}

/** The report of a spread (or other read of the attributes) of `term`'s value. */
export function attributesReport(term: NixTerm): SymbolicReport {
  const name = nameOf(term, "the value");
  return {
    message: `${name} is a Nix value whose attributes only Nix knows: a spread, Object.keys, Object.values, Object.entries, for...in, 'in' or Object.hasOwn cannot read them`,
    hint: `build the Nix expression instead: nix.op({ a: "1" }, "//", ${name}) for { a: "1", ...${name} } (the right-hand attributes win, as a later spread's do), nix.call(nix.ref("builtins").attrNames, ${name}) (or attrValues) for Object.keys (Object.values), nix.call(nix.ref("builtins").hasAttr, "k", ${name}) for "k" in ${name}`,
    code: "TN3045",
  };
}

/**
 * `JSON.stringify` of a symbolic value (it calls `toJSON` with the value's
 * key): JavaScript would write the sentinel as a quoted string, whatever
 * the value is, and quote a string's text without escaping it.
 */
function jsonOnlyNixKnows(term: NixTerm): SpecError {
  const { message, hint, code } = jsonReport(term);
  return new SpecError(message, callSite(), hint, code);
}

/**
 * The report of `JSON.stringify` of `term`'s value, or of a string holding
 * it. (`toJSON` is a JavaScript member of symbolic values: Nix's is
 * selected with `nix.select`.)
 */
export function jsonReport(term: NixTerm): SymbolicReport {
  const name = nameOf(term, "a symbolic value");
  return {
    message: `JSON.stringify of ${name}, a value only Nix knows: JavaScript would write it as a quoted placeholder, not as its JSON`,
    hint: `let Nix write the JSON: nix.call(nix.select(nix.ref("builtins"), "toJSON"), ${name}), or of a set or string holding it (Nix writes a set's attributes in sorted order)`,
    code: "TN3044",
  };
}

const BUILTINS_LENGTH = {
  kind: "select",
  base: { kind: "ref", name: "builtins" },
  path: ["length"],
} as const satisfies NixTerm;

/** `builtins.length list`, a number. */
export function lengthOf(list: NixData): NixValue {
  return symbolic({ kind: "call", fn: BUILTINS_LENGTH, args: [list], type: "int" });
}

/**
 * The list a `lengthOf` term counts, or undefined for another term. Read
 * by shape: a term may come from another copy of this module.
 */
export function lengthArgument(term: NixTerm): NixData | undefined {
  if (term.kind !== "call" || term.args.length !== 1) return undefined;
  const { fn } = term;
  const isLength =
    fn.kind === "select" &&
    fn.base.kind === "ref" &&
    fn.base.name === BUILTINS_LENGTH.base.name &&
    fn.path.join(".") === BUILTINS_LENGTH.path.join(".");
  return isLength ? term.args[0] : undefined;
}

/**
 * Attribute names that `value.name` does not select on a symbolic value:
 * `toString` and `toJSON` give its sentinel, `then` is undefined (it is no
 * promise), and the members of `Object.prototype` (`constructor`,
 * `valueOf`, `hasOwnProperty`, `__proto__`, ...) are JavaScript's to the
 * type checker. Select those with `nix.select(value, name)`.
 */
export const JAVASCRIPT_MEMBERS: ReadonlySet<string> = new Set([
  "toString",
  "toJSON",
  "then",
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** The behaviour of every symbolic value (one handler for all: they are made by the thousand). */
const SYMBOLIC: ProxyHandler<Symbolic> = {
  get(t, key) {
    const term = t[TERM];
    if (key === TERM) return term;
    if (key === Symbol.toPrimitive) return (hint: string) => primitive(term, hint);
    // Named, so that `nix.call(value.toJSON, ...)` can name what it was given.
    if (key === "toString") return { toString: () => sentinelFor(term) }.toString;
    // `JSON.stringify` calls `toJSON` with the value's key.
    if (key === "toJSON") return { toJSON: (...key: unknown[]) => jsonOf(term, key.length) }.toJSON;
    // Not a promise: `await value` and async returns must not treat it as a thenable.
    if (key === "then" || typeof key === "symbol") return undefined;
    return selected(t, key);
  },
  // Spec code reading the attributes is reported; a library probing the
  // value (a test framework, an inspector) sees the wrapper's own keys.
  has(t, key) {
    if (typeof key === "string" && calledFromSpecCode()) throw attributesOnlyNixKnows(t[TERM]);
    return key === TERM || (key !== SELECTED && key in t);
  },
  ownKeys(t) {
    if (calledFromSpecCode()) throw attributesOnlyNixKnows(t[TERM]);
    return Reflect.ownKeys(t);
  },
  getOwnPropertyDescriptor(t, key) {
    if (typeof key === "string" && calledFromSpecCode()) throw attributesOnlyNixKnows(t[TERM]);
    return Reflect.getOwnPropertyDescriptor(t, key);
  },
};

/**
 * `value.toJSON(...key)`: the sentinel, unless spec code's `JSON.stringify`
 * asks (see `jsonOnlyNixKnows`).
 */
function jsonOf(term: NixTerm, keys: number): string {
  if (keys > 0 && calledFromSpecCode()) throw jsonOnlyNixKnows(term);
  return sentinelFor(term);
}

function selectTerm(base: NixTerm, attribute: string): NixTerm {
  return base.kind === "select" && base.default === undefined
    ? { kind: "select", base: base.base, path: [...base.path, attribute] }
    : { kind: "select", base, path: [attribute] };
}

function primitive(term: NixTerm, hint: string): string {
  if (hint === "number") {
    throw new TypeError(
      "a symbolic Nix value has no number at synth time; use nix.op(...) for arithmetic on it",
    );
  }
  return sentinelFor(term);
}

function sentinelFor(term: NixTerm): string {
  registry.push(term);
  return `${OPEN}${registry.length - 1}${CLOSE}`;
}

/** True for symbolic values. */
export function isNixValue(value: unknown): value is NixValue {
  // `TERM in` is for values of a copy of this module that predates the map.
  return typeof value === "object" && value !== null && (terms.has(value) || TERM in value);
}

/**
 * True for an object that is no symbolic value and whose `kind` is `kind`
 * (a constructor call, `noDefault`): `!isNixValue(value) && value.kind ===
 * kind`, asked in the order that costs least. A symbolic value of this
 * module's (in `terms`) is never asked its `kind`: it would answer with a
 * selection of its own. Other objects are asked their `kind` first, and
 * only one of that kind whether it holds a term (a spread copy of a
 * symbolic value, or one of a copy of this module that predates `terms`):
 * the compiler asks this of every value of every service, most of them
 * of no kind, and `TERM in` costs more than reading `kind`.
 */
export function isOfKind(value: unknown, kind: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !terms.has(value) &&
    (value as { kind?: unknown }).kind === kind &&
    !(TERM in value)
  );
}

/**
 * True for process instances, services and targets: values lowered as a
 * reference to their name. `!isNixValue(value) && MODEL_REF in value`,
 * written out in the order that costs least: the compiler asks it of
 * every value of every service, and a call more costs more than the test.
 */
export function isModelRef(value: unknown): value is ModelRef {
  return (
    typeof value === "object" &&
    value !== null &&
    !terms.has(value) &&
    MODEL_REF in value &&
    !(TERM in value)
  );
}

/** The term behind a symbolic value. */
export function termOf(value: NixValue): NixTerm {
  return terms.get(value) ?? value[TERM];
}

/** Splits a string into literal text and the symbolic values embedded in it as sentinels. */
export function splitSentinels(text: string): (string | NixTerm)[] {
  const parts: (string | NixTerm)[] = [];
  let last = 0;
  for (const match of text.matchAll(SENTINEL)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    const term = registry[Number(match[1])];
    if (term === undefined) throw new Error(`unknown symbolic value ${match[0]}`);
    parts.push(term);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** True when the string embeds symbolic values. */
export function hasSentinels(text: string): boolean {
  return text.includes(OPEN);
}

const NO_TERMS: readonly NixTerm[] = [];

/**
 * The terms whose sentinels `text` holds escaped (by `JSON.stringify` of a
 * value or a string holding one, or `encodeURIComponent`): JavaScript
 * turned the placeholder into other text, which no longer stands for the
 * value.
 */
export function escapedSentinelTerms(text: string): readonly NixTerm[] {
  // Shared: this is asked of every string of a model, and most hold none.
  if (!text.includes(MARK)) return NO_TERMS;
  const found: NixTerm[] = [];
  for (const match of text.replaceAll(SENTINEL, "").matchAll(MARKED)) {
    const term = registry[Number(match[1])];
    if (term !== undefined) found.push(term);
  }
  return found;
}

/**
 * `text` with every sentinel, escaped or not, written as spec code would
 * write the value in a template literal (`${port}`, `${pkgs.nginx}`), for
 * messages: the sentinel itself is private characters and a nonce.
 */
export function readableSentinels(text: string): string {
  if (!text.includes(MARK)) return text;
  const readable = (number: string): string => {
    const term = registry[Number(number)];
    return `\${${term === undefined ? "…" : termName(term)}}`;
  };
  // What is left after the sentinels: escaped ones, their backslashes doubled as often as escaped.
  return text
    .replaceAll(SENTINEL, (_, n: string) => readable(n))
    .replaceAll(ESCAPED, (_, n: string) => readable(n));
}

/** A short name of the value of `term`: its variable and selected attributes, else `…`. */
function termName(term: NixTerm): string {
  if (term.kind === "ref" || term.kind === "local") return term.name;
  // A name that is a parameter's text reads as Nix writes it: `ids.uids.${name}`.
  if (term.kind === "select")
    return `${termName(term.base)}.${term.path.map(readableSentinels).join(".")}`;
  return "…";
}

/**
 * A copy of a symbolic value made by JavaScript, with other properties:
 * a spread (`{ A: "1", ...env }`) or `Object.assign` copies the symbol
 * that makes a value symbolic along with the properties beside it, and the
 * copy would read as the value alone (`env`), losing them. The term of the
 * value copied, or undefined for any other value. Spec code's spreads are
 * reported as they run (see `attributesOnlyNixKnows`); this finds those
 * run elsewhere (a package's helper), whatever the call stack says.
 */
export function spreadSymbolicTerm(value: object): NixTerm | undefined {
  if (terms.has(value) || !Object.hasOwn(value, TERM)) return undefined;
  if (Object.keys(value).length === 0) return undefined;
  return (value as Symbolic)[TERM];
}
