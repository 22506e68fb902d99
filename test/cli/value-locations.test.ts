/**
 * A diagnostic about a value, located at the builder call holding it, is
 * moved to where the call's source writes the value.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "@typenix/compiler";
import { atWrittenValues } from "../../packages/runtime/src/render/value-locations.js";
import { tempDir } from "../support/typenix-cli.js";

/** Where `atWrittenValues` puts a diagnostic about `valuePath` of the call at `call` in `text`. */
function located(text: string, call: string, valuePath: (string | number)[]): string {
  const file = join(tempDir(), "spec.ts");
  writeFileSync(file, text);
  const at = (needle: string): { line: number; column: number } => {
    const before = text.slice(0, text.indexOf(needle)).split("\n");
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  };
  const diagnostic: Diagnostic = {
    code: "TN0000",
    severity: "error",
    message: "m",
    location: { file, ...at(call) },
    valuePath,
  };
  const [moved] = atWrittenValues([diagnostic]);
  const line = text.split("\n")[(moved?.location?.line ?? 1) - 1] ?? "";
  return line.slice((moved?.location?.column ?? 1) - 1);
}

describe("value locations", () => {
  it("follow properties and list items, from any suffix of the path", () => {
    const text = `const a = service({
  port: 1,
  limits: { steps: [1,
    2] },
});
`;
    expect(located(text, "service(", ["services", "a", "port"])).toBe("port: 1,");
    expect(located(text, "service(", ["services", "a", "limits", "steps", 1])).toBe("2] },");
  });

  it("look into the object an arrow function gives, as a distribution is written", () => {
    const text = `export default distribution(svcs, infra, (t) => ({
  webapp: [t.test1],
  db: [t.test1, t.test2],
}));
`;
    expect(located(text, "distribution(", ["db", 1])).toBe("t.test2],");
  });

  it("stop at a property whose value is not written in the call, and at the call when a spread may set it", () => {
    const text = `const a = service({ ...base, limits, port: 1, ...more });
`;
    expect(located(text, "service(", ["services", "a", "limits", "steps"])).toBe(
      "service({ ...base, limits, port: 1, ...more });",
    );
    const before = `const a = service({ ...base, limits, port: 1 });
`;
    expect(located(before, "service(", ["services", "a", "limits", "steps"])).toBe(
      "limits, port: 1 });",
    );
    expect(located(before, "service(", ["services", "a", "port"])).toBe("port: 1 });");
  });
});
