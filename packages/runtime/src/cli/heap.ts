/**
 * The V8 flags `typenix synth` sets: the young generation's size, and
 * bytecode kept.
 *
 * synth allocates many small objects, and the model it builds lives to the
 * end. V8 doubles the young generation, up to 16 MiB per semi-space, as
 * objects survive; past a few MiB, allocating walks through memory the
 * processor caches no longer hold, and synth ran markedly slower. The
 * command line stops the growth before it loads its commands, at the size
 * start-up left it: V8 reports 1 MiB of new space at launch, and 2 MiB
 * once the built command is loaded. When the command ran through tsx,
 * growth stopped at 4 MiB; alternating runs of `typenix synth` on 10,000
 * services showed no difference between 2 and 4 MiB, while the full
 * 16 MiB made synth of 1,000 and 10,000 services slower (`bench/synth`
 * measures with this setting, as the command line runs). Parsing and
 * formatting, whose garbage dies young, ran about 20% slower with it: only
 * synth asks for it.
 *
 * synth also keeps the bytecode of functions it has not run for a while:
 * V8 drops it after some collections, and a long run (10,000 services)
 * then compiled again what it needed again, and made its code cache at the
 * end without the functions it had dropped, so the next runs compiled
 * those. Synth of 10,000 services ran 3.50 G instructions with V8's
 * default, 3.39 G with the bytecode kept (valgrind, V8 single-threaded,
 * each after a run of the same size made the cache).
 *
 * And synth optimizes functions without inlining others into them. A cold
 * synth runs mostly in code V8 has not optimized yet: optimizing happens
 * beside the run, and on 10,000 services, with inlining, it took 660 ms
 * of compiling (`--trace-opt`), longer than synth itself, so most of the
 * optimized code came after the run needed it; without inlining, 310 ms.
 * Synth of 10,000 services ran about 12% faster cold (median of 9
 * alternating fresh processes each), and the same warm and on 1,000
 * services.
 *
 * V8 takes a code cache only under the flags it was made with, so the
 * launcher reads and makes the caches of a run under V8's own flags
 * (`withDefaultV8Flags`, see build/built-cli.js).
 */
import { setFlagsFromString } from "node:v8";

/**
 * Keeps the young generation at its present size from now on (space that
 * has grown already stays grown), the bytecode of every function run, and
 * optimizes functions without inlining.
 */
export function setSynthV8Flags(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--no-flush-bytecode");
  setFlagsFromString("--no-turbo-inlining");
  synthFlags = true;
}

/** Whether synth's flags are set. */
let synthFlags = false;

/** V8's own semi-space growth factor, which `setSynthV8Flags` replaces (V8 flushes bytecode by default). */
const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** Undoes `setSynthV8Flags`: the flags are V8's defaults again. */
function restoreV8Flags(): void {
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`);
  setFlagsFromString("--flush-bytecode");
  setFlagsFromString("--turbo-inlining");
  synthFlags = false;
}

/**
 * What `run` gives, run under V8's own flags, with synth's set again after
 * it when they were set. The launcher compiles the scripts a command loads
 * (the command's own, esbuild, zod) and makes their code caches this way:
 * V8 refuses a cache made under other flags than the run's that reads it,
 * so a cache made under synth's flags was refused by the next run, and a
 * script loaded after synth set its flags was compiled anew on every run,
 * and its cache written again.
 */
export function withDefaultV8Flags<T>(run: () => T): T {
  if (!synthFlags) return run();
  restoreV8Flags();
  try {
    return run();
  } finally {
    setSynthV8Flags();
  }
}
