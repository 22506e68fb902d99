/**
 * The `let` binding of a processes or services model's constructors model. Nix does
 * not care what it is named: `ctors = import ./constructors.nix { ... };`
 * read as `ctors.webapp { ... }` is what `constructors` is elsewhere. The
 * model is read with that binding named `constructors`, the name synth
 * binds the constructors model under, so it is imported as any other.
 */
import type { Binding, Expr, IdentifierNode, Node } from "../syntax/ast.js";
import { forEachChild } from "../syntax/children.js";
import { replaceNodes } from "../syntax/replace-nodes.js";
import { importedFile } from "./constructors-model.js";
import { letBinding, modelFunction } from "./model-function.js";
import { attrKey } from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

/** The name synth binds a model's constructors model under. */
const CONSTRUCTORS = "constructors";

/**
 * The names of the `let` bindings importing a model given arguments
 * (`containerProviderConstructors = import ../constructors.nix { ... };`),
 * with the file each imports.
 */
export function constructorsModels(bindings: readonly Binding[]): Map<string, string> {
  const models = new Map<string, string>();
  for (const b of bindings) {
    const name = b.kind === "AttrBinding" && b.path.length === 1 ? attrKey(b.path[0]) : undefined;
    if (b.kind !== "AttrBinding" || name === undefined) continue;
    const value = unparenthesized(b.value);
    const file = value.kind === "Apply" ? importedFile(value) : undefined;
    if (file !== undefined && value.kind === "Apply" && value.fn.kind === "Apply")
      models.set(name, file);
  }
  return models;
}

/** A processes or services model read with its constructors binding named `constructors`. */
export interface ConstructorsNamed {
  readonly expr: Expr;
  /** The name the model binds its constructors model under, when it is another. */
  readonly renamed?: string;
  /**
   * A binding that cannot be read as `constructors` (the name is bound
   * again inside the model, or there are several constructors models).
   */
  readonly refused?: Binding;
}

/**
 * `expr`, a processes or services model, with its only constructors model's binding
 * named `constructors` wherever the model reads it, when it is named
 * otherwise and renaming it keeps what every name means. With `calledOnly`
 * (a services model, which also imports package sets, `customPkgs = import
 * ../top-level/all-packages.nix { ... };`, and services models it merges,
 * with arguments), only a model whose attributes it calls is one.
 */
export function constructorsNamed(expr: Expr, calledOnly = false): ConstructorsNamed {
  const { bindings, body } = modelFunction(expr);
  const imported = constructorsModels(bindings);
  const called = calledOnly ? calledModels(expr) : undefined;
  const models = new Map([...imported].filter(([n]) => called?.has(n) ?? true));
  if (models.has(CONSTRUCTORS) || models.size === 0) return { expr };
  const [name] = models.keys();
  const binding = name === undefined ? undefined : letBinding(bindings, name);
  if (name === undefined || binding === undefined) return { expr };
  // Constructors that make whole instances (a container provider's) are no
  // constructors model's the instances' pkgs call.
  if (models.size === 1 && makesInstances(body, name)) return { expr };
  if (models.size > 1) return { expr, refused: binding };
  const key = binding.path[0];
  // A name bound anywhere else in the model could be captured or lost.
  const bound = binders(expr).filter((n) => n !== key);
  if (bound.some((n) => n.name === name || n.name === CONSTRUCTORS))
    return { expr, refused: binding };
  const reads = new Set<Node>(key?.kind === "Identifier" ? [key] : []);
  const visit = (e: Expr): void => {
    if (e.kind === "Identifier" && e.name === name) reads.add(e);
    forEachChild(e, visit);
  };
  visit(expr);
  const renamed = replaceNodes(expr, (node) =>
    reads.has(node) ? { ...(node as IdentifierNode), name: CONSTRUCTORS } : undefined,
  );
  return { expr: renamed, renamed: name };
}

/** Whether an instance of the model's `body` is a call of a constructor of the model `name`. */
function makesInstances(body: Expr, name: string): boolean {
  const set = unparenthesized(body);
  return (
    set.kind === "AttrSet" &&
    set.bindings.some(
      (b) =>
        b.kind === "AttrBinding" &&
        unparenthesized(b.value).kind === "Apply" &&
        modelCalled(b.value) === name,
    )
  );
}

/** The variables an attribute of which `expr` calls somewhere (`ctors` of `ctors.webapp { }`). */
export function calledModels(expr: Expr): Set<string> {
  const names = new Set<string>();
  const visit = (e: Expr): void => {
    const fn = e.kind === "Apply" ? unparenthesized(e.fn) : undefined;
    if (fn?.kind === "Select" && fn.expr.kind === "Identifier") names.add(fn.expr.name);
    forEachChild(e, visit);
  };
  visit(expr);
  return names;
}

/**
 * The variable whose attribute `expr` calls or is: `containerProviderConstructors`
 * of `containerProviderConstructors.mysql { ... }`.
 */
export function modelCalled(expr: Expr): string | undefined {
  let fn = unparenthesized(expr);
  while (fn.kind === "Apply") fn = unparenthesized(fn.fn);
  return fn.kind === "Select" && fn.expr.kind === "Identifier" ? fn.expr.name : undefined;
}

/**
 * Every name a node of `expr` binds or reads by name where it binds one:
 * function parameters, the attributes of `let` and `rec` sets, and the
 * names of `inherit`, which also name the attribute they bind.
 */
function binders(expr: Expr): IdentifierNode[] {
  const names: IdentifierNode[] = [];
  const ofBindings = (bindings: readonly Binding[], recursive: boolean): void => {
    for (const b of bindings) {
      if (b.kind === "Inherit")
        names.push(...b.names.filter((n): n is IdentifierNode => n.kind === "Identifier"));
      else if (recursive && b.kind === "AttrBinding" && b.path[0]?.kind === "Identifier")
        names.push(b.path[0]);
    }
  };
  const visit = (e: Expr): void => {
    if (e.kind === "Lambda" && e.param.kind === "Identifier") names.push(e.param);
    if (e.kind === "Lambda" && e.param.kind === "Formals") {
      names.push(...e.param.formals.map((f) => f.name));
      if (e.param.bind) names.push(e.param.bind.name);
    }
    if (e.kind === "Let") ofBindings(e.bindings, true);
    if (e.kind === "AttrSet") ofBindings(e.bindings, e.recursive);
    forEachChild(e, visit);
  };
  visit(expr);
  return names;
}
