/**
 * The value of a Nix string literal, as text fragments and interpolated
 * expressions: escapes decoded and, for `''...''` strings, the common
 * indentation removed exactly as Nix 2.x does it (`stripIndentation` in its
 * parser, over the tokens of its lexer).
 */
import type { Expr, StringNode, StringPart } from "./ast.js";

/** A decoded piece of a string: literal text, or an interpolated expression. */
export type StringPiece = string | Expr;

/** What decoding looks at in a string node. */
export type StringLiteral = Pick<StringNode, "style" | "parts">;

/** The pieces of `node`, adjacent text merged and empty text dropped. */
export function stringPieces(node: StringLiteral): StringPiece[] {
  const pieces: StringPiece[] = [];
  for (const piece of parsedPieces(node)) {
    const last = pieces[pieces.length - 1];
    if (typeof piece === "string" && typeof last === "string")
      pieces[pieces.length - 1] = last + piece;
    else if (piece !== "") pieces.push(piece);
  }
  return pieces;
}

/** The text of a string without interpolations, or undefined. */
export function staticText(node: StringLiteral): string | undefined {
  const pieces = stringPieces(node);
  if (pieces.length === 0) return "";
  return pieces.length === 1 && typeof pieces[0] === "string" ? pieces[0] : undefined;
}

/**
 * The pieces of `node` as Nix's parser keeps them, which decides whether
 * Nix sees one string or a concatenation: a `"..."` string holds its
 * decoded text between interpolations; a `''...''` string holds one piece
 * per token of Nix's lexer (a run of text, an escape, an interpolation),
 * indentation stripped, and pieces left empty by stripping are kept, as
 * Nix 2.8 keeps them.
 */
export function parsedPieces(node: StringLiteral): StringPiece[] {
  if (node.style === "indented") return stripIndentation(indentedTokens(node.parts));
  return node.parts.map((part) =>
    part.kind === "Text" ? decodeDoubleQuoted(part.raw) : part.expr,
  );
}

const CONTROL: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t" };

/** Nix's `unescapeStr`: `\x` escapes, and a carriage return (with a line feed after it) read as a line feed. */
function decodeDoubleQuoted(raw: string): string {
  return raw.replace(/\\([^])|\r\n?/g, (match, c: string | undefined) =>
    c === undefined ? "\n" : (CONTROL[c] ?? c),
  );
}

/**
 * A token of an indented string's text as Nix's lexer cuts it: a run of
 * plain text, whose leading spaces are indentation, or an escape (`''$`,
 * `'''`, `''\x`) or lone `$` or `'`, which is not.
 */
interface TextToken {
  readonly kind: "IndentedText";
  readonly text: string;
  readonly indentation: boolean;
}

type IndentedItem = TextToken | Expr;

/** The `IND_STRING` rules of Nix's lexer: runs of text first, then each escape. */
const INDENTED_TOKEN = /(?:[^$']|\$[^{']|'[^'$])+|''\$|'''|''\\[^]|\$|'/g;

/** The tokens and interpolations of an indented string, in order. */
function indentedTokens(parts: readonly StringPart[]): IndentedItem[] {
  const items: IndentedItem[] = [];
  parts.forEach((part, i) => {
    if (part.kind !== "Text") {
      items.push(part.expr);
      return;
    }
    // The opening `''` takes the spaces and the one newline after it.
    const raw = i === 0 ? part.raw.replace(/^ *\n/, "") : part.raw;
    for (const [token] of raw.matchAll(INDENTED_TOKEN)) items.push(textToken(token));
  });
  return items;
}

function textToken(token: string): TextToken {
  const escape = (text: string): TextToken => ({ kind: "IndentedText", text, indentation: false });
  if (token === "''$" || token === "$") return escape("$");
  if (token === "'''") return escape("''");
  if (token === "'") return escape("'");
  if (token.startsWith("''\\")) return escape(CONTROL[token.slice(3)] ?? token.slice(3));
  return { kind: "IndentedText", text: token, indentation: true };
}

/**
 * The smallest indentation of a line with content. Only runs of text
 * count spaces; an escape or interpolation ends a line's indentation even
 * when it stands for a space or a newline; a blank line does not count.
 */
function minimumIndentation(items: readonly IndentedItem[]): number {
  let atLineStart = true;
  let min = Infinity;
  let indent = 0;
  for (const item of items) {
    if (!isText(item) || !item.indentation) {
      if (atLineStart) min = Math.min(min, indent);
      atLineStart = false;
      continue;
    }
    for (const c of item.text) {
      if (!atLineStart) {
        if (c === "\n") [atLineStart, indent] = [true, 0];
      } else if (c === " ") indent += 1;
      else if (c === "\n") indent = 0;
      else {
        min = Math.min(min, indent);
        atLineStart = false;
      }
    }
  }
  return min;
}

/**
 * Nix's `stripIndentation`. Removing is done over the decoded text of
 * every token, escapes included: a space an escape stands for at the start
 * of a line is dropped like indentation, and a line feed it stands for
 * starts a line whose indentation is dropped. Only the last token, if it is
 * text, loses a last line of spaces.
 */
function stripIndentation(items: readonly IndentedItem[]): StringPiece[] {
  const min = minimumIndentation(items);
  let atLineStart = true;
  let dropped = 0;
  return items.map((item, i) => {
    if (!isText(item)) {
      [atLineStart, dropped] = [false, 0];
      return item;
    }
    let out = "";
    for (const c of item.text) {
      if (!atLineStart) {
        out += c;
        if (c === "\n") atLineStart = true;
      } else if (c === " ") {
        if (dropped++ >= min) out += c;
      } else {
        if (c === "\n") dropped = 0;
        else [atLineStart, dropped] = [false, 0];
        out += c;
      }
    }
    return i === items.length - 1 ? withoutLastBlankLine(out) : out;
  });
}

function isText(item: IndentedItem): item is TextToken {
  return item.kind === "IndentedText";
}

function withoutLastBlankLine(text: string): string {
  const newline = text.lastIndexOf("\n");
  return newline >= 0 && /^ *$/.test(text.slice(newline + 1)) ? text.slice(0, newline + 1) : text;
}
