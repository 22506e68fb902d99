export { default } from "../stafftracker/constructors.js";
