export { main, createProgram } from "./cli/main.js";
