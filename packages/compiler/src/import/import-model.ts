/**
 * `typenix import`: a parsed `.nix` model to a TypeScript module using the
 * DSL. The model kind is given or recognized from the file's shape; what
 * cannot be expressed is reported at its Nix location and nothing is
 * produced for that file.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorDiagnostic } from "../diagnostics/diagnostic.js";
import type { Expr, NixFile } from "../syntax/ast.js";
import {
  importDistribution,
  isDistributionModel,
  type DistributionSources,
} from "./distribution.js";
import { importInfrastructure, isInfrastructureModel } from "./infrastructure.js";
import { DSL_PARAMETERS, modelFunction } from "./model-function.js";
import { importConstructorFile, isConstructorFile, processCall } from "./constructor.js";
import {
  importConstructorsModel,
  importedFile,
  isConstructorsModel,
  isSetFunction,
  outerValues,
} from "./constructors-model.js";
import { importProcesses, isProcessesModel } from "./processes.js";
import { constructorsModels } from "./constructors-binding.js";
import { emitModule, moduleName, type ModuleSpec } from "./module.js";
import { finalComments, missingComments } from "./comments.js";
import { Problems } from "./problems.js";
import { importServices, isServicesModel } from "./services.js";
import { attrKey, importContext, tsComment, type RawNote } from "./translate.js";

export type { RawNote } from "./translate.js";
export { moduleName } from "./module.js";
export { idData, type IdData } from "./id-data.js";

/** The DSL builders imported modules may use. */
const BUILDERS = [
  "nix",
  "service",
  "services",
  "ownServices",
  "target",
  "infrastructure",
  "distribution",
  "infrastructureParam",
  "processInstance",
  "processes",
  "defineConstructor",
  "defineProcess",
  "createManagedProcess",
  "computedRecord",
  "nixValue",
  "z",
];

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
  /** The module specifier for a Nix file this one imports (`./webapp` to `./webapp.js`). */
  readonly moduleOf?: (written: string) => string;
  /**
   * The module specifier for a model file this one imports, when that
   * file is imported together with it or its module is in the output
   * directory already; undefined otherwise (`moduleOf` when not given).
   */
  readonly availableModuleOf?: (written: string) => string | undefined;
  /** For a constructor file: the key its constructors model gives it. */
  readonly constructorName?: string;
  /**
   * For a constructor file built on another (`import ./x.nix { ... } { ...
   * }`): the module specifier of that file, written as `written`, when it
   * is imported together with this one; undefined when it is not (then
   * the import is refused, TN6010).
   */
  readonly constructorModuleOf?: (written: string) => string | undefined;
  /**
   * For a constructor file: the outer parameters its constructors model
   * gives values of their own (`dysnomia = pkgs.dysnomia.override ...;`),
   * which stay outer parameters rather than packages of pkgs.
   */
  readonly constructorOuter?: readonly string[];
}

/** What importing one file produced. */
export interface ImportResult {
  /** The TypeScript module (unformatted), when the import succeeded. */
  readonly source?: string;
  readonly kind?: ImportKind;
  /** True when the file is one constructor (`webapp/default.nix`), not a constructors model. */
  readonly singleConstructor?: boolean;
  /** Places where raw Nix was kept. */
  readonly raw: readonly RawNote[];
  /** Assumptions the import made that the user should know of. */
  readonly notes: readonly string[];
  /** What is written untyped though no raw Nix (calls of constructors not imported together). */
  readonly untyped?: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The kind of model `file` holds, judged by its shape. */
export function detectKind(file: NixFile): ImportKind | undefined {
  if (isInfrastructureModel(file.expr)) return "infrastructure";
  if (isDistributionModel(file.expr)) return "distribution";
  if (isServicesModel(file.expr)) return "services";
  if (isProcessesModel(file.expr)) return "processes";
  if (isConstructorsModel(file.expr) || isConstructorFile(file.expr)) return "constructors";
  return undefined;
}

/** Imports one parsed file; `path` names it in diagnostics. */
export function importModel(file: NixFile, path: string, options: ImportOptions): ImportResult {
  const problems = new Problems(path);
  const ctx = importContext(options.rebase, [...BUILDERS, ...DSL_PARAMETERS.values()], problems);
  const kind = options.kind === "auto" ? detectKind(file) : options.kind;
  const sources = options.sources ?? {
    services: "./services.js",
    infrastructure: "./infrastructure.js",
  };
  const moduleOf = options.moduleOf ?? defaultModuleOf;
  const available = options.availableModuleOf ?? moduleOf;
  const notes: string[] = [];
  const untyped: string[] = [];
  let spec: ModuleSpec | undefined;
  let singleConstructor = false;
  if (kind === "infrastructure") spec = importInfrastructure(file.expr, ctx, problems);
  else if (kind === "services")
    spec = importServices(file.expr, available, ctx, problems, untyped, notes);
  else if (kind === "distribution")
    spec = importDistribution(file.expr, sources, available, ctx, problems);
  else if (kind === "processes")
    spec = importProcesses(file.expr, available, ctx, problems, untyped, notes);
  else if (kind === "constructors" && constructorsModelGiven(file.expr, options.kind))
    spec = importConstructorsModel(file.expr, available, ctx, problems, notes);
  else if (kind === "constructors" && isConstructorFile(file.expr)) {
    const name = options.constructorName ?? moduleName(path);
    singleConstructor = true;
    spec = importConstructorFile(
      file.expr,
      name,
      ctx,
      problems,
      notes,
      options.constructorModuleOf,
      new Set(options.constructorOuter),
    );
  }
  // A process file whose outer parameters have defaults (see
  // `isConstructorFile`) is told apart from one of no kind typenix reads.
  const oneProcess =
    spec === undefined && (kind === undefined || kind === "constructors")
      ? processCall(file.expr)
      : undefined;
  if (oneProcess) {
    problems.report(
      oneProcess,
      "the file is one process whose outer parameters have defaults: a constructors model passes a process file its outer parameters, which typenix writes with none",
      "drop the defaults from the outer parameters, as `{ createManagedProcess, nix }: createManagedProcess { ... }`",
      "TN6021",
    );
    return { raw: [], notes, diagnostics: problems.diagnostics };
  }
  if (!spec) {
    const diagnostic = errorDiagnostic(
      "TN6001",
      kind
        ? `this file is not a ${kind} model typenix can import`
        : "cannot tell which kind of model this file is",
      { file: path, line: 1, column: 1 },
      kind
        ? "this file's shape is not one typenix recognizes for that kind"
        : "name the kind with --kind",
    );
    return { raw: [], notes, diagnostics: [diagnostic] };
  }
  if (problems.diagnostics.length > 0)
    return { kind, raw: ctx.raw, notes, diagnostics: problems.diagnostics };
  // The shared literals of `rec` sets depend on nothing: they go first.
  const constants = [...ctx.shared.constants, ...spec.constants];
  const source = emitModule(withFinalComments({ ...spec, constants }, file));
  notes.push(...unkeptComments(file, source));
  return { source, kind, singleConstructor, raw: ctx.raw, notes, untyped, diagnostics: [] };
}

/** `spec` with the comments after the file's expression at its end. */
function withFinalComments(spec: ModuleSpec, file: NixFile): ModuleSpec {
  const comments = finalComments(file);
  return comments.length > 0 ? { ...spec, footer: comments.map(tsComment) } : spec;
}

/** Notes for the comments of `file` (its final ones too) that the TypeScript does not hold. */
function unkeptComments(file: NixFile, source: string): string[] {
  return missingComments(file, source).map(
    (c) => `comment not kept at line ${c.span?.start.line ?? 1}: ${c.text.split("\n")[0] ?? ""}`,
  );
}

/** A constructors model by its entries, or, with `--kind constructors`, by its shape alone. */
function constructorsModelGiven(expr: Expr, given: ImportOptions["kind"]): boolean {
  return isConstructorsModel(expr) || (given === "constructors" && isSetFunction(expr));
}

function defaultModuleOf(written: string): string {
  return `./${moduleName(written.endsWith(".nix") ? written : `${written}/default.nix`)}.js`;
}

/**
 * The constructor files a constructors model imports: each key with the
 * path as written, and the outer parameters it gives values of their own
 * (see `outerValues`).
 */
export function constructorImports(
  file: NixFile,
): { key: string; written: string; outer: string[] }[] {
  const mf = modelFunction(file.expr);
  if (mf.body.kind !== "AttrSet") return [];
  return mf.body.bindings.flatMap((b) => {
    const key = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    const written = b.kind === "AttrBinding" ? importedFile(b.value) : undefined;
    if (key === undefined || written === undefined || b.kind !== "AttrBinding") return [];
    return [{ key, written, outer: outerValues(b.value).map((v) => v.name) }];
  });
}

/**
 * The files a processes or services model imports given arguments in its
 * `let` (`constructors = import ../constructors.nix { ... };`), as written:
 * the constructors model among them, imported together with it, has its
 * constructors called typed.
 */
export function modelImports(file: NixFile): string[] {
  return [...constructorsModels(modelFunction(file.expr).bindings).values()];
}
