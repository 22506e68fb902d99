/** Reads a file named on the command line (`-` is standard input); reports unreadable files. */
import { readFileSync } from "node:fs";
import { errorDiagnostic, type Diagnostic } from "@typenix/compiler/diagnostics";
import { EXIT_DIAGNOSTICS, EXIT_USAGE } from "../cli/exit-codes.js";
import { renderDiagnostics } from "../render/diagnostics.js";

/** A file's text, or the exit code after printing why it has none. */
export type Input = { readonly text: string } | { readonly exitCode: number };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of `name`. A file that is not UTF-8 is refused at its first
 * byte that is not: Nix keeps such bytes in strings, and decoding them as
 * U+FFFD would make formatting or importing change the file's values.
 */
export function readInput(name: string): Input {
  let bytes: Buffer;
  try {
    bytes = readFileSync(name === "-" ? 0 : name);
  } catch (error) {
    process.stderr.write(
      `typenix: cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return { exitCode: EXIT_USAGE };
  }
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    process.stderr.write(renderDiagnostics([notUtf8(name, bytes)]));
    return { exitCode: EXIT_DIAGNOSTICS };
  }
}

/** The error at the first byte of `bytes` that does not begin a UTF-8 character. */
function notUtf8(name: string, bytes: Buffer): Diagnostic {
  const at = firstInvalid(bytes);
  const lines = UTF8.decode(bytes.subarray(0, at)).split(/\r\n|\r|\n/);
  const hex = (bytes[at] ?? 0).toString(16).padStart(2, "0");
  return errorDiagnostic(
    "TN6028",
    `the file is not UTF-8: byte 0x${hex}`,
    { file: name, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
    "typenix reads Nix as UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8",
  );
}

/** The offset of the first character of `bytes` the UTF-8 decoder refuses. */
function firstInvalid(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const size = sequenceSize(bytes[at] ?? 0);
    if (size === 0 || !decodes(bytes.subarray(at, at + size))) return at;
    at += size;
  }
  return at;
}

/** How many bytes a UTF-8 character starting with `lead` has; 0 when none starts so. */
function sequenceSize(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function decodes(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
