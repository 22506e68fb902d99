/**
 * `typenix check DIR|FILE.ts...`: type-checks the spec files and runs the
 * whole-model checks, writing nothing. Exit 0 when clean, 1 on errors.
 */
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { hasErrors, uniqueDiagnostics, type Diagnostic } from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_OK, type Outcome } from "../cli/exit-codes.js";
import { CONFIG_FILE } from "../load/discover.js";
import { specFilesOrExit } from "../load/spec-files.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { synthesizeSpecs } from "../load/synthesize-specs.js";
import { withoutRepeatedErrors } from "../typecheck/repeated-errors.js";

/** Registers `check`. */
export function registerCheck(program: Command, outcome: Outcome): void {
  program
    .command("check")
    .description("type-check spec files and check the whole deployment, without writing anything")
    .argument("<inputs...>", "a deployment directory, or spec files")
    .action(async (inputs: string[]) => {
      outcome.exitCode = await checkOnce(inputs);
    });
}

async function checkOnce(inputs: readonly string[]): Promise<number> {
  const found = await specFilesOrExit("check", inputs);
  if ("exitCode" in found) {
    // A config that failed is type-checked all the same: its type errors may say why.
    if (found.diagnostics.length > 0)
      process.stderr.write(
        renderChecked(await typeErrorsOf([], found.configSources), found.diagnostics),
      );
    return found.exitCode;
  }
  const { files, deployments, configSources } = found;
  const typeErrors = await typeErrorsOf(files, configSources);
  // Each deployment on its own: check writes nothing, so two that would write the same files do not clash.
  const checked: Diagnostic[] = [];
  for (const deployment of deployments) checked.push(...(await checkDeployment(deployment)));
  const diagnostics = [...typeErrors, ...checked];
  process.stderr.write(renderChecked(typeErrors, checked));
  if (hasErrors(diagnostics)) return EXIT_DIAGNOSTICS;
  const counted = files.length === 1 ? "1 spec file" : `${files.length} spec files`;
  process.stderr.write(`typenix check: ${counted}, no errors\n`);
  return EXIT_OK;
}

/** The type errors of the spec files and of the `typenix.config.ts` files among `configSources`. */
async function typeErrorsOf(
  files: readonly string[],
  configSources: readonly string[],
): Promise<readonly Diagnostic[]> {
  // Loaded here: the TypeScript compiler takes most of a second to load, which no other command needs.
  const { typecheck } = await import("../typecheck/typecheck.js");
  // The typenix.config.ts files too, as the editor checks them.
  const configs = configSources.filter((file) => basename(file) === CONFIG_FILE);
  return typecheck([...files, ...configs]);
}

/** The type errors, then typenix's diagnostics but those that repeat them, as text. */
function renderChecked(typeErrors: readonly Diagnostic[], checked: readonly Diagnostic[]): string {
  // A mistake TypeScript reports is said once, by TypeScript.
  const diagnostics = [...typeErrors, ...withoutRepeatedErrors(typeErrors, checked)];
  // A file two deployments share is loaded by both.
  return renderDiagnostics(uniqueDiagnostics(diagnostics));
}

/** What loading the spec files of one deployment and the whole-model checks of it find. */
async function checkDeployment(files: readonly string[]): Promise<Diagnostic[]> {
  // Lowered for a folder it never writes: no path holds the outputs.
  const { loaded, result } = await synthesizeSpecs(
    files,
    resolve(".typenix-check"),
    undefined,
    false,
  );
  return [...loaded.diagnostics, ...result.diagnostics];
}
