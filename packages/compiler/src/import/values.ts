/**
 * Nix expressions as TypeScript value expressions for imported models:
 * literals become TypeScript literals, sets objects, lists arrays; what has
 * no typed form is kept as `nix.raw(...)` with the Nix text, so nothing is
 * dropped. The summary records where raw Nix stayed.
 */
import type { AttrName, Expr } from "../syntax/ast.js";
import { printNix } from "../printer/print.js";

/** Where an import had to keep raw Nix. */
export interface RawNote {
  readonly line: number;
  readonly what: string;
}

/** Converts `expr` to TypeScript source; pushes a note for every raw Nix fallback. */
export function toTypeScript(expr: Expr, raw: RawNote[]): string {
  switch (expr.kind) {
    case "Int":
      return expr.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? expr.value.toString()
        : `${expr.value}n`;
    case "Identifier":
      if (expr.name === "true" || expr.name === "false" || expr.name === "null") return expr.name;
      break;
    case "String":
      if (expr.style === "double" && expr.parts.every((p) => p.kind === "Text")) {
        const text = expr.parts.map((p) => (p.kind === "Text" ? p.raw : "")).join("");
        if (!/\\|\$/.test(text)) return JSON.stringify(text);
      }
      break;
    case "List":
      return `[${expr.items.map((i) => toTypeScript(i, raw)).join(", ")}]`;
    case "AttrSet": {
      if (expr.recursive) break;
      const entries: string[] = [];
      for (const b of expr.bindings) {
        if (b.kind !== "AttrBinding" || b.path.length !== 1) return rawNix(expr, raw);
        const key = staticKey(b.path[0]);
        if (key === undefined) return rawNix(expr, raw);
        entries.push(
          `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${toTypeScript(b.value, raw)}`,
        );
      }
      return `{ ${entries.join(", ")} }`;
    }
    default:
      break;
  }
  return rawNix(expr, raw);
}

function staticKey(name: AttrName | undefined): string | undefined {
  if (name?.kind === "Identifier") return name.name;
  if (name?.kind === "String" && name.parts.every((p) => p.kind === "Text")) {
    const text = name.parts.map((p) => (p.kind === "Text" ? p.raw : "")).join("");
    return /\\|\$/.test(text) ? undefined : text;
  }
  return undefined;
}

function rawNix(expr: Expr, raw: RawNote[]): string {
  const code = printNix({ ...expr, comments: [] }).trimEnd();
  raw.push({ line: expr.span?.start.line ?? 1, what: code.split("\n")[0] ?? code });
  return `nix.raw(${JSON.stringify(code)})`;
}
