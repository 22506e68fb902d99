/**
 * Cycles of a constructor's parameter defaults (`{ a ? b, b ? a }`), which
 * a call leaving those parameters out never finishes evaluating. Nix
 * evaluates only the branch of an `if` its condition takes, so a cycle
 * through a branch loops only where the conditions go that way: such a
 * cycle is told apart from one every call leaving the parameters out runs
 * into.
 */
import type { Expr, FormalNode } from "../syntax/ast.js";
import { printNix } from "../printer/print.js";
import { guardedFreeNames, type Guard } from "./free-names.js";

/** A cycle of defaults: the parameters along it, the first one again at the end. */
export interface DefaultsCycle {
  readonly names: readonly string[];
  /**
   * The `if` branches it goes through, each condition once: none for a
   * cycle whichever way the conditions go.
   */
  readonly guards: readonly Guard[];
}

/**
 * A cycle of the defaults of `formalNodes` that every call leaving them out
 * runs into (with no `guards`), or else one that such a call runs into
 * where the conditions of the `if`s it goes through go its way;
 * `undefined` when there is none. A cycle through both branches of one
 * condition (`a ? if m then b else "", b ? if m then "" else a`) is none.
 */
export function defaultsCycle(formalNodes: readonly FormalNode[]): DefaultsCycle | undefined {
  const reads = defaultReads(formalNodes);
  const certain = new Map(
    [...reads].map(([name, to]) => [
      name,
      [...to].filter(([, guardSets]) => covered(guardSets)).map(([next]) => next),
    ]),
  );
  const names = certainCycle(certain);
  if (names !== undefined) return { names, guards: [] };
  return guardedCycle(reads);
}

/** For each parameter, the parameters its default reads, each with the `if` branches of its reads. */
type DefaultReads = Map<string, Map<string, (readonly Guard[])[]>>;

function defaultReads(formalNodes: readonly FormalNode[]): DefaultReads {
  const params = new Set(formalNodes.map((f) => f.name.name));
  const reads: DefaultReads = new Map();
  for (const f of formalNodes) {
    const to = new Map<string, (readonly Guard[])[]>();
    reads.set(f.name.name, to);
    if (!f.default) continue;
    for (const read of guardedFreeNames(f.default, conditionText)) {
      if (!params.has(read.name)) continue;
      to.set(read.name, [...(to.get(read.name) ?? []), read.guards.map(positive)]);
    }
  }
  return reads;
}

/**
 * Marks the text of a condition written as the negation of another (`!m`,
 * `x != v`): `positive` reads its guard as that other one's, the other way.
 */
const NEGATED = "\0not ";

/**
 * A condition as one line of Nix text; a negated one as the text of the
 * condition it negates, marked (see `NEGATED`), so that `!m` and `m` are
 * one condition, as are `x != v` and `x == v`.
 */
function conditionText(condition: Expr): string {
  const { expr, negated } = withoutNegation(condition);
  const text = printNix(expr)
    .trim()
    .replace(/\s*\n\s*/g, " ");
  return negated ? `${NEGATED}${text}` : text;
}

/** `condition` without the negations around it (`!`, `!=`), and whether there were an odd number. */
function withoutNegation(condition: Expr): { readonly expr: Expr; readonly negated: boolean } {
  let expr = condition;
  let negated = false;
  for (;;) {
    if (expr.kind === "Paren") expr = expr.expr;
    else if (expr.kind === "Unary" && expr.op === "!") {
      expr = expr.expr;
      negated = !negated;
    } else if (expr.kind === "Binary" && expr.op === "!=") {
      expr = { kind: "Binary", op: "==", left: expr.left, right: expr.right };
      negated = !negated;
    } else return { expr, negated };
  }
}

/** A guard on a negated condition as the guard on the condition it negates, the other way. */
function positive(guard: Guard): Guard {
  if (!guard.condition.startsWith(NEGATED)) return guard;
  return { condition: guard.condition.slice(NEGATED.length), holds: !guard.holds };
}

/** Conditions beyond which `covered` does not try every way they may go. */
const MAX_CONDITIONS = 12;

/**
 * Whether some read of `guardSets` is evaluated whichever way the
 * conditions go: one under no `if`, or reads in both branches of each
 * (`if m then b else b + "x"` reads `b` either way). Past
 * `MAX_CONDITIONS` only a read under no `if` counts.
 */
function covered(guardSets: readonly (readonly Guard[])[]): boolean {
  if (guardSets.some((g) => g.length === 0)) return true;
  const conditions = [...new Set(guardSets.flat().map((g) => g.condition))];
  if (conditions.length > MAX_CONDITIONS) return false;
  for (let ways = 0; ways < 2 ** conditions.length; ways++) {
    const holds = (c: string): boolean => ((ways >> conditions.indexOf(c)) & 1) === 1;
    if (!guardSets.some((set) => set.every((g) => holds(g.condition) === g.holds))) return false;
  }
  return true;
}

/** A cycle of `edges`, as the names along it, the first one again at the end. */
function certainCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    const start = path.indexOf(name);
    if (start >= 0) return [...path.slice(start), name];
    if (done.has(name)) return undefined;
    done.add(name);
    for (const next of edges.get(name) ?? []) {
      const cycle = visit(next, [...path, name]);
      if (cycle) return cycle;
    }
    return undefined;
  };
  for (const name of edges.keys()) {
    const cycle = visit(name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Steps after which `guardedCycle` gives up: the paths through many `if`s are many. */
const MAX_STEPS = 10_000;

/**
 * A cycle of reads whose `if` branches can all be taken in one call: no
 * condition must both hold and not hold along it. Each is searched for
 * from the parameter it starts at, so the branches it takes are its own.
 */
function guardedCycle(reads: DefaultReads): DefaultsCycle | undefined {
  let steps = 0;
  const visit = (
    name: string,
    path: readonly string[],
    ways: ReadonlyMap<string, boolean>,
  ): DefaultsCycle | undefined => {
    for (const [next, guardSets] of reads.get(name) ?? []) {
      for (const guards of guardSets) {
        if (++steps > MAX_STEPS) return undefined;
        const taken = alongWith(ways, guards);
        if (taken === undefined) continue;
        if (next === path[0]) return { names: [...path, next], guards: guardsOf(taken) };
        if (path.includes(next)) continue;
        const cycle = visit(next, [...path, next], taken);
        if (cycle) return cycle;
      }
    }
    return undefined;
  };
  for (const name of reads.keys()) {
    const cycle = visit(name, [name], new Map());
    if (cycle) return cycle;
  }
  return undefined;
}

/** `ways` with the branches `guards` take too, or `undefined` where one contradicts it. */
function alongWith(
  ways: ReadonlyMap<string, boolean>,
  guards: readonly Guard[],
): Map<string, boolean> | undefined {
  const taken = new Map(ways);
  for (const g of guards) {
    if (taken.get(g.condition) === !g.holds) return undefined;
    taken.set(g.condition, g.holds);
  }
  return taken;
}

function guardsOf(ways: ReadonlyMap<string, boolean>): Guard[] {
  return [...ways].map(([condition, holds]) => ({ condition, holds }));
}

/**
 * `m is false and (x == 1) is true`: the branches a cycle goes through, its
 * conditions as Nix text (without the number that tells apart one reading
 * a name bound inside the default, see `Guard`).
 */
export function guardsText(guards: readonly Guard[]): string {
  return guards
    .map(({ condition, holds }) => {
      const text = condition.replace(/#\d+$/, "");
      const operand = /^[A-Za-z_][\w'-]*$/.test(text) ? text : `(${text})`;
      return `${operand} is ${holds}`;
    })
    .join(" and ");
}
