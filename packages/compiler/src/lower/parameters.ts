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

/**
 * The standard parameters that default to null but are given where
 * `forceDisableUserChange` holds: nix-processmgmt's tools pass the calling
 * user and group with it (`nixproc-build --argstr callingUser "$(id -un)"`),
 * and its services read them only where it holds
 * (`if forceDisableUserChange then "--user=${callingUser}" else ...`).
 */
export const GIVEN_WITHOUT_USER_CHANGE: ReadonlyMap<string, readonly string[]> = new Map([
  ["forceDisableUserChange", ["callingUser", "callingGroup"]],
]);

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

/** The parameters nix-processmgmt's conventions pass to every constructors model. */
export const CONSTRUCTORS_PARAMETERS: readonly string[] = [
  "pkgs",
  "stateDir",
  "logDir",
  "runtimeDir",
  "cacheDir",
  "libDir",
  "tmpDir",
  "forceDisableUserChange",
  "processManager",
];

/**
 * nix-processmgmt's directories and calling user that its examples'
 * processes and constructors models leave out (`nixproc-build
 * --spool-dir`, `--lock-dir`): a generated model takes them only where
 * they are read.
 */
export const SELDOM_PROCESS_PARAMETERS: readonly string[] = [
  "spoolDir",
  "lockDir",
  "callingUser",
  "callingGroup",
];

/**
 * Parameters a constructors model takes only when a constructor reads
 * them, in the order of its header. A model taking them gives them their
 * defaults, and the models importing it pass them on.
 */
export const OPTIONAL_CONSTRUCTORS_PARAMETERS: readonly string[] = [
  ...SELDOM_PROCESS_PARAMETERS,
  "system",
];

/**
 * The formals of a generated constructors model's header: the standard
 * parameters, then the optional ones in `taken`, with their defaults.
 */
export function constructorsModelFormals(taken: ReadonlySet<string>): FormalNode[] {
  const defaults = new Map(PROCESS_PARAMETER_DEFAULTS);
  return [
    ...CONSTRUCTORS_PARAMETERS.map((name) => formal(name)),
    ...OPTIONAL_CONSTRUCTORS_PARAMETERS.filter((n) => taken.has(n)).map((n) =>
      formal(n, defaults.get(n)),
    ),
  ];
}

/** Names a constructor may take from its constructors model. */
export const CONSTRUCTOR_OUTER_NAMES: ReadonlySet<string> = new Set([
  "createManagedProcess",
  ...CONSTRUCTORS_PARAMETERS,
  ...OPTIONAL_CONSTRUCTORS_PARAMETERS,
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
