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
import { nameText, parsed, propertyNamed, unwrapped } from "../render/value-locations.js";

/** Where `file` exports its default, if it does (as an ES module, or through `module.exports`). */
export function locateDefaultExport(file: string): SourceLocation | undefined {
  const source = parsed(file);
  const statement = source && (defaultExportOf(source) ?? commonJsExportOf(source));
  return source && statement && locationOf(file, source, statement);
}

/** Whether `file` reads, and exports no default, in either way `locateDefaultExport` finds. */
export function hasNoDefaultExport(file: string): boolean {
  const source = parsed(file);
  return source !== undefined && !defaultExportOf(source) && !commonJsExportOf(source);
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
  const property = value && (propertyNamed(value, key)?.at ?? computedName(value));
  return locationOf(file, source, property ?? statement);
}

/**
 * The one property name of an object literal that is computed as the code
 * runs (`["fi" + "le"]: 1`): a key found in the value but written nowhere
 * by its name is that one's. Undefined when there are several.
 */
function computedName(node: ts.Node): ts.Node | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const computed = node.properties.flatMap((property) =>
    property.name && nameText(property.name) === undefined ? [property.name] : [],
  );
  return computed.length === 1 ? computed[0] : undefined;
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

/**
 * The last top-level statement of `source` assigning its CommonJS export
 * (`module.exports = ...`, `module.exports.default = ...`,
 * `exports.default = ...`), which Node takes for the default export.
 */
function commonJsExportOf(source: ts.SourceFile): ts.Statement | undefined {
  return source.statements.findLast(
    (statement) =>
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      COMMONJS_EXPORTS.has(statement.expression.left.getText(source).replace(/\s+/g, "")),
  );
}

const COMMONJS_EXPORTS: ReadonlySet<string> = new Set([
  "module.exports",
  "module.exports.default",
  "exports.default",
]);

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
