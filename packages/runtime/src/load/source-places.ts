/**
 * Places in a user's file found in its syntax tree, for diagnostics about
 * what a file's value holds (a key of a config, a default export that is no
 * model), where no stack frame or call site names the line. The tree, not
 * the text: a comment or a string that reads as `export default` or as a
 * key is no place of either. Loaded only for such a diagnostic: it loads
 * the TypeScript compiler.
 */
import ts from "typescript";
import type { SourceLocation } from "@typenix/compiler/diagnostics";
import { parsed, propertyNamed, unwrapped } from "../render/value-locations.js";

/** Where `file` exports its default, if it does. */
export function locateDefaultExport(file: string): SourceLocation | undefined {
  const source = parsed(file);
  const statement = source && defaultExportOf(source);
  return source && statement && locationOf(file, source, statement);
}

/**
 * Where the object `file` exports as its default writes the property `key`
 * (in `export default { ... }`, or in the initializer of the constant
 * `export default config` names); at the export when it is not written
 * there (a spread), if there is one.
 */
export function locateDefaultExportProperty(file: string, key: string): SourceLocation | undefined {
  const source = parsed(file);
  const statement = source && defaultExportOf(source);
  if (!source || !statement) return undefined;
  const value = ts.isExportAssignment(statement)
    ? valueOf(source, statement.expression)
    : undefined;
  const property = value && propertyNamed(value, key);
  return locationOf(file, source, property?.at ?? statement);
}

/**
 * The statement exporting `source`'s default: `export default ...`,
 * `export default function ...`, `export { x as default }` or
 * `export { default } from "..."`.
 */
function defaultExportOf(source: ts.SourceFile): ts.Statement | undefined {
  return source.statements.find(
    (statement) =>
      (ts.isExportAssignment(statement) && statement.isExportEquals !== true) ||
      (ts.isExportDeclaration(statement) &&
        statement.exportClause !== undefined &&
        ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.some((e) => e.name.text === "default")) ||
      hasDefaultModifier(statement),
  );
}

function hasDefaultModifier(statement: ts.Statement): boolean {
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) === true;
}

/** `expression` unwrapped, or the initializer of the top-level constant it names. */
function valueOf(source: ts.SourceFile, expression: ts.Expression): ts.Node {
  const value = unwrapped(expression);
  if (!ts.isIdentifier(value)) return value;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === value.text)
        return declaration.initializer ? unwrapped(declaration.initializer) : value;
    }
  }
  return value;
}

function locationOf(file: string, source: ts.SourceFile, node: ts.Node): SourceLocation {
  const at = source.getLineAndCharacterOfPosition(node.getStart(source));
  return { file, line: at.line + 1, column: at.character + 1 };
}
