export { default } from "../webapp-processes/constructors.js";
