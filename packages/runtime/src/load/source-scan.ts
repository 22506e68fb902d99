/**
 * Places in a user's file found by scanning its text, for diagnostics
 * about what a file's value holds (a key of a config, a default export
 * that is no model), where no stack frame or call site names the line.
 */
import { readFileSync } from "node:fs";
import type { SourceLocation } from "@typenix/compiler/diagnostics";

/** Where `pattern` first matches in `file`'s text (at group 1 if it has one), if it does. */
export function locateInSource(file: string, pattern: RegExp): SourceLocation | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const match = pattern.exec(text);
  if (!match) return undefined;
  const offset = match.index + (match[1] === undefined ? 0 : match[0].indexOf(match[1]));
  const before = text.slice(0, offset).split("\n");
  return { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** A pattern for `key` written as an object's property: `key:`, `"key":`, `'key':`. */
export function propertyPattern(key: string): RegExp {
  const name = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w$])(["']?${name}["']?)\\s*:`);
}
