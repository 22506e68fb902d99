/**
 * Constructors to Nix: each constructor becomes a file holding the curried
 * function `{ createManagedProcess, tmpDir }: { port, ... }: [interDeps:]
 * createManagedProcess { ... }` (or, for one built on another constructor,
 * `import ./inner.nix { inherit createManagedProcess tmpDir; } { ... }`),
 * and a constructors model becomes `constructors.nix`, importing each one
 * with what it needs.
 */
import {
  SpecError,
  STANDARD_PARAMETERS,
  acceptsMore,
  entryConstructor,
  termOf,
  isApplied,
  isConstructorCall,
  isNixValue,
  isManagedProcess,
  type Constructor,
  type ConstructorCall,
  type ConstructorsModelInfo,
} from "@typenix/dsl/core";
import { isProcessManager } from "@typenix/dsl/core";
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
} from "../syntax/build.js";
import { errorAt, VARIABLE_NAME_HINT, warningAt, type LowerContext } from "./context.js";
import {
  isReadableVariable,
  lowerArgumentSet,
  lowerBindings,
  lowerData,
  nixProcessmgmtFile,
  reportInterDepsArity,
} from "./data.js";
import { generatedFile, isNixGlobal, lowerLocals, reserveNames } from "./file.js";
import { constructorImport, type ConstructorFiles } from "./outer-values.js";
import { freeNames, readsOtherThanParameter, referencedNames } from "./free-names.js";
import { defaultsCycle, guardsText } from "./default-cycles.js";
import { reportUnboundReads } from "./unbound-reads.js";
import { reportUndefinedRecordDependencies } from "./dependencies.js";
import { checkProcessArguments } from "./process-arguments.js";
import { missingInterDeps, namesGiven } from "../checks/inter-dependency-names.js";
import {
  CONSTRUCTORS_PARAMETERS,
  CONSTRUCTOR_OUTER_NAMES,
  constructorsModelFormals,
  OPTIONAL_CONSTRUCTORS_PARAMETERS,
} from "./parameters.js";

/** The generated file of one constructor, and the outer names it takes (for `constructors.nix`). */
export interface LoweredConstructor {
  readonly file: NixFile;
  readonly outerNames: readonly string[];
}

/**
 * The generated file of a constructor another one is built on, as that
 * one's file imports it: its path relative to it (`./inner.nix`) and the
 * outer names it takes. Undefined when it could not be generated (its own
 * diagnostics say why).
 */
export interface InnerConstructorFile {
  readonly path: string;
  readonly outerNames: readonly string[];
}

/**
 * Lowers a constructor to its own file. `innerFile` gives the file of a
 * constructor this one's body returns a call of (see `BuildResult`),
 * generating it if need be.
 */
export function lowerConstructor(
  ctor: Constructor,
  ctx: LowerContext,
  source: string,
  innerFile: (inner: Constructor) => InnerConstructorFile | undefined = () => undefined,
): LoweredConstructor {
  ctx.constructorName = ctor.spec.name;
  const { result } = ctor.symbolicBody();
  const formals = ctor.formals();
  const invalid = formals.filter((f) => !isReadableVariable(f.name)).map((f) => `'${f.name}'`);
  if (invalid.length > 0) {
    throw new SpecError(
      `the constructor '${ctor.spec.name}' has parameters Nix cannot name: ${invalid.join(", ")}`,
      ctor.site,
      // A formal `__curPos` is no error in Nix, but reading it gives the position.
      invalid.includes("'__curPos'")
        ? `${VARIABLE_NAME_HINT}; nor __curPos, which Nix reads as the position it is written at`
        : VARIABLE_NAME_HINT,
      "TN3005",
    );
  }
  const builtOn = isConstructorCall(result) ? innerFile(result.constructor) : undefined;
  if (isConstructorCall(result) && builtOn === undefined)
    throw new SpecError(
      `the constructor '${ctor.spec.name}' is built on the constructor '${result.constructor.spec.name}', which could not be generated`,
      result.site,
      `fix the errors reported for '${result.constructor.spec.name}' first`,
      "TN3051",
    );
  const extraOuter = extraOuterNames(ctor, builtOn);
  // The names the generated function reads besides its parameters.
  const own = isManagedProcess(result)
    ? ["createManagedProcess"]
    : builtOn
      ? [...builtOn.outerNames]
      : [];
  own.push(...extraOuter.filter((n) => !own.includes(n)));
  if (ctor.spec.interDependencies) own.push("interDeps");
  const taken = formals.find((f) => own.includes(f.name));
  if (taken) {
    throw new SpecError(
      `the constructor '${ctor.spec.name}' cannot take a parameter named '${taken.name}': the generated function reads that name itself`,
      ctor.site,
      "rename the parameter",
      "TN3007",
    );
  }
  const innerNames = new Set(formals.map((f) => f.name));
  const argsNames = ctor.spec.argsName === undefined ? [] : [ctor.spec.argsName];
  reserveNames(ctx, innerNames, CONSTRUCTOR_OUTER_NAMES, ["interDeps"], argsNames, extraOuter);
  if (isManagedProcess(result)) checkProcessArguments(result.args, ctx, result);
  const body: Expr = isManagedProcess(result)
    ? apply(ident("createManagedProcess"), {
        kind: "AttrSet",
        recursive: false,
        bindings: lowerBindings(result.args as never, ctx, result),
      })
    : isConstructorCall(result) && builtOn
      ? innerCall(ctor.spec.name, result, builtOn, ctx)
      : isNixValue(result)
        ? lowerData(result, ctx, ctor)
        : {
            kind: "AttrSet",
            recursive: false,
            bindings: lowerRecord(result as Readonly<Record<string, unknown>>, ctx, ctor),
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
  // A process file (`defineProcess`) is the process itself: no function of parameters.
  const inner: Expr = isApplied(ctor)
    ? { ...inBody, blankLineBefore: true }
    : argsName !== undefined && curried.param.kind === "Formals"
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
  reportNameClashes(ctor, formalNodes, withOuterLocals, ctx);
  const used = referencedNames(withOuterLocals);
  const outerNames = [
    ...extraOuter,
    ...[...CONSTRUCTOR_OUTER_NAMES].filter((n) => used.has(n) && !innerNames.has(n)),
  ];
  const outer = lambdaWithFormals(
    outerNames.map((n) => formal(n)),
    withOuterLocals,
  );
  reportUnboundReads(ctor, outer, ctx);
  return { file: generatedFile(outer, source), outerNames };
}

/**
 * The outer names a constructor's generated function takes beyond those a
 * constructors model passes: its own `outer` (see `ConstructorSpec.outer`),
 * then those of the constructor it is built on, which it passes on by
 * name. An own one Nix cannot name, or that a constructors model passes
 * already, is an error (TN6015).
 */
function extraOuterNames(
  ctor: Constructor,
  builtOn: InnerConstructorFile | undefined,
): readonly string[] {
  const own = ctor.spec.outer ?? [];
  const wrong = own.find(
    (n) =>
      !isReadableVariable(n) ||
      CONSTRUCTOR_OUTER_NAMES.has(n) ||
      n === "interDeps" ||
      isNixGlobal(n),
  );
  if (wrong !== undefined)
    throw new SpecError(
      `the constructor '${ctor.spec.name}' cannot take the outer parameter '${wrong}': ${outerNameProblem(wrong)}`,
      ctor.site,
      "name outer parameters of your own, as `mongodbConstructorFun`; createManagedProcess, pkgs and the standard parameters are taken when read",
      "TN6015",
    );
  const inherited = (builtOn?.outerNames ?? []).filter((n) => !CONSTRUCTOR_OUTER_NAMES.has(n));
  return [...new Set([...own, ...inherited])];
}

/** Why an outer parameter cannot have the name `name` (see `extraOuterNames`). */
function outerNameProblem(name: string): string {
  if (!isReadableVariable(name)) return "Nix cannot name it";
  if (isNixGlobal(name)) return `it would hide Nix's '${name}', which the generated code may read`;
  return "the generated function takes that name itself";
}

/**
 * The bindings of the record `build` returns (a container provider's),
 * its undefined dependencies reported rather than left out.
 */
function lowerRecord(
  record: Readonly<Record<string, unknown>>,
  ctx: LowerContext,
  ctor: Constructor,
): Binding[] {
  reportUndefinedRecordDependencies(record, ctx, ctor);
  return lowerBindings(record as never, ctx, ctor);
}

/**
 * `import ./inner.nix { inherit createManagedProcess ...; } { port = ...; }`:
 * the call of the constructor another is built on, given the outer names
 * it takes by the same names (the outer function takes them too), and its
 * inter-dependencies as a third argument where it takes them and the call
 * passes them (TN5014 where they lack one it reads). `builtOn` names the
 * constructor built on it, for diagnostics.
 */
function innerCall(
  builtOn: string,
  call: ConstructorCall,
  inner: InnerConstructorFile,
  ctx: LowerContext,
): Expr {
  const outer = attrSet(inner.outerNames.length > 0 ? [inherit(inner.outerNames)] : []);
  const fn = apply(ident("import"), path(inner.path), outer);
  // A process file's import is the process: there is nothing to call.
  if (isApplied(call.constructor)) return fn;
  const args = lowerArgumentSet(call.args, ctx, call);
  if (call.processManager !== undefined)
    ctx.diagnostics.push(
      errorAt(
        call.site,
        "TN3052",
        `a constructor cannot be built on a call of '${call.constructor.spec.name}' for the process manager ${call.processManager}: the inner constructor is given the outer constructor's createManagedProcess`,
        "call the constructor itself, not through forProcessManager(...)",
      ),
    );
  if (call.interDeps === undefined) return apply(fn, args);
  if (!call.constructor.spec.interDependencies) {
    reportInterDepsArity(call, ctx);
    return apply(fn, args);
  }
  const missing = missingInterDeps(call, namesGiven(call), {
    site: call.site,
    who: `constructor '${builtOn}' is built on '${call.key}'`,
    from: "the call's second argument",
    fix: (name) => `give '${name}' in the call's second argument`,
  });
  if (missing) ctx.diagnostics.push(missing);
  return apply(fn, args, lowerArgumentSet(call.interDeps, ctx, call));
}

/**
 * Reports what would make the generated function `fn` of `ctor` read
 * another binding than the one its spec means, or none at all: a parameter
 * hiding a Nix global or literal, or an outer argument (`tmpDir`, `pkgs`),
 * that `fn` reads (TN3018), an `argsName` bound already (TN3019),
 * `interDeps` read without `interDependencies` (TN3020), and defaults that
 * read each other in a cycle (TN3021, or TN3062 through a `nix.if` branch).
 */
function reportNameClashes(
  ctor: Constructor,
  formalNodes: readonly FormalNode[],
  fn: Expr,
  ctx: LowerContext,
): void {
  const { name, argsName, interDependencies } = ctor.spec;
  const names = formalNodes.map((f) => f.name.name);
  const report = (code: string, message: string, hint: string): void => {
    ctx.diagnostics.push(errorAt(ctor.site, code, `the constructor '${name}' ${message}`, hint));
  };
  // Callers pass the parameters by name: they cannot be renamed in Nix.
  // The outer function takes no argument a parameter names, so the
  // parameter would stand in for it too.
  const outerReads = new Set(
    STANDARD_PARAMETERS.map((v) => ctx.terms.get(termOf(v))).filter((e) => e !== undefined),
  );
  for (const param of names.filter((n) => hidable(n) && readsOtherThanParameter(fn, n, outerReads)))
    report(
      "TN3018",
      `cannot take a parameter named '${param}': its generated function reads ${CONSTRUCTOR_OUTER_NAMES.has(param) ? `the constructors model's '${param}'` : `Nix's '${param}'`} too, which the parameter would hide`,
      "rename the parameter",
    );
  if (
    argsName !== undefined &&
    argsNameTaken(argsName, [...names, ...(ctor.spec.outer ?? [])], interDependencies === true)
  )
    report(
      "TN3019",
      `cannot name its argument set '${argsName}': the name is reserved (a parameter, a name the constructors model passes, createManagedProcess, a Nix global, or interDeps with interDependencies), as the generated function binds or may read it`,
      "choose another argsName (it is a label: build reads the set with nix.ref of it)",
    );
  // Only a free interDeps is build's second argument: a nix.let, a
  // nix.lambda, a parameter or the argsName may bind that name.
  if (!interDependencies && freeNames(fn, new Set(), true).has("interDeps"))
    report(
      "TN3020",
      "reads build's second argument (interDeps), but takes no inter-dependencies",
      "add interDependencies: true to the constructor, or do not read build's second argument",
    );
  reportDefaultsCycle(ctor, formalNodes, ctx);
}

/**
 * Reports defaults that read each other in a cycle: whichever way their
 * `nix.if`s go (TN3021), or only where some go one way (TN3062, a warning:
 * Nix evaluates the branch a condition takes only, so a call leaving them
 * out ends where they go the other way, but loops where they do not).
 */
function reportDefaultsCycle(
  ctor: Constructor,
  formalNodes: readonly FormalNode[],
  ctx: LowerContext,
): void {
  const cycle = defaultsCycle(formalNodes);
  if (cycle === undefined) return;
  const prefix = `the constructor '${ctor.spec.name}' has parameter defaults that read each other in a cycle`;
  const names = cycle.names.join(" -> ");
  if (cycle.guards.length === 0)
    ctx.diagnostics.push(
      errorAt(
        ctor.site,
        "TN3021",
        `${prefix}: ${names}`,
        "a call leaving them all out would recurse forever: make one of the defaults not read the others",
      ),
    );
  else
    ctx.diagnostics.push(
      warningAt(
        ctor.site,
        "TN3062",
        `${prefix} through the branches of a nix.if: ${names}, where ${guardsText(cycle.guards)}`,
        "a call leaving them out where the conditions go that way would recurse forever: make one of those branches not read the others, or have such a call pass one of them",
      ),
    );
}

/** Whether a parameter named `name` may hide what the generated function reads as a Nix global or an outer argument. */
function hidable(name: string): boolean {
  return isNixGlobal(name) || CONSTRUCTOR_OUTER_NAMES.has(name);
}

/**
 * Whether `argsName` is reserved: a name the generated function binds or
 * may read otherwise (a parameter or an outer parameter of its own, among
 * `params`, a name a constructors model passes, a Nix global), whether
 * this constructor reads it or not, so that a spec's argsName stays valid
 * as its body changes.
 */
function argsNameTaken(argsName: string, params: readonly string[], interDeps: boolean): boolean {
  return (
    params.includes(argsName) ||
    CONSTRUCTOR_OUTER_NAMES.has(argsName) ||
    isNixGlobal(argsName) ||
    (interDeps && argsName === "interDeps")
  );
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
 * The optional parameters (`OPTIONAL_CONSTRUCTORS_PARAMETERS`) generated
 * constructors models take: those a constructor reads. (Every model takes
 * them then, so that each model can pass them to whichever it imports.)
 */
export function constructorsModelTakes(lowered: Iterable<LoweredConstructor>): Set<string> {
  const taken = new Set<string>();
  for (const ctor of lowered)
    for (const name of ctor.outerNames)
      if (OPTIONAL_CONSTRUCTORS_PARAMETERS.includes(name)) taken.add(name);
  return taken;
}

/**
 * Lowers a constructors model to `constructors.nix` (`ctx` is the generated
 * file's); `fileOf` names each constructor's generated file, relative to it.
 * It takes the optional parameters in `taken` too, with their defaults, as
 * processes models do: callers that follow nix-processmgmt's conventions
 * do not pass them.
 */
export function lowerConstructorsModel(
  model: ConstructorsModelInfo,
  ctx: LowerContext,
  lowered: ReadonlyMap<Constructor, LoweredConstructor>,
  fileOf: (ctor: Constructor) => string,
  source: string,
  taken: ReadonlySet<string> = new Set(),
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
  // Its parameters (the optional ones too) and createManagedProcess: no local takes them.
  reserveNames(ctx, CONSTRUCTOR_OUTER_NAMES);
  const files: ConstructorFiles = { outerNames: (c) => lowered.get(c)?.outerNames, fileOf };
  const entries = Object.entries(model.constructors).map(([key, entry]) => {
    const given = model.outer?.[key];
    const site = given?.site ?? model.site;
    const ctor = entryConstructor(entry);
    return binding(key, constructorImport(ctor, given?.outer ?? {}, key, site, files, ctx));
  });
  // The values outer parameters are given may read locals (`nix.local`).
  const locals = lowerLocals(ctx).map(([n, v]) => binding(n, v));
  const body: Expr = {
    kind: "Let",
    bindings: [binding("createManagedProcess", createManagedProcess), ...locals],
    body: attrSet(entries),
    blankLineBefore: true,
  };
  // The optional parameters the outer values read are taken too.
  const read = referencedNames(body);
  const takes = new Set([...taken, ...OPTIONAL_CONSTRUCTORS_PARAMETERS.filter((n) => read.has(n))]);
  const header = lambdaWithFormals(
    [...constructorsModelFormals(takes), formal("ids", attrSet([]))],
    body,
  );
  return generatedFile(header, source);
}

/** The file of nix-processmgmt that generated constructors models import createManagedProcess from. */
export const CREATE_MANAGED_PROCESS =
  "nixproc/create-managed-process/universal/create-managed-process-universal.nix";

/**
 * nix-processmgmt's universal `create-managed-process.nix`, where the
 * model's `nixProcessmgmt` says nix-processmgmt is (see
 * `nixProcessmgmtFile`); one that names no folder is reported.
 */
function universalFile(model: ConstructorsModelInfo, ctx: LowerContext): Expr {
  const file = nixProcessmgmtFile(CREATE_MANAGED_PROCESS, model, ctx);
  if (file) return file;
  const written = model.options.nixProcessmgmt ?? "";
  ctx.diagnostics.push(
    errorAt(
      model.site,
      "TN3025",
      `nixProcessmgmt ${JSON.stringify(written)} names no folder nix-processmgmt could be in: ${written === "" ? "it is empty" : "it holds a NUL character, which no file name holds"}`,
      'leave nixProcessmgmt out to find nix-processmgmt on the search path (NIX_PATH, -I nix-processmgmt=...), or name its folder: "/opt/nix-processmgmt", "../nix-processmgmt", or a search path entry',
    ),
  );
  return searchPath(`nix-processmgmt/${CREATE_MANAGED_PROCESS}`);
}

/**
 * `let` bindings importing the constructors model for every variable the
 * model uses: `constructors` with the model's own process manager, and
 * `<pm>Constructors` for constructors instantiated for another one.
 * `taken`: the optional parameters the constructors model takes (see `constructorsModelTakes`).
 */
export function constructorsImports(
  used: ReadonlySet<string>,
  constructorsFile: string,
  passIds: boolean,
  taken: ReadonlySet<string> = new Set(),
): Binding[] {
  const params = [
    ...CONSTRUCTORS_PARAMETERS,
    ...OPTIONAL_CONSTRUCTORS_PARAMETERS.filter((n) => taken.has(n)),
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
    if (!isProcessManager(manager)) continue;
    const args = attrSet([
      inherit(params.filter((p) => p !== "processManager")),
      binding("processManager", nixLiteral(manager)),
    ]);
    bindings.push(binding(name, apply(ident("import"), path(constructorsFile), args)));
  }
  return bindings;
}
