/**
 * `parseNix`: Nix source text to the syntax tree, with every comment kept
 * and every problem reported as a diagnostic (`file:line:col`, what was
 * expected and what was found). It accepts exactly what Nix 2.x's
 * `nix-instantiate --parse` accepts (bar nesting limits), and never throws
 * on bad input.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { Expr, NixFile } from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lexNix, type Lexed } from "./lexer.js";
import { MAX_BRACKETS, MAX_NESTING, MAX_RULE_DEPTH, NestingTooDeep, NixParser } from "./parser.js";
import { consequencesUntil, syntaxDiagnostic } from "./messages.js";
import { attachComments } from "./comments.js";
import { checkNixRules } from "./semantics.js";
import { nestingError } from "./locations.js";
import { PART_HEIGHT, cutParts, partTokens, standIn } from "./parts.js";
import * as T from "./tokens.js";
import { tooDeep } from "./walk.js";

export { MAX_BRACKETS, MAX_NESTING, MAX_RULE_DEPTH } from "./parser.js";
export { lexNix, type Lexed } from "./lexer.js";

/** The result of parsing: the tree when there were no errors, and the diagnostics. */
export interface ParseResult {
  readonly file: NixFile | undefined;
  readonly diagnostics: Diagnostic[];
}

let fast: NixParser | undefined;
let recovering: NixParser | undefined;

/** What a pass of the parser left: the tree, and whether it must be measured. */
interface Parsed {
  readonly expr: Expr;
  readonly parser: NixParser;
  /** Syntax errors, each with the tokens it was found in. */
  readonly errors: { error: IRecognitionException; tokens: readonly IToken[] }[];
  readonly bounded: boolean;
}

/**
 * Parses a whole `.nix` file. `file` names it in diagnostics. The tree is
 * returned only when there are no errors.
 */
export function parseNix(text: string, file = "<stdin>"): ParseResult {
  return parse(text, file, undefined);
}

/**
 * `parseNix`, always in parts of at most `height` rule levels of brackets
 * (`parts.ts`): for tests, which compare the trees of both ways.
 */
export function parseNixInParts(text: string, file: string, height: number): ParseResult {
  return parse(text, file, height);
}

function parse(text: string, file: string, height: number | undefined): ParseResult {
  try {
    return parseLexed(lexNix(text, file), text, file, height);
  } catch (error) {
    // A last resort, for callers already deep in their own recursion: the
    // nesting limits keep every other input within the stack. The parsers
    // are left mid-rule: build them anew.
    if (!(error instanceof RangeError)) throw error;
    fast = recovering = undefined;
    return { file: undefined, diagnostics: [nestingError(file, 1, 1, "stack")] };
  }
}

function parseLexed(
  lexed: Lexed,
  text: string,
  file: string,
  height: number | undefined,
): ParseResult {
  const diagnostics = [...lexed.diagnostics];
  let parsed: Parsed | Diagnostic;
  if (height !== undefined) parsed = parseInParts(lexed, text, file, height);
  else
    try {
      parsed = parseWhole(lexed, text, file);
    } catch (error) {
      if (!(error instanceof NestingTooDeep)) throw error;
      parsed = parseInParts(lexed, text, file, PART_HEIGHT, error.token);
    }
  if (!("expr" in parsed)) {
    diagnostics.push(parsed);
    return { file: undefined, diagnostics: sorted(diagnostics) };
  }
  const { expr, parser } = parsed;
  let followsUntil = -1;
  for (const { error, tokens } of parsed.errors) {
    // After an unterminated string or comment, the parser only sees the end of the text.
    const at = error.token.startOffset;
    if (lexed.brokenFrom !== Infinity && (at >= lexed.brokenFrom || Number.isNaN(at))) continue;
    // The end of the text has no offset.
    if ((Number.isNaN(at) ? Infinity : at) <= followsUntil) continue;
    diagnostics.push(syntaxDiagnostic(error, tokens, file));
    followsUntil = consequencesUntil(error, tokens);
  }
  diagnostics.push(...parser.problems);
  if (diagnostics.length > 0) return { file: undefined, diagnostics: sorted(diagnostics) };

  const deep = parsed.bounded ? undefined : tooDeep(expr, MAX_NESTING);
  if (deep) {
    const at = deep.span?.start;
    diagnostics.push(nestingError(file, at?.line ?? 1, at?.column ?? 1, { tree: MAX_NESTING }));
    return { file: undefined, diagnostics };
  }
  diagnostics.push(...checkNixRules(parser.checked, file));
  if (diagnostics.length > 0) return { file: undefined, diagnostics: sorted(diagnostics) };
  return { file: attachComments(expr, lexed.comments, text, parser.inOffsets), diagnostics };
}

/** One pass over all tokens; throws `NestingTooDeep` past `MAX_RULE_DEPTH`. */
function parseWhole(lexed: Lexed, text: string, file: string): Parsed {
  const tokens = lexed.tokens;
  // Most files are valid: parse without error recovery, which costs time
  // on every input, and parse again with it only to report the errors.
  let parser = (fast ??= new NixParser(false));
  let expr = parser.parseTokens(tokens, text, file);
  if (parser.errors.length > 0) {
    parser = recovering ??= new NixParser(true);
    expr = parser.parseTokens(tokens, text, file);
  }
  // Most files need no measuring: a tree is never deeper than its number
  // of tokens, nor than two levels per grammar rule plus its chain steps.
  const bounded =
    tokens.length < MAX_NESTING || 2 * MAX_RULE_DEPTH + parser.chainSteps < MAX_NESTING;
  return { expr, parser, errors: parser.errors.map((error) => ({ error, tokens })), bounded };
}

/**
 * Text parsed in parts (`parts.ts`) of at most `height` rule levels of
 * brackets, or the diagnostic that says why it cannot be. `at` is where
 * one pass went too deep.
 */
function parseInParts(
  lexed: Lexed,
  text: string,
  file: string,
  height: number,
  at?: IToken,
): Parsed | Diagnostic {
  const tokens = lexed.tokens;
  const cut = cutParts(tokens, MAX_BRACKETS, height);
  // Brackets nested past the limit (`cut` is the bracket too deep), or,
  // after one pass went too deep, brackets that do not match or a chain
  // of `or` defaults or keywords that no bracket breaks (no parts).
  if (cut !== undefined && !Array.isArray(cut))
    return nestingError(file, cut.startLine ?? 1, cut.startColumn ?? 1, {
      brackets: MAX_BRACKETS,
    });
  if (at !== undefined && (cut === undefined || cut.length === 0))
    return nestingError(file, at.startLine ?? 1, at.startColumn ?? 1, "rules");
  const parts = cut ?? [];
  // Recovery on from the start: these texts are rare, and a part's errors
  // should not need a second pass.
  const parser = (recovering ??= new NixParser(true));
  parser.begin(text, file);
  const errors: Parsed["errors"] = [];
  const done = new Map<number, { end: number; token: IToken }>();
  try {
    for (const { start, end, type } of parts) {
      const vector = partTokens(tokens, start, end, done);
      const node = parser.parsePart(vector, type === T.ParsedName);
      for (const error of parser.errors) errors.push({ error, tokens: vector });
      const token = standIn(type, tokens[start] as IToken, tokens[end] as IToken, text, node);
      done.set(start, { end, token });
    }
    const vector = partTokens(tokens, 0, tokens.length - 1, done);
    const expr = parser.parsePart(vector, false) as Expr;
    for (const error of parser.errors) errors.push({ error, tokens: vector });
    return { expr, parser, errors, bounded: false };
  } catch (error) {
    if (!(error instanceof NestingTooDeep)) throw error;
    const t = error.token;
    return nestingError(file, t.startLine ?? 1, t.startColumn ?? 1, "rules");
  }
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}
