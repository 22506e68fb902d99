/**
 * The Nix grammar (chevrotain, embedded actions): tokens to the syntax
 * tree, with Nix's operator precedence and associativity, from loosest
 * (`->`) to tightest (selection). Strings are parsed into parts by
 * `string-parts.ts`; comments are attached afterwards by `comments.ts`.
 */
import {
  EmbeddedActionsParser,
  tokenMatcher,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from "chevrotain";
import type {
  AttrName,
  Binding,
  BinaryOperator,
  Expr,
  FormalNode,
  FormalsNode,
  IdentifierNode,
  NodeBase,
  Span,
} from "../syntax/ast.js";
import * as T from "./tokens.js";
import { tokenSpan } from "./spans.js";

/** Parses the `${...}` parts and text of string and path tokens. */
export type StringTokenParser = (token: IToken) => Expr;

type Writable<N> = { -readonly [K in keyof N]: N[K] };

/** The span from one node or token to another; tolerant of the missing nodes error recovery leaves. */
function spanFrom(
  start: NodeBase | IToken | undefined,
  end: NodeBase | IToken | undefined,
): Span | undefined {
  if (!start || !end) return undefined;
  const s = "image" in start ? tokenSpan(start, start).start : start.span?.start;
  const e = "image" in end ? tokenSpan(end, end).end : end.span?.end;
  return s && e ? { start: s, end: e } : undefined;
}

/** Binding strength of infix operators (higher binds tighter), as in Nix's grammar. */
const PRECEDENCE = new Map<
  TokenType,
  { precedence: number; assoc: "left" | "right" | "none" | "postfix" }
>([
  [T.Implies, { precedence: 1, assoc: "right" }],
  [T.OrOr, { precedence: 2, assoc: "left" }],
  [T.AndAnd, { precedence: 3, assoc: "left" }],
  [T.Equal, { precedence: 4, assoc: "none" }],
  [T.NotEqual, { precedence: 4, assoc: "none" }],
  [T.Less, { precedence: 5, assoc: "none" }],
  [T.LessEqual, { precedence: 5, assoc: "none" }],
  [T.Greater, { precedence: 5, assoc: "none" }],
  [T.GreaterEqual, { precedence: 5, assoc: "none" }],
  [T.Update, { precedence: 6, assoc: "right" }],
  [T.Plus, { precedence: 8, assoc: "left" }],
  [T.Minus, { precedence: 8, assoc: "left" }],
  [T.Star, { precedence: 9, assoc: "left" }],
  [T.Slash, { precedence: 9, assoc: "left" }],
  [T.Concat, { precedence: 10, assoc: "right" }],
  [T.Question, { precedence: 11, assoc: "postfix" }],
]);

/** `!` binds looser than `+` but tighter than `//`: its operand takes `+` and tighter. */
const NOT_OPERAND = 8;

const BINARY: readonly [TokenType, BinaryOperator][] = [
  [T.Implies, "->"],
  [T.OrOr, "||"],
  [T.AndAnd, "&&"],
  [T.Equal, "=="],
  [T.NotEqual, "!="],
  [T.Less, "<"],
  [T.LessEqual, "<="],
  [T.Greater, ">"],
  [T.GreaterEqual, ">="],
  [T.Update, "//"],
  [T.Plus, "+"],
  [T.Minus, "-"],
  [T.Star, "*"],
  [T.Slash, "/"],
  [T.Concat, "++"],
];

function operatorOf(token: IToken): BinaryOperator {
  for (const [type, op] of BINARY) if (tokenMatcher(token, type)) return op;
  return "+";
}

/**
 * Short error messages: chevrotain's default lists every possible token
 * sequence, which is slow to build for this grammar and unreadable. The
 * expected token name is kept for `parse.ts` to phrase.
 */
const SHORT_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => `Expecting token of type --> ${expected.name} <--`,
  buildNotAllInputParsedMessage: () => "not all input parsed",
  buildNoViableAltMessage: () => "no viable alternative",
  buildEarlyExitMessage: () => "early exit",
};

/** The parser. One instance is reused; `parse` resets its input. */
export class NixGrammar extends EmbeddedActionsParser {
  stringParser: StringTokenParser = () => ({ kind: "Identifier", name: "null" });

  /** `recovering` parsers go on after errors to report several per file. */
  constructor(recovering = false) {
    super(
      T.ALL_TOKENS.filter((t, i, all) => all.indexOf(t) === i),
      { recoveryEnabled: recovering, maxLookahead: 3, errorMessageProvider: SHORT_MESSAGES },
    );
    this.performSelfAnalysis();
  }

  readonly file = this.RULE("file", (): Expr => this.SUBRULE(this.expr));

  /** Parses the input set on `input`. */
  parseFile(): Expr {
    return this.file();
  }

  readonly expr = this.RULE("expr", (): Expr =>
    this.OR([
      { GATE: () => this.isFormalsLambda(), ALT: () => this.SUBRULE(this.formalsLambda) },
      {
        GATE: () => this.LA(2).tokenType === T.Colon || this.LA(2).tokenType === T.At,
        ALT: () => this.SUBRULE(this.identLambda),
      },
      { GATE: () => this.LA(2).tokenType !== T.LBrace, ALT: () => this.SUBRULE(this.letIn) },
      { ALT: () => this.SUBRULE(this.ifThenElse) },
      { ALT: () => this.SUBRULE(this.withExpr) },
      { ALT: () => this.SUBRULE(this.assertExpr) },
      { ALT: () => this.SUBRULE(this.binary, { ARGS: [0] }) },
    ]),
  );

  /** `{` starts formals when what follows can only be a set pattern (`{ a, ...`, `{ }:`, `{ a ? d`). */
  private isFormalsLambda(): boolean {
    if (this.LA(1).tokenType !== T.LBrace) return false;
    const second = this.LA(2).tokenType;
    const third = this.LA(3).tokenType;
    if (second === T.Ellipsis) return true;
    if (second === T.RBrace) return third === T.Colon || third === T.At;
    if (second === T.Identifier || second === T.Or)
      return third === T.Comma || third === T.Question || third === T.RBrace;
    return false;
  }

  private readonly identLambda = this.RULE("identLambda", (): Expr => {
    const name = this.CONSUME(T.Identifier);
    const param = this.ACTION(() => identifier(name));
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          const body = this.SUBRULE(this.expr);
          return { kind: "Lambda", param, body, span: spanFrom(name, body) } as Expr;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.At);
          const formals = this.SUBRULE(this.formals);
          this.CONSUME2(T.Colon);
          const body = this.SUBRULE2(this.expr);
          const bound: FormalsNode = { ...formals, bind: { name: param, position: "before" } };
          return { kind: "Lambda", param: bound, body, span: spanFrom(name, body) } as Expr;
        },
      },
    ]);
  });

  private readonly formalsLambda = this.RULE("formalsLambda", (): Expr => {
    const first = this.LA(1);
    let formals = this.SUBRULE(this.formals);
    this.OPTION(() => {
      this.CONSUME(T.At);
      const name = this.CONSUME(T.Identifier);
      formals = this.ACTION(() => ({
        ...formals,
        bind: { name: identifier(name), position: "after" as const },
      }));
    });
    this.CONSUME(T.Colon);
    const body = this.SUBRULE(this.expr);
    return { kind: "Lambda", param: formals, body, span: spanFrom(first, body) };
  });

  private readonly formals = this.RULE("formals", (): FormalsNode => {
    const open = this.CONSUME(T.LBrace);
    const formals: FormalNode[] = [];
    let ellipsis = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Ellipsis);
            ellipsis = true;
          },
        },
        {
          ALT: () => {
            formals.push(this.SUBRULE(this.formal));
            this.MANY(() => {
              this.CONSUME(T.Comma);
              // A trailing comma is allowed, but only right before `}`.
              this.OR2([
                {
                  ALT: () => {
                    this.CONSUME2(T.Ellipsis);
                    ellipsis = true;
                  },
                },
                { ALT: () => formals.push(this.SUBRULE2(this.formal)) },
                { GATE: () => this.LA(1).tokenType === T.RBrace, ALT: () => undefined },
              ]);
            });
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RBrace);
    return { kind: "Formals", formals, ellipsis, span: spanFrom(open, close) };
  });

  private readonly formal = this.RULE("formal", (): FormalNode => {
    const name = this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.Or) },
    ]);
    let fallback: Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      fallback = this.SUBRULE(this.expr);
    });
    const node: Writable<FormalNode> = {
      kind: "Formal",
      name: this.ACTION(() => identifier(name)),
    };
    if (fallback) node.default = fallback;
    node.span = spanFrom(name, fallback ?? name);
    return node;
  });

  private readonly letIn = this.RULE("letIn", (): Expr => {
    const open = this.CONSUME(T.Let);
    const bindings = this.SUBRULE(this.bindings);
    this.CONSUME(T.In);
    const body = this.SUBRULE(this.expr);
    return { kind: "Let", bindings, body, span: spanFrom(open, body) };
  });

  private readonly ifThenElse = this.RULE("ifThenElse", (): Expr => {
    const open = this.CONSUME(T.If);
    const cond = this.SUBRULE(this.expr);
    this.CONSUME(T.Then);
    const then = this.SUBRULE2(this.expr);
    this.CONSUME(T.Else);
    const otherwise = this.SUBRULE3(this.expr);
    return { kind: "If", cond, then, else: otherwise, span: spanFrom(open, otherwise) };
  });

  private readonly withExpr = this.RULE("withExpr", (): Expr => {
    const open = this.CONSUME(T.With);
    const env = this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
    const body = this.SUBRULE2(this.expr);
    return { kind: "With", env, body, span: spanFrom(open, body) };
  });

  private readonly assertExpr = this.RULE("assertExpr", (): Expr => {
    const open = this.CONSUME(T.Assert);
    const cond = this.SUBRULE(this.expr);
    this.CONSUME(T.Semicolon);
    const body = this.SUBRULE2(this.expr);
    return { kind: "Assert", cond, body, span: spanFrom(open, body) };
  });

  // Operators by precedence climbing: one rule for every binary level keeps
  // the number of rule calls per operand small.

  private readonly binary = this.RULE("binary", (minPrecedence: number): Expr => {
    let left = this.SUBRULE(this.prefixed);
    let lastNonAssociative: number | undefined;
    this.MANY({
      GATE: () => {
        const next = PRECEDENCE.get(this.LA(1).tokenType);
        return (
          next !== undefined &&
          next.precedence >= minPrecedence &&
          next.precedence !== lastNonAssociative
        );
      },
      DEF: () => {
        const token = this.CONSUME(T.BinaryOperator);
        const info = PRECEDENCE.get(token.tokenType) ?? { precedence: 0, assoc: "left" as const };
        if (info.assoc === "postfix") {
          const path = this.SUBRULE(this.attrPath);
          left = {
            kind: "HasAttr",
            expr: left,
            path,
            span: spanFrom(left, path[path.length - 1] ?? token),
          };
          lastNonAssociative = info.precedence;
          return;
        }
        const next = info.assoc === "right" ? info.precedence : info.precedence + 1;
        const right = this.SUBRULE2(this.binary, { ARGS: [next] });
        left = binary(operatorOf(token), left, right);
        lastNonAssociative = info.assoc === "none" ? info.precedence : undefined;
      },
    });
    return left;
  });

  /** `!e` (looser than arithmetic), `-e` (tighter than `?`), or an application. */
  private readonly prefixed = this.RULE("prefixed", (): Expr =>
    this.OR([
      {
        ALT: () => {
          const bang = this.CONSUME(T.Not);
          const expr = this.SUBRULE(this.binary, { ARGS: [NOT_OPERAND] });
          return { kind: "Unary", op: "!", expr, span: spanFrom(bang, expr) } as Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.negation) },
    ]),
  );

  private readonly negation = this.RULE("negation", (): Expr =>
    this.OR([
      {
        ALT: () => {
          const minus = this.CONSUME(T.Minus);
          const expr = this.SUBRULE(this.negation);
          return { kind: "Unary", op: "-", expr, span: spanFrom(minus, expr) } as Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.application) },
    ]),
  );

  private readonly application = this.RULE("application", (): Expr => {
    let fn = this.SUBRULE(this.select);
    this.MANY(() => {
      const arg = this.SUBRULE2(this.select);
      fn = { kind: "Apply", fn, arg, span: spanFrom(fn, arg) };
    });
    return fn;
  });

  private readonly select = this.RULE("select", (): Expr => {
    const expr = this.SUBRULE(this.simple);
    let result = expr;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            const path = this.SUBRULE(this.attrPath);
            let fallback: Expr | undefined;
            this.OPTION2(() => {
              this.CONSUME(T.Or);
              fallback = this.SUBRULE(this.select);
            });
            const last = fallback ?? path[path.length - 1] ?? expr;
            result = fallback
              ? { kind: "Select", expr, path, default: fallback, span: spanFrom(expr, last) }
              : { kind: "Select", expr, path, span: spanFrom(expr, last) };
          },
        },
        {
          // Nix reads `e or` as `e` applied to a variable named `or`.
          ALT: () => {
            const word = this.CONSUME2(T.Or);
            const arg = this.identifierNode(word);
            result = { kind: "Apply", fn: expr, arg, span: spanFrom(expr, word) };
          },
        },
      ]);
    });
    return result;
  });

  private readonly simple = this.RULE("simple", (): Expr =>
    this.OR([
      { ALT: () => this.identifierNode(this.CONSUME(T.Identifier)) },
      {
        ALT: () =>
          this.tokenNode(this.CONSUME(T.Int), (t) => ({ kind: "Int", value: BigInt(t.image) })),
      },
      {
        ALT: () => this.tokenNode(this.CONSUME(T.Float), (t) => ({ kind: "Float", raw: t.image })),
      },
      { ALT: () => this.stringToken(this.CONSUME(T.DoubleString)) },
      { ALT: () => this.stringToken(this.CONSUME(T.IndentedString)) },
      { ALT: () => this.stringToken(this.CONSUME(T.InterpolatedPath)) },
      {
        ALT: () =>
          this.tokenNode(this.CONSUME(T.Path), (t) => ({
            kind: "Path",
            parts: [{ kind: "Text", raw: t.image }],
          })),
      },
      {
        ALT: () =>
          this.tokenNode(this.CONSUME(T.HomePath), (t) => ({
            kind: "Path",
            parts: [{ kind: "Text", raw: t.image }],
          })),
      },
      {
        ALT: () =>
          this.tokenNode(this.CONSUME(T.SearchPath), (t) => ({
            kind: "SearchPath",
            path: t.image.slice(1, -1),
          })),
      },
      { ALT: () => this.tokenNode(this.CONSUME(T.Uri), (t) => ({ kind: "Uri", value: t.image })) },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const expr = this.SUBRULE(this.expr);
          const close = this.CONSUME(T.RParen);
          return { kind: "Paren", expr, span: spanFrom(open, close) } as Expr;
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBracket);
          const items: Expr[] = [];
          this.MANY(() => items.push(this.SUBRULE2(this.select)));
          const close = this.CONSUME(T.RBracket);
          return { kind: "List", items, span: spanFrom(open, close) } as Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.attrSet) },
      {
        ALT: () => {
          const open = this.CONSUME(T.Let);
          this.CONSUME2(T.LBrace);
          const bindings = this.SUBRULE2(this.bindings);
          const close = this.CONSUME2(T.RBrace);
          return { kind: "LegacyLet", bindings, span: spanFrom(open, close) } as Expr;
        },
      },
    ]),
  );

  private readonly attrSet = this.RULE("attrSet", (): Expr => {
    let recursive = false;
    let open: IToken | undefined;
    this.OPTION(() => {
      open = this.CONSUME(T.Rec);
      recursive = true;
    });
    const brace = this.CONSUME(T.LBrace);
    const bindings = this.SUBRULE(this.bindings);
    const close = this.CONSUME(T.RBrace);
    return { kind: "AttrSet", recursive, bindings, span: spanFrom(open ?? brace, close) };
  });

  private readonly bindings = this.RULE("bindings", (): Binding[] => {
    const bindings: Binding[] = [];
    this.MANY(() =>
      bindings.push(
        this.OR([
          { ALT: () => this.SUBRULE(this.inherit) },
          { ALT: () => this.SUBRULE(this.assignment) },
        ]),
      ),
    );
    return bindings;
  });

  private readonly inherit = this.RULE("inherit", (): Binding => {
    const open = this.CONSUME(T.Inherit);
    let from: Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      from = this.SUBRULE(this.expr);
      this.CONSUME(T.RParen);
    });
    const names: AttrName[] = [];
    this.MANY(() => names.push(this.SUBRULE(this.attrName)));
    const close = this.CONSUME(T.Semicolon);
    return from
      ? { kind: "Inherit", from, names, span: spanFrom(open, close) }
      : { kind: "Inherit", names, span: spanFrom(open, close) };
  });

  private readonly assignment = this.RULE("assignment", (): Binding => {
    const path = this.SUBRULE(this.attrPath);
    this.CONSUME(T.Assign);
    const value = this.SUBRULE(this.expr);
    const close = this.CONSUME(T.Semicolon);
    return { kind: "AttrBinding", path, value, span: spanFrom(path[0] ?? value, close) };
  });

  private readonly attrPath = this.RULE("attrPath", (): AttrName[] => {
    const path: AttrName[] = [this.SUBRULE(this.attrName)];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      path.push(this.SUBRULE2(this.attrName));
    });
    return path;
  });

  private readonly attrName = this.RULE("attrName", (): AttrName =>
    this.OR([
      { ALT: () => this.identifierNode(this.CONSUME(T.Identifier)) },
      { ALT: () => this.identifierNode(this.CONSUME(T.Or)) },
      { ALT: () => this.stringToken(this.CONSUME(T.DoubleString)) as AttrName },
      {
        ALT: () => {
          const open = this.CONSUME(T.DollarCurly);
          const expr = this.SUBRULE(this.expr);
          const close = this.CONSUME(T.RBrace);
          return { kind: "Interpolation", expr, span: spanFrom(open, close) } as AttrName;
        },
      },
    ]),
  );

  private identifierNode(token: IToken): IdentifierNode {
    return this.ACTION(() => identifier(token));
  }

  private tokenNode(token: IToken, build: (t: IToken) => Expr): Expr {
    return this.ACTION(() => ({ ...build(token), span: tokenSpan(token, token) }) as Expr);
  }

  private stringToken(token: IToken): Expr {
    return this.ACTION(() => this.stringParser(token));
  }
}

function identifier(token: IToken): IdentifierNode {
  return { kind: "Identifier", name: token.image, span: tokenSpan(token, token) };
}

function binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
  return { kind: "Binary", op, left, right, span: spanFrom(left, right) };
}

/**
 * The parser with error recovery, for broken input only: it reports the
 * errors after the first one. Recovery can cycle on some inputs, so its work
 * is bounded by the input's size (lookahead and skipped tokens are counted).
 */
export class RecoveringNixGrammar extends NixGrammar {
  private budget = Number.POSITIVE_INFINITY;

  constructor() {
    super(true);
  }

  override parseFile(): Expr {
    this.budget = 2_000 * (this.input.length + 10);
    return super.parseFile();
  }

  override LA(howMuch: number): IToken {
    if (--this.budget < 0) throw new TooManyErrors();
    return super.LA(howMuch);
  }

  /** Skipping tokens while re-synchronizing: at the end of the input chevrotain can keep skipping forever. */
  override SKIP_TOKEN(): IToken {
    if (--this.budget < 0) throw new TooManyErrors();
    return super.SKIP_TOKEN();
  }

  /** chevrotain's internal fast lookahead, counted like `LA`. */
  override LA_FAST(howMuch: number): IToken {
    if (--this.budget < 0) throw new TooManyErrors();
    return super.LA(howMuch);
  }
}

/** Thrown when a recovering parse has spent its budget. */
export class TooManyErrors extends Error {
  override name = "TooManyErrors";
}
