/**
 * Diagnostics about a value, moved from the builder call that holds it to
 * the property or list item that writes it. Builders record one call site
 * each (recording one per property would cost on every value), so the
 * compiler locates such a diagnostic at the call, naming the value's path
 * (`services.webapp.port`). The call's source, parsed here only when there
 * is such a diagnostic, shows where that path is written:
 * `service({ port: Number.NaN })` puts `services.webapp.port` at `port`.
 * A value the source does not write in the call (a variable, a spread)
 * stays at the deepest property that holds it, or at the call.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import type { Diagnostic, SourceLocation } from "@typenix/compiler/diagnostics";

type Key = string | number;

/** `diagnostics`, each about a value written in its builder call located where it is written. */
export function atWrittenValues(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sources = new Map<string, ts.SourceFile | undefined>();
  return diagnostics.map((diagnostic) => {
    const { location, valuePath } = diagnostic;
    if (!location || !valuePath?.length) return diagnostic;
    if (!sources.has(location.file)) sources.set(location.file, parsed(location.file));
    const source = sources.get(location.file);
    const written = source && writtenAt(source, location, valuePath);
    return written ? { ...diagnostic, location: written } : diagnostic;
  });
}

/** `file`'s syntax tree, if it can be read. */
export function parsed(file: string): ts.SourceFile | undefined {
  try {
    return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  } catch {
    return undefined;
  }
}

/** Where the call at `call` writes the value `path` names (or a part of the model holding it). */
function writtenAt(
  source: ts.SourceFile,
  call: SourceLocation,
  path: readonly Key[],
): SourceLocation | undefined {
  let position: number;
  try {
    position = source.getPositionOfLineAndCharacter(call.line - 1, call.column - 1);
  } catch {
    return undefined;
  }
  let best: Match | undefined;
  for (const argument of callsAt(source, position).flatMap((c) => [...c.arguments])) {
    // The call is somewhere below the model's root: the path after it is a suffix.
    for (let from = 0; from < path.length; from++) {
      const match = follow(argument, path.slice(from));
      if (match && (!best || better(match, best))) best = match;
    }
  }
  if (!best) return undefined;
  const at = source.getLineAndCharacterOfPosition(best.node.getStart(source));
  return { file: call.file, line: at.line + 1, column: at.character + 1 };
}

/** The deepest node of a path written in the source, and whether the whole path is. */
interface Match {
  readonly node: ts.Node;
  readonly complete: boolean;
  readonly depth: number;
}

function better(a: Match, b: Match): boolean {
  if (a.complete !== b.complete) return a.complete;
  return a.depth > b.depth;
}

/** The calls that start at `position` (`f(x)(y)` is two). */
function callsAt(source: ts.SourceFile, position: number): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (node.getStart(source) > position || node.getEnd() <= position) return;
    if (ts.isCallExpression(node) && node.getStart(source) === position) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Follows `keys` through object and array literals from `node`, as far as they are written. */
function follow(node: ts.Node, keys: readonly Key[], depth = 0): Match | undefined {
  const [key, ...rest] = keys;
  if (key === undefined) return undefined;
  const value = unwrapped(node);
  const part = typeof key === "number" ? itemAt(value, key) : propertyNamed(value, key);
  if (!part) return undefined;
  const here: Match = { node: part.at, complete: rest.length === 0, depth: depth + 1 };
  if (rest.length === 0 || !part.value) return here;
  return follow(part.value, rest, depth + 1) ?? here;
}

/**
 * `(x)`, `x as T`, `x satisfies T`, `x!`: x; and the value an arrow
 * function gives (`(t) => ({ ... })`, as a distribution is written).
 */
export function unwrapped(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current)
    )
      current = current.expression;
    else if (ts.isArrowFunction(current) && !ts.isBlock(current.body)) current = current.body;
    else return current;
  }
}

/** The item at `index` of an array literal with no spread before it. */
function itemAt(node: ts.Node, index: number): { at: ts.Node; value: ts.Node } | undefined {
  if (!ts.isArrayLiteralExpression(node)) return undefined;
  const before = node.elements.slice(0, index + 1);
  if (before.some(ts.isSpreadElement)) return undefined;
  const item = node.elements[index];
  return item && !ts.isOmittedExpression(item) ? { at: item, value: item } : undefined;
}

/** The last property of an object literal named `key` (a later one overrides an earlier). */
export function propertyNamed(
  node: ts.Node,
  key: string,
): { at: ts.Node; value: ts.Node | undefined } | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of [...node.properties].reverse()) {
    if (ts.isSpreadAssignment(property)) return undefined;
    if (!property.name || nameText(property.name) !== key) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer : undefined;
    return { at: property.name, value };
  }
  return undefined;
}

/** The text of a property name that is known without running the code. */
export function nameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const inner = unwrapped(name.expression);
    if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
    if (ts.isNumericLiteral(inner)) return inner.text;
  }
  return undefined;
}
