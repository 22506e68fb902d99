/**
 * The last check of a generated constructor file: every variable it reads
 * is bound, by the file itself or by Nix. A spec can make Nix read a name
 * nothing binds in ways the builders cannot see (`nix.ref` of a name no
 * `outer` declares, a constructor called inside another's arguments, raw
 * Nix naming a variable); Nix would stop at it only when the file is used.
 */
import type { Constructor } from "@typenix/dsl/core";
import type { Expr } from "../syntax/ast.js";
import { errorAt, type LowerContext } from "./context.js";
import { isNixGlobal } from "./file.js";
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
