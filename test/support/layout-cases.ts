/**
 * Layout cases of `typenix fmt`: a small program of our own, and the
 * layout nixfmt gives it written out. fmt must print exactly that, and
 * leave it unchanged when run on it again.
 */
import { expect, it } from "vitest";
import { parseNix, printNix } from "@typenix/compiler";
import { nixParse, requireNix } from "./real-nix.js";

/** `text` parsed and printed, as `typenix fmt` does. */
export function fmt(text: string): string {
  const parsed = parseNix(text);
  if (!parsed.file) throw new Error(parsed.diagnostics.map((d) => d.message).join("\n"));
  return printNix(parsed.file);
}

/** Lines joined with newlines, and the final newline every printed file has. */
export const nix = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** One layout case. */
export interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

/** A test for each case: fmt prints `expected`, and leaves it unchanged. */
export function check(cases: readonly Case[]): void {
  for (const { name, input, expected } of cases) {
    it(name, () => {
      expect(fmt(input)).toBe(expected);
      expect(fmt(expected)).toBe(expected);
    });
  }
}

/** `text` where any name is bound (Nix rejects undefined names when parsing). */
const inScope = (text: string): string => `with { }; (\n${text}\n)`;

/**
 * `check`, and the real Nix parses each input and its layout alike: an
 * empty line fmt keeps or drops never changes what the program means.
 */
export function checkWithNix(cases: readonly Case[]): void {
  check(cases);
  for (const { name, input, expected } of cases) {
    it(`${name}: Nix parses both alike`, () => {
      requireNix();
      const before = nixParse(inScope(input));
      expect(before.ok, before.stderr).toBe(true);
      expect(nixParse(inScope(expected)).stdout).toBe(before.stdout);
    });
  }
}
