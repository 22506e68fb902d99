/**
 * @typenix/dsl: typed builders for Disnix models and nix-processmgmt
 * process specifications. Spec files default-export a model built here;
 * `typenix synth` turns it into the `.nix` files and JSON specs the Nix
 * toolchain reads.
 */
export * from "./core.js";
export * from "./processes/parameter-schemas.js";
