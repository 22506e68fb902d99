/**
 * Constructors to Nix: each constructor becomes a file holding the curried
 * function `{ createManagedProcess, tmpDir }: { port, ... }: [interDeps:]
 * createManagedProcess { ... }`, and a constructors model becomes
 * `constructors.nix`, importing each one with what it needs.
 */
import {
  acceptsMore,
  isManagedProcess,
  type Constructor,
  type ConstructorsModelInfo,
} from "@typenix/dsl/core";
import type { Binding, Expr, FormalNode, NixFile } from "../syntax/ast.js";
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
  letIn,
  path,
  searchPath,
  select,
} from "../syntax/build.js";
import { errorAt, VARIABLE_NAME_HINT, type LowerContext } from "./context.js";
import { isIdentifier } from "../syntax/identifiers.js";
import { lowerBindings, lowerData, lowerPath } from "./data.js";
import { generatedFile, lowerLocals, reserveNames } from "./file.js";
import { referencedNames } from "./free-names.js";
import {
  CONSTRUCTORS_PARAMETERS,
  CONSTRUCTOR_OUTER_NAMES,
  constructorsModelFormals,
} from "./parameters.js";

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
  const invalid = formals.filter((f) => !isIdentifier(f.name)).map((f) => `'${f.name}'`);
  if (invalid.length > 0) {
    throw Object.assign(
      new Error(
        `the constructor '${ctor.spec.name}' has parameters Nix cannot name: ${invalid.join(", ")}`,
      ),
      { site: ctor.site, code: "TN3005", hint: VARIABLE_NAME_HINT },
    );
  }
  // The names the generated function reads besides its parameters.
  const own = isManagedProcess(result) ? ["createManagedProcess"] : [];
  if (ctor.spec.interDependencies) own.push("interDeps");
  const taken = formals.find((f) => own.includes(f.name));
  if (taken) {
    throw Object.assign(
      new Error(
        `the constructor '${ctor.spec.name}' cannot take a parameter named '${taken.name}': the generated function reads that name itself`,
      ),
      { site: ctor.site, code: "TN3007", hint: "rename the parameter" },
    );
  }
  const innerNames = new Set(formals.map((f) => f.name));
  const argsNames = ctor.spec.argsName === undefined ? [] : [ctor.spec.argsName];
  reserveNames(ctx, innerNames, CONSTRUCTOR_OUTER_NAMES, ["interDeps"], argsNames);
  const body: Expr = isManagedProcess(result)
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
  const formalNodes = formals.map((f) =>
    f.hasDefault
      ? formal(f.name, lowerData(f.default, ctx, ctor))
      : f.optional
        ? formal(f.name, ident("null"))
        : formal(f.name),
  );
  // The defaults are outside the body: the locals they read are bound
  // around the parameters' function, the others in the body.
  const locals = lowerLocals(ctx);
  const outside = localsOfDefaults(formalNodes, locals);
  const letBody = (bindings: [string, Expr][], expr: Expr): Expr =>
    bindings.length === 0
      ? expr
      : letIn(
          bindings.map(([n, v]) => binding(n, v)),
          expr,
        );
  const inBody = letBody(
    locals.filter(([n]) => !outside.has(n)),
    body,
  );
  const curried = lambdaWithFormals(
    formalNodes,
    ctor.spec.interDependencies
      ? lambda("interDeps", { ...inBody, blankLineBefore: true })
      : { ...inBody, blankLineBefore: true },
    { ellipsis: acceptsMore(ctor.spec) },
  );
  const argsName = ctor.spec.argsName;
  const inner =
    argsName !== undefined && curried.param.kind === "Formals"
      ? {
          ...curried,
          param: { ...curried.param, bind: { name: ident(argsName), position: "after" as const } },
        }
      : curried;
  const aroundInner = locals.filter(([n]) => outside.has(n));
  for (const [name, value] of aroundInner) {
    const read = [...referencedNames(value)].filter((n) => innerNames.has(n));
    if (read.length > 0) {
      const site = ctx.locals.get(name)?.site;
      ctx.diagnostics.push(
        errorAt(
          site,
          "TN3011",
          `the local '${name}' is read by a parameter default of '${ctor.spec.name}' but reads the parameter '${read[0]}'`,
          "a default is worked out before the parameters are: make the local not depend on them",
        ),
      );
    }
  }
  const withOuterLocals =
    aroundInner.length === 0 ? inner : { ...letBody(aroundInner, inner), blankLineBefore: true };
  const used = referencedNames(withOuterLocals);
  const outerNames = [...CONSTRUCTOR_OUTER_NAMES].filter((n) => used.has(n) && !innerNames.has(n));
  const outer = lambdaWithFormals(
    outerNames.map((n) => formal(n)),
    withOuterLocals,
  );
  return { file: generatedFile(outer, source), outerNames };
}

/**
 * The locals the parameters' defaults read, and the locals those read in
 * turn: they are bound outside the parameters' function.
 */
function localsOfDefaults(
  formalNodes: readonly FormalNode[],
  locals: readonly [string, Expr][],
): Set<string> {
  const values = new Map(locals);
  const read = new Set<string>();
  for (const f of formalNodes) if (f.default) referencedNames(f.default, read);
  const outside = new Set<string>();
  const pending = [...read].filter((n) => values.has(n));
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (outside.has(name)) continue;
    outside.add(name);
    for (const n of referencedNames(values.get(name) as Expr)) if (values.has(n)) pending.push(n);
  }
  return outside;
}

/**
 * Whether generated constructors models take `system`: when a constructor
 * reads it. (Then every one takes it, so that each model can pass it to
 * whichever it imports.)
 */
export function constructorsTakeSystem(lowered: Iterable<LoweredConstructor>): boolean {
  for (const ctor of lowered) if (ctor.outerNames.includes("system")) return true;
  return false;
}

/**
 * Lowers a constructors model to `constructors.nix` (`ctx` is the generated
 * file's); `fileOf` names each constructor's generated file, relative to it.
 * With `takesSystem` it takes `system ? builtins.currentSystem` too, as
 * processes models do: callers that follow nix-processmgmt's conventions do
 * not pass it.
 */
export function lowerConstructorsModel(
  model: ConstructorsModelInfo,
  ctx: LowerContext,
  lowered: ReadonlyMap<Constructor, LoweredConstructor>,
  fileOf: (ctor: Constructor) => string,
  source: string,
  takesSystem = false,
): NixFile {
  const createManagedProcess = apply(
    ident("import"),
    universalFile(model, ctx),
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
    [
      ...constructorsModelFormals(),
      ...(takesSystem ? [formal("system", select(ident("builtins"), "currentSystem"))] : []),
      formal("ids", attrSet([])),
    ],
    body,
  );
  return generatedFile(header, source);
}

/** The file of nix-processmgmt that generated constructors models import createManagedProcess from. */
export const CREATE_MANAGED_PROCESS =
  "nixproc/create-managed-process/universal/create-managed-process-universal.nix";

/**
 * nix-processmgmt's universal `create-managed-process.nix`: under the search
 * path entry `nixProcessmgmt` names, or under the folder it names, a path
 * relative to the spec file (as `nix.path`'s are) rewritten relative to the
 * generated file, or an absolute one.
 */
function universalFile(model: ConstructorsModelInfo, ctx: LowerContext): Expr {
  const location = model.options.nixProcessmgmt ?? "nix-processmgmt";
  const file = `${location}/${CREATE_MANAGED_PROCESS}`;
  if (location.startsWith("/")) return path(file);
  return location.startsWith(".") ? lowerPath(file, model.site, ctx) : searchPath(file);
}

/**
 * `let` bindings importing the constructors model for every variable the
 * model uses: `constructors` with the model's own process manager, and
 * `<pm>Constructors` for constructors instantiated for another one.
 * `passSystem` when the constructors model takes `system`.
 */
export function constructorsImports(
  used: ReadonlySet<string>,
  constructorsFile: string,
  passIds: boolean,
  passSystem = false,
): Binding[] {
  const params = [
    ...CONSTRUCTORS_PARAMETERS,
    ...(passSystem ? ["system"] : []),
    ...(passIds ? ["ids"] : []),
  ];
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
