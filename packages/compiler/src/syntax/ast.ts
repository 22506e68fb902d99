/**
 * The Nix syntax tree: one node type per Nix construct.
 *
 * This tree is the hub of typenix. `synth` lowers DSL models to it, the parser
 * fills it from `.nix` text (for `fmt` and `import`), and one printer turns it
 * back into text. Like rnix-parser and nixfmt, it keeps what a formatter needs
 * to print a file back faithfully: source spans, comments, blank lines, and
 * the raw text of string and path fragments (escapes exactly as written).
 */

/** A position in a source text. `line` and `column` are 1-based; `offset` is 0-based, in UTF-16 units. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The source range a node was parsed from. `end` is exclusive. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** A comment as written, including its delimiters (`# ...` or `/* ... *\/`). */
export interface Comment {
  readonly kind: "line" | "block";
  /** The full comment text, delimiters included, without the trailing newline of a line comment. */
  readonly text: string;
  readonly span?: Span;
  /** The source had an empty line right after this comment (parsed comments only). */
  readonly blankLineAfter?: boolean;
  /** The source had an empty line right before this comment (parsed comments only). */
  readonly blankLineBefore?: boolean;
  /**
   * A nixfmt directive alone on its line (parsed comments only), as the
   * printer treats it: `/*nixfmt:disable*\/` opening a region printed as
   * written ("start"; inside an open region it does nothing more), the
   * `/*nixfmt:enable*\/` closing it with the region's source text (its
   * whole lines, both directives included), or one that opens or closes no
   * region and stays as written ("inert").
   */
  readonly directive?: "start" | { readonly verbatim: string } | "inert";
  /**
   * Inside a region printed as written (parsed comments only): the
   * region's text holds it, so the printer prints it nowhere else.
   */
  readonly inRegion?: boolean;
}

/**
 * Fields every node may carry. Nodes built by lowering have no span; nodes
 * built by the parser always have one.
 */
export interface NodeBase {
  readonly span?: Span;
  /** Comments written immediately before this node (on their own lines or inline). */
  readonly comments?: readonly Comment[];
  /** A comment on the same line right after this node (for bindings: after the `;`). */
  readonly trailingComment?: Comment;
  /** The source had at least one empty line before this node (or before its leading comments). */
  readonly blankLineBefore?: boolean;
}

// ---------------------------------------------------------------------------
// Literals and names

/** An integer literal. Nix has no negative literals: `-1` is `Unary("-", Int(1))`. */
export interface IntNode extends NodeBase {
  readonly kind: "Int";
  /** Non-negative; at most 2^63 - 1 for Nix to accept it. */
  readonly value: bigint;
  /** The literal as written when it is not `value` in decimal (`007`): it prints back so. */
  readonly raw?: string;
}

/** A float literal, kept as written (`1.5e-3`, `.5`) so it prints back unchanged. */
export interface FloatNode extends NodeBase {
  readonly kind: "Float";
  readonly raw: string;
}

/** A variable reference (`pkgs`, `true`, `null`, `builtins` are identifiers in Nix too). */
export interface IdentifierNode extends NodeBase {
  readonly kind: "Identifier";
  readonly name: string;
}

/** `${expr}` inside a string, a path or an attribute name. */
export interface InterpolationNode extends NodeBase {
  readonly kind: "Interpolation";
  readonly expr: Expr;
  /** The source had an empty line (and only blanks) between the code and `}`. */
  readonly blankLineBeforeClose?: boolean;
  /** Comments after the code, on lines before `}`. */
  readonly closingComments?: readonly Comment[];
}

/**
 * A literal fragment of a string or path, kept as raw source text: escapes
 * appear exactly as they must be written (`\"`, `\${`, `''$`, `'''`).
 * Use `stringValue` in `syntax/strings.ts` for the evaluated text.
 */
export interface TextPart {
  readonly kind: "Text";
  readonly raw: string;
}

export type StringPart = TextPart | InterpolationNode;

/**
 * A string: `"..."` (double-quoted) or `''...''` (indented).
 * For indented strings, `parts` hold the raw text between the delimiters,
 * newlines and original indentation included; the printer re-indents.
 */
export interface StringNode extends NodeBase {
  readonly kind: "String";
  readonly style: "double" | "indented";
  readonly parts: readonly StringPart[];
  /**
   * A region printed as written (see `Comment.directive`) cuts through it,
   * entering or leaving through an interpolation (parsed strings only): its
   * lines are printed as written too, with its `''`.
   */
  readonly cut?: boolean;
}

/** A path: `./a`, `../a/b`, `/etc/x`, `~/x`, `a/b`, `./a/${b}/c`. `parts` hold the raw text. */
export interface PathNode extends NodeBase {
  readonly kind: "Path";
  readonly parts: readonly StringPart[];
}

/** A search path: `<nixpkgs>`, `<nixpkgs/lib>`. `path` is the text between the angle brackets. */
export interface SearchPathNode extends NodeBase {
  readonly kind: "SearchPath";
  readonly path: string;
}

/** An unquoted URI literal such as `https://example.org/x.tar.gz`. */
export interface UriNode extends NodeBase {
  readonly kind: "Uri";
  readonly value: string;
}

// ---------------------------------------------------------------------------
// Compound values

/** `[ a b c ]`. Each item's comments live on the item. */
export interface ListNode extends NodeBase {
  readonly kind: "List";
  readonly items: readonly Expr[];
  /** Comments after the last item, before `]`. */
  readonly closingComments?: readonly Comment[];
}

/** One segment of an attribute path: `a`, `"a b"`, or `${e}`. */
export type AttrName = IdentifierNode | StringNode | InterpolationNode;

/** `a.b.c = value;` */
export interface AttrBindingNode extends NodeBase {
  readonly kind: "AttrBinding";
  readonly path: readonly AttrName[];
  readonly value: Expr;
  /** Comments between the name and `=`, which stay there. */
  readonly equalsComments?: readonly Comment[];
  /** The source had an empty line right before `=` (or before the comments before it). */
  readonly blankLineBeforeEquals?: boolean;
  /** The line of `=`, when it is not the line where the name ends (parsed code only). */
  readonly equalsLine?: number;
  /** Comments after the value, on lines before `;`. */
  readonly closingComments?: readonly Comment[];
}

/** `inherit a b;` or `inherit (from) a b;` */
export interface InheritNode extends NodeBase {
  readonly kind: "Inherit";
  readonly from?: Expr;
  /** The source had an empty line between `inherit` and the `(` of `from`. */
  readonly blankLineBeforeFrom?: boolean;
  readonly names: readonly AttrName[];
  /** Comments after the last name, before `;`. */
  readonly closingComments?: readonly Comment[];
}

/**
 * A binding printed already (generated files only; the parser never makes
 * one): synth prints each item of a model as soon as it is lowered, so the
 * syntax trees of thousands of services are not all alive at once. `text`
 * is the binding as printed at the start of a line, its lines joined by
 * line breaks, each line after the first indented for `level` (levels of
 * two spaces; empty lines are empty); the printer indents them again when
 * the binding sits at another level.
 */
export interface PrintedBindingNode extends NodeBase {
  readonly kind: "PrintedBinding";
  readonly text: string;
  readonly level: number;
}

export type Binding = AttrBindingNode | InheritNode | PrintedBindingNode;

/** `{ ... }` or `rec { ... }`. */
export interface AttrSetNode extends NodeBase {
  readonly kind: "AttrSet";
  readonly recursive: boolean;
  /** Comments between `rec` and `{`, which stay there. */
  readonly recComments?: readonly Comment[];
  /** Where `{` is, in a `rec` set parsed from source (its span starts at `rec`). */
  readonly openAt?: Position;
  readonly bindings: readonly Binding[];
  /** Comments after the last binding, before `}`. */
  readonly closingComments?: readonly Comment[];
}

/** `let bindings in body` */
export interface LetNode extends NodeBase {
  readonly kind: "Let";
  readonly bindings: readonly Binding[];
  readonly body: Expr;
  /** Comments after the last binding, before `in`. */
  readonly closingComments?: readonly Comment[];
  /** The source had an empty line right before `in` (parsed lets only). */
  readonly blankLineBeforeIn?: boolean;
}

/** The legacy `let { a = 1; body = a; }`, which evaluates to its `body` attribute. */
export interface LegacyLetNode extends NodeBase {
  readonly kind: "LegacyLet";
  readonly bindings: readonly Binding[];
  readonly closingComments?: readonly Comment[];
}

// ---------------------------------------------------------------------------
// Functions

/** One formal parameter: `name` or `name ? default`. */
export interface FormalNode extends NodeBase {
  readonly kind: "Formal";
  readonly name: IdentifierNode;
  readonly default?: Expr;
  /** Where the `?` before the default is (parsed formals only). */
  readonly question?: Position;
  /** Comments between the name and `?`, which stay there. */
  readonly questionComments?: readonly Comment[];
  /** An empty line between the name and `?`, which stays there. */
  readonly blankLineBeforeQuestion?: boolean;
  /** Where the comma after it is (parsed formals only). */
  readonly comma?: Position;
  /**
   * A comment ending the line of that comma when the formal's own line
   * ends in one before the comma (`a # c`, `, # d`).
   */
  readonly commaComment?: Comment;
  /**
   * Comments on lines between it and that comma, when one is a nixfmt
   * directive: they stay before the comma, as nixfmt keeps them (others go
   * to the next formal).
   */
  readonly commaComments?: readonly Comment[];
}

/** A set pattern: `{ a, b ? 1, ... }`, optionally bound with `args@{ ... }` or `{ ... }@args`. */
export interface FormalsNode extends NodeBase {
  readonly kind: "Formals";
  readonly formals: readonly FormalNode[];
  readonly ellipsis: boolean;
  /** Where the `...` is (parsed patterns only). */
  readonly ellipsisAt?: Position;
  /** A comment ending the line right after the `...`. */
  readonly ellipsisComment?: Comment;
  /** The source had an empty line before the `...` (or before the comma before it). */
  readonly blankLineBeforeEllipsis?: boolean;
  readonly bind?: { readonly name: IdentifierNode; readonly position: "before" | "after" };
  /** Comments after the last formal, before `}`. */
  readonly closingComments?: readonly Comment[];
}

/** `param: body` */
export interface LambdaNode extends NodeBase {
  readonly kind: "Lambda";
  readonly param: IdentifierNode | FormalsNode;
  readonly body: Expr;
  /** Comments between a set pattern and `:`, which stay there. */
  readonly colonComments?: readonly Comment[];
  /** The line of `:`, after `colonComments` (parsed nodes only). */
  readonly colonLine?: number;
}

/** Function application `fn arg`. `f a b` is `Apply(Apply(f, a), b)`. */
export interface ApplyNode extends NodeBase {
  readonly kind: "Apply";
  readonly fn: Expr;
  readonly arg: Expr;
}

// ---------------------------------------------------------------------------
// Operators and control flow

/** `expr.a.b` or `expr.a.b or default` */
export interface SelectNode extends NodeBase {
  readonly kind: "Select";
  readonly expr: Expr;
  readonly path: readonly AttrName[];
  readonly default?: Expr;
  /** Where the `or` before the default is (parsed code only): comments before it stay before it. */
  readonly or?: Position;
  /** The source had an empty line right before `or` (parsed code only). */
  readonly blankLineBeforeOr?: boolean;
  /** The indices in `path` of the names with an empty line before their `.`, which stays. */
  readonly blankLineBeforeDot?: readonly number[];
  /** The indices in `path` of the names with an empty line between their `.` and them. */
  readonly blankLineAfterDot?: readonly number[];
}

/** `expr ? a.b` */
export interface HasAttrNode extends NodeBase {
  readonly kind: "HasAttr";
  readonly expr: Expr;
  readonly path: readonly AttrName[];
  /** An empty line before `?`, or between it and the path, which stays there. */
  readonly blankLineBeforeOperator?: boolean;
  readonly blankLineAfterOperator?: boolean;
}

export type UnaryOperator = "-" | "!";

/** `-e` or `!e` */
export interface UnaryNode extends NodeBase {
  readonly kind: "Unary";
  readonly op: UnaryOperator;
  readonly expr: Expr;
  /** An empty line between the operator and `expr`, which stays there. */
  readonly blankLineAfterOperator?: boolean;
  /** A comment ending the operator's line (`! # c`), which stays there (parsed code only). */
  readonly operatorComment?: Comment;
}

export type BinaryOperator =
  "++" | "*" | "/" | "+" | "-" | "//" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&&" | "||" | "->";

/** `left op right` */
export interface BinaryNode extends NodeBase {
  readonly kind: "Binary";
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  /** Where the operator starts (parsed code only): comments after it stay after it. */
  readonly operator?: Position;
  /** The source had an empty line right before the operator (parsed code only). */
  readonly blankLineBeforeOperator?: boolean;
  /** A comment ending the line of a comparison's operator, which stays there (parsed code only). */
  readonly operatorComment?: Comment;
}

/** `if cond then a else b` */
export interface IfNode extends NodeBase {
  readonly kind: "If";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
  /** The lines of `then` and `else` (parsed code only): comments written on them stay there. */
  readonly thenLine?: number;
  readonly elseLine?: number;
  /** An empty line before `then` or `else`, which stays there. */
  readonly blankLineBeforeThen?: boolean;
  readonly blankLineBeforeElse?: boolean;
}

/** `with env; body` */
export interface WithNode extends NodeBase {
  readonly kind: "With";
  readonly env: Expr;
  readonly body: Expr;
}

/** `assert cond; body` */
export interface AssertNode extends NodeBase {
  readonly kind: "Assert";
  readonly cond: Expr;
  readonly body: Expr;
  /** Where its `;` is (parsed code only): comments before it stay before it. */
  readonly semicolon?: Position;
  /** An empty line before its `;`, which stays there. */
  readonly blankLineBeforeSemicolon?: boolean;
}

/**
 * Parentheses written in the source. The parser keeps them so a formatter
 * prints what the author wrote; the printer adds parentheses on its own only
 * where precedence requires them.
 */
export interface ParenNode extends NodeBase {
  readonly kind: "Paren";
  readonly expr: Expr;
  /** Comments after the expression, on lines before `)`. */
  readonly closingComments?: readonly Comment[];
  /** An empty line after `(` or before `)`, which stays there. */
  readonly blankLineAfterOpen?: boolean;
  readonly blankLineBeforeClose?: boolean;
}

/** Any Nix expression. */
export type Expr =
  | IntNode
  | FloatNode
  | IdentifierNode
  | StringNode
  | PathNode
  | SearchPathNode
  | UriNode
  | ListNode
  | AttrSetNode
  | LetNode
  | LegacyLetNode
  | LambdaNode
  | ApplyNode
  | SelectNode
  | HasAttrNode
  | UnaryNode
  | BinaryNode
  | IfNode
  | WithNode
  | AssertNode
  | ParenNode;

/** Every node kind, expressions and the parts that are not expressions on their own. */
export type Node = Expr | InterpolationNode | Binding | FormalNode | FormalsNode;

/** A parsed or generated `.nix` file: one expression, plus comments before it and after it. */
export interface NixFile {
  readonly expr: Expr;
  /** Comments at the end of the file, after the expression. */
  readonly trailingComments?: readonly Comment[];
  /**
   * The source text of a region opened by `/*nixfmt:disable*\/` and never
   * closed: from the directive's line to the end of the file, printed as
   * written, with or without a final newline.
   */
  readonly verbatimEnd?: string;
}
