/**
 * The checks Nix's parser makes beyond the grammar, so typenix rejects
 * exactly what `nix-instantiate --parse` rejects:
 * - an attribute defined twice (`addAttr` in Nix's parser.y: `a.b = 1;
 *   a.c = 2;` nests, and `a = { b = 1; }; a = { c = 2; };` even merges two
 *   attribute-set literals, but nothing else may meet twice);
 * - `inherit` of a dynamic name, a dynamic name directly in `let`;
 * - a formal parameter named twice, or named like the `@` binding.
 *
 * Which names are static is `staticName`'s (syntax/static-names.ts).
 */
import type {
  AttrName,
  AttrBindingNode,
  AttrSetNode,
  Binding,
  Expr,
  FormalsNode,
  LegacyLetNode,
  LetNode,
  Node,
  Position,
} from "../syntax/ast.js";
import { staticName, unparenthesized } from "../syntax/static-names.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { semanticError } from "./locations.js";

/** One attribute of a set being checked, and the set it holds when its value is a set literal. */
interface Definition {
  readonly set: AttrSetModel | undefined;
  readonly at: Position | undefined;
}

/** The static attributes of an attribute set, as Nix's `ExprAttrs::attrs`. */
type AttrSetModel = Map<string, Definition>;

/** The nodes the checks look at, collected by the parser as it builds them. */
export interface Checked {
  /** Attribute sets, `let` and legacy `let { }` expressions. */
  readonly sets: (AttrSetNode | LetNode | LegacyLetNode)[];
  /** Set patterns, with their `@` binding. */
  readonly formals: FormalsNode[];
}

/**
 * Diagnostics for a parsed file (empty when Nix would accept it). The
 * parser hands over the nodes to check, so no walk over the tree is needed.
 */
export function checkNixRules(nodes: Checked, file: string): Diagnostic[] {
  return new Checker(file).run(nodes);
}

class Checker {
  private readonly diagnostics: Diagnostic[] = [];
  /** Each set literal's model, built once: merges change it as they do Nix's. */
  private readonly models = new Map<Node, AttrSetModel>();

  constructor(private readonly file: string) {}

  run(nodes: Checked): Diagnostic[] {
    for (const set of nodes.sets) this.modelOf(set, set.bindings, set.kind === "Let");
    for (const formals of nodes.formals) this.checkFormals(formals);
    return this.diagnostics;
  }

  private report(at: Position | undefined, message: string, hint?: string): void {
    this.diagnostics.push(semanticError(this.file, at, message, hint));
  }

  private checkFormals(formals: FormalsNode): void {
    const seen = new Set<string>();
    for (const f of formals.formals) {
      if (seen.has(f.name.name))
        this.report(
          f.name.span?.start,
          `duplicate formal function argument '${f.name.name}'`,
          "each parameter of a function is named once",
        );
      seen.add(f.name.name);
    }
    const bind = formals.bind?.name;
    if (bind && seen.has(bind.name))
      this.report(
        bind.span?.start,
        `duplicate formal function argument '${bind.name}'`,
        "the name bound with '@' must differ from the parameters",
      );
  }

  /** The model of a set literal (or `let`), checking its bindings the first time. */
  private modelOf(node: Node, bindings: readonly Binding[], isLet: boolean): AttrSetModel {
    const known = this.models.get(node);
    if (known) return known;
    const model: AttrSetModel = new Map();
    this.models.set(node, model);
    for (const b of bindings) {
      if (b.kind === "Inherit") this.inherit(model, b.names);
      else if (b.kind === "AttrBinding") {
        if (isLet && b.path[0] && staticName(b.path[0]) === undefined)
          this.report(
            b.path[0].span?.start,
            "dynamic attributes not allowed in let",
            "bind a fixed name here, or build a set with { ${...} = ...; }",
          );
        this.addAttr(model, b);
      }
    }
    return model;
  }

  private inherit(model: AttrSetModel, names: readonly AttrName[]): void {
    for (const name of names) {
      const key = staticName(name);
      const at = name.span?.start;
      if (key === undefined)
        this.report(at, "dynamic attributes not allowed in inherit", "inherit fixed names only");
      else if (model.has(key)) this.duplicate(quote(key), at, model.get(key)?.at);
      else model.set(key, { set: undefined, at });
    }
  }

  /** Nix's `addAttr`: walks `a.b.c` creating nested sets, then adds or merges the value. */
  private addAttr(root: AttrSetModel, binding: AttrBindingNode): void {
    const { path, value } = binding;
    const at = binding.span?.start;
    let set = root;
    for (let i = 0; i + 1 < path.length; i++) {
      const key = staticName(path[i] as AttrName);
      if (key === undefined) {
        set = new Map();
        continue;
      }
      const existing = set.get(key);
      if (existing === undefined) {
        const nested: AttrSetModel = new Map();
        set.set(key, { set: nested, at });
        set = nested;
      } else if (existing.set) set = existing.set;
      else return this.duplicate(showPath(path), at, existing.at);
    }
    const key = staticName(path[path.length - 1] as AttrName);
    if (key === undefined) return;
    const existing = set.get(key);
    const valueSet = this.setLiteralModel(value);
    if (existing === undefined) set.set(key, { set: valueSet, at });
    else if (existing.set && valueSet) {
      // Two set literals for one name merge, one level deep.
      for (const [name, definition] of valueSet) {
        if (existing.set.has(name))
          this.duplicate(quote(name), definition.at, existing.set.get(name)?.at);
        else existing.set.set(name, definition);
      }
    } else this.duplicate(showPath(path), at, existing.at);
  }

  /** The model when `e` is an attribute set literal (parentheses do not count, as in Nix). */
  private setLiteralModel(e: Expr): AttrSetModel | undefined {
    const inner = unparenthesized(e);
    return inner.kind === "AttrSet" ? this.modelOf(inner, inner.bindings, false) : undefined;
  }

  private duplicate(name: string, at: Position | undefined, previous: Position | undefined): void {
    const where = previous ? ` at ${previous.line}:${previous.column}` : "";
    this.report(
      at,
      `attribute ${name} already defined${where}`,
      "each attribute may be defined once (a.b = ...; a.c = ...; is fine)",
    );
  }
}

function quote(name: string): string {
  return `'${name}'`;
}

function showPath(path: readonly AttrName[]): string {
  return quote(path.map((n) => staticName(n) ?? "${...}").join("."));
}
