#!/usr/bin/env node
// The `typenix` command. It runs a build of its TypeScript sources, made on
// first use and again whenever a source changes. Where no build can be made
// (a read-only install), or when TYPENIX_FROM_SOURCES=1 asks for it, it runs
// the sources themselves through tsx.
import { loadBuiltCli } from "../build/built-cli.js";

const cli = process.env.TYPENIX_FROM_SOURCES === "1" ? fromSources() : loadBuiltCli();
process.exitCode = await ((await cli) ?? (await fromSources())).main(process.argv);

async function fromSources() {
  const { register } = await import("tsx/esm/api");
  register();
  return import("../src/cli/main.ts");
}
