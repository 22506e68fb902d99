/**
 * Cycles of process dependencies between the instances of a processes
 * model. An instance's process that reads another's (`dependencies = [
 * b.pkg ]`) is built after it, and nix-processmgmt derives the activation
 * order from those dependencies; where they lead back to the first, Nix
 * evaluating one process evaluates the others first, forever ("infinite
 * recursion", "stack overflow"), as Disnix does for a cycle of dependsOn
 * (TN5004). The reads are taken from each instance's generated Nix, so
 * `nix.select(b, "pkg")`, `nix.select(nix.ref("b"), "pkg")` and raw code
 * are all seen; a read of another property (`b.port`) is no dependency.
 */
import type { ProcessInstance } from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Expr } from "../syntax/ast.js";
import { firstOfItsNodes, walkCycles, type Graph } from "../checks/cycles.js";
import { forEachChild } from "../syntax/children.js";
import { errorAt } from "./context.js";

/**
 * The instances among `instances` whose process the instance lowered as
 * `item` reads (`b.pkg`) in its own process: its `pkg` attribute, or the
 * whole of an instance Nix computes.
 */
export function processReads(item: Expr, instances: ReadonlySet<string>): Set<string> {
  const read = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === "Select" && e.expr.kind === "Identifier" && instances.has(e.expr.name)) {
      const [first] = e.path;
      if (first?.kind === "Identifier" && first.name === "pkg") read.add(e.expr.name);
    }
    if (e.kind === "If") {
      const taken = literalCondition(e.cond);
      // Nix evaluates only the branch the condition takes: the other reads nothing.
      if (taken !== undefined) return visit(taken ? e.then : e.else);
    }
    forEachChild(e, visit);
  };
  visit(pkgOf(item) ?? item);
  return read;
}

/**
 * The value of an `if`'s condition where lowering knows it, a literal
 * (`nix.if(false, b.pkg, null)`). Any other condition (a parameter, a
 * comparison, raw code) only Nix decides, as the model is called, and
 * either branch may be the one it takes: the reads of both count, as a
 * cycle through them loops wherever it goes that way. (`true` and `false`
 * are Nix's literals here: a binding hiding one is an error of its own,
 * TN3010, TN3022.)
 */
function literalCondition(cond: Expr): boolean | undefined {
  if (cond.kind !== "Identifier") return undefined;
  return cond.name === "true" ? true : cond.name === "false" ? false : undefined;
}

/** The value of the `pkg` attribute of an instance's set, if it is one. */
function pkgOf(item: Expr): Expr | undefined {
  if (item.kind !== "AttrSet") return undefined;
  for (const b of item.bindings) {
    if (b.kind !== "AttrBinding" || b.path.length !== 1) continue;
    const [name] = b.path;
    if (name?.kind === "Identifier" && name.name === "pkg") return b.value;
  }
  return undefined;
}

/**
 * A diagnostic for each cycle of `reads` (the instances each instance's
 * process reads the process of), once per set of instances, at the
 * `processInstance` call of the first of them in the model's order.
 */
export function instanceCycles(
  instances: Readonly<Record<string, ProcessInstance>>,
  reads: ReadonlyMap<string, ReadonlySet<string>>,
): Diagnostic[] {
  const names = Object.keys(instances);
  const index = new Map(names.map((name, i) => [name, i]));
  const graph: Graph<string, string> = {
    nodes: names,
    indexOf: (name) => index.get(name) as number,
    edgesOf: (name) => [...(reads.get(name) ?? [])],
    targetOf: (name) => name,
  };
  const found: Diagnostic[] = [];
  const firstSeen = firstOfItsNodes((name: string) => name);
  walkCycles(graph, (cycle) => {
    if (firstSeen(cycle)) found.push(cycleDiagnostic(cycle.nodes, instances));
  });
  return found;
}

function cycleDiagnostic(
  cycle: readonly string[],
  instances: Readonly<Record<string, ProcessInstance>>,
): Diagnostic {
  const first = cycle[0] as string;
  return errorAt(
    instances[first]?.site,
    "TN5004",
    `the processes of process instances depend on each other in a cycle: ${[...cycle, first].join(" -> ")}`,
    cycle.length === 1
      ? `'${first}''s process depends on itself, so Nix evaluating it never ends: leave ${first}.pkg out of its dependencies`
      : "Nix evaluates a process's dependencies with it, so evaluating one of these never ends, and nix-processmgmt could start none of them first: drop one of these dependencies (read another property, such as the port, where one only needs that)",
  );
}
