/**
 * Models composed from other model files, as the Disnix examples layer
 * container services over application services:
 *
 *     let applicationServices = import ./services-simple.nix { inherit pkgs ...; };
 *     in rec { tomcat = ...; } // applicationServices
 *
 * The set written here and the merged files become one TypeScript object:
 * each merged file's module imported and spread where it stood, so a later
 * operand wins as with `//`.
 */
import type { AttrSetNode, Binding, Expr } from "../syntax/ast.js";
import { importedFile } from "./constructors-model.js";
import { moduleName } from "./module.js";
import { attrKey, type ImportContext } from "./translate.js";

/** One operand of `//`: the set written in this file, or a model file merged in. */
export type CompositionPart =
  | { readonly kind: "own" }
  | { readonly kind: "merged"; readonly file: string; readonly name: string };

/** A model body taken apart into the set written here and the merged model files. */
export interface Composition {
  /** The set written in this file (empty when the model only merges others). */
  readonly own: AttrSetNode;
  /** The operands in order: the own set at most once, the merged files around it. */
  readonly parts: readonly CompositionPart[];
  /** The `let` bindings that name merged files, which need no constant of their own. */
  readonly mergedBindings: ReadonlySet<Binding>;
}

/**
 * `body` as a composition, given the `let` bindings before it: a set
 * literal alone, or `//` of at most one set literal and imports of other
 * model files (directly or through a `let` name). Anything else: undefined.
 */
export function composition(body: Expr, bindings: readonly Binding[]): Composition | undefined {
  const parts: CompositionPart[] = [];
  const mergedBindings = new Set<Binding>();
  let own: AttrSetNode | undefined;
  for (const operand of operands(body)) {
    if (operand.kind === "AttrSet") {
      if (own) return undefined;
      own = operand;
      parts.push({ kind: "own" });
      continue;
    }
    const merged = mergedModel(operand, bindings);
    if (!merged) return undefined;
    if (merged.binding) mergedBindings.add(merged.binding);
    parts.push({ kind: "merged", file: merged.file, name: merged.name });
  }
  return { own: own ?? emptySet(), parts, mergedBindings };
}

/** The composition of a model that is an empty set. */
export function emptyComposition(): Composition {
  return { own: emptySet(), parts: [{ kind: "own" }], mergedBindings: new Set() };
}

function emptySet(): AttrSetNode {
  return { kind: "AttrSet", recursive: false, bindings: [] };
}

/**
 * The entries of the composed TypeScript object: `own` where the set
 * written here stood, and `...name.<field>` for each merged file, whose
 * module is added to `imports` under the fresh `name`.
 */
export function composedEntries(
  composed: Composition,
  own: readonly string[],
  field: "services" | "placements",
  moduleOf: (written: string) => string,
  ctx: ImportContext,
  imports: Map<string, string>,
): string[] {
  return composed.parts.flatMap((part) => {
    if (part.kind === "own") return own;
    const name = ctx.ids.fresh(part.name);
    imports.set(name, moduleOf(part.file));
    return [`...${name}.${field}`];
  });
}

/** The operands of a chain of `//`, left to right, without parentheses. */
function operands(expr: Expr): Expr[] {
  if (expr.kind === "Paren") return operands(expr.expr);
  if (expr.kind === "Binary" && expr.op === "//")
    return [...operands(expr.left), ...operands(expr.right)];
  return [expr];
}

interface MergedModel {
  readonly file: string;
  readonly name: string;
  readonly binding?: Binding;
}

/** `import ./x.nix args`, or a `let` name bound to one. */
function mergedModel(operand: Expr, bindings: readonly Binding[]): MergedModel | undefined {
  const direct = importedFile(operand);
  if (direct !== undefined) return { file: direct, name: moduleName(direct) };
  if (operand.kind !== "Identifier") return undefined;
  const binding = bindings.find(
    (b) => b.kind === "AttrBinding" && b.path.length === 1 && attrKey(b.path[0]) === operand.name,
  );
  const file = binding?.kind === "AttrBinding" ? importedFile(binding.value) : undefined;
  return binding && file !== undefined ? { file, name: operand.name, binding } : undefined;
}
