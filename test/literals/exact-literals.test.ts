/**
 * Exact literals against the real Nix: generated values go through
 * literal -> print -> `nix-instantiate --eval --strict --json` and must come
 * back deeply equal. Values are batched into large lists so thousands of
 * them cost a handful of Nix runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LiteralError, nixLiteral, printNix, type LiteralValue } from "@typenix/compiler";
import { nixEvalJson, requireNix } from "../support/real-nix.js";

const VALUES_PER_RUN = 10_000;
const BATCH = 1_000;

/** Fragments that are hard for a string printer: escapes, interpolation look-alikes, line ends, astral and control characters. */
const awkwardPiece = fc.constantFrom(
  "${",
  "$${",
  "$$",
  "$",
  "{",
  "}",
  "''",
  "'''",
  "''$",
  "''\\",
  "'",
  "\\",
  "\\n",
  '"',
  "\r",
  "\n",
  "\r\n",
  "\t",
  " ",
  "  ",
  "a",
  "x y",
  "é",
  "😀",
  "\u0001",
  "\u001f",
  "\u007f",
  "\u2028",
  "#",
  "/*",
  "or",
  "${x}",
);

const awkwardString = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 30 }),
    fc
      .array(fc.oneof(awkwardPiece, fc.string({ unit: "binary", maxLength: 3 })), { maxLength: 12 })
      .map((p) => p.join("")),
  )
  .filter((s) => !s.includes("\0"));

const awkwardKey = fc
  .oneof(
    awkwardString,
    fc.constantFrom(
      "if",
      "then",
      "else",
      "let",
      "in",
      "rec",
      "inherit",
      "or",
      "with",
      "assert",
      "true",
      "null",
      "",
      "a.b",
      "1a",
      "a-b",
      "a'",
      "_",
    ),
  )
  .filter((k) => k !== "outPath"); // Nix's JSON output prints a set with `outPath` as that string.

const structural: fc.Arbitrary<LiteralValue> = fc.letrec<{ value: LiteralValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    awkwardString,
    fc.integer(),
    fc.maxSafeInteger(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(awkwardKey, tie("value"), { maxKeys: 5 }),
  ),
})).value;

function evalAll(values: readonly LiteralValue[]): unknown {
  return nixEvalJson(printNix({ kind: "List", items: values.map((v) => nixLiteral(v)) }));
}

describe("exact literals evaluate under real Nix to the input", () => {
  requireNix();

  it(`round-trips ${VALUES_PER_RUN} generated values`, () => {
    const seed = Date.now();
    const values = fc.sample(structural, { numRuns: VALUES_PER_RUN, seed });
    for (let start = 0; start < values.length; start += BATCH) {
      const batch = values.slice(start, start + BATCH);
      const result = evalAll(batch) as unknown[];
      for (const [i, value] of batch.entries()) {
        expect(result[i], `seed ${seed}, value ${JSON.stringify(value)}`).toEqual(value);
      }
    }
  });

  it("keeps integers and floats exact over the whole range", () => {
    const seed = Date.now();
    const ints = fc.sample(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), {
      numRuns: 500,
      seed,
    });
    const floats = fc.sample(
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((x) => !Number.isInteger(x) && Math.abs(x) >= 2.2250738585072014e-308),
      { numRuns: 500, seed },
    );
    const edges = [
      2n ** 63n - 1n,
      -(2n ** 63n),
      0n,
      -1n,
      0.1,
      -0.5,
      2.2250738585072014e-308,
      1e-300,
      1e-7,
      123456.789,
      // Integral, but beyond Nix's integers: floats.
      1.5e300,
      -1e22,
    ];
    // Nix's JSON parser is the independent reference: fromJSON "<text>" must equal our literal, and keep its type.
    const checks = [...ints, ...floats, ...edges].map((n) => {
      const text = JSON.stringify(typeof n === "bigint" ? n.toString() : n).replace(/^"|"$/g, "");
      const isInt = typeof n === "bigint";
      return `(let v = ${printNix(nixLiteral(n)).trim()}; in v == builtins.fromJSON "${text}" && builtins.${isInt ? "isInt" : "isFloat"} v)`;
    });
    const result = nixEvalJson(`[\n${checks.join("\n")}\n]`) as boolean[];
    const failures = result.flatMap((ok, i) => (ok ? [] : [checks[i]]));
    expect(failures, `seed ${seed}`).toEqual([]);
  });

  it("round-trips deeply nested values", () => {
    let value: LiteralValue = "leaf ${x} ''";
    for (let i = 0; i < 300; i++) value = i % 2 === 0 ? [value] : { [`k${i}`]: value };
    expect(evalAll([value])).toEqual([value]);
  });
});

/** `[, 1]`: a list whose first slot is empty. */
const withEmptySlot: LiteralValue[] = [];
withEmptySlot[1] = 1;

describe("values Nix cannot represent are rejected", () => {
  it.each<[string, LiteralValue, RegExp]>([
    ["NaN", Number.NaN, /NaN has no Nix literal/],
    ["Infinity", Number.POSITIVE_INFINITY, /Infinity has no Nix literal/],
    ["-Infinity", Number.NEGATIVE_INFINITY, /-Infinity has no Nix literal/],
    ["2^63", 2n ** 63n, /outside Nix's signed 64-bit integer range/],
    ["-2^63 - 1", -(2n ** 63n) - 1n, /outside Nix's signed 64-bit integer range/],
    ["a subnormal float", 5e-324, /subnormal/],
    ["an unsafe JS integer", 2 ** 60, /pass it as a bigint/],
    ["NUL in a string", { a: ["x\0y"] }, /cannot contain the NUL character \(at \."a"\[0\]\)/],
    ["NUL in a key", { "a\0": 1 }, /attribute names cannot contain the NUL character/],
    ["a lone surrogate", "\uD800", /unpaired UTF-16 surrogate/],
    [
      "an empty slot of a list",
      { a: withEmptySlot },
      /an empty slot of a list has no Nix literal \(at \."a"\[0\]\)/,
    ],
  ])("%s", (_name, value, message) => {
    expect(() => nixLiteral(value)).toThrow(LiteralError);
    expect(() => nixLiteral(value)).toThrow(message);
  });

  it("rejects class instances", () => {
    expect(() => nixLiteral(new Date() as unknown as LiteralValue)).toThrow(/only plain objects/);
  });
});
