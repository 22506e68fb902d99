// The same constructors as the processes example: one definition serves
// both nix-processmgmt and Disnix.
export { default } from "../webapp-processes/constructors.js";
