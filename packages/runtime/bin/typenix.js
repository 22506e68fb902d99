#!/usr/bin/env node
// The `typenix` command. It runs a build of its TypeScript sources, made on
// first use and again whenever a source changes. Where no build can be made
// (a read-only install), or when TYPENIX_FROM_SOURCES=1 asks for it, it runs
// the sources themselves through tsx.
import { loadBuiltCli } from "../build/built-cli.js";

if (process.argv[2] === "synth" || process.argv[2] === "check") {
  // Spec files are bundled by esbuild: its service process starts while
  // the command loads.
  void import("esbuild").then((esbuild) => esbuild.initialize({}));
}
const built = process.env.TYPENIX_FROM_SOURCES === "1" ? undefined : await loadBuiltCli();
const cli = built ?? (await fromSources());
process.exitCode = await cli.main(process.argv);

async function fromSources() {
  const { register } = await import("tsx/esm/api");
  register();
  return import("../src/cli/main.ts");
}
