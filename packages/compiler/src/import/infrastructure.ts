/**
 * Importing infrastructure models: a plain attribute set of targets becomes
 * `infrastructure({ name: target({ ... }) })`.
 */
import type { Expr } from "../syntax/ast.js";
import { toTypeScript, type RawNote } from "./values.js";

/** True when `expr` looks like an infrastructure model: a set whose values are sets with `properties`. */
export function isInfrastructure(expr: Expr): boolean {
  return (
    expr.kind === "AttrSet" &&
    !expr.recursive &&
    expr.bindings.length > 0 &&
    expr.bindings.every(
      (b) =>
        b.kind === "AttrBinding" &&
        b.value.kind === "AttrSet" &&
        b.value.bindings.some(
          (t) =>
            t.kind === "AttrBinding" &&
            t.path[0]?.kind === "Identifier" &&
            t.path[0].name === "properties",
        ),
    )
  );
}

/** The TypeScript module of an infrastructure model. */
export function importInfrastructure(expr: Expr, raw: RawNote[]): string {
  if (expr.kind !== "AttrSet") throw new Error("not an infrastructure model");
  const targets = expr.bindings.map((b) => {
    if (b.kind !== "AttrBinding") throw new Error("unexpected inherit");
    const name = b.path[0]?.kind === "Identifier" ? b.path[0].name : "target";
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    return `${key}: target(${toTypeScript(b.value, raw)})`;
  });
  const usesRaw = raw.length > 0;
  return [
    `import { infrastructure, ${usesRaw ? "nix, " : ""}target } from "@typenix/dsl";`,
    "",
    `export default infrastructure({ ${targets.join(", ")} });`,
    "",
  ].join("\n");
}
