/**
 * Small builders the grammar actions share: nodes from tokens, spans
 * between nodes, the checks on number literals that Nix's lexer makes, and
 * blank-line detection for `blankLineBefore`.
 */
import type { IToken } from "chevrotain";
import type {
  AttrName,
  Expr,
  IdentifierNode,
  InterpolationNode,
  Position,
  Span,
} from "../syntax/ast.js";
import { interpolationSpan } from "./fragments.js";
import { endOf, spanOfToken } from "./locations.js";

/** What error recovery leaves where a node could not be parsed. */
export const ERROR_EXPR: Expr = { kind: "Identifier", name: "<error>" };

const MAX_INT = 9223372036854775807n;
/** The smallest normal double: glibc's strtod, which Nix uses, reports ERANGE below it. */
const MIN_NORMAL = 2.2250738585072014e-308;

export function identifier(t: IToken): IdentifierNode {
  return { kind: "Identifier", name: t.image, span: spanOfToken(t) };
}

/**
 * `${expr}`; `text` tells whether an empty line comes right after its `${`
 * (then `expr` gets `blankLineBefore`) and right before its `}`.
 */
export function interpolation(
  expr: Expr,
  open: IToken,
  close: IToken,
  text: string,
): InterpolationNode {
  // Blanks only: a comment on the line of `${` goes below it with the code.
  if (expr.span && blanksFrom(text, endOf(open).offset, expr.span.start.offset).newlines >= 2)
    (expr as { blankLineBefore?: boolean }).blankLineBefore = true;
  const node = { kind: "Interpolation", expr, span: interpolationSpan(open, close) } as const;
  const end = expr.span?.end.offset;
  return end !== undefined && blankLineOnly(text, end, close.startOffset)
    ? { ...node, blankLineBeforeClose: true }
    : node;
}

/** From the start of `first` to the end of `last`. */
export function spanBetween(first: Expr, last: Expr): Span | undefined {
  return first.span && last.span ? { start: first.span.start, end: last.span.end } : undefined;
}

/** The end of `expr`, or of `fallback` when recovery left no expression. */
export function endOfExpr(expr: Expr | undefined, fallback: IToken): Position {
  return expr?.span?.end ?? endOf(fallback);
}

/** Nix integers are 64-bit: its lexer rejects larger literals. */
export function intTooLarge(value: bigint): boolean {
  return value > MAX_INT;
}

/**
 * Nix reads floats with `strtod`, which fails on overflow and on results
 * below the normal range, but not on an exact zero such as `0.0e-400`.
 */
export function floatOutOfRange(raw: string): boolean {
  const value = Number(raw);
  if (!Number.isFinite(value)) return true;
  if (value !== 0) return Math.abs(value) < MIN_NORMAL;
  return /[1-9]/.test(raw.replace(/[eE].*$/, ""));
}

/**
 * True when `text[from, to)`, whitespace and comments only, holds an empty
 * line before the first comment that starts a line (empty lines among and
 * after such comments are their `blankLineAfter`). A comment on the line
 * of `from` (a trailing comment) counts as content.
 */
export function hasBlankLine(text: string, from: number, to: number): boolean {
  let sawNewline = false;
  let blank = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (sawNewline && blank) return true;
      sawNewline = true;
      blank = true;
    } else if (c === 32 || c === 9 || c === 13) {
      continue;
    } else if (c === 35) {
      if (sawNewline) return false;
      while (i + 1 < to && text.charCodeAt(i + 1) !== 10) i++;
      blank = false;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      // An empty block comment, which the formatter drops, is content, not a comment.
      if (sawNewline && !isEmptyBlockComment(text, i, end)) return false;
      i = end < 0 ? to : end + 1;
      blank = false;
    } else blank = false;
  }
  return false;
}

/** The block comment from `start` to the `*\/` at `end` holds nothing but blanks (`/**\/`, `/* *\/`). */
export function isEmptyBlockComment(text: string, start: number, end: number): boolean {
  return end >= 0 && /^\*?\s*$/.test(text.slice(start + 2, end));
}

/** True when `text[from, to)` is blanks only, with an empty line among them. */
export function blankLineOnly(text: string, from: number, to: number): boolean {
  const blanks = blanksFrom(text, from, to);
  return blanks.end === to && blanks.newlines >= 2;
}

/** Where the line holding `offset` ends: at its `\n` or `\r`, or the end of the text. */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  return i;
}

/** The blanks (spaces, tabs, line breaks) from `from` up to `to`: where they end, and their line breaks. */
export function blanksFrom(
  text: string,
  from: number,
  to: number,
): { readonly end: number; readonly newlines: number } {
  let newlines = 0;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) newlines++;
    else if (c !== 32 && c !== 9 && c !== 13) break;
  }
  return { end: i, newlines };
}

/** An empty line between `end` and `start` (cheap when they are on adjacent lines). */
export function blankAfter(text: string, end: Position, start: Position): boolean {
  return start.line - end.line >= 2 && hasBlankLine(text, end.offset, start.offset);
}

/** An empty line between two tokens (cheap when they are on adjacent lines). */
export function blankLineBetween(text: string, before: IToken, next: IToken): boolean {
  if (next.startLine === undefined || Number.isNaN(before.startOffset)) return false;
  const end = endOf(before);
  if (next.startLine - end.line < 2) return false;
  return hasBlankLine(text, end.offset, next.startOffset);
}

/** Where the empty lines around the dots of a selection are: the indices of the names after those dots. */
export interface DotBlankLines {
  readonly blankLineBeforeDot?: readonly number[];
  readonly blankLineAfterDot?: readonly number[];
}

/**
 * The empty lines before and after each `.` of `expr.path`, which the
 * printer keeps (nixfmt does). Spans on lines next to each other have none.
 */
export function dotBlankLines(text: string, expr: Expr, path: readonly AttrName[]): DotBlankLines {
  const before: number[] = [];
  const after: number[] = [];
  let previous = expr.span?.end;
  path.forEach((name, i) => {
    const start = name.span?.start;
    if (previous && start && start.line - previous.line >= 2) {
      const dot = dotBetween(text, previous.offset, start.offset);
      if (hasBlankLine(text, previous.offset, dot)) before.push(i);
      if (hasBlankLine(text, dot + 1, start.offset)) after.push(i);
    }
    previous = name.span?.end;
  });
  return {
    ...(before.length > 0 && { blankLineBeforeDot: before }),
    ...(after.length > 0 && { blankLineAfterDot: after }),
  };
}

/** The offset of the `.` in `text[from, to)`, which holds only it, blanks and comments. */
function dotBetween(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === ".") return i;
    if (c === "#") i = lineEnd(text, i);
    else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return to;
      i = end + 1;
    }
  }
  return to;
}
