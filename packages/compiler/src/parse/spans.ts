/** Source spans of chevrotain tokens. */
import type { IToken } from "chevrotain";
import type { Span } from "../syntax/ast.js";

/** The span from the start of `first` to the end of `last` (a single token when they are the same). */
export function tokenSpan(first: IToken, last: IToken = first): Span {
  return {
    start: {
      offset: first.startOffset,
      line: first.startLine ?? 1,
      column: first.startColumn ?? 1,
    },
    end: {
      offset: (last.endOffset ?? last.startOffset) + 1,
      line: last.endLine ?? 1,
      column: (last.endColumn ?? 1) + 1,
    },
  };
}
