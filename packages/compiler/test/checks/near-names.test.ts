import { describe, expect, it } from "vitest";
import { nearReservedName } from "../../src/checks/near-names.js";

const RESERVED = ["pkg", "type", "system", "dependsOn", "numOfCores", "requiresUniqueIdsFor"];

describe("nearReservedName", () => {
  it.each([
    ["dependOn", "dependsOn"],
    ["DependsOn", "dependsOn"],
    ["depnedsOn", "dependsOn"],
    ["sytem", "system"],
    ["systme", "system"],
    ["numOfCore", "numOfCores"],
    ["requiresUniqueIdFor", "requiresUniqueIdsFor"],
    ["PKG", "pkg"],
  ])("takes %s for %s", (name, reserved) => {
    expect(nearReservedName(name, RESERVED)).toBe(reserved);
  });

  it.each(["pkgs", "types", "typ", "dependencies", "systems2", "port", "dependsOn"])(
    "takes %s for none",
    (name) => {
      expect(nearReservedName(name, RESERVED)).toBeUndefined();
    },
  );
});
