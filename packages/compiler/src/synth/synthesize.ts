/**
 * The synth pipeline: loaded spec files in, generated files and diagnostics
 * out. Reads and writes nothing itself; the CLI loads specs and writes files.
 */
import { basename, dirname, join } from "node:path";
import {
  SpecError,
  constructorsModelOfCall,
  entryConstructor,
  isConstructor,
  isConstructorCall,
  isConstructorWithOuter,
  isNixValue,
  type CallSite,
  type Constructor,
  type ConstructorCall,
  type ConstructorWithOuter,
  type ConstructorsModelInfo,
  type ModelRef,
} from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { thrownDiagnostic, type ThrownContext } from "../diagnostics/thrown.js";
import type { Expr, NixFile } from "../syntax/ast.js";
import { ident } from "../syntax/build.js";
import { PrintError, printedItem, printNix } from "../printer/print.js";
import {
  emptyContext,
  errorAt,
  VARIABLE_NAME_HINT,
  type ConstructorsInScope,
  type Located,
  type LowerContext,
  type ReadPath,
} from "../lower/context.js";

export type { ReadPath } from "../lower/context.js";
import {
  constructorsModelTakes,
  lowerConstructor,
  lowerConstructorsModel,
  type InnerConstructorFile,
  type LoweredConstructor,
} from "../lower/constructors.js";
import { lowerProcessesModel } from "../lower/processes.js";
import {
  lowerDistributionModel,
  lowerInfrastructureModel,
  lowerServicesModel,
} from "../lower/disnix.js";
import { itemKeys, withItemKeys } from "../lower/item-keys.js";
import { classifyModel, type Model } from "./classify.js";
import { checkModels } from "../checks/check-models.js";
import { checkModelEntries } from "../checks/model-entries.js";
import { checkConstructorBranches } from "../checks/constructor-branches.js";

/** A spec file after loading: its absolute path and its default export. */
export interface LoadedSpec {
  readonly file: string;
  readonly value: unknown;
}

/** Options of `synthesize`. */
export interface SynthOptions {
  /** Absolute output directory. */
  readonly outDir: string;
  /**
   * Whether the files are written to `outDir` (synth), so that a `nix.path`
   * of a folder holding it is reported (`TN3027`); `check` lowers for a
   * folder it never writes. True unless false.
   */
  readonly writesOutDir?: boolean;
  /** Parses `nix.raw` code (the Nix parser), when available. */
  readonly parseRaw?: LowerContext["parseRaw"];
  /**
   * The line of a spec file a stack trace names, for an error a spec's
   * code throws while it is lowered (a constructor's `build`); without it,
   * such an error is reported at the builder call.
   */
  readonly locate?: ThrownContext["locate"];
}

/** One generated file, relative to the output directory. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
  /** The spec file it came from. */
  readonly source: string;
  /** The files and folders its paths name: it reads them (see `LowerContext.paths`). */
  readonly paths: readonly ReadPath[];
  /** The files beside it in OUT it reads, made after synth (see `LowerContext.besides`). */
  readonly besides: readonly string[];
}

/** What `synthesize` produces. */
export interface SynthResult {
  readonly files: readonly GeneratedFile[];
  readonly models: readonly (Model & { readonly file: string })[];
  readonly diagnostics: readonly Diagnostic[];
}

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/** Lowers every model of the loaded specs to Nix files. */
export function synthesize(specs: readonly LoadedSpec[], options: SynthOptions): SynthResult {
  const diagnostics: Diagnostic[] = [];
  try {
    return withItemKeys(() => synthesizeInto(specs, options, diagnostics));
  } catch (error) {
    // Spec code that threw where no step of lowering or checking expects it
    // (a getter of a constructor's spec): reported, never a crash, so that
    // `check` still prints the type errors beside it.
    const first = specs[0]?.file;
    const at = first === undefined ? undefined : { file: first, line: 1, column: 1 };
    diagnostics.push(
      thrownDiagnostic(error, { code: "TN1003", at, hint: LOWERING_HINT, locate: options.locate }),
    );
    return { files: [], models: [], diagnostics };
  }
}

/** `synthesize`, with its diagnostics in `diagnostics`. */
function synthesizeInto(
  specs: readonly LoadedSpec[],
  options: SynthOptions,
  diagnostics: Diagnostic[],
): SynthResult {
  const files = new Map<string, GeneratedFile>();
  /** Where each file's model or constructor was made, to report two that give one file. */
  const writtenFrom = new Map<string, CallSite>();
  const models: (Model & { file: string; source?: string })[] = [];
  for (const spec of specs) {
    const model = classifyModel(spec.value);
    if (!model) {
      diagnostics.push({
        code: "TN1001",
        severity: "error",
        message: "the default export is not a typenix model",
        location: { file: spec.file, line: 1, column: 1 },
        hint: "default-export what services(...), infrastructure(...), distribution(...), constructors(...), processes(...) or defineConstructor(...) returns: an object of the same shape is no model",
      });
      continue;
    }
    const misnamed = misnamedModel(model, spec.file);
    if (misnamed) {
      diagnostics.push(misnamed);
      continue;
    }
    // One model given twice (a spec file that re-exports another's) gives its file once.
    const given = models.some(
      (m) => m.model === model.model && nixName(m.file) === nixName(spec.file),
    );
    if (!given) models.push({ ...model, file: spec.file });
  }
  // A model with an entry its builders did not make is reported at the entry, and no more.
  const entries = checkModelEntries(models);
  diagnostics.push(...entries.diagnostics);
  if (entries.misshapen.size > 0) {
    const wellFormed = models.filter((m) => !entries.misshapen.has(m.model));
    models.splice(0, models.length, ...wellFormed);
  }
  const implicit = implicitConstructors(models);
  if (implicit) models.unshift(implicit);
  const constructorFiles = new Map<Constructor, string>();
  const loweredConstructors = new Map<Constructor, LoweredConstructor>();
  const emit = (
    name: string,
    file: NixFile,
    source: string,
    ctx: LowerContext,
    site?: CallSite,
  ): void => {
    diagnostics.push(...ctx.diagnostics);
    if (!SAFE_NAME.test(name)) {
      diagnostics.push(
        errorAt(
          site,
          "TN1002",
          `'${name}' is not a safe output file name`,
          "use letters, digits, '.', '_', '-' and '+'",
        ),
      );
      return;
    }
    const at = site ?? { file: source, line: 1, column: 1 };
    const earlier = writtenFrom.get(name);
    if (earlier) {
      diagnostics.push(
        errorAt(
          at,
          "TN1006",
          `'${name}' would be written twice: ${earlier.file}:${earlier.line}:${earlier.column} writes it too`,
          "each spec file and constructor gives the file of its own name in OUT: rename one of them",
        ),
      );
      return;
    }
    writtenFrom.set(name, at);
    let content: string;
    try {
      content = printNix(file);
    } catch (error) {
      // A name lowering let through that Nix cannot write: reported, never a crash.
      if (!(error instanceof PrintError)) throw error;
      diagnostics.push(errorAt(at, "TN3005", error.message, VARIABLE_NAME_HINT));
      return;
    }
    const paths = [...ctx.paths.values()];
    files.set(name, { path: name, content, source, paths, besides: [...ctx.besides] });
  };
  // The header names the spec by file name: stable wherever the project and OUT are.
  const label = (file: string): string => basename(file);
  const out = (name: string): string => join(options.outDir, name);
  // Items are printed as they are lowered: a model's syntax trees are never all alive at once.
  const context = (
    name: string,
    refName?: (item: ModelRef) => Expr | undefined,
    constructorsInScope?: ConstructorsInScope,
  ): LowerContext =>
    emptyContext(out(name), refName, {
      finishItem: (name, value) => printedItem(name, value),
      ...(options.writesOutDir === false ? {} : { outDir: options.outDir }),
      ...(options.parseRaw ? { parseRaw: options.parseRaw } : {}),
      ...(constructorsInScope ? { constructorsInScope } : {}),
    });

  // Constructors first: models that use them need their file names and parameters.
  const constructorsToLower: [Constructor, string][] = [];
  for (const m of models) {
    if (m.kind === "constructor") constructorsToLower.push([m.model, nixName(m.file)]);
    if (m.kind === "constructors") {
      for (const ctor of Object.values(m.model.constructors).map(entryConstructor))
        constructorsToLower.push([ctor, `${ctor.spec.name}.nix`]);
      // A constructor given as an outer value is imported by the model too.
      for (const ctor of outerConstructors(Object.values(m.model.outer ?? {})))
        constructorsToLower.push([ctor, `${ctor.spec.name}.nix`]);
    }
  }
  /** Constructors being lowered: one whose body leads back to one of them is built on itself. */
  const lowering = new Set<Constructor>();
  /** Constructors that could not be lowered: their errors are reported once, however often they are listed. */
  const failed = new Set<Constructor>();
  const lowerOne = (ctor: Constructor, name: string): LoweredConstructor | undefined => {
    const done = loweredConstructors.get(ctor);
    if (done || lowering.has(ctor) || failed.has(ctor)) return done;
    lowering.add(ctor);
    const ownFile = models.some((m) => m.kind === "constructor" && m.model === ctor);
    const fileName = ownFile && ctor.site ? nixName(ctor.site.file) : name;
    const ctx = context(fileName);
    // A constructor built on another imports that one's file, generated beside it.
    const innerFile = (inner: Constructor): InnerConstructorFile | undefined => {
      if (lowering.has(inner)) throw builtOnItself(ctor, inner);
      const made = lowerOne(inner, `${inner.spec.name}.nix`);
      const file = constructorFiles.get(inner);
      return made && file ? { path: `./${file}`, outerNames: made.outerNames } : undefined;
    };
    const lowered = runLowering(
      () => lowerConstructor(ctor, ctx, label(ctor.site?.file ?? fileName), innerFile),
      ctx,
      ctor,
      diagnostics,
      options.locate,
    );
    lowering.delete(ctor);
    if (!lowered) {
      failed.add(ctor);
      return undefined;
    }
    loweredConstructors.set(ctor, lowered);
    constructorFiles.set(ctor, fileName);
    emit(fileName, lowered.file, ctor.site?.file ?? "", ctx, ctor.site);
    diagnostics.push(...checkConstructorBranches(ctor));
    return lowered;
  };
  for (const [ctor, name] of constructorsToLower) lowerOne(ctor, name);

  // Constructors that read `system` (or `spoolDir`, ...) have it passed on by the constructors model.
  const constructorsTake = constructorsModelTakes(loweredConstructors.values());
  for (const m of models) {
    const name = nixName(m.file);
    const lowerModel = (ctx: LowerContext, lower: () => NixFile): void => {
      const file = runLowering(lower, ctx, m.model, diagnostics, options.locate);
      if (file) emit(name, file, m.file, ctx, m.model.site);
    };
    switch (m.kind) {
      case "constructor":
        break;
      case "constructors": {
        const ctx = context(name);
        emit(
          name,
          lowerConstructorsModel(
            m.model,
            ctx,
            loweredConstructors,
            (c) => `./${constructorFiles.get(c) ?? `${c.spec.name}.nix`}`,
            label(m.source ?? m.file),
            constructorsTake,
          ),
          m.file,
          ctx,
          m.model.site,
        );
        break;
      }
      case "processes": {
        const inScope = constructorsModelOf(models, m.model.constructors);
        const ctx = context(name, namesOf(m.model.instances), inScope);
        const ctorsFile = constructorsFile(inScope);
        lowerModel(ctx, () =>
          lowerProcessesModel(m.model, ctx, ctorsFile, label(m.file), constructorsTake),
        );
        break;
      }
      case "services": {
        const inScope = constructorsModelOf(models);
        const ctx = context(name, namesOf(m.model.services), inScope);
        const ctorsFile = constructorsFile(inScope);
        lowerModel(ctx, () =>
          lowerServicesModel(m.model, ctx, ctorsFile, label(m.file), constructorsTake),
        );
        break;
      }
      case "infrastructure": {
        const ctx = context(name);
        lowerModel(ctx, () => lowerInfrastructureModel(m.model, ctx, label(m.file)));
        break;
      }
      case "distribution": {
        const ctx = context(name);
        lowerModel(ctx, () => lowerDistributionModel(m.model, ctx, label(m.file)));
        break;
      }
    }
  }
  diagnostics.push(...withoutThrownAgain(checkModels(models, options.locate), diagnostics));
  return { files: [...files.values()], models, diagnostics };
}

/**
 * `checked` without what spec code threw that lowering reported already:
 * code that throws each time it runs (a `dependsOn` function) throws as
 * the checks read it too.
 */
function withoutThrownAgain(
  checked: readonly Diagnostic[],
  lowered: readonly Diagnostic[],
): Diagnostic[] {
  const where = (d: Diagnostic): string =>
    `${d.location?.file}:${d.location?.line}:${d.location?.column}: ${d.message}`;
  const thrown = new Set(lowered.filter((d) => d.code === "TN1003").map(where));
  return checked.filter((d) => d.code !== "TN1003" || !thrown.has(where(d)));
}

/**
 * The constructors model the generated models import when none of the
 * files given is one: the one their calls were made through (a processes
 * model's `constructors`), generated as if it were given, with its own
 * file, entries and options, so that the output does not depend on which
 * files were given (as `constructors.nix` where it is made in the file of
 * a model of the run, which that model's .nix is named after); else one made for the constructors called directly
 * (not through a `constructors(...)` model), so that the generated models
 * have a `constructors.nix` to import. Undefined when a constructors model
 * is given, or nothing needs one.
 */
function implicitConstructors(
  models: readonly (Model & { file: string })[],
): (Model & { file: string; source?: string }) | undefined {
  if (models.some((m) => m.kind === "constructors")) return undefined;
  const called = new Map<string, Constructor>();
  /** The constructors models the calls were made through; undefined for a call made directly. */
  const through = new Set<ConstructorsModelInfo | undefined>();
  const note = (call: ConstructorCall): void => {
    called.set(call.key, call.constructor);
    through.add(constructorsModelOfCall(call));
  };
  for (const m of models) {
    if (m.kind === "processes") {
      if (m.model.constructors) through.add(m.model.constructors);
      const instances = m.model.instances;
      for (const name of itemKeys(instances).keys) {
        const spec = instances[name]?.spec;
        const pkg = isNixValue(spec) ? undefined : spec?.pkg;
        if (isConstructorCall(pkg)) note(pkg);
      }
    }
    if (m.kind === "services") {
      const services = m.model.services;
      const names = itemKeys(services).keys;
      let lastMade: unknown;
      for (let i = 0; i < names.length; i++) {
        const spec = services[names[i] as string]?.spec;
        // The service's call, else its pkg's: no call of `note` for the others,
        // most services (one for every service costs).
        const made = isConstructorCall(spec) ? spec : isNixValue(spec) ? undefined : spec?.pkg;
        // Most services share the pkg of the one before (`pkgs.hello`): not asked again.
        if (made === lastMade) continue;
        lastMade = made;
        if (isConstructorCall(made)) note(made);
      }
    }
  }
  const [imported] = through;
  if (through.size === 1 && imported?.site) {
    const own = imported.site.file;
    // Made in the file of a model of the run (`processes.ts`), whose .nix that model writes.
    const taken = models.some((m) => nixName(m.file) === nixName(own));
    const file = taken ? join(dirname(own), "constructors.ts") : own;
    return { kind: "constructors", model: imported, file, source: own };
  }
  const first = models.find((m) => m.kind === "processes" || m.kind === "services");
  if (called.size === 0 || !first) return undefined;
  const model = {
    kind: "constructors" as const,
    constructors: Object.fromEntries(called),
    options: {},
    site: undefined,
  };
  // Written as constructors.nix; its header names the file whose calls made it.
  return {
    kind: "constructors",
    model,
    file: join(dirname(first.file), "constructors.ts"),
    source: first.file,
  };
}

/** The constructors given as outer values (see `withOuter`), also within those given so. */
function outerConstructors(entries: readonly ConstructorWithOuter[]): Constructor[] {
  const found: Constructor[] = [];
  const visit = (value: unknown): void => {
    if (isConstructor(value)) found.push(value);
    else if (isConstructorWithOuter(value)) {
      found.push(value.constructor);
      Object.values(value.outer).forEach(visit);
    }
  };
  for (const entry of entries) Object.values(entry.outer).forEach(visit);
  return found;
}

/** Model items referenced by name: the key each item has in its model. */
function namesOf(items: Readonly<Record<string, unknown>>): (item: ModelRef) => Expr | undefined {
  const { keys, indexOf } = itemKeys(items);
  return (item) => {
    const index = indexOf.get(item);
    return index === undefined ? undefined : ident(keys[index] as string);
  };
}

/** The model kind each file name the toolchain reads by convention holds. */
const CONVENTIONAL_KINDS: ReadonlyMap<string, Model["kind"]> = new Map([
  ["services.nix", "services"],
  ["infrastructure.nix", "infrastructure"],
  ["distribution.nix", "distribution"],
  ["constructors.nix", "constructors"],
  ["processes.nix", "processes"],
]);

/**
 * A spec file named as one kind of model (`services.ts`) that exports
 * another: it would give `services.nix` holding, say, an infrastructure
 * model, which disnix-env (or the other generated files) read as services.
 */
function misnamedModel(model: Model, file: string): Diagnostic | undefined {
  const name = nixName(file);
  const expected = CONVENTIONAL_KINDS.get(name);
  if (expected === undefined || model.kind === expected) return undefined;
  const site = (model.model as { site?: CallSite }).site;
  return errorAt(
    site ?? { file, line: 1, column: 1 },
    "TN1007",
    `${basename(file)} exports ${/^[aeiou]/.test(model.kind) ? "an" : "a"} ${model.kind} model, and would give ${name}, which is read as the ${expected} model`,
    `export the ${expected} model from ${basename(file)}, or move this one to a file of another name`,
  );
}

/** `services.ts` gives `services.nix`. */
export function nixName(specFile: string): string {
  return `${basename(specFile).replace(/\.[cm]?[tj]sx?$/, "")}.nix`;
}

/**
 * The constructors model a processes or services model's constructor calls
 * go through, as it is written: `own` (a processes model's `constructors`
 * option) where a spec file exports it, else the first constructors model
 * written (a spec file's, or the one made for constructors called
 * directly). A model that is no spec's export is written nowhere, so its
 * calls go through a model that is: a constructor that one lacks is
 * reported at the call.
 */
function constructorsModelOf(
  models: readonly (Model & { file: string })[],
  own?: ConstructorsModelInfo,
): ConstructorsInScope | undefined {
  const written = models.filter(
    (m): m is Extract<Model, { kind: "constructors" }> & { file: string } =>
      m.kind === "constructors",
  );
  const m = written.find((w) => w.model === own) ?? written[0];
  return (
    m && {
      constructors: Object.fromEntries(
        Object.entries(m.model.constructors).map(([key, entry]) => [key, entryConstructor(entry)]),
      ),
      file: m.file,
      options: m.model.options,
      site: m.model.site,
    }
  );
}

/**
 * The file a model imports for its constructors model, relative to it: the
 * one `synthesize` writes for that model (named after its spec file).
 */
function constructorsFile(inScope: ConstructorsInScope | undefined): string {
  return `./${inScope ? nixName(inScope.file) : "constructors.nix"}`;
}

/**
 * Runs a lowering step; a mistake in a spec body (thrown while running it)
 * becomes a diagnostic where it was thrown, or else at `at`. Then no file
 * is made, and the step's diagnostics, that one last, go to `failed`.
 */
function runLowering<T>(
  step: () => T,
  ctx: LowerContext,
  at: Located | undefined,
  failed: Diagnostic[],
  locate: ThrownContext["locate"],
): T | undefined {
  try {
    return step();
  } catch (error) {
    failed.push(
      ...ctx.diagnostics,
      thrownDiagnostic(error, { code: "TN1003", at: at?.site, hint: LOWERING_HINT, locate }),
    );
    return undefined;
  }
}

/** A constructor `ctor` built on `inner`, whose body leads back to `ctor`: Nix would never finish. */
function builtOnItself(ctor: Constructor, inner: Constructor): SpecError {
  const what =
    ctor === inner
      ? "is built on itself: Nix would import its file from itself forever"
      : `is built on '${inner.spec.name}', which is built on it in turn: Nix would import their files from each other forever`;
  return new SpecError(
    `the constructor '${ctor.spec.name}' ${what}`,
    ctor.site,
    "return a call of another constructor, or createManagedProcess(...)",
    "TN3050",
  );
}

const LOWERING_HINT =
  "the spec's code threw while typenix ran it to make the Nix (a constructor's build runs then)";
