/** Where the compat scripts find this repository's pieces. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** This folder. */
export const HERE = fileURLToPath(new URL(".", import.meta.url));
/** The `typenix` command. */
export const CLI = join(HERE, "../packages/runtime/bin/typenix.js");
/** The DSL package, which imported spec files resolve `@typenix/dsl` to. */
export const DSL = join(HERE, "../packages/dsl");

/**
 * The environment Nix runs in for the compat scripts: `<nixpkgs>` is the
 * stand-in Nixpkgs, which takes its library from `<nixpkgs-lib>`, and
 * `<nix-processmgmt>` the given checkout.
 */
export function upstreamEnv(nixpkgsLib: string, nixProcessmgmt: string): NodeJS.ProcessEnv {
  const searchPath = [
    `nixpkgs=${join(HERE, "stand-in-nixpkgs.nix")}`,
    `nixpkgs-lib=${join(nixpkgsLib, "lib")}`,
    `nix-processmgmt=${nixProcessmgmt}`,
  ];
  return { ...process.env, NIX_PATH: searchPath.join(":") };
}
