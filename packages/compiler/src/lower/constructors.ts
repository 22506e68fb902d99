/**
 * Constructors to Nix: each constructor becomes a file holding the curried
 * function `{ createManagedProcess, tmpDir }: { port, ... }: [interDeps:]
 * createManagedProcess { ... }`, and a constructors model becomes
 * `constructors.nix`, importing each one with what it needs.
 */
import { isManagedProcess, type Constructor, type ConstructorsModelInfo } from "@typenix/dsl/core";
import type { Binding, Expr, NixFile } from "../syntax/ast.js";
import { nixLiteral } from "../literals/literal.js";
import {
  apply,
  attrSet,
  binding,
  formal,
  ident,
  inherit,
  lambda,
  lambdaWithFormals,
  path,
  searchPath,
} from "../syntax/build.js";
import type { LowerContext } from "./context.js";
import { lowerBindings, lowerData } from "./data.js";
import { generatedFile, reserveNames, withLocals } from "./file.js";
import { referencedNames } from "./free-names.js";
import { CONSTRUCTORS_PARAMETERS, CONSTRUCTOR_OUTER_NAMES } from "./parameters.js";

/** The generated file of one constructor, and the outer names it takes (for `constructors.nix`). */
export interface LoweredConstructor {
  readonly file: NixFile;
  readonly outerNames: readonly string[];
}

/** Lowers a constructor to its own file. */
export function lowerConstructor(
  ctor: Constructor,
  ctx: LowerContext,
  source: string,
): LoweredConstructor {
  const { result } = ctor.symbolicBody();
  const formals = ctor.formals();
  const innerNames = new Set(formals.map((f) => f.name));
  reserveNames(ctx, innerNames, CONSTRUCTOR_OUTER_NAMES, ["interDeps"]);
  let body: Expr = isManagedProcess(result)
    ? apply(ident("createManagedProcess"), {
        kind: "AttrSet",
        recursive: false,
        bindings: lowerBindings(result.args as never, ctx, result),
      })
    : {
        kind: "AttrSet",
        recursive: false,
        bindings: lowerBindings(result as never, ctx, ctor),
      };
  body = withLocals(body, ctx);
  const inner = lambdaWithFormals(
    formals.map((f) =>
      f.hasDefault
        ? formal(f.name, lowerData(f.default, ctx, ctor))
        : f.optional
          ? formal(f.name, ident("null"))
          : formal(f.name),
    ),
    ctor.spec.interDependencies
      ? lambda("interDeps", { ...body, blankLineBefore: true })
      : { ...body, blankLineBefore: true },
  );
  const used = referencedNames(inner);
  const outerNames = [...CONSTRUCTOR_OUTER_NAMES].filter((n) => used.has(n) && !innerNames.has(n));
  const outer = lambdaWithFormals(
    outerNames.map((n) => formal(n)),
    inner,
  );
  return { file: generatedFile(outer, source), outerNames };
}

/** Lowers a constructors model to `constructors.nix`; `fileOf` names each constructor's generated file, relative to it. */
export function lowerConstructorsModel(
  model: ConstructorsModelInfo,
  lowered: ReadonlyMap<Constructor, LoweredConstructor>,
  fileOf: (ctor: Constructor) => string,
  source: string,
): NixFile {
  const location = model.options.nixProcessmgmt ?? "nix-processmgmt";
  const universal = "nixproc/create-managed-process/universal/create-managed-process-universal.nix";
  const createManagedProcess = apply(
    ident("import"),
    location.startsWith(".") || location.startsWith("/")
      ? path(`${location}/${universal}`)
      : searchPath(`${location}/${universal}`),
    attrSet([
      inherit([
        "pkgs",
        "runtimeDir",
        "stateDir",
        "logDir",
        "tmpDir",
        "forceDisableUserChange",
        "processManager",
        "ids",
      ]),
    ]),
  );
  const entries = Object.entries(model.constructors).map(([key, ctor]) => {
    const outer = lowered.get(ctor)?.outerNames ?? [];
    return binding(
      key,
      apply(ident("import"), path(fileOf(ctor)), attrSet(outer.length ? [inherit(outer)] : [])),
    );
  });
  const body: Expr = {
    kind: "Let",
    bindings: [binding("createManagedProcess", createManagedProcess)],
    body: attrSet(entries),
    blankLineBefore: true,
  };
  const header = lambdaWithFormals(
    [...CONSTRUCTORS_PARAMETERS.map((n) => formal(n)), formal("ids", attrSet([]))],
    body,
  );
  return generatedFile(header, source);
}

/**
 * `let` bindings importing the constructors model for every variable the
 * model uses: `constructors` with the model's own process manager, and
 * `<pm>Constructors` for constructors instantiated for another one.
 */
export function constructorsImports(
  used: ReadonlySet<string>,
  constructorsFile: string,
  passIds: boolean,
): Binding[] {
  const params = [...CONSTRUCTORS_PARAMETERS, ...(passIds ? ["ids"] : [])];
  const bindings: Binding[] = [];
  if (used.has("constructors")) {
    bindings.push(
      binding(
        "constructors",
        apply(ident("import"), path(constructorsFile), attrSet([inherit(params)])),
      ),
    );
  }
  // Of the names a model reads (one per service it inherits), only these matter.
  const sets: string[] = [];
  used.forEach((name) => {
    if (name.endsWith("Constructors")) sets.push(name);
  });
  for (const name of sets.sort()) {
    const manager = /^(.+)Constructors$/.exec(name)?.[1];
    if (!manager || !PROCESS_MANAGERS.has(manager)) continue;
    const args = attrSet([
      inherit(params.filter((p) => p !== "processManager")),
      binding("processManager", nixLiteral(manager)),
    ]);
    bindings.push(binding(name, apply(ident("import"), path(constructorsFile), args)));
  }
  return bindings;
}

const PROCESS_MANAGERS: ReadonlySet<string> = new Set([
  "sysvinit",
  "systemd",
  "supervisord",
  "bsdrc",
  "cygrunsrv",
  "launchd",
  "disnix",
  "docker",
  "s6-rc",
]);
