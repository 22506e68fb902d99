/**
 * The command-line arguments of a process (`args`, `daemonArgs`, ...).
 * nix-processmgmt's process managers write each one through Nix's
 * `toString` (`lib.escapeShellArgs`), which writes an integer as
 * JavaScript does but `0.5` as `0.500000`: a number that is or may be a
 * fraction is reported there, as it is in a string (TN3041, TN3046).
 */
import {
  isNixValue,
  nixTypeOf,
  termOf,
  type ManagedProcessProperties,
  type NixData,
} from "@typenix/dsl/core";
import { lowerAt, valueErrorAt, type Located, type LowerContext } from "./context.js";

/** The arguments of createManagedProcess that are lists of command-line arguments. */
export const ARGUMENT_LISTS = [
  "args",
  "daemonExtraArgs",
  "daemonArgs",
  "foregroundProcessExtraArgs",
  "foregroundProcessArgs",
] as const;

const HINT =
  'declare a whole number with z.int() (or .int()), give the argument as text ("0.5", or a z.string()), or call nix.toString on it if Nix\'s form will do';

/** Reports each item of `properties`' argument lists that Nix would write otherwise than JavaScript. */
export function checkProcessArguments(
  properties: ManagedProcessProperties,
  ctx: LowerContext,
  at?: Located,
): void {
  for (const name of ARGUMENT_LISTS) {
    const items = properties[name];
    // A list only Nix knows has items of no known type.
    if (!Array.isArray(items)) continue;
    items.forEach((item: NixData, i) =>
      lowerAt(ctx, [name, i], () => checkArgument(item, ctx, at)),
    );
  }
}

function checkArgument(item: NixData, ctx: LowerContext, at?: Located): void {
  const type = nixTypeOf(item);
  if (type !== "float" && type !== "number") return;
  const term = isNixValue(item) ? termOf(item) : undefined;
  const what =
    term === undefined
      ? String(item)
      : term.kind === "ref"
        ? `'${term.name}'`
        : "a value Nix computes";
  const message =
    type === "float"
      ? `${what}: a fraction in a command-line argument: nix-processmgmt writes it through Nix's toString, which writes 0.5 as 0.500000, JavaScript as 0.5`
      : `${what}: a number that may be a fraction in a command-line argument: nix-processmgmt writes it through Nix's toString, which writes 0.5 as 0.500000, JavaScript as 0.5`;
  ctx.diagnostics.push(
    valueErrorAt(ctx, at?.site, type === "float" ? "TN3041" : "TN3046", message, HINT),
  );
}
