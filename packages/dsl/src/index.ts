/**
 * @typenix/dsl: typed builders for Disnix models and nix-processmgmt
 * process specifications. Spec files default-export a model built here;
 * `typenix synth` turns it into the `.nix` files and JSON specs the Nix
 * toolchain reads.
 */
export { nix } from "./symbolic/nix.js";
export {
  isNixValue,
  termOf,
  splitSentinels,
  hasSentinels,
  type NixValue,
  type NixValueBase,
} from "./symbolic/value.js";
export { isModelRef } from "./symbolic/model-ref.js";
export { recordCallSites } from "./symbolic/call-site.js";
export {
  MODEL_REF,
  type CallSite,
  type NixData,
  type NixTerm,
  type NixOperator,
  type ModelRef,
} from "./symbolic/term.js";
export * from "./parameters.js";
export { SpecError } from "./spec-error.js";
export * from "./processes/managed-process.js";
export * from "./processes/constructor.js";
export * from "./processes/processes.js";
export * from "./disnix/dysnomia-types.js";
export * from "./disnix/service.js";
export * from "./disnix/infrastructure.js";
export * from "./disnix/distribution.js";
export { z } from "zod";
