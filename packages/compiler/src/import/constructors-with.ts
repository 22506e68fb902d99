/**
 * A processes or services model whose instances (services) are under `with constructors;`
 * (`with constructors; { web = { pkg = webapp { }; }; }`). Nix reads a
 * name from a `with` only where nothing binds it otherwise: no parameter,
 * `let` binding or attribute of a `rec` set around it, and no global
 * (`toString`, `true`), which a `with` never hides. Each other name
 * under it is an attribute of the constructors model, so the model is
 * read with `constructors.webapp` written out there, and no `with`.
 */
import type { AttrName, Binding, Expr, IdentifierNode, Node, WithNode } from "../syntax/ast.js";
import { forEachChild } from "../syntax/children.js";
import { replaceNodes } from "../syntax/replace-nodes.js";
import { isNixGlobal } from "../lower/file.js";
import { constructorsModels } from "./constructors-binding.js";
import { letBinding, modelFunction } from "./model-function.js";
import { attrKey } from "./translate.js";
import { unparenthesized } from "../syntax/static-names.js";

/** A processes or services model read without the `with` of its constructors model around its instances. */
export interface WithoutConstructorsWith {
  readonly expr: Expr;
  /** The `with` that cannot be written out (see `constructorsWith`), to report. */
  readonly refused?: WithNode;
  /** The `let` name the `with` written out opens (`customPkgs`), and the file it imports. */
  readonly opened?: { readonly name: string; readonly file: string };
}

/**
 * The model's body when it is `with X; ...` of a constructors model `X`
 * its `let` binds: the `with`, and the expression under it. A body that is
 * a `let` name is that name's value (a services model returning its set
 * by name, `let services = with customPkgs; rec { ... }; in services`).
 */
export function constructorsWith(expr: Expr): WithNode | undefined {
  const { bindings, body } = modelFunction(expr);
  const returned = unparenthesized(body);
  const own = returned.kind === "Identifier" ? letBinding(bindings, returned.name) : undefined;
  const e = unparenthesized(own?.value ?? returned);
  if (e.kind !== "With") return undefined;
  const env = unparenthesized(e.env);
  return env.kind === "Identifier" && constructorsModels(bindings).has(env.name) ? e : undefined;
}

/**
 * `expr`, a processes or services model, with the names its constructors model's
 * `with` gives written as that model's attributes, and the `with` left
 * out; refused where a name under it cannot be told so: another `with`
 * inside (whose names come first), or an `inherit` of a name the `with`
 * gives (which also names the attribute it binds).
 */
export function withoutConstructorsWith(expr: Expr): WithoutConstructorsWith {
  const found = constructorsWith(expr);
  const env = found && unparenthesized(found.env);
  if (found === undefined || env?.kind !== "Identifier") return { expr };
  const { formals, argsName, bindings } = modelFunction(expr);
  const around = new Set([
    ...formals.map((f) => f.name.name),
    ...(argsName === undefined ? [] : [argsName]),
    ...boundBy(bindings),
  ]);
  const reads = new Set<Node>();
  if (!collectReads(found.body, around, reads))
    return {
      expr: replaceNodes(expr, (node) => (node === found ? found.body : undefined)),
      refused: found,
    };
  const body = replaceNodes(found.body, (node) =>
    reads.has(node) ? selected(env, node as IdentifierNode) : undefined,
  );
  const kept = { ...body, comments: [...(found.comments ?? []), ...(body.comments ?? [])] };
  const file = constructorsModels(bindings).get(env.name) ?? "";
  return {
    expr: replaceNodes(expr, (node) => (node === found ? kept : undefined)),
    opened: { name: env.name, file },
  };
}

/** `x.name` for the identifier `name` read at `at`, keeping its place and comments. */
function selected(x: IdentifierNode, at: IdentifierNode): Expr {
  const attr: AttrName = { kind: "Identifier", name: at.name };
  const { span, comments, trailingComment } = at;
  const base: Expr = { kind: "Identifier", name: x.name };
  return { kind: "Select", expr: base, path: [attr], span, comments, trailingComment };
}

/** The names bindings of a `let` or `rec` set bind. */
function boundBy(bindings: readonly Binding[]): string[] {
  return bindings.flatMap((b) => {
    if (b.kind === "Inherit") return b.names.map((n) => attrKey(n) ?? "");
    return b.kind === "AttrBinding" ? [attrKey(b.path[0]) ?? ""] : [];
  });
}

/**
 * Adds to `reads` the identifiers of `expr` that name nothing bound
 * (`bound`, and what `expr` binds around them) nor a global: those the
 * `with` gives. False where one cannot be written out (see
 * `withoutConstructorsWith`).
 */
function collectReads(expr: Expr, bound: ReadonlySet<string>, reads: Set<Node>): boolean {
  let writable = true;
  const visit = (e: Expr, names: ReadonlySet<string>): void => {
    if (e.kind === "Identifier") {
      if (!names.has(e.name) && !isNixGlobal(e.name)) reads.add(e);
      return;
    }
    if (e.kind === "With" || e.kind === "LegacyLet") {
      writable = false;
      return;
    }
    const inner = new Set(names);
    if (e.kind === "Lambda" && e.param.kind === "Identifier") inner.add(e.param.name);
    if (e.kind === "Lambda" && e.param.kind === "Formals") {
      e.param.formals.forEach((f) => inner.add(f.name.name));
      if (e.param.bind) inner.add(e.param.bind.name.name);
    }
    if (e.kind === "Let" || (e.kind === "AttrSet" && e.recursive))
      boundBy(e.bindings).forEach((n) => inner.add(n));
    // `inherit webapp;` of a name the `with` gives also names the attribute.
    if (e.kind === "Let" || e.kind === "AttrSet")
      for (const b of e.bindings)
        if (b.kind === "Inherit" && !b.from)
          writable &&= b.names.every((n) => {
            const key = attrKey(n);
            return key !== undefined && (names.has(key) || isNixGlobal(key));
          });
    forEachChild(e, (child) => visit(child, inner));
  };
  visit(expr, bound);
  return writable;
}
