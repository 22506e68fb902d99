/**
 * A constructors model's import of a constructor's file, given what its
 * outer function takes: the model's own names by `inherit`, and the values
 * `withOuter` gives the constructor's own outer parameters, as
 * nix-processmgmt-services' container constructors model writes it:
 * `import ./simplemongodb.nix { mongodbConstructorFun = ...; inherit
 * (pkgs) lib; }`.
 */
import {
  isConstructor,
  isConstructorWithOuter,
  type CallSite,
  type Constructor,
  type OuterValue,
} from "@typenix/dsl/core";
import type { Binding, Expr } from "../syntax/ast.js";
import { apply, attrSet, binding, ident, inherit, path } from "../syntax/build.js";
import { errorAt, type LowerContext } from "./context.js";
import { lowerData } from "./data.js";
import { CONSTRUCTOR_OUTER_NAMES } from "./parameters.js";

/** What the import of a constructor's file needs: its path and the outer names its file takes. */
export interface ConstructorFiles {
  /** The outer names the constructor's generated file takes; undefined when it was not generated. */
  readonly outerNames: (ctor: Constructor) => readonly string[] | undefined;
  /** The path of the constructor's generated file, relative to the model's. */
  readonly fileOf: (ctor: Constructor) => string;
}

/**
 * `import ./x.nix { <own outer values>; inherit <model names>; }` for
 * `ctor` under `label` (its key, or its name where it is a value), `given`
 * the values of its own outer parameters. One it takes that `given` lacks
 * is reported (TN6014), as is one given that it does not take (TN6016).
 */
export function constructorImport(
  ctor: Constructor,
  given: Readonly<Record<string, OuterValue>>,
  label: string,
  site: CallSite | undefined,
  files: ConstructorFiles,
  ctx: LowerContext,
): Expr {
  const outer = files.outerNames(ctor);
  // One that could not be generated has its own diagnostics.
  if (outer === undefined) return apply(ident("import"), path(files.fileOf(ctor)), attrSet([]));
  const own = outer.filter((n) => !CONSTRUCTOR_OUTER_NAMES.has(n));
  const passed = outer.filter((n) => CONSTRUCTOR_OUTER_NAMES.has(n));
  reportMissing(label, own, given, site, ctx);
  reportUnknown(label, ctor, own, given, site, ctx);
  const values: Binding[] = own
    .filter((n) => given[n] !== undefined)
    .map((n) => binding(n, outerValue(given[n] as OuterValue, site, files, ctx)));
  const args = attrSet([...values, ...(passed.length > 0 ? [inherit(passed)] : [])]);
  return apply(ident("import"), path(files.fileOf(ctor)), args);
}

/**
 * An outer value given at `site`: a constructor is the function its
 * generated file makes, imported with what it takes in turn (`withOuter`
 * giving its own outer values, reported at that call); anything else is
 * Nix data.
 */
function outerValue(
  value: OuterValue,
  site: CallSite | undefined,
  files: ConstructorFiles,
  ctx: LowerContext,
): Expr {
  if (isConstructorWithOuter(value)) {
    const { constructor, outer } = value;
    return constructorImport(constructor, outer, constructor.spec.name, value.site, files, ctx);
  }
  if (isConstructor(value)) return constructorImport(value, {}, value.spec.name, site, files, ctx);
  return lowerData(value, ctx, { site });
}

function reportMissing(
  label: string,
  own: readonly string[],
  given: Readonly<Record<string, OuterValue>>,
  site: CallSite | undefined,
  ctx: LowerContext,
): void {
  const missing = own.filter((n) => given[n] === undefined);
  if (missing.length === 0) return;
  const names = missing.map((n) => `'${n}'`).join(", ");
  ctx.diagnostics.push(
    errorAt(
      site,
      "TN6014",
      `the constructor '${label}' takes the outer parameter${missing.length > 1 ? "s" : ""} ${names}, which the constructors model does not pass`,
      `give ${missing.length > 1 ? "their values" : "its value"} with withOuter(constructor, { ${missing.map((n) => `${n}: ...`).join(", ")} })`,
    ),
  );
}

function reportUnknown(
  label: string,
  ctor: Constructor,
  own: readonly string[],
  given: Readonly<Record<string, OuterValue>>,
  site: CallSite | undefined,
  ctx: LowerContext,
): void {
  const unknown = Object.keys(given).filter((n) => !own.includes(n));
  if (unknown.length === 0) return;
  ctx.diagnostics.push(
    errorAt(
      site,
      "TN6016",
      `the constructor '${label}' is given the outer parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `'${n}'`).join(", ")}, which it does not take`,
      own.length > 0
        ? `the outer parameters of '${ctor.spec.name}' are ${own.map((n) => `'${n}'`).join(", ")}`
        : `'${ctor.spec.name}' takes no outer parameters of its own: list it without withOuter`,
    ),
  );
}
