/**
 * Where typenix's own files are, as against the user's: what diagnostics
 * point at and what the type checker checks are the user's files, never
 * packages in node_modules or typenix's own (the DSL resolves to its
 * sources in a workspace).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of typenix's packages. This module sits two folders below
 * its package, from its sources and from the built command alike.
 */
const TYPENIX_PACKAGES = fileURLToPath(new URL("../../../", import.meta.url));

/** The source of the DSL the command type-checks spec files against. */
export const DSL_SOURCE = join(TYPENIX_PACKAGES, "dsl/src/index.ts");

/** The sources of the two modules of the DSL the command runs spec files with. */
export const DSL_CORE_SOURCE = join(TYPENIX_PACKAGES, "dsl/src/core.ts");
export const DSL_PARAMETER_SCHEMAS_SOURCE = join(
  TYPENIX_PACKAGES,
  "dsl/src/processes/parameter-schemas.ts",
);

/** Whether `path` (absolute) is a file of the user's. */
export function isUserFile(path: string): boolean {
  return !path.includes("/node_modules/") && !path.startsWith(TYPENIX_PACKAGES);
}
