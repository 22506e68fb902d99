/**
 * Importing nix-processmgmt constructors models (`constructors.nix`):
 * `{ pkgs, stateDir, ... }: let createManagedProcess = import
 * <nix-processmgmt/...universal...> { ... }; in { webapp = import ./webapp {
 * inherit createManagedProcess tmpDir; }; }` becomes `constructors({ webapp
 * })` importing each constructor's module; constructors written inline are
 * defined in the same module.
 */
import type { Binding, Expr, FormalNode, Node } from "../syntax/ast.js";
import { ident, select } from "../syntax/build.js";
import { CREATE_MANAGED_PROCESS } from "../lower/constructors.js";
import { constructorLambda, defineConstructor, importedFile, outerScope } from "./constructor.js";

export { importedFile } from "./constructor.js";
import {
  DSL_PARAMETERS,
  exportComments,
  headerComments,
  letConstants,
  modelFunction,
} from "./model-function.js";
import type { ModuleSpec } from "./module.js";
import { bindingComments } from "./comments.js";
import type { Problems } from "./problems.js";
import { propertyKey, Scope } from "./scope.js";
import { attrKey, dsl, translate, tsComment, type ImportContext } from "./translate.js";

/**
 * True for a function whose body is a set of constructor imports or
 * constructor functions, with at least one of them: the others are
 * reported when it is imported (see `importConstructorsModel`). An import
 * of a file Nix chooses (`import webappExpr { ... }`) counts too, so that
 * entry is reported at its line rather than the file's kind left unknown.
 */
export function isConstructorsModel(expr: Expr): boolean {
  const entries = setEntries(expr);
  return (
    entries?.some(
      (b) => b.kind === "AttrBinding" && (isConstructor(b.value) || isChosenImport(b.value)),
    ) ?? false
  );
}

/** `import <expression> { ... }`: a constructor file called with its arguments, whichever file it is. */
function isChosenImport(value: Expr): boolean {
  return (
    value.kind === "Apply" &&
    value.arg.kind === "AttrSet" &&
    value.fn.kind === "Apply" &&
    value.fn.fn.kind === "Identifier" &&
    value.fn.fn.name === "import"
  );
}

/**
 * A function of named parameters returning a set: the shape of any
 * constructors model, read as one when the user names the kind (its
 * entries are then reported one by one).
 */
export function isSetFunction(expr: Expr): boolean {
  return setEntries(expr) !== undefined;
}

/** The bindings of the set a function of named parameters returns; undefined for another shape. */
function setEntries(expr: Expr): readonly Binding[] | undefined {
  const mf = modelFunction(expr);
  return mf.formals.length > 0 && mf.body.kind === "AttrSet" ? mf.body.bindings : undefined;
}

/** `import ./x { ... }` of a file named as written, or a constructor function. */
function isConstructor(value: Expr): boolean {
  return importedFile(value) !== undefined || constructorLambda(value) !== undefined;
}

/** What a generated constructors model passes a constructor file, by name. */
const PASSED: ReadonlySet<string> = new Set(["createManagedProcess", ...DSL_PARAMETERS.keys()]);

/** An argument that gives an outer parameter a value of its own (see `outerValues`). */
export interface OuterArgument {
  readonly name: string;
  /** Its value: what is bound, or the name an `inherit` reads. */
  readonly value: Expr;
  /** The binding or `inherit` giving it. */
  readonly node: Node;
}

/**
 * The arguments of `import ./x { ... }` that give an outer parameter of
 * the constructor a value of its own (`dysnomia = pkgs.dysnomia.override
 * ...;`, `mongodbConstructorFun = constructors.simpleMongodb;`, `inherit
 * nix-processmgmt;`), as nix-processmgmt-services' constructors models do:
 * the constructor keeps them as outer parameters (`outer`), and the model
 * gives them with `withOuter`. Not those the generated model passes itself.
 */
export function outerValues(value: Expr): OuterArgument[] {
  if (value.kind !== "Apply" || value.fn.kind !== "Apply") return [];
  const args = value.arg;
  if (args.kind !== "AttrSet" || args.recursive) return [];
  return args.bindings.flatMap((b): OuterArgument[] => {
    if (b.kind === "Inherit" && !b.from)
      return b.names.flatMap((n) =>
        n.kind === "Identifier" && !PASSED.has(n.name)
          ? [{ name: n.name, value: ident(n.name), node: b }]
          : [],
      );
    // `inherit (pkgs.python3Packages) supervisor;`: not the package pkgs.supervisor.
    if (b.kind === "Inherit" && b.from && !isPkgs(b.from)) {
      const from = b.from;
      return b.names.flatMap((n) =>
        n.kind === "Identifier" && !PASSED.has(n.name)
          ? [{ name: n.name, value: selectFrom(from, n.name), node: b }]
          : [],
      );
    }
    const name = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    return b.kind === "AttrBinding" && name !== undefined && !PASSED.has(name)
      ? [{ name, value: b.value, node: b }]
      : [];
  });
}

/** `from.name`, one selection of a path where `from` is one (`pkgs.python3Packages.supervisor`). */
function selectFrom(from: Expr, name: string): Expr {
  return from.kind === "Select" && from.default === undefined
    ? select(from.expr, ...from.path, name)
    : select(from, name);
}

/** `pkgs`, whose attributes a constructor's module reads as `pkgs.<name>`. */
function isPkgs(expr: Expr): boolean {
  return expr.kind === "Identifier" && expr.name === "pkgs";
}

/**
 * The first argument of `import ./x { ... }` that the generated model
 * would not pass the same (its value dropped, the constructor's own
 * default taken instead): anything but `inherit` of the names in `PASSED`,
 * `inherit (pkgs) ...` of packages, which the constructor's module reads
 * as `pkgs.<name>`, and the outer values of `outerValues`.
 */
function ownArgument(value: Expr): Node | undefined {
  if (value.kind !== "Apply" || value.fn.kind !== "Apply") return undefined;
  const args = value.arg;
  if (args.kind !== "AttrSet" || args.recursive) return args;
  const outer = new Set(outerValues(value).map((v) => v.node));
  return args.bindings.find((b) => {
    if (b.kind === "AttrBinding" && outer.has(b)) return false;
    // A name the model passes, taken from elsewhere than the model's own.
    const elsewhere = b.kind === "Inherit" && b.from !== undefined && !isPkgs(b.from);
    return (
      b.kind !== "Inherit" ||
      b.names.some((n) => n.kind !== "Identifier" || (elsewhere && PASSED.has(n.name)))
    );
  });
}

const CONSTRUCTOR_HINT =
  "import each constructor from its own file, and choose between them in TypeScript";

/**
 * The module of a constructors model; `moduleOf` names the module of a
 * constructor file imported together with it or in the output directory,
 * and gives undefined for another, which is reported (TN6020): the model
 * would import a module that does not exist.
 */
export function importConstructorsModel(
  expr: Expr,
  moduleOf: (written: string) => string | undefined,
  ctx: ImportContext,
  problems: Problems,
  notes: string[] = [],
): ModuleSpec {
  const mf = modelFunction(expr);
  // The model's builders, which no constant may take.
  ctx.ids.reserve("constructors");
  ctx.ids.reserve("withOuter");
  const own = mf.bindings.filter((b) => !isCreateManagedProcess(b));
  const options = processmgmtOption(
    mf.bindings.filter(isCreateManagedProcess),
    mf.formals,
    ctx,
    problems,
    notes,
  );
  const scope = outerScope(mf.formals, ctx, () => undefined);
  // The values outer parameters are given read the model's parameters
  // and its other `let` bindings (another constructors model, imported).
  const { constants: locals, scope: valueScope } = letConstants(
    own,
    modelScope(mf.formals, ctx, (name) => {
      const text = `the parameter '${name}' is left out: the values the model gives outer parameters read its default, which a caller can no longer replace`;
      if (!notes.some((n) => n.startsWith(`the parameter '${name}' is left out`))) notes.push(text);
    }),
    ctx,
  );
  const defaults = new Map<string, string>();
  const constants: ModuleSpec["constants"][number][] = [...locals];
  const entries: string[] = [];
  const body = mf.body.kind === "AttrSet" ? mf.body.bindings : [];
  for (const b of body) {
    const key = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    if (b.kind !== "AttrBinding" || key === undefined) {
      problems.report(
        b,
        "a constructor must be bound by a plain name, as `webapp = import ./webapp { ... };`",
        CONSTRUCTOR_HINT,
      );
      continue;
    }
    if (!isConstructor(b.value)) {
      problems.report(
        b.value,
        `the constructor '${key}' is neither imported from a file named as written (\`import ./webapp { ... }\`) nor written inline`,
        CONSTRUCTOR_HINT,
      );
      continue;
    }
    const own = ownArgument(b.value);
    if (own) {
      problems.report(
        own,
        `the constructor '${key}' is given an argument its TypeScript module cannot carry: typenix passes a constructor file createManagedProcess and the model's standard parameters by name, and gives only its other outer parameters values of their own`,
        "write the value into the constructor file, or make it a parameter of the constructor",
      );
      continue;
    }
    const file = importedFile(b.value);
    const module = file === undefined ? undefined : moduleOf(file);
    if (file !== undefined && module === undefined) {
      problems.report(
        b.value,
        `the constructors model imports the constructor '${key}' from ${file}, which is neither imported together with it nor in the output directory`,
        `import them together: typenix import <this file> <${file} beside it> -o DIR`,
        "TN6020",
      );
      continue;
    }
    const constant = ctx.ids.fresh(key);
    const inline = constructorLambda(b.value);
    if (module !== undefined) defaults.set(constant, module);
    else if (inline)
      constants.push({
        name: constant,
        value: defineConstructor(inline, key, scope, ctx, problems, (text) => {
          if (!notes.includes(text)) notes.push(text);
        }),
        comments: bindingComments(b).map(tsComment),
      });
    const given = outerValues(b.value);
    const unbound = given.find(
      (v) => v.value.kind === "Identifier" && !valueScope.has(v.value.name),
    );
    if (unbound) {
      problems.report(
        unbound.node,
        `the constructor '${key}' is given '${unbound.name}', which the generated model has no value for: it takes only the standard parameters, and reads another parameter as its default`,
        "give the parameter a default in the model, or write the value into the constructor file",
      );
      continue;
    }
    const entry =
      given.length === 0
        ? constant
        : `${dsl(ctx, "withOuter")}(${constant}, { ${given
            .map((v) => `${propertyKey(v.name)}: ${translate(v.value, valueScope, ctx)}`)
            .join(", ")} })`;
    entries.push(key === entry ? key : `${propertyKey(key)}: ${entry}`);
  }
  return {
    header: headerComments(mf),
    ...exportComments(mf),
    dsl: ctx.dsl,
    defaults,
    constants,
    exported: `${dsl(ctx, "constructors")}({ ${entries.join(", ")} }${options})`,
  };
}

/** `createManagedProcess = ...;`, which the generated model binds itself (see `processmgmtOption`). */
function isCreateManagedProcess(b: Binding): boolean {
  return (
    b.kind === "AttrBinding" && b.path.length === 1 && attrKey(b.path[0]) === "createManagedProcess"
  );
}

/**
 * The model's parameters as the values of outer parameters read them: the
 * standard ones as the DSL's; one the generated model does not take
 * (`nix-processmgmt ? ../../nix-processmgmt`) as its default, written out
 * (`leftOut` is told its name). One without a default is bound to nothing.
 */
function modelScope(
  formals: readonly FormalNode[],
  ctx: ImportContext,
  leftOut: (name: string) => void,
): Scope {
  return Scope.empty().with(
    formals.flatMap((f) => {
      const name = f.name.name;
      const dslName = DSL_PARAMETERS.get(name);
      const fallback = f.default;
      if (dslName) return [[name, () => dsl(ctx, dslName)] as const];
      if (!fallback) return [];
      return [
        [
          name,
          () => {
            leftOut(name);
            return translate(fallback, Scope.empty(), ctx);
          },
        ] as const,
      ];
    }),
  );
}

/**
 * `, { nixProcessmgmt: "..." }` when createManagedProcess comes from
 * elsewhere than `<nix-processmgmt>`: another search path entry, or a
 * folder, relative to the spec file (as the option reads it) when relative.
 */
function processmgmtOption(
  bindings: readonly Binding[],
  formals: readonly FormalNode[],
  ctx: ImportContext,
  problems: Problems,
  notes: string[],
): string {
  for (const b of bindings) {
    if (b.kind !== "AttrBinding") continue;
    const imported =
      b.value.kind === "Apply" && b.value.fn.kind === "Apply" ? b.value.fn.arg : undefined;
    const fromParameter = imported && parameterFolder(imported, formals);
    if (fromParameter)
      notes.push(
        `the parameter '${fromParameter.name}' is left out: createManagedProcess is imported from its default, which a caller can no longer replace`,
      );
    const target = fromParameter?.folder ?? imported;
    if (
      target?.kind === "SearchPath" &&
      target.path === `nix-processmgmt/${CREATE_MANAGED_PROCESS}`
    )
      return "";
    const written =
      target?.kind === "Path"
        ? importedFile({ kind: "Apply", fn: { kind: "Identifier", name: "import" }, arg: target })
        : undefined;
    if (target?.kind === "SearchPath" && target.path.endsWith(`/${CREATE_MANAGED_PROCESS}`))
      return `, { nixProcessmgmt: ${JSON.stringify(target.path.slice(0, -CREATE_MANAGED_PROCESS.length - 1))} }`;
    if (written?.endsWith(`/${CREATE_MANAGED_PROCESS}`))
      return `, { nixProcessmgmt: ${JSON.stringify(processmgmtFolder(written, ctx))} }`;
    problems.report(
      b.value,
      "createManagedProcess must come from nix-processmgmt's universal create-managed-process.nix",
      "typenix generates that import itself",
    );
  }
  return "";
}

/**
 * `"${nix-processmgmt}/nixproc/.../create-managed-process-universal.nix"`,
 * as nix-processmgmt-services writes it, where `nix-processmgmt` is a
 * parameter of the model whose default is a folder (`../../nix-processmgmt`)
 * or a search path entry: the universal file under that default, as if
 * written there, with the parameter's name. Undefined for another shape.
 */
function parameterFolder(
  target: Expr,
  formals: readonly FormalNode[],
): { name: string; folder: Expr } | undefined {
  if (target.kind !== "String" || target.style !== "double") return undefined;
  const [head, tail, ...rest] = target.parts;
  if (head?.kind !== "Interpolation" || head.expr.kind !== "Identifier") return undefined;
  if (tail?.kind !== "Text" || tail.raw !== `/${CREATE_MANAGED_PROCESS}` || rest.length > 0)
    return undefined;
  const name = head.expr.name;
  const fallback = formals.find((f) => f.name.name === name)?.default;
  if (fallback?.kind === "Path" && fallback.parts.every((p) => p.kind === "Text"))
    return { name, folder: { ...fallback, parts: [...fallback.parts, tail] } };
  if (fallback?.kind === "SearchPath")
    return { name, folder: { ...fallback, path: `${fallback.path}${tail.raw}` } };
  return undefined;
}

/** The folder of nix-processmgmt whose universal file `written` names, as the spec file names it. */
function processmgmtFolder(written: string, ctx: ImportContext): string {
  const file = written.startsWith("/") ? written : ctx.rebase(written);
  return file.slice(0, -CREATE_MANAGED_PROCESS.length - 1) || ".";
}
