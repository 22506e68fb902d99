/**
 * synth prints each service and process instance as soon as it is lowered
 * (`finishItem`), so a model's syntax trees are never all alive at once.
 * The file must read exactly as the whole tree printed at once: at every
 * width, for items that stay on one line, break by width, or hold indented
 * strings, nested sets and lists.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pkgs, service, services, type NixData, type NixValue } from "@typenix/dsl";
import type { Binding, NixFile } from "../../packages/compiler/src/syntax/ast.js";
import { emptyContext } from "../../packages/compiler/src/lower/context.js";
import { lowerServicesModel } from "../../packages/compiler/src/lower/disnix.js";
import { printedBinding, printNix } from "../../packages/compiler/src/printer/print.js";

const WIDTHS = [20, 40, 80, 100];

/** The services file of `model`, lowered with `finishItem` (defaults: items kept as trees). */
function lowered(
  model: ReturnType<typeof services>,
  finishItem?: (item: Binding) => Binding,
): NixFile {
  const ctx = emptyContext("/out/services.nix", undefined, finishItem ? { finishItem } : {});
  return lowerServicesModel(model, ctx, "./constructors.nix", "services.ts");
}

/** The set of services in a lowered services file. */
function servicesSet(file: NixFile): readonly Binding[] {
  let expr = file.expr;
  while (expr.kind === "Lambda" || expr.kind === "Let") expr = expr.body;
  if (expr.kind !== "AttrSet") throw new Error(`expected the set of services, got ${expr.kind}`);
  return expr.bindings;
}

/** Both files printed at `width`, items printed first at the same width in the second. */
function bothWays(model: ReturnType<typeof services>, width: number): [string, string] {
  const whole = printNix(lowered(model), { width });
  const itemByItem = lowered(model, (item) => printedBinding(item, { width }));
  expect(servicesSet(itemByItem).every((b) => b.kind === "PrintedBinding")).toBe(true);
  return [printNix(itemByItem, { width }), whole];
}

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom("a long description that will not fit on a line of twenty", "x\ny\n  z\n"),
  fc
    .array(fc.constantFrom("line", "  indented", "", "${not interpolated}"), { maxLength: 4 })
    .map((lines) => `${lines.join("\n")}\n`),
);

const data: fc.Arbitrary<NixData> = fc.letrec<{ value: NixData }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.boolean(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("a", "port", "long-name", "x.y"), tie("value"), { maxKeys: 3 }),
  ),
})).value;

const record = fc.dictionary(fc.constantFrom("port", "description", "settings", "list"), data, {
  maxKeys: 4,
});

describe("items printed as they are lowered", () => {
  it("read as the whole tree printed at once, for generated models at several widths", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (records) => {
        const model = services(
          Object.fromEntries(
            records.map((r, i) => [`svc${i}`, service({ pkg: pkgs.hello, type: "process", ...r })]),
          ),
        );
        for (const width of WIDTHS) {
          const [itemByItem, whole] = bothWays(model, width);
          expect(itemByItem).toBe(whole);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("keep an item on one line where the whole set fits on one line", () => {
    const model = services({ a: service(pkgs.a as NixValue) });
    const [itemByItem, whole] = bothWays(model, 100);
    expect(itemByItem).toBe(whole);
    expect(whole).toContain("rec { a = pkgs.a; }");
  });

  it("break the enclosing set where an item breaks over lines", () => {
    const model = services({
      a: service({ pkg: pkgs.hello, type: "process", port: 1 }),
    });
    const [itemByItem, whole] = bothWays(model, 100);
    expect(itemByItem).toBe(whole);
    expect(whole).toMatch(/rec \{\n {2}a = \{\n {4}name = "a";/);
  });
});
