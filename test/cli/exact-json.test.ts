/** Spec JSON keeps Nix's 64-bit integers exactly, and every other JSON value as JSON.parse reads it. */
import { describe, expect, it } from "vitest";
import { parseExact, stringifyExact } from "../../packages/runtime/src/output/exact-json.js";

describe("exact JSON", () => {
  it("writes back integers beyond 2^53 as they were read", () => {
    const text = '{"a":9007199254740993,"b":[1,-9223372036854775807]}';
    expect(stringifyExact(parseExact(text), 0)).toBe(text);
  });

  it("reads fractions, exponents and digits in strings as JSON.parse does", () => {
    const text =
      '{"f":1.12345678901234567890,"e":[1e-20,2E+30,-0.5],"s":"12345678901234567890 \\" 99999999999999999999"}';
    expect(parseExact(text)).toEqual(JSON.parse(text));
    expect(stringifyExact(parseExact(text), 2)).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });
});
