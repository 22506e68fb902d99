/**
 * The checks Nix's parser makes beyond the grammar, so typenix accepts
 * exactly what Nix accepts: attributes defined twice, duplicate formal
 * parameters, and paths ending in a slash.
 */
import type { AttrName, Binding, Expr, NixFile } from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { forEachChild } from "../syntax/children.js";

/** Diagnostics for a parsed file. */
export function checkSemantics(file: NixFile, path: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (
    node: { span?: { start: { line: number; column: number } } },
    message: string,
  ): void => {
    diagnostics.push({
      code: "TN0103",
      severity: "error",
      message,
      location: {
        file: path,
        line: node.span?.start.line ?? 1,
        column: node.span?.start.column ?? 1,
      },
    });
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case "AttrSet":
      case "LegacyLet":
        checkBindings(e.bindings, report);
        break;
      case "Let":
        checkBindings(e.bindings, report);
        for (const b of e.bindings) {
          if (b.kind === "AttrBinding" && b.path[0] && staticName(b.path[0]) === undefined) {
            report(b, "dynamic attributes not allowed in let");
          }
        }
        break;
      case "Int":
        if (e.value > MAX_INT) report(e, `invalid integer '${e.value}'`);
        break;
      case "Lambda":
        if (e.param.kind === "Formals") {
          const seen = new Set<string>();
          for (const f of e.param.formals) {
            if (seen.has(f.name.name))
              report(f, `duplicate formal function argument '${f.name.name}'`);
            seen.add(f.name.name);
          }
        }
        break;
      case "Path": {
        const last = e.parts[e.parts.length - 1];
        if (last?.kind === "Text" && last.raw.endsWith("/")) report(e, "path has a trailing slash");
        break;
      }
      default:
        break;
    }
    forEachChild(e, visit);
  };
  visit(file.expr);
  return diagnostics;
}

function staticName(name: AttrName): string | undefined {
  if (name.kind === "Identifier") return name.name;
  if (name.kind === "String" && name.parts.every((p) => p.kind === "Text")) {
    return name.parts.map((p) => (p.kind === "Text" ? p.raw : "")).join("");
  }
  return undefined;
}

const MAX_INT = 2n ** 63n - 1n;

/**
 * `a = 1; a = 2;` and `a = 1; a.b = 2;` are errors; `a.b = 1; a.c = 2;`
 * merges, and so does `a = { b = 1; }; a.c = 2;` (a set literal's keys count
 * as nested paths).
 */
function checkBindings(
  bindings: readonly Binding[],
  report: (node: Binding, message: string) => void,
): void {
  const whole = new Set<string>();
  const nested = new Map<string, Set<string>>();
  const addNested = (b: Binding, first: string, rest: string): void => {
    const seen = nested.get(first) ?? new Set<string>();
    if (seen.has(rest) && !rest.includes("\0"))
      report(b, `attribute '${first}.${rest}' already defined`);
    seen.add(rest);
    nested.set(first, seen);
  };
  for (const b of bindings) {
    const paths = b.kind === "Inherit" ? b.names.map((n) => [n]) : [b.path];
    for (const path of paths) {
      const first = path[0] ? staticName(path[0]) : undefined;
      if (first === undefined) continue;
      const mergeable = b.kind === "AttrBinding" && path.length === 1 && b.value.kind === "AttrSet";
      if (path.length === 1 && !mergeable) {
        if (whole.has(first) || nested.has(first))
          report(b, `attribute '${first}' already defined`);
        whole.add(first);
      } else if (mergeable && b.kind === "AttrBinding" && b.value.kind === "AttrSet") {
        if (whole.has(first)) report(b, `attribute '${first}' already defined`);
        for (const inner of b.value.bindings) {
          const innerPaths = inner.kind === "Inherit" ? inner.names.map((n) => [n]) : [inner.path];
          for (const p of innerPaths)
            addNested(b, first, p.map((n) => staticName(n) ?? "\0").join("."));
        }
        if (b.value.bindings.length === 0) nested.set(first, nested.get(first) ?? new Set());
      } else {
        if (whole.has(first)) report(b, `attribute '${first}' already defined`);
        addNested(
          b,
          first,
          path
            .slice(1)
            .map((n) => staticName(n) ?? "\0")
            .join("."),
        );
      }
    }
  }
}
