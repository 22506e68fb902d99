/**
 * Deeply nested text is parsed in parts, inner brackets first
 * (`parts.ts`): the tree, its spans and comments, and the errors must be
 * those of a single pass. `parseNixInParts` cuts texts of any depth, so
 * the two ways can be compared on ordinary files too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Node } from "../../src/syntax/ast.js";
import { parseNix, parseNixInParts, type ParseResult } from "../../src/parser/index.js";
import { forEachChild } from "../../src/parser/walk.js";

const CORPUS = new URL("../../../../test/parse/corpus/", import.meta.url).pathname;

function files(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".nix"))
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") }));
}

/** Results as JSON, integers included. */
function json(result: ParseResult): string {
  return JSON.stringify(result, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

function kinds(root: Node): Map<string, number> {
  const count = new Map<string, number>();
  const stack: Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    count.set(node.kind, (count.get(node.kind) ?? 0) + 1);
    forEachChild(node, (child) => stack.push(child));
  }
  return count;
}

describe("parsing in parts", () => {
  it.each([0, 2, 7, 40])(
    "gives the tree of one pass for every valid file of the corpus (parts of %i levels)",
    (height) => {
      for (const { name, text } of files(CORPUS)) {
        const whole = parseNix(text, name);
        expect(whole.file, name).toBeDefined();
        expect(json(parseNixInParts(text, name, height)), name).toBe(json(whole));
      }
    },
  );

  it("rejects every invalid file of the corpus, with the first error of one pass", () => {
    for (const { name, text } of files(join(CORPUS, "invalid"))) {
      const whole = parseNix(text, name);
      const parts = parseNixInParts(text, name, 0);
      expect(parts.file, name).toBeUndefined();
      expect(parts.diagnostics[0], name).toEqual(whole.diagnostics[0]);
    }
  });

  const level = [
    "[ (",
    "{ a = x: ",
    '"${',
    "''a${",
    "rec { ${",
    "let { body = ./a/${",
    "{ b ? [ ",
    "inherit (",
  ];
  const close = [") ]", "; }", '}"', "}''", "} = 1; }", "}; }", "] }: b", ") c;"];
  /** A text with each kind of bracket, `n` rounds deep, with comments between. */
  function deep(n: number): string {
    let open = "";
    let shut = "";
    for (let i = 0; i < n; i++) {
      const k = i % level.length;
      // `inherit (e) c;` needs a set around it, and ends one binding.
      open += k === 7 ? "{ inherit (" : `${level[k]} # ${i}\n`;
      shut = (k === 7 ? ") c; }" : `\n/* ${i} */ ${close[k]}`) + shut;
    }
    return `${open}1${shut}`;
  }

  it("parses a text 600 brackets deep with the tree of any other cut", () => {
    const text = deep(600);
    const result = parseNix(text, "deep.nix");
    expect(result.diagnostics).toEqual([]);
    expect(json(parseNixInParts(text, "deep.nix", 0))).toBe(json(result));
    expect(json(parseNixInParts(text, "deep.nix", 33))).toBe(json(result));
    const count = kinds(result.file?.expr as Node);
    expect(count.get("List")).toBe(75 * 2);
    expect(count.get("Paren")).toBe(75);
    expect(count.get("Lambda")).toBe(75 * 2);
    expect(count.get("Formals")).toBe(75);
    expect(count.get("Inherit")).toBe(75);
  });

  it("keeps every comment of a deep text", () => {
    const text = deep(600);
    const comments = json(parseNix(text, "deep.nix")).match(/"text":"(#|\/\*)/g);
    expect(comments?.length).toBe((text.match(/#|\/\*/g) ?? []).length);
  });
});
