/**
 * Cycles of a directed graph, for the checks of an order that must have
 * none: the activation order of services (dependsOn, activatesAfter, the
 * container edges Disnix adds) and the dependencies between the processes
 * of process instances.
 */

/** A directed graph whose nodes are numbered `0 .. nodes.length - 1` by `indexOf`. */
export interface Graph<N, E> {
  /** Every node, in the order the walk starts from them (the model's order). */
  readonly nodes: readonly N[];
  /** The position of `node` in `nodes`. */
  indexOf(node: N): number;
  /** The edges leaving `node`. */
  edgesOf(node: N): readonly E[];
  /** The node an edge leads to. */
  targetOf(edge: E): N;
}

/** A cycle: its nodes from the first the walk met, and the edge leaving each. */
export interface Cycle<N, E> {
  readonly nodes: readonly N[];
  readonly edges: readonly E[];
}

/**
 * Calls `found` with the cycle each edge back onto the current path of a
 * depth-first walk closes. A cycle may be found more than once, through
 * different edges or from different nodes: see `firstOfItsNodes`.
 */
export function walkCycles<N, E>(graph: Graph<N, E>, found: (cycle: Cycle<N, E>) => void): void {
  const { nodes } = graph;
  // Each node's state, by index: not seen, on the current path, or done.
  const state = new Uint8Array(nodes.length);
  // Depth first, with a stack of our own: a chain of dependencies may be
  // longer than the engine's call stack is deep. Its arrays are written by
  // depth, not pushed and popped: emptied after each root, they would be
  // shrunk and grown again for the next, an allocation for every node.
  // `graph.indexOf` is asked once for each edge's target, and the number
  // kept on the path: a root's is its place, and no node is asked again
  // when the walk leaves it.
  const path: N[] = [];
  const pathIndex: number[] = [];
  const successors: (readonly E[])[] = [];
  const nextIndex: number[] = [];
  let depth = 0;
  const enter = (node: N, index: number): void => {
    path[depth] = node;
    pathIndex[depth] = index;
    state[index] = ON_PATH;
    successors[depth] = graph.edgesOf(node);
    nextIndex[depth] = 0;
    depth++;
  };
  for (let i = 0; i < nodes.length; i++) {
    if (state[i] === DONE) continue;
    enter(nodes[i] as N, i);
    while (depth > 0) {
      const top = depth - 1;
      const edge = (successors[top] as readonly E[])[(nextIndex[top] as number)++];
      if (edge === undefined) {
        state[pathIndex[top] as number] = DONE;
        depth--;
        continue;
      }
      const to = graph.targetOf(edge);
      const index = graph.indexOf(to);
      const toState = state[index];
      // A node on the path is below `depth`, where `indexOf` finds it first.
      if (toState === ON_PATH)
        found(cycleClosedBy(edge, path.indexOf(to), depth, path, successors, nextIndex));
      else if (toState !== DONE) enter(to, index);
    }
  }
}

const ON_PATH = 1;
const DONE = 2;

/** The cycle `edge` closes back to the node at `from` on the path, `depth` nodes deep. */
function cycleClosedBy<N, E>(
  edge: E,
  from: number,
  depth: number,
  path: readonly N[],
  successors: readonly (readonly E[])[],
  nextIndex: readonly number[],
): Cycle<N, E> {
  const edges: E[] = [];
  // The edge each node on the cycle was left by: the one before its next index.
  for (let j = from; j < depth - 1; j++)
    edges.push((successors[j] as readonly E[])[(nextIndex[j] as number) - 1] as E);
  edges.push(edge);
  return { nodes: path.slice(from, depth), edges };
}

/**
 * A filter passing a cycle the first time a cycle through its nodes is
 * seen, whatever node it starts from, so each is reported once; `keyOf`
 * names a node.
 */
export function firstOfItsNodes<N>(
  keyOf: (node: N) => string,
): (cycle: { readonly nodes: readonly N[] }) => boolean {
  const seen = new Set<string>();
  return (cycle) => {
    const id = cycle.nodes.map(keyOf).sort().join("\0");
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
}
