/**
 * The one Nix printer: syntax tree to text, in the official Nix style
 * (RFC 166, as nixfmt prints it): two-space indentation, width 100, sets and
 * lists with more than one item expanded, set-valued bindings expanded,
 * `let`/`in` always on their own lines, applications that hug their last
 * argument. Parentheses are added only where precedence requires them.
 *
 * Layout decisions are expressed with prettier's document builders; nixfmt's
 * "priority groups" become prettier's `conditionalGroup`. `doc.ts` prints
 * the documents (to the text prettier's printer gives, faster).
 */
import type {
  ApplyNode,
  AssertNode,
  AttrName,
  AttrBindingNode,
  AttrSetNode,
  BinaryNode,
  Binding,
  Comment,
  Expr,
  FormalNode,
  FormalsNode,
  HasAttrNode,
  IdentifierNode,
  InterpolationNode,
  IntNode,
  LambdaNode,
  LegacyLetNode,
  ListNode,
  NixFile,
  NodeBase,
  ParenNode,
  Position,
  PrintedBindingNode,
  SelectNode,
  Span,
  StringNode,
  StringPart,
  UnaryNode,
} from "../syntax/ast.js";
import { annotatedLanguage } from "../syntax/comments.js";
import { isIdentifier } from "../syntax/identifiers.js";
import { COMPARISONS } from "../syntax/operators.js";
import { headTokenEnd } from "../syntax/heads.js";
import { escapeDoubleQuoted } from "../syntax/strings.js";
import { binding as bindingOf } from "../syntax/build.js";
import {
  APPLY,
  ATOM,
  EXPRESSION,
  NEGATE,
  SELECT,
  binaryOperandLevels,
  levelOf,
  unaryOperandLevel,
} from "./precedence.js";
import { forEachChild } from "../syntax/children.js";
import { indentedStringLines } from "./indented-strings.js";
import {
  breakParent,
  conditionalGroup as alternatives,
  fillLine,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  lazy,
  line,
  lineSuffix,
  offset,
  hardLines,
  hardLineTexts,
  indentLines,
  lineStart,
  printDocToLines,
  printDocToString,
  rawLines,
  verbatim,
  ungrouped,
  verbatimStart,
  softline,
  softFillLine,
  type Doc,
} from "./doc.js";

/** Options of `printNix`. */
export interface PrintOptions {
  /** Maximum line width; nixfmt's default is 100. */
  readonly width?: number;
}

/** Thrown when a tree cannot be printed as valid Nix (for example an identifier that is not one). */
export class PrintError extends Error {
  override name = "PrintError";
}

/**
 * The width of the file being printed, set by `printNix` while it prints
 * (items of long lists are laid out when they are printed): a call expands
 * an argument other than the last only when the arguments after it fit
 * after its close.
 */
let lineWidth = 100;

/** Prints a whole file (or a lone expression) as formatted Nix text ending in a newline. */
export function printNix(input: NixFile | Expr, options: PrintOptions = {}): string {
  return atWidth(
    options,
    printFile,
    "expr" in input && !("kind" in input) ? input : { expr: input as Expr },
  );
}

/** Options of `printedItem`. */
export interface PrintedItemOptions extends PrintOptions {
  /**
   * The level (of two spaces) the item will be printed at: its lines are
   * indented for it now, so that printing the file copies them as they are.
   * Default 1, an item of a file's main set.
   */
  readonly level?: number;
}

/** The options of a call that gives none (shared: `printedItem` runs for every item). */
const NO_OPTIONS: PrintedItemOptions = {};

/**
 * The item `name = value;` printed now, as `printNix` prints it in a file
 * (at the same width): what a file keeps of an item it will print later,
 * instead of the item's syntax tree, and without a binding, path and
 * identifier made only to be printed (they are for one printed as the
 * printer's general rules print it). The binding itself when its lines
 * cannot be indented again as a whole (see `printedLines`).
 */
export function printedItem(
  name: string,
  value: Expr,
  options: PrintedItemOptions = NO_OPTIONS,
): Binding {
  const level = options.level ?? 1;
  const text = atWidth(options, itemText, name, level, value);
  return text === undefined
    ? bindingOf(name, value)
    : { kind: "PrintedBinding", text: kept(text), level };
}

/**
 * `text`, to be kept until its file is printed, as one string. A text put
 * together with `+` (`smallItem`'s, `setText`'s) is a tree of its pieces until its
 * characters are read; the collector would copy each piece of the tree at
 * every collection it lives through (one such text for each service of a
 * model). Reading a character makes the engine join the pieces at once.
 */
function kept(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The text `printedItem` keeps of `name = value;`, its lines indented for `level`. */
function itemText(name: string, level: number, value: Expr): string | undefined {
  // What `plainItemName` asks of a binding that lowering made but its name.
  const plain = value.blankLineBefore !== true && isIdentifier(name);
  // The text of `name = value;` (of a plain `name`) for the commonest items
  // of a generated model, without making their documents. The two take no
  // binding both do (`smallItem` a set of one `inherit` at most): a
  // service's set is tried as one first. (Here, not in a function of its
  // own, as the string test in `setLines`: a call more for every item costs.)
  const simple = !plain
    ? undefined
    : ((value.kind === "AttrSet" ? setText(name, value, level) : undefined) ??
      smallItem(name, value));
  return simple ?? generalText(bindingOf(name, value), level);
}

/** The lines `printBinding` gives `binding`, indented for `level` (see `printedLines`). */
function generalText(binding: Binding, level: number): string | undefined {
  const lines = printedLines(printBinding(binding));
  return lines && indentLines(lines, level);
}

/**
 * The lines `doc` prints as. Undefined when it holds a region printed as
 * written, or a line break inside a line (a string printed as written),
 * which indenting the lines would change.
 */
function printedLines(doc: Doc): string[] | undefined {
  const lines = printDocToLines(doc, lineWidth, { measure: "nixfmt" })?.map((l) =>
    l.includes(TRAILING) ? unalignTrailingComments(l) : l,
  );
  return lines && !lines.some((line) => line.includes("\n")) ? lines : undefined;
}

/**
 * What `print(input, level, more)` returns, printed `options.width` wide.
 * (Its arguments are passed along, not closed over: no closure for each item.)
 */
function atWidth<I, T, M = undefined>(
  options: PrintOptions,
  print: (input: I, level: number, more: M) => T,
  input: I,
  level = 0,
  more?: M,
): T {
  const outerWidth = lineWidth;
  lineWidth = options.width ?? 100;
  try {
    return print(input, level, more as M);
  } finally {
    lineWidth = outerWidth;
  }
}

function printFile(file: NixFile): string {
  const doc: Doc = [
    printExpr(file.expr, EXPRESSION),
    file.trailingComments?.length ? [hardline, printCommentLines(file.trailingComments)] : "",
    file.verbatimEnd === undefined ? hardline : verbatim(file.verbatimEnd),
  ];
  const text = unalignTrailingComments(printDocToString(doc, lineWidth, { measure: "nixfmt" }));
  // A region printed as written to the end of the file ends it as it
  // ended; else one newline ends it. A region at the start may start
  // with blanks, which nixfmt drops.
  if (file.verbatimEnd !== undefined) return text.trimStart();
  return endsOneLine(text) ? text : `${text.trim()}\n`;
}

/**
 * Whether `text` is trimmed but for one line break at its end, as a
 * printed file mostly is: then it is kept as it is, not copied (a file of
 * thousands of services is megabytes long).
 */
function endsOneLine(text: string): boolean {
  return (
    text.length >= 2 &&
    text.charCodeAt(text.length - 1) === 10 &&
    !BLANK.test(text.charAt(text.length - 2)) &&
    !BLANK.test(text.charAt(0))
  );
}

/** What `trim` removes. */
const BLANK = /\s/;

// ---------------------------------------------------------------------------
// Layout helpers

/**
 * The first of `states` that fits, else the last (prettier's
 * `conditionalGroup`). When the first must break (it holds a hard line),
 * the enclosing groups break too, as nixfmt's do: prettier does not pass
 * breaks on through a conditional group.
 */
function conditionalGroup(states: readonly Doc[]): Doc {
  const doc = alternatives(states);
  return states[0] !== undefined && mustBreak(states[0]) ? [breakParent, doc] : doc;
}

/** The first of `states` that fits, else the last; a lone state is a document like any other. */
function choice(states: readonly Doc[]): Doc {
  return states.length === 1 ? (states[0] as Doc) : conditionalGroup(states);
}

/** The parts of prettier's document commands this file looks into. */
interface DocNode {
  readonly type: string;
  readonly hard?: boolean;
  readonly break?: boolean;
  readonly expandedStates?: readonly Doc[];
  readonly contents?: Doc;
  readonly flatContents?: Doc;
}

/**
 * Whether `doc` holds a break that no layout avoids: a hard line or a
 * broken group (their break is known when they are built), outside
 * `ifBreak`. Lazy documents are items of sets and lists, which break
 * their own group: they are not looked into.
 */
function mustBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) return (doc as readonly Doc[]).some(mustBreak);
  const node = doc as DocNode;
  switch (node.type) {
    case "break-parent":
      return true;
    case "group":
      return (
        node.break === true ||
        (node.expandedStates?.[0] !== undefined && mustBreak(node.expandedStates[0]))
      );
    case "indent":
    case "line-suffix":
      return node.contents !== undefined && mustBreak(node.contents);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Texts side by side

/**
 * `docs` side by side: one text when all are texts, else the sequence. The
 * document printer measures text as nixfmt does, a column a character, so
 * a text is as wide as its parts together: the layout stays the same with
 * fewer pieces to walk.
 */
function concat(...docs: Doc[]): Doc {
  let text = "";
  // Indexed: until the engine optimizes it, `for...of` allocates for each item.
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as Doc;
    if (typeof doc !== "string") return docs;
    text += doc;
  }
  return text;
}

/** `concat(a, b)`, without an array for the arguments: it runs for most nodes. */
function concat2(a: Doc, b: Doc): Doc {
  return typeof a === "string" && typeof b === "string" ? a + b : [a, b];
}

// ---------------------------------------------------------------------------
// Expressions

/** Prints `expr`, parenthesized if it binds looser than `maxLevel` allows. */
function printExpr(expr: Expr, maxLevel: number, wide = false): Doc {
  // In the parentheses added around it, `expr` is printed with its comments.
  if (levelOf(expr) > maxLevel) return parenthesize(expr);
  return withComments(expr, printBare(expr, wide));
}

/**
 * The fast item path (`setText`, `plainItemName`, `plainName`, `smallValue`,
 * `simpleInherit`) asks this of each node itself, not by calling here: this
 * function sees every kind of node, so the engine's lookups of the two
 * properties here are slow ones until it optimizes them (and the fast path
 * runs unoptimized), where a lookup in a helper that sees one kind of node
 * is fast. About 45M fewer instructions at 10,000 services.
 */
function hasComments(node: NodeBase): boolean {
  return !!node.comments?.length || node.trailingComment !== undefined;
}

function withComments(node: NodeBase, body: Doc): Doc {
  if (!hasComments(node)) return body;
  const comments = commentsAbove(node);
  const last = comments[comments.length - 1];
  const before = last
    ? [printCommentLines(comments), hardline, last.blankLineAfter ? hardline : ""]
    : "";
  const annotation = languageAnnotation(node);
  const annotated = annotation ? [`/* ${annotation} */ `, body] : body;
  // A comment ends its line: the enclosing groups break after it.
  const after = node.trailingComment ? endOfLine(node.trailingComment) : "";
  return [before, annotated, after];
}

/**
 * The language named by a comment like `/* lua *\/` right before a string
 * (on its line or the one above): nixfmt keeps it before the string, on
 * its line, as `/* lua *\/`.
 */
function languageAnnotation(node: NodeBase): string | undefined {
  const last = node.comments?.[node.comments.length - 1];
  if (!last || !("kind" in node) || !startsWithString(node as Expr)) return undefined;
  const line = last.span?.end.line;
  const start = node.span?.start.line;
  if (line !== undefined && start !== undefined && start - line > 1) return undefined;
  return annotatedLanguage(last.text);
}

/** `expr` begins with a string: a string, or a call of one (`"" p`). */
function startsWithString(expr: Expr): boolean {
  let first = expr;
  while (first.kind === "Apply") first = first.fn;
  return first.kind === "String";
}

/**
 * `expr` begins with a path (`./a`, `a/b`, or a call of one). `-` is a
 * character of paths, so `-` written right before one would become part of
 * it: `- ./a` is a negation, `-./a` a path. nixfmt prints them together.
 */
function startsWithPath(expr: Expr): boolean {
  let first = expr;
  while ((first.kind === "Apply" || first.kind === "Select") && !commentsAbove(first).length) {
    first = first.kind === "Apply" ? first.fn : first.expr;
  }
  // `~` is not a character of paths: `-~/a` is a negation.
  const text = first.kind === "Path" ? first.parts[0] : undefined;
  return text?.kind === "Text" && !text.raw.startsWith("~");
}

/** No comments (one array for every node without any). */
const NO_COMMENTS: readonly Comment[] = [];

/** The comments before `node` printed on lines of their own: all but a language annotation. */
function commentsAbove(node: NodeBase): readonly Comment[] {
  const comments = node.comments ?? NO_COMMENTS;
  return languageAnnotation(node) === undefined ? comments : comments.slice(0, -1);
}

function printBare(expr: Expr, wide: boolean): Doc {
  switch (expr.kind) {
    case "Int":
      return printInt(expr);
    case "Float":
      return expr.raw;
    case "Identifier":
      return printIdentifier(expr.name);
    case "String":
      return printString(expr);
    case "Path":
      return expr.parts.map(printStringPart);
    case "SearchPath":
      return `<${expr.path}>`;
    case "Uri":
      // A URI literal is a string; quoted, it cannot swallow a following `,` or `;`.
      return `"${escapeDoubleQuoted(expr.value)}"`;
    case "List":
      return printList(expr);
    case "AttrSet":
      return printSet(setOpening(expr), expr, wide);
    case "LegacyLet":
      return printSet("let {", expr, true);
    case "Let":
      return printLet(expr);
    case "Lambda":
      return printLambda(expr);
    case "Apply":
      return printApply(expr);
    case "Select":
      return printSelect(expr, expr.default, expr.or, expr.blankLineBeforeOr);
    case "HasAttr":
      return printHasAttr(expr);
    case "Unary":
      return printUnary(expr);
    case "Binary":
      return printBinary(expr);
    case "If":
      return printIf(expr);
    case "With":
      return printWith(expr, false);
    case "Assert":
      return printAssert(expr);
    case "Paren":
      return printParen(expr.expr, expr);
  }
}

/**
 * `-e` or `!e`: nixfmt's `pretty Negation`/`Inversion`, the operator, then
 * the operand with its trivia, nothing nested. A comment ending the
 * operator's line stays there; after it, after comments above the operand
 * or after an empty line, the operand starts a line at the same level.
 */
function printUnary(expr: UnaryNode): Doc {
  const comment = expr.operatorComment;
  const first = commentsAbove(expr.expr)[0];
  const blank = first ? first.blankLineBefore : expr.blankLineAfterOperator;
  const lineBreak = blank
    ? [hardline, hardline]
    : comment || first
      ? hardline
      : expr.op === "-" && startsWithPath(expr.expr)
        ? " "
        : "";
  return [
    expr.op,
    comment ? endOfLine(comment) : "",
    lineBreak,
    printExpr(expr.expr, unaryOperandLevel(expr.op)),
  ];
}

/**
 * `e ? a.b`. After a comment that ends the line, `?` starts the next, as an
 * operator does. nixfmt's `pretty MemberCheck` is its comparisons' layout
 * (`e <> softline <> ? <> hardspace <> path`, nothing nested): an empty line
 * before `?` or after it stays, what follows starting a line at the same level.
 */
function printHasAttr(expr: HasAttrNode): Doc {
  const emptyLine = [hardline, hardline];
  const before = expr.blankLineBeforeOperator
    ? emptyLine
    : expr.expr.trailingComment
      ? hardline
      : " ";
  return [
    printExpr(expr.expr, NEGATE),
    before,
    "?",
    expr.blankLineAfterOperator ? emptyLine : " ",
    printAttrPath(expr.path),
  ];
}

/** An integer as written (nixfmt keeps the token's text: `007`), or else in decimal. */
function printInt(node: IntNode): string {
  return node.raw ?? node.value.toString();
}

function printIdentifier(name: string): string {
  if (!isIdentifier(name) && name !== "or") {
    throw new PrintError(`'${name}' is not a valid Nix identifier`);
  }
  return name;
}

function parenthesize(expr: Expr): Doc {
  return printParen(expr);
}

/** `(inner)`, and `closing`, comments before `)` on lines of their own. */
function printParen(inner: Expr, paren?: ParenNode): Doc {
  if (paren?.closingComments?.length) return group(absorbedParen(inner, paren));
  if (paren && hasParenBlanks(paren)) return blankParen(inner, paren);
  if (opensOnParenLine(inner)) return ["(", printAbsorbed(inner), ")"];
  // A selection starts on the line of `(`; `)` goes on a line of its own when it breaks.
  if (inner.kind === "Select" && !hasComments(inner) && !isAbsorbable(inner.expr))
    return group(["(", indent(printExpr(inner, EXPRESSION)), softline, ")"]);
  if (inner.kind === "Apply" && !hasComments(inner))
    // A simple call is never broken (see `printApply`), so neither are its parentheses.
    return isSimple(inner) ? ["(", printExpr(inner, EXPRESSION), ")"] : printParenCall(inner);
  return group(["(", indent([softline, printExpr(inner, EXPRESSION)]), softline, ")"]);
}

/**
 * `inner` opens on the line of `(`, `)` right after its end: a set, list,
 * string, function of one, or `with` of one. Comments before it put it on
 * the line after `(`.
 */
function opensOnParenLine(inner: Expr): boolean {
  const absorbable = isAbsorbable(inner) || isAbsorbableLambda(inner) || isAbsorbableWith(inner);
  return absorbable && !commentsAbove(inner).length;
}

/**
 * The call `apply` as fmt reads it back when its argument is parentheses
 * around what opens on their line (see `opensOnParenLine`) with a comment
 * ending it: printed after `)`, the comment ends the call `f (...)`.
 */
function withClosingLineComment(apply: ApplyNode): ApplyNode {
  const paren = apply.arg;
  if (paren.kind !== "Paren" || paren.closingComments?.length || hasComments(apply)) return apply;
  const { trailingComment, ...inner } = paren.expr;
  if (!trailingComment || paren.trailingComment || hasParenBlanks(paren)) return apply;
  if (!opensOnParenLine(paren.expr)) return apply;
  return { ...apply, arg: { ...paren, expr: inner as Expr }, trailingComment };
}

/** An empty line after `(` or before `)`. */
function hasParenBlanks(paren: ParenNode): boolean {
  return paren.blankLineAfterOpen === true || paren.blankLineBeforeClose === true;
}

/**
 * `(inner)` with the empty lines after `(` and before `)` the source has,
 * as nixfmt's `prettyTerm (Parenthesized ...)` keeps them: an empty line
 * merges with the break its layout of `inner` has there, or adds one (an
 * absorbed set or list, a call, a selection have none on one side).
 */
function blankParen(inner: Expr, paren: ParenNode): Doc {
  const after = paren.blankLineAfterOpen === true;
  const before = paren.blankLineBeforeClose === true;
  const doc = printAbsorbed(inner);
  const close = before ? [hardline, hardline, ")"] : ")";
  if (opensOnParenLine(inner)) return ["(", after ? indent([hardline, hardline, doc]) : doc, close];
  // A call: moved trivia before it, and a hard line after it then (`prettyApp`).
  if (inner.kind === "Apply" && !hasComments(inner))
    return ["(", after ? [indent([hardline, hardline, doc]), hardline] : doc, close];
  if (inner.kind === "Select" && !hasComments(inner) && !isAbsorbable(inner.expr)) {
    const start = after ? [hardline, hardline] : "";
    return group(["(", indent([start, doc]), before ? close : [softline, ")"]]);
  }
  const start = after ? hardline : "";
  return group(["(", indent([softline, start, doc]), softline, before ? hardline : "", ")"]);
}

/**
 * `(f a b)` as nixfmt lays it out: on one line; with the last argument
 * opening on the line (`(f a {` ... `})`); else the function after `(`,
 * the arguments that fit after it, one per line, and `)` on its own line.
 */
function printParenCall(inner: Expr & { kind: "Apply" }, open = "(", close = ")"): Doc {
  const { fn, args } = flattenApply(inner);
  const fnDoc = printExpr(fn, APPLY);
  // A function that spans lines starts the line after `(`, the arguments
  // below it (nixfmt breaks the line before the function then).
  if (mustBreak(fnDoc)) {
    const { broken } = callLayouts(fnDoc, fn.trailingComment !== undefined, args, false);
    return [open, indent([hardline, broken]), hardline, close];
  }
  // Broken, `)` goes on a line of its own; it counts when the call is measured.
  const { sameLine, broken } = callLayouts(
    fnDoc,
    fn.trailingComment !== undefined,
    args,
    false,
    softline,
  );
  // Arguments below comments: `)` goes on a line of its own.
  const commented = args.some((a) => commentsAbove(a).length);
  const states: Doc[] = commented ? [] : sameLine.map((layout) => [open, layout, close]);
  states.push([open, broken, close]);
  return choice(states);
}

// ---------------------------------------------------------------------------
// Lists, sets, let

/**
 * True when the source had a line break inside `node`. nixfmt keeps such
 * sets, lists and patterns expanded. Only parsed nodes have a span: trees
 * built by lowering are laid out by the rules alone.
 */
function spansLines(node: NodeBase): boolean {
  // A comment after `rec` ends its line when printed, wherever it was written.
  if ((node as AttrSetNode).recComments?.length) return true;
  return node.span !== undefined && node.span.start.line !== node.span.end.line;
}

/**
 * A list; `itemSeparator` is a hard line but for lists that may stay on
 * one line. Not `grouped`, its lines break with the enclosing group.
 */
function printList(list: ListNode, itemSeparator: Doc = hardline, grouped = true): Doc {
  const { items, closingComments: closing } = list;
  const expanded = spansLines(list);
  const blank = blankBeforeClose(list, lastLine(list, items), closing) ? hardline : "";
  if (items.length === 0 && !closing?.length) return expanded ? ["[", hardline, blank, "]"] : "[ ]";
  const separator = expanded || closing?.length ? hardline : line;
  const doc = [
    "[",
    indent([
      separator,
      printItems(items, (item) => printExpr(item, SELECT), closing, itemSeparator, openLine(list)),
    ]),
    blank,
    separator,
    "]",
  ];
  return grouped ? group(doc) : doc;
}

/** The line a parsed set or list opens on. */
function openLine(node: NodeBase): number | undefined {
  return ((node as AttrSetNode).openAt ?? node.span?.start)?.line;
}

/**
 * The source had an empty line right before the closing `]` or `}` of
 * `node`: after its `closing` comments, or else after `lastLine`, the line
 * its last item (or its opening) ends on.
 */
function blankBeforeClose(
  node: NodeBase,
  lastLine: number | undefined,
  closing: readonly Comment[] | undefined,
): boolean {
  const last = closing?.[closing.length - 1];
  if (last) return last.blankLineAfter === true;
  return linesApart(lastLine, node.span?.end.line);
}

/** The line the last of `items` ends on, or else the one `node` opens on. */
function lastLine(node: NodeBase, items: readonly NodeBase[]): number | undefined {
  return items.length > 0 ? items[items.length - 1]?.span?.end.line : openLine(node);
}

/**
 * The line the last item of a set pattern ends on: its `...`, or the last
 * formal's comma, or the formal. Undefined when a name follows the `}`
 * (`{ a }@args`), where the pattern's span does not end.
 */
function lastFormalLine(formals: FormalsNode): number | undefined {
  if (formals.bind?.position === "after") return undefined;
  const last = formals.formals[formals.formals.length - 1];
  return formals.ellipsisAt?.line ?? last?.comma?.line ?? lastLine(formals, formals.formals);
}

/** `{`, or `rec {`; comments between `rec` and `{` stay there, each on a line of its own. */
function setOpening(set: AttrSetNode): Doc {
  if (!set.recursive) return "{";
  const comments = set.recComments;
  const first = comments?.[0];
  if (!comments || !first) return "rec {";
  // One on the line of `rec` stays there.
  const onLine =
    first.span?.start.line === set.span?.start.line && typeof printComment(first) === "string"
      ? first
      : undefined;
  const rest = onLine ? comments.slice(1) : comments;
  const lines = rest.length ? [printCommentLines(rest), hardline] : "";
  return ["rec", onLine ? endOfLine(onLine) : "", hardline, lines, "{"];
}

function printSet(open: Doc, set: AttrSetNode | LegacyLetNode, wide: boolean): Doc {
  const { bindings, closingComments: closing } = set;
  // Braces on different lines stay so (nixfmt's `prettySet`): `rec` does not count.
  const expanded = set.span !== undefined && openLine(set) !== set.span.end.line;
  const blank = blankBeforeClose(set, lastLine(set, bindings), closing) ? hardline : "";
  if (bindings.length === 0 && !closing?.length)
    return expanded ? [open, hardline, blank, "}"] : [open, " }"];
  // A comment before the closing brace must not share its line (`{ # c }` would comment it out).
  const separator = wide || expanded || closing?.length ? hardline : line;
  const items = printItems(bindings, printBinding, closing, hardline, openLine(set));
  return group([open, indent([separator, items]), blank, separator, "}"]);
}

/**
 * A set after `in` or after `assert cond;` is expanded: nixfmt prints it
 * without a group of its own, in one that holds a line break.
 */
const WIDE_BODY = true;

function printLet(node: Expr & { kind: "Let" }): Doc {
  const { closingComments: closing, body } = node;
  // A comment on the line of `let` stays there.
  const { comment, items: bindings } = keywordComment(node.bindings, node.span?.start.line);
  const items = printItems(bindings, printBinding, closing);
  const empty = bindings.length === 0 && !closing?.length;
  const last = closing?.[closing.length - 1];
  const blank = (last ? last.blankLineAfter : node.blankLineBeforeIn) ? hardline : "";
  return [
    // An empty `let` is `let`, newline, `in`.
    group(["let", comment ? endOfLine(comment) : "", empty ? "" : indent([hardline, items])]),
    hardline,
    blank,
    "in",
    hardline,
    body.blankLineBefore ? hardline : "",
    printExpr(body, EXPRESSION, WIDE_BODY),
  ];
}

/**
 * From this many items on, each is printed when the document printer gets
 * to it (`lazy`), so the documents of a long file are not all alive at once.
 */
const LAZY_ITEMS = 16;

/**
 * Items one per line, keeping blank lines and closing comments from the
 * source. `openLine` is the line of the opening bracket: a comment there
 * before the first item comes first, an empty line after it.
 */
function printItems<T extends NodeBase>(
  nodes: readonly T[],
  print: (node: T) => Doc,
  closing: readonly Comment[] | undefined,
  separator: Doc = hardline,
  openLine?: number,
): Doc {
  // nixfmt keeps an empty line before the first item too (`{`, blank, item).
  const blankFirst = !startsByLine(nodes[0]?.comments?.[0], openLine);
  const item = (node: T): Doc =>
    node.blankLineBefore && (node !== nodes[0] || blankFirst)
      ? [hardline, print(node)]
      : print(node);
  const eager = nodes.length < LAZY_ITEMS;
  const docs: Doc[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as T;
    if (separator === hardline && isPrintedBinding(node)) {
      // Items printed already for one level, one after another, print as one run of lines.
      const texts = printedTexts(nodes, i);
      docs.push(hardLineTexts(texts, node.level));
      i += texts.length - 1;
      continue;
    }
    docs.push(eager ? item(node) : lazy(item, node));
  }
  if (closing?.length) {
    const last = nodes[nodes.length - 1];
    const blank = last !== undefined && blankBetween(last.span, closing[0]?.span);
    docs.push([blank ? hardline : "", printCommentLines(closing)]);
  }
  return join(separator, docs);
}

/**
 * The texts of the items printed already for one level, one after another
 * from `nodes[start]` (one). A loop of its own: the engine compiles a loop
 * that runs long (over a file's services, its placements) while it runs,
 * and this small function costs less to compile than `printItems`.
 */
function printedTexts(nodes: readonly NodeBase[], start: number): string[] {
  const { level } = nodes[start] as PrintedBindingNode;
  const texts: string[] = [];
  for (let i = start; i < nodes.length; i++) {
    const node = nodes[i] as NodeBase;
    if (!isPrintedBinding(node) || node.level !== level) break;
    texts.push(node.text);
  }
  return texts;
}

/** A binding printed when it was lowered (it has no comments and no empty line before it). */
function isPrintedBinding(node: NodeBase): node is PrintedBindingNode {
  return (node as { kind?: string }).kind === "PrintedBinding";
}

/** The source had an empty line between `a` and `b` (which have only blanks and comments between). */
function blankBetween(a: Span | undefined, b: Span | undefined): boolean {
  return linesApart(a?.end.line, b?.start.line);
}

/** Line `to` comes at least two lines after line `from`: an empty line can stand between. */
function linesApart(from: number | undefined, to: number | undefined): boolean {
  return from !== undefined && to !== undefined && to - from >= 2;
}

/** Comments one per line, keeping the empty lines between them. */
function printCommentLines(comments: readonly Comment[]): Doc {
  const docs: Doc[] = [];
  comments.forEach((c, i) => {
    if (i > 0) docs.push(hardline);
    if (i > 0 && comments[i - 1]?.blankLineAfter) docs.push(hardline);
    docs.push(printComment(c));
  });
  return docs;
}

/**
 * The text of `comment` as printed Nix holds it, where that is one piece
 * (`# text` for a one-line block comment); undefined for one printed over
 * several lines.
 */
export function printedComment(comment: Comment): string | undefined {
  const doc = printComment(comment);
  return typeof doc === "string" ? doc : undefined;
}

/**
 * A comment as nixfmt writes it: no blanks at line ends; a block comment
 * on one line as a line comment; the lines of a longer one indented by
 * two under its `/*` (a leading `*` column is dropped).
 */
function printComment(comment: Comment): Doc {
  if (comment.kind === "line") return comment.text.trimEnd();
  const directive = comment.directive;
  if (directive === "inert") return comment.text;
  if (directive === "start") return verbatimStart;
  if (directive) return verbatim(directive.verbatim);
  const doc = comment.text.startsWith("/**") && comment.text !== "/**/";
  const lines = blockCommentLines(comment, doc);
  if (lines.length === 0) return comment.text;
  if (!doc && lines.length === 1) return `# ${(lines[0] as string).trim()}`;
  const body = lines.map((l) => (l === "" ? hardline : [hardline, l]));
  return [doc ? "/**" : "/*", indent(body), hardline, "*/"];
}

/**
 * The first comment before `node` when it starts on `line`, after the
 * token that ends that line (`=`, `let`, `then`): nixfmt keeps it there. A
 * block comment spanning lines is left above `node`.
 */
function commentOnLine(node: NodeBase, line: number | undefined): Comment | undefined {
  const first = commentsAbove(node)[0];
  if (!first || line === undefined || first.span?.start.line !== line) return undefined;
  // Not one moved up from the node's line to before it.
  if ((first.span?.start.offset ?? 0) > (node.span?.start.offset ?? Infinity)) return undefined;
  return typeof printComment(first) === "string" ? first : undefined;
}

/** `node` without its first `count` comments (printed elsewhere). */
function withoutComments<T extends NodeBase>(node: T, count = 1): T {
  return { ...node, comments: node.comments?.slice(count) };
}

/**
 * The items after a keyword (`let`, `inherit`), and the comment before the
 * first of them when it starts on the keyword's `line`, taken off that
 * item: nixfmt keeps it at the end of the keyword's line.
 */
function keywordComment<T extends NodeBase>(
  items: readonly T[],
  line: number | undefined,
): { comment: Comment | undefined; items: readonly T[] } {
  const first = items[0];
  const comment = first && commentOnLine(first, line);
  return comment && first
    ? { comment, items: [withoutComments(first), ...items.slice(1)] }
    : { comment: undefined, items };
}

/**
 * The comments before `node` that start on `line`, the line of the keyword
 * before it (`if`, `assert`): nixfmt moves them above the keyword. With
 * `node` without them.
 */
function commentsOnKeywordLine<T extends NodeBase>(
  node: T,
  line: number | undefined,
): { above: readonly Comment[]; rest: T } {
  // Not one moved up to before `node` from after its first name or
  // literal, which goes below the keyword (but one after its `(` does not).
  const head = headTokenEnd(node as NodeBase as Expr) ?? Infinity;
  const above = commentsAbove(node).filter(
    (c) => c.span?.start.line === line && (c.span?.start.offset ?? 0) < head,
  );
  return { above, rest: withoutComments(node, above.length) };
}

/** `linesAbove`, and the empty line after the last comment. */
function linesAboveKeepingBlank(comments: readonly Comment[] | undefined): Doc {
  const last = comments?.[comments.length - 1];
  return last ? [linesAbove(comments), last.blankLineAfter ? hardline : ""] : "";
}

/** Comments on lines of their own above what follows. */
function linesAbove(comments: readonly Comment[] | undefined): Doc {
  return comments?.length ? [printCommentLines(comments), hardline] : "";
}

/** `comment` at the end of the line: the enclosing groups break after it. */
function endOfLine(comment: Comment): Doc {
  // Inside a region printed as written, the region's text holds it: the
  // line it ends may be before or after the region.
  if (comment.inRegion) return "";
  return [lineSuffix(` ${TRAILING}${trailingText(comment)}`), breakParent];
}

/**
 * Marks where a comment ending a line is printed, for `unalignTrailingComments`
 * (suffixes are not measured). Private-use characters around a nonce drawn
 * for the process: a string or comment holding private-use characters of
 * its own must keep them.
 */
const TRAILING = `\uE000${Array.from(crypto.getRandomValues(new Uint32Array(2)), (w) => w.toString(16)).join("")}\uE001`;

/**
 * `text` without the marks of comments ending lines, each moved a column
 * to the right when it would start at the column where the next line
 * starts (with code or a line comment): read back, such a comment would
 * begin the next line's comments (as nixfmt reads it), not end its line.
 */
function unalignTrailingComments(text: string): string {
  if (!text.includes(TRAILING)) return text;
  let out = "";
  let from = 0;
  for (let at = text.indexOf(TRAILING); at >= 0; at = text.indexOf(TRAILING, from)) {
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    const newline = text.indexOf("\n", at);
    const column = at - lineStart - countMarks(text, lineStart, at) * TRAILING.length;
    const first = from <= lineStart || !text.slice(lineStart, at).includes(TRAILING);
    out += text.slice(from, at);
    if (first && newline >= 0 && startsAt(text, newline + 1, column)) out += " ";
    from = at + TRAILING.length;
  }
  return out + text.slice(from);
}

function countMarks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf(TRAILING, from); i >= 0 && i < to; i = text.indexOf(TRAILING, i + 1))
    count++;
  return count;
}

/** The line at `start` has code or a line comment at `column`, after blanks. */
function startsAt(text: string, start: number, column: number): boolean {
  let i = start;
  while (text[i] === " " || text[i] === "\t") i++;
  if (i - start !== column || i >= text.length) return false;
  return !/[\r\n]/.test(text[i] as string) && !text.startsWith("/*", i);
}

/**
 * The text of a trailing comment as nixfmt writes it: `/* c *\/` becomes
 * `# c`, and `#c` one space after the `#`.
 */
function trailingText(comment: Comment): string {
  if (comment.kind === "line") return `# ${comment.text.slice(1).trim()}`.trimEnd();
  const printed = printComment(comment);
  return typeof printed === "string" ? printed : comment.text;
}

/** The lines inside a block comment, re-indented as nixfmt's lexer does. */
function blockCommentLines(comment: Comment, doc: boolean): string[] {
  const column = (comment.span?.start.column ?? 1) - 1;
  const inner = comment.text.slice(doc ? 3 : 2, -2);
  let lines = dropEmptyEnd(
    inner
      .replace(/\r\n/g, "\n")
      .split("\n")
      .map((l) => l.trimEnd()),
  );
  // A column of `*` under the opening `/*` is dropped when every line has it.
  const star = `${" ".repeat(column)} *`;
  const rest = lines.slice(1);
  if (rest.length > 0 && rest.every((l) => l.startsWith(star)))
    lines = [lines[0] as string, ...rest.map((l) => " ".repeat(column) + l.slice(star.length))];
  lines = dropEmptyEnd(lines.map((l) => l.trimEnd()));
  if (lines.length === 0) return [];
  const first = lines[0] as string;
  let strip = column + (first.startsWith(" ") ? 3 : 2);
  for (const l of lines.slice(1))
    if (l.trim() !== "") strip = Math.min(strip, l.length - l.trimStart().length);
  const prefix = " ".repeat(strip);
  lines = [
    first.trim(),
    ...lines.slice(1).map((l) => (l.startsWith(prefix) ? l.slice(strip) : l.trimStart())),
  ];
  while (lines[0] === "") lines.shift();
  return lines;
}

function dropEmptyEnd(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1] === "") end--;
  return lines.slice(0, end);
}

// ---------------------------------------------------------------------------
// Bindings

function printBinding(binding: Binding): Doc {
  const name = plainItemName(binding);
  const simple = name === undefined ? undefined : smallItem(name, (binding as SimpleBinding).value);
  if (simple !== undefined) return simple;
  if (binding.kind === "Inherit") return withComments(binding, printInherit(binding));
  if (binding.kind === "PrintedBinding") return hardLines(binding.text, binding.level);
  const value = binding.value;
  const text = name !== undefined && value.kind === "AttrSet" ? setText(name, value, 0) : undefined;
  if (text !== undefined) return hardLines(text);
  const path = printAttrPath(binding.path);
  const pathEnd = binding.path[binding.path.length - 1]?.span?.end.line;
  const equals = binding.equalsComments ?? [];
  const blankBeforeEquals = binding.blankLineBeforeEquals === true;
  if (equals.length || blankBeforeEquals) {
    const line = binding.equalsLine;
    const below = { comments: equals, blank: blankBeforeEquals };
    const assignment = operatorBelow(path, pathEnd, below, "=", binding.value, line);
    return withComments(binding, [assignment, bindingSemicolon(binding)]);
  }
  // A comment on the line of `=` stays after it, `=` on the name's line when nothing is between.
  const equalsLine = binding.equalsLine ?? pathEnd;
  const rhs = mayGoBelow(
    binding.path,
    path,
    binding.value,
    printRightHandSide(binding.value, equalsLine),
  );
  const semicolon = bindingSemicolon(binding);
  // concat(path, " =", rhs, ";")
  const contents =
    typeof path === "string" && typeof rhs === "string" && semicolon === ";"
      ? `${path} =${rhs};`
      : [path, " =", rhs, semicolon];
  return withComments(binding, group(contents));
}

/**
 * The `;` of a binding. Comments before it stay there, `;` on a line of its
 * own, as nixfmt keeps them; so does one ending the value's line before it.
 */
function bindingSemicolon(binding: AttrBindingNode): Doc {
  const closing = binding.closingComments;
  if (closing?.length) return [hardline, printCommentLines(closing), hardline, ";"];
  return binding.value.trailingComment ? [hardline, ";"] : ";";
}

/** Comments in or around it, or empty lines around `=`: no one-line text for it. */
function hasBindingComments(binding: AttrBindingNode): boolean {
  return (
    // `hasComments`, asked here (see there).
    !!binding.comments?.length ||
    binding.trailingComment !== undefined ||
    !!binding.closingComments?.length ||
    !!binding.equalsComments?.length ||
    binding.blankLineBeforeEquals === true ||
    binding.value.blankLineBefore === true
  );
}

/**
 * After a name of more than four parts, or with a part that is not a plain
 * name (a string, an interpolation), nixfmt lets a value that opens on the
 * line of `=` (a set, a list, a string) go below it when that line does
 * not fit: the name is long enough that it is worth it. A name printed on
 * several lines (`pathDoc` must break) puts any value below: nixfmt's line
 * break after `=` is the binding's, and only what is before it on one line
 * would keep the value up.
 */
function mayGoBelow(path: readonly AttrName[], pathDoc: Doc, value: Expr, rhs: Doc): Doc {
  if (path.length <= 4 && path.every((name) => name.kind === "Identifier")) return rhs;
  if (mustBreak(pathDoc) && !commentsAbove(value).length && !value.blankLineBefore)
    return indent([hardline, valueBelow(value)]);
  if (hasComments(value) || (!isAbsorbable(value) && value.kind !== "String")) return rhs;
  return choice([rhs, indent([hardline, printExpr(value, EXPRESSION, isAbsorbable(value))])]);
}

/**
 * `name = value;` as one line of text, for the commonest binding of a
 * generated file (a plain name, a small value, no comments) when it fits:
 * the text `printBinding` gives it, without making the documents that
 * would decide so. Generated files are mostly such lines, and they are
 * printed while the engine still runs this code unoptimized.
 */
function smallItem(name: string, value: Expr): string | undefined {
  const text = smallFitting(name, value);
  return text === undefined ? undefined : `${name} = ${text};`;
}

/** A binding `plainItemName` names: one plain name. */
type SimpleBinding = AttrBindingNode & { readonly path: readonly [IdentifierNode] };

/** The text of `value` (see `smallValue`) when `name = value;` fits on a line. */
function smallFitting(name: string, value: Expr): string | undefined {
  const text = smallValue(value);
  // `length` counts at least the columns nixfmt counts: a text that fits by it fits.
  return text !== undefined && name.length + text.length + 4 <= lineWidth ? text : undefined;
}

/** The name of `binding` when it is `name = value;` of one plain name, without comments. */
function plainItemName(binding: Binding): string | undefined {
  if (binding.kind !== "AttrBinding" || hasBindingComments(binding)) return undefined;
  return plainPathName(binding.path);
}

/** The name of `path` when it is one plain name. */
function plainPathName(path: readonly AttrName[]): string | undefined {
  return path.length === 1 ? plainName(path[0] as AttrName) : undefined;
}

/**
 * `name = { ... };` for a set lowering made (no source) of `smallItem`s
 * and of such sets: the lines `printBinding` gives the commonest item of a
 * generated model (after `=`, a set but `{ inherit a; }` always breaks),
 * without making its documents; the lines after the first indented for
 * `level`.
 */
function setText(name: string, set: AttrSetNode, level: number): string | undefined {
  const text = setLines(name, set, level);
  return text === undefined ? undefined : `${text};`;
}

/** `setText` but its last `;`: the text an enclosing set's item gives it. */
function setLines(name: string, set: AttrSetNode, level: number): string | undefined {
  // `hasComments`, asked here (see there).
  if (set.span || set.comments?.length || set.trailingComment !== undefined) return undefined;
  const { bindings } = set;
  if (bindings.length === 0 || onlyInherit(set) || set.closingComments?.length) return undefined;
  // The pieces of the text, put together with `+` (a chain of pieces, made
  // one string by `kept`): joined from an array, they cost about 25M more
  // instructions at 10,000 services, for 3 MB less garbage.
  // Looked up here, made by a call once a level: a call for each set costs.
  const joints = SET_JOINTS[level] ?? setJoints(level);
  let text = name;
  let starts = set.recursive ? joints.openRec : joints.open;
  for (let i = 0; i < bindings.length; i++) {
    const item = bindings[i] as Binding;
    // What `plainItemName` asks, but of the path, which `itemStart` asks
    // (written out: a call more for every item costs).
    if (item.kind !== "AttrBinding" || item.blankLineBefore || hasBindingComments(item))
      return undefined;
    const start = itemStart(starts, item.path);
    if (start === undefined) return undefined;
    const itemValue = item.value;
    const value = smallFitting(start.name, itemValue);
    if (value === undefined) {
      // A set in the set (a target's `properties`), printed as `printBinding` prints it.
      const inner =
        itemValue.kind === "AttrSet" ? setLines(start.name, itemValue, level + 1) : undefined;
      if (inner === undefined) return undefined;
      text += starts.before + inner;
    } else if ((itemValue.kind === "String" || itemValue.kind === "List") && value.includes("\n"))
      // A string may hold a line break as written (parsed code in a generated
      // set). Only a string's text (or a list's of one) may: the others are
      // not searched, there are several in each service.
      return undefined;
    else text += start.text + value;
    starts = joints.between;
  }
  return text + joints.close;
}

/**
 * The texts before the items of a `setText` at a level, each with the
 * item's name and ` = ` (made once a name: the items of a model's sets
 * have a few names, and a set's text has fewer pieces).
 */
interface SetJoints {
  /** After the name: ` = {` (or ` = rec {`) and the first item's line break. */
  readonly open: ItemStarts;
  readonly openRec: ItemStarts;
  /** After an item but the last: `;` and the next item's line break. */
  readonly between: ItemStarts;
  /** After the last item: `;`, a line break and `}`. */
  readonly close: string;
}

/** `before`, an item's name and ` = `, by the item's path (see `itemStart`). */
interface ItemStarts {
  readonly before: string;
  readonly starts: WeakMap<readonly AttrName[], ItemStart>;
}

/** The plain name of an item's path, and the text before its value. */
interface ItemStart {
  readonly name: string;
  readonly text: string;
}

const SET_JOINTS: SetJoints[] = [];

/**
 * The texts around the items of a `setText` at `level`, made once a level
 * (kept in `SET_JOINTS`): with them, a set's text has fewer pieces, and
 * putting them together costs by the piece.
 */
function setJoints(level: number): SetJoints {
  const itemBreak = lineStart(level + 1);
  return (SET_JOINTS[level] = {
    open: { before: ` = {${itemBreak}`, starts: new WeakMap() },
    openRec: { before: ` = rec {${itemBreak}`, starts: new WeakMap() },
    between: { before: `;${itemBreak}`, starts: new WeakMap() },
    close: `;${lineStart(level)}}`,
  });
}

/**
 * `starts.before`, the name of `path` and ` = `, when `path` is one plain
 * name (`plainPathName`); undefined else. Kept by path: lowering makes one
 * path for each attribute name of a file (`attrPath`), which thousands of
 * items share, and nodes are never modified, so the name is asked about
 * once, not for each item.
 */
function itemStart(starts: ItemStarts, path: readonly AttrName[]): ItemStart | undefined {
  const known = starts.starts.get(path);
  if (known !== undefined) return known;
  const name = plainPathName(path);
  if (name === undefined) return undefined;
  const start = { name, text: `${starts.before}${name} = ` };
  starts.starts.set(path, start);
  return start;
}

/** An identifier without comments, as printed; undefined for anything else. */
function plainName(name: AttrName): string | undefined {
  // `hasComments`, asked here (see there).
  if (name.kind !== "Identifier" || name.comments?.length || name.trailingComment !== undefined)
    return undefined;
  return isIdentifier(name.name) ? name.name : undefined;
}

/**
 * The flat text of a value that `printRightHandSide` keeps on the line of
 * `=` when it fits (and only then): a number, a name, a selection of
 * names, a double-quoted string without interpolation, `[ ]` or a list of
 * one such value, `{ }` or a set of one short `inherit`. Undefined for
 * anything else, or with comments or lines from the source.
 */
function smallValue(value: Expr): string | undefined {
  // `hasComments`, asked here (see there).
  if (value.comments?.length || value.trailingComment !== undefined) return undefined;
  switch (value.kind) {
    // Numbers and strings, most values of a model's sets, here: a call fewer for each.
    case "Int":
      return printInt(value);
    case "String": {
      // Indexed, not destructured: destructuring runs the iterator protocol, for every string.
      const only = value.parts[0];
      if (value.style !== "double" || value.parts.length > 1) return undefined;
      if (only === undefined) return '""';
      return only.kind === "Text" ? `"${only.raw}"` : undefined;
    }
    case "Select":
    case "List":
      return sharedSmallValue(value);
    default:
      return newSmallValue(value);
  }
}

/**
 * The texts `smallValue` made of selections and lists, by node. Lowering
 * makes some such nodes once for many items (`pkgs.hello`, a placement
 * `[ infrastructure.t ]`): their text, put together from pieces, is made
 * once and shared.
 */
const SMALL_TEXTS = new WeakMap<Expr, string>();

/** `smallValue` of a selection or a list, made once for each node. */
function sharedSmallValue(value: Expr): string | undefined {
  let text = SMALL_TEXTS.get(value);
  if (text === undefined) {
    text = newSmallValue(value);
    if (text !== undefined) SMALL_TEXTS.set(value, text);
  }
  return text;
}

/** `smallValue` of a value without comments but a number or a string, made anew. */
function newSmallValue(value: Expr): string | undefined {
  switch (value.kind) {
    case "Identifier":
      // Its comments are asked about above: `plainName` would ask again.
      return isIdentifier(value.name) ? value.name : undefined;
    case "Select": {
      if (value.default !== undefined || value.blankLineBeforeDot || value.blankLineAfterDot)
        return undefined;
      const base = value.expr.kind === "Identifier" || value.expr.kind === "Select";
      const from = base ? smallValue(value.expr) : undefined;
      return from === undefined ? undefined : plainNames(value.path, from, ".");
    }
    case "List": {
      if (value.items.length > 1 || value.closingComments?.length || spansLines(value))
        return undefined;
      const item = value.items[0];
      if (item === undefined) return "[ ]";
      const text = item.kind === "List" ? undefined : smallValue(item);
      return text === undefined ? undefined : `[ ${text} ]`;
    }
    case "AttrSet": {
      if (value.closingComments?.length || spansLines(value) || value.bindings.length > 1)
        return undefined;
      const only = value.bindings[0];
      if (only === undefined) return value.recursive ? "rec { }" : "{ }";
      // Put together from as few pieces as may be: each costs, for every service.
      const open = value.recursive ? "rec { inherit" : "{ inherit";
      return only.kind === "Inherit" ? simpleInherit(only, open, "; }") : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `inherit a b` as one line, between `start` (ending in `inherit`) and
 * `end` (starting with `;`): fewer than four plain names, no source, no
 * comments.
 */
function simpleInherit(
  node: Binding & { kind: "Inherit" },
  start: string,
  end: string,
): string | undefined {
  // `hasComments`, asked here (see there).
  const commented = !!node.comments?.length || node.trailingComment !== undefined;
  if (node.from || commented || node.closingComments?.length || spansLines(node)) return undefined;
  if (node.names.length === 0 || node.names.length > 3) return undefined;
  const names = plainNames(node.names, start, " ");
  return names === undefined ? undefined : names + end;
}

/** `start`, then each of `names` after `separator`; undefined unless all are plain names. */
function plainNames(
  names: readonly AttrName[],
  start: string,
  separator: string,
): string | undefined {
  let text = start;
  for (let i = 0; i < names.length; i++) {
    const name = plainName(names[i] as AttrName);
    if (name === undefined) return undefined;
    text += separator + name;
  }
  return text;
}

/**
 * `inherit (from) a b;`: on one line when it was (in the source), has
 * fewer than four names and no comments among them; else one name per line,
 * with their comments and empty lines, and `;` on its own. A comment on the
 * line of `inherit` (or of its source) stays there.
 */
function printInherit(node: Binding & { kind: "Inherit" }): Doc {
  const names = node.names;
  // Below a source on lines of its own (after comments), the `)` ends no
  // line of the source: comments after the source go above the first name.
  const below = node.from !== undefined && commentsAbove(node.from).length > 0;
  const headLine = node.from ? node.from.span?.end.line : node.span?.start.line;
  const keyword = below ? { comment: undefined, items: names } : keywordComment(names, headLine);
  const items = keyword.items;
  // A comment ending the line of the source, inside its parentheses, ends
  // the line after them (with no names, it goes above the `;`): where it
  // is found again when the output is read. Below comments, the source is
  // on lines of its own, and keeps it.
  const sourceComment = below ? undefined : node.from?.trailingComment;
  // (With names, keyword.comment comes from the first: there are names.)
  const heads = names.length > 0 ? [sourceComment, keyword.comment] : [];
  const head = heads.filter((c) => c !== undefined);
  const closing =
    sourceComment && names.length === 0
      ? [sourceComment, ...(node.closingComments ?? [])]
      : node.closingComments;
  const from = sourceComment ? { ...(node.from as Expr), trailingComment: undefined } : node.from;
  // An empty line before the source stays, and puts it on a line of its own.
  const before = node.blankLineBeforeFrom ? [hardline, hardline] : line;
  const source = from === undefined ? [] : [group([before, printParen(from)])];
  const commented =
    head.length > 0 ||
    !!closing?.length ||
    items.some((n) => hasComments(n) || n.blankLineBefore === true);
  if (!commented && names.length < 4 && !spansLines(node)) {
    const list = names.map((n) => [line, printAttrName(n)]);
    return group(["inherit", indent([...source, ...list, softline, ";"])]);
  }
  const list =
    items.length > 0 || closing?.length
      ? [hardline, printItems(items, (n) => withComments(n, printAttrName(n)), closing)]
      : "";
  return group(["inherit", indent([...source, head.map(endOfLine), list, hardline, ";"])]);
}

/** The value after `=` or `?`: absorbed on the same line when nixfmt would, else moved to the next line. */
function printRightHandSide(value: Expr, equalsLine?: number): Doc {
  // A comment on the line of `=` stays there, the value goes below.
  const comment = commentOnLine(value, equalsLine);
  if (comment) {
    // An empty line after it stays.
    const blank = comment.blankLineAfter ? hardline : "";
    return [endOfLine(comment), indent([hardline, blank, valueBelow(withoutComments(value))])];
  }
  // After an empty line, it starts a line a level deeper, as it does after
  // comments; nixfmt lays out what starts there as it does after `=`.
  if (value.blankLineBefore) return indent([hardline, hardline, valueBelow(value)]);
  if (commentsAbove(value).length) return indent([hardline, printExpr(value, EXPRESSION)]);
  // `a = 1 # c` before `;`: the comment stays on the line, `;` goes below (see `printBinding`).
  if (value.trailingComment) return spaced(printExpr(value, EXPRESSION));
  const operation = printOperationValue(value);
  if (operation !== undefined) return operation;
  if (isAbsorbable(value) || isAbsorbableLambda(value) || isAbsorbableWith(value))
    return spaced(printAbsorbed(value, !onlyInherit(value)));
  switch (value.kind) {
    case "Paren":
      if (
        (isAbsorbable(value.expr) || isAbsorbableLambda(value.expr)) &&
        !commentsAbove(value.expr).length &&
        !hasParenBlanks(value)
      )
        return spaced(printExpr(value, EXPRESSION));
      return spaced(group(absorbedParen(value.expr, value)));
    // A URI is printed as the string it is (and read back as one).
    case "String":
    case "Uri":
    case "Path":
      return spaced(printExpr(value, EXPRESSION));
    case "Apply":
      return callAfterSpace(value);
    default:
      return group(indent([line, printExpr(value, EXPRESSION)]));
  }
}

/** A value after `=` or `?` on a line of its own: a set or list expanded (nixfmt's `absorbRHS`). */
function valueBelow(value: Expr): Doc {
  return printExpr(value, EXPRESSION, isAbsorbable(value) && !onlyInherit(value));
}

/**
 * A call after `=` or an operator, with the space before it: on the line
 * when it fits, or all but an argument it expands (see `applyLayouts`);
 * else on the next line, a step in, laid out as a call alone: the
 * function and the arguments but the last on a line (or one a line), the
 * last below them. (nixfmt's priority layouts count only where the call
 * starts on the line of `=`.)
 */
function callAfterSpace(value: Expr & { kind: "Apply" }): Doc {
  const { fn, args } = flattenApply(value);
  const simple = isSimple(value);
  // Its comments are a language annotation at most: printed before the string it calls.
  const head = value.comments?.length && !fn.comments ? { ...fn, comments: value.comments } : fn;
  const { sameLine, broken } = applyLayouts(head, args, simple);
  if (simple && sameLine.length > 0) return spaced(simpleCall(sameLine, args));
  // Below, nixfmt's group of the call is dissolved (its `prettyApp` after
  // `absorbRHS`): the line before the last argument breaks even where the
  // call would fit on one line there, the function and the arguments
  // before it kept together if they fit (nixfmt's regression-207).
  const below = group(indent([line, ungrouped(broken)]));
  if (lineBreaksCall(fn.trailingComment !== undefined, args)) return below;
  return choice([...sameLine.map(spaced), below]);
}

/** A set holding one `inherit` only: a value nixfmt does not expand. */
function onlyInherit(value: Expr): boolean {
  return (
    value.kind === "AttrSet" && value.bindings.length === 1 && value.bindings[0]?.kind === "Inherit"
  );
}

/** `doc` after a space. */
function spaced(doc: Doc): Doc {
  return concat2(" ", doc);
}

// ---------------------------------------------------------------------------
// Attribute names and selection

function printAttrPath(path: readonly AttrName[]): Doc {
  if (path.length === 1) return printAttrName(path[0] as AttrName);
  return concat(...join(".", path.map(printAttrName)));
}

function printAttrName(name: AttrName): Doc {
  switch (name.kind) {
    case "Identifier":
      // `or` is a keyword only after a selection: as an attribute name it is written bare.
      return isIdentifier(name.name) || name.name === "or"
        ? name.name
        : `"${escapeDoubleQuoted(name.name)}"`;
    case "String":
      return printString(name);
    case "Interpolation":
      return printInterpolationNode(name);
  }
}

/** Bases after which nixfmt may break the line before a selection's `.`. */
const STARTS_OWN_LINE: ReadonlySet<Expr["kind"]> = new Set<Expr["kind"]>([
  "AttrSet",
  "List",
  "String",
  "Path",
]);

function printSelect(
  select: SelectPath,
  fallback: Expr | undefined,
  or?: Position,
  blankBeforeOr?: boolean,
): Doc {
  const { expr: base, path } = select;
  const plainSelect = base.kind === "Select" && base.default === undefined;
  const bare = plainSelect || levelOf(base) === ATOM;
  const baseDoc = bare ? printExpr(base, SELECT) : parenthesize(base);
  // After a set, list or string that spans lines, `.a` starts the next line
  // (`}`, newline, `.a`); after a comment ending the line of the base, it
  // starts the next line too, as nixfmt writes it (`a # c`, newline, `.b`).
  // After parentheses, `.a` starts the next line only when it does not fit on theirs.
  // After a number, a space comes first, as nixfmt keeps it: `1.a` would
  // read as the float `1.` and then `a`.
  const selected =
    select.blankLineBeforeDot?.length || select.blankLineAfterDot?.length
      ? [baseDoc, printDots(select)]
      : base.trailingComment
        ? [baseDoc, hardline, ".", printAttrPath(path)]
        : STARTS_OWN_LINE.has(base.kind)
          ? [baseDoc, softline, ".", printAttrPath(path)]
          : base.kind === "Paren" || !bare
            ? [baseDoc, softFillLine, ".", printAttrPath(path)]
            : concat(baseDoc, isNumber(base) ? " ." : ".", printAttrPath(path));
  if (fallback === undefined) return selected;
  // `or default` moves to the next line only when the line up to the
  // default's first possible break is too long. `a.b or c.d or e` is
  // `a.b or (c.d or e)`: the chain is laid out as one, the `or`s filling
  // lines, each nested in the one before (so each line it breaks onto is
  // indented once more). An empty line around an `or` ends the chain
  // there: what follows is printed as a default of its own.
  const chain: Doc[] = [];
  let next: Expr | undefined = fallback;
  let at = or;
  let blank = blankBeforeOr === true;
  while (
    next?.kind === "Select" &&
    next.default !== undefined &&
    !hasComments(next) &&
    !next.blankLineBefore &&
    !blank
  ) {
    chain.push([fillLine, "or ", printSelect(next, undefined)]);
    at = next.or;
    blank = next.blankLineBeforeOr === true;
    next = next.default;
  }
  let defaults: Doc = next === undefined ? "" : orDefault(next, at, blank);
  for (let i = chain.length - 1; i >= 0; i--) defaults = [chain[i] as Doc, indent(defaults)];
  // A group: on one line, its nestings do not count for the lines after.
  return group([selected, indent(defaults)]);
}

/** An integer or float literal, which a selection's `.` must not follow right after. */
function isNumber(expr: Expr): boolean {
  return expr.kind === "Int" || expr.kind === "Float";
}

/** What `printSelect` prints before any `or`. */
type SelectPath = Pick<SelectNode, "expr" | "path" | "blankLineBeforeDot" | "blankLineAfterDot">;

/**
 * `.a.b` with the empty lines the source has around its dots. nixfmt prints
 * the trivia of each `.` and of each name in place (`pretty Selector`),
 * nothing nested: the empty line merges with the break it may have before
 * the first `.`, and what follows starts a line at the same level.
 */
function printDots(select: SelectPath): Doc[] {
  const { path, blankLineBeforeDot: before, blankLineAfterDot: after } = select;
  const emptyLine = [hardline, hardline];
  // Without an empty line before it, the first `.` follows the base as it does in `printSelect`.
  const base = select.expr;
  const first = base.trailingComment
    ? hardline
    : STARTS_OWN_LINE.has(base.kind)
      ? softline
      : isNumber(base)
        ? " "
        : "";
  return path.map((name, i) => [
    before?.includes(i) ? emptyLine : i === 0 ? first : "",
    ".",
    after?.includes(i) ? emptyLine : "",
    printAttrName(name),
  ]);
}

/**
 * `or default` after a break or a space, as nixfmt writes it: a comment
 * written before `or` (at `or`) ends the line before it, one after it ends
 * its line. More comments, or longer ones, go above the default. Empty
 * lines before `or` (`blankBeforeOr`) and between it and the default are
 * kept, the default then at the column of `or` (without comments).
 */
function orDefault(value: Expr, or: Position | undefined, blankBeforeOr: boolean): Doc[] {
  const comments = commentsAbove(value);
  if (!comments.length && (blankBeforeOr || value.blankLineBefore)) {
    const emptyLine = [hardline, hardline];
    const afterOr = value.blankLineBefore ? emptyLine : " ";
    return [blankBeforeOr ? emptyLine : fillLine, "or", afterOr, printExpr(value, SELECT)];
  }
  const before = comments.filter((c) => or && (c.span?.start.offset ?? 0) < or.offset);
  const after = comments.slice(before.length);
  const oneLine = comments.every((c) => typeof printComment(c) === "string");
  if (before.length > 1 || after.length > 1 || !oneLine)
    return [fillLine, "or ", printExpr(value, SELECT)];
  const rest = withoutComments(value, comments.length);
  return [
    before[0] ? [endOfLine(before[0]), hardline] : fillLine,
    "or",
    after[0] ? [endOfLine(after[0]), hardline] : " ",
    printExpr(rest, SELECT),
  ];
}

// ---------------------------------------------------------------------------
// Functions

function printLambda(lambda: LambdaNode): Doc {
  if (lambda.param.kind === "Identifier") {
    // `a: b: c:` on one line; a comment before a parameter puts it on a line of its own.
    const params: Doc[] = [];
    let depth = 0;
    let body: Expr = lambda;
    let colonLine: number | undefined;
    while (body.kind === "Lambda" && body.param.kind === "Identifier" && depth < 8) {
      const param = `${printIdentifier(body.param.name)}:`;
      // A comment on the line of the `:` before stays there (nixfmt's trailing comment of `:`).
      const comment = depth === 0 ? undefined : commentOnLine(body, colonLine);
      if (depth === 0) params.push(param);
      else if (comment) {
        const rest = withoutComments(body);
        const next = commentsAbove(rest)[0];
        const blank = next ? next.blankLineBefore : body.blankLineBefore;
        params.push(endOfLine(comment), paramBelow(rest, param, blank === true));
      } else if (body.comments?.length || body.blankLineBefore)
        params.push(paramBelow(body, param, body.blankLineBefore === true));
      else params.push(" ", param);
      colonLine = body.param.span?.end.line;
      depth++;
      body = body.body;
    }
    const comment = commentOnLine(body, colonLine);
    if (comment) return [params, afterColonComment(comment, body)];
    if (body.blankLineBefore) return [params, hardline, hardline, printExpr(body, EXPRESSION)];
    if (isAbsorbable(body) || isAbsorbableLambda(body) || isAbsorbableWith(body)) {
      return group([params, " ", printAbsorbed(body)]);
    }
    return group([params, depth <= 2 ? line : hardline, printExpr(body, EXPRESSION)]);
  }
  // Comments before `:` stay there, `:` on a line of its own, as nixfmt keeps them.
  const colon = lambda.colonComments?.length
    ? [hardline, printCommentLines(lambda.colonComments), hardline, ":"]
    : ":";
  const header = [printFormals(lambda.param), colon];
  const body = lambda.body;
  // A comment on the line of `:` stays there, the body below.
  const colonLine = lambda.colonComments?.length
    ? (lambda.colonComments[lambda.colonComments.length - 1]?.span?.end.line ?? 0) + 1
    : lambda.param.span?.end.line;
  const comment = commentOnLine(body, colonLine);
  if (comment) return [header, afterColonComment(comment, body)];
  if (body.blankLineBefore) return [header, hardline, hardline, printExpr(body, EXPRESSION)];
  // A body written below the pattern stays below it.
  if (bodyOnNextLine(lambda)) return [header, hardline, printExpr(body, EXPRESSION)];
  if (canFlattenFormals(lambda.param) && (isAbsorbable(body) || isAbsorbableLambda(body))) {
    return [header, " ", printExpr(body, EXPRESSION, true)];
  }
  if (isAbsorbable(body)) return group([header, line, printExpr(body, EXPRESSION, true)]);
  return group([header, line, printExpr(body, EXPRESSION)]);
}

/** `param` of `lambda` on a line of its own, below its comments; `blank`: after an empty line. */
function paramBelow(lambda: LambdaNode, param: string, blank: boolean): Doc {
  return [hardline, blank ? hardline : "", linesAboveKeepingBlank(lambda.comments), param];
}

/**
 * `comment`, the first before `body`, ending the line of `:` (nixfmt's
 * trailing comment of `:`), kept there; the body below at the same level,
 * after an empty line when one follows that line.
 */
function afterColonComment(comment: Comment, body: Expr): Doc {
  const rest = withoutComments(body);
  const next = commentsAbove(rest)[0];
  const blank = (next ? next.blankLineBefore : body.blankLineBefore) ? hardline : "";
  return [endOfLine(comment), hardline, blank, printExpr(rest, EXPRESSION)];
}

function printFormals(formals: FormalsNode): Doc {
  const pattern = printFormalsPattern(formals);
  if (formals.bind === undefined) return pattern;
  const name = printIdentifier(formals.bind.name.name);
  return formals.bind.position === "before" ? [name, "@", pattern] : [pattern, "@", name];
}

function printFormalsPattern(formals: FormalsNode): Doc {
  const items: Doc[] = formals.formals.map((written, i) => {
    const f = defaultCommentOnFormal(written);
    const isLast = i === formals.formals.length - 1 && !formals.ellipsis;
    const name = printIdentifier(f.name.name);
    const formal = f.default === undefined ? name : printDefault(name, f, f.default);
    const comma = isLast ? ifBreak(",") : ",";
    // With comments before and after the comma, the comma starts a line:
    // `a # c`, `, # d`; so it does after comments kept before it.
    const before = f.commaComments?.length ? [hardline, printCommentLines(f.commaComments)] : "";
    // A trailing comment written after the comma stays after it (the
    // formal may be in a region printed as written that ends before it).
    const moved = before && afterComma(f) ? f.trailingComment : undefined;
    const after = [moved ? endOfLine(moved) : "", f.commaComment ? endOfLine(f.commaComment) : ""];
    const doc =
      before || f.commaComment
        ? [withComments(moved ? { ...f, trailingComment: undefined } : f, formal), before]
        : withComments(f, [formal, comma]);
    const item = before || f.commaComment ? [doc, hardline, comma, after] : doc;
    // Empty lines between formals are kept, as between bindings.
    return f.blankLineBefore ? [hardline, item] : item;
  });
  // Comments after the last formal but before `...` stay before it.
  const ellipsisAt = formals.ellipsisAt?.offset ?? Infinity;
  const comments = formals.closingComments ?? [];
  // (Without `...`, all are closing comments.)
  const beforeEllipsis = formals.ellipsis
    ? comments.filter((c) => (c.span?.start.offset ?? 0) < ellipsisAt)
    : [];
  const closingComments = comments.slice(beforeEllipsis.length);
  if (formals.ellipsis) {
    const trailingComment = formals.ellipsisComment;
    const ellipsis = withComments({ comments: beforeEllipsis, trailingComment }, "...");
    items.push(formals.blankLineBeforeEllipsis ? [hardline, ellipsis] : ellipsis);
  }
  if (items.length === 0 && !closingComments.length)
    return spansLines(formals) ? ["{", hardline, "}"] : "{ }";
  const separator = canFlattenFormals(formals) ? line : hardline;
  // An empty line after the last formal (or `...`) stays before the comments, as in a set.
  const blankAfterLast = items.length > 0 && closingComments[0]?.blankLineBefore === true;
  const closing = closingComments.length
    ? [separator, blankAfterLast ? hardline : "", printCommentLines(closingComments)]
    : "";
  const blank = blankBeforeClose(formals, lastFormalLine(formals), closingComments);
  return group([
    "{",
    indent([separator, join(separator, items), closing]),
    blank ? hardline : "",
    separator,
    "}",
  ]);
}

/** Whether the trailing comment of `formal` comes after its comma. */
function afterComma(formal: FormalNode): boolean {
  const comma = formal.comma?.offset;
  const start = formal.trailingComment?.span?.start.offset;
  return comma !== undefined && start !== undefined && start > comma;
}

/**
 * `formal` with the comment ending the line of its default as its own: it
 * is printed after the comma either way, where it is read back as the
 * formal's, and the default is laid out as it then is.
 */
function defaultCommentOnFormal(formal: FormalNode): FormalNode {
  const value = formal.default;
  const comment = value?.trailingComment;
  if (!value || !comment || formal.trailingComment || formal.commaComment) return formal;
  return { ...formal, default: { ...value, trailingComment: undefined }, trailingComment: comment };
}

/** `name ? default`, maybe with comments before the `?` (see `commentedOperator`). */
function printDefault(name: string, formal: FormalNode, value: Expr): Doc {
  const nameLine = formal.name.span?.end.line;
  const questionLine = formal.question?.line ?? nameLine;
  const comments = formal.questionComments ?? [];
  // nixfmt's `pretty ParamAttr`: `name <> hardspace <> nest (qmark <> absorbRHS def)`, where an
  // empty line in the trivia of `?` or of the default stays, as after `=` of a binding.
  const blank = formal.blankLineBeforeQuestion === true;
  if (!comments.length && !blank)
    return group([name, " ?", printRightHandSide(value, questionLine)]);
  return operatorBelow(name, nameLine, { comments, blank }, "?", value, questionLine);
}

/** `doc` prints as one character. */
function oneCharacter(doc: Doc): boolean {
  return (typeof doc === "string" ? doc : flatText(doc))?.length === 1;
}

/**
 * `name op value` with `op` (`=` or `?`) below the name, a level deeper, as nixfmt puts it after something before it: after
 * comments between them, which stay there (one on the name's line ends
 * it, the others go below too), or after an empty line (`blank`: before
 * the comments, if any), which stays, as does one after the comments.
 * After one character (a one-letter name, an `op` starting a line), with
 * a deeper line below, nixfmt puts a comment two spaces on, not one: read
 * again at the column of the code below, it would be that code's comment
 * (its `layoutGreedy`).
 */
function operatorBelow(
  name: Doc,
  nameLine: number | undefined,
  { comments, blank }: { readonly comments: readonly Comment[]; readonly blank: boolean },
  op: string,
  value: Expr,
  opLine: number | undefined,
): Doc {
  const [first, ...rest] = comments;
  const onNameLine = first?.span?.start.line === nameLine;
  const trailing = first && onNameLine && !first.text.includes("\n") ? first : undefined;
  const above = trailing ? rest : comments;
  const operator = commentOnLine(value, opLine) ? `${op} ` : op;
  return [
    name,
    trailing ? [oneCharacter(name) ? " " : "", endOfLine(trailing)] : "",
    indent([
      hardline,
      blank ? hardline : "",
      linesAboveKeepingBlank(above),
      operator,
      printRightHandSide(value, opLine),
    ]),
  ];
}

/**
 * nixfmt keeps `{ a, b, ... }` on one line only for up to two formals
 * without defaults or comments, written on one line.
 */
function canFlattenFormals(formals: FormalsNode): boolean {
  return (
    formals.formals.length <= 2 &&
    formals.formals.every(
      (f) => f.default === undefined && !hasComments(f) && !f.commaComments?.length,
    ) &&
    !formals.closingComments?.length &&
    !formals.ellipsisComment &&
    !spansLines(formals)
  );
}

/** The source had the body of `{ ... }: body` on a later line than the `:`. */
function bodyOnNextLine(lambda: LambdaNode): boolean {
  const colonLine = lambda.colonLine ?? lambda.param.span?.end.line;
  const bodyLine = lambda.body.span?.start.line;
  return colonLine !== undefined && bodyLine !== undefined && bodyLine !== colonLine;
}

function flattenApply(expr: Expr): { fn: Expr; args: Expr[] } {
  const args: Expr[] = [];
  let fn = expr;
  // The outer application's own comments are printed by its caller; inner ones stay on their node.
  while (fn.kind === "Apply" && (fn === expr || !hasComments(fn))) {
    // A call inside ends with a comment once read back: it is the function then.
    const read = fn === expr ? fn : withClosingLineComment(fn);
    if (read !== fn) return { fn: read, args };
    args.unshift(inParentheses(fn.arg, SELECT));
    fn = fn.fn;
  }
  return { fn, args };
}

/**
 * `expr` in the parentheses it is printed in where it binds looser than
 * `maxLevel` (`x ("q" or)`): laid out as if written with them, its
 * comments inside, so that its layout is the one fmt gives it once it
 * reads them back.
 */
function inParentheses(expr: Expr, maxLevel: number): Expr {
  return levelOf(expr) > maxLevel ? { kind: "Paren", expr } : expr;
}

/** The layouts of a call, best first. */
interface ApplyLayouts {
  /**
   * Those that start the call on the current line: all on one line; with
   * one argument expanded (`f a {` ... `}`, `f (` ... `) b`), the last
   * first. When an argument cannot be flat, it is the one expanded; when
   * more than one cannot (or the function cannot), there are none.
   */
  readonly sameLine: Doc[];
  /** The first arguments that fit on the line, then one argument per line. */
  readonly broken: Doc;
}

/**
 * The layouts of `f a b`; `simple` calls (see `isSimple`) expand only their
 * last argument. `post` ends the broken layout (see `brokenCall`).
 */
function applyLayouts(
  fn: Expr,
  args: readonly Expr[],
  simple: boolean,
  post: Doc = "",
): ApplyLayouts {
  return callLayouts(printExpr(fn, APPLY), fn.trailingComment !== undefined, args, simple, post);
}

/** `applyLayouts` for a function printed as `fnDoc`; `fnComment`: a comment ends its line. */
function callLayouts(
  fnDoc: Doc,
  fnComment: boolean,
  args: readonly Expr[],
  simple: boolean,
  post: Doc = "",
): ApplyLayouts {
  const listPair = lastTwoLists(args);
  const docs = args.map((a, i) => argumentDoc(args, i, listPair));
  const broken = brokenCall(fnDoc, docs, args, post, fnComment);
  if (lineBreaksCall(fnComment, args) || dotsBreakCall(args, simple))
    return { sameLine: [group(broken, { shouldBreak: true })], broken };
  // An argument after comments starts a line, below them, and so does
  // each argument after it (nixfmt expands the call from there on).
  const firstCommented = args.findIndex((a) => commentsAbove(a).length);
  if (firstCommented >= 0) {
    const commented = args.map((a, i) =>
      i >= firstCommented ? indent([hardline, docs[i] as Doc]) : [" ", docs[i] as Doc],
    );
    return { sameLine: [[fnDoc, ...commented]], broken };
  }
  const withArgument = (i: number, doc: Doc): Doc => [
    fnDoc,
    ...docs.map((d, j) => [" ", j === i ? doc : d]),
  ];
  const breaking = docs.flatMap((d, i) => (mustBreak(d) ? [i] : []));
  if (mustBreak(fnDoc) || breaking.length > 1) return { sameLine: [], broken };
  const last = args.length - 1;
  const hug = (i: number): Doc =>
    group(expandedArgument(args[i] as Expr, i === last), { shouldBreak: true });
  const lastHugs = !listPair && isHuggable(args[last] as Expr);
  const only = breaking[0];
  if (only !== undefined) {
    // The arguments after it must fit after it; a list beside a list is not expanded alone.
    if (only === last && lastHugs) return { sameLine: [withArgument(last, hug(last))], broken };
    const after = closingWidth(args[only] as Expr, docs[only] as Doc);
    const alone = !inListPair(args, only) && fitsAfterClose(docs.slice(only + 1), after);
    return { sameLine: alone ? [withArgument(-1, "")] : [], broken };
  }
  const sameLine = [withArgument(-1, "")];
  if (lastHugs) sameLine.push(withArgument(last, hug(last)));
  if (!simple)
    for (let i = last - 1; i >= 0; i--)
      if (
        expandsInPlace(args, i) &&
        fitsAfterClose(docs.slice(i + 1), closingWidth(args[i] as Expr, docs[i] as Doc))
      )
        sameLine.push(withArgument(i, hug(i)));
  return { sameLine, broken };
}

/**
 * A comment ends the line of the function or of an argument before the
 * last, or an empty line comes before an argument: the call is broken
 * there, one argument per line from there on (the empty line kept; the
 * function and the arguments before laid out as a call of their own), and
 * after `=`, the call starts below it.
 */
function lineBreaksCall(fnComment: boolean, args: readonly Expr[]): boolean {
  return fnComment || args.slice(0, -1).some((a) => a.trailingComment) || args.some(blankBefore);
}

/**
 * A selection with an empty line at a dot breaks the call, one argument a
 * line, unless it is the last argument of a simple call: nixfmt's
 * `prettyApp` keeps a simple call's function and arguments on one line only
 * when all but the last can be (`unexpandSpacing'`, which an empty line fails).
 */
function dotsBreakCall(args: readonly Expr[], simple: boolean): boolean {
  const dotted = args.findIndex(hasDotBlankLines);
  return dotted >= 0 && (!simple || dotted < args.length - 1);
}

/** A selection with an empty line around one of its dots. */
function hasDotBlankLines(expr: Expr): boolean {
  return expr.kind === "Select" && !!(expr.blankLineBeforeDot || expr.blankLineAfterDot);
}

function blankBefore(node: NodeBase): boolean {
  return node.blankLineBefore === true;
}

/** The last two arguments are lists: nixfmt lays them out together, never expanding one alone. */
function lastTwoLists(args: readonly Expr[]): boolean {
  return args.length >= 2 && args.slice(-2).every((a) => a.kind === "List");
}

/** Argument `i` beside its neighbour when both are lists (`f [ a ] [ b ]`). */
function inListPair(args: readonly Expr[], i: number): boolean {
  return args[i]?.kind === "List" && (args[i - 1]?.kind === "List" || args[i + 1]?.kind === "List");
}

/**
 * Argument `i` of a call as printed in the call: a list of up to six
 * simple items before the last argument (or as one of the last two) may
 * stay on one line. Parentheses last are laid out as nixfmt lays out a
 * last argument (its `absorbLast`) in every layout of the call: `(` and
 * `)` on lines of their own around what does not open on the line of `(`.
 */
function argumentDoc(args: readonly Expr[], i: number, listPair: boolean): Doc {
  const arg = args[i] as Expr;
  const inner = i < args.length - 1 || listPair;
  if (inner && arg.kind === "List" && arg.items.length <= 6 && arg.items.every(isSimple))
    return group(withComments(arg, printList(arg, line)));
  if (!inner && arg.kind === "Paren" && !hasComments(arg) && !endsSomeLine(arg.expr))
    return group(expandedArgument(arg, true));
  return group(printExpr(arg, SELECT));
}

/**
 * A call broken greedily: as many arguments as fit on the first line (`f a
 * b` is `(f a) b`, a group in a group), then one per line; two lists side
 * by side stay on one line or each go on one. `post` ends the outermost
 * group: it counts when the whole call is measured.
 */
function brokenCall(
  fnDoc: Doc,
  docs: readonly Doc[],
  args: readonly Expr[],
  post: Doc,
  fnComment = false,
): Doc {
  let broken = fnDoc;
  // The break before argument `i`: an empty line when the source has one.
  const before = (i: number, otherwise: Doc): Doc =>
    args[i]?.blankLineBefore ? [hardline, hardline] : otherwise;
  for (let i = 0; i < docs.length; i++) {
    let step: Doc = [before(i, line), docs[i] as Doc];
    if (args[i]?.kind === "List" && args[i + 1]?.kind === "List") {
      // After a comment ending the function's line, the first list starts the next.
      const first = before(i, i === 0 && fnComment ? hardline : line);
      const pair = [first, docs[i] as Doc, before(i + 1, line), docs[i + 1] as Doc];
      step = i + 2 === docs.length ? pair : group(pair);
      i++;
    }
    broken = group([broken, indent(step), i === docs.length - 1 ? post : ""]);
  }
  return broken;
}

/** `(...).a`: a selection from what is printed in parentheses. */
function selectsFromParens(expr: Expr): boolean {
  if (expr.kind !== "Select" || expr.default !== undefined) return false;
  const base = expr.expr;
  return base.kind === "Paren" || (base.kind !== "Select" && levelOf(base) !== ATOM);
}

/** Whether `docs` fit on one line after the last line of an expanded argument, `after` columns. */
function fitsAfterClose(docs: readonly Doc[], after = 1): boolean {
  const text = flatText(docs.map((d) => [" ", d]));
  return text !== undefined && after + text.length <= lineWidth;
}

/**
 * The columns of the last line of argument `arg` (printed as `doc`)
 * expanded, where the arguments after it follow: a `)` or `]`, or the last
 * line of an indented string, without the indentation of its lines
 * (which nixfmt does not count).
 */
function closingWidth(arg: Expr, doc: Doc): number {
  if (breaksAtInterpolation(arg)) return afterLastInterpolation(arg as StringNode);
  if (arg.kind !== "String") return 1;
  const lines = printedLines(doc);
  const last = lines?.[lines.length - 1];
  if (last === undefined) return 1;
  // Its lines are a level deeper than `''` (printed alone, two columns in).
  return last.startsWith("  ") ? last.length - 2 : last.length;
}

/** Whether argument `i` (not the last) may be the one expanded, the others on the call's lines. */
function expandsInPlace(args: readonly Expr[], i: number): boolean {
  const arg = args[i] as Expr;
  if (inListPair(args, i) || hasComments(arg)) return false;
  // A simple call in parentheses is never broken (see `printParen`), so it cannot open here.
  if (arg.kind === "Paren") return !isSimpleParenCall(arg);
  if (breaksAtInterpolation(arg)) return true;
  return arg.kind === "List" || isAbsorbable(arg) || levelOf(arg) > SELECT;
}

/**
 * The columns of `}`, what follows it and `"`, closing a string after its
 * last `${ }` that breaks (see `breaksAtInterpolation`).
 */
function afterLastInterpolation(string: StringNode): number {
  const last = string.parts.findLastIndex(breaksInterpolated);
  const rest = flatText(string.parts.slice(last + 1).map(printStringPart));
  return 2 + (rest ?? "").length;
}

/**
 * A string on one line with code in `${ }` that is laid out between line
 * breaks when the line is too long (see `printInterpolation`): an argument
 * that expands there, as nixfmt's priority expansion of an argument does.
 */
function breaksAtInterpolation(arg: Expr): boolean {
  if (arg.kind !== "String" || arg.style !== "double" || hasComments(arg)) return false;
  if (arg.parts.some((p) => p.kind === "Text" && p.raw.includes("\n"))) return false;
  return arg.parts.some(breaksInterpolated);
}

/** `${ }` in a string whose code goes between line breaks when the line is too long. */
function breaksInterpolated(part: StringPart): boolean {
  if (part.kind !== "Interpolation" || part.closingComments?.length || hasComments(part.expr))
    return false;
  if (isAbsorbable(part.expr) || isSimple(part.expr)) return false;
  const flat = flatText(printExpr(part.expr, EXPRESSION));
  return flat === undefined || flat.length > SHORT_INTERPOLATION;
}

/** `(f a)` of a simple call (see `isSimple`) without comments: printed on one line, always. */
function isSimpleParenCall(paren: ParenNode): boolean {
  const inner = paren.expr;
  return (
    inner.kind === "Apply" &&
    !hasComments(inner) &&
    !paren.closingComments?.length &&
    !hasParenBlanks(paren) &&
    isSimple(inner)
  );
}

/** An argument expanded: it opens on the call's line and closes on a line of its own. */
function expandedArgument(arg: Expr, last: boolean): Doc {
  if (arg.kind === "Paren") {
    // With empty lines inside, nixfmt lays out a last argument with its `absorbParen`, another as
    // parentheses anywhere (`prettyTerm`).
    if (hasParenBlanks(arg))
      return last ? withComments(arg, absorbedParen(arg.expr, arg)) : printExpr(arg, SELECT);
    const hugs = last
      ? huggedInParens(arg.expr)
      : isAbsorbable(arg.expr) || isAbsorbableLambda(arg.expr);
    return hugs ? printExpr(arg, SELECT) : withComments(arg, absorbedParen(arg.expr, arg));
  }
  return levelOf(arg) > SELECT ? absorbedParen(arg) : printExpr(arg, SELECT);
}

/**
 * `(` and `)` around an expression that does not open on their lines
 * (nixfmt's `absorbParen`): on one line, else each on a line of its own.
 */
function absorbedParen(inner: Expr, paren?: ParenNode): Doc {
  const closing = paren?.closingComments;
  const comments = closing?.length ? [hardline, printCommentLines(closing)] : "";
  // Empty lines after `(` and before `)` stay, merged with the breaks there.
  const after = paren?.blankLineAfterOpen ? hardline : "";
  const before = paren?.blankLineBeforeClose && !closing?.length ? hardline : "";
  const doc = printExpr(inner, EXPRESSION);
  return ["(", indent([softline, after, doc, comments, before]), softline, ")"];
}

/**
 * What a last argument opens on the line of its `(`: a set, list or string
 * that spans lines, a function returning one (but for a function of
 * several names, `a: b: {`), and a named function applied to one (`(f {`
 * ... `})`).
 */
function huggedInParens(inner: Expr): boolean {
  if (isAbsorbable(inner)) return true;
  const curried =
    inner.kind === "Lambda" && inner.param.kind === "Identifier" && inner.body.kind === "Lambda";
  if (isAbsorbableLambda(inner)) return !curried;
  return (
    inner.kind === "Apply" &&
    inner.fn.kind === "Identifier" &&
    !hasComments(inner) &&
    !hasComments(inner.fn) &&
    isAbsorbable(inner.arg)
  );
}

/** A last argument that may open on the call's line and close on a line of its own. */
function isHuggable(arg: Expr): boolean {
  return (
    isAbsorbable(arg) || isAbsorbableLambda(arg) || arg.kind === "Paren" || levelOf(arg) > SELECT
  );
}

function printApply(expr: Expr): Doc {
  const { fn, args } = flattenApply(expr);
  const simple = isSimple(expr);
  const { sameLine, broken } = applyLayouts(fn, args, simple);
  // nixfmt never breaks a simple call (`f a b` of simple parts, see `isSimple`) before its last argument.
  if (simple && sameLine.length > 0) return simpleCall(sameLine, args);
  return choice([...sameLine, broken]);
}

/**
 * A simple call's layouts: one on a single line (as text when it can be), or
 * the best that fits. nixfmt keeps the function and the arguments but the
 * last on one line: a last string may break at an interpolation, a last
 * selection from parentheses before its `.`.
 */
function simpleCall(sameLine: readonly Doc[], args: readonly Expr[]): Doc {
  const only = sameLine[0] as Doc;
  if (sameLine.length > 1) return conditionalGroup(sameLine);
  const last = args[args.length - 1];
  const breaks = last?.kind === "String" || (last !== undefined && selectsFromParens(last));
  if (!breaks || !Array.isArray(only)) return flatText(only) ?? only;
  const parts = only as readonly Doc[];
  const head = flatText(parts.slice(0, -1));
  return head === undefined ? only : [head, parts[parts.length - 1] as Doc];
}

// ---------------------------------------------------------------------------
// Operators and control flow

function printBinary(expr: Expr & { kind: "Binary" }, wideFirst = false): Doc {
  if (COMPARISONS.has(expr.op)) return printComparison(expr);
  // Chains of the same operator are laid out flat: `a // b // c`, one operand per line when broken.
  const [first, ...rest] = chainOperands(expr);
  if (!first) return "";
  return group([
    wideFirst ? printWideOperand(first.expr, first.level) : printExpr(first.expr, first.level),
    ...rest.map((o) => operatorAndOperand(expr.op, o)),
  ]);
}

/**
 * nixfmt's `a <> softline <> op <> hardspace <> b`, nothing nested. The
 * comments before the operator go above it, on lines of their own; the
 * one ending its line stays there; those below it stay there, the right
 * operand below them. Empty lines among them stay.
 */
function printComparison(expr: BinaryNode): Doc {
  const levels = binaryOperandLevels(expr.op);
  const { left, right, operator, operatorComment: comment } = expr;
  const above = commentsAbove(right);
  const operatorAt = operator?.offset ?? -1;
  const after = above.findIndex((c) => (c.span?.start.offset ?? Infinity) > operatorAt);
  const before = after < 0 ? above : above.slice(0, after);
  const first = before[0];
  const last = before[before.length - 1];
  // nixfmt's soft line: the operator moves down only when the line up to
  // its operand's first break does not fit, or after a comment.
  const between = left.trailingComment ? hardline : fillLine;
  const lineBefore =
    first && last
      ? [
          hardline,
          first.blankLineBefore ? hardline : "",
          printCommentLines(before),
          hardline,
          last.blankLineAfter ? hardline : "",
        ]
      : expr.blankLineBeforeOperator
        ? [hardline, hardline]
        : between;
  const rest = withoutComments(right, before.length);
  const below = commentsAbove(rest)[0];
  // An empty line after the operator's line stays (before the comments below it, if any).
  const blank = (below ? below.blankLineBefore : right.blankLineBefore) ? hardline : "";
  const lineAfter = comment
    ? [endOfLine(comment), hardline, blank]
    : blank || below
      ? [hardline, blank]
      : " ";
  return [
    printExpr(left, levels.left),
    lineBefore,
    expr.op,
    lineAfter,
    printExpr(rest, levels.right),
  ];
}

/**
 * The first operand of a chain after `=`, expanded when it can be (nixfmt's
 * `prettyTermWide`): a set's bindings on lines of their own, a list's
 * lines breaking with the chain.
 */
function printWideOperand(operand: Expr, level: number): Doc {
  if (operand.kind !== "List" || hasComments(operand)) return printExpr(operand, level, true);
  return printList(operand, hardline, false);
}

/**
 * The break before `op`, then `op operand`, as nixfmt writes them:
 * comments written before the operator, or after it on its line, go above
 * it; those on the lines after it, or after the `(` the operand starts
 * with (nixfmt keeps those with the `(`), stay after it, the operand below
 * them, both a level deeper. Empty lines before the operator and after it
 * stay.
 */
function operatorAndOperand(op: string, operand: Operand): Doc[] {
  const { expr, level, operator } = operand;
  const above = commentsAbove(expr);
  // An empty line before the operator stays: before the comments above
  // it, if any, they print it (as the one after them).
  const lineBefore = operand.blankBefore ? [hardline, hardline] : line;
  // After an empty line, the operand starts a line a level deeper (below
  // the comments after the operator, if any).
  const blank = expr.blankLineBefore === true;
  if (blank && !above.length)
    return [lineBefore, op, indent([hardline, hardline, printExpr(expr, level)])];
  if (!above.length) {
    if (expr.kind === "Apply" && !hasComments(expr)) return [lineBefore, op, callAfterSpace(expr)];
    // Another operation starts a line of its own, a level deeper, when it does
    // not fit after the operator (nixfmt's `absorbOperation`).
    if (expr.kind === "Binary" && levelOf(expr) <= level)
      return [lineBefore, op, group(indent([line, printExpr(expr, level)]))];
    return [lineBefore, op, " ", printExpr(expr, level)];
  }
  const opLine = operator?.line;
  const start = expr.span?.start.offset ?? Infinity;
  const after = above.findIndex(
    (c) =>
      (opLine !== undefined && (c.span?.start.line ?? 0) > opLine) ||
      (c.span?.start.offset ?? 0) > start,
  );
  const before = after < 0 ? above : above.slice(0, after);
  const rest = withoutComments(expr, before.length);
  // An empty line after the last of them stays when it is before the operator.
  const last = before[before.length - 1];
  const lastBeforeOperator = (last?.span?.start.offset ?? Infinity) < (operator?.offset ?? 0);
  const lines = lastBeforeOperator ? linesAboveKeepingBlank(before) : linesAbove(before);
  const comments = last ? [line, before[0]?.blankLineBefore ? hardline : "", lines] : lineBefore;
  if (after < 0 && !blank) return [comments, op, " ", printExpr(rest, level)];
  return [comments, op, indent([hardline, blank ? hardline : "", printExpr(rest, level)])];
}

/**
 * An operand of a chain: the loosest level it may have unparenthesized,
 * where the operator before it starts, and whether an empty line comes
 * before that operator.
 */
interface Operand {
  readonly expr: Expr;
  readonly level: number;
  readonly operator?: Position;
  readonly blankBefore?: boolean;
}

/** The operands of a chain of one operator (`a ++ b ++ c`, either way associated). */
function chainOperands(expr: Expr & { kind: "Binary" }): Operand[] {
  const levels = binaryOperandLevels(expr.op);
  const operands: Operand[] = [];
  const collect = (e: Expr, level: number, operator?: Position, blankBefore?: boolean): void => {
    // The outer operation's own comments are printed by its caller; an
    // inner one's go to its operands.
    const chained = e.kind === "Binary" && e.op === expr.op && (e === expr || levelOf(e) <= level);
    const parts = !chained ? undefined : e === expr ? e : operandsWithComments(e);
    if (parts && e.kind === "Binary") {
      collect(parts.left, levels.left, operator, blankBefore);
      collect(parts.right, levels.right, e.operator, e.blankLineBeforeOperator);
    } else operands.push({ expr: e, level, operator, blankBefore });
  };
  collect(expr, EXPRESSION);
  return operands;
}

/**
 * The operands of `a op b` with its comments: those before it go to `a`,
 * the one after it to `b` (undefined when `b` has one already).
 */
function operandsWithComments(
  e: Expr & { kind: "Binary" },
): { left: Expr; right: Expr } | undefined {
  if (!hasComments(e) && !e.blankLineBefore) return e;
  if (e.trailingComment && e.right.trailingComment) return undefined;
  const comments = [...(e.comments ?? []), ...(e.left.comments ?? [])];
  const left = {
    ...e.left,
    comments,
    blankLineBefore: e.blankLineBefore || e.left.blankLineBefore,
  };
  const trailingComment = e.trailingComment ?? e.right.trailingComment;
  return { left, right: { ...e.right, trailingComment } };
}

/** Operators whose operations nixfmt lays out compactly after `=`. */
const UPDATE_CONCAT_PLUS: ReadonlySet<string> = new Set(["//", "++", "+"]);

/**
 * After `=`, `a // b`, `a ++ b` and `a + b` as nixfmt writes them, or
 * undefined for the usual layout: when the first operand is a set or list,
 * the operation starts on the line of `=` (`x = [` ... `] ++ y;`); when
 * there are two operands and the second is a set or list, `x = a // {` if
 * that fits, else each operand on a line of its own.
 */
function printOperationValue(value: Expr): Doc | undefined {
  if (value.kind !== "Binary" || !UPDATE_CONCAT_PLUS.has(value.op)) return undefined;
  const operands = chainOperands(value);
  const first = operands[0];
  if (first && isAbsorbable(first.expr) && !commentsAbove(first.expr).length)
    return spaced(printBinary(value, true));
  const last = operands[1];
  if (
    !first ||
    !last ||
    operands.length !== 2 ||
    !isAbsorbable(last.expr) ||
    hasComments(last.expr)
  )
    return undefined;
  const left = printExpr(first.expr, first.level);
  const tail = [value.op, " ", printExpr(last.expr, last.level, true)];
  const broken = group(indent([line, left, line, tail]));
  if (mustBreak(left)) return broken;
  const states: Doc[] = [[" ", left, " ", tail]];
  // A list that does not fit on the line opens on it all the same, its
  // items below, when what comes before it fits (nixfmt expands it first).
  if (last.expr.kind === "List") {
    const expanded = group(printList(last.expr, hardline, false), { shouldBreak: true });
    states.push([" ", left, " ", value.op, " ", expanded]);
  }
  states.push(broken);
  return conditionalGroup(states);
}

function printIf(expr: Expr & { kind: "If" }): Doc {
  // Comments on the line of the first `if`, after it, go above it, as nixfmt moves them.
  const { above, rest: cond } = commentsOnKeywordLine(expr.cond, expr.span?.start.line);
  if (!above.length) return group(ifChain(expr, line));
  return [linesAbove(above), group(ifChain({ ...expr, cond }, line))];
}

/**
 * `if c then a else b`, and its `else if` links. As in nixfmt, the branches
 * of a link after the first sit on lines of their own (`separator` is a hard
 * line), so a chain with an `else if` is always laid out expanded.
 */
function ifChain(expr: Expr & { kind: "If" }, separator: Doc): Doc[] {
  const thenLine = expr.thenLine ?? expr.cond.span?.end.line;
  // Comments on lines before `then` stay before it.
  const early = expr.then.comments?.filter((c) => startsByLine(c, (thenLine ?? 0) - 1)) ?? [];
  const cond = [blankLine(expr.cond), printExpr(expr.cond, EXPRESSION)];
  const beforeThen = expr.blankLineBeforeThen && !early.length ? hardline : "";
  const head = group(["if", indent([line, cond]), line, beforeThen, linesAbove(early), "then"]);
  const rest = early.length ? withoutComments(expr.then, early.length) : expr.then;
  // A comment on the line of `then` stays there.
  const comment = commentOnLine(rest, thenLine);
  const then = comment ? withoutComments(rest) : rest;
  const branch = [
    head,
    comment ? endOfLine(comment) : "",
    indent([separator, blankLine(expr.then), group(printExpr(then, EXPRESSION))]),
    separator,
  ];
  const next = expr.else;
  if (next.kind === "If") {
    // Comments before an `else if` or on the line of `else` go above the `else`; those on
    // lines after it stay between it and the `if`, not indented (nixfmt's trivia of `if`).
    const comments = next.comments ?? [];
    const before = comments.filter((c) => startsByLine(c, expr.elseLine));
    const after = comments.slice(before.length);
    const above = linesAboveAfterBlank(before);
    const beforeElse = blankBeforeElse(expr, before);
    // After an empty line, nixfmt starts the `if` a line below `else`, not indented.
    const afterElse = after.length
      ? [hardline, after[0]?.blankLineBefore ? hardline : "", linesAboveKeepingBlank(after)]
      : next.blankLineBefore && !comments.length
        ? [hardline, hardline]
        : " ";
    return [...branch, beforeElse, above, "else", afterElse, ...ifChain(next, hardline)];
  }
  // Comments written before `else` or on its line go above it, as nixfmt puts them.
  const comments = next.comments?.filter((c) => startsByLine(c, expr.elseLine)) ?? [];
  const body = comments.length > 0 ? withoutComments(next, comments.length) : next;
  const above = [blankBeforeElse(expr, comments), linesAboveAfterBlank(comments)];
  const elseBody = [line, blankLine(body), group(printExpr(body, EXPRESSION))];
  return [...branch, above, "else", indent(elseBody)];
}

/**
 * nixfmt prints the trivia of `then`, `else` and the first token of each
 * part of an `if` where they are (its `prettyIf`): an empty line there
 * stays, merged with the line break the layout has there.
 */
function blankLine(expr: Expr): Doc {
  return expr.blankLineBefore ? hardline : "";
}

/** An empty line before `else` (with comments before it, the one before them, kept with them). */
function blankBeforeElse(expr: Expr & { kind: "If" }, comments: readonly Comment[]): Doc {
  return expr.blankLineBeforeElse && !comments.length ? hardline : "";
}

/**
 * Comments on lines of their own above what follows (`else`, an
 * operator), after an empty line when the source had one before them.
 */
function linesAboveAfterBlank(comments: readonly Comment[]): Doc {
  return [comments[0]?.blankLineBefore ? hardline : "", linesAbove(comments)];
}

/** `comment` starts on line `line` or before (comments come in source order: a prefix of them does). */
function startsByLine(comment: Comment | undefined, line: number | undefined): boolean {
  return line !== undefined && comment?.span !== undefined && comment.span.start.line <= line;
}

/**
 * `keyword env;`, with the comment that ended the line after the `;` (the
 * parser gives it to `env`) still after the `;`.
 */
function printHead(keyword: string, env: Expr, keywordLine?: number): Doc {
  const comment = env.trailingComment;
  // Comments before the code, or an empty line, put it on the next line, a
  // level deeper, below them (the empty line kept); a comment on the line
  // of the keyword stays there.
  const first = commentsAbove(env)[0];
  const onLine = commentOnLine(env, keywordLine);
  const blank = (onLine ? onLine.blankLineAfter : (first ?? env).blankLineBefore) === true;
  if (first || blank) {
    const rest = onLine ? withoutComments(env) : env;
    const end = onLine ? endOfLine(onLine) : "";
    const below = [blank ? hardline : "", hardline, printExpr(rest, EXPRESSION)];
    return [keyword, end, indent(below), ";"];
  }
  if (!comment) return group([keyword, " ", printExpr(env, EXPRESSION), ";"]);
  const bare = printExpr({ ...env, trailingComment: undefined }, EXPRESSION);
  return [group([keyword, " ", bare, ";"]), endOfLine(comment)];
}

/**
 * `assert cond; body`; see `printAssertHead`. Comments on the line of
 * `assert`, after it, go above it, as nixfmt moves them.
 */
function printAssert(node: AssertNode): Doc {
  const { body } = node;
  const { above, rest: cond } = commentsOnKeywordLine(node.cond, node.span?.start.line);
  const comment = cond.trailingComment;
  const line = lineOfSemicolon(node, comment);
  // A comment after a `;` on a line of its own stays after it.
  const after = line === undefined ? undefined : commentOnLine(body, line);
  const rest = after ? withoutComments(body) : body;
  return [
    linesAbove(above),
    // A comment after the `;` (the condition's, as read) stays after it; the
    // condition is laid out as without it (nixfmt's comment of the `;`).
    comment && line === undefined
      ? [
          printAssertHead(
            { ...cond, trailingComment: undefined },
            node.blankLineBeforeSemicolon === true,
          ),
          endOfLine(comment),
        ]
      : printAssertHead(cond, node.blankLineBeforeSemicolon === true),
    after ? endOfLine(after) : "",
    hardline,
    body.blankLineBefore && !after ? hardline : "",
    printExpr(rest, EXPRESSION, WIDE_BODY),
  ];
}

/**
 * `assert cond;` as nixfmt lays it out: as if `assert` were a function
 * applied to the condition, or to the parts of a condition that is a call
 * (`assert f a;` is the call `assert f a`). A comment after the condition
 * puts `;` on the next line.
 */
function printAssertHead(cond: Expr, blankBeforeSemicolon: boolean): Doc {
  const comment = cond.trailingComment;
  const bare = comment ? { ...cond, trailingComment: undefined } : cond;
  // An empty line before `;` stays: nixfmt prints its trivia after the condition.
  const blank = blankBeforeSemicolon ? hardline : "";
  const end = comment ? [endOfLine(comment), hardline, blank, ";"] : [blank, blank, ";"];
  // (Not when a call the condition starts with has comments: `assert` is no
  // function to that call, which stays as it is, not put in parentheses.)
  const flat = bare.kind === "Apply" && !hasComments(bare) ? flattenApply(bare) : undefined;
  if (flat && flat.fn.kind !== "Apply") {
    // An empty line after `assert` is one before the first argument of the call `assert f a`.
    const fn = cond.blankLineBefore ? { ...flat.fn, blankLineBefore: true } : flat.fn;
    const { sameLine, broken } = callLayouts("assert", false, [fn, ...flat.args], false);
    return [choice([...sameLine, broken]), end];
  }
  const doc = printExpr(bare, EXPRESSION);
  // nixfmt lays the condition out as the argument of a call: after an empty line it goes
  // below `assert`, a level deeper (the `line` before it merges with the empty line).
  if (cond.blankLineBefore) return [group(["assert", indent([hardline, hardline, doc])]), end];
  // Comments above the condition go below `assert`, the condition below them.
  if ((bare.kind !== "Paren" && !isAbsorbable(bare)) || commentsAbove(bare).length)
    return [group(["assert", indent([line, doc])]), end];
  const hug = ["assert ", group(expandedArgument(bare, true), { shouldBreak: true })];
  return [mustBreak(doc) ? hug : conditionalGroup([["assert ", doc], hug]), end];
}

/**
 * The line of the `;` of `assert cond;` when `comment`, the one ending
 * the line of `cond`, comes before it (or there is none), else undefined.
 */
function lineOfSemicolon(node: AssertNode, comment: Comment | undefined): number | undefined {
  const semicolon = node.semicolon;
  if (!semicolon) return comment && semicolonLine(comment, node.body);
  const after = comment?.span !== undefined && comment.span.start.offset > semicolon.offset;
  return after ? undefined : semicolon.line;
}

/**
 * The parser gives `cond` of `assert cond;` the comment that ends its line,
 * whether it came before the `;` (which then stood on the next line) or
 * after it. The line of that `;`, or undefined when the comment came after
 * it: what follows the comment is on the next line, and is not a comment
 * to the right of where `body` starts (one after the `;`).
 */
function semicolonLine(comment: Comment, body: Expr): number | undefined {
  const from = comment.span?.start.line;
  const first = body.comments?.[0]?.span;
  const next = first ?? body.span;
  if (from === undefined || next === undefined || body.span === undefined) return undefined;
  const gap = next.start.line - from - (body.blankLineBefore ? 1 : 0);
  const afterSemicolon = first !== undefined && first.start.column > body.span.start.column;
  return gap >= 2 || afterSemicolon ? from + 1 : undefined;
}

/**
 * `with env; body`. Where nixfmt absorbs it (`absorbed`: after `=`, `(`,
 * `x:`), a set or list body opens on the line of `with`; elsewhere the
 * body goes below when it does not fit on that line (nixfmt's `prettyWith
 * False`, its line break the enclosing group's).
 */
function printWith(expr: Expr & { kind: "With" }, absorbed: boolean): Doc {
  const { env, body } = expr;
  const keywordLine = expr.span?.start.line;
  // A comment after `with env;` stays on its line, the body goes below.
  if (env.trailingComment) {
    return [
      printHead("with", { ...env, trailingComment: undefined }, keywordLine),
      endOfLine(env.trailingComment),
      hardline,
      printExpr(body, EXPRESSION, isAbsorbable(body)),
    ];
  }
  const head = printHead("with", env, keywordLine);
  if (body.blankLineBefore) return [head, hardline, hardline, printExpr(body, EXPRESSION)];
  if (absorbed && isAbsorbable(body) && !commentsAbove(body).length)
    return [head, " ", printExpr(body, EXPRESSION, true)];
  return group([head, line, printExpr(body, EXPRESSION)]);
}

/**
 * `expr` where nixfmt absorbs what opens on the line (its `absorbExpr`):
 * as `printExpr` prints it, but a `with` of a set or list absorbed too.
 */
function printAbsorbed(expr: Expr, wide = false): Doc {
  if (expr.kind !== "With") return printExpr(expr, EXPRESSION, wide);
  return withComments(expr, printWith(expr, true));
}

// ---------------------------------------------------------------------------
// Strings

function printString(node: StringNode): Doc {
  // A string cut by a region printed as written keeps its lines and its
  // `''`: the region's text holds some of them as they were.
  const parts =
    node.style === "double" ? node.parts : node.cut ? undefined : asDoubleQuoted(node.parts);
  if (parts) {
    if (parts.length === 0) return '""';
    const only = parts[0] as StringPart;
    if (parts.length === 1 && only.kind === "Text") return `"${only.raw}"`;
    return ['"', printStringLine(parts), '"'];
  }
  // nixfmt nests the lines of a cut string, each as a line of its own, for
  // the code in them.
  if (node.cut) return ["''", indent(printAsWritten(node.parts, true)), "''"];
  // Content that starts on the opening line sets the indentation Nix strips
  // (and whether a leading interpolation makes a string or a path), so such
  // strings are printed exactly as written.
  if (!canReindent(node.parts)) return ["''", printAsWritten(node.parts), "''"];
  const lines = indentedStringLines(node.parts);
  const last = lines[lines.length - 1] ?? [];
  const body = lines.slice(0, -1).map((parts) => [hardline, printStringLine(parts)]);
  const closing =
    last.length === 0 ? [hardline, "''"] : [indent([hardline, printStringLine(last)]), "''"];
  return ["''", indent(body), closing];
}

/**
 * The parts of an indented string written as they are. When it has more
 * than one line, nixfmt (which writes the text below the opening `''`)
 * measures it up to the `''` only: so does the layout here, so that the
 * string stays on the line it starts on as nixfmt keeps it there.
 */
function printAsWritten(parts: readonly StringPart[], nests = false): Doc {
  if (!parts.some((p) => p.kind === "Text" && p.raw.includes("\n")))
    return parts.map(printStringPart);
  const [first, ...rest] = parts;
  const opening = first?.kind === "Text" ? first.raw : "";
  const after = first?.kind === "Text" ? rest : parts;
  return [
    rawLines(opening, nests),
    after.map((p) =>
      p.kind === "Text" && p.raw.includes("\n") ? rawLines(p.raw, nests) : printStringPart(p),
    ),
  ];
}

/**
 * The parts of an indented string as a double-quoted string's, when nixfmt
 * writes it so: one line (after Nix drops the indentation) without `"` or
 * `\`. Unlike nixfmt, strings that Nix reads into other pieces than the
 * double-quoted one (see `samePieces`) stay as they are.
 */
function asDoubleQuoted(parts: readonly StringPart[]): readonly StringPart[] | undefined {
  const lines = indentedStringLines(parts);
  const line = lines[0];
  if (lines.length !== 1 || !line || !samePieces(parts, line)) return undefined;
  return line.some((p) => p.kind === "Text" && /["\\]/.test(p.raw)) ? undefined : line;
}

/**
 * Whether Nix reads the one `line` of an indented string into the pieces
 * it reads from the same text double-quoted: not when it has an escape
 * (`''$`, `'''`), a `'` before a `$` or the end, or a `$` before a `'` or
 * the end, which Nix reads as pieces of their own; nor when the indentation it drops came before an
 * interpolation (an empty piece is left in front), or when it is one
 * interpolation of a string (`''${"a"}''`, which Nix reads as `"a"`).
 */
function samePieces(parts: readonly StringPart[], line: readonly StringPart[]): boolean {
  const first = line[0];
  if (first?.kind === "Interpolation" && (parts[0]?.kind === "Text" || isLoneString(line)))
    return false;
  return !line.some((p) => p.kind === "Text" && /''|'(\$|$)|\$('|$)/.test(p.raw));
}

/** `line` is one interpolation of a string. */
function isLoneString(line: readonly StringPart[]): boolean {
  const only = line[0];
  return line.length === 1 && only?.kind === "Interpolation" && only.expr.kind === "String";
}

/**
 * True when the string's lines can be re-indented without changing what
 * Nix reads (its value, and the parts `nix-instantiate --parse` shows).
 * After the opening `''`, either spaces up to a newline (which Nix drops),
 * then a first content line that does not start with an interpolation or
 * an escape at column zero (with indentation before it, Nix starts the
 * value with "", which makes a string, not a path); or text on the opening
 * line, in a string of several lines (nixfmt moves it to a line of its own).
 * No line may end in a blank: the layout would trim it.
 */
function canReindent(parts: readonly StringPart[]): boolean {
  const first = parts[0];
  if (first?.kind !== "Text") return false;
  const opening = /^ *\n/.exec(first.raw)?.[0] ?? "";
  const afterOpening = first.raw.slice(opening.length);
  const rest = [afterOpening, ...parts.slice(1).map((p) => (p.kind === "Text" ? p.raw : "x"))].join(
    "",
  );
  if (/[ \t]\n/.test(rest) || parts.some(stripsAfterEscapedNewline)) return false;
  // Text, not an escape: Nix lexes a leading `'` or `$` as parts of their own.
  if (opening === "") return rest.includes("\n") && /^ *[^ '$\n]/.test(afterOpening);
  if (afterOpening === "") return parts[1]?.kind !== "Interpolation";
  return !/^['$]/.test(afterOpening);
}

/**
 * Whether `part` has an escaped newline (`''\n`) followed by a space. Nix
 * strips the common indentation after such a newline too, but leaves the
 * text after it out when it works the indentation out: re-indented, the
 * string would lose spaces there (`''x''\n y''` is "x\n y", the same text
 * indented below `''` is "x\ny").
 */
function stripsAfterEscapedNewline(part: StringPart): boolean {
  if (part.kind !== "Text") return false;
  const raw = part.raw;
  let afterNewline = false;
  for (let i = 0; i < raw.length; i++) {
    // An escape: `'''`, `''$`, or `''\` and the character it escapes.
    const escape = raw.startsWith("''", i) ? raw.slice(i, raw[i + 2] === "\\" ? i + 4 : i + 3) : "";
    if (afterNewline && (raw[i] === " " || escape === "''\\ ")) return true;
    afterNewline = escape === "''\\n";
    i += Math.max(escape.length - 1, 0);
  }
  return false;
}

/**
 * A line of a string. Lines of code in its interpolations are indented
 * under the line's first text, past its blanks (when they are two spaces
 * each), as nixfmt indents them. A call alone in `${ }` on the line (after
 * the blanks) is laid out as in parentheses: `${f a (`, lines, `)}`.
 */
function printStringLine(parts: readonly StringPart[]): Doc {
  const first = parts[0];
  const blanks = first?.kind === "Text" ? (/^ */.exec(first.raw)?.[0] ?? "") : "";
  if (blanks.length % 2 !== 0) return parts.map(printStringPart);
  const text = first?.kind === "Text" ? first.raw.slice(blanks.length) : "";
  const rest = text === "" && first?.kind === "Text" ? parts.slice(1) : parts;
  const doc = printLineRest(text === "" ? rest : [{ kind: "Text", raw: text }, ...parts.slice(1)]);
  return [blanks, offset(blanks.length, doc)];
}

/** A string line after its leading blanks. */
function printLineRest(parts: readonly StringPart[]): Doc {
  const only = parts.length === 1 ? parts[0] : undefined;
  const expr =
    only?.kind === "Interpolation" && !only.closingComments && !endsSomeLine(only.expr)
      ? only.expr
      : undefined;
  if (expr?.kind === "Apply" && !hasComments(expr) && !isSimple(expr))
    return printParenCall(expr, "${", "}");
  // Absorbed as in parentheses: a set or list after `with` opens on the line.
  if (expr && isAbsorbableWith(expr) && !hasComments(expr))
    return group(["${", printAbsorbed(expr), "}"]);
  return parts.map(printStringPart);
}

function printStringPart(part: StringPart): Doc {
  return part.kind === "Text" ? part.raw : printInterpolationNode(part);
}

function printInterpolationNode(part: InterpolationNode): Doc {
  const { expr, closingComments: closing } = part;
  const blankAfterOpen = expr.blankLineBefore === true;
  const blankBeforeClose = part.blankLineBeforeClose === true;
  // The code goes on a line of its own: after comments before `}`, which
  // stay there; after a comment that ends a line of it (else, printed at
  // the end of the line, the comment could land after `}`, in the string);
  // with an empty line after `${` or before `}`, which stay, as nixfmt keeps them.
  if (!closing?.length && !endsSomeLine(expr) && !blankAfterOpen && !blankBeforeClose)
    return printInterpolation(expr);
  const comments = closing?.length ? [hardline, printCommentLines(closing)] : "";
  return [
    "${",
    blankAfterOpen ? hardline : "",
    indent([hardline, printExpr(expr, EXPRESSION), comments]),
    hardline,
    blankBeforeClose ? hardline : "",
    "}",
  ];
}

/** Whether a comment ends a line in `expr`: it or code in it has a trailing comment. */
function endsSomeLine(expr: Expr): boolean {
  if (expr.trailingComment) return true;
  if ((expr.kind === "Unary" || expr.kind === "Binary") && expr.operatorComment) return true;
  let found = false;
  forEachChild(expr, (child) => {
    found ||= endsSomeLine(child);
  });
  return found;
}

/** Interpolations this short (printed on one line) stay on one line, however long the line gets. */
const SHORT_INTERPOLATION = 30;

/**
 * `${expr}` in a string, as nixfmt lays it out: simple code (names,
 * selections, calls with up to two simple arguments) always on one line,
 * like code that is short on one line; longer code between line breaks
 * when the line is too long.
 */
function printInterpolation(expr: Expr): Doc {
  const inner = printExpr(expr, EXPRESSION);
  if (isAbsorbable(expr) && !commentsAbove(expr).length) return group(["${", inner, "}"]);
  const flat = flatText(inner);
  // Simple code stays right after `${`, on one line if it can be (a string may span lines).
  if (isSimple(expr))
    return flat === undefined ? ["${", inner, "}"] : simpleInterpolation(expr, flat);
  if (flat !== undefined && flat.length <= SHORT_INTERPOLATION) return ["${", flat, "}"];
  return group(["${", indent([softline, inner]), softline, "}"]);
}

/**
 * `${f a}` of a simple call printed on one line (`flat`): the arguments a
 * level deeper, as nixfmt nests them. It writes them in one text with the
 * function, but their nesting still counts for the lines after it, when
 * the line it is on breaks (`{ ... }.${f a}`, newline, `or` default).
 */
function simpleInterpolation(expr: Expr, flat: string): Doc {
  if (expr.kind !== "Apply") return ["${", flat, "}"];
  const fn = flatText(printExpr(flattenApply(expr).fn, APPLY));
  if (fn === undefined || !flat.startsWith(`${fn} `)) return ["${", flat, "}"];
  return ["${", fn, " ", indent([flat.slice(fn.length + 1), "}"])];
}

/** Marks the end of a document printed on its own, so a comment printed after it shows. */
const END_OF_DOC = "\x7f";

/**
 * The text of `doc` on one line, or undefined when it cannot be printed on
 * one (it holds a line break that must stay, or a comment that ends the line).
 */
function flatText(doc: Doc): string | undefined {
  const text = printDocToString([doc, END_OF_DOC], Infinity, { measure: "nixfmt" });
  if (!text.endsWith(END_OF_DOC) || text.includes("\n")) return undefined;
  return text.slice(0, -END_OF_DOC.length);
}

/**
 * nixfmt's "simple" code (`isSimple`): literals, names, paths, selections
 * of names without a default, and calls with at most two simple arguments;
 * nothing with comments or an empty line before it.
 */
function isSimple(expr: Expr): boolean {
  if (hasComments(expr) || expr.blankLineBefore) return false;
  switch (expr.kind) {
    case "String":
    case "Uri":
    case "Path":
    case "Identifier":
    case "Int":
    case "Float":
    case "SearchPath":
      return true;
    case "Select":
      return (
        expr.default === undefined &&
        expr.path.every((n) => n.kind === "Identifier") &&
        isSimple(expr.expr)
      );
    case "Paren":
      return isSimple(expr.expr);
    case "Apply":
      if (expr.fn.kind === "Apply" && expr.fn.fn.kind === "Apply") return false;
      return isSimple(expr.fn) && isSimple(expr.arg);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// What nixfmt "absorbs": values that start on the current line and expand downwards.

function isAbsorbable(expr: Expr): boolean {
  switch (expr.kind) {
    // Empty ones too when written across lines (`[`, newline, `]`).
    case "AttrSet":
    case "LegacyLet":
      return expr.bindings.length > 0 || !!expr.closingComments?.length || spansLines(expr);
    case "List":
      return expr.items.length > 0 || !!expr.closingComments?.length || spansLines(expr);
    case "String":
      return expr.style === "indented" && indentedStringLines(expr.parts).length > 1;
    default:
      return false;
  }
}

/** `x: { ... }` and `{ a, b }: { ... }` stay on the line they start on. */
function isAbsorbableLambda(expr: Expr): boolean {
  // Comments before the body break the line after `:` (nixfmt's absorbed group does not fit).
  if (expr.kind !== "Lambda" || expr.body.blankLineBefore || commentsAbove(expr.body).length)
    return false;
  if (expr.param.kind === "Formals" && (!canFlattenFormals(expr.param) || bodyOnNextLine(expr)))
    return false;
  return isAbsorbable(expr.body) || isAbsorbableLambda(expr.body);
}

function isAbsorbableWith(expr: Expr): boolean {
  return (
    expr.kind === "With" &&
    !expr.env.trailingComment &&
    !expr.body.comments?.length &&
    isAbsorbable(expr.body)
  );
}
