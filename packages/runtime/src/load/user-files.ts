/**
 * Which files are the user's: what diagnostics point at, and what the
 * type checker checks. Packages in node_modules and typenix's own
 * packages are not (the DSL resolves to its sources in a workspace).
 */
import { fileURLToPath } from "node:url";

/**
 * The folder of typenix's packages. This module sits two folders below
 * its package, from its sources and from the built command alike.
 */
const TYPENIX_PACKAGES = fileURLToPath(new URL("../../../", import.meta.url));

/** Whether `path` (absolute) is a file of the user's. */
export function isUserFile(path: string): boolean {
  return !path.includes("/node_modules/") && !path.startsWith(TYPENIX_PACKAGES);
}
