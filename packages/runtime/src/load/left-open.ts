/**
 * What spec code leaves open that keeps Node running once the model is
 * read: a server listening, a child process, a file watcher, a message
 * port or a socket listened to, the terminal read. Node never ends a
 * script that leaves one open, and typenix, which reads the model once
 * the spec's code has run, would wait with it for good after its work is
 * done. Such a spec is reported (TN3080), and the command ends when its
 * work is done (see `endIfSpecsLeftOpen`), the exit closing what is left.
 *
 * The timers a spec sets are followed on their own (spec-timers.ts), and
 * a request in flight (a file read, a name looked up) ends by itself, as
 * Node waits for it: neither is counted here.
 */

/** How the kinds of resources Node names read in a diagnostic. */
const KINDS: Readonly<Record<string, string>> = {
  TCPServerWrap: "a server listening",
  PipeServerWrap: "a server listening",
  TCPWrap: "a network connection",
  TCPSocketWrap: "a network connection",
  UDPWrap: "a UDP socket",
  PipeWrap: "a pipe (a child process's input or output, or standard input read)",
  TTYWrap: "the terminal, read",
  ProcessWrap: "a child process",
  FSEventWrap: "a file watcher (fs.watch)",
  StatWatcher: "a file watcher (fs.watchFile)",
  MessagePort: "a message port listened to",
  Worker: "a worker thread",
};

/** Kinds Node names that are not counted: timers (followed elsewhere) and requests, which end. */
const NOT_COUNTED = /^(Timeout|Immediate)$|Req/;

/** Whether a spec loaded in this command left something open, which only the exit closes. */
let specsLeftOpen = false;

/**
 * The kinds of what keeps Node running now. Standard output and error,
 * which Node opens on first use, are opened first: they are the
 * command's, whatever writes to them first.
 */
export function openResources(): string[] {
  void process.stdout;
  void process.stderr;
  return process.getActiveResourcesInfo();
}

/**
 * What is open now and was not in `before` (as `openResources` gave it),
 * each kind as a diagnostic reads it; the command then ends when its work
 * is done (`endIfSpecsLeftOpen`).
 */
export function leftOpenSince(before: readonly string[]): string[] {
  const earlier = [...before];
  const left: string[] = [];
  for (const kind of openResources()) {
    const i = earlier.indexOf(kind);
    if (i >= 0) earlier.splice(i, 1);
    else if (!NOT_COUNTED.test(kind)) left.push(KINDS[kind] ?? kind);
  }
  if (left.length > 0) specsLeftOpen = true;
  return [...new Set(left)];
}

/**
 * Ends the command with `code` where a spec left something open (see
 * `leftOpenSince`), once what it wrote to standard output and error is
 * out: Node would otherwise wait for it for good. Returns where none did.
 */
export async function endIfSpecsLeftOpen(code: number): Promise<void> {
  if (!specsLeftOpen) return;
  const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => stream.write("", () => resolve()));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
