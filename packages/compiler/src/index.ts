export type * from "./syntax/ast.js";
export * from "./syntax/build.js";
export * from "./diagnostics/diagnostic.js";
export * from "./syntax/identifiers.js";
export * from "./syntax/strings.js";
export * from "./printer/print.js";
export * from "./literals/literal.js";
export * from "./synth/synthesize.js";
export * from "./synth/classify.js";
export * from "./specs/spec-directories.js";
export * from "./checks/check-models.js";
// Named, so these stay the parser the package exports.
export { parseNix, MAX_NESTING, type ParseResult } from "./parse/index.js";
export * from "./import/import-model.js";
export * from "./parser/index.js";
