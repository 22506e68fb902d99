import { describe, expect, it } from "vitest";
import { pkgs, service, services } from "@typenix/dsl";
import { keyFinder, serviceViews } from "../../src/checks/service-view.js";

const model = services({
  a: service({ pkg: pkgs.hello, type: "process" }),
  b: service({ pkg: pkgs.hello, type: "process" }),
  c: service({ pkg: pkgs.hello, type: "process" }),
  d: service({ pkg: pkgs.hello, type: "process" }),
});
const { views } = serviceViews(model);

/** The keys `find` gives for `keys`, asked in that order. */
const found = (keys: readonly string[]): (string | undefined)[] => {
  const find = keyFinder(views);
  return keys.map((key) => find(key)?.key);
};

describe("keyFinder", () => {
  it("finds keys asked in the model's order", () => {
    expect(found(["a", "b", "c", "d"])).toEqual(["a", "b", "c", "d"]);
  });

  it("finds keys asked in any order, and again", () => {
    expect(found(["c", "a", "d", "b", "b", "d", "a"])).toEqual(["c", "a", "d", "b", "b", "d", "a"]);
  });

  it("finds no service for a key the model has not", () => {
    expect(found(["a", "x", "b", "toString", "d", "e"])).toEqual([
      "a",
      undefined,
      "b",
      undefined,
      "d",
      undefined,
    ]);
  });
});
