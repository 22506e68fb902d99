/**
 * chevrotain's classes and functions, loaded from the single-file build its
 * package ships (`lib/chevrotain.mjs`, the same release): the package's
 * entry point loads some hundreds of modules (lodash-es among them), which
 * took about 350 ms of every `typenix` run against about 30 ms for the
 * bundle. Types still come from `chevrotain` itself.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

// The package exports only its entry point (`lib/src/api.js`); the bundle is beside `src`.
const entry = pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"));
const chevrotain = (await import(
  new URL("../chevrotain.mjs", entry).href
)) as typeof import("chevrotain");

export const { EOF, EmbeddedActionsParser, Lexer, createToken, createTokenInstance } = chevrotain;
/** The instance types of the classes above, as chevrotain declares them. */
export type EmbeddedActionsParser = import("chevrotain").EmbeddedActionsParser;
export type Lexer = import("chevrotain").Lexer;
