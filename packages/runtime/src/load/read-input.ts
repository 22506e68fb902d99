/** Reads a file named on the command line (`-` is standard input); reports unreadable files. */
import { readFileSync } from "node:fs";

/** The text of `name`, or undefined after printing why it could not be read. */
export function readInput(name: string): string | undefined {
  try {
    return readFileSync(name === "-" ? 0 : name, "utf8");
  } catch (error) {
    process.stderr.write(
      `typenix: cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return undefined;
  }
}
