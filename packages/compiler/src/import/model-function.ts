/**
 * The parts of a model file around its body: the function header
 * (`{ pkgs, system, stateDir ? "/var", ... }:`) and the `let` bindings
 * before the body. Header parameters become the DSL's standard parameters;
 * `let` bindings become `const`s holding `nix.local(...)`, so the
 * regenerated file binds them under the same names.
 */
import type { Binding, Comment, Expr, FormalNode, Node } from "../syntax/ast.js";
import { printNix } from "../printer/print.js";
import { freeNames } from "../lower/free-names.js";
import {
  PROCESS_PARAMETER_DEFAULTS,
  SERVICES_PARAMETER_DEFAULTS,
  SERVICES_PARAMETERS,
} from "../lower/parameters.js";
import { propertyKey, Scope, type Meaning } from "./scope.js";
import { attrKey, dsl, raw, translate, tsComment, type ImportContext } from "./translate.js";
import type { Constant, ModuleSpec } from "./module.js";
import { binding, ident, letIn } from "../syntax/build.js";
import { bindingComments, closingComments, commentLines, parameterComments } from "./comments.js";

/** The DSL export standing for each standard model parameter. */
export const DSL_PARAMETERS: ReadonlyMap<string, string> = new Map([
  ...PROCESS_PARAMETER_DEFAULTS.map(([name]) => [name, name] as const),
  ["distribution", "distributionParam"],
  ["invDistribution", "invDistribution"],
  ["ids", "ids"],
]);

/** A model file taken apart: its parameters, `let` bindings and body. */
export interface ModelFunction {
  readonly formals: readonly FormalNode[];
  /** The name the whole argument set is bound to (`{ ... }@args`), if any. */
  readonly argsName?: string;
  readonly bindings: readonly Binding[];
  readonly body: Expr;
  /**
   * Comments before the whole expression, in its header's pattern, after its
   * `:` and before each `let`.
   */
  readonly comments: readonly Comment[];
  /** The parameter each comment of `comments` on a formal of the header is about. */
  readonly parameterOf: ReadonlyMap<Comment, string>;
  /** Comments after the last binding of each `let`, before its `in`. */
  readonly closing: readonly Comment[];
  /** Comments before the body, after the header's `:` or the last `in` (`in # the services\nrec { ... }`). */
  readonly bodyComments: readonly Comment[];
}

/** Splits `{ formals }: let bindings in body` (each part optional). */
export function modelFunction(expr: Expr): ModelFunction {
  const comments = [...(expr.comments ?? [])];
  let formals: readonly FormalNode[] = [];
  let argsName: string | undefined;
  const parameterOf = new Map<Comment, string>();
  let body = expr;
  if (body.kind === "Lambda" && body.param.kind === "Formals") {
    const { param } = body;
    formals = param.formals;
    argsName = param.bind?.name.name;
    const own = parameterComments(formals);
    for (const { f, comments: cs } of own) for (const c of cs) parameterOf.set(c, f.name.name);
    comments.push(
      ...(param.comments ?? []),
      ...own.flatMap((p) => p.comments),
      ...closingComments(param),
      ...(body.colonComments ?? []),
    );
    body = body.body;
  }
  const bindings: Binding[] = [];
  const closing: Comment[] = [];
  while (body.kind === "Let" || body.kind === "Paren") {
    if (body.kind === "Let") {
      bindings.push(...body.bindings);
      closing.push(...(body.closingComments ?? []));
    }
    if (body !== expr) comments.push(...(body.comments ?? []));
    body = body.kind === "Let" ? body.body : body.expr;
  }
  // The whole expression's own comments are at the top of the file already.
  const bodyComments = body === expr ? [] : [...(body.comments ?? [])];
  return {
    formals,
    ...(argsName === undefined ? {} : { argsName }),
    bindings,
    body,
    comments,
    parameterOf,
    closing,
    bodyComments,
  };
}

/**
 * The comments of a model after its last binding, as TypeScript comments
 * of its module: those before `in` after the constants, those before the
 * body right above the export that stands for it.
 */
export function exportComments(mf: ModelFunction): Pick<ModuleSpec, "closing" | "beforeExport"> {
  return { closing: mf.closing.map(tsComment), beforeExport: mf.bodyComments.map(tsComment) };
}

/**
 * The comments of a model's header for the top of its spec file, as
 * TypeScript comments. Those on a parameter that `placed` holds are left
 * out: they go with what stands for it (see `parameterDefaults`); those
 * on any other parameter, which nothing in the TypeScript stands for
 * (`pkgs`, read through the DSL's), follow a line naming it.
 */
export function headerComments(
  mf: ModelFunction,
  placed: ReadonlySet<string> = new Set(),
): string[] {
  const lines: string[] = [];
  let last: string | undefined;
  for (const c of mf.comments) {
    const parameter = mf.parameterOf.get(c);
    if (parameter !== undefined && placed.has(parameter)) continue;
    if (parameter !== undefined && parameter !== last)
      lines.push(`// On the parameter ${parameter}:`);
    last = parameter;
    lines.push(tsComment(c));
  }
  return lines;
}

/**
 * Parameters of the header as the scope of the body: standard ones map to
 * DSL exports. The whole argument set (`{ ... }@args`) is refused where it
 * is read: a generated model binds no name to it, and the DSL declares a
 * model's parameters one by one. (Passing it on whole to a merged model
 * file is `composition`'s, which reads no scope.)
 */
export function parameterScope(mf: ModelFunction, ctx: ImportContext): Scope {
  const params = Scope.empty().with(
    mf.formals.map((f) => {
      const dslName = DSL_PARAMETERS.get(f.name.name);
      return [
        f.name.name,
        () =>
          dslName ? dsl(ctx, dslName) : `${dsl(ctx, "nix")}.ref(${JSON.stringify(f.name.name)})`,
      ] as const;
    }),
  );
  const { argsName } = mf;
  if (argsName === undefined) return params;
  const refused = (at?: Node): string => {
    ctx.problems?.report(
      at,
      `the model reads its whole argument set '${argsName}', which a model typenix generates does not bind`,
      'name each argument the model reads as a parameter, with its default (`{ ..., queueName ? "jobs" }:`), and read it by that name',
      "TN6029",
    );
    return `${dsl(ctx, "nix")}.ref(${JSON.stringify(argsName)})`;
  };
  return params.with([[argsName, refused]]);
}

/**
 * What a kind of generated model makes of its header: the parameters its
 * caller always passes (a default of one is never used) and the defaults
 * it gives the standard parameters.
 */
export interface ModelHeader {
  readonly passed: readonly string[];
  readonly defaults: readonly (readonly [string, Expr | undefined])[];
}

/** nix-processmgmt's tools pass a processes model only what they are told to. */
export const PROCESSES_HEADER: ModelHeader = { passed: [], defaults: PROCESS_PARAMETER_DEFAULTS };

/** Disnix passes a services model `system`, `pkgs` and the distributions, and what it is told to. */
export const SERVICES_HEADER: ModelHeader = {
  passed: SERVICES_PARAMETERS,
  defaults: SERVICES_PARAMETER_DEFAULTS,
};

/**
 * Header parameters whose default differs from the one the generated model
 * gives them (or that are not standard, or are in `kept`), as `{ name:
 * default }` entries for the model's `parameters` option; a parameter
 * without a default that the generated model would give one is written
 * with `noDefault`.
 */
export function parameterDefaults(
  formals: readonly FormalNode[],
  scope: Scope,
  ctx: ImportContext,
  header: ModelHeader,
  kept: ReadonlySet<string> = new Set(),
): ParameterEntries {
  const standard = new Map(header.defaults);
  const entries: string[] = [];
  const placed = new Set<string>();
  // A parameter's comments go before its entry, where a reader looks for them.
  const add = (f: FormalNode, comments: readonly Comment[], value: string): void => {
    entries.push(`${commentLines(comments)}${propertyKey(f.name.name)}: ${value}`);
    placed.add(f.name.name);
  };
  for (const { f, comments } of parameterComments(formals)) {
    const name = f.name.name;
    if (header.passed.includes(name)) continue;
    if (!f.default) {
      if (keepsNoDefault(name, standard)) add(f, comments, dsl(ctx, "noDefault"));
      continue;
    }
    const fallback = standard.get(name);
    const same =
      fallback !== undefined && printNix(unparen(fallback)) === printNix(unparen(f.default));
    if (same && !kept.has(name)) continue;
    add(f, comments, translate(f.default, scope, ctx));
  }
  return { entries, placed };
}

/** The entries of a model's `parameters` option, and the parameters they are for. */
export interface ParameterEntries {
  readonly entries: readonly string[];
  readonly placed: ReadonlySet<string>;
}

/**
 * Whether a parameter written without a default needs `noDefault` to stay
 * so: not when the generated model gives it none anyway (`processManager`
 * of a processes model), nor for the other names the DSL stands for
 * (`distribution`, `ids`), which are not parameters of the model's own.
 */
function keepsNoDefault(name: string, standard: ReadonlyMap<string, Expr | undefined>): boolean {
  if (standard.has(name)) return standard.get(name) !== undefined;
  return !DSL_PARAMETERS.has(name);
}

function unparen(expr: Expr): Expr {
  return expr.kind === "Paren" ? unparen(expr.expr) : { ...expr, span: undefined, comments: [] };
}

/**
 * The `let` bindings as `const x = nix.local("x", ...)` constants, in an
 * order where each comes after the ones it uses; the returned scope maps
 * each bound name to its constant. `renamed` gives bindings the generated
 * file binds under another name (`myIds` as `ids`, which synth passes the
 * constructors model): raw Nix reading the name as written gets it bound
 * too, to that value (`myIds = ids;`).
 */
export function letConstants(
  bindings: readonly Binding[],
  outer: Scope,
  ctx: ImportContext,
  renamed: ReadonlyMap<string, string> = new Map(),
): { constants: Constant[]; scope: Scope } {
  const named = letEntries(bindings);
  const consts = new Map(named.map((n) => [n.key, ctx.ids.fresh(n.key)]));
  const constants: Constant[] = [];
  const scope = outer.with(
    [...consts].map(([key, constant]) => [
      key,
      renamedMeaning(key, constant, renamed, constants, ctx),
    ]),
  );
  const cycles = recursiveGroups(named);
  for (const n of dependencyOrder(named, (n) => n.value)) {
    const group = cycles.get(n.key);
    // An inherited name refers to the outer scope, not to itself.
    const valueScope = inheritedAsIs(n) ? outer : scope;
    const value = group
      ? recursiveValue(n, group, scope, ctx)
      : translate(n.value, valueScope, ctx);
    constants.push({
      name: consts.get(n.key) ?? n.key,
      value: `${dsl(ctx, "nix")}.local(${JSON.stringify(renamed.get(n.key) ?? n.key)}, ${value})`,
      comments: n.comments.map(tsComment),
    });
  }
  return { constants, scope };
}

/**
 * What a `let` name means in TypeScript: its constant, which for a binding
 * generated under another name also gives raw Nix reading the name as
 * written a constant binding it, `const myIds2 = nix.local("myIds", myIds)`,
 * added to `constants` where first needed (after the constant it reads,
 * which raw Nix reading it comes after).
 */
function renamedMeaning(
  key: string,
  constant: string,
  renamed: ReadonlyMap<string, string>,
  constants: Constant[],
  ctx: ImportContext,
): Meaning {
  if (!renamed.has(key)) return constant;
  let alias: string | undefined;
  return {
    value: constant,
    selected: constant,
    get bound() {
      if (alias === undefined) {
        alias = ctx.ids.fresh(key);
        const value = `${dsl(ctx, "nix")}.local(${JSON.stringify(key)}, ${constant})`;
        constants.push({ name: alias, value, comments: [] });
      }
      return alias;
    },
  };
}

/** Whether a `let` entry is `inherit name;`, reading the name around the `let`. */
function inheritedAsIs(entry: LetEntry): boolean {
  return entry.value.kind === "Identifier" && entry.value.name === entry.key;
}

/**
 * The entries that read themselves, directly or through others, each with
 * the entries of its cycle (itself included): Nix's `let` is recursive, but
 * a TypeScript constant cannot be read before it is made.
 */
function recursiveGroups(entries: readonly LetEntry[]): Map<string, LetEntry[]> {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const reads = new Map(
    entries.map((e) => {
      const names = inheritedAsIs(e) ? [] : [...freeNames(e.value, new Set(), true)];
      return [e.key, names.filter((name) => byKey.has(name))];
    }),
  );
  const reach = new Map(
    entries.map((e) => {
      const seen = new Set<string>();
      const pending = [...(reads.get(e.key) ?? [])];
      for (let name = pending.pop(); name !== undefined; name = pending.pop())
        if (!seen.has(name)) {
          seen.add(name);
          pending.push(...(reads.get(name) ?? []));
        }
      return [e.key, seen];
    }),
  );
  const groups = new Map<string, LetEntry[]>();
  for (const e of entries) {
    if (!reach.get(e.key)?.has(e.key)) continue;
    groups.set(
      e.key,
      entries.filter(
        (other) => reach.get(e.key)?.has(other.key) && reach.get(other.key)?.has(e.key),
      ),
    );
  }
  return groups;
}

/**
 * A `let` entry that reads itself, kept as raw Nix, which the regenerated
 * `let` binds under the same name: its value, reading the name as Nix
 * does; for a cycle of several, `let <the cycle> in name`, so that it
 * holds the others it reads whether or not they are generated too.
 */
function recursiveValue(
  entry: LetEntry,
  group: readonly LetEntry[],
  scope: Scope,
  ctx: ImportContext,
): string {
  const names = new Set(group.map((g) => g.key));
  const expr: Expr =
    group.length === 1
      ? entry.value
      : {
          ...letIn(
            group.map((g) => binding(g.key, g.value)),
            ident(entry.key),
          ),
          span: entry.value.span,
        };
  const what = `${entry.key} (a let binding that reads itself)`;
  return raw(expr, scope, ctx, { bound: names, what });
}

/** The `let` binding binding `name` alone (`name = ...;`, not `inherit` or `name.a = ...;`). */
export function letBinding(
  bindings: readonly Binding[],
  name: string,
): Extract<Binding, { kind: "AttrBinding" }> | undefined {
  return bindings.find(
    (b): b is Extract<Binding, { kind: "AttrBinding" }> =>
      b.kind === "AttrBinding" && b.path.length === 1 && attrKey(b.path[0]) === name,
  );
}

/**
 * The value each `let` name is bound to, `inherit (set) name;` as
 * `set.name`: what a translation that writes a name out by its value
 * (a distribution's targets) reads through.
 */
export function letValues(bindings: readonly Binding[]): Map<string, Expr> {
  return new Map(letEntries(bindings).map((e) => [e.key, e.value]));
}

interface LetEntry {
  readonly key: string;
  readonly value: Expr;
  readonly comments: readonly Comment[];
}

/** One entry per bound name: `inherit` expanded, `a.b = x; a.c = y;` grouped into a set. */
function letEntries(bindings: readonly Binding[]): LetEntry[] {
  const entries: LetEntry[] = [];
  const groups = new Map<string, Binding[]>();
  for (const b of bindings) {
    if (b.kind === "Inherit") {
      for (const [i, n] of b.names.entries()) {
        const key = attrKey(n) ?? "";
        const value: Expr = b.from
          ? { kind: "Select", expr: b.from, path: [n] }
          : { kind: "Identifier", name: key };
        // Comments go before the first constant the binding gives.
        entries.push({ key, value, comments: i === 0 ? bindingComments(b) : [] });
      }
      continue;
    }
    if (b.kind === "PrintedBinding") continue; // generated files only
    const key = attrKey(b.path[0]) ?? "";
    if (b.path.length === 1) {
      entries.push({ key, value: b.value, comments: bindingComments(b) });
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      const value: Expr = { kind: "AttrSet", recursive: false, bindings: group };
      // The comments stay on the bindings of the group, properties of the set.
      entries.push({ key, value, comments: [] });
    }
    group.push({ ...b, path: b.path.slice(1) });
  }
  return entries;
}

/**
 * `items` ordered so that each comes after the items (by key) its value
 * refers to; a name the value binds itself (`rec { a = 1; b = a; }`) refers
 * to no item. Names under `with` count: a binding around wins over its set.
 */
export function dependencyOrder<T extends { readonly key: string }>(
  items: readonly T[],
  valueOf: (item: T) => Expr,
): T[] {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const done = new Set<string>();
  const order: T[] = [];
  const visit = (item: T, active: Set<string>): void => {
    if (done.has(item.key) || active.has(item.key)) return;
    active.add(item.key);
    for (const name of freeNames(valueOf(item), new Set(), true)) {
      const dep = byKey.get(name);
      if (dep && dep !== item) visit(dep, active);
    }
    done.add(item.key);
    order.push(item);
  };
  items.forEach((i) => visit(i, new Set()));
  return order;
}
