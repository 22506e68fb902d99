/**
 * Deeply nested text, parsed in parts. The parser recurses for every
 * bracket it is inside, and JavaScript's stack holds a few hundred grammar
 * rules at most (`MAX_RULE_DEPTH`). Nix's own parser reads thousands of
 * nested brackets, and so should this one.
 *
 * So a text that nests too deeply for one pass is cut at brackets, from
 * the inside out: a bracketed part with more than `PART_HEIGHT` rule
 * levels inside it is parsed on its own, and the parts around it see one
 * stand-in token that carries its node (`T.Parsed`, `T.ParsedString`,
 * `T.ParsedName`). Each part is a complete phrase of the grammar (an
 * operand, or an attribute name `${ ... }`), parsed with the same rules as
 * in place, so the tree is the one a single pass would build.
 */
import { createTokenInstance, type IToken, type TokenType } from "chevrotain";
import type { AttrName, Expr } from "../syntax/ast.js";
import * as T from "./tokens.js";
import { endOf } from "./locations.js";

/**
 * Rule levels of brackets inside a part, at most (plus one bracket's
 * worth): a third of `MAX_RULE_DEPTH`, which leaves room for the nesting
 * of keywords (`if if ...`, `let a = let ...`) that no bracket breaks.
 */
export const PART_HEIGHT = 150;

/** A bracketed range of tokens to parse on its own, `start` and `end` included. */
export interface Part {
  readonly start: number;
  readonly end: number;
  /** The stand-in token type, which also tells how to parse the part. */
  readonly type: TokenType;
}

// What opened a frame: how many grammar rules it nests, whether it can be
// cut out, and the stand-in when it is.
const PAREN = 0;
const INHERIT_PAREN = 1;
const LIST = 2;
const SET = 3;
const FORMALS = 4;
const DOLLAR = 5;
const STRING = 6;
const INDENTED = 7;
const PATH = 8;
const ROOT = 9;

/**
 * Grammar rules active per level of each bracket (`select expr` for a
 * parenthesis, `select attrSet bindings binding expr` for a set, ...).
 */
const WEIGHT = [2, 2, 2, 5, 3, 3, 3, 3, 3, 0];
/** The stand-in of each bracket, or undefined where a part cannot stand alone. */
const STAND_IN: readonly (TokenType | undefined)[] = [
  T.Parsed,
  undefined, // `inherit ( e )` is no operand
  T.Parsed,
  T.Parsed,
  undefined, // a set pattern belongs to its function
  T.ParsedName,
  T.ParsedString,
  T.Parsed,
  T.Parsed,
  undefined,
];

interface Frame {
  readonly kind: number;
  readonly start: number;
  /** The highest height of a child, in rule levels, parts cut out not counted. */
  height: number;
}

/**
 * The parts to parse first, inner before outer, each with at most
 * `height` rule levels of brackets inside; or, when brackets nest deeper
 * than `maxDepth`, the bracket that goes too deep; or undefined when
 * brackets do not match (the text has syntax errors to report).
 */
export function cutParts(
  tokens: readonly IToken[],
  maxDepth: number,
  height = PART_HEIGHT,
): Part[] | IToken | undefined {
  const parts: Part[] = [];
  const frames: Frame[] = [{ kind: ROOT, start: 0, height: 0 }];
  const open = (kind: number, start: number): void => {
    frames.push({ kind, start, height: 0 });
  };
  const close = (kinds: readonly number[], end: number): boolean => {
    const frame = frames.pop() as Frame;
    const parent = frames[frames.length - 1];
    if (parent === undefined || !kinds.includes(frame.kind)) return false;
    let levels = frame.height + (WEIGHT[frame.kind] as number);
    const type = STAND_IN[frame.kind];
    if (type !== undefined && levels > height) {
      parts.push({ start: frame.start, end, type });
      levels = 0;
    }
    if (levels > parent.height) parent.height = levels;
    return true;
  };
  const inside = (kind: number): boolean => frames[frames.length - 1]?.kind === kind;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    const type = t.tokenType;
    let closed = true;
    if (type === T.LParen) open(tokens[i - 1]?.tokenType === T.Inherit ? INHERIT_PAREN : PAREN, i);
    else if (type === T.LBracket) open(LIST, i);
    else if (type === T.LBrace) {
      const before = tokens[i - 1]?.tokenType;
      if (startsFormals(tokens, i)) open(FORMALS, i);
      else open(SET, before === T.Rec || before === T.Let ? i - 1 : i);
    } else if (type === T.DollarCurly) open(DOLLAR, i);
    else if (type === T.StrStart) open(STRING, i);
    else if (type === T.IndStart) open(INDENTED, i);
    else if (type === T.PathStart) open(PATH, i);
    else if (type === T.RParen) closed = close([PAREN, INHERIT_PAREN], i);
    else if (type === T.RBracket) closed = close([LIST], i);
    else if (type === T.RBrace) closed = close([SET, FORMALS, DOLLAR], i);
    else if (type === T.StrEnd) closed = close([STRING], i);
    else if (type === T.IndEnd) closed = close([INDENTED], i);
    else if (type === T.PathEnd || type === T.PathSlashEnd) closed = close([PATH], i);
    else if (type === T.StrMid) closed = inside(STRING);
    else if (type === T.IndMid) closed = inside(INDENTED);
    else if (type === T.PathMid) closed = inside(PATH);
    else continue;
    if (!closed) return undefined;
    if (frames.length > maxDepth + 1) return t;
  }
  return frames.length === 1 ? parts : undefined;
}

/** As the parser decides: `{` starts a set pattern, not a set (`NixParser.startsFormals`). */
function startsFormals(tokens: readonly IToken[], i: number): boolean {
  const second = tokens[i + 1]?.tokenType;
  const third = tokens[i + 2]?.tokenType;
  if (second === T.Ellipsis) return true;
  if (second === T.Identifier)
    return third === T.Comma || third === T.Question || third === T.RBrace;
  return second === T.RBrace && (third === T.Colon || third === T.At);
}

/**
 * The tokens from `start` to `end` (included), with each part already
 * parsed replaced by its stand-in. `done` maps the first token of a part
 * to its last and its stand-in.
 */
export function partTokens(
  tokens: readonly IToken[],
  start: number,
  end: number,
  done: ReadonlyMap<number, { readonly end: number; readonly token: IToken }>,
): IToken[] {
  const out: IToken[] = [];
  for (let i = start; i <= end; i++) {
    const part = done.get(i);
    if (part === undefined) out.push(tokens[i] as IToken);
    else {
      out.push(part.token);
      i = part.end;
    }
  }
  return out;
}

/** The token that stands for a parsed part: its text, where it is, and its node. */
export function standIn(
  type: TokenType,
  first: IToken,
  last: IToken,
  text: string,
  node: Expr | AttrName,
): IToken {
  const end = endOf(last);
  const token = createTokenInstance(
    type,
    text.slice(first.startOffset, end.offset),
    first.startOffset,
    end.offset - 1,
    first.startLine ?? 1,
    end.line,
    first.startColumn ?? 1,
    end.column - 1,
  );
  token.payload = node;
  return token;
}
