#!/usr/bin/env node
// The CLI runs from TypeScript sources directly: a fresh clone needs no build step.
import { register } from "tsx/esm/api";

register();
if (process.argv[2] === "synth") {
  const { keepYoungGenerationSmall } = await import("../src/cli/heap.ts");
  keepYoungGenerationSmall();
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
