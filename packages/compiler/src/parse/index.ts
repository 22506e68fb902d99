export { parseNix, MAX_NESTING, type ParseResult } from "./parse.js";
