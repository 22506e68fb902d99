/**
 * JSON read and written with its integers exact. Nix's integers are 64-bit,
 * JavaScript's numbers hold integers exactly only up to 2^53: a spec that
 * went through JSON.parse and JSON.stringify would change a larger one. An
 * integer JavaScript cannot hold is read as a string carrying a marker,
 * and written back as the integer it was.
 */
import { randomBytes } from "node:crypto";

/** Starts the strings standing for integers; drawn per process, so no text of a spec holds it. */
const MARK = `\u{F8FF}exact-integer-${randomBytes(8).toString("hex")}:`;

/** A JSON string, or an integer (not part of a number with a fraction or exponent), as a token of JSON text. */
const TOKENS = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d+(?![\d.eE])/g;

/** `JSON.parse`, with integers beyond 2^53 kept exactly (see `stringifyExact`). */
export function parseExact(text: string): unknown {
  const marked = text.replace(TOKENS, (token) =>
    token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${MARK}${token}"`,
  );
  return JSON.parse(marked);
}

/** The integer `parseExact` kept for `value`, when it is one JavaScript's numbers cannot hold. */
export function exactInteger(value: unknown): bigint | undefined {
  return typeof value === "string" && value.startsWith(MARK)
    ? BigInt(value.slice(MARK.length))
    : undefined;
}

/** `JSON.stringify(value, null, indent)`, writing the integers `parseExact` kept as integers. */
export function stringifyExact(value: unknown, indent: number): string {
  const text = JSON.stringify(value, null, indent);
  return text.includes(MARK) ? text.replace(new RegExp(`"${MARK}(-?\\d+)"`, "g"), "$1") : text;
}
