/**
 * The last check of a generated file: every variable it reads is bound,
 * by the file itself or by Nix. A spec can make Nix read a name nothing
 * binds in ways the builders cannot see (`nix.ref` of a misspelt or
 * undeclared name, a constructor called inside another's arguments, raw
 * Nix naming a variable); Nix would stop at it only when the file is used.
 */
import type { Constructor } from "@typenix/dsl/core";
import { nearReservedName } from "../checks/near-names.js";
import type { Expr } from "../syntax/ast.js";
import { errorAt, lowerAt, valueErrorAt, type FreeRef, type LowerContext } from "./context.js";
import { boundAroundBody, isNixGlobal } from "./file.js";
import { freeNames } from "./free-names.js";

/** Reports the variables the generated function `fn` of `ctor` reads that nothing binds (TN3070). */
export function reportUnboundReads(ctor: Constructor, fn: Expr, ctx: LowerContext): void {
  // Names under `with` may come from its set: `freeNames` leaves them out.
  for (const name of freeNames(fn)) {
    if (isNixGlobal(name)) continue;
    ctx.diagnostics.push(
      errorAt(
        ctor.site,
        "TN3070",
        `the constructor '${ctor.spec.name}' reads the variable '${name}', which nothing binds in its generated file`,
        unboundHint(name),
      ),
    );
  }
}

function unboundHint(name: string): string {
  if (name === "constructors")
    return "a constructor called inside build is read from a constructors model its file has not: return the call (a constructor built on another), or pass what it makes as a parameter";
  return `declare it in the constructor's outer: ["${name}"] when the file's caller passes it, or bind it with nix.local or nix.let`;
}

/**
 * Reports the variables `nix.ref` names in a generated model (`kind`:
 * "processes", "services") that its function `fn` does not bind (TN3071),
 * at the `nix.ref` call: its parameters and `let` bindings are in scope
 * everywhere, its `items` (the `rec` set's names) only in the items
 * themselves. The reads are the ones lowering noted (`LowerContext.refs`):
 * no value is walked again.
 */
export function reportUnboundRefs(
  ctx: LowerContext,
  fn: Expr,
  items: readonly string[],
  kind: string,
): void {
  if (ctx.refs.size === 0) return;
  const around = boundAroundBody(fn);
  const itemNames = new Set(items);
  for (const [name, reads] of ctx.refs) {
    if (around.has(name) || isNixGlobal(name)) continue;
    if (reads.item !== undefined && !itemNames.has(name))
      reportUnboundRef(ctx, name, reads.item, [...around, ...items], kind);
    if (reads.outside !== undefined)
      reportUnboundRef(ctx, name, reads.outside, [...around], kind, itemNames.has(name));
  }
}

function reportUnboundRef(
  ctx: LowerContext,
  name: string,
  read: FreeRef,
  inScope: readonly string[],
  kind: string,
  isItem = false,
): void {
  const near = nearReservedName(name, inScope);
  const hint = isItem
    ? `the model's items are in scope in its rec set only, not in a nix.local, a parameter's default or a computed part: read it in the item that needs it`
    : near !== undefined
      ? `did you mean '${near}'?`
      : "nix.ref reads what the generated model binds: one of its items, a parameter it declares (parameters), a standard parameter, or a nix.local";
  const site = read.term.site ?? read.at?.site;
  ctx.diagnostics.push(
    lowerAt(ctx, read.valuePath, () =>
      valueErrorAt(
        ctx,
        site,
        "TN3071",
        `${read.term.kind === "raw" ? "raw Nix code" : "nix.ref"} reads the variable '${name}', which nothing binds in the generated ${kind} model`,
        hint,
      ),
    ),
  );
}
