/**
 * The standard parameters of generated model functions and their upstream
 * defaults (nix-processmgmt's processes models, Disnix services models).
 */
import type { Expr, FormalNode } from "../syntax/ast.js";
import { apply, attrSet, formal, ident, inherit, searchPath, select } from "../syntax/build.js";
import { nixLiteral } from "../literals/literal.js";

/** `"${stateDir}<suffix>"` */
const underStateDir = (suffix: string): Expr => ({
  kind: "String",
  style: "double",
  parts: [
    { kind: "Interpolation", expr: ident("stateDir") },
    { kind: "Text", raw: suffix },
  ],
});

const paren = (expr: Expr): Expr => ({ kind: "Paren", expr });

/** The processes-model defaults, in upstream order. */
export const PROCESS_PARAMETER_DEFAULTS: readonly (readonly [string, Expr | undefined])[] = [
  ["pkgs", apply(ident("import"), searchPath("nixpkgs"), attrSet([inherit(["system"])]))],
  ["system", select(ident("builtins"), "currentSystem")],
  ["stateDir", nixLiteral("/var")],
  ["runtimeDir", underStateDir("/run")],
  ["logDir", underStateDir("/log")],
  ["cacheDir", underStateDir("/cache")],
  ["spoolDir", underStateDir("/spool")],
  ["lockDir", underStateDir("/lock")],
  ["libDir", underStateDir("/lib")],
  [
    "tmpDir",
    paren({
      kind: "If",
      cond: { kind: "Binary", op: "==", left: ident("stateDir"), right: nixLiteral("/var") },
      then: nixLiteral("/tmp"),
      else: underStateDir("/tmp"),
    }),
  ],
  ["forceDisableUserChange", ident("false")],
  ["callingUser", ident("null")],
  ["callingGroup", ident("null")],
  ["processManager", undefined],
];

/** The parameters Disnix passes to every services model (`nix/wrap-architecture.nix`). */
export const SERVICES_PARAMETERS: readonly string[] = [
  "system",
  "pkgs",
  "distribution",
  "invDistribution",
];

/**
 * The defaults of the standard parameters in a services model: the
 * processes-model ones, but `processManager` is null (managed-process
 * specs), as no caller of a services model passes it unless told to.
 */
export const SERVICES_PARAMETER_DEFAULTS: readonly (readonly [string, Expr | undefined])[] =
  PROCESS_PARAMETER_DEFAULTS.map(([name, fallback]) =>
    name === "processManager" ? ([name, ident("null")] as const) : ([name, fallback] as const),
  );

/** The parameters nix-processmgmt passes to a constructors model. */
export const CONSTRUCTORS_PARAMETERS: readonly string[] = [
  "pkgs",
  "stateDir",
  "logDir",
  "runtimeDir",
  "cacheDir",
  "spoolDir",
  "lockDir",
  "libDir",
  "tmpDir",
  "forceDisableUserChange",
  "callingUser",
  "callingGroup",
  "processManager",
];

/**
 * Parameters of a constructors model that not every caller passes (a
 * processes model written without them; nix-processmgmt's own constructors
 * model defaults the calling user and group): a generated constructors
 * model gives them their upstream defaults.
 */
const CONSTRUCTORS_PARAMETERS_WITH_DEFAULTS: ReadonlySet<string> = new Set([
  "spoolDir",
  "lockDir",
  "callingUser",
  "callingGroup",
]);

/** The formals of a generated constructors model's header for `CONSTRUCTORS_PARAMETERS`. */
export function constructorsModelFormals(): FormalNode[] {
  const defaults = new Map(PROCESS_PARAMETER_DEFAULTS);
  return CONSTRUCTORS_PARAMETERS.map((name) =>
    formal(name, CONSTRUCTORS_PARAMETERS_WITH_DEFAULTS.has(name) ? defaults.get(name) : undefined),
  );
}

/** Names a constructor may take from its constructors model. */
export const CONSTRUCTOR_OUTER_NAMES: ReadonlySet<string> = new Set([
  "createManagedProcess",
  ...CONSTRUCTORS_PARAMETERS,
  "system",
  "ids",
]);

/**
 * Formals for the named parameters, in the upstream order: each with its
 * default in `overrides` (where `undefined` is none), else the one in
 * `defaults` (the model kind's).
 */
export function standardFormals(
  names: ReadonlySet<string>,
  overrides: ReadonlyMap<string, Expr | undefined> = new Map(),
  defaults: readonly (readonly [string, Expr | undefined])[] = PROCESS_PARAMETER_DEFAULTS,
): FormalNode[] {
  return defaults
    .filter(([name]) => names.has(name))
    .map(([name, fallback]) => formal(name, overrides.has(name) ? overrides.get(name) : fallback));
}
