/**
 * `parseNix`: Nix source text to the syntax tree, with every comment kept
 * and every problem reported as a diagnostic (`file:line:col`, what was
 * expected and what was found). It accepts exactly what Nix 2.x's
 * `nix-instantiate --parse` accepts (bar nesting limits), and never throws
 * on bad input.
 */
import type { Expr, NixFile } from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lexNix } from "./lexer.js";
import { MAX_NESTING, MAX_RULE_DEPTH, NestingTooDeep, NixParser } from "./parser.js";
import { syntaxDiagnostic } from "./messages.js";
import { attachComments } from "./comments.js";
import { checkNixRules } from "./semantics.js";
import { nestingError } from "./locations.js";
import { tooDeep } from "./walk.js";

export { MAX_NESTING, MAX_RULE_DEPTH } from "./parser.js";
export { lexNix, type Lexed } from "./lexer.js";

/** The result of parsing: the tree when there were no errors, and the diagnostics. */
export interface ParseResult {
  readonly file: NixFile | undefined;
  readonly diagnostics: Diagnostic[];
}

let fast: NixParser | undefined;
let recovering: NixParser | undefined;

/**
 * Parses a whole `.nix` file. `file` names it in diagnostics. The tree is
 * returned only when there are no errors.
 */
export function parseNix(text: string, file = "<stdin>"): ParseResult {
  const lexed = lexNix(text, file);
  const diagnostics = [...lexed.diagnostics];
  // Most files are valid: parse without error recovery, which costs time
  // on every input, and parse again with it only to report the errors.
  let parser = (fast ??= new NixParser(false));
  let expr: Expr;
  try {
    expr = parser.parseTokens(lexed.tokens, text, file);
    if (parser.errors.length > 0) {
      parser = recovering ??= new NixParser(true);
      expr = parser.parseTokens(lexed.tokens, text, file);
    }
  } catch (error) {
    if (error instanceof NestingTooDeep) {
      const t = error.token;
      diagnostics.push(nestingError(file, t.startLine ?? 1, t.startColumn ?? 1));
      return { file: undefined, diagnostics: sorted(diagnostics) };
    }
    // A last resort: the nesting limit should make this unreachable.
    if (!(error instanceof RangeError)) throw error;
    fast = recovering = undefined;
    diagnostics.push(nestingError(file, 1, 1));
    return { file: undefined, diagnostics: sorted(diagnostics) };
  }
  for (const e of parser.errors) {
    // After an unterminated string or comment, the parser only sees the end of the text.
    const at = e.token.startOffset;
    if (lexed.brokenFrom !== Infinity && (at >= lexed.brokenFrom || Number.isNaN(at))) continue;
    diagnostics.push(syntaxDiagnostic(e, lexed.tokens, file));
  }
  diagnostics.push(...parser.problems);
  if (diagnostics.length > 0) return { file: undefined, diagnostics: sorted(diagnostics) };

  // Most files need no look: a tree is never deeper than its number of
  // tokens, nor than two levels per grammar rule plus its chain steps.
  const bounded =
    lexed.tokens.length < MAX_NESTING || 2 * MAX_RULE_DEPTH + parser.chainSteps < MAX_NESTING;
  const deep = bounded ? undefined : tooDeep(expr, MAX_NESTING);
  if (deep) {
    const at = deep.span?.start;
    diagnostics.push(nestingError(file, at?.line ?? 1, at?.column ?? 1, MAX_NESTING));
    return { file: undefined, diagnostics };
  }
  diagnostics.push(...checkNixRules(parser.checked, file));
  if (diagnostics.length > 0) return { file: undefined, diagnostics: sorted(diagnostics) };
  return { file: attachComments(expr, lexed.comments, text, parser.inOffsets), diagnostics };
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}
