/**
 * What each command loads before it runs: its module and what that imports
 * statically, as esbuild bundles the command. The Nix parser (and
 * chevrotain under it, some 800 modules) took about 6 ms of every
 * `typenix synth` run to load and set up, and most specs hold no raw Nix:
 * synth loads it only on demand (`import()`), for `nix.raw` code.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const RUNTIME = fileURLToPath(new URL("..", import.meta.url));

/** The inputs `entry` reaches, each with the chain of imports that reaches it. */
async function reached(entry: string, dynamic: boolean): Promise<Map<string, string[]>> {
  const { metafile } = await build({
    entryPoints: [join(RUNTIME, entry)],
    absWorkingDir: RUNTIME,
    bundle: true,
    write: false,
    metafile: true,
    format: "cjs",
    platform: "node",
    outdir: "out",
    external: ["esbuild", "ts-morph", "tsx", "typescript", "zod"],
    logLevel: "silent",
  });
  const chains = new Map([[entry, [entry]]]);
  const queue = [entry];
  for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
    for (const { path, kind, external } of metafile.inputs[input]?.imports ?? []) {
      if (external || chains.has(path) || (kind === "dynamic-import" && !dynamic)) continue;
      chains.set(path, [...(chains.get(input) ?? []), path]);
      queue.push(path);
    }
  }
  return chains;
}

/** The chain of imports from the entry to the first reached input that `matches`, if any. */
function chainTo(chains: Map<string, string[]>, matches: RegExp): string[] | undefined {
  return [...chains].find(([path]) => matches.test(path))?.[1];
}

const PARSER = /compiler\/src\/parser\/|node_modules\/.*chevrotain/;

describe("modules loaded before a command runs", () => {
  it("synth loads the Nix parser only on demand", async () => {
    expect(chainTo(await reached("src/commands/synth.ts", false), PARSER)).toBeUndefined();
    expect(chainTo(await reached("src/commands/synth.ts", true), PARSER)).toBeDefined();
  });

  it("the command line loads no command's modules before it knows the command", async () => {
    const chains = await reached("src/cli/main.ts", false);
    expect(chainTo(chains, /src\/commands\/(?!index)/)).toBeUndefined();
    expect(chainTo(chains, /compiler\/src\//)).toBeUndefined();
  });
});
