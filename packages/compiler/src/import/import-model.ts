/**
 * `typenix import`: a parsed `.nix` model to a TypeScript module using the
 * DSL. The model kind is given or recognized from the file's shape; what
 * cannot be expressed is reported at its Nix location and nothing is
 * produced for that file.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorDiagnostic } from "../diagnostics/diagnostic.js";
import type { NixFile } from "../syntax/ast.js";
import {
  importDistribution,
  isDistributionModel,
  type DistributionSources,
} from "./distribution.js";
import { importInfrastructure, isInfrastructureModel } from "./infrastructure.js";
import { DSL_PARAMETERS } from "./model-function.js";
import { emitModule, type ModuleSpec } from "./module.js";
import { Problems } from "./problems.js";
import { importServices, isServicesModel } from "./services.js";
import { importContext, type RawNote } from "./translate.js";

export type { RawNote } from "./translate.js";

/** The DSL builders imported modules may use. */
const BUILDERS = ["nix", "service", "services", "target", "infrastructure", "distribution"];

/** The model kinds `typenix import` knows. */
export type ImportKind =
  "services" | "infrastructure" | "distribution" | "processes" | "constructors" | "auto";

/** How to import one file. */
export interface ImportOptions {
  /** The model kind, or `auto` to recognize it. */
  readonly kind: ImportKind;
  /** Rewrites a path relative to the Nix file into one relative to the TypeScript file. */
  readonly rebase: (path: string) => string;
  /** For distributions: the modules of the services and infrastructure models. */
  readonly sources?: DistributionSources;
}

/** What importing one file produced. */
export interface ImportResult {
  /** The TypeScript module (unformatted), when the import succeeded. */
  readonly source?: string;
  readonly kind?: ImportKind;
  /** Places where raw Nix was kept. */
  readonly raw: readonly RawNote[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The kind of model `file` holds, judged by its shape. */
export function detectKind(file: NixFile): ImportKind | undefined {
  if (isInfrastructureModel(file.expr)) return "infrastructure";
  if (isDistributionModel(file.expr)) return "distribution";
  if (isServicesModel(file.expr)) return "services";
  return undefined;
}

/** Imports one parsed file; `path` names it in diagnostics. */
export function importModel(file: NixFile, path: string, options: ImportOptions): ImportResult {
  const ctx = importContext(options.rebase, [...BUILDERS, ...DSL_PARAMETERS.values()]);
  const problems = new Problems(path);
  const kind = options.kind === "auto" ? detectKind(file) : options.kind;
  const sources = options.sources ?? {
    services: "./services.js",
    infrastructure: "./infrastructure.js",
  };
  let spec: ModuleSpec | undefined;
  if (kind === "infrastructure") spec = importInfrastructure(file.expr, ctx, problems);
  else if (kind === "services") spec = importServices(file.expr, ctx, problems);
  else if (kind === "distribution") spec = importDistribution(file.expr, sources, ctx, problems);
  if (!spec) {
    const diagnostic = errorDiagnostic(
      "TN6001",
      kind
        ? `importing ${kind} models is not supported yet`
        : "cannot tell which kind of model this file is",
      { file: path, line: 1, column: 1 },
      kind
        ? "typenix import handles services, infrastructure and distribution models so far"
        : "name the kind with --kind",
    );
    return { raw: [], diagnostics: [diagnostic] };
  }
  if (problems.diagnostics.length > 0)
    return { kind, raw: ctx.raw, diagnostics: problems.diagnostics };
  return { source: emitModule(spec), kind, raw: ctx.raw, diagnostics: [] };
}
