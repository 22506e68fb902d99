/**
 * Processes models to `processes.nix`: the function of the standard
 * parameters (each with its upstream default except `processManager`,
 * unless the model gives another or declares it `noDefault`), the
 * constructors model imported in `let`, and a `rec` set of instances.
 */
import {
  isConstructorCall,
  isNixValue,
  type NixData,
  type ProcessesModel,
  type ProcessInstance,
} from "@typenix/dsl/core";
import type { Expr, NixFile } from "../syntax/ast.js";
import { attrSet, binding, formal, lambdaWithFormals } from "../syntax/build.js";
import { finishedItem, lowerAt, type LowerContext } from "./context.js";
import {
  CONSTRUCTORS_VARIABLES,
  lowerBindings,
  lowerData,
  lowerDataAt,
  lowerPkgCall,
  pkgCallSet,
  reportInterDepsArity,
} from "./data.js";
import { constructorsImports } from "./constructors.js";
import {
  generatedFile,
  lowerParameterDefaults,
  reportHiddenByItems,
  reportParametersNamedLikeImports,
  reportParametersNamedLikeItems,
  lowerLocals,
  reserveItemNames,
  reserveNames,
  withLocals,
} from "./file.js";
import { idsBindings, noteIdsAsked, usesIds } from "./ids.js";
import { mergeComputed } from "./computed-part.js";
import { reportUnboundRefs } from "./unbound-reads.js";
import { instanceCycles, processReads } from "./instance-cycles.js";
import {
  PROCESS_PARAMETER_DEFAULTS,
  SELDOM_PROCESS_PARAMETERS,
  standardFormals,
} from "./parameters.js";

/** Lowers a processes model; `constructorsFile` is the constructors model's file relative to the output. */
export function lowerProcessesModel(
  model: ProcessesModel,
  ctx: LowerContext,
  constructorsFile: string,
  source: string,
  constructorsTake: ReadonlySet<string> = new Set(),
): NixFile {
  const allParams = new Set(PROCESS_PARAMETER_DEFAULTS.map(([n]) => n));
  const ownParams = Object.keys(model.parameters ?? {});
  // `ids` is not reserved: a `nix.local("ids", ...)` of the model takes its place (see `idsBindings`).
  reserveItemNames(ctx, Object.keys(model.instances));
  reserveNames(ctx, allParams, ownParams, CONSTRUCTORS_VARIABLES);
  reportParametersNamedLikeItems(ctx, model, ownParams, model.instances, "process instance");
  ctx.inItems = true;
  const names = new Set(Object.keys(model.instances));
  const processReadsOf = new Map<string, ReadonlySet<string>>();
  const instances = Object.entries(model.instances).map(([name, instance]) => {
    const item = lowerAt(ctx, ["processes", name], () => lowerInstance(instance, ctx));
    // Read off before the item is printed: its tree is not kept.
    processReadsOf.set(name, processReads(item, names));
    return finishedItem(ctx, name, item);
  });
  ctx.inItems = false;
  ctx.diagnostics.push(...instanceCycles(model.instances, processReadsOf));
  const body = mergeComputed(attrSet(instances, true), model.computed, model, ctx, {
    item: "process instance",
    hint: "bind what both read with nix.local, or declare the instance in TypeScript",
    first: model.computedFirst === true,
  });
  // The variables the instances read, as lowering noted them (the body is not walked).
  const read = new Set(ctx.names);
  // The locals first (reading more locals as they go): what they read is
  // bound too, and a local named `ids` is the model's ids.
  const lowered = new Set<string>();
  const locals = lowerLocals(ctx, lowered).map(([name, value]) => binding(name, value));
  const passIds = usesIds(ctx, model.computed === undefined ? undefined : body);
  const used = new Set(ctx.names);
  // A model may bind `constructors` itself (`nix.local`, as imported models do).
  for (const name of ctx.locals.keys()) used.delete(name);
  const imports = constructorsImports(used, constructorsFile, passIds, constructorsTake);
  reportParametersNamedLikeImports(ctx, model, ownParams, imports);
  const lets = [...(passIds ? idsBindings(ctx, ownParams) : []), ...imports, ...locals];
  const withLets = withLocals(body, ctx, lets, lowered);
  const overrides = lowerParameterDefaults(Object.entries(model.parameters ?? {}), ctx, model);
  const userParams = [...overrides]
    .filter(([k]) => !allParams.has(k))
    .map(([k, v]) => formal(k, v));
  // nix-processmgmt's optional parameters only where read: its examples' headers leave them out.
  const header = new Set(
    [...allParams].filter(
      (n) =>
        !SELDOM_PROCESS_PARAMETERS.includes(n) ||
        constructorsTake.has(n) ||
        used.has(n) ||
        overrides.has(n),
    ),
  );
  const fn = lambdaWithFormals([...standardFormals(header, overrides), ...userParams], {
    ...withLets,
    blankLineBefore: true,
  });
  reportHiddenByItems(ctx, model.instances, read, fn, ownParams, "process instance");
  reportUnboundRefs(ctx, fn, Object.keys(model.instances), "processes");
  return generatedFile(fn, source);
}

/**
 * `rec { port = 5000; pkg = constructors.webapp { inherit port; }; }`, or
 * without `rec` (see `pkgCallSet`); an instance Nix computes, its expression.
 */
function lowerInstance(instance: ProcessInstance, ctx: LowerContext): Expr {
  if (isNixValue(instance.spec)) return lowerData(instance.spec, ctx, instance);
  // A constructor's call given for the instance (against its type) may ask for ids in what it makes.
  if (isConstructorCall(instance.spec)) ctx.idsAsked = true;
  else noteIdsAsked(instance.spec, ctx);
  const { pkg, ...properties } = instance.spec;
  const bindings = lowerBindings(properties as Record<string, NixData>, ctx, instance);
  if (!isConstructorCall(pkg)) {
    const value = lowerDataAt("pkg", pkg, ctx, instance);
    return attrSet([...bindings, binding("pkg", value)]);
  }
  // nix-processmgmt never applies a process's inter-dependencies: the call must.
  if (pkg.constructor.spec.interDependencies && pkg.interDeps === undefined)
    reportInterDepsArity(pkg, ctx);
  const call = lowerAt(ctx, ["pkg"], () => lowerPkgCall(pkg, properties, ctx));
  return pkgCallSet([...bindings, binding("pkg", call.expr)], call);
}
