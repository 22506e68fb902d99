/**
 * The layout language of the Nix printer: prettier's documents (the same
 * objects `prettier/doc` builds and prints), and a printer for them that
 * gives the text prettier's `printDocToString` gives, faster.
 *
 * The speed comes from knowing what the Nix printer uses: indentation by
 * two spaces only, no group ids, no fill; breaks propagate to enclosing
 * groups when a group is built (prettier walks the whole document for that
 * before printing); the print stack is three arrays, not an object per
 * command. A document this printer does not handle exactly (text beyond
 * ASCII, whose width prettier measures with Unicode tables, or a document
 * kind it does not know) is printed by prettier itself, so the text is
 * always prettier's.
 *
 * Two additions serve the Nix printer, which follows nixfmt: measuring
 * lines as nixfmt does (`measure: "nixfmt"`: indentation not counted, a
 * column a character, never handed to prettier; lines indented as nixfmt
 * indents them, once for several indentations opened on one line), and
 * `fillLine`, nixfmt's soft line, which breaks only when the line up to
 * the next possible break does not fit.
 */
import { printer as prettierPrinter, type builders as prettierBuilders } from "prettier/doc";

/** A layout document: text, a sequence, or one of the commands below. */
export type Doc = string | readonly Doc[] | DocCommand;

type DocCommand =
  | Group
  | Indent
  | Align
  | Line
  | BreakParent
  | IfBreak
  | LineSuffix
  | Lazy
  | VerbatimStart
  | Verbatim
  | Lines
  | Raw;

interface Group {
  readonly type: "group";
  readonly id: undefined;
  readonly contents: Doc;
  /** Breaks: asked for, or it holds a hard line or a broken group (prettier's propagation). */
  readonly break: boolean;
  /** A conditional group's layouts, best first (`contents` is the first). */
  readonly expandedStates: readonly Doc[] | undefined;
  /** The contents printed flat, once the printer has needed it; null when they cannot be. */
  flat: Flat | null | undefined;
}

/** What a group's contents give printed flat, and how `fits` measures them. */
interface Flat {
  /** The text the printer writes. */
  readonly text: string;
  /** Its width, as the printer advances its position. */
  readonly width: number;
  /** The width `fits` counts: a line's space only before text. */
  readonly fitsWidth: number;
  /** Whether it holds text at all. */
  readonly hasText: boolean;
  /** A line (not soft) comes before the first text. */
  readonly lineFirst: boolean;
  /** A line comes after the last text (or, without text, anywhere). */
  readonly lineLast: boolean;
  /** `text` ends in a space or a tab. */
  readonly blankEnd: boolean;
  /** The nesting level (indentations inside the group) of its first text. */
  readonly firstLevel: number;
}

interface Indent {
  readonly type: "indent";
  readonly contents: Doc;
}

/** Prettier's `align`: `contents` `n` columns further right after each line break. */
interface Align {
  readonly type: "align";
  readonly n: number;
  readonly contents: Doc;
}

interface Line {
  readonly type: "line";
  readonly soft?: true;
  readonly hard?: true;
  /** In a broken group, breaks only when what follows up to the next possible break does not fit. */
  readonly fill?: true;
}

interface BreakParent {
  readonly type: "break-parent";
}

interface IfBreak {
  readonly type: "if-break";
  readonly breakContents: Doc;
  readonly flatContents: Doc;
  readonly groupId: undefined;
}

interface LineSuffix {
  readonly type: "line-suffix";
  readonly contents: Doc;
}

/** A document made when the printer gets to it (not one of prettier's). */
interface Lazy {
  readonly type: "lazy";
  /** Makes the document of `item` (one function for many lazy documents, not a closure each). */
  readonly make: (item: unknown) => Doc;
  readonly item: unknown;
  /** The document, kept once something had to look ahead into it. */
  value: Doc | undefined;
}

/**
 * Lines with a hard line between each two (not one of prettier's): what
 * `printDocToLines` gave, printed again at another indentation in one go.
 * `texts` are runs of lines, each joined by line breaks, one after
 * another (one line break between two). No line ends in a space or a tab,
 * and the first is not empty. The lines after the first are indented for
 * `level` already (empty ones are empty): printed at that level, the
 * texts are written as they are, without being joined first.
 */
interface Lines {
  readonly type: "lines";
  readonly texts: readonly string[];
  readonly level: number;
}

/**
 * Where a region printed as written starts (not one of prettier's): what
 * is printed from here up to its `Verbatim` is laid out as usual but not
 * written, and the region's text starts a line of its own.
 */
interface VerbatimStart {
  readonly type: "verbatim-start";
}

/** A region's text, written as it is; it ends the region (not one of prettier's). */
interface Verbatim {
  readonly type: "verbatim";
  readonly text: string;
}

/**
 * Text with line breaks in it, written as it is: its lines after the first
 * keep their columns (not one of prettier's). What follows it continues
 * its last line. With `nests`, its last line counts as a line that starts
 * at the nesting level of the text, for the indentation of the code after
 * it (nixfmt's raw lines of a string cut by a region printed as written).
 */
interface Raw {
  readonly type: "raw";
  readonly text: string;
  readonly nests?: boolean;
}

// ---------------------------------------------------------------------------
// Builders (prettier's, with the same meaning)

/** A space, or a line break when the enclosing group breaks. */
export const line: Doc = { type: "line" };
/** Nothing, or a line break when the enclosing group breaks. */
export const softline: Doc = { type: "line", soft: true };
/**
 * A space, or a line break when the enclosing group breaks and the text up
 * to the next possible break (groups that fit counted flat) does not fit
 * on the line (nixfmt's soft line; not one of prettier's).
 */
export const fillLine: Doc = { type: "line", fill: true };
/** `fillLine` that is nothing rather than a space when it does not break (nixfmt's `softline'`). */
export const softFillLine: Doc = { type: "line", soft: true, fill: true };
/** Breaks the enclosing groups. */
export const breakParent: Doc = { type: "break-parent" };
/** Always a line break; the enclosing groups break. */
export const hardline: Doc = [{ type: "line", hard: true }, breakParent];

/** Starts a region printed as written (see `verbatim`); the enclosing groups break. */
export const verbatimStart: Doc = [{ type: "verbatim-start" }, breakParent];

/**
 * `text` as it is, at the start of a line, in place of what was printed
 * since the last `verbatimStart` (nixfmt's disabled regions); the enclosing
 * groups break.
 */
export function verbatim(text: string): Doc {
  return [{ type: "verbatim", text }, breakParent];
}

/**
 * The lines of a string written as they are (see `Raw`), its first on the
 * line of the opening `''`; the enclosing groups break. For the layout the
 * text starts a line of its own: nixfmt measures a string of several
 * lines up to its `''`, as it writes the text below it.
 */
export function rawLines(text: string, nests = false): Doc {
  return [{ type: "raw", text, ...(nests && { nests }) }, breakParent];
}

/** Printed on one line if it fits, else with its lines broken. */
export function group(contents: Doc, options?: { readonly shouldBreak?: boolean }): Doc {
  return {
    type: "group",
    id: undefined,
    contents,
    break: options?.shouldBreak === true || holdsBreak(contents),
    expandedStates: undefined,
    flat: undefined,
  };
}

/**
 * The contents of `doc` if it is a group (not a conditional one), else
 * `doc`: placed in another group, its lines then break as that group's do.
 */
export function ungrouped(doc: Doc): Doc {
  return typeof doc === "object" && "type" in doc && doc.type === "group" && !doc.expandedStates
    ? doc.contents
    : doc;
}

/** The first of `states` that fits flat; else the last, broken. */
export function conditionalGroup(states: readonly Doc[]): Doc {
  return {
    type: "group",
    id: undefined,
    contents: states[0] ?? "",
    break: false,
    expandedStates: states,
    flat: undefined,
  };
}

/** `contents` one level (two spaces) deeper after each line break. */
export function indent(contents: Doc): Doc {
  return { type: "indent", contents };
}

/**
 * `contents` `columns` further right after each line break (prettier's
 * `align`). Measured as nixfmt does, it is nixfmt's `offset`: the columns
 * come on top of the indentation, and the nesting is not deeper.
 */
export function offset(columns: number, contents: Doc): Doc {
  return columns === 0 ? contents : { type: "align", n: columns, contents };
}

/** `breakContents` when the enclosing group breaks, else `flatContents`. */
export function ifBreak(breakContents: Doc, flatContents: Doc = ""): Doc {
  return { type: "if-break", breakContents, flatContents, groupId: undefined };
}

/** Printed at the end of the line (before the next line break). */
export function lineSuffix(contents: Doc): Doc {
  return { type: "line-suffix", contents };
}

/**
 * The document `make(item)` returns, made when the printer reaches it.
 * Unless the printer had to look into it earlier, it is not kept: printed,
 * it is garbage, so a long file's documents need not all be alive at once.
 */
export function lazy<T>(make: (item: T) => Doc, item: T): Doc {
  return { type: "lazy", make: make as (item: unknown) => Doc, item, value: undefined };
}

/** The document of a `lazy`, kept from now on. */
function forced(doc: Lazy): Doc {
  return (doc.value ??= doc.make(doc.item));
}

/**
 * The lines of `text` (as `printDocToLines` cut them, joined by line
 * breaks; none ends in a space or a tab) with a hard line between each two.
 * The lines after the first are indented for `level` already (see `indentLines`).
 */
export function hardLines(text: string, level = 0): Doc {
  return text.includes("\n") ? { type: "lines", texts: [text], level } : text;
}

/** `texts`, each as `hardLines` takes it (at `level`), one below the other. */
export function hardLineTexts(texts: readonly string[], level: number): Doc {
  return texts.length === 1
    ? hardLines(texts[0] as string, level)
    : { type: "lines", texts, level };
}

/**
 * `lines` joined by line breaks, those after the first indented `level`
 * levels (empty lines stay empty): the text of a `hardLines` at `level`.
 * One flat string (`join` makes one), not a chain of pieces: it may be
 * kept until a long file is printed.
 */
export function indentLines(lines: readonly string[], level: number): string {
  const lineBreak = lineStart(level);
  if (level === 0 || lines.indexOf("", 1) === -1) return lines.join(lineBreak);
  return lines.join("\n").replace(lineBreaksAt(0), lineBreak);
}

/** The lines of a `Lines` as prettier's documents, unindented. */
function expandedLines({ texts, level }: Lines): Doc[] {
  const lines = texts.join(`\n${indentation(level)}`).split("\n");
  const docs: Doc[] = [lines[0] as string];
  const indent = indentation(level).length;
  for (let i = 1; i < lines.length; i++) docs.push(hardline, (lines[i] as string).slice(indent));
  return docs;
}

/** The line breaks of a `Lines` at `level`, each with the indentation after it (none before an empty line). */
function lineBreaksAt(level: number): RegExp {
  return (LINE_BREAKS[level] ??= new RegExp(`\n${indentation(level)}(?!\n)`, "g"));
}

const LINE_BREAKS: RegExp[] = [];

/** `docs` with `separator` between each two. */
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const parts: Doc[] = [];
  for (let i = 0; i < docs.length; i++) {
    if (i !== 0) parts.push(separator);
    parts.push(docs[i] as Doc);
  }
  return parts;
}

/**
 * Whether a group around `doc` must break, as prettier's `propagateBreaks`
 * decides: a break-parent (part of every hard line) or a broken group,
 * outside any nested group; a conditional group passes on only its own break.
 */
function holdsBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (isDocArray(doc)) {
    // Indexed: until the engine optimizes it, `for...of` allocates for each part.
    for (let i = 0; i < doc.length; i++) if (holdsBreak(doc[i] as Doc)) return true;
    return false;
  }
  switch (doc.type) {
    case "group":
      return doc.break;
    case "break-parent":
    case "lines":
      return true;
    case "indent":
    case "align":
    case "line-suffix":
      return holdsBreak(doc.contents);
    case "if-break":
      return holdsBreak(doc.breakContents) || holdsBreak(doc.flatContents);
    case "line":
    case "verbatim-start":
    case "verbatim":
    case "raw":
      return false;
    case "lazy":
      return holdsBreak(forced(doc));
  }
}

const isDocArray = Array.isArray as (doc: Doc) => doc is readonly Doc[];

// ---------------------------------------------------------------------------
// Printing

const MODE_FLAT = 0;
const MODE_BREAK = 1;

/** Thrown inside the printer when prettier must print the document instead. */
const UNHANDLED = Symbol("unhandled document");

/** Anything but printable ASCII: prettier measures such text with Unicode tables. */
const NOT_PLAIN = /[^\x20-\x7F]/;
const NOT_ASCII = /[\u0080-\uFFFF]/;

/**
 * A level of the printer counts both the indentations around a command
 * and the columns of the offsets around it (`offset`), this many each.
 */
const OFFSET_COLUMN = 1 << 16;

/** The indentations in `level`. */
function nestingOf(level: number): number {
  return level % OFFSET_COLUMN;
}

/** The columns of the offsets in `level`. */
function offsetOf(level: number): number {
  return Math.floor(level / OFFSET_COLUMN);
}

const SPACES: string[] = [""];

/** `columns` spaces. */
function spaces(columns: number): string {
  while (SPACES.length <= columns) SPACES.push(" ".repeat(SPACES.length));
  return SPACES[columns] as string;
}

/** The indentation at `level` as prettier writes it: two columns an indentation, and the offsets. */
export function indentation(level: number): string {
  return spaces(2 * nestingOf(level) + offsetOf(level));
}

const LINE_STARTS: string[] = [];

/** A line break and the indentation at `level` after it (made once a level: items of every model start so). */
export function lineStart(level: number): string {
  return (LINE_STARTS[level] ??= `\n${indentation(level)}`);
}

/**
 * The columns `text` takes for prettier (`getStringWidth`): its length when
 * it is printable ASCII; with control characters (a line break inside a
 * comment), those and DEL count nothing. Other text is left to prettier,
 * unless measured as nixfmt does: a column a character.
 */
function widthOf(text: string): number {
  if (!NOT_PLAIN.test(text)) return text.length;
  if (!nixfmtWidths && NOT_ASCII.test(text)) throw UNHANDLED;
  let width = 0;
  for (const char of text) {
    const c = char.charCodeAt(0);
    if (c >= 0x20 && c !== 0x7f) width++;
  }
  return width;
}

/**
 * `group`'s contents printed flat (its `flat`, computed once): what the
 * printer writes for the group in flat mode and what `fits` counts for it
 * there. Null when flat mode is not plain text: a hard line, a broken
 * group, or a line suffix inside.
 */
function flatOf(group: Group): Flat | null {
  if (group.flat === undefined) {
    const contents = group.contents;
    if (typeof contents === "string") {
      const width = widthOf(contents);
      group.flat = {
        text: contents,
        width,
        fitsWidth: width,
        hasText: contents !== "",
        lineFirst: false,
        lineLast: false,
        blankEnd: contents !== "" && endsBlank(contents),
        firstLevel: 0,
      };
    } else {
      const flat = new FlatText();
      group.flat = flat.add(contents) ? flat : null;
    }
  }
  return group.flat;
}

/**
 * Builds a `Flat`, following the printer (and `fits`) through flat mode;
 * once built, it is the `Flat` (no copy: a group's flat form is made for
 * most groups of a file).
 */
class FlatText implements Flat {
  text = "";
  width = 0;
  fitsWidth = 0;
  hasText = false;
  lineFirst = false;
  /** A line comes after the last text so far: its space counts before the next text. */
  lineLast = false;
  blankEnd = false;
  firstLevel = 0;
  /** The indentations around what is being added. */
  private depth = 0;

  /** Adds `doc` in flat mode; false when it is not plain text there. */
  add(doc: Doc): boolean {
    if (typeof doc === "string") {
      if (doc !== "") {
        if (!this.hasText) this.firstLevel = this.depth;
        const width = widthOf(doc);
        this.text += doc;
        this.blankEnd = endsBlank(doc);
        this.width += width;
        this.fitsWidth += (this.lineLast ? 1 : 0) + width;
        this.lineLast = false;
        this.hasText = true;
      }
      return true;
    }
    if (isDocArray(doc)) {
      for (let i = 0; i < doc.length; i++) if (!this.add(doc[i] as Doc)) return false;
      return true;
    }
    switch (doc.type) {
      case "indent":
      case "align": {
        const step = doc.type === "indent" ? 1 : doc.n * OFFSET_COLUMN;
        this.depth += step;
        const added = this.add(doc.contents);
        this.depth -= step;
        return added;
      }
      case "if-break":
        return this.add(doc.flatContents);
      case "lazy":
        return this.add(forced(doc));
      case "line":
        if (doc.hard) return false;
        if (!doc.soft) {
          this.text += " ";
          this.blankEnd = true;
          this.width += 1;
          if (!this.hasText) this.lineFirst = true;
          this.lineLast = true;
        }
        return true;
      case "group": {
        if (doc.break) return false;
        if (typeof doc.contents === "string") return this.add(doc.contents);
        const inner = flatOf(doc);
        if (!inner) return false;
        if (!this.hasText) this.firstLevel = this.depth + inner.firstLevel;
        this.text += inner.text;
        if (inner.text !== "") this.blankEnd = inner.blankEnd;
        this.width += inner.width;
        if (inner.hasText) {
          this.fitsWidth += (this.lineLast && !inner.lineFirst ? 1 : 0) + inner.fitsWidth;
          if (!this.hasText) this.lineFirst ||= inner.lineFirst;
          this.lineLast = inner.lineLast;
          this.hasText = true;
        } else {
          if (!this.hasText) this.lineFirst ||= inner.lineLast;
          this.lineLast ||= inner.lineLast;
        }
        return true;
      }
      default:
        return false;
    }
  }
}

/** Options of `printDocToString`. */
export interface PrintDocOptions {
  /**
   * How lines are measured against the width: as prettier does (the
   * default), or as nixfmt does, which counts neither a line's indentation
   * nor more than one column for any character.
   */
  readonly measure?: "prettier" | "nixfmt";
}

/**
 * Whether the printing under way measures as nixfmt does: then text
 * beyond ASCII is measured here, a column a character, not by prettier.
 * (Set for the length of one `printDocToString`, which runs to its end
 * before the next starts.)
 */
let nixfmtWidths = false;

/** Prints `doc` at `width` columns with two-space indentation, as prettier's `printDocToString` does. */
export function printDocToString(doc: Doc, width: number, options: PrintDocOptions = {}): string {
  return printing(
    width,
    options,
    (printer) => printer.print(doc),
    () =>
      prettierPrinter.printDocToString(prettierDoc(doc), {
        printWidth: width,
        tabWidth: 2,
        useTabs: false,
      }).formatted,
  );
}

/**
 * `doc` as `printDocToString` prints it, cut into its lines: the text
 * between the line breaks of the layout, each after its indentation (a
 * line break inside a text stays inside its line). Undefined when the
 * document holds a region printed as written or needs prettier.
 */
export function printDocToLines(
  doc: Doc,
  width: number,
  options: PrintDocOptions = {},
): string[] | undefined {
  return printing(
    width,
    options,
    (printer) => printer.printLines(doc),
    () => undefined,
  );
}

/** What `print` gets from a printer for `width` and `options`, or `unhandled()` where prettier must print. */
function printing<T>(
  width: number,
  options: PrintDocOptions,
  print: (printer: DocPrinter) => T,
  unhandled: () => T,
): T {
  const nixfmt = options.measure === "nixfmt";
  const outer = nixfmtWidths;
  nixfmtWidths = nixfmt;
  try {
    return print(new DocPrinter(width, !nixfmt));
  } catch (error) {
    if (error !== UNHANDLED) throw error;
    return unhandled();
  } finally {
    nixfmtWidths = outer;
  }
}

/** `doc` with its lazy documents made: a document prettier can print. */
function prettierDoc(doc: Doc): prettierBuilders.Doc {
  if (typeof doc === "string") return doc;
  if (isDocArray(doc)) return doc.map(prettierDoc);
  switch (doc.type) {
    case "lazy":
      return prettierDoc(forced(doc));
    case "group": {
      const states = doc.expandedStates?.map(prettierDoc);
      const contents = states ? states[0] : prettierDoc(doc.contents);
      return { ...doc, contents, expandedStates: states } as prettierBuilders.Doc;
    }
    case "indent":
    case "align":
    case "line-suffix":
      return { ...doc, contents: prettierDoc(doc.contents) } as prettierBuilders.Doc;
    case "if-break":
      return {
        ...doc,
        breakContents: prettierDoc(doc.breakContents),
        flatContents: prettierDoc(doc.flatContents),
      } as prettierBuilders.Doc;
    case "verbatim-start":
      return "";
    case "verbatim":
    case "raw":
      return doc.text;
    case "lines":
      return prettierDoc(expandedLines(doc));
    default:
      return doc as prettierBuilders.Doc;
  }
}

/** Lines of output joined into one string at a time. */
const CHUNK_LINES = 256;

/** Prettier's printer loop for the documents above; the comments name prettier's variables. */
class DocPrinter {
  /**
   * The commands still to print, a stack of `size` entries: document,
   * indentation level, mode. (Indexed, not pushed and popped: it is the
   * printer's inner loop.)
   */
  private readonly docs: Doc[] = [];
  private readonly levels: number[] = [];
  private readonly modes: number[] = [];
  private size = 0;
  /** `fits`'s own stack, reused. */
  private readonly fitDocs: Doc[] = [];
  private readonly fitModes: number[] = [];
  /** Line suffixes waiting for the end of the line (`lineSuffix`). */
  private suffixes: [Doc, number, number][] = [];
  /**
   * Text up to the last line break: whole chunks, and the lines since the
   * last chunk (joined into one every `CHUNK_LINES`, so that the text does
   * not stay tens of thousands of strings until the end); and the text after
   * the last break, which the next break trims, and whether it ends in a
   * space or tab (so lines that do not are not read back).
   */
  private readonly chunks: string[] = [];
  private readonly lines: string[] = [];
  private unsettled = "";
  private blankEnd = false;
  private position = 0;
  private shouldRemeasure = false;
  /** Inside a region printed as written: text is laid out but not written. */
  private suppressing = false;
  /** A region printed as written has started. */
  private regions = false;
  /** Lines joined into one chunk at a time. */
  private chunkLines = CHUNK_LINES;
  /**
   * nixfmt's indentation (Predoc's `layoutGreedy`): a line is indented by
   * the nesting level of its first text, through a stack of (columns,
   * level) pairs. A text deeper than the top pushes a pair, one step (two
   * columns) deeper when it starts a line, else at the same columns; a
   * text shallower pops pairs. So several nestings opened on one line
   * indent the next line once. (Prettier's, when lines are measured as
   * prettier does: a line is indented by the level of its line break.)
   */
  private readonly nestColumns: number[] = [0];
  private readonly nestLevels: number[] = [0];
  /** A line has started whose indentation is not written yet (nixfmt's indentation). */
  private lineStart = false;

  constructor(
    private readonly width: number,
    private readonly indentationCounts: boolean,
  ) {}

  print(root: Doc): string {
    this.run(root);
    this.lines.push(this.unsettled);
    this.chunks.push(this.lines.join(""));
    return this.chunks.join("");
  }

  /** See `printDocToLines`. */
  printLines(root: Doc): string[] | undefined {
    this.chunkLines = Number.POSITIVE_INFINITY;
    this.run(root);
    const { lines } = this;
    lines.push(this.settled());
    // Each line but the first starts with its line break, which goes.
    if (this.regions || lines[0]?.startsWith("\n")) return undefined;
    for (let i = 1; i < lines.length; i++) lines[i] = (lines[i] as string).slice(1);
    return lines;
  }

  private run(root: Doc): void {
    const { docs, levels, modes } = this;
    this.push(root, 0, MODE_BREAK);
    while (this.size > 0) {
      const top = --this.size;
      const doc = docs[top] as Doc;
      docs[top] = "";
      this.step(doc, levels[top] as number, modes[top] as number);
      if (this.size === 0 && this.suffixes.length > 0) this.flushSuffixes();
    }
  }

  private push(doc: Doc, level: number, mode: number): void {
    const top = this.size++;
    this.docs[top] = doc;
    this.levels[top] = level;
    this.modes[top] = mode;
  }

  private flushSuffixes(): void {
    const suffixes = this.suffixes;
    this.suffixes = [];
    for (let i = suffixes.length - 1; i >= 0; i--) {
      const [doc, level, mode] = suffixes[i] as [Doc, number, number];
      this.push(doc, level, mode);
    }
  }

  /** Prints a text command at nesting `level` in `mode`. */
  private text(text: string, level: number, mode: number): void {
    if (text === "") return;
    const width = widthOf(text);
    this.write(text, endsBlank(text), level, mode);
    // Prettier does not count the width of the last text.
    if (this.size > 0) this.position += width;
  }

  /**
   * Appends text after the last line break; `blankEnd` says whether it
   * ends in a space or tab. Text at nesting `level` starting a line places
   * the level (see `nestColumns`) and writes its indentation; inside the
   * line, it places it only in break mode (nixfmt writes a group that fits
   * as one text, whose level counts only when it starts a line). Text
   * without a level (a region printed as written) is written as it is.
   */
  private write(text: string, blankEnd: boolean, level: number | undefined, mode: number): void {
    if (this.lineStart) {
      this.lineStart = false;
      if (level !== undefined) {
        this.nest(level, true);
        if (!this.suppressing) this.unsettled += this.lineIndentation(level);
      }
    } else if (mode === MODE_BREAK && level !== undefined && !this.indentationCounts) {
      // A space is no text for nixfmt: it places no level.
      if (!isBlank(text)) this.nest(level, false);
    }
    if (this.suppressing) return;
    this.unsettled += text;
    this.blankEnd = blankEnd;
  }

  /**
   * The indentation of a line whose first text, at `level`, placed the top
   * of `nestColumns`: the top's columns and the text's offsets.
   */
  private lineIndentation(level: number): string {
    const columns = this.nestColumns[this.nestColumns.length - 1] as number;
    return spaces(columns + offsetOf(level));
  }

  /**
   * Places a text at `level` (its nesting; offsets do not count) on the
   * stack of `nestColumns`; `first` when it starts its line.
   */
  private nest(textLevel: number, first: boolean): void {
    const { nestColumns, nestLevels } = this;
    const level = nestingOf(textLevel);
    let top = nestLevels.length - 1;
    while (level < (nestLevels[top] as number)) {
      nestLevels.pop();
      nestColumns.pop();
      top--;
    }
    if (level > (nestLevels[top] as number)) {
      const columns = nestColumns[top] as number;
      nestColumns.push(first ? columns + 2 : columns);
      nestLevels.push(level);
    }
  }

  /**
   * Starts a region printed as written: its text will start a line of its
   * own, so the indentation written for this line goes (or, after text,
   * the line ends); then nothing is written until the region's text.
   */
  private suppress(): void {
    if (this.suppressing) return;
    this.regions = true;
    const text = this.unsettled;
    const lineStart = text.lastIndexOf("\n") + 1;
    this.unsettled =
      text.slice(lineStart).trim() === "" ? text.slice(0, lineStart) : `${text.trimEnd()}\n`;
    this.suppressing = true;
  }

  /** Writes a region's text as it is, blanks at its end kept; the position is its last line's width. */
  private verbatim(text: string): void {
    this.suppress();
    this.suppressing = false;
    this.write(text, false, undefined, MODE_FLAT);
    this.position = [...text.slice(text.lastIndexOf("\n") + 1)].length;
  }

  private step(doc: Doc, level: number, mode: number): void {
    if (typeof doc === "string") {
      this.text(doc, level, mode);
      return;
    }
    if (isDocArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) this.push(doc[i] as Doc, level, mode);
      return;
    }
    switch (doc.type) {
      case "indent":
        this.push(doc.contents, level + 1, mode);
        return;
      case "align":
        this.push(doc.contents, level + doc.n * OFFSET_COLUMN, mode);
        return;
      case "group":
        this.group(doc, level, mode);
        return;
      case "if-break": {
        const contents = mode === MODE_BREAK ? doc.breakContents : doc.flatContents;
        if (contents) this.push(contents, level, mode);
        return;
      }
      case "line-suffix":
        // A comment at the end of a line comes after the text it follows,
        // whose level it has for nixfmt: it places none of its own.
        this.suffixes.push([doc.contents, level, this.indentationCounts ? mode : MODE_FLAT]);
        return;
      case "line":
        if (mode === MODE_FLAT) {
          if (!doc.hard) {
            if (!doc.soft) {
              this.write(" ", true, level, mode);
              this.position += 1;
            }
            return;
          }
          this.shouldRemeasure = true;
        }
        if (doc.fill && this.fits(doc.soft ? "" : " ", this.width - this.position, true)) {
          if (!doc.soft) {
            this.write(" ", true, level, mode);
            this.position += 1;
          }
          return;
        }
        if (this.suffixes.length > 0) {
          this.push(doc, level, mode);
          this.flushSuffixes();
          return;
        }
        this.newline(level);
        return;
      case "break-parent":
        return;
      case "lazy":
        this.push(doc.value ?? doc.make(doc.item), level, mode);
        return;
      case "verbatim-start":
        this.suppress();
        return;
      case "verbatim":
        this.verbatim(doc.text);
        return;
      case "lines":
        this.writeLines(doc, level, mode);
        return;
      case "raw": {
        const lastBreak = doc.text.lastIndexOf("\n");
        const nests = doc.nests === true && lastBreak >= 0 && !this.indentationCounts;
        this.write(doc.text, endsBlank(doc.text), nests ? undefined : level, mode);
        if (nests) this.nest(level, true);
        if (lastBreak < 0) this.position += widthOf(doc.text);
        else this.position = widthOf(doc.text.slice(lastBreak + 1));
        return;
      }
      default:
        throw UNHANDLED;
    }
  }

  /** A `Lines`: as its lines and hard lines would print, without stepping through each. */
  private writeLines(lines: Lines, level: number, mode: number): void {
    // Kept lines are settled one by one where lines are what is asked for.
    const lineMode = this.chunkLines === Number.POSITIVE_INFINITY;
    if (mode === MODE_FLAT || this.suffixes.length > 0 || this.suppressing || lineMode) {
      this.push(expandedLines(lines), level, mode);
      return;
    }
    // The lines end in no blank (the first printing trimmed them): what
    // `newline` would write, without trimming or measuring them. All but
    // the last line go to the output in one piece (see `linesAbove`).
    const indent = this.indentationCounts ? indentation(level) : this.placeLines(level);
    const lineBreak = `\n${indent}`;
    const { texts } = lines;
    const last = this.indented(texts[texts.length - 1] as string, lines.level, indent);
    const lastBreak = last.lastIndexOf("\n");
    if (this.lines.length > 0) {
      this.chunks.push(this.lines.join(""));
      this.lines.length = 0;
    }
    let line = this.unsettled;
    if (texts.length > 1) {
      this.chunks.push(line, this.linesAbove(texts, lines.level, indent));
      line = lineBreak;
    }
    if (lastBreak >= 0) {
      this.chunks.push(line, last.slice(0, lastBreak));
      line = lineBreak;
    }
    if (line === lineBreak) {
      this.blankEnd = indent !== "";
      this.position = this.indentationCounts ? indent.length : 0;
    }
    this.unsettled = line;
    const lastLine = lastBreak >= 0 ? last.slice(lastBreak + 1 + indent.length) : last;
    this.text(lastLine, level, MODE_BREAK);
  }

  /**
   * The texts of a `Lines` at `from` but the last, one below the other at
   * `indent`, as one string. Joined, they are copied once more (a file's
   * worth of services), which costs less than pushing each text and line
   * break on the output's chunks (about 14M instructions at 10,000 services).
   */
  private linesAbove(texts: readonly string[], from: number, indent: string): string {
    const above = texts.slice(0, -1);
    // Most often the texts are indented as they print (an item of a file's
    // main set): then they are not each asked whether they are.
    const asIndented = indentation(from) === indent;
    return (asIndented ? above : above.map((text) => this.indented(text, from, indent))).join(
      `\n${indent}`,
    );
  }

  /** `text` of a `Lines` at `from`, its line breaks followed by `indent` instead. */
  private indented(text: string, from: number, indent: string): string {
    return indentation(from) === indent ? text : text.replace(lineBreaksAt(from), `\n${indent}`);
  }

  /**
   * Places the first text of a `Lines` at nesting `level` (nixfmt's
   * indentation) and returns the indentation of its lines, which were
   * printed from column 0 with the same rule.
   */
  private placeLines(level: number): string {
    const first = this.lineStart;
    this.nest(level, first);
    const indent = this.lineIndentation(level);
    if (first) {
      this.lineStart = false;
      this.unsettled += indent;
    }
    return indent;
  }

  /** Ends the line (trimming spaces and tabs at its end, as prettier does) and indents the next. */
  private newline(level: number): void {
    // nixfmt's indentation waits for the line's first text.
    const nixfmt = !this.indentationCounts;
    const indent = nixfmt ? "" : indentation(level);
    this.position = indent.length;
    this.lineStart = nixfmt;
    if (this.suppressing) return;
    const text = this.settled();
    if (text !== "") this.settle(text);
    this.unsettled = `\n${indent}`;
    this.blankEnd = indent !== "";
  }

  /** Adds a finished line (with the line break before it, but for the first). */
  private settle(line: string): void {
    this.lines.push(line);
    if (this.lines.length === this.chunkLines) {
      this.chunks.push(this.lines.join(""));
      this.lines.length = 0;
    }
  }

  /** The text since the last line break, without the spaces and tabs at its end. */
  private settled(): string {
    const text = this.unsettled;
    if (!this.blankEnd) return text;
    let end = text.length;
    while (end > 0) {
      const c = text.charCodeAt(end - 1);
      if (c !== 32 && c !== 9) break;
      end--;
    }
    return text.slice(0, end);
  }

  private group(doc: Group, level: number, mode: number): void {
    if (typeof doc.contents === "string" && doc.expandedStates === undefined) {
      // Text prints the same in either mode, so whether it fits does not matter.
      this.shouldRemeasure = false;
      this.text(doc.contents, level, MODE_FLAT);
      return;
    }
    if (mode === MODE_FLAT && !this.shouldRemeasure) {
      if (!doc.break && this.writeFlat(doc, level)) return;
      this.push(doc.contents, level, doc.break ? MODE_BREAK : MODE_FLAT);
      return;
    }
    this.shouldRemeasure = false;
    const remaining = this.width - this.position;
    if (!doc.break && this.fits(doc, remaining)) {
      if (!this.writeFlat(doc, level)) this.push(doc.contents, level, MODE_FLAT);
      return;
    }
    const states = doc.expandedStates;
    if (!states) {
      this.push(doc.contents, level, MODE_BREAK);
      return;
    }
    if (!doc.break) {
      for (let i = 1; i < states.length - 1; i++) {
        const state = states[i] as Doc;
        if (this.fits(state, remaining)) {
          this.push(state, level, MODE_FLAT);
          return;
        }
      }
    }
    this.push(states[states.length - 1] as Doc, level, MODE_BREAK);
  }

  /**
   * Writes a group's contents in flat mode in one go, when they are plain
   * text there; the same as printing them piece by piece, unless the group
   * is the last command (prettier does not count the width of the last text).
   */
  private writeFlat(doc: Group, level: number): boolean {
    if (this.size === 0) return false;
    const flat = flatOf(doc);
    if (!flat) return false;
    // Starting a line, its first text places the line's level.
    const textLevel = level + flat.firstLevel;
    if (flat.text !== "") this.write(flat.text, flat.blankEnd, textLevel, MODE_FLAT);
    this.position += flat.width;
    return true;
  }

  /**
   * Whether `next`, flat, and then the commands on the stack up to the first
   * line break, fit in `remaining` columns (prettier's `fits`). With
   * `flatRest`, a group yet to print counts flat when it fits so (as nixfmt
   * measures the line after a soft line), else up to its first break.
   */
  private fits(next: Doc, remaining: number, flatRest = false): boolean {
    const { docs, modes, fitDocs, fitModes } = this;
    // nixfmt counts a group flat when it would fit on a line of its own.
    const lineStart = this.width - remaining;
    fitDocs[0] = next;
    fitModes[0] = MODE_FLAT;
    let top = 1;
    let restIndex = this.size;
    let pendingSpace = false;
    while (remaining >= 0) {
      if (top === 0) {
        if (restIndex === 0) return true;
        restIndex--;
        fitDocs[0] = docs[restIndex] as Doc;
        fitModes[0] = modes[restIndex] as number;
        top = 1;
        continue;
      }
      top--;
      const doc = fitDocs[top] as Doc;
      const mode = fitModes[top] as number;
      if (typeof doc === "string") {
        if (doc !== "") {
          if (pendingSpace) {
            remaining -= 1;
            pendingSpace = false;
          }
          remaining -= widthOf(doc);
        }
        continue;
      }
      if (isDocArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) {
          fitDocs[top] = doc[i] as Doc;
          fitModes[top] = mode;
          top++;
        }
        continue;
      }
      switch (doc.type) {
        case "indent":
        case "align":
          fitDocs[top] = doc.contents;
          fitModes[top] = mode;
          top++;
          break;
        case "group": {
          if (typeof doc.contents === "string" && doc.expandedStates === undefined) {
            // Text counts the same in either mode.
            fitDocs[top] = doc.contents;
            fitModes[top] = mode;
            top++;
            break;
          }
          const groupMode = doc.break ? MODE_BREAK : mode;
          const mayBeFlat = groupMode === MODE_FLAT || (flatRest && !doc.break);
          const flat = mayBeFlat ? flatOf(doc) : null;
          if (flat) {
            const width = flat.hasText
              ? (pendingSpace && !flat.lineFirst ? 1 : 0) + flat.fitsWidth
              : 0;
            if (groupMode === MODE_FLAT || width <= remaining + lineStart) {
              remaining -= width;
              if (flat.hasText) pendingSpace = flat.lineLast;
              else pendingSpace ||= flat.lineLast;
              break;
            }
          }
          const states = doc.expandedStates;
          fitDocs[top] =
            states && groupMode === MODE_BREAK ? (states[states.length - 1] as Doc) : doc.contents;
          fitModes[top] = groupMode;
          top++;
          break;
        }
        case "if-break": {
          const contents = mode === MODE_BREAK ? doc.breakContents : doc.flatContents;
          if (contents) {
            fitDocs[top] = contents;
            fitModes[top] = mode;
            top++;
          }
          break;
        }
        case "line":
          if (mode === MODE_BREAK || doc.hard) return true;
          if (!doc.soft) pendingSpace = true;
          break;
        case "lazy":
          fitDocs[top] = forced(doc);
          fitModes[top] = mode;
          top++;
          break;
        case "line-suffix":
          // A comment ending the line: nixfmt counts the space before it, not the comment
          // (prettier counts neither).
          if (nixfmtWidths) remaining -= 1;
          break;
        case "break-parent":
          break;
        case "verbatim-start":
        case "verbatim":
        case "raw":
          // A region's text, or a string's lines, start a line of their own.
          return true;
        case "lines": {
          // Its first line, then a hard line.
          const text = doc.texts[0] ?? "";
          const newline = text.indexOf("\n");
          const first = newline < 0 ? text : text.slice(0, newline);
          if (first !== "") remaining -= (pendingSpace ? 1 : 0) + widthOf(first);
          return remaining >= 0;
        }
        default:
          throw UNHANDLED;
      }
    }
    return false;
  }
}

/** Whether `text` is spaces only. */
function isBlank(text: string): boolean {
  return text.charCodeAt(0) === 32 && text.trim() === "";
}

/** Whether `text` ends in a space or a tab (what a line break trims). */
function endsBlank(text: string): boolean {
  const c = text.charCodeAt(text.length - 1);
  return c === 32 || c === 9;
}
