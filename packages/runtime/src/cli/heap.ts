/**
 * How `typenix synth` sizes V8's young generation.
 *
 * synth allocates many small objects that live until their file is
 * printed (model items, syntax trees, layout documents). V8 starts the
 * young generation at 1 MiB per semi-space and doubles it, up to 16 MiB,
 * as objects survive; past a few MiB, allocating walks through memory the
 * processor caches no longer hold, and lowering ran 3-4 times slower per
 * service from then on. Kept at its first size, synth of 10,000 services
 * took about 30% less time (`bench/synth` measures with this setting, as
 * the command line runs). Parsing and formatting, whose garbage dies
 * young, ran about 20% slower with it: only synth asks for it.
 */
import { setFlagsFromString } from "node:v8";

/**
 * Keeps the young generation at its initial size from now on. Call it
 * first thing: space that has grown already stays grown.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}
