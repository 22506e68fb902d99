/**
 * The DSL without zod: the model builders, symbolic values and the model
 * types, everything of `@typenix/dsl` but the parameter schemas
 * (`./processes/parameter-schemas.ts`). The compiler reads models through
 * it; the command loads the schemas only for spec files that use them, as
 * zod alone takes longer to start than a small deployment to synthesize.
 */
export { nix, type AttributeName } from "./symbolic/nix.js";
export { NIX_KEYWORDS, isNixIdentifier, VARIABLE_NAME_HINT } from "./symbolic/nix-names.js";
export {
  isModelRef,
  isNixValue,
  symbolic,
  termOf,
  splitSentinels,
  hasSentinels,
  escapedSentinelTerms,
  readableSentinels,
  spreadSymbolicTerm,
  attributesReport,
  jsonReport,
  type SymbolicReport,
  lengthArgument,
  JAVASCRIPT_MEMBERS,
  type NixValue,
  type NixValueBase,
} from "./symbolic/value.js";
export { nixTypeOf, termType } from "./symbolic/types.js";
export { recordCallSites } from "./symbolic/call-site.js";
export {
  HEADER_BINDING,
  MODEL_REF,
  type CallSite,
  type NixData,
  type NixTerm,
  type NixOperator,
  type NixType,
  type ModelRef,
} from "./symbolic/term.js";
export * from "./parameters.js";
export { SpecError } from "./spec-error.js";
export { isBuiltModel } from "./built-model.js";
export * from "./processes/managed-process.js";
export * from "./processes/constructor.js";
export * from "./processes/outer-values.js";
export { schemaDef, type SchemaDef } from "./processes/schema-def.js";
export * from "./processes/processes.js";
export { constructorsModelOfCall } from "./processes/call-models.js";
export * from "./disnix/dysnomia-types.js";
export * from "./disnix/service.js";
export * from "./disnix/infrastructure.js";
export * from "./disnix/distribution.js";
