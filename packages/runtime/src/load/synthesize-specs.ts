/**
 * Loading and synthesizing spec files, as `synth` and `check` do.
 *
 * The first run records no call sites: taking the call stack of every
 * builder call is a good part of what running the spec code of thousands
 * of services costs, and a run with nothing to report never reads them.
 * When there is something to report, the specs are loaded and
 * synthesized again, recording, so that every diagnostic points at its
 * line (spec code runs again: a spec that differs from run to run is
 * reported as its second run finds it).
 */
import { recordCallSites } from "@typenix/dsl/core";
import { synthesize, type SynthOptions, type SynthResult } from "@typenix/compiler/synth";
import type { Diagnostic } from "@typenix/compiler/diagnostics";
import { loadAndUseSpecs, userFrame, type LoadResult } from "./load-specs.js";
import { withRawNixParser } from "./raw-nix.js";

/** What loading and synthesizing the spec files gave. */
export interface SpecsResult {
  readonly loaded: LoadResult;
  readonly result: SynthResult;
  /** The diagnostics of `then`. */
  readonly more: readonly Diagnostic[];
}

/**
 * What is made of a run's result in the same run (JSON specs), and its
 * diagnostics: they count in deciding whether to run again, recording.
 */
export type Then = (run: Omit<SpecsResult, "more">) => readonly Diagnostic[];

/**
 * Loads `files` and synthesizes them for `outDir`; then `then`. Unless
 * `writesOutDir` (`check`, which writes nothing), `outDir` is only where
 * paths are written relative to (see `SynthOptions.writesOutDir`).
 */
export async function synthesizeSpecs(
  files: readonly string[],
  outDir: string,
  then: Then = () => [],
  writesOutDir = true,
): Promise<SpecsResult> {
  const options = { outDir, writesOutDir };
  const quick = await run(files, options, false);
  // `then` only for a run that stands: a run with diagnostics is run again at once.
  if (quick.loaded.diagnostics.length === 0 && quick.result.diagnostics.length === 0) {
    const more = then(quick);
    if (more.length === 0) return { ...quick, more };
  }
  const recorded = await run(files, options, true);
  return { ...recorded, more: then(recorded) };
}

/**
 * `result` with its diagnostics about values moved to where the call's
 * source writes them (see render/value-locations.ts, loaded only for them).
 */
async function atWrittenValues(result: SynthResult): Promise<SynthResult> {
  if (!result.diagnostics.some((d) => d.valuePath)) return result;
  const { atWrittenValues: located } = await import("../render/value-locations.js");
  return { ...result, diagnostics: located(result.diagnostics) };
}

/**
 * `result` with each default export that is no model (TN1001, which the
 * compiler puts at the file's start) located at the file's export
 * statement, where it has one, and said to be missing where it has none
 * (see source-places.ts, loaded only for them).
 */
async function atDefaultExports(result: SynthResult): Promise<SynthResult> {
  if (!result.diagnostics.some((d) => d.code === "TN1001")) return result;
  const { hasNoDefaultExport, locateDefaultExport } = await import("./source-places.js");
  const diagnostics = result.diagnostics.map((d) => {
    if (d.code !== "TN1001" || d.location === undefined) return d;
    if (hasNoDefaultExport(d.location.file)) return { ...d, ...NO_DEFAULT_EXPORT };
    const location = locateDefaultExport(d.location.file);
    return location ? { ...d, location } : d;
  });
  return { ...result, diagnostics };
}

/** What TN1001 says of a spec file that exports no default at all. */
const NO_DEFAULT_EXPORT = {
  message: "the spec file has no default export",
  hint: "a spec file gives its model as its default export: export default services({ ... }), or what infrastructure(...), distribution(...), constructors(...), processes(...) or defineConstructor(...) returns",
};

/** Loads and synthesizes, recording call sites or not. */
async function run(
  files: readonly string[],
  options: Pick<SynthOptions, "outDir" | "writesOutDir">,
  sites: boolean,
): Promise<Omit<SpecsResult, "more">> {
  recordCallSites(sites);
  try {
    // Synthesized as the specs load: constructors' `build` is spec code, followed as the files are.
    const { used: result, ...loaded } = await loadAndUseSpecs(files, (specs) =>
      withRawNixParser((parseRaw) =>
        synthesize(specs, { ...options, parseRaw, locate: userFrame }),
      ),
    );
    const located = await atDefaultExports(result);
    return { loaded, result: sites ? await atWrittenValues(located) : located };
  } finally {
    recordCallSites(true);
  }
}
