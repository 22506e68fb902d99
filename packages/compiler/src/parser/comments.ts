/**
 * Puts the comments the lexer set aside back into the tree, so a formatter
 * can print them where the author wrote them:
 * - a comment goes to the outermost expression, binding, formal or name
 *   of an `inherit` that starts after it (`comments`): never to another
 *   attribute name, a set pattern or an interpolation, which are printed
 *   without comments of their own;
 * - a comment ending the line of a binding, list item or formal becomes its
 *   `trailingComment` (for a binding: after the `;`); so does one right
 *   after an expression (only blanks between) that ends the line: it goes
 *   to the outermost expression ending there, and stays on that line;
 * - comments after the last item, before `}`, `]` or `in`, become
 *   `closingComments`, and those after the expression the file's
 *   `trailingComments`.
 * Nodes are fresh from the parser, so they are updated in place.
 */
import type {
  ApplyNode,
  AttrBindingNode,
  AttrSetNode,
  AttrName,
  BinaryNode,
  Binding,
  Comment,
  Expr,
  FormalNode,
  FormalsNode,
  LambdaNode,
  LetNode,
  NixFile,
  Node,
  NodeBase,
  Position,
  UnaryNode,
} from "../syntax/ast.js";
import { forEachChild } from "./walk.js";
import { blanksFrom, isEmptyBlockComment, lineEnd } from "./nodes.js";
import { directiveKind, resolveDirectives } from "./directives.js";
import { annotatedLanguage, stringFollows } from "../syntax/comments.js";
import { COMPARISONS } from "../syntax/operators.js";
import { headTokenEnd, TOKEN_KINDS } from "../syntax/heads.js";

type Writable = { -readonly [K in keyof NodeBase]: NodeBase[K] } & {
  closingComments?: readonly Comment[];
};

/** Attaches `comments` (in source order) to the tree of `expr`; empty block comments are dropped. */
export function attachComments(
  expr: Expr,
  all: readonly Comment[],
  text: string,
  letIn: ReadonlyMap<LetNode, number>,
): NixFile {
  const comments = joinTrailingRuns(
    all.filter((c) => !isEmptyBlock(c)),
    text,
  );
  if (comments.length === 0) return { expr };
  for (const comment of comments) markBlankLineBefore(comment, text);
  const attacher = new Attacher(comments, text, letIn);
  attacher.node(expr);
  attacher.anchor(expr.comments, expr.span?.start.offset);
  const rest = attacher.takeBefore(Infinity);
  attacher.anchor(rest, text.length);
  const verbatimEnd = resolveDirectives(expr, comments, text, attacher.anchored);
  return {
    expr,
    ...(rest && { trailingComments: rest }),
    ...(verbatimEnd !== undefined && { verbatimEnd }),
  };
}

class Attacher {
  private next = 0;
  /** Comments already given to a node as its trailing comment, ahead of `next`. */
  private readonly reserved = new Set<Comment>();
  /** Comments the printer prints right before what follows them in the source (see `anchor`). */
  readonly anchored = new Set<Comment>();
  /** A call about to be attached to as the function of another: not a whole call. */
  private callee: Node | undefined;
  /**
   * The node about to be attached to, when it is in parentheses that
   * nixfmt writes around a value on lines of their own (`absorbParen`: a
   * binding's or default's value, a call's last argument): a comment after
   * its `(` stays inside them.
   */
  private absorbed: Node | undefined;

  constructor(
    private readonly comments: readonly Comment[],
    private readonly text: string,
    private readonly letIn: ReadonlyMap<LetNode, number>,
  ) {}

  /** The comments starting before `offset` that no node has taken yet. */
  takeBefore(offset: number): Comment[] | undefined {
    const first = this.next;
    while (this.next < this.comments.length && startOf(this.comments[this.next]) < offset)
      this.next += 1;
    if (this.next === first) return undefined;
    const taken = this.comments.slice(first, this.next);
    for (const comment of taken) markBlankLineAfter(comment, this.text);
    if (this.reserved.size === 0) return taken;
    const free = taken.filter((c) => !this.reserved.has(c));
    return free.length > 0 ? free : undefined;
  }

  private lead(node: Node): void {
    const start = node.span?.start.offset;
    if (start === undefined) return;
    const taken = this.takeBefore(start);
    const absorbed = node === this.absorbed;
    this.absorbed = undefined;
    const moved = this.movesAboveOpening(node, start, absorbed)
      ? this.afterOpening(start)
      : undefined;
    const comments = moved ? [...(taken ?? []), moved] : taken;
    if (comments) (node as Writable).comments = comments;
  }

  /**
   * Whether `node`, at `start`, opens with a `(` or the `{` of a set
   * pattern whose comment on its line nixfmt moves above it (not for
   * parentheses it writes on lines of their own around the value: see
   * `absorbed`).
   */
  private movesAboveOpening(node: Node, start: number, absorbed: boolean): boolean {
    const c = this.text.charCodeAt(start);
    // Parentheses of their own, not those of the first part of a call, a
    // selection or an operation, which the comment goes above with them.
    if (c === OPEN_PAREN) return !absorbed || node.kind !== "Paren";
    return c === OPEN_BRACE && node.kind === "Lambda" && node.param.kind === "Formals";
  }

  /**
   * The comment ending the line of a `(` or `{` at `open` (nixfmt's
   * trailing comment, which may be a one-line block comment before code),
   * taken: nixfmt moves it above the bracket, so it goes to the outermost
   * node the bracket starts.
   */
  private afterOpening(open: number): Comment | undefined {
    const comment = this.comments[this.next];
    const start = comment?.span?.start;
    if (!comment || !start || this.reserved.has(comment)) return undefined;
    if (!isBlank(this.text, open + 1, start.offset) || !endsItsLine(comment, this.text))
      return undefined;
    this.next += 1;
    markBlankLineAfter(comment, this.text);
    return comment;
  }

  /** Leading comments of `node`, then of everything inside it, in source order. */
  node(node: Node): void {
    if (TRAILING_KINDS.has(node.kind)) this.trailingAfter(node);
    // Nothing to attach in or before a node that ends before the next
    // comment: its subtree is skipped (trailing comments are the caller's).
    if (startOf(this.comments[this.next]) >= (node.span?.end.offset ?? Infinity)) return;
    // Interpolations and set patterns are printed without comments of
    // their own: the expression or formal after the comment takes it.
    if (node.kind !== "Interpolation" && node.kind !== "Formals") this.lead(node);
    switch (node.kind) {
      case "List":
        this.items(node.items, closeOf(node), true);
        this.closing(node, closeOf(node), true);
        return;
      case "AttrSet":
      case "LegacyLet":
        if (node.kind === "AttrSet" && node.recursive) this.afterRec(node);
        this.items(node.bindings, closeOf(node), true);
        this.closing(node, closeOf(node), true);
        return;
      case "Let": {
        const inAt = this.letIn.get(node) ?? node.body.span?.start.offset ?? Infinity;
        this.items(node.bindings, inAt, true);
        this.closing(node, inAt, true);
        this.node(node.body);
        return;
      }
      case "Binary":
        this.node(node.left);
        this.hoistFromLeft(node);
        if (COMPARISONS.has(node.op)) this.afterComparison(node);
        this.node(node.right);
        this.anchorOperand(node);
        return;
      case "Interpolation":
        this.node(node.expr);
        this.anchor(node.expr.comments, node.expr.span?.start.offset);
        this.closing(node, closeOf(node), true);
        return;
      case "Formals":
        this.formals(node);
        return;
      case "AttrBinding":
        this.names(node.path);
        this.beforeEquals(node);
        this.absorbed = node.value;
        this.node(node.value);
        // Not those left inside the value (in a string's `${ }`, which keeps none).
        if (startOf(this.comments[this.next]) >= (node.value.span?.end.offset ?? Infinity))
          this.closing(node, closeOf(node), true);
        return;
      case "Inherit":
        // Names are items with comments of their own, as nixfmt keeps them.
        this.absorbed = node.from;
        if (node.from) this.node(node.from);
        this.items(node.names, closeOf(node));
        this.closing(node, closeOf(node));
        return;
      case "Select":
        this.node(node.expr);
        this.names(node.path);
        if (node.default) this.node(node.default);
        return;
      case "HasAttr":
        this.node(node.expr);
        this.names(node.path);
        return;
      case "Unary":
        this.afterOperator(node);
        this.node(node.expr);
        return;
      case "Paren":
        this.node(node.expr);
        this.beforeClose(node.expr, closeOf(node));
        this.closing(node, closeOf(node));
        return;
      case "With":
      case "Assert": {
        // A comment after `with env;` or `assert cond;` stays after the `;`: it goes to `env`.
        const head = node.kind === "With" ? node.env : node.cond;
        this.trailingAfter(head, true);
        this.node(head);
        if (node.kind === "Assert") this.keywordLine(node, head);
        this.node(node.body);
        this.anchor(node.body.comments, node.body.span?.start.offset);
        return;
      }
      case "If":
        this.node(node.cond);
        this.keywordLine(node, node.cond);
        this.node(node.then);
        this.node(node.else);
        // Comments before `then` and `else` are printed right before them,
        // those after them right before the branch (but before an `else if`,
        // which has all its comments above the `else`).
        this.anchor(node.then.comments, nextToken(this.text, node.cond.span?.end.offset));
        this.anchor(node.then.comments, node.then.span?.start.offset);
        this.anchor(node.else.comments, nextToken(this.text, node.then.span?.end.offset));
        if (node.else.kind !== "If") this.anchor(node.else.comments, node.else.span?.start.offset);
        return;
      case "Formal":
        // The name is printed without comments of its own; those before `?` stay there.
        this.beforeQuestion(node);
        this.absorbed = node.default;
        if (node.default) this.node(node.default);
        return;
      case "Apply": {
        const outermost = this.callee !== node;
        if (node.fn.kind === "Apply") this.callee = node.fn;
        this.node(node.fn);
        if (outermost) this.absorbed = node.arg;
        this.node(node.arg);
        if (outermost) this.hoistHeadComment(node);
        return;
      }
      case "Lambda":
        // A name parameter is printed without comments of its own.
        if (node.param.kind === "Formals") this.beforeColon(node, node.param);
        this.node(node.body);
        return;
      default:
        forEachChild(node, (child) => this.node(child));
    }
  }

  /**
   * Attribute names are printed without comments: a comment among them
   * goes to the code inside a `${ }`, or else to the next node.
   */
  private names(names: readonly AttrName[]): void {
    for (const name of names) {
      if (name.kind === "Interpolation") this.node(name);
      else if (name.kind === "String")
        for (const part of name.parts) if (part.kind === "Interpolation") this.node(part);
    }
  }

  /**
   * Formals as items; a comment ending the line of a comma or of the
   * `...` stays there: the formal's trailing comment, or, when one before
   * the comma already ends the formal's line, its `commaComment`.
   */
  private formals(node: FormalsNode): void {
    const close = formalsClose(node, this.text);
    const formals = node.formals;
    for (let i = 0; i < formals.length; i++) {
      const formal = formals[i] as FormalNode;
      const next = formals[i + 1]?.span?.start.offset ?? node.ellipsisAt?.offset ?? close;
      this.node(formal);
      this.trailing(formal, formal.comma?.offset ?? next);
      if (formal.comma) this.beforeComma(formal, formal.comma.offset);
      const afterComma = formal.comma && this.endingLineOf(formal.comma, 1, next);
      if (!afterComma) continue;
      const writable = formal as { -readonly [K in "trailingComment" | "commaComment"]?: Comment };
      if (formal.trailingComment || formal.default?.trailingComment)
        writable.commaComment = afterComma;
      else writable.trailingComment = afterComma;
    }
    const ellipsis = node.ellipsisAt && this.endingLineOf(node.ellipsisAt, 3, close);
    if (ellipsis) (node as { ellipsisComment?: Comment }).ellipsisComment = ellipsis;
    this.closing(node, close);
  }

  /**
   * The comment ending the line of the operator of `node` stays there, as
   * nixfmt keeps it (the operator's trailing comment), not above the operand.
   */
  private afterOperator(node: UnaryNode): void {
    const operator = node.span?.start;
    const limit = node.expr.span?.start.offset;
    if (!operator || limit === undefined) return;
    const comment = this.endingLineOf(operator, node.op.length, limit);
    if (comment) (node as { operatorComment?: Comment }).operatorComment = comment;
  }

  /**
   * The comment ending the line of the operator of a comparison stays
   * there, as nixfmt keeps it (the operator's trailing comment): reserved,
   * so that the right operand does not take it (it takes those before it).
   */
  private afterComparison(node: BinaryNode): void {
    const operator = node.operator;
    const limit = node.right.span?.start.offset;
    if (!operator || limit === undefined) return;
    const comment = this.comments[this.firstFrom(operator.offset + node.op.length)];
    const start = comment?.span?.start;
    if (!comment || !start || this.reserved.has(comment) || start.offset >= limit) return;
    if (start.line !== operator.line || !endsItsLine(comment, this.text)) return;
    this.reserved.add(comment);
    (node as { operatorComment?: Comment }).operatorComment = comment;
  }

  /** The comments between `rec` and `{`, printed right before the `{`. */
  private afterRec(set: AttrSetNode): void {
    const start = set.span?.start.offset;
    const open = nextToken(this.text, start === undefined ? undefined : start + "rec".length);
    const taken = open === undefined ? undefined : this.takeBefore(open);
    if (!taken) return;
    (set as { recComments?: readonly Comment[] }).recComments = taken;
    this.anchor(taken, open);
  }

  /** The comments between a binding's name and its `=`, printed right before the `=`. */
  private beforeEquals(binding: AttrBindingNode): void {
    const end = binding.path[binding.path.length - 1]?.span?.end;
    const equals = nextToken(this.text, end?.offset);
    const found = equals === undefined ? undefined : this.takeBeforeToken(equals);
    if (!found || equals === undefined) return;
    const writable = binding as { equalsComments?: readonly Comment[]; equalsLine?: number };
    writable.equalsComments = found.taken;
    writable.equalsLine = found.line;
    this.anchor(found.taken, equals);
  }

  /**
   * The comments right before the token at `offset`, and the line of that
   * token; undefined when there are none.
   */
  private takeBeforeToken(offset: number): { taken: Comment[]; line: number } | undefined {
    const taken = this.takeBefore(offset);
    const last = taken?.[taken.length - 1]?.span?.end;
    if (!taken || !last) return undefined;
    return { taken, line: last.line + this.text.slice(last.offset, offset).split("\n").length - 1 };
  }

  private beforeQuestion(formal: FormalNode): void {
    const question = formal.question?.offset;
    const taken = question === undefined ? undefined : this.takeBefore(question);
    if (!taken) return;
    (formal as { questionComments?: readonly Comment[] }).questionComments = taken;
    this.anchor(taken, question);
  }

  /** A set pattern, then the comments between it and the `:` (printed right before it). */
  private beforeColon(lambda: LambdaNode, formals: FormalsNode): void {
    this.node(formals);
    const colon = nextToken(this.text, formals.span?.end.offset);
    if (colon === undefined) return;
    const found = this.takeBeforeToken(colon);
    if (!found) return;
    const writable = lambda as { colonComments?: readonly Comment[]; colonLine?: number };
    writable.colonComments = found.taken;
    writable.colonLine = found.line;
    this.anchor(found.taken, colon);
  }

  /**
   * The comments before the comma at `comma` after `formal`, when one is a
   * directive: they stay there (see `FormalNode.commaComments`), printed
   * right before the comma.
   */
  private beforeComma(formal: FormalNode, comma: number): void {
    const end = this.firstFrom(comma);
    const before = this.comments.slice(this.next, end);
    if (!before.some((c) => !this.reserved.has(c) && directiveKind(c, this.text))) return;
    const taken = this.takeBefore(comma);
    if (!taken) return;
    (formal as { commaComments?: readonly Comment[] }).commaComments = taken;
    this.anchor(taken, comma);
  }

  /**
   * Takes the next comment if it comes right after the token of `width`
   * characters at `token`, on its line, before `limit`, and ends that line.
   */
  private endingLineOf(token: Position, width: number, limit: number): Comment | undefined {
    // Past those given already as trailing comments (`a /* b *\/ , /* c *\/`).
    let index = this.next;
    while (this.reserved.has(this.comments[index] as Comment)) index++;
    const comment = this.comments[index];
    const start = comment?.span?.start;
    if (!comment || !start) return undefined;
    if (start.offset < token.offset + width || start.offset >= limit) return undefined;
    if (start.line !== token.line || !endsItsLine(comment, this.text)) return undefined;
    this.next = index + 1;
    return comment;
  }

  /**
   * Bindings, list items, formals or inherited names: each with its
   * comments, then maybe a trailing one. The printer prints bindings and
   * list items right after their comments: with `anchor`, those are anchored.
   */
  private items<N extends Expr | Binding | FormalNode | AttrName>(
    nodes: readonly N[],
    end: number,
    anchor = false,
  ): void {
    for (let i = 0; i < nodes.length; i++) {
      const item = nodes[i] as N;
      this.node(item);
      if (anchor) this.anchor(item.comments, item.span?.start.offset);
      this.trailing(item, nodes[i + 1]?.span?.start.offset ?? end);
    }
  }

  /**
   * Marks as anchored those of `comments` (printed right before the
   * token at `offset`) with only blanks and comments between them and it:
   * no token the printer puts on their other side.
   */
  anchor(comments: readonly Comment[] | undefined, offset: number | undefined): void {
    if (!comments || offset === undefined) return;
    for (const comment of comments) {
      const end = comment.span?.end.offset;
      if (end !== undefined && onlyTrivia(this.text, end, offset)) this.anchored.add(comment);
    }
  }

  /**
   * The comment right after `node` (only blanks between) that ends its line
   * becomes its trailing comment, before anything inside `node` is attached:
   * so it goes to the outermost node ending there.
   */
  private trailingAfter(node: Node, semicolon = false): void {
    const end = node.span?.end;
    if (!end || (node as NodeBase).trailingComment) return;
    const comment = this.comments[this.firstFrom(end.offset)];
    if (!comment?.span || this.reserved.has(comment)) return;
    const start = comment.span.start;
    if (start.line !== end.line || !isBlank(this.text, end.offset, start.offset, semicolon)) return;
    if (!endsItsLine(comment, this.text)) return;
    (node as Writable).trailingComment = comment;
    this.reserved.add(comment);
  }

  /** The index of the first comment from `next` on that starts at or after `offset`. */
  private firstFrom(offset: number): number {
    let low = this.next;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (startOf(this.comments[middle]) < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The next comment, if it ends the line on which `item` ends and comes before `limit`. */
  private trailing(item: Node, limit: number): void {
    if ((item as NodeBase).trailingComment) return;
    const comment = this.comments[this.next];
    const end = item.span?.end;
    if (!comment?.span || !end || this.reserved.has(comment)) return;
    const start = comment.span.start;
    if (start.offset < end.offset || start.offset >= limit || start.line !== end.line) return;
    if (!endsItsLine(comment, this.text)) return;
    (item as Writable).trailingComment = comment;
    this.next += 1;
  }

  /**
   * Anchors the comments of the right operand of `node` where the printer
   * keeps them: those on lines after the operator right before the
   * operand, those before the operator (but in a comparison) right before it.
   */
  private anchorOperand(node: BinaryNode): void {
    const operator = node.operator;
    const comments = node.right.comments;
    if (!operator || !comments) return;
    const before = comments.filter((c) => (c.span?.start.offset ?? 0) < operator.offset);
    const after = comments.filter((c) => (c.span?.start.line ?? 0) > operator.line);
    this.anchor(before, operator.offset);
    this.anchor(after, node.right.span?.start.offset);
  }

  /**
   * Comments of `cond` on the line of the keyword `node` starts with (`if`,
   * `assert`), written after it or after the `(` that `cond` starts with:
   * nixfmt moves them above the keyword, so they go to `node`. Not one
   * moved up from after the first name or literal of `cond`.
   */
  private keywordLine(node: Node, cond: Expr): void {
    const line = node.span?.start.line;
    const comments = cond.comments;
    if (line === undefined || !comments?.length) return;
    const head = headTokenEnd(cond) ?? Infinity;
    const above = comments.filter((c) => c.span?.start.line === line && startOf(c) < head);
    if (above.length === 0) return;
    (cond as Writable).comments = comments.filter((c) => !above.includes(c));
    (node as Writable).comments = [...(node.comments ?? []), ...above];
  }

  /**
   * Comments moved up to before the left operand of `node` from inside it
   * (see `afterOpening` and `hoistHeadComment`) go above the whole
   * operation, which starts there too: where they are attached when read
   * back.
   */
  private hoistFromLeft(node: BinaryNode): void {
    const left = node.left;
    const start = left.span?.start.offset;
    const comments = left.comments;
    if (start === undefined || !comments?.length || node.span?.start.offset !== start) return;
    const moved = comments.filter((c) => startOf(c) > start);
    if (moved.length === 0) return;
    (left as Writable).comments = comments.filter((c) => startOf(c) <= start);
    (node as Writable).comments = [...(node.comments ?? []), ...moved];
  }

  /**
   * The comment ending the line of the first token of `call`, the name or
   * literal it calls, goes above the whole call, as nixfmt moves it (but
   * after the other comments before the call, and before a language
   * annotation, which stays with its string): `f # c`, `a` is `# c`, `f a`.
   */
  private hoistHeadComment(call: ApplyNode): void {
    let head: Expr = call.fn;
    while (head.kind === "Apply") head = head.fn;
    const comment = head.trailingComment;
    if (!comment || !TOKEN_KINDS.has(head.kind)) return;
    (head as Writable).trailingComment = undefined;
    const comments = [...(call.comments ?? [])];
    const last = comments[comments.length - 1];
    const annotation =
      last && annotatedLanguage(last.text) && stringFollows(this.text, endOf(last));
    comments.splice(annotation ? comments.length - 1 : comments.length, 0, comment);
    (call as Writable).comments = comments;
  }

  /** Comments before the close at `end`; with `anchor`, printed right before it. */
  private closing(node: Node, end: number, anchor = false): void {
    const taken = this.takeBefore(end);
    if (taken) (node as Writable).closingComments = taken;
    if (anchor) this.anchor(taken, end);
  }

  /** A comment right after the expression in parentheses, on its line, stays inside them. */
  private beforeClose(inner: Expr, close: number): void {
    this.trailing(inner, close);
  }
}

const OPEN_PAREN = 40;
const OPEN_BRACE = 123;

/** Nodes that may take the comment after them: expressions the printer prints with their comments. */
const TRAILING_KINDS: ReadonlySet<Node["kind"]> = new Set<Node["kind"]>([
  ...TOKEN_KINDS,
  "List",
  "AttrSet",
  "Let",
  "LegacyLet",
  "Lambda",
  "Apply",
  "Select",
  "HasAttr",
  "Unary",
  "Binary",
  "If",
  "With",
  "Assert",
  "Paren",
  "AttrBinding",
  "Inherit",
]);

/** Sets `blankLineAfter` when only blanks, with an empty line, follow `comment`. */
function markBlankLineAfter(comment: Comment, text: string): void {
  const end = comment.span?.end.offset;
  if (end !== undefined && blanksFrom(text, end, text.length).newlines >= 2)
    (comment as { blankLineAfter?: boolean }).blankLineAfter = true;
}

/** Sets `blankLineBefore` when only blanks, with an empty line, come before `comment`. */
function markBlankLineBefore(comment: Comment, text: string): void {
  let newlines = 0;
  for (let i = (comment.span?.start.offset ?? 0) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) newlines++;
    else if (c !== 32 && c !== 9 && c !== 13) break;
  }
  if (newlines >= 2) (comment as { blankLineBefore?: boolean }).blankLineBefore = true;
}

/** Only spaces and tabs in `text[from, to)`, and a `;` if `semicolon`. */
function isBlank(text: string, from: number, to: number, semicolon = false): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && (c !== 59 || !semicolon)) return false;
  }
  return true;
}

function startOf(comment: Comment | undefined): number {
  return comment?.span?.start.offset ?? Infinity;
}

function endOf(comment: Comment): number {
  return comment.span?.end.offset ?? 0;
}

/** The offset of a node's last character: its `}`, `]` or `)`. */
function closeOf(node: NodeBase): number {
  return (node.span?.end.offset ?? Infinity) - 1;
}

/** Where a set pattern's `}` is; with `{ ... }@args` the span ends at `args`. */
function formalsClose(node: FormalsNode, text: string): number {
  if (node.bind?.position !== "after") return closeOf(node);
  const nameStart = node.bind.name.span?.start.offset;
  return nameStart === undefined ? closeOf(node) : text.lastIndexOf("}", nameStart);
}

/**
 * Comments one after another on the line of the code they follow, each a
 * one-line block comment but maybe the last, are one comment to nixfmt,
 * their texts joined by spaces: `a /* b *\/ # c` is `a # b c`.
 */
function joinTrailingRuns(comments: readonly Comment[], text: string): Comment[] {
  const joined: Comment[] = [];
  for (let i = 0; i < comments.length;) {
    let end = i + 1;
    if (followsCode(comments[i] as Comment, comments[i - 1], text))
      while (
        end < comments.length &&
        continuesRun(comments[end - 1] as Comment, comments[end] as Comment, text)
      )
        end++;
    joined.push(end - i === 1 ? (comments[i] as Comment) : joinComments(comments.slice(i, end)));
    i = end;
  }
  return joined;
}

/** Code, not only blanks or the comment before, comes before `comment` on its line. */
function followsCode(comment: Comment, before: Comment | undefined, text: string): boolean {
  const start = comment.span?.start.offset ?? 0;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const from = Math.max(lineStart, before?.span?.end.offset ?? 0);
  return text.slice(from, start).trim() !== "";
}

/**
 * `next` joins the run `last` ends: blanks between them, `last` a
 * one-line, non-doc block comment, and `next` no language annotation.
 */
function continuesRun(last: Comment, next: Comment, text: string): boolean {
  const from = last.span?.end.offset;
  const to = next.span?.start.offset;
  if (from === undefined || to === undefined || !/^[ \t]*$/.test(text.slice(from, to)))
    return false;
  if (annotatedLanguage(next.text) && stringFollows(text, next.span?.end.offset ?? 0)) return false;
  return isPlainOneLineBlock(last) && (next.kind === "line" || isPlainOneLineBlock(next));
}

/** A block comment on one line, not a doc comment (`/** *\/`). */
function isPlainOneLineBlock(comment: Comment): boolean {
  return (
    comment.kind === "block" && !comment.text.includes("\n") && !/^\/\*\*[^/]/.test(comment.text)
  );
}

/** One comment with the texts of `run`, a line comment if its last one is. */
function joinComments(run: readonly Comment[]): Comment {
  const first = run[0] as Comment;
  const last = run[run.length - 1] as Comment;
  const inner = run.map((c) => (c.kind === "line" ? c.text.slice(1) : c.text.slice(2, -2)).trim());
  const words = inner.filter((t) => t !== "").join(" ");
  const span =
    first.span && last.span ? { start: first.span.start, end: last.span.end } : undefined;
  return {
    kind: last.kind,
    text: last.kind === "line" ? `# ${words}` : `/* ${words} */`,
    ...(span && { span }),
  };
}

/** `/**\/`, `/* *\/`, `/** *\/`: nixfmt drops block comments with nothing but blanks inside. */
function isEmptyBlock(comment: Comment): boolean {
  return comment.kind === "block" && isEmptyBlockComment(comment.text, 0, comment.text.length - 2);
}

/** Where the token after `from` starts, past blanks and comments. */
function nextToken(text: string, from: number | undefined): number | undefined {
  if (from === undefined) return undefined;
  let i = from;
  while (i < text.length) {
    if (text[i] === "#") i = lineEnd(text, i);
    else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) return undefined;
      i = close + 2;
    } else if (/\s/.test(text[i] as string)) i++;
    else return i;
  }
  return undefined;
}

/** Only blanks and comments in `text[from, to)`. */
function onlyTrivia(text: string, from: number, to: number): boolean {
  // A comment moved to before a node that starts ahead of it (see `hoistHeadComment`).
  if (from > to) return false;
  let i = from;
  while (i < to) {
    const c = text[i] as string;
    if (c === "#") i = lineEnd(text, i);
    else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) return false;
      i = close + 2;
    } else if (/\s/.test(c)) i++;
    else return false;
  }
  return true;
}

/**
 * Whether `comment`, after code on its line, stays there (nixfmt's trailing
 * comment): a one-line comment, which code may follow (`a /* c *\/ b` is
 * `a # c`, `b`), but not a language annotation before a string, nor a
 * line comment that begins what the next line holds at its column, a
 * comment or code (it goes with them).
 */
function endsItsLine(comment: Comment, text: string): boolean {
  const end = comment.span?.end.offset ?? 0;
  if (comment.kind === "block")
    return (
      isPlainOneLineBlock(comment) && !(annotatedLanguage(comment.text) && stringFollows(text, end))
    );
  return restOfLineBlank(text, end) && !startsBlockBelow(comment, text);
}

/** The line after `comment` starts at its column with a line comment or code. */
function startsBlockBelow(comment: Comment, text: string): boolean {
  const newline = text.indexOf("\n", comment.span?.end.offset ?? 0);
  if (newline < 0) return false;
  const indent = blanksOnLine(text, newline + 1);
  const next = newline + 1 + indent;
  if (next >= text.length || /[\r\n]/.test(text[next] as string) || text.startsWith("/*", next))
    return false;
  return indent + 1 === comment.span?.start.column;
}

/** How many spaces and tabs start the text at `from`. */
function blanksOnLine(text: string, from: number): number {
  let i = from;
  while (text[i] === " " || text[i] === "\t") i++;
  return i - from;
}

function restOfLineBlank(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
