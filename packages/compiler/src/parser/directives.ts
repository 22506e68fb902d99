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
 * right before what follows them in the source), in the same
 * interpolation (a region that cuts through a string would mix reindented
 * lines of it with lines as written). Otherwise its directives stay as
 * written, as ordinary comments.
 */
import type { Comment } from "../syntax/ast.js";
import { lineEnd } from "./nodes.js";

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

/**
 * Sets `directive` on the directive comments among `comments` (in source
 * order); returns the text of a region left open at the end of the file.
 * `anchored` maps each anchored comment to the interpolation it is in.
 */
export function resolveDirectives(
  comments: readonly Comment[],
  text: string,
  anchored: ReadonlyMap<Comment, unknown>,
): string | undefined {
  let open: OpenRegion | undefined;
  const sound = (a: Comment, b?: Comment): boolean =>
    anchored.has(a) &&
    (b === undefined || (anchored.has(b) && anchored.get(a) === anchored.get(b)));
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
      else if (!sound(open.start, comment)) markAll([open.start, ...open.inner, comment], "inert");
      else {
        markAll([open.start, ...open.inner], "start");
        markInside(open.others);
        setDirective(comment, {
          verbatim: text.slice(open.lineStart, lineEnd(text, endOf(comment))),
        });
      }
      if (open) open = undefined;
    } else if (open) open.others.push(comment);
  }
  if (!open) return undefined;
  const kept = sound(open.start);
  markAll([open.start, ...open.inner], kept ? "start" : "inert");
  if (kept) markInside(open.others);
  return kept ? text.slice(open.lineStart) : undefined;
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
