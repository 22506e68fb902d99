/**
 * The spec-file location of a builder call, read from the call stack so
 * diagnostics can point at the user's line rather than at typenix internals.
 *
 * Taking the stack is cheap next to reading it: V8 formats a stack trace
 * (through source maps, for spec files) only when `stack` is first read. So a
 * builder keeps a `SiteTrace`, and the location is worked out when a
 * diagnostic (or a relative path) asks for it, usually never.
 */
import { MODEL_REF, type CallSite } from "./term.js";

/**
 * `Error` with V8's stack trace API, which Node has. It is declared here:
 * `@types/node` declares it too, but a spec project type-checks these
 * sources (which `skipLibCheck` does not skip) with or without it.
 */
interface V8ErrorConstructor extends ErrorConstructor {
  /** How many frames a stack trace takes. */
  stackTraceLimit: number;
  /** Sets `target.stack` to the stack here, from the caller of `below` on. */
  captureStackTrace(target: object, below?: (...args: never[]) => unknown): void;
}

const V8Error = Error as V8ErrorConstructor;

/** Source URL prefix of this package; frames inside it are skipped. */
const DSL_ROOT = new URL("../", import.meta.url).href;

/**
 * A frame's file, line and column: `at f (/dir/spec.ts:3:7)` or `at
 * /dir/spec.ts:3:7` (a `file://` URL under ESM). The path may hold spaces
 * and parentheses; it ends where line and column end the frame.
 */
const FRAME = /(?:\(|^at )((?:file:\/\/)?\/.+?):(\d+):(\d+)\)?$/;

/** The first stack frame outside `@typenix/dsl`, or undefined when none can be read. */
export function callSite(): CallSite | undefined {
  return firstUserFrame(currentStack());
}

/** Frames `callSite` and `calledFromSpecCode` read: typenix's own, then the caller's. */
const CALLER_FRAMES = 20;

/**
 * The call stack here, of `CALLER_FRAMES` frames whatever
 * `Error.stackTraceLimit` is: spec code may have lowered it (to 1, or 0),
 * and the frames past typenix's own are needed.
 */
function currentStack(): string | undefined {
  const limit = V8Error.stackTraceLimit;
  V8Error.stackTraceLimit = Math.max(Number(limit) || 0, CALLER_FRAMES);
  try {
    return new Error().stack;
  } finally {
    V8Error.stackTraceLimit = limit;
  }
}

/**
 * How many frames a `SiteTrace` keeps, from the builder's caller on: the
 * caller itself and a few more, for calls that reach the builder through
 * other typenix code or a package in node_modules. (Capturing costs per
 * frame, and spec code makes a trace for every service.)
 */
const TRACE_FRAMES = 4;

/**
 * Whether builder calls take their call stack (see `recordCallSites`): a
 * global flag, as each load of spec files has its own copy of this module.
 */
const RECORD_SITES = Symbol.for("typenix.recordCallSites");

type SitesFlag = { [RECORD_SITES]?: boolean };

/**
 * Whether the builder calls made from now on record where they are made
 * (the default). Taking the call stack costs a few microseconds per call,
 * a good part of what running a spec of thousands of services costs; the
 * location is read only when a diagnostic points at the call. So the
 * command line runs specs without recording, and runs them again,
 * recording, only when that run found something to report.
 */
export function recordCallSites(record: boolean): void {
  (globalThis as SitesFlag)[RECORD_SITES] = record;
}

/**
 * The stack of a builder call, taken when it is constructed and read when
 * `site` is first asked for. `builder` is the public function the spec
 * called: frames from it inward (typenix's own) are not captured. Nothing
 * is taken while call sites are not recorded: `site` is then undefined.
 */
export class SiteTrace {
  private readonly trace: { stack?: string } | undefined;
  private found: CallSite | undefined | null = null;

  constructor(builder: (...args: never[]) => unknown) {
    if ((globalThis as SitesFlag)[RECORD_SITES] === false) {
      this.trace = undefined;
      return;
    }
    const trace = {};
    const limit = V8Error.stackTraceLimit;
    V8Error.stackTraceLimit = TRACE_FRAMES;
    V8Error.captureStackTrace(trace, builder);
    V8Error.stackTraceLimit = limit;
    this.trace = trace;
  }

  /** The first stack frame outside `@typenix/dsl`, or undefined when none can be read. */
  get site(): CallSite | undefined {
    if (this.found === null) this.found = firstUserFrame(this.trace?.stack);
    return this.found;
  }
}

/** The trace of every builder call made while call sites are not recorded: of nothing. */
let unrecorded: SiteTrace | undefined;

/**
 * The `SiteTrace` of a call of `builder`. While call sites are not
 * recorded, every call shares one trace of nothing: spec code makes
 * services by the thousand, and each would keep an empty trace of its own.
 */
export function siteTrace(builder: (...args: never[]) => unknown): SiteTrace {
  if ((globalThis as SitesFlag)[RECORD_SITES] !== false) return new SiteTrace(builder);
  return (unrecorded ??= new SiteTrace(builder));
}

/** The trace of a `traced` item (a symbol: items are spread and compared as data). */
const TRACE: unique symbol = Symbol("trace");

/** The prototype of `traced` items: one getter of `site` for all of them. */
const TRACED = {
  get site(): CallSite | undefined {
    return (this as unknown as { [TRACE]: SiteTrace })[TRACE].site;
  },
};

/**
 * A model item (a service, a target, a constructor call...): `fields`, and
 * `site`, worked out from `trace` when first read. Items share one hidden
 * class per kind: an object literal with a getter of its own would get a
 * class of its own, and spec code makes items by the thousand, each then
 * slow to read for the compiler.
 */
export function traced<T extends object>(
  fields: T,
  trace: SiteTrace,
): T & { readonly site: CallSite | undefined } {
  const item = Object.create(TRACED) as T & { [TRACE]: SiteTrace; site: CallSite | undefined };
  Object.assign(item, fields);
  item[TRACE] = trace;
  return item;
}

/**
 * A service or a target: `traced({ [MODEL_REF]: true, kind, spec },
 * trace)`, written out. Spec code makes them by the thousand, and a literal
 * with a symbol key, copied by `Object.assign`, runs slowly in code the
 * engine has not optimized yet. The same hidden class as `traced` gives.
 */
export function tracedSpec<K extends string, S>(
  kind: K,
  spec: S,
  trace: SiteTrace,
): { readonly [MODEL_REF]: true; readonly kind: K; readonly spec: S } & {
  readonly site: CallSite | undefined;
} {
  const item = Object.create(TRACED) as {
    [MODEL_REF]: true;
    kind: K;
    spec: S;
    [TRACE]: SiteTrace;
    site: CallSite | undefined;
  };
  item[MODEL_REF] = true;
  item.kind = kind;
  item.spec = spec;
  item[TRACE] = trace;
  return item;
}

/** `item` (made by `traced`) with `fields` added or replaced, keeping its trace. */
export function withFields<T extends object, F extends object>(
  item: T,
  fields: F,
): Omit<T, keyof F> & F & { readonly site: CallSite | undefined } {
  const trace = (item as { [TRACE]?: SiteTrace })[TRACE];
  if (trace === undefined) throw new TypeError("withFields takes an item made by traced");
  return traced({ ...item, ...fields } as Omit<T, keyof F> & F, trace);
}

/**
 * Whether the code running now was called from spec code: the first frame
 * outside `@typenix/dsl` with a file is not in node_modules, nor Node's
 * own. Libraries probe whatever object they are given (a test framework
 * asks `"asymmetricMatch" in value` and takes `Object.keys` of a model);
 * spec code that reads a symbolic value's attributes is a mistake.
 */
export function calledFromSpecCode(): boolean {
  for (const frame of currentStack()?.split("\n").slice(1) ?? []) {
    const match = FRAME.exec(frame.trim());
    if (!match) {
      if (frame.includes("node:")) return false;
      continue;
    }
    const location = match[1] ?? "";
    const url = location.startsWith("file://") ? location : `file://${location}`;
    if (!url.startsWith(DSL_ROOT)) return !url.includes("/node_modules/");
  }
  return false;
}

function firstUserFrame(stackText: string | undefined): CallSite | undefined {
  const stack = stackText?.split("\n").slice(1) ?? [];
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
