/**
 * What lowering needs to know while turning model values into Nix: where the
 * generated file goes (to rewrite paths), how model items are named, and
 * the `let` bindings and diagnostics it collects on the way.
 */
import {
  isNixIdentifier,
  type CallSite,
  type Constructor,
  type ConstructorsModelInfo,
  type ModelRef,
  type NixData,
  type NixTerm,
} from "@typenix/dsl/core";
import { errorDiagnostic, warningDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { AttrName, Binding, Expr } from "../syntax/ast.js";
import { binding } from "../syntax/build.js";

/** A file or folder a generated file reads: an input of the run (see `LowerContext.paths`). */
export interface ReadPath {
  /** The path, absolute. */
  readonly path: string;
  /**
   * How spec code wrote it when that was not relative to the spec file:
   * absolute (`/srv/data`) or in the home folder (`~/data`). The manifest
   * shows such a path as written; a relative one, relative to OUT.
   */
  readonly written?: string;
  /** Where spec code names it (the first place, if several), when known. */
  readonly site?: CallSite;
}

/** Lowering state for one generated file. */
export interface LowerContext {
  /** Absolute path of the `.nix` file being generated; paths are written relative to it. */
  readonly outFile: string;
  /**
   * The output directory the file is written to, when it is written
   * (synth): a `nix.path` of a folder holding it is reported (`TN3027`).
   */
  readonly outDir?: string;
  /** The name a model item (instance, service, target) is referenced by, or undefined when it is not in scope. */
  readonly refName: (item: ModelRef) => Expr | undefined;
  /**
   * Names a `nix.local` value must not be bound under, as the file binds
   * them otherwise (function parameters, the items of its `rec` set, its
   * own `let` bindings): a local that asks for one gets a fresh name. Read
   * through `reservedNames`, which adds the names of the items.
   */
  readonly reserved: Set<string>;
  /**
   * The names of the model's items (thousands of services), reserved only
   * when a question needs them (see `reservedNames`): most files bind no
   * local, and so never ask.
   */
  itemNames?: readonly string[];
  /**
   * The `nix.let` and `nix.lambda` terms being lowered, innermost last:
   * there a variable of a name they bind reads theirs.
   */
  readonly scopes: Scope[];
  /** Values bound in the file's `let` block, in first-use order (`nix.local`). */
  readonly locals: Map<string, { readonly value: NixData; readonly site?: CallSite }>;
  /**
   * The constructors model the file's constructor calls go through: a
   * constructor called directly is called under its key there, which need
   * not be its name (`constructors({ simpleWebapp: webapp })`).
   */
  readonly constructorsInScope?: ConstructorsInScope;
  /** Parses `nix.raw` code; absent when no parser is available. */
  readonly parseRaw?: (code: string, site: CallSite | undefined) => Expr | undefined;
  readonly diagnostics: Diagnostic[];
  /**
   * Attribute names lowered so far, by key, each as a one-segment path:
   * every record of a model repeats the same keys. (Syntax nodes are never
   * modified, so one can stand in several places.)
   */
  readonly attrNames: Map<string, readonly [AttrName]>;
  /**
   * Terms lowered so far: spec code uses one symbolic value (`pkgs.hello`)
   * in many records, and a term lowers to the same expression each time.
   */
  readonly terms: Map<NixTerm, Expr>;
  /**
   * The variables lowered expressions read (names bound inside them
   * included: callers intersect with what they provide), noted as lowering
   * makes them, so a file's parameters are known without walking its tree.
   */
  readonly names: Set<string>;
  /**
   * The files and folders the file's paths name (`nix.path`, `nix.import`,
   * path literals in raw Nix), by absolute path, noted as lowering writes
   * them: the generated file reads them, so they are inputs of the run.
   * Store paths are left out: nothing changes them.
   */
  readonly paths: Map<string, ReadPath>;
  /**
   * The files beside it in OUT that the file reads and no spec names: the
   * `ids.nix` the id assignment tools write there after synth (see
   * `idsBindings`). The file's text is the same whatever they hold, but
   * what Nix makes of it (the JSON specs) is not.
   */
  readonly besides: Set<string>;
  /**
   * Set when an item of the model's main set (a service, a process
   * instance) asks for unique ids, or may (see `usesIds`): noted as
   * lowering meets it, so the items are not gone through again.
   */
  idsAsked?: boolean;
  /**
   * What the file keeps of each item of its main set (a service, a process
   * instance, a placement) once it is lowered, given the item's name and
   * value: by default the binding `name = value;`; synth keeps the item
   * printed already (`printedItem`), so that its syntax tree is garbage at
   * once (see `finishedItem`).
   */
  readonly finishItem?: (name: string, value: Expr) => Binding;
  /**
   * Where in the model the value being lowered is (`services`, `webapp`,
   * `port`), kept by lowering as it goes down, so that a diagnostic about
   * a value names it. Empty outside the items `lowerAt` names.
   */
  readonly valuePath: (string | number)[];
  /**
   * Set while a services model is lowered: there `ownServices` reads its
   * set of services by name. Elsewhere it is absent, and reading
   * `ownServices` is an error.
   */
  ownServices?: OwnServices;
  /**
   * The variables `nix.ref` names and no `nix.let` or `nix.lambda` around
   * binds, by name: what the generated file must bind (see
   * `reportUnboundRefs`). Noted as lowering meets them, so the file's tree
   * is not walked for them.
   */
  readonly refs: Map<string, FreeRefs>;
  /**
   * Set while the items of the model's `rec` set are lowered: a variable
   * read there may name another item; one read in a `nix.local` or a
   * parameter's default may not.
   */
  inItems?: boolean;
  /**
   * Parameters that may be null which the `nix.if` branch being lowered
   * knows are not (`x` in the then-branch of `x != null`): they may stand
   * in a string there (see TN3043).
   */
  notNull?: readonly string[];
  /**
   * The constructor whose generated file this is: a function of its
   * parameters, which sees no model's items (a reference to one is TN3078).
   */
  constructorName?: string;
}

/** Where a variable `nix.ref` names is first read, in the model's items and outside them. */
export interface FreeRefs {
  item?: FreeRef;
  outside?: FreeRef;
}

/** A read of a variable through `nix.ref`: the term, the value it is in, and where that is in the model. */
export interface FreeRef {
  readonly term: NixTerm & { readonly site?: CallSite };
  readonly at: Located | undefined;
  readonly valuePath: readonly (string | number)[];
}

/** The name a services model's set of services is read by (`ownServices`). */
export interface OwnServices {
  /**
   * The variable the set is bound to, chosen when `ownServices` is first
   * read; undefined while nothing read it (the file returns the set itself).
   */
  name?: string;
}

/** The constructors model a file's constructor calls go through, and the file it comes from. */
export interface ConstructorsInScope {
  /** The constructors, by the key they are called under. */
  readonly constructors: Readonly<Record<string, Constructor>>;
  /** The spec file the model is written from. */
  readonly file: string;
  /** The model's options: where nix-processmgmt is. */
  readonly options: ConstructorsModelInfo["options"];
  /** Where the model is made, which a relative `nixProcessmgmt` is relative to. */
  readonly site: CallSite | undefined;
}

/**
 * A model item or builder call, whose call site locates diagnostics. Its
 * `site` is only read when a diagnostic needs it: working it out means
 * formatting a stack trace.
 */
export interface Located {
  readonly site?: CallSite | undefined;
}

/** The hint of a name Nix cannot take as a variable (TN3005). */
export { VARIABLE_NAME_HINT } from "@typenix/dsl/core";

/** A diagnostic located at a builder call. */
export function errorAt(
  site: CallSite | undefined,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return errorDiagnostic(code, message, site, hint);
}

/** A warning located at a builder call. */
export function warningAt(
  site: CallSite | undefined,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return warningDiagnostic(code, message, site, hint);
}

/**
 * Runs `lower` on the value `path` names (`["services", "webapp"]`) below
 * the current one; the path is restored after it, even when it throws.
 */
export function lowerAt<T>(
  ctx: LowerContext,
  path: readonly (string | number)[],
  lower: () => T,
): T {
  const valuePath = ctx.valuePath;
  const depth = valuePath.length;
  // Most paths are one key: pushed without the array a spread call makes of its arguments.
  if (path.length === 1) valuePath.push(path[0] as string | number);
  else valuePath.push(...path);
  try {
    return lower();
  } finally {
    valuePath.length = depth;
  }
}

/**
 * A diagnostic about a value: located at the builder call, its message
 * prefixed with where the value is (`services.webapp.port: ...`).
 */
export function valueErrorAt(
  ctx: LowerContext,
  site: CallSite | undefined,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return atValue(ctx, errorAt, site, code, message, hint);
}

/** A warning about a value, as `valueErrorAt` makes an error. */
export function valueWarningAt(
  ctx: LowerContext,
  site: CallSite | undefined,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return atValue(ctx, warningAt, site, code, message, hint);
}

function atValue(
  ctx: LowerContext,
  make: typeof errorAt,
  site: CallSite | undefined,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  if (ctx.valuePath.length === 0) return make(site, code, message, hint);
  const diagnostic = make(site, code, `${formatValuePath(ctx.valuePath)}: ${message}`, hint);
  return { ...diagnostic, valuePath: [...ctx.valuePath] };
}

/** `services.webapp.limits."max.ratio"[1]`: keys as Nix writes them in a path, list items by index. */
function formatValuePath(path: readonly (string | number)[]): string {
  return path
    .map((p, i) => {
      if (typeof p === "number") return `[${p}]`;
      const name = isNixIdentifier(p) ? p : JSON.stringify(p);
      return i === 0 ? name : `.${name}`;
    })
    .join("");
}

/** The item `name = value;` of the file's main set, as the file keeps it (`finishItem`). */
export function finishedItem(ctx: LowerContext, name: string, value: Expr): Binding {
  const finish = ctx.finishItem;
  return finish === undefined ? binding(name, value) : finish(name, value);
}

/** The names a `nix.let` or `nix.lambda` binds, and which one it is. */
export interface Scope {
  readonly builder: "nix.let" | "nix.lambda";
  readonly names: readonly string[];
  /** The number its variables carry (the `binding` of their terms). */
  readonly binding: number;
}

/** A fresh context for one generated file. */
export function emptyContext(
  outFile: string,
  refName: LowerContext["refName"] = () => undefined,
  extra: Partial<LowerContext> = {},
): LowerContext {
  return {
    outFile,
    refName,
    reserved: new Set(),
    scopes: [],
    locals: new Map(),
    diagnostics: [],
    attrNames: new Map(),
    terms: new Map(),
    names: new Set(),
    refs: new Map(),
    paths: new Map(),
    besides: new Set(),
    valuePath: [],
    ...extra,
  };
}
