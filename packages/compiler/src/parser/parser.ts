/**
 * The Nix grammar as a chevrotain parser with embedded actions: tokens in,
 * syntax tree out. It follows Nix's bison grammar (`src/libexpr/parser.y`):
 *
 *     expr   = ID ':' expr | ID '@' formals ':' expr | formals ('@' ID)? ':' expr
 *            | 'let' binds 'in' expr | 'with' expr ';' expr | 'assert' expr ';' expr
 *            | 'if' expr 'then' expr 'else' expr | op
 *     op     = prefix* app (binop prefix* app | '?' attrpath)*   (precedence: operators.ts)
 *     app    = select select*
 *     select = simple ('.' attrpath ('or' select)? | 'or')?
 *     simple = ID | INT | FLOAT | string | indented string | path | <spath> | URI
 *            | '(' expr ')' | '[' select* ']' | 'rec'? '{' binds '}' | 'let' '{' binds '}'
 *
 * Three tokens of lookahead tell a set pattern from an attribute set
 * (`{ a, ...`, `{ a ? ...`, `{ }:`), which Nix's GLR parser decides by
 * trying both; `exprChoice` makes that choice as chevrotain's LL(3)
 * lookahead would, without trying every alternative's token paths.
 *
 * For speed: the operator sequence, the application and `simple` are
 * methods called inside rules rather than rules of their own (each rule
 * invocation costs time and stack), and alternatives and loop bodies are
 * built once (chevrotain's advice for embedded actions).
 *
 * For depth: operator sequences, applications and chains of `x:`,
 * `let ... in`, `if ... else`, `with` and `assert` are read in loops, and
 * no pass goes deeper than `MAX_RULE_DEPTH` rules, so that no input can
 * exhaust the stack; text nested deeper in brackets is parsed in parts
 * (`parts.ts`), with the stand-in tokens `simple` and `attrName` accept.
 */
import { EmbeddedActionsParser, type IOrAlt, type IToken, type TokenType } from "chevrotain";
import type {
  AttrName,
  AttrSetNode,
  Binding,
  Expr,
  FormalNode,
  FormalsNode,
  IdentifierNode,
  IfNode,
  LegacyLetNode,
  LetNode,
  NodeBase,
  ParenNode,
  Position,
  StringPart,
} from "../syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as T from "./tokens.js";
import { buildOperators, type OperatorItem } from "./operators.js";
import { pushText, tokenText } from "./fragments.js";
import {
  endOf,
  lexicalError,
  spanOfToken,
  spanOfTokens,
  startOf,
  syntaxError,
} from "./locations.js";
import { nixErrorMessages } from "./messages.js";
import type { Checked } from "./semantics.js";
import {
  ERROR_EXPR,
  blankLineBetween,
  endOfExpr,
  floatOutOfRange,
  blankAfter,
  blankLineOnly,
  identifier,
  intTooLarge,
  interpolation,
  spanBetween,
  dotBlankLines,
} from "./nodes.js";

/**
 * How deep a syntax tree may be. Operator and application chains are built
 * without recursion, so `1 + 1 + ...` can make any depth; every recursive
 * pass over the tree (comments, printing) is safe below this.
 */
export const MAX_NESTING = 2000;

/**
 * How deep brackets may nest (`(`, `[`, `{`, `${`, strings with `${`).
 * Nix 2.8 reads some 5,000 to 10,000 levels (its parser stack holds
 * 10,000 entries). Passes that recurse over the tree, such as printing,
 * spend more stack per bracket than per step of an operator chain: hence
 * a lower limit than `MAX_NESTING`.
 */
export const MAX_BRACKETS = 1000;

/**
 * How many grammar rules one pass may have active at once. Each costs
 * stack: a level of nesting takes two rules (parentheses, lists) to seven
 * (`{ ${e} = ...; }`). Measured with Node.js's default stack, before the
 * code is optimised, the stack overflows at about 890 active rules for
 * nested lists, 1,000 for parentheses and sets, 1,600 for `if` conditions,
 * and 500 `or` defaults (which `orDepth` counts twice); optimised code
 * takes two to four times as many. Half the lowest figure leaves the
 * caller room. Deeper brackets are parsed in parts; what no bracket
 * breaks (`if if ...`, `let a = let a = ...`, `a.b or a.b or ...`) stops
 * at some 110 to 225 levels.
 */
export const MAX_RULE_DEPTH = 450;

/** Thrown when input nests too deeply; `parseNix` turns it into a diagnostic. */
export class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super("nesting too deep");
  }
}

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

/**
 * The part of an expression before its last expression (`expr = head*
 * operation`); `Broken` is what error recovery leaves.
 */
type Head =
  | {
      readonly kind: "Lambda";
      readonly param: IdentifierNode | FormalsNode;
      readonly start: Position;
      readonly colon: IToken;
    }
  | {
      readonly kind: "Let";
      readonly open: IToken;
      readonly bindings: Binding[];
      readonly in: IToken;
    }
  | {
      readonly kind: "If";
      readonly open: IToken;
      readonly cond: Expr;
      readonly thenToken: IToken;
      readonly then: Expr;
      readonly else: IToken;
    }
  | { readonly kind: "With"; readonly open: IToken; readonly env: Expr; readonly semicolon: IToken }
  | {
      readonly kind: "Assert";
      readonly open: IToken;
      readonly cond: Expr;
      readonly semicolon: IToken;
    }
  | { readonly kind: "Broken" };

const BROKEN_HEAD: Head = { kind: "Broken" };

/** `exprChoice` when no head starts: an operator sequence. */
const OPERATION = 7;

/** After an operand: a binary operator and the next operand, or `? attrpath`. */
type OperatorStep =
  | { readonly token: IToken; readonly prefixes?: IToken[]; readonly operand: Expr }
  | { readonly token: IToken; readonly path: AttrName[] };

/** After `simple`: `.attrpath` with an optional `or` default, or a bare `or`. */
type SelectSuffix =
  { readonly path: AttrName[]; readonly fallback: OrDefault | undefined } | { readonly or: IToken };

/** `or default`: the keyword and the default. */
interface OrDefault {
  readonly or: IToken;
  readonly expr: Expr;
}

/**
 * The parser. Build it once (`performSelfAnalysis` is costly) and reuse it;
 * `recovering` turns on chevrotain's error recovery, which lets one run
 * report several errors but costs time on every input.
 */
export class NixParser extends EmbeddedActionsParser {
  /** The source text, for blank-line detection. */
  private text = "";
  private file = "<stdin>";
  /** Extra weight for `or` defaults, whose recursion costs more stack than a rule. */
  private orDepth = 0;
  /** Errors found while building nodes: numbers out of range, `a == b == c`. */
  problems: Diagnostic[] = [];
  /** The offset of each `let`'s `in`, where comments stop belonging to its bindings. */
  inOffsets = new Map<LetNode, number>();
  /** The nodes Nix's checks beyond the grammar look at (`semantics.ts`). */
  checked: Checked = { sets: [], formals: [] };
  /**
   * Tree levels built by loops rather than by recursion: operators,
   * applications and chains of heads (`x:`, `let ... in`, ...). Every other
   * level comes from a grammar rule, at most two per rule, so a tree is at
   * most `2 * MAX_RULE_DEPTH + chainSteps` deep (in one pass).
   */
  chainSteps = 0;

  /**
   * `validate` runs chevrotain's checks of the grammar itself (ambiguities,
   * left recursion): the tests do; parsing need not pay for them.
   */
  constructor(recovering: boolean, validate = false) {
    super(T.PARSER_TOKENS as TokenType[], {
      recoveryEnabled: recovering,
      maxLookahead: 3,
      errorMessageProvider: nixErrorMessages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  /** Parses a token vector (from `lexNix`) into an expression; see `errors` and `problems`. */
  parseTokens(tokens: IToken[], text: string, file: string): Expr {
    this.begin(text, file);
    this.input = tokens;
    return this.file_();
  }

  /** Starts on a text: forgets what parsing earlier texts collected. */
  begin(text: string, file: string): void {
    this.text = text;
    this.file = file;
    this.orDepth = 0;
    this.problems = [];
    this.inOffsets = new Map();
    this.checked = { sets: [], formals: [] };
    this.chainSteps = 0;
  }

  /**
   * Parses one part of the text given to `begin` (`parts.ts`): an
   * expression, or with `name` an attribute name `${ ... }`. `problems`,
   * `inOffsets` and `checked` collect over the parts; `errors` are the
   * part's own.
   */
  parsePart(tokens: IToken[], name: boolean): Expr | AttrName {
    this.orDepth = 0;
    this.input = tokens;
    return name ? this.attrName() : this.file_();
  }

  /**
   * Refuses to go deeper than `MAX_RULE_DEPTH`: `parseNix` then parses in
   * parts. Called where every nesting level passes (`expr`, `select`);
   * chevrotain counts the active rules.
   */
  private enter(): void {
    const active = (this as unknown as { RULE_STACK_IDX?: number }).RULE_STACK_IDX ?? 0;
    if (active + this.orDepth > MAX_RULE_DEPTH && !this.RECORDING_PHASE)
      throw new NestingTooDeep(this.LA(1));
  }

  private readonly file_ = this.RULE("file", (): Expr => this.SUBRULE(this.expr), {
    recoveryValueFunc: () => ERROR_EXPR,
  });

  // -------------------------------------------------------------------------
  // Expressions

  /**
   * The heads of the expressions that end in an expression: `x:`,
   * `args@{ ... }:`, `{ ... }:` (a set pattern wins over the set it also
   * starts), `let ... in`, `if ... then ... else`, `with e;`, `assert e;`.
   */
  private readonly headAlternatives: IOrAlt<Head>[] = [
    { ALT: (): Head => this.SUBRULE(this.nameLambda) },
    { ALT: (): Head => this.SUBRULE(this.boundLambda) },
    { ALT: (): Head => this.SUBRULE(this.formalsLambda) },
    { ALT: (): Head => this.SUBRULE(this.letIn) },
    { ALT: (): Head => this.SUBRULE(this.ifThenElse) },
    { ALT: (): Head => this.SUBRULE(this.withExpr) },
    { ALT: (): Head => this.SUBRULE(this.assertExpr) },
  ];
  /**
   * The grammar chevrotain records: each head rule followed by its body,
   * as in Nix's grammar, so that lookahead and error recovery see what
   * may follow a head. While parsing, `expr` reads the bodies itself.
   */
  private readonly recordedAlternatives = {
    IGNORE_AMBIGUITIES: true,
    DEF: [...this.headAlternatives, { ALT: (): Expr => this.operation() }] as IOrAlt<unknown>[],
  };

  /**
   * `expr = head* operation`. A chain of heads (`x: y: ...`, `let ... in
   * let ... in ...`, `if ... else if ...`) is read in a loop and its nodes
   * built from the inside out, so its length costs no stack.
   */
  private readonly expr = this.RULE(
    "expr",
    (): Expr => {
      this.enter();
      if (this.RECORDING_PHASE) {
        this.OR(this.recordedAlternatives);
        return ERROR_EXPR;
      }
      // The same choice chevrotain's LL(3) lookahead makes, without trying
      // each alternative's token paths in turn: this runs for every
      // expression. When nothing fits, `operation` reports what is missing.
      let choice = this.exprChoice();
      if (choice === OPERATION) return this.operation();
      const heads: Head[] = [];
      do {
        heads.push((this.headAlternatives[choice] as IOrAlt<Head>).ALT.call(this));
        choice = this.exprChoice();
      } while (choice !== OPERATION);
      let body = this.operation();
      for (let i = heads.length - 1; i >= 0; i--) body = this.complete(heads[i] as Head, body);
      this.chainSteps += heads.length;
      return body;
    },
    { recoveryValueFunc: () => ERROR_EXPR },
  );

  /** The index in `headAlternatives` that the next tokens select, or `OPERATION`. */
  private exprChoice(): number {
    const first = this.LA(1).tokenType;
    if (first === T.Identifier) {
      const second = this.LA(2).tokenType;
      return second === T.Colon ? 0 : second === T.At ? 1 : OPERATION;
    }
    if (first === T.LBrace) return this.startsFormals() ? 2 : OPERATION;
    if (first === T.Let) return this.LA(2).tokenType === T.LBrace ? OPERATION : 3;
    if (first === T.If) return 4;
    if (first === T.With) return 5;
    if (first === T.Assert) return 6;
    return OPERATION;
  }

  /** After `{`: `...`, `a,`, `a ?`, `a }` or `} :`/`} @` start a set pattern, not a set. */
  private startsFormals(): boolean {
    const second = this.LA(2).tokenType;
    const third = this.LA(3).tokenType;
    if (second === T.Ellipsis) return true;
    if (second === T.Identifier)
      return third === T.Comma || third === T.Question || third === T.RBrace;
    return second === T.RBrace && (third === T.Colon || third === T.At);
  }

  /** The node of a head and the expression after it. */
  private complete(head: Head, body: Expr): Expr {
    switch (head.kind) {
      case "Lambda":
        return {
          kind: "Lambda",
          param: head.param,
          body: this.withBlankLine(head.colon, body),
          span: { start: head.start, end: endOfExpr(body, head.colon) },
        };
      case "Let": {
        const node: LetNode = {
          kind: "Let",
          bindings: head.bindings,
          body: this.withBlankLine(head.in, body),
          span: { start: startOf(head.open), end: endOfExpr(body, head.in) },
        };
        const last = head.bindings[head.bindings.length - 1]?.span?.end.offset;
        if (last !== undefined && blankLineOnly(this.text, last, head.in.startOffset))
          (node as Mutable<LetNode>).blankLineBeforeIn = true;
        this.inOffsets.set(node, head.in.startOffset);
        this.checked.sets.push(node);
        return node;
      }
      case "If":
        return this.ifNode(head, body);
      case "With":
        return {
          kind: "With",
          env: this.withBlankLine(head.open, head.env),
          body: this.withBlankLine(head.semicolon, body),
          span: { start: startOf(head.open), end: endOfExpr(body, head.semicolon) },
        };
      case "Assert":
        return {
          kind: "Assert",
          cond: this.withBlankLine(head.open, head.cond),
          body: this.withBlankLine(head.semicolon, body),
          semicolon: startOf(head.semicolon),
          ...(this.blankBeforeToken(head.cond, head.semicolon) && {
            blankLineBeforeSemicolon: true,
          }),
          span: { start: startOf(head.open), end: endOfExpr(body, head.semicolon) },
        };
      default:
        return body;
    }
  }

  /** `x:` */
  private readonly nameLambda = this.RULE(
    "nameLambda",
    (): Head => {
      const name = this.CONSUME(T.Identifier);
      const colon = this.CONSUME(T.Colon);
      if (this.RECORDING_PHASE) {
        this.SUBRULE(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      return { kind: "Lambda", param: identifier(name), start: startOf(name), colon };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  /** `args@{ a, b }:` */
  private readonly boundLambda = this.RULE(
    "boundLambda",
    (): Head => {
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.At);
      const formals = this.SUBRULE(this.formals);
      const colon = this.CONSUME(T.Colon);
      if (this.RECORDING_PHASE) {
        this.SUBRULE(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      const param: FormalsNode = {
        ...formals,
        bind: { name: identifier(name), position: "before" },
        span: { start: startOf(name), end: formals.span?.end ?? endOf(colon) },
      };
      this.checked.formals.push(param);
      return { kind: "Lambda", param, start: startOf(name), colon };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  /** `{ a, b }:` or `{ a, b }@args:` */
  private readonly formalsLambda = this.RULE(
    "formalsLambda",
    (): Head => {
      const formals = this.SUBRULE(this.formals);
      const bind = this.OPTION(() => {
        this.CONSUME(T.At);
        return this.CONSUME(T.Identifier);
      });
      const colon = this.CONSUME(T.Colon);
      if (this.RECORDING_PHASE) {
        this.SUBRULE(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      const param: FormalsNode = bind
        ? {
            ...formals,
            bind: { name: identifier(bind), position: "after" },
            span: { start: formals.span?.start ?? startOf(colon), end: endOf(bind) },
          }
        : formals;
      this.checked.formals.push(param);
      return { kind: "Lambda", param, start: param.span?.start ?? startOf(colon), colon };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  /** `{ a, b ? 1, ... }`: a trailing comma is allowed, `...` only last. */
  private readonly formals = this.RULE(
    "formals",
    (): FormalsNode => {
      const open = this.CONSUME(T.LBrace);
      const formals: Mutable<FormalNode>[] = [];
      let ellipsis: IToken | undefined;
      let blankBeforeEllipsis = false;
      // Another formal may follow only a comma that followed a formal.
      let more = true;
      this.OPTION(() => {
        this.OR([
          { ALT: () => (ellipsis = this.CONSUME(T.Ellipsis)) },
          {
            ALT: () => {
              formals.push(this.SUBRULE(this.formal));
              this.MANY({
                GATE: () => more,
                DEF: () => {
                  more = false;
                  const comma = this.CONSUME(T.Comma);
                  const last = formals[formals.length - 1];
                  if (!this.RECORDING_PHASE && last) last.comma = startOf(comma);
                  this.OPTION2(() => {
                    this.OR2([
                      {
                        ALT: () => {
                          ellipsis = this.CONSUME2(T.Ellipsis);
                          blankBeforeEllipsis = !this.RECORDING_PHASE && this.blankBefore(ellipsis);
                        },
                      },
                      {
                        ALT: () => {
                          formals.push(this.SUBRULE2(this.formal));
                          more = true;
                        },
                      },
                    ]);
                  });
                },
              });
            },
          },
        ]);
      });
      const close = this.CONSUME(T.RBrace);
      const node: FormalsNode = {
        kind: "Formals",
        formals,
        ellipsis: ellipsis !== undefined,
        span: spanOfTokens(open, close),
      };
      if (!ellipsis || this.RECORDING_PHASE) return node;
      const at = startOf(ellipsis);
      return blankBeforeEllipsis
        ? { ...node, ellipsisAt: at, blankLineBeforeEllipsis: true }
        : { ...node, ellipsisAt: at };
    },
    { recoveryValueFunc: (): FormalsNode => ({ kind: "Formals", formals: [], ellipsis: false }) },
  );

  private readonly formal = this.RULE(
    "formal",
    (): FormalNode => {
      const name = this.CONSUME(T.Identifier);
      const blank = !this.RECORDING_PHASE && this.blankBefore(name);
      let question: IToken | undefined;
      const fallback = this.OPTION(() => {
        question = this.CONSUME(T.Question);
        return this.SUBRULE(this.expr);
      });
      if (this.RECORDING_PHASE) return { kind: "Formal", name: ERROR_EXPR as IdentifierNode };
      const node: Mutable<FormalNode> = {
        kind: "Formal",
        name: identifier(name),
        span: { start: startOf(name), end: fallback?.span?.end ?? endOf(name) },
      };
      if (fallback && question) {
        // nixfmt keeps an empty line on either side of `?` (see `printDefault`).
        node.default = this.withBlankLine(question, fallback);
        node.question = startOf(question);
        if (blankLineBetween(this.text, name, question)) node.blankLineBeforeQuestion = true;
      } else if (fallback) node.default = fallback;
      if (blank) node.blankLineBefore = true;
      return node;
    },
    {
      recoveryValueFunc: (): FormalNode => ({
        kind: "Formal",
        name: ERROR_EXPR as IdentifierNode,
      }),
    },
  );

  /** `let ... in` */
  private readonly letIn = this.RULE(
    "letIn",
    (): Head => {
      const open = this.CONSUME(T.Let);
      const bindings = this.SUBRULE(this.bindings);
      const inToken = this.CONSUME(T.In);
      if (this.RECORDING_PHASE) {
        this.SUBRULE(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      return { kind: "Let", open, bindings, in: inToken };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  /** `if ... then ... else` */
  private readonly ifThenElse = this.RULE(
    "ifThenElse",
    (): Head => {
      const open = this.CONSUME(T.If);
      const cond = this.SUBRULE(this.expr);
      const thenToken = this.CONSUME(T.Then);
      const then = this.SUBRULE2(this.expr);
      const elseToken = this.CONSUME(T.Else);
      if (this.RECORDING_PHASE) {
        this.SUBRULE3(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      return { kind: "If", open, cond, thenToken, then, else: elseToken };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  /** `with e;` */
  private readonly withExpr = this.RULE(
    "withExpr",
    (): Head => {
      const open = this.CONSUME(T.With);
      const env = this.SUBRULE(this.expr);
      const semicolon = this.CONSUME(T.Semicolon);
      if (this.RECORDING_PHASE) {
        this.SUBRULE2(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      return { kind: "With", open, env, semicolon };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  /** `assert e;` */
  private readonly assertExpr = this.RULE(
    "assertExpr",
    (): Head => {
      const open = this.CONSUME(T.Assert);
      const cond = this.SUBRULE(this.expr);
      const semicolon = this.CONSUME(T.Semicolon);
      if (this.RECORDING_PHASE) {
        this.SUBRULE2(this.expr); // the body (`recordedAlternatives`)
        return BROKEN_HEAD;
      }
      return { kind: "Assert", open, cond, semicolon };
    },
    { recoveryValueFunc: () => BROKEN_HEAD },
  );

  // -------------------------------------------------------------------------
  // Operators and application (inside `expr`)

  private readonly operatorSteps: IOrAlt<OperatorStep>[] = [
    {
      ALT: () => {
        const token = this.CONSUME(T.BinaryOperator);
        const prefixes = this.prefixes(2);
        return { token, prefixes, operand: this.application(2) };
      },
    },
    { ALT: () => ({ token: this.CONSUME(T.Question), path: this.SUBRULE(this.attrPath) }) },
  ];

  /**
   * The operator sequence of an `expr`: prefixes, operands, binary
   * operators and `? attrpath`; `buildOperators` applies precedence.
   *
   * The loops here run for every expression, so their bodies are built
   * once and keep their state in fields (`items`, `prefixList`, `appFn`),
   * saved and restored around nested operations, instead of being
   * closures allocated on each call.
   */
  private operation(): Expr {
    const prefixes = this.prefixes(1);
    const first = this.application(1);
    const saved = this.items;
    const savedFirst = this.itemsFirst;
    // Most operations are a single operand: then no list is built.
    this.items = prefixes ? [...prefixes.map(prefixItem), operandItem(first)] : undefined;
    this.itemsFirst = first;
    let items: OperatorItem[] | undefined;
    try {
      this.MANY2(this.operatorStep);
      items = this.items;
    } finally {
      this.items = saved;
      this.itemsFirst = savedFirst;
    }
    if (items === undefined || this.RECORDING_PHASE) return first;
    this.chainSteps += items.length;
    return buildOperators(this.text, items, ({ token, previous }) =>
      this.problems.push(
        syntaxError(
          this.file,
          token.startLine ?? 1,
          token.startColumn ?? 1,
          `'${token.image}' cannot follow '${previous.image}' without parentheses`,
          `comparison operators do not chain in Nix: write (a ${previous.image} b) ${token.image} c`,
        ),
      ),
    );
  }

  /** The operator sequence being collected, and its first operand. */
  private items: OperatorItem[] | undefined;
  private itemsFirst: Expr = ERROR_EXPR;

  private readonly operatorStep = (): void => {
    const step = this.OR2(this.operatorSteps);
    // Nested operations in the step's operand restored `items` and `itemsFirst`.
    const items = (this.items ??= [operandItem(this.itemsFirst)]);
    if ("path" in step) {
      const end = step.path[step.path.length - 1]?.span?.end ?? endOf(step.token);
      items.push({ kind: "has", token: step.token, path: step.path, end });
      return;
    }
    items.push({ kind: "binary", token: step.token });
    if (step.prefixes) for (const p of step.prefixes) items.push(prefixItem(p));
    items.push(operandItem(step.operand));
  };

  private readonly prefixAlternatives1: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Not) },
    { ALT: () => this.CONSUME(T.Minus) },
  ];
  private readonly prefixAlternatives2: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME2(T.Not) },
    { ALT: () => this.CONSUME2(T.Minus) },
  ];
  private prefixList: IToken[] | undefined;
  private readonly prefix1 = (): void => {
    (this.prefixList ??= []).push(this.OR3(this.prefixAlternatives1));
  };
  private readonly prefix2 = (): void => {
    (this.prefixList ??= []).push(this.OR4(this.prefixAlternatives2));
  };

  /** `!` and `-` before an operand (two call sites, so two sets of DSL indices). */
  private prefixes(site: 1 | 2): IToken[] | undefined {
    // Prefixes are single tokens: nothing nests while they are collected.
    this.prefixList = undefined;
    if (site === 1) this.MANY(this.prefix1);
    else this.MANY3(this.prefix2);
    return this.prefixList;
  }

  /** The function of the application being built. */
  private appFn: Expr = ERROR_EXPR;
  private readonly argument1 = (): void => this.addArgument(this.SUBRULE2(this.select));
  private readonly argument2 = (): void => this.addArgument(this.SUBRULE4(this.select));

  private addArgument(arg: Expr): void {
    if (this.RECORDING_PHASE) return;
    const fn = this.appFn;
    // An empty line between the function (or the argument before) and it is kept.
    if (fn.span && arg.span && blankAfter(this.text, fn.span.end, arg.span.start))
      (arg as Mutable<NodeBase>).blankLineBefore = true;
    this.appFn = { kind: "Apply", fn, arg, span: spanBetween(fn, arg) };
    this.chainSteps += 1;
  }

  /**
   * `f a b` is `(f a) b`; arguments are selections, so `f -1` is a
   * subtraction (two call sites, so two sets of DSL indices).
   */
  private application(site: 1 | 2): Expr {
    const fn = site === 1 ? this.SUBRULE1(this.select) : this.SUBRULE3(this.select);
    const saved = this.appFn;
    this.appFn = fn;
    try {
      if (site === 1) this.MANY4(this.argument1);
      else this.MANY5(this.argument2);
      return this.appFn;
    } finally {
      this.appFn = saved;
    }
  }

  // -------------------------------------------------------------------------
  // Selection and simple expressions

  private readonly selectSuffixes: IOrAlt<SelectSuffix>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Dot);
        const path = this.SUBRULE(this.attrPath);
        const fallback = this.OPTION2(this.orDefault);
        return { path, fallback };
      },
    },
    { ALT: () => ({ or: this.CONSUME2(T.Or) }) },
  ];
  private readonly selectSuffix = (): SelectSuffix => this.OR2(this.selectSuffixes);
  private readonly orDefault = (): OrDefault => {
    const or = this.CONSUME(T.Or);
    this.orDepth += 1;
    try {
      return { or, expr: this.SUBRULE(this.select) };
    } finally {
      this.orDepth -= 1;
    }
  };

  /** `e.a.b`, `e.a.b or default`, and Nix's old `e or`, which applies `e` to the variable `or`. */
  private readonly select = this.RULE(
    "select",
    (): Expr => {
      this.enter();
      const expr = this.OR(this.simpleAlternatives);
      const suffix = this.OPTION(this.selectSuffix);
      if (suffix === undefined || this.RECORDING_PHASE) return expr;
      if ("or" in suffix) {
        const arg: Expr = { kind: "Identifier", name: "or", span: spanOfToken(suffix.or) };
        return { kind: "Apply", fn: expr, arg, span: spanBetween(expr, arg) };
      }
      const { path, fallback } = suffix;
      const pathEnd = path[path.length - 1]?.span?.end;
      const end = fallback?.expr.span?.end ?? pathEnd;
      const span = end && expr.span ? { start: expr.span.start, end } : undefined;
      const dots = dotBlankLines(this.text, expr, path);
      if (!fallback) return { kind: "Select", expr, path, ...dots, span };
      const or = startOf(fallback.or);
      const def = this.withBlankLine(fallback.or, fallback.expr);
      // Empty lines around `or` are kept (nixfmt).
      const blank = pathEnd !== undefined && blankAfter(this.text, pathEnd, or);
      return {
        kind: "Select",
        expr,
        path,
        ...dots,
        default: def,
        or,
        span,
        ...(blank && { blankLineBeforeOr: true }),
      };
    },
    { recoveryValueFunc: () => ERROR_EXPR },
  );

  /** The part of `select` before any `.`: literals, names, brackets. */
  private readonly simpleAlternatives: IOrAlt<Expr>[] = [
    { ALT: () => identifier(this.CONSUME(T.Identifier)) },
    { ALT: () => this.intNode(this.CONSUME(T.Int)) },
    { ALT: () => this.floatNode(this.CONSUME(T.Float)) },
    { ALT: () => this.SUBRULE(this.doubleString) },
    { ALT: () => this.SUBRULE(this.indentedString) },
    { ALT: () => this.SUBRULE(this.path) },
    {
      ALT: () => {
        const t = this.CONSUME(T.SearchPath);
        return { kind: "SearchPath", path: t.image.slice(1, -1), span: spanOfToken(t) };
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Uri);
        return { kind: "Uri", value: t.image, span: spanOfToken(t) };
      },
    },
    {
      ALT: () => {
        const open = this.CONSUME(T.LParen);
        const expr = this.SUBRULE(this.expr);
        const close = this.CONSUME(T.RParen);
        const node: Mutable<ParenNode> = { kind: "Paren", expr, span: spanOfTokens(open, close) };
        if (this.RECORDING_PHASE) return node;
        // nixfmt keeps empty lines after `(` and before `)` (see `printParen`).
        const start = expr.span?.start;
        if (start && blankAfter(this.text, endOf(open), start)) node.blankLineAfterOpen = true;
        if (this.blankBeforeToken(expr, close)) node.blankLineBeforeClose = true;
        return node;
      },
    },
    { ALT: () => this.SUBRULE(this.list) },
    { ALT: () => this.SUBRULE(this.attrSet) },
    {
      ALT: () => {
        const open = this.CONSUME(T.Let);
        this.CONSUME(T.LBrace);
        const bindings = this.SUBRULE(this.bindings);
        const close = this.CONSUME(T.RBrace);
        const node: LegacyLetNode = {
          kind: "LegacyLet",
          bindings,
          span: spanOfTokens(open, close),
        };
        this.checked.sets.push(node);
        return node;
      },
    },
    // Parts of a deeply nested text parsed before the rest (`parts.ts`).
    { ALT: () => partNode(this.CONSUME(T.Parsed)) },
    { ALT: () => partNode(this.CONSUME(T.ParsedString)) },
  ];

  private readonly list = this.RULE(
    "list",
    (): Expr => {
      const open = this.CONSUME(T.LBracket);
      const items: Expr[] = [];
      this.MANY(() => {
        const before = this.LA(0);
        const first = this.LA(1);
        const item = this.SUBRULE(this.select);
        items.push(this.RECORDING_PHASE ? item : this.withBlankLine(before, item, first));
      });
      const close = this.CONSUME(T.RBracket);
      return { kind: "List", items, span: spanOfTokens(open, close) };
    },
    { recoveryValueFunc: () => ERROR_EXPR },
  );

  private readonly attrSet = this.RULE(
    "attrSet",
    (): Expr => {
      const rec = this.OPTION(() => this.CONSUME(T.Rec));
      const open = this.CONSUME(T.LBrace);
      const bindings = this.SUBRULE(this.bindings);
      const close = this.CONSUME(T.RBrace);
      const node: AttrSetNode = {
        kind: "AttrSet",
        recursive: rec !== undefined,
        bindings,
        span: spanOfTokens(rec ?? open, close),
        ...(rec ? { openAt: spanOfTokens(open, open).start } : {}),
      };
      this.checked.sets.push(node);
      return node;
    },
    { recoveryValueFunc: () => ERROR_EXPR },
  );

  // -------------------------------------------------------------------------
  // Strings and paths

  /**
   * The parts of a string or path with interpolations, from its start token
   * (text then `${`) through middle tokens (`}`, text, `${`) to its end
   * token (`}` then text); `skip` is the delimiter length at each end.
   */
  private interpolated(
    start: IToken,
    mid: TokenType,
    end: TokenType,
    skip: { start: number; end: number },
  ): { parts: StringPart[]; close: IToken } {
    const parts: StringPart[] = [];
    pushText(parts, tokenText(start, skip.start, 2));
    let open = start;
    let code = this.SUBRULE(this.expr);
    this.MANY(() => {
      const next = this.CONSUME(mid);
      parts.push(interpolation(code, open, next, this.text));
      pushText(parts, tokenText(next, 1, 2));
      open = next;
      code = this.SUBRULE2(this.expr);
    });
    const close = this.CONSUME(end);
    parts.push(interpolation(code, open, close, this.text));
    pushText(parts, tokenText(close, 1, skip.end));
    return { parts, close };
  }

  private readonly doubleStringAlternatives: IOrAlt<Expr>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.Str);
        const parts: StringPart[] = [];
        pushText(parts, tokenText(t, 1, 1));
        return { kind: "String", style: "double", parts, span: spanOfToken(t) };
      },
    },
    {
      ALT: () => {
        const start = this.CONSUME(T.StrStart);
        const { parts, close } = this.interpolated(start, T.StrMid, T.StrEnd, QUOTES);
        return { kind: "String", style: "double", parts, span: spanOfTokens(start, close) };
      },
    },
  ];

  private readonly doubleString = this.RULE(
    "doubleString",
    (): Expr => this.OR(this.doubleStringAlternatives),
    { recoveryValueFunc: () => ERROR_EXPR },
  );

  private readonly indentedStringAlternatives: IOrAlt<Expr>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.IndStr);
        const parts: StringPart[] = [];
        pushText(parts, tokenText(t, 2, 2));
        return { kind: "String", style: "indented", parts, span: spanOfToken(t) };
      },
    },
    {
      ALT: () => {
        const start = this.CONSUME(T.IndStart);
        const { parts, close } = this.interpolated(start, T.IndMid, T.IndEnd, TWO_QUOTES);
        return { kind: "String", style: "indented", parts, span: spanOfTokens(start, close) };
      },
    },
  ];

  private readonly indentedString = this.RULE(
    "indentedString",
    (): Expr => this.OR(this.indentedStringAlternatives),
    { recoveryValueFunc: () => ERROR_EXPR },
  );

  private readonly pathAlternatives: IOrAlt<Expr>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.PathLiteral);
        return { kind: "Path", parts: [{ kind: "Text", raw: t.image }], span: spanOfToken(t) };
      },
    },
    {
      ALT: () => {
        const start = this.CONSUME(T.PathStart);
        const { parts, close } = this.interpolated(start, T.PathMid, T.PathClose, PATH_ENDS);
        return { kind: "Path", parts, span: spanOfTokens(start, close) };
      },
    },
  ];

  private readonly path = this.RULE("path", (): Expr => this.OR(this.pathAlternatives), {
    recoveryValueFunc: () => ERROR_EXPR,
  });

  // -------------------------------------------------------------------------
  // Bindings and attribute paths

  private readonly bindingAlternatives: IOrAlt<Binding>[] = [
    { ALT: () => this.SUBRULE(this.inherit) },
    { ALT: () => this.SUBRULE(this.binding) },
  ];

  private readonly bindings = this.RULE(
    "bindings",
    (): Binding[] => {
      const bindings: Binding[] = [];
      this.MANY(() => {
        const before = this.LA(0);
        const first = this.LA(1);
        const binding = this.OR(this.bindingAlternatives);
        bindings.push(this.RECORDING_PHASE ? binding : this.withBlankLine(before, binding, first));
      });
      return bindings;
    },
    { recoveryValueFunc: () => [] },
  );

  private readonly inherit = this.RULE(
    "inherit",
    (): Binding => {
      const open = this.CONSUME(T.Inherit);
      const source = this.OPTION(() => {
        const paren = this.CONSUME(T.LParen);
        const expr = this.SUBRULE(this.expr);
        this.CONSUME(T.RParen);
        return { paren, expr };
      });
      const names: AttrName[] = [];
      this.MANY(() => {
        const before = this.LA(0);
        const first = this.LA(1);
        const name = this.SUBRULE(this.attrName);
        names.push(this.RECORDING_PHASE ? name : this.withBlankLine(before, name, first));
      });
      const close = this.CONSUME(T.Semicolon);
      const span = spanOfTokens(open, close);
      if (!source) return { kind: "Inherit", names, span };
      const from = source.expr;
      const blank = !this.RECORDING_PHASE && blankLineBetween(this.text, open, source.paren);
      return { kind: "Inherit", from, ...(blank && { blankLineBeforeFrom: true }), names, span };
    },
    { recoveryValueFunc: (): Binding => ({ kind: "Inherit", names: [] }) },
  );

  private readonly binding = this.RULE(
    "binding",
    (): Binding => {
      const first = this.LA(1);
      const path = this.SUBRULE(this.attrPath);
      const beforeEquals = this.LA(0);
      const equals = this.CONSUME(T.Assign);
      const blankBeforeEquals =
        !this.RECORDING_PHASE && blankLineBetween(this.text, this.LA(-1), equals);
      const value = this.SUBRULE(this.expr);
      const close = this.CONSUME(T.Semicolon);
      const span = spanOfTokens(first, close);
      if (this.RECORDING_PHASE) return { kind: "AttrBinding", path, value, span };
      // Empty lines before and after `=` are kept (nixfmt), `=` on its line.
      const around = blankBeforeEquals
        ? { blankLineBeforeEquals: true, equalsLine: equals.startLine }
        : equals.startLine !== endOf(beforeEquals).line && { equalsLine: equals.startLine };
      return {
        kind: "AttrBinding",
        path,
        value: this.withBlankLine(equals, value),
        span,
        ...around,
      };
    },
    {
      recoveryValueFunc: (): Binding => ({ kind: "AttrBinding", path: [], value: ERROR_EXPR }),
    },
  );

  private readonly attrPath = this.RULE(
    "attrPath",
    (): AttrName[] => {
      const path = [this.SUBRULE(this.attrName)];
      this.MANY(() => {
        this.CONSUME(T.Dot);
        path.push(this.SUBRULE2(this.attrName));
      });
      return path;
    },
    { recoveryValueFunc: () => [] },
  );

  private readonly attrNameAlternatives: IOrAlt<AttrName>[] = [
    { ALT: () => identifier(this.CONSUME(T.Identifier)) },
    { ALT: () => identifier(this.CONSUME(T.Or)) },
    { ALT: () => this.SUBRULE(this.doubleString) as AttrName },
    {
      ALT: () => {
        const open = this.CONSUME(T.DollarCurly);
        const expr = this.SUBRULE(this.expr);
        const close = this.CONSUME(T.RBrace);
        return interpolation(expr, open, close, this.text);
      },
    },
    { ALT: () => partNode(this.CONSUME(T.ParsedString)) as AttrName },
    { ALT: () => partNode(this.CONSUME(T.ParsedName)) as AttrName },
  ];

  private readonly attrName = this.RULE(
    "attrName",
    (): AttrName => this.OR(this.attrNameAlternatives),
    { recoveryValueFunc: () => ERROR_EXPR as AttrName },
  );

  // -------------------------------------------------------------------------
  // Helpers for actions

  private intNode(t: IToken): Expr {
    if (this.RECORDING_PHASE) return ERROR_EXPR;
    const value = BigInt(t.image);
    if (intTooLarge(value))
      this.problems.push(
        lexicalError(
          this.file,
          t.startLine ?? 1,
          t.startColumn ?? 1,
          `invalid integer '${t.image}'`,
          "Nix integers are 64-bit: at most 9223372036854775807",
        ),
      );
    const raw = t.image === value.toString() ? {} : { raw: t.image };
    return { kind: "Int", value, ...raw, span: spanOfToken(t) };
  }

  private floatNode(t: IToken): Expr {
    if (this.RECORDING_PHASE) return ERROR_EXPR;
    if (floatOutOfRange(t.image))
      this.problems.push(
        lexicalError(
          this.file,
          t.startLine ?? 1,
          t.startColumn ?? 1,
          `invalid float '${t.image}'`,
          "the value is out of the range of a 64-bit float",
        ),
      );
    return { kind: "Float", raw: t.image, span: spanOfToken(t) };
  }

  /** `if`, with the empty lines nixfmt keeps before and after each of its keywords. */
  private ifNode(head: Head & { kind: "If" }, body: Expr): IfNode {
    const node: Mutable<IfNode> = {
      kind: "If",
      cond: this.withBlankLine(head.open, head.cond),
      then: this.withBlankLine(head.thenToken, head.then),
      else: this.withBlankLine(head.else, body),
      thenLine: startOf(head.thenToken).line,
      elseLine: startOf(head.else).line,
      span: { start: startOf(head.open), end: endOfExpr(body, head.else) },
    };
    if (this.blankBeforeToken(head.cond, head.thenToken)) node.blankLineBeforeThen = true;
    if (this.blankBeforeToken(head.then, head.else)) node.blankLineBeforeElse = true;
    return node;
  }

  /** An empty line between `expr` and the token after it. */
  private blankBeforeToken(expr: Expr, token: IToken): boolean {
    return expr.span !== undefined && blankAfter(this.text, expr.span.end, startOf(token));
  }

  /**
   * An empty line between `before` and `comma`, the comma before a formal (`a\n\n, b`):
   * nixfmt keeps it before the formal, as it keeps one after the comma.
   */
  /**
   * An empty line before `token`, the token just consumed, or before the
   * comma right before it (a pattern written with leading commas).
   */
  private blankBefore(token: IToken): boolean {
    const before = this.LA(-1);
    return blankLineBetween(this.text, before, token) || this.blankBeforeComma(this.LA(-2), before);
  }

  private blankBeforeComma(before: IToken, comma: IToken): boolean {
    return comma.tokenType === T.Comma && blankLineBetween(this.text, before, comma);
  }

  /**
   * `node` with `blankLineBefore` when an empty line separates it from the
   * token before (`first` is its first token, when at hand).
   */
  private withBlankLine<N extends NodeBase>(before: IToken, node: N, first?: IToken): N {
    const blank = first
      ? blankLineBetween(this.text, before, first)
      : node.span !== undefined && blankAfter(this.text, endOf(before), node.span.start);
    if (blank) (node as Mutable<NodeBase>).blankLineBefore = true;
    return node;
  }
}

const QUOTES = { start: 1, end: 1 };
const TWO_QUOTES = { start: 2, end: 2 };
const PATH_ENDS = { start: 0, end: 0 };

function prefixItem(token: IToken): OperatorItem {
  return { kind: "prefix", token };
}

function operandItem(expr: Expr): OperatorItem {
  return { kind: "operand", expr };
}

/** The node a stand-in token carries (none while chevrotain records the grammar). */
function partNode(token: IToken): Expr {
  return (token.payload as Expr | undefined) ?? ERROR_EXPR;
}
