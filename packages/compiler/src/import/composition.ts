/**
 * Models composed from other model files, as the Disnix examples layer
 * container services over application services:
 *
 *     let applicationServices = import ./services-simple.nix { inherit pkgs ...; };
 *     in rec { tomcat = ...; } // applicationServices
 *
 * The set written here and the merged files become one TypeScript object:
 * each merged file's module imported and spread where it stood, so a later
 * operand wins as with `//`. What follows them that is neither is the
 * model's part computed in Nix, kept as written:
 *
 *     { webapp1 = ...; } // builtins.listToAttrs (map (targetName: ...) (attrNames invDistribution))
 */
import type { AttrSetNode, Binding, Expr } from "../syntax/ast.js";
import { printNix } from "../printer/print.js";
import { importedFile } from "./constructors-model.js";
import { letBinding, type ModelFunction } from "./model-function.js";
import type { Problems } from "./problems.js";
import { moduleName } from "./module.js";
import type { Scope } from "./scope.js";
import { attrKey, raw, tsComment, type ImportContext } from "./translate.js";

/** One operand of `//`: the set written in this file, or a model file merged in. */
export type CompositionPart =
  | { readonly kind: "own" }
  | {
      readonly kind: "merged";
      readonly file: string;
      readonly name: string;
      /** The `import` of the file, where a problem with it is reported. */
      readonly node: Expr;
    };

/** A model body taken apart into the set written here and the merged model files. */
export interface Composition {
  /** The set written in this file (empty when the model only merges others). */
  readonly own: AttrSetNode;
  /** The operands in order: the own set at most once, the merged files around it. */
  readonly parts: readonly CompositionPart[];
  /** The `let` bindings that name merged files, which need no constant of their own. */
  readonly mergedBindings: ReadonlySet<Binding>;
  /**
   * The arguments of merged files that do more than pass this model's
   * parameters on: a TypeScript spread cannot carry them (the merged
   * module's services take the parameters of the model they are spread into).
   */
  readonly changedArguments: readonly Expr[];
  /**
   * The part computed in Nix: the operands from the first that is neither
   * the set written here nor a merged model file on, merged after the
   * others (undefined when there are none).
   */
  readonly computed?: Expr;
}

/**
 * The body of model `mf` as a composition: `//` of at most one set literal
 * and imports of other model files (directly or through a `let` name),
 * then the part computed in Nix: every operand from the first that is
 * neither on (a second set included), as `//` merges them in that order.
 */
export function composition(mf: ModelFunction): Composition {
  const { body, bindings } = mf;
  const parts: CompositionPart[] = [];
  const mergedBindings = new Set<Binding>();
  const changedArguments: Expr[] = [];
  let own: AttrSetNode | undefined;
  const all = operands(body);
  for (const [i, operand] of all.entries()) {
    if (operand.kind === "AttrSet" && !own) {
      own = operand;
      parts.push({ kind: "own" });
      continue;
    }
    const merged = operand.kind === "AttrSet" ? undefined : mergedModel(operand, bindings);
    if (!merged) {
      const computed = mergedOperands(all.slice(i));
      return { own: own ?? emptySet(), parts, mergedBindings, changedArguments, computed };
    }
    if (merged.binding) mergedBindings.add(merged.binding);
    const { argument } = merged;
    if (argument && !passesParametersOn(argument, mf)) changedArguments.push(argument);
    parts.push({ kind: "merged", file: merged.file, name: merged.name, node: merged.node });
  }
  return { own: own ?? emptySet(), parts, mergedBindings, changedArguments };
}

/** `a // b // c` of the operands, located at the first (a chain of `//` is right-associative). */
function mergedOperands(operands: readonly Expr[]): Expr {
  const [first, ...rest] = operands as [Expr, ...Expr[]];
  if (rest.length === 0) return first;
  return { kind: "Binary", op: "//", left: first, right: mergedOperands(rest), span: first.span };
}

/**
 * True when `argument` hands a merged file this model's own parameters,
 * unchanged: the whole argument set (`args` of `{ ... }@args`), or a set
 * of `inherit`s (or `x = x;`) of parameters.
 */
function passesParametersOn(argument: Expr, mf: ModelFunction): boolean {
  if (argument.kind === "Paren") return passesParametersOn(argument.expr, mf);
  if (argument.kind === "Identifier") return argument.name === mf.argsName;
  if (argument.kind !== "AttrSet" || argument.recursive) return false;
  const parameters = new Set(mf.formals.map((f) => f.name.name));
  const parameter = (name: string | undefined): boolean =>
    name !== undefined && parameters.has(name);
  return argument.bindings.every((b) => {
    if (b.kind === "Inherit") return !b.from && b.names.every((n) => parameter(attrKey(n)));
    if (b.kind !== "AttrBinding" || b.path.length !== 1) return false;
    const name = attrKey(b.path[0]);
    return b.value.kind === "Identifier" && b.value.name === name && parameter(name);
  });
}

function emptySet(): AttrSetNode {
  return { kind: "AttrSet", recursive: false, bindings: [] };
}

/**
 * The entries of the composed TypeScript object: `own` where the set
 * written here stood, and `...name.<field>` for each merged file, whose
 * module is added to `imports` under the fresh `name`. A merged file
 * whose module `moduleOf` does not give (neither imported together nor
 * in the output directory) is reported (TN6020): the spread would import
 * a module that does not exist.
 */
export function composedEntries(
  composed: Composition,
  own: readonly string[],
  field: "services" | "placements",
  moduleOf: (written: string) => string | undefined,
  ctx: ImportContext,
  imports: Map<string, string>,
): string[] {
  return composed.parts.flatMap((part) => {
    if (part.kind === "own") return own;
    const module = moduleOf(part.file);
    if (module === undefined) {
      ctx.problems?.report(
        part.node,
        `the model merges ${part.file}, which is neither imported together with it nor in the output directory`,
        `import them together: typenix import <this file> <${part.file} beside it> -o DIR`,
        "TN6020",
      );
      return [];
    }
    const name = ctx.ids.fresh(part.name);
    imports.set(name, module);
    return [`...${name}.${field}`];
  });
}

/**
 * Reports each merged file given arguments of its own: its module, spread
 * into this model, would silently take this model's parameters instead.
 */
export function reportChangedArguments(composed: Composition, problems: Problems): void {
  for (const argument of composed.changedArguments)
    problems.report(
      argument,
      "a merged model file is given arguments of its own here, which the spread of its TypeScript module cannot carry: its items would take this model's parameters",
      "pass this model's parameters on unchanged (`args` of `{ ... }@args`, or `{ inherit pkgs system ...; }`), or write the merged items in this file",
    );
}

/** The operands of a chain of `//`, left to right, without parentheses. */
/** The operands of a chain of `//`, in order. */
export function operands(expr: Expr): Expr[] {
  if (expr.kind === "Paren") return operands(expr.expr);
  if (expr.kind === "Binary" && expr.op === "//")
    return [...operands(expr.left), ...operands(expr.right)];
  return [expr];
}

interface MergedModel {
  readonly file: string;
  readonly name: string;
  /** The `import` of the file. */
  readonly node: Expr;
  /** What the file is applied to (nothing: the file is a set itself). */
  readonly argument?: Expr;
  readonly binding?: Binding;
}

/** `import ./x.nix args`, or a `let` name bound to one. */
function mergedModel(operand: Expr, bindings: readonly Binding[]): MergedModel | undefined {
  const direct = importedModel(operand);
  if (direct) return { ...direct, name: moduleName(direct.file) };
  if (operand.kind !== "Identifier") return undefined;
  const binding = letBinding(bindings, operand.name);
  const imported = binding === undefined ? undefined : importedModel(binding.value);
  return binding && imported ? { ...imported, name: operand.name, binding } : undefined;
}

/** `import ./x.nix argument` or `import ./x.nix`: the file and the argument. */
function importedModel(expr: Expr): { file: string; node: Expr; argument?: Expr } | undefined {
  const file = importedFile(expr);
  if (file === undefined) return undefined;
  return expr.kind === "Apply" && expr.fn.kind === "Apply"
    ? { file, node: expr, argument: expr.arg }
    : { file, node: expr };
}

/**
 * The `computed` option of the model's builder for its part computed in
 * Nix, as raw Nix reading `scope` (the model's parameters and `let`
 * constants, not the set's attributes, which are not in scope beside it),
 * after the comments written before it; undefined when there is none.
 */
export function computedOption(
  composed: Composition,
  scope: Scope,
  ctx: ImportContext,
): string | undefined {
  const { computed } = composed;
  if (computed === undefined) return undefined;
  const first = computed.kind === "Binary" ? computed.left : computed;
  const comments = (first.comments ?? []).map((c) => `${tsComment(c)}\n`).join("");
  const bare: Expr =
    computed.kind === "Binary"
      ? { ...computed, left: { ...computed.left, comments: [] } }
      : { ...computed, comments: [] };
  return `${comments}computed: ${raw(bare, scope, ctx, { what: `${firstLine(bare)} (the part computed in Nix)` })}`;
}

/** The first line of `expr` as Nix text, to name it in the import's summary. */
function firstLine(expr: Expr): string {
  const text = printNix(expr);
  return text.split("\n")[0] ?? text;
}
