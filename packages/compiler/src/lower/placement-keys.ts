/**
 * The properties of a placement's long form that Disnix does not read.
 * Its `normalize-services.nix` takes `.targets` of the set form, and
 * `target` and `container` of each entry, so anything else (a `container`
 * beside `targets`, a misspelt `contaner` in an entry) would be dropped
 * without a word. The types refuse them, but synth runs specs without the
 * type checker, and a cast (`as never`) lets any through.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { nearReservedName } from "../checks/near-names.js";
import { errorAt, type Located } from "./context.js";

/** The properties Disnix reads of the long form, and of each of its entries. */
const PLACEMENT_KEYS: readonly string[] = ["targets"];
const ENTRY_KEYS: readonly string[] = ["target", "container"];

/**
 * The diagnostics of the properties of `service`'s long-form placement
 * that Disnix does not read, each located at the property the
 * distribution's call writes (see `valuePath`).
 */
export function unreadPlacementKeys(
  service: string,
  placement: { readonly targets: readonly object[] },
  model: Located,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const key of Object.keys(placement)) {
    if (PLACEMENT_KEYS.includes(key)) continue;
    const diagnostic = errorAt(
      model.site,
      "TN2001",
      `the placement of '${service}' has '${key}' beside targets, which Disnix does not read: it reads only the targets of a placement's long form`,
      isContainerKey(key)
        ? `name the container in each entry of targets: { targets: [{ target: t.x, container: "..." }] }`
        : `leave it out: a placement's long form is { targets: [{ target: t.x, container: "..." }] }`,
    );
    found.push({ ...diagnostic, valuePath: [service, key] });
  }
  placement.targets.forEach((entry, index) => {
    const on = (entry as { readonly target?: { readonly name?: unknown } }).target?.name;
    for (const key of Object.keys(entry)) {
      if (ENTRY_KEYS.includes(key)) continue;
      const near = nearReservedName(key, ENTRY_KEYS);
      const diagnostic = errorAt(
        model.site,
        "TN2001",
        `the placement of '${service}' on '${String(on)}' has '${key}', which Disnix does not read: it reads only the target and container of each entry of targets`,
        near === undefined
          ? 'leave it out: an entry of targets is { target: t.x, container: "..." }'
          : `write '${near}': an entry of targets is { target: t.x, container: "..." }`,
      );
      found.push({ ...diagnostic, valuePath: [service, "targets", index, key] });
    }
  });
  return found;
}

/** Whether a property beside `targets` names the container (`container`, `containers`, `Container`). */
function isContainerKey(key: string): boolean {
  return key === "container" || nearReservedName(key, ["container"]) !== undefined;
}
