/**
 * The part of a services, distribution or processes model computed in Nix
 * (the `computed` option of `services(...)`, `distribution(...)` and
 * `processes(...)`), merged after the declared entries as Disnix's examples
 * write it: `rec { ... } // builtins.listToAttrs (map ... )`, or before
 * them where a processes model says so.
 */
import type { NixValue } from "@typenix/dsl/core";
import type { Expr } from "../syntax/ast.js";
import { ident } from "../syntax/build.js";
import { lowerDataAt } from "./data.js";
import { valueErrorAt, type Located, type LowerContext } from "./context.js";

/**
 * `declared // computed`, or `declared` alone when there is no computed
 * part. The computed part stands beside the model's `rec` set, where the
 * set's attributes are not in scope: a declared service it reads by
 * reference is reported (`TN3061`) instead of being written as a variable
 * nothing binds.
 */
export function mergeComputed(
  declared: Expr,
  computed: NixValue | undefined,
  model: Located,
  ctx: LowerContext,
  merge: ComputedMerge = SERVICES_MERGE,
): Expr {
  if (computed === undefined) return declared;
  const beside: LowerContext = {
    ...ctx,
    refName: (item) => {
      const name = ctx.refName(item);
      ctx.diagnostics.push(
        valueErrorAt(
          ctx,
          model.site,
          "TN3061",
          `the computed part reads the ${merge.item}${name?.kind === "Identifier" ? ` '${name.name}'` : ""} of the declared ones, which is not in scope beside the model's rec set`,
          merge.hint,
        ),
      );
      return ident("null");
    },
  };
  // The printer adds the parentheses `//` needs.
  const part = lowerDataAt("computed", computed, beside, model);
  return merge.first
    ? { kind: "Binary", op: "//", left: part, right: declared }
    : { kind: "Binary", op: "//", left: declared, right: part };
}

/** How a model merges its computed part (see `mergeComputed`). */
export interface ComputedMerge {
  /** What the declared entries are, for TN3061. */
  readonly item: string;
  /** TN3061's hint. */
  readonly hint: string;
  /** Whether the computed part stands first (`computed // rec { ... }`). */
  readonly first?: boolean;
}

const SERVICES_MERGE: ComputedMerge = {
  item: "service",
  hint: "read it through the whole set, as ownServices.<name>, or compute the service in TypeScript",
};
