/**
 * Disnix models to Nix: `services.nix` (a function of `system`, `pkgs`,
 * `distribution`, `invDistribution` and any extra parameters, returning a
 * `rec` set of services), `infrastructure.nix` (a plain set of targets) and
 * `distribution.nix` (a function of `infrastructure`).
 */
import {
  hasSentinels,
  isConstructorCall,
  isNixValue,
  isNoDefault,
  type DistributionModel,
  type ModelParameters,
  type InfrastructureModel,
  type CallSite,
  type NixData,
  type Service,
  type ServiceRecord,
  type ServiceRefs,
  type ServicesModel,
} from "@typenix/dsl/core";
import type { Binding, Expr, NixFile } from "../syntax/ast.js";
import {
  attrSet,
  binding,
  formal,
  ident,
  lambdaWithFormals,
  letIn,
  list,
  select,
} from "../syntax/build.js";
import { nixLiteral, nixString } from "../literals/literal.js";
import {
  errorAt,
  finishedItem,
  lowerAt,
  valueErrorAt,
  valueWarningAt,
  VARIABLE_NAME_HINT,
  type Located,
  type LowerContext,
} from "./context.js";
import { isIdentifier } from "../syntax/identifiers.js";
import {
  attrPath,
  CONSTRUCTORS_VARIABLES,
  lowerBindings,
  lowerConstructorCall,
  lowerData,
  lowerPkgCall,
  pkgCallSet,
} from "./data.js";
import { constructorsImports } from "./constructors.js";
import { mergeComputed } from "./computed-part.js";
import { DEPENDENCY_KEYS, dependencyRefs, reportUndefinedNames } from "./dependencies.js";
import { unreadPlacementKeys } from "./placement-keys.js";
import {
  generatedFile,
  lowerLocals,
  lowerParameterDefaults,
  reportHiddenByItems,
  reportParametersNamedLikeImports,
  reportParametersNamedLikeItems,
  reserveItemNames,
  reservedNames,
  reserveNames,
  withLocals,
} from "./file.js";
import { idsBindings, noteIdsAsked, usesIds } from "./ids.js";
import { reportUnboundRefs } from "./unbound-reads.js";
import { bindingNames, freeNames, referencedNames } from "./free-names.js";
import { recordKeys } from "./item-keys.js";
import {
  PROCESS_PARAMETER_DEFAULTS,
  SERVICES_PARAMETER_DEFAULTS,
  SERVICES_PARAMETERS,
  standardFormals,
} from "./parameters.js";

/** Lowers a services model; `constructorsFile` is where constructor calls come from, relative to the output. */
export function lowerServicesModel(
  model: ServicesModel,
  ctx: LowerContext,
  constructorsFile: string,
  source: string,
  constructorsTake: ReadonlySet<string> = new Set(),
): NixFile {
  const services = model.services;
  const entries: Binding[] = [];
  // Listed once for the run: the checks list them too.
  const keys = recordKeys(services);
  const declared = Object.keys(model.options.parameters ?? {});
  reserveItemNames(ctx, keys);
  reserveNames(
    ctx,
    SERVICES_PARAMETERS,
    PROCESS_PARAMETER_DEFAULTS.map(([n]) => n),
    declared,
    CONSTRUCTORS_VARIABLES,
  );
  reportParametersNamedLikeItems(ctx, model, declared, services, "service");
  // A model parameter this model gives a default other than null (`processManager: "sysvinit"`)
  // is not null here, whatever its default elsewhere: it may stand in a string (see TN3043).
  ctx.notNull = declared.filter((name) => (model.options.parameters ?? {})[name] != null);
  // Its values may read the set of services by name (`ownServices`): see `withLocals`.
  ctx.ownServices = {};
  ctx.inItems = true;
  // Each service at `services.<name>` in `ctx.valuePath`, pushed here, not
  // through `lowerAt`: no closure and path array for each of thousands.
  const path = ctx.valuePath;
  const depth = path.push("services");
  const types = new Map<string, Expr>();
  try {
    // Indexed: until the engine optimizes it, `for...of` allocates for each key.
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i] as string;
      path.push(name);
      const value = lowerService(name, services[name] as Service, ctx, types);
      // Popped, not cut back to `depth`: setting an array's length costs several pops.
      path.pop();
      entries.push(finishedItem(ctx, name, value));
    }
  } finally {
    path.length = depth - 1;
  }
  ctx.inItems = false;
  const body = mergeComputed(attrSet(entries, true), model.options.computed, model, ctx);
  // The variables the services read, as lowering noted them (the body is not walked).
  const read = new Set(ctx.names);
  // The locals first (reading more locals as they go): what they read is
  // bound too, and a local named `ids` is the model's ids.
  const lowered = new Set<string>();
  const locals = lowerLocals(ctx, lowered).map(([name, value]) => binding(name, value));
  const names = new Set(ctx.names);
  const passIds = usesIds(ctx, model.options.computed === undefined ? undefined : body);
  // A model may bind `constructors` itself (`nix.local`, as imported models do).
  const used = ctx.locals.size === 0 ? names : new Set(names);
  for (const name of ctx.locals.keys()) used.delete(name);
  const imports = constructorsImports(used, constructorsFile, passIds, constructorsTake);
  reportParametersNamedLikeImports(ctx, model, declared, imports);
  const lets = [...(passIds ? idsBindings(ctx, declared) : []), ...imports, ...locals];
  const withLets = withLocals(body, ctx, lets, lowered);
  // The set is not in scope in the defaults of the function's parameters
  // (nor are terms lowered so far that read it, as `ownServices.webapp`).
  ctx.ownServices = undefined;
  ctx.terms.clear();
  // The names the body and its `let` bindings use (the body is not walked twice).
  const needed = withLets.kind === "Let" ? bindingNames(withLets.bindings, names) : names;
  const overrides = lowerParameterDefaults(declaredParameters(model, ctx), ctx, model);
  addNamedByDefaults(needed, overrides);
  const standard = new Set(
    PROCESS_PARAMETER_DEFAULTS.map(([n]) => n).filter(
      (n) => !SERVICES_PARAMETERS.includes(n) && (needed.has(n) || overrides.has(n)),
    ),
  );
  const extra = standardFormals(standard, overrides, SERVICES_PARAMETER_DEFAULTS);
  const userParams = [...overrides]
    .filter(([k]) => !PROCESS_PARAMETER_DEFAULTS.some(([n]) => n === k))
    .map(([k, v]) => formal(k, v));
  const formals = [...SERVICES_PARAMETERS.map((n) => formal(n)), ...extra, ...userParams];
  const fn = lambdaWithFormals(formals, { ...withLets, blankLineBefore: true });
  reportHiddenByItems(ctx, services, read, fn, declared, "service");
  reportUnboundRefs(ctx, fn, keys, "services");
  return generatedFile(fn, source);
}

/**
 * The parameters a services model declares but those it cannot take, each
 * reported: a name Nix cannot take as a variable, or one Disnix passes to
 * every services model (a default would never be used, a second formal of
 * the same name is an error). Such a parameter declared `noDefault` is
 * left out unreported: the generated function has it without one anyway.
 */
function declaredParameters(
  model: ServicesModel,
  ctx: LowerContext,
): [string, ModelParameters[string]][] {
  const declared = Object.entries(model.options.parameters ?? {});
  return declared.filter(([name, value]) => {
    if (!isIdentifier(name)) {
      ctx.diagnostics.push(
        errorAt(
          model.site,
          "TN3005",
          `the parameter ${JSON.stringify(name)} is not a valid Nix variable name`,
          VARIABLE_NAME_HINT,
        ),
      );
      return false;
    }
    if (SERVICES_PARAMETERS.includes(name)) {
      if (isNoDefault(value)) return false;
      ctx.diagnostics.push(
        errorAt(
          model.site,
          "TN3007",
          `'${name}' is a parameter Disnix passes to every services model: it cannot be declared with a default`,
          `rename the parameter; the model reads the value Disnix passes as nix.ref("${name}")`,
        ),
      );
      return false;
    }
    return true;
  });
}

/** The attributes a service record gives meaning to; the others are its properties. */
const RECORD_KEYS: ReadonlySet<string> = new Set(["name", "pkg", "type", ...DEPENDENCY_KEYS]);

/** `types` holds the services' types lowered so far (see `lowerType`). */
function lowerService(
  name: string,
  svc: Service,
  ctx: LowerContext,
  types: Map<string, Expr>,
): Expr {
  const spec = svc.spec;
  if (isConstructorCall(spec)) {
    // The record it makes may ask for ids, which only Nix reads (see `usesIds`).
    ctx.idsAsked = true;
    return lowerConstructorCall(spec, ctx);
  }
  if (isNixValue(spec)) return lowerData(spec, ctx, svc);
  noteIdsAsked(spec, ctx);
  const bindings = [binding(attrPath("name", ctx), lowerName(name, spec.name, ctx, svc))];
  lowerBindings(spec as Readonly<Record<string, NixData>>, ctx, svc, RECORD_KEYS, bindings);
  const pkg = spec.pkg;
  const call = isConstructorCall(pkg)
    ? lowerAt(ctx, ["pkg"], () => lowerPkgCall(pkg, properties(spec), ctx))
    : undefined;
  const path = ctx.valuePath;
  // A missing pkg is left out, as any undefined attribute: the checks report it (TN5011).
  if (pkg !== undefined) {
    // Pushed and popped here too, as `lowerBindings` does (see below).
    path.push("pkg");
    const pkgExpr = call?.expr ?? lowerData(pkg, ctx, svc);
    path.pop();
    bindings.push(binding(attrPath("pkg", ctx), pkgExpr));
  }
  for (let i = 0; i < DEPENDENCY_KEYS.length; i++) {
    const key = DEPENDENCY_KEYS[i] as (typeof DEPENDENCY_KEYS)[number];
    const refs = spec[key] as ServiceRecord["dependsOn"];
    if (refs === undefined) continue;
    // Pushed and popped here, as `lowerBindings` does: a closure for `lowerAt` per service and key costs.
    path.push(key);
    const lowered = lowerDependencies(dependencyRefs(refs), key, ctx, svc);
    path.pop();
    bindings.push(binding(attrPath(key, ctx), lowered));
  }
  // A missing type is left out too, reported by the checks (TN5011).
  if (spec.type !== undefined)
    bindings.push(binding(attrPath("type", ctx), lowerType(spec.type as NixData, ctx, svc, types)));
  return call ? pkgCallSet(bindings, call) : attrSet(bindings);
}

/**
 * A service's `type`, one node for each type string of the model (in
 * `types`): thousands of services share one ("process"), and syntax nodes
 * are never modified. A string lowering reported about, or one holding a
 * value only Nix knows, is lowered for each service, as it may read
 * differently or be reported at each.
 */
function lowerType(type: NixData, ctx: LowerContext, svc: Service, types: Map<string, Expr>): Expr {
  if (typeof type !== "string") return lowerData(type, ctx, svc);
  const known = types.get(type);
  if (known !== undefined) return known;
  const reported = ctx.diagnostics.length;
  const expr = lowerData(type, ctx, svc);
  if (ctx.diagnostics.length === reported && !hasSentinels(type)) types.set(type, expr);
  return expr;
}

/**
 * A service's `name`: its key, which Disnix requires it to be (a name
 * written otherwise is TN5001). A name only Nix knows is written as
 * declared, not replaced by the key, with a warning (TN3079).
 */
function lowerName(key: string, declared: unknown, ctx: LowerContext, svc: Service): Expr {
  if (declared === undefined || (typeof declared === "string" && !hasSentinels(declared)))
    return nixString(key);
  return lowerAt(ctx, ["name"], () => {
    ctx.diagnostics.push(
      valueWarningAt(
        ctx,
        svc.site,
        "TN3079",
        `the name of service '${key}' is computed in Nix, so typenix cannot tell whether it equals the key '${key}', as Disnix requires`,
        `leave name out (it is the key), or write the key itself: name: "${key}"`,
      ),
    );
    return lowerData(declared as NixData, ctx, svc);
  });
}

/**
 * A service record's properties: its attributes but the ones in
 * `RECORD_KEYS` (made own properties, so that `__proto__` stays one).
 */
function properties(spec: ServiceRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([key]) => !RECORD_KEYS.has(key)));
}

/**
 * `{ inherit webapp; db = mysql; }`: a key equal to the service's name is
 * inherited. A set of them only Nix knows, and a dependency that is
 * `undefined`, are reported (TN3077): the checks could read none of their
 * services, and an attribute set would leave an undefined one out, as
 * JavaScript reads an optional property, though the service's pkg takes it.
 */
function lowerDependencies(refs: ServiceRefs, key: string, ctx: LowerContext, at: Located): Expr {
  if (isNixValue(refs)) {
    const message = `the ${key} set is a Nix value, whose services only Nix knows: typenix can check none of them`;
    ctx.diagnostics.push(valueErrorAt(ctx, at.site, "TN3077", message, dependencyHint("db", key)));
    return lowerData(refs, ctx, at);
  }
  // The set is read once: its undefined dependencies are found as it is
  // lowered, and reported before what lowering its values reported.
  const start = ctx.diagnostics.length;
  const undefinedNames: string[] = [];
  const set = attrSet(lowerBindings(refs as never, ctx, at, undefined, undefined, undefinedNames));
  if (undefinedNames.length > 0)
    reportUndefinedNames(undefinedNames, key, ctx, at, dependencyHint, undefined, start);
  return set;
}

/** What to give a service's dependency `name` under `key` (TN3077). */
function dependencyHint(name: string, key: string): string {
  return `give ${key} an object of services, { ${name} }, or, where one is made further down the file, a function returning it, ${key}: () => ({ ${name} }), which is read once every service is made`;
}

/**
 * `infrastructure.nix`: a plain set of targets, in `let` for the locals
 * they read. It is no function: a target that reads a variable the file
 * does not bind (a model parameter such as `system`) is an error.
 */
export function lowerInfrastructureModel(
  model: InfrastructureModel,
  ctx: LowerContext,
  source: string,
): NixFile {
  reserveNames(ctx);
  const targets = Object.entries(model.targets).map(([name, t]) => {
    // A target may be any Nix expression giving a set (as imported models
    // have them): written as it is, located at the model, as it has no site.
    const nixValue = isNixValue(t);
    const value = lowerAt(ctx, ["infrastructure", name], () =>
      nixValue
        ? lowerData(t, ctx, model)
        : attrSet(lowerBindings(t.spec as Record<string, NixData>, ctx, t)),
    );
    return { name, value, site: nixValue ? model.site : t.site };
  });
  const locals = lowerLocals(ctx);
  const bound = new Set([...reservedNames(ctx), ...locals.map(([n]) => n)]);
  const unbound = (expr: Expr, site: CallSite | undefined, what: string): void => {
    for (const name of freeNames(expr, bound)) {
      if (name.startsWith("__")) continue;
      ctx.diagnostics.push(
        errorAt(
          site,
          "TN3006",
          `${what} reads '${name}', which infrastructure.nix does not bind: it is a plain set, not a function of model parameters`,
          "write the value itself, or bind it with nix.local",
        ),
      );
    }
  };
  for (const t of targets) unbound(t.value, t.site, `target '${t.name}'`);
  for (const [name, value] of locals) unbound(value, ctx.locals.get(name)?.site, `local '${name}'`);
  const body = attrSet(targets.map((t) => finishedItem(ctx, t.name, t.value)));
  const expr =
    locals.length === 0
      ? body
      : letIn(
          locals.map(([n, v]) => binding(n, v)),
          body,
        );
  return generatedFile(expr, source);
}

/**
 * `distribution.nix`: `{ infrastructure }: { svc = [ infrastructure.t ]; ... }`,
 * merged with the placements computed in Nix (`{ ... } // computed`), in
 * `let` for the locals they read.
 */
export function lowerDistributionModel(
  model: DistributionModel,
  ctx: LowerContext,
  source: string,
): NixFile {
  reserveNames(ctx, ["infrastructure"]);
  const placements = model.placements as Readonly<Record<string, unknown>>;
  const entries: Binding[] = [];
  const targets = targetNodes();
  // Listed once for the run: the checks list them too.
  const services = recordKeys(placements);
  for (let i = 0; i < services.length; i++) {
    const service = services[i] as string;
    const placement = placements[service];
    if (placement === undefined) continue;
    if (!Array.isArray(placement))
      ctx.diagnostics.push(...unreadPlacementKeys(service, placement as LongPlacement, model));
    entries.push(finishedItem(ctx, service, lowerPlacement(placement, targets)));
  }
  const computed = model.options.computed;
  const body = withLocals(mergeComputed(attrSet(entries), computed, model, ctx), ctx);
  if (computed !== undefined) reportUnboundInDistribution(body, model, ctx);
  return generatedFile(
    lambdaWithFormals([formal("infrastructure")], { ...body, blankLineBefore: true }),
    source,
  );
}

/**
 * Reports the variables a distribution's computed part (or a local it
 * reads) reads that distribution.nix does not bind: Disnix calls it with
 * `infrastructure` alone, so a services model parameter (`pkgs`,
 * `invDistribution`) is unbound there.
 */
function reportUnboundInDistribution(
  body: Expr,
  model: DistributionModel,
  ctx: LowerContext,
): void {
  for (const name of freeNames(body, reservedNames(ctx))) {
    if (name.startsWith("__")) continue;
    ctx.diagnostics.push(
      errorAt(
        model.site,
        "TN3060",
        `the distribution's computed part reads '${name}', which distribution.nix does not bind: it is a function of infrastructure alone`,
        "read the targets as infrastructureParam, bind other values with nix.local, or write them in the computed part",
      ),
    );
  }
}

/** A placement's long form, as the distribution's builder checked it. */
interface LongPlacement {
  readonly targets: readonly { target: { name: string }; container?: string }[];
}

/** The nodes that name the targets of a distribution, each made once: many services go to each. */
interface TargetNodes {
  /** `infrastructure.t` */
  readonly ref: (name: string) => Expr;
  /** `[ infrastructure.t ]`: the placement of a service on that one target, as most are. */
  readonly only: (name: string) => Expr;
}

function targetNodes(): TargetNodes {
  const refs = new Map<string, Expr>();
  const lists = new Map<string, Expr>();
  const ref = (name: string): Expr => {
    let node = refs.get(name);
    if (node === undefined) refs.set(name, (node = select(ident("infrastructure"), name)));
    return node;
  };
  const only = (name: string): Expr => {
    let node = lists.get(name);
    if (node === undefined) lists.set(name, (node = list([ref(name)])));
    return node;
  };
  return { ref, only };
}

/** `[ infrastructure.t ]`, or the verbose form `{ targets = [ { target = ...; container = ...; } ]; }`. */
function lowerPlacement(placement: unknown, targets: TargetNodes): Expr {
  if (Array.isArray(placement)) {
    const refs = placement as readonly { name: string }[];
    if (refs.length === 1) return targets.only((refs[0] as { name: string }).name);
    // Made at its length: one `push` grows from empty holds room for 16, for every service.
    const items = new Array<Expr>(refs.length);
    for (let i = 0; i < refs.length; i++)
      items[i] = targets.ref((refs[i] as { name: string }).name);
    return list(items);
  }
  const verbose = placement as LongPlacement;
  const items = verbose.targets.map((t) => {
    const target = binding("target", targets.ref(t.target.name));
    return attrSet(
      t.container === undefined
        ? [target]
        : [target, binding("container", nixLiteral(t.container))],
    );
  });
  return attrSet([binding("targets", list(items))]);
}

/**
 * Adds the parameters the defaults of needed parameters name: with
 * `runtimeDir ? "${stateDir}/run"`, `stateDir` is a parameter too.
 */
function addNamedByDefaults(
  needed: Set<string>,
  overrides: ReadonlyMap<string, Expr | undefined>,
): void {
  const defaults = new Map<string, Expr | undefined>([
    ...SERVICES_PARAMETER_DEFAULTS,
    ...overrides,
  ]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, fallback] of defaults) {
      if (!needed.has(name) && !overrides.has(name)) continue;
      for (const named of fallback ? referencedNames(fallback) : []) {
        if (defaults.has(named) && !needed.has(named)) grew = needed.add(named) !== undefined;
      }
    }
  }
}
