/**
 * Small constructors for syntax tree nodes, for code that generates Nix
 * (lowering, literals, tests). They build spans-free nodes.
 */
import type {
  ApplyNode,
  AttrBindingNode,
  AttrName,
  AttrSetNode,
  Binding,
  Expr,
  FormalNode,
  FormalsNode,
  IdentifierNode,
  InheritNode,
  LambdaNode,
  LetNode,
  ListNode,
  PathNode,
  SearchPathNode,
  SelectNode,
  StringPart,
  StringNode,
} from "./ast.js";

/** `name` */
export function ident(name: string): IdentifierNode {
  return { kind: "Identifier", name };
}

/** `a.b.c` from a dotted list of plain identifiers, e.g. `select(ident("pkgs"), "nginx")`. */
export function select(expr: Expr, ...path: (string | AttrName)[]): SelectNode {
  return { kind: "Select", expr, path: path.map(attrName) };
}

/** `f a b` */
export function apply(fn: Expr, ...args: Expr[]): Expr {
  return args.reduce<Expr>((f, arg): ApplyNode => ({ kind: "Apply", fn: f, arg }), fn);
}

/** `[ items ]` */
export function list(items: readonly Expr[]): ListNode {
  return { kind: "List", items };
}

/** An attribute name segment: plain identifiers stay identifiers; the printer quotes where needed. */
export function attrName(name: string | AttrName): AttrName {
  return typeof name === "string" ? ident(name) : name;
}

/** `path = value;` with a single-segment or dotted path. */
export function binding(
  path: string | readonly (string | AttrName)[],
  value: Expr,
): AttrBindingNode {
  return {
    kind: "AttrBinding",
    // One node, as lowering's names are (made once per name): shared without a call.
    path:
      typeof path === "string"
        ? [ident(path)]
        : path.length === 1 && typeof path[0] !== "string"
          ? (path as readonly AttrName[])
          : nodes(path),
    value,
  };
}

/** The segments of `path` as nodes; `path` itself when they are (nodes are immutable, so shared). */
function nodes(path: readonly (string | AttrName)[]): readonly AttrName[] {
  // Indexed: lowering runs this for every binding, much of it before the engine optimizes it.
  for (let i = 0; i < path.length; i++) if (typeof path[i] === "string") return path.map(attrName);
  return path as readonly AttrName[];
}

/** `inherit a b;` or `inherit (from) a b;` (names given as nodes are shared, as `binding` shares them). */
export function inherit(names: readonly (string | AttrName)[], from?: Expr): InheritNode {
  return from === undefined
    ? { kind: "Inherit", names: nodes(names) }
    : { kind: "Inherit", from, names: nodes(names) };
}

/** `{ bindings }` or `rec { bindings }` */
export function attrSet(bindings: readonly Binding[], recursive = false): AttrSetNode {
  return { kind: "AttrSet", recursive, bindings };
}

/** `let bindings in body` */
export function letIn(bindings: readonly Binding[], body: Expr): LetNode {
  return { kind: "Let", bindings, body };
}

/** A formal parameter `name` or `name ? default`. */
export function formal(name: string, defaultValue?: Expr): FormalNode {
  return defaultValue === undefined
    ? { kind: "Formal", name: ident(name) }
    : { kind: "Formal", name: ident(name), default: defaultValue };
}

/** `{ formals, ... }: body` */
export function lambdaWithFormals(
  formals: readonly FormalNode[],
  body: Expr,
  options: { ellipsis?: boolean } = {},
): LambdaNode {
  const pattern: FormalsNode = { kind: "Formals", formals, ellipsis: options.ellipsis ?? false };
  return { kind: "Lambda", param: pattern, body };
}

/** `name: body` */
export function lambda(param: string, body: Expr): LambdaNode {
  return { kind: "Lambda", param: ident(param), body };
}

/** A string from parts whose text fragments are already escaped for the chosen style. */
export function stringFromParts(
  parts: readonly StringPart[],
  style: StringNode["style"] = "double",
): StringNode {
  return { kind: "String", style, parts };
}

/** A path literal from raw text, e.g. `path("./webapp")`. The caller guarantees it is a valid Nix path. */
export function path(raw: string): PathNode {
  return { kind: "Path", parts: [{ kind: "Text", raw }] };
}

/** `<name>` */
export function searchPath(name: string): SearchPathNode {
  return { kind: "SearchPath", path: name };
}
