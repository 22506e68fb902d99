/**
 * The `ids` of processes and services models: the unique ids
 * `nixproc-id-assign` (or `disnix-id-assign`) writes to the `ids.nix`
 * beside the model, which nix-processmgmt's examples bind in `let`
 * (`ids = if builtins.pathExists ./ids.nix then (import ./ids.nix).ids
 * else { };`) and pass on to their constructors models.
 */
import type { AttrName, Binding, Expr } from "../syntax/ast.js";
import { apply, attrSet, binding, ident, path, select } from "../syntax/build.js";
import { forEachChild } from "../syntax/children.js";
import { staticName } from "../syntax/static-names.js";
import type { LowerContext } from "./context.js";

/**
 * Whether a model reads its `ids` and passes them to its constructors
 * model: where its items or locals read them (as lowering noted them in
 * `ctx.names`: lower the locals first), or an item asks for some
 * (`requiresUniqueIdsFor`) for its constructors to read, as
 * nix-processmgmt's `createManagedProcess` reads the uids it asks for. An
 * item that is a constructor's call (a service whose record the
 * constructor makes, as nix-processmgmt-services' container constructors
 * do) may ask for some in that record, which only Nix reads: the ids are
 * passed then too (a constructors model takes `ids ? { }`). Both are
 * noted in `ctx.idsAsked` as the items are lowered (see `noteIdsAsked`).
 * So are they where an item of the part computed in Nix asks for some:
 * `body`, the model's set as lowered, items printed already and that part
 * a tree, given only for a model that has such a part (a model of
 * thousands of items is not walked for nothing).
 */
export function usesIds(ctx: LowerContext, body?: Expr): boolean {
  if (ctx.names.has("ids") || ctx.idsAsked === true) return true;
  return body !== undefined && setsIdsRequest(body);
}

/**
 * Notes in `ctx.idsAsked` a process instance or service record (given
 * neither as a Nix value, which has only what Nix makes of it, nor as a
 * constructor's call, which lowering notes itself) that asks for ids.
 */
export function noteIdsAsked(record: object, ctx: LowerContext): void {
  if ((record as { requiresUniqueIdsFor?: unknown }).requiresUniqueIdsFor !== undefined)
    ctx.idsAsked = true;
}

/**
 * Whether a set of `expr` has `requiresUniqueIdsFor`: an item of a part
 * computed in Nix asking for ids, in TypeScript or in raw Nix (the items
 * printed already are none of its nodes).
 */
function setsIdsRequest(expr: Expr): boolean {
  let found = false;
  const visit = (e: Expr): void => {
    found ||=
      e.kind === "AttrSet" && e.bindings.some((b) => b.kind === "AttrBinding" && asksBy(b.path));
    if (!found) forEachChild(e, visit);
  };
  visit(expr);
  return found;
}

/** Whether an attribute path is `requiresUniqueIdsFor`. */
function asksBy([name, ...rest]: readonly AttrName[]): boolean {
  return name !== undefined && rest.length === 0 && staticName(name) === "requiresUniqueIdsFor";
}

/**
 * The `let` binding of a model's `ids`, read from the `ids.nix` beside the
 * generated file, where the id assignment tools write it for that file;
 * none where the model has `ids` otherwise: a local named `ids` (an
 * imported model's, reading the ids.nix beside its original) or a
 * parameter (`parameters`) named `ids`, which is the model's ids: what
 * its caller passes, or the default it declares.
 */
export function idsBindings(ctx: LowerContext, parameters: readonly string[]): Binding[] {
  if (ctx.locals.has("ids") || parameters.includes("ids")) return [];
  ctx.besides.add(IDS_FILE);
  return [binding("ids", idsFromFile())];
}

/** The file beside a model the id assignment tools write its ids to. */
export const IDS_FILE = "ids.nix";

/** `if builtins.pathExists ./ids.nix then (import ./ids.nix).ids else { }`, as nixproc-id-assign expects. */
function idsFromFile(): Expr {
  const file = path(`./${IDS_FILE}`);
  return {
    kind: "If",
    cond: apply(select(ident("builtins"), "pathExists"), file),
    then: select({ kind: "Paren", expr: apply(ident("import"), file) }, "ids"),
    else: attrSet([]),
  };
}
