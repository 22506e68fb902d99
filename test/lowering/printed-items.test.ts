/**
 * synth prints each service and process instance as soon as it is lowered
 * (`finishItem`), so a model's syntax trees are never all alive at once.
 * The file must read exactly as the whole tree printed at once: at every
 * width, for items that stay on one line, break by width, or hold indented
 * strings, nested sets and lists. And the printer's shortcuts for generated
 * trees (which have no source positions) must lay them out as its general
 * rules do: formatting the text again, from its source, changes nothing.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  nix,
  ownServices,
  pkgs,
  service,
  services,
  type NixData,
  type NixValue,
} from "@typenix/dsl";
import type { Binding, Expr, NixFile } from "../../packages/compiler/src/syntax/ast.js";
import { attrSet, binding, inherit } from "../../packages/compiler/src/syntax/build.js";
import { nixLiteral, type LiteralValue } from "../../packages/compiler/src/literals/literal.js";
import { emptyContext, type LowerContext } from "../../packages/compiler/src/lower/context.js";
import { lowerServicesModel } from "../../packages/compiler/src/lower/disnix.js";
import { printedItem, printNix } from "../../packages/compiler/src/printer/print.js";
import { parseNix } from "../../packages/compiler/src/parser/index.js";

const WIDTHS = [20, 40, 80, 100];

/** `expr` written on one line (its sets and lists on one line too). */
function oneLine(expr: Expr): string {
  switch (expr.kind) {
    case "AttrSet":
      return `${expr.recursive ? "rec " : ""}{ ${expr.bindings.map(oneLineBinding).join(" ")} }`;
    case "List":
      return `[ ${expr.items.map(oneLine).join(" ")} ]`;
    default:
      return printNix(expr).trim();
  }
}

function oneLineBinding(b: Binding): string {
  if (b.kind === "Inherit") return `inherit ${b.names.map((n) => printNix(n).trim()).join(" ")};`;
  if (b.kind !== "AttrBinding") throw new Error(`unexpected ${b.kind}`);
  return `${b.path.map((n) => printNix(n).trim()).join(".")} = ${oneLine(b.value)};`;
}

/** `text` parsed and printed again at `width`. */
function fmt(text: string, width: number): string {
  const parsed = parseNix(text);
  if (!parsed.file) throw new Error(parsed.diagnostics.map((d) => d.message).join("\n"));
  return printNix(parsed.file, { width });
}

/**
 * The services file of `model`, its items finished as `finish` says
 * (`finishItem`; by default, items kept as trees).
 */
function lowered(model: ReturnType<typeof services>, finish: Partial<LowerContext> = {}): NixFile {
  const ctx = emptyContext("/out/services.nix", undefined, finish);
  return lowerServicesModel(model, ctx, "./constructors.nix", "services.ts");
}

/** The set of services in a lowered services file. */
function servicesSet(file: NixFile): readonly Binding[] {
  let expr = file.expr;
  while (expr.kind === "Lambda" || expr.kind === "Let") {
    const body = expr.body;
    // A model its own values read returns the set by name: `let ... services = rec { ... }; in services`.
    const named =
      expr.kind === "Let" && body.kind === "Identifier"
        ? expr.bindings.find(
            (b) =>
              b.kind === "AttrBinding" &&
              b.path[0]?.kind === "Identifier" &&
              b.path[0].name === body.name,
          )
        : undefined;
    expr = named?.kind === "AttrBinding" ? named.value : body;
  }
  if (expr.kind !== "AttrSet") throw new Error(`expected the set of services, got ${expr.kind}`);
  return expr.bindings;
}

/**
 * Both files printed at `width`, items printed first at the same width
 * (by `printedItem`) in the second.
 */
function bothWays(model: ReturnType<typeof services>, width: number): [string, string] {
  const whole = printNix(lowered(model), { width });
  const itemByItem = lowered(model, {
    finishItem: (name, value) => printedItem(name, value, { width }),
  });
  // Items are kept as trees only for an indented string printed as written
  // (its line breaks must not be indented with the item).
  for (const item of servicesSet(itemByItem))
    if (item.kind !== "PrintedBinding") expect(printNix(attrSet([item]))).toContain("''");
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

  it("of small values are laid out as the printer's general rules lay them out", () => {
    // Generated trees have no source positions, which lets the printer take
    // shortcuts; the same set parsed from one line has them, and none applies.
    const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean());
    const name = fc.constantFrom("a", "b", "a-rather-long-name", "another-long-name-here");
    const small = fc.oneof(
      scalar.map((v) => nixLiteral(v)),
      fc.dictionary(name, scalar, { maxKeys: 2 }).map((v) => nixLiteral(v)),
      fc
        .uniqueArray(name, { minLength: 1, maxLength: 4 })
        .map((names) => attrSet([inherit(names)])),
    );
    const record = fc.dictionary(fc.constantFrom("port", "description", "x"), small);
    fc.assert(
      fc.property(record, fc.boolean(), (r, recursive) => {
        const entries = Object.entries(r).map(([key, value]) => binding(key, value));
        const generated: Expr = attrSet([binding("item", attrSet(entries, recursive))]);
        for (const width of WIDTHS)
          expect(printNix(generated, { width })).toBe(fmt(oneLine(generated), width));
      }),
      { numRuns: 300 },
    );
  });

  it("read the same where they sit deeper or shallower than printed for", () => {
    // Items are indented for one level when printed; placed at another
    // level (a set in a set, a file's top), their lines are indented again.
    const blankInside: [string, Expr] = [
      "spaced",
      attrSet([
        binding("a", nixLiteral(1)),
        { ...binding("b", nixLiteral("x")), blankLineBefore: true },
      ]),
    ];
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(0, 1, 2, 3),
        (records, level) => {
          const items: [string, Expr][] = [
            ...records.map((r, i): [string, Expr] => [
              `svc${i}`,
              nixLiteral({ type: "process", ...r } as LiteralValue),
            ]),
            blankInside,
          ];
          const trees = items.map(([name, value]) => binding(name, value));
          const nestings: [string, (items: Binding[]) => Expr][] = [
            ["top", (bs) => attrSet(bs)],
            ["nested", (bs) => attrSet([binding("inner", attrSet(bs))])],
            ["deeper", (bs) => attrSet([binding("x", attrSet([binding("y", attrSet(bs))]))])],
          ];
          for (const [, nest] of nestings) {
            for (const width of [40, 100]) {
              const printed = items.map(([name, value]) =>
                printedItem(name, value, { width, level }),
              );
              expect(printed.some((b) => b.kind === "PrintedBinding")).toBe(true);
              expect(printNix(nest(printed), { width })).toBe(printNix(nest(trees), { width }));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keep an item on one line where the whole set fits on one line", () => {
    const model = services({ a: service(pkgs.a as NixValue) });
    const [itemByItem, whole] = bothWays(model, 100);
    expect(itemByItem).toBe(whole);
    expect(whole).toContain("rec { a = pkgs.a; }");
  });

  it("read the same in a set the file binds by name, for its values to read (ownServices)", () => {
    const names = nix.local("names", nix.call(nix.ref("builtins").attrNames, ownServices));
    const model = services({
      a: service({ pkg: pkgs.hello, type: "process", names, description: "a long description" }),
      b: service(pkgs.b as NixValue),
    });
    for (const width of WIDTHS) {
      const [itemByItem, whole] = bothWays(model, width);
      expect(itemByItem).toBe(whole);
      expect(whole).toMatch(/\n {2}services = rec \{\n[^]*\nin\nservices\n$/);
    }
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
