/**
 * Comments of the Nix source in the TypeScript an import writes: those on
 * bindings go before their property or constant, those on values (inside
 * lists, before a value) around the value's TypeScript. Any the TypeScript
 * does not hold are listed in the import's summary, so none is dropped
 * unsaid.
 */
import type { Comment, FormalNode, FormalsNode, NixFile, NodeBase } from "../syntax/ast.js";
import { printedComment } from "../printer/print.js";

/**
 * A Nix comment as a TypeScript comment holding all of its text, and only
 * it: nothing of a Nix file may become code that runs when synth runs the
 * spec file. A Nix line comment ends only at a line break, where
 * JavaScript also ends one at the line and paragraph separators, so those
 * are written escaped (`\u2028`), in block comments too, where they would
 * not show. A block comment ends at the first `*\/`, which a Nix block
 * comment's text cannot hold, but one is broken up all the same.
 */
export function tsComment(comment: Comment): string {
  if (comment.kind === "line") return `//${lineText(comment.text).replace(LINE_END, escapeChar)}`;
  const body = comment.text.slice(2, -2).replace(SEPARATOR, escapeChar);
  return `/*${body.replace(/\*\//g, "*\\/")}*/`;
}

/**
 * The text of a Nix line comment after `//`: all after its `#`, as it is,
 * but for a space before the `#`s that follow it (`### Section` as `// ##
 * Section`), which would read as part of the marker, `//##`. Dropping that
 * space gives the Nix text back; a comment `# ## x` reads alike.
 */
function lineText(text: string): string {
  const rest = text.slice(1);
  return rest.startsWith("#") ? ` ${rest}` : rest;
}

/** What ends a JavaScript line comment besides a line feed. */
const LINE_END = /[\r\u2028\u2029]/g;
/** The line and paragraph separators. */
const SEPARATOR = /[\u2028\u2029]/g;

/** A character as an escape sequence: `\r`, or `\uXXXX`. */
export function escapeChar(c: string): string {
  if (c === "\r") return "\\r";
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * `code` with the comments written before and right after its Nix value;
 * a line comment ends its line, so what follows goes on the next.
 */
export function commented(node: NodeBase, code: string): string {
  const before = (node.comments ?? []).map((c) => inline(c)).join("");
  const after = node.trailingComment ? ` ${inline(node.trailingComment)}` : "";
  return `${before}${code}${after}`;
}

/**
 * All comments of a binding, as the comments before the statement or
 * property it becomes: before it, between name and `=`, after its value,
 * and after its `;`.
 */
export function bindingComments(
  b: NodeBase & {
    readonly equalsComments?: readonly Comment[];
    readonly closingComments?: readonly Comment[];
  },
): Comment[] {
  const trailing = b.trailingComment ? [b.trailingComment] : [];
  return [
    ...(b.comments ?? []),
    ...(b.equalsComments ?? []),
    ...(b.closingComments ?? []),
    ...trailing,
  ];
}

/** The comments of a formal outside its default (which keeps its own): before it, before `?`, by its comma. */
export function formalComments(f: FormalNode): Comment[] {
  return [
    ...(f.comments ?? []),
    ...(f.questionComments ?? []),
    ...(f.commaComment ? [f.commaComment] : []),
    ...(f.commaComments ?? []),
    ...(f.trailingComment ? [f.trailingComment] : []),
  ];
}

/**
 * Each parameter's comments, in the order of the source, to go before its
 * schema, and the parameter without the comment ending its default's line
 * (`port ? 80 # the port`, which the parser gives the default), which
 * would land inside the call giving the default. A comment after a
 * leading comma (`, /* the suffix *\/ suffix ? ""`) is the next one's.
 */
export function parameterComments(formals: readonly FormalNode[]): ParameterComments[] {
  const entries: ParameterComments[] = [];
  let carried: Comment[] = [];
  for (const f of formals) {
    const atComma = [...(f.commaComment ? [f.commaComment] : []), ...(f.commaComments ?? [])];
    const leadingComma = f.comma !== undefined && f.comma.line > (f.span?.end.line ?? f.comma.line);
    const comments = [
      ...carried,
      ...(f.comments ?? []),
      ...(f.questionComments ?? []),
      ...(f.default?.trailingComment ? [f.default.trailingComment] : []),
      ...(f.trailingComment ? [f.trailingComment] : []),
      ...(leadingComma ? [] : atComma),
    ];
    carried = leadingComma ? atComma : [];
    const bare = f.default ? { ...f, default: { ...f.default, trailingComment: undefined } } : f;
    entries.push({ f: bare, comments });
  }
  // Comments after the last parameter's comma stay its own.
  entries.at(-1)?.comments.push(...carried);
  return entries;
}

/** A parameter, its default without the comment ending its line, and its comments. */
export interface ParameterComments {
  readonly f: FormalNode;
  readonly comments: Comment[];
}

/** The comments of a set pattern after its last formal: by `...` and before `}`. */
export function closingComments(formals: FormalsNode): Comment[] {
  return [
    ...(formals.ellipsisComment ? [formals.ellipsisComment] : []),
    ...(formals.closingComments ?? []),
  ];
}

/**
 * The comments after a file's final expression: the one on the line it
 * ends on (which the parser gives the expression), then those below it.
 */
export function finalComments(file: NixFile): Comment[] {
  const sameLine = file.expr.trailingComment;
  return [...(sameLine ? [sameLine] : []), ...(file.trailingComments ?? [])];
}

/** Comments in the order of the source, one TypeScript comment each, to go before code. */
export function commentLines(comments: readonly Comment[]): string {
  return comments.map((c) => inline(c)).join("");
}

function inline(comment: Comment): string {
  return comment.kind === "line" ? `${tsComment(comment)}\n` : `${tsComment(comment)} `;
}

/** Every comment in a syntax tree, in no particular order. */
export function allComments(node: unknown, into: Comment[] = []): Comment[] {
  if (Array.isArray(node)) {
    for (const item of node) allComments(item, into);
  } else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (isComment(record)) into.push(record);
    else
      for (const [key, value] of Object.entries(record))
        if (key !== "span") allComments(value, into);
  }
  return into;
}

function isComment(record: Record<string, unknown>): record is Record<string, unknown> & Comment {
  return (record.kind === "line" || record.kind === "block") && typeof record.text === "string";
}

/**
 * The comments of `tree` that `source` (the TypeScript written) holds
 * neither as TypeScript comments nor inside raw Nix (a JSON string);
 * comments with the same text count once each.
 */
export function missingComments(tree: unknown, source: string): Comment[] {
  const seen = new Map<string, number>();
  const missing: Comment[] = [];
  const sorted = allComments(tree).sort(
    (a, b) => (a.span?.start.offset ?? 0) - (b.span?.start.offset ?? 0),
  );
  for (const c of sorted) {
    // Raw Nix holds it as printed: a one-line block comment as `# text`.
    const printed = printedComment(c) ?? c.text;
    const forms = [tsComment(c), ...[c.text, printed].map((t) => JSON.stringify(t).slice(1, -1))];
    const key = c.text;
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    const held = Math.max(...forms.map((f) => occurrences(source, f)));
    if (held < nth) missing.push(c);
  }
  return missing;
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) count++;
  return count;
}
