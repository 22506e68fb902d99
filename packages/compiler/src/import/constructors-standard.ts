/**
 * A processes or services model as typenix reads it: the names the `with`
 * of its constructors model gives written as that model's attributes (see
 * `constructors-with.ts`), and the model bound as `constructors` whatever
 * its name (see `constructors-binding.ts`). Both kinds of model call the
 * constructors of a constructors model alike, so both are read so.
 */
import type { Binding, Expr } from "../syntax/ast.js";
import { calledModels, constructorsNamed } from "./constructors-binding.js";
import { withoutConstructorsWith, type WithoutConstructorsWith } from "./constructors-with.js";
import type { Problems } from "./problems.js";

/** The kind of model read, as its messages name it. */
export type CallingModel = "processes" | "services";

/** What a model calls its items, whose pkgs are the constructors' calls. */
const ITEMS: Record<CallingModel, string> = { processes: "instances", services: "services" };

/** A model in its standard form. */
export interface StandardForm {
  readonly expr: Expr;
  /** True when its constructors binding is refused (reported), so no other is expected. */
  readonly bindingRefused: boolean;
}

/**
 * `expr`, a model of `kind`, in its standard form. What cannot be read so
 * is reported; what is, noted in `notes` (the summary).
 */
export function standardForm(
  expr: Expr,
  kind: CallingModel,
  problems: Problems,
  notes: string[],
): StandardForm {
  const unwith = withoutConstructorsWith(expr);
  if (unwith.refused) reportConstructorsWith(unwith.refused, kind, problems);
  else if (unwith.opened !== undefined)
    notes.push(
      `the names the \`with\` of ${opened(unwith.opened, unwith.expr, kind)} gives are written as its attributes`,
    );
  const named = constructorsNamed(unwith.expr, kind === "services");
  if (named.renamed !== undefined)
    notes.push(
      `the constructors model bound as '${named.renamed}' is bound as 'constructors' in the generated model`,
    );
  if (named.refused) reportConstructorsBinding(named.refused, kind, problems);
  return { expr: named.expr, bindingRefused: named.refused !== undefined };
}

/**
 * What the `with` written out opens, as the summary names it: the
 * constructors model, except in a services model (which also imports
 * package sets) a model whose attributes it only selects, a package set
 * (`with customPkgs;` around `pkg = hello;`).
 */
function opened(
  { name, file }: NonNullable<WithoutConstructorsWith["opened"]>,
  model: Expr,
  kind: CallingModel,
): string {
  const constructors =
    kind === "processes" || name === "constructors" || calledModels(model).has(name);
  return constructors ? "the constructors model" : `the package set '${name}' (${file})`;
}

/**
 * Reports the `with` of a constructors model around the items whose names
 * cannot all be told to be the model's attributes.
 */
function reportConstructorsWith(at: Expr, kind: CallingModel, problems: Problems): void {
  problems.report(
    at,
    `the ${ITEMS[kind]} are under \`with\` of the constructors model, and a name under it cannot be told to be the model's: another \`with\` inside gives names first, or an \`inherit\` of a name the \`with\` gives also names an attribute`,
    "call the constructors as the model's attributes, `pkg = constructors.webapp { ... };`, and leave out the `with`",
    "TN6031",
  );
}

/**
 * Reports the binding of a constructors model that cannot be read as the
 * model's `constructors`: one of several, none bound so, or one whose name
 * the model binds again elsewhere.
 */
function reportConstructorsBinding(binding: Binding, kind: CallingModel, problems: Problems): void {
  problems.report(
    binding,
    `the ${kind} model binds its constructors model under another name than \`constructors\`, which typenix cannot read as it: the model binds several constructors models, or binds the name (or \`constructors\`) again inside it`,
    `bind the constructors model the ${ITEMS[kind]}' pkgs call as \`constructors = import ./constructors.nix { ... };\`, and give no other binding or parameter inside the model that name`,
    "TN6030",
  );
}
