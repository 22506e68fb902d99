export type * from "./syntax/ast.js";
export * from "./syntax/build.js";
export * from "./diagnostics/diagnostic.js";
