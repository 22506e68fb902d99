/**
 * The spec-file location of a builder call, read from the call stack so
 * diagnostics can point at the user's line rather than at typenix internals.
 */
import type { CallSite } from "./term.js";

/** Source URL prefix of this package; frames inside it are skipped. */
const DSL_ROOT = new URL("../", import.meta.url).href;

const FRAME = /(?:\(|\s)((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first stack frame outside `@typenix/dsl`, or undefined when none can be read. */
export function callSite(): CallSite | undefined {
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  for (const frame of stack) {
    const match = FRAME.exec(frame.trim());
    if (!match) continue;
    const [, location = "", line = "0", column = "0"] = match;
    const url = location.startsWith("file://") ? location : `file://${location}`;
    if (url.startsWith(DSL_ROOT) || url.includes("/node_modules/")) continue;
    return {
      file: decodeURIComponent(url.slice("file://".length)),
      line: Number(line),
      column: Number(column),
    };
  }
  return undefined;
}
