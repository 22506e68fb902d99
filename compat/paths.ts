/** Where the compat scripts find this repository's pieces. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** This folder. */
export const HERE = fileURLToPath(new URL(".", import.meta.url));
/** The `typenix` command. */
export const CLI = join(HERE, "../packages/runtime/bin/typenix.js");
/** The DSL package, which imported spec files resolve `@typenix/dsl` to. */
export const DSL = join(HERE, "../packages/dsl");
