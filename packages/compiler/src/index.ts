export type * from "./syntax/ast.js";
export * from "./syntax/build.js";
export * from "./diagnostics/diagnostic.js";
export * from "./syntax/identifiers.js";
export * from "./syntax/strings.js";
export * from "./printer/print.js";
export * from "./literals/literal.js";
