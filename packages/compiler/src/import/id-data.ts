/**
 * nix-processmgmt's id assignment data, which sits beside the models it
 * serves and is no model: `typenix import` skips it rather than failing on
 * a file of no kind it knows.
 */
import type { AttrSetNode, Expr, NixFile } from "../syntax/ast.js";
import { attrKey } from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

/** What id assignment data a file holds. */
export type IdData = "ids" | "ranges";

/**
 * `ids` for the ids nixproc-id-assign writes (`{ ids = { ... }; ... }`),
 * `ranges` for those it assigns them from (`{ uids = { min = 2000; max =
 * 3000; }; gids = uids; }`), read from the file's shape; undefined for
 * anything else.
 */
export function idData(file: NixFile): IdData | undefined {
  const set = plainSet(file.expr);
  if (!set || set.bindings.length === 0) return undefined;
  const entries = set.bindings.map((b) =>
    b.kind === "AttrBinding" && b.path.length === 1
      ? { key: attrKey(b.path[0]), value: unparenthesized(b.value) }
      : undefined,
  );
  if (entries.some((e) => e?.key === "ids" && e.value.kind === "AttrSet")) return "ids";
  const keys = new Set(entries.map((e) => e?.key));
  // A range, or another key's range by name (`gids = uids;`, in a `rec` set).
  const range = (value: Expr): boolean =>
    isRange(value) || (set.recursive && value.kind === "Identifier" && keys.has(value.name));
  return entries.every((e) => e !== undefined && range(e.value)) ? "ranges" : undefined;
}

function plainSet(expr: Expr): AttrSetNode | undefined {
  const e = unparenthesized(expr);
  return e.kind === "AttrSet" ? e : undefined;
}

/** `{ min = 5000; max = 6000; }`, with a `step` between the ids it gives (`step = 3;`) or not. */
function isRange(value: Expr): boolean {
  const set = plainSet(value);
  if (!set) return false;
  const keys = set.bindings.map((b) =>
    b.kind === "AttrBinding" && b.path.length === 1 && unparenthesized(b.value).kind === "Int"
      ? attrKey(b.path[0])
      : undefined,
  );
  return (
    keys.includes("min") &&
    keys.includes("max") &&
    keys.every((key) => key === "min" || key === "max" || key === "step") &&
    new Set(keys).size === keys.length
  );
}
