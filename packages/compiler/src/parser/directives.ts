/**
 * nixfmt's format directives. A `/*nixfmt:disable*\/` alone on its line
 * opens a region that runs to the next `/*nixfmt:enable*\/` alone on its
 * line, or else to the end of the file; the formatter prints the region's
 * lines exactly as written. A directive sharing its line with anything but
 * blanks is an ordinary comment; an enable with no region open stays as
 * written and opens nothing.
 *
 * Printing a region as written is only sound when the printer puts no
 * token on the other side of either directive than the source had it: so
 * a region is kept only when both its directives are `anchored` (printed
 * right before what follows them in the source). Otherwise its directives
 * stay as written, as ordinary comments. A region may cut through a
 * string (one directive inside an interpolation of it, the other outside
 * that interpolation): the string is then marked `cut`, and printed with
 * its lines as written, since reindenting the lines outside the region
 * only would change its value.
 */
import type { Comment, Expr, Node, StringNode } from "../syntax/ast.js";
import { lineEnd } from "./nodes.js";
import { forEachChild } from "./walk.js";

const DISABLE = "/*nixfmt:disable*/";
const ENABLE = "/*nixfmt:enable*/";

/** An open region: the directive that opened it, where its line starts, and the disables inside it. */
interface OpenRegion {
  readonly start: Comment;
  readonly lineStart: number;
  readonly inner: Comment[];
  /** The other comments inside it. */
  readonly others: Comment[];
}

/** A kept region, from the start of its disable to the end of its enable (or of the file). */
interface Region {
  readonly from: number;
  readonly to: number;
}

/**
 * Sets `directive` on the directive comments among `comments` (in source
 * order) and marks the strings of `expr` that a kept region cuts; returns
 * the text of a region left open at the end of the file. `anchored` holds
 * the anchored comments.
 */
export function resolveDirectives(
  expr: Expr,
  comments: readonly Comment[],
  text: string,
  anchored: ReadonlySet<Comment>,
): string | undefined {
  let open: OpenRegion | undefined;
  const regions: Region[] = [];
  for (const comment of comments) {
    const kind = directiveKind(comment, text);
    if (kind === "disable") {
      if (open) open.inner.push(comment);
      else
        open = {
          start: comment,
          lineStart: lineStart(text, startOf(comment)),
          inner: [],
          others: [],
        };
    } else if (kind === "enable") {
      if (!open) setDirective(comment, "inert");
      else if (!anchored.has(open.start) || !anchored.has(comment))
        markAll([open.start, ...open.inner, comment], "inert");
      else {
        markAll([open.start, ...open.inner], "start");
        markInside(open.others);
        setDirective(comment, {
          verbatim: text.slice(open.lineStart, lineEnd(text, endOf(comment))),
        });
        regions.push({ from: startOf(open.start), to: endOf(comment) });
      }
      if (open) open = undefined;
    } else if (open) open.others.push(comment);
  }
  const kept = open && anchored.has(open.start);
  if (open) markAll([open.start, ...open.inner], kept ? "start" : "inert");
  if (open && kept) {
    markInside(open.others);
    regions.push({ from: startOf(open.start), to: text.length });
  }
  if (regions.length > 0) markCutStrings(expr, regions);
  return open && kept ? text.slice(open.lineStart) : undefined;
}

/**
 * Marks the strings with an interpolation that a region cuts: one with a
 * region open at its start other than at its end (nixfmt's rule; the
 * interpolations of strings inside it do not count). Only nodes with a
 * region's end inside them are visited.
 */
function markCutStrings(node: Node, regions: readonly Region[]): void {
  const span = node.span;
  if (!span || !regions.some((r) => within(r.from, span) || within(r.to, span))) return;
  if (
    node.kind === "String" &&
    node.parts.some((p) => p.kind === "Interpolation" && isCut(p, regions))
  )
    (node as { cut?: StringNode["cut"] }).cut = true;
  forEachChild(node, (child) => markCutStrings(child, regions));
}

/** A region is open at the start of `node` other than at its end. */
function isCut(node: Node, regions: readonly Region[]): boolean {
  const span = node.span;
  if (!span) return false;
  const openAt = (offset: number): Region | undefined =>
    regions.find((r) => r.from <= offset && offset < r.to);
  return openAt(span.start.offset) !== openAt(span.end.offset);
}

/** `offset` is strictly inside `span`. */
function within(offset: number, span: NonNullable<Node["span"]>): boolean {
  return span.start.offset < offset && offset < span.end.offset;
}

/** Which directive `comment` is, when it is one alone on its line. */
export function directiveKind(comment: Comment, text: string): "disable" | "enable" | undefined {
  if (comment.text !== DISABLE && comment.text !== ENABLE) return undefined;
  const start = startOf(comment);
  const end = endOf(comment);
  if (!isBlank(text, lineStart(text, start), start) || !isBlank(text, end, lineEnd(text, end)))
    return undefined;
  return comment.text === DISABLE ? "disable" : "enable";
}

function setDirective(comment: Comment, directive: NonNullable<Comment["directive"]>): void {
  (comment as { directive?: Comment["directive"] }).directive = directive;
}

function markAll(comments: readonly Comment[], directive: "start" | "inert"): void {
  for (const comment of comments) setDirective(comment, directive);
}

/** Marks comments inside a kept region: its text holds them, they are printed nowhere else. */
function markInside(comments: readonly Comment[]): void {
  for (const comment of comments) (comment as { inRegion?: boolean }).inRegion = true;
}

function startOf(comment: Comment): number {
  return comment.span?.start.offset ?? 0;
}

function endOf(comment: Comment): number {
  return comment.span?.end.offset ?? 0;
}

/** Where the line holding `offset` starts: after the last `\n` before it. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Only blanks that do not end a line in `text[from, to)`. */
function isBlank(text: string, from: number, to: number): boolean {
  return /^[^\S\n\r]*$/.test(text.slice(from, to));
}
