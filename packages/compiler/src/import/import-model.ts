/**
 * `typenix import`: a parsed `.nix` model to TypeScript source using the
 * DSL. Recognizes the model kind from the file's shape. Only infrastructure
 * models are supported so far; other kinds are reported, not guessed.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorDiagnostic } from "../diagnostics/diagnostic.js";
import type { NixFile } from "../syntax/ast.js";
import { importInfrastructure, isInfrastructure } from "./infrastructure.js";
import type { RawNote } from "./values.js";

/** The model kinds `typenix import` knows. */
export type ImportKind =
  "services" | "infrastructure" | "distribution" | "processes" | "constructors" | "auto";

/** What importing one file produced. */
export interface ImportResult {
  readonly source?: string;
  readonly kind?: ImportKind;
  /** Places where raw Nix was kept. */
  readonly raw: readonly RawNote[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Imports one parsed file. */
export function importModel(file: NixFile, path: string, kind: ImportKind): ImportResult {
  const raw: RawNote[] = [];
  const detected =
    kind === "auto" ? (isInfrastructure(file.expr) ? "infrastructure" : undefined) : kind;
  if (detected === "infrastructure" && isInfrastructure(file.expr)) {
    return { source: importInfrastructure(file.expr, raw), kind: detected, raw, diagnostics: [] };
  }
  return {
    raw,
    diagnostics: [
      errorDiagnostic(
        "TN6001",
        detected
          ? `importing ${detected} models is not supported yet`
          : "cannot tell which kind of model this file is",
        { file: path, line: 1, column: 1 },
        "typenix import handles infrastructure models so far",
      ),
    ],
  };
}
