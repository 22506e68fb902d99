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
 */
import { printer as prettierPrinter, type builders as prettierBuilders } from "prettier/doc";

/** A layout document: text, a sequence, or one of the commands below. */
export type Doc = string | readonly Doc[] | DocCommand;

type DocCommand = Group | Indent | Line | BreakParent | IfBreak | LineSuffix;

interface Group {
  readonly type: "group";
  readonly id: undefined;
  readonly contents: Doc;
  /** Breaks: asked for, or it holds a hard line or a broken group (prettier's propagation). */
  readonly break: boolean;
  /** A conditional group's layouts, best first (`contents` is the first). */
  readonly expandedStates: readonly Doc[] | undefined;
}

interface Indent {
  readonly type: "indent";
  readonly contents: Doc;
}

interface Line {
  readonly type: "line";
  readonly soft?: true;
  readonly hard?: true;
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

// ---------------------------------------------------------------------------
// Builders (prettier's, with the same meaning)

/** A space, or a line break when the enclosing group breaks. */
export const line: Doc = { type: "line" };
/** Nothing, or a line break when the enclosing group breaks. */
export const softline: Doc = { type: "line", soft: true };
/** Breaks the enclosing groups. */
export const breakParent: Doc = { type: "break-parent" };
/** Always a line break; the enclosing groups break. */
export const hardline: Doc = [{ type: "line", hard: true }, breakParent];

/** Printed on one line if it fits, else with its lines broken. */
export function group(contents: Doc, options?: { readonly shouldBreak?: boolean }): Doc {
  return {
    type: "group",
    id: undefined,
    contents,
    break: options?.shouldBreak === true || holdsBreak(contents),
    expandedStates: undefined,
  };
}

/** The first of `states` that fits flat; else the last, broken. */
export function conditionalGroup(states: readonly Doc[]): Doc {
  return {
    type: "group",
    id: undefined,
    contents: states[0] ?? "",
    break: false,
    expandedStates: states,
  };
}

/** `contents` one level (two spaces) deeper after each line break. */
export function indent(contents: Doc): Doc {
  return { type: "indent", contents };
}

/** `breakContents` when the enclosing group breaks, else `flatContents`. */
export function ifBreak(breakContents: Doc, flatContents: Doc = ""): Doc {
  return { type: "if-break", breakContents, flatContents, groupId: undefined };
}

/** Printed at the end of the line (before the next line break). */
export function lineSuffix(contents: Doc): Doc {
  return { type: "line-suffix", contents };
}

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
    for (const part of doc) if (holdsBreak(part)) return true;
    return false;
  }
  switch (doc.type) {
    case "group":
      return doc.break;
    case "break-parent":
      return true;
    case "indent":
    case "line-suffix":
      return holdsBreak(doc.contents);
    case "if-break":
      return holdsBreak(doc.breakContents) || holdsBreak(doc.flatContents);
    case "line":
      return false;
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

const INDENTS: string[] = [""];

function indentation(level: number): string {
  while (INDENTS.length <= level) INDENTS.push(" ".repeat(2 * INDENTS.length));
  return INDENTS[level] as string;
}

/**
 * The columns `text` takes for prettier (`getStringWidth`): its length when
 * it is printable ASCII; with control characters (a line break inside a
 * comment), those and DEL count nothing. Other text is left to prettier.
 */
function widthOf(text: string): number {
  if (!NOT_PLAIN.test(text)) return text.length;
  if (NOT_ASCII.test(text)) throw UNHANDLED;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) width++;
  }
  return width;
}

/** Prints `doc` at `width` columns with two-space indentation, as prettier's `printDocToString` does. */
export function printDocToString(doc: Doc, width: number): string {
  try {
    return new DocPrinter(width).print(doc);
  } catch (error) {
    if (error !== UNHANDLED) throw error;
    return prettierPrinter.printDocToString(doc as prettierBuilders.Doc, {
      printWidth: width,
      tabWidth: 2,
      useTabs: false,
    }).formatted;
  }
}

/** Prettier's printer loop for the documents above; the comments name prettier's variables. */
class DocPrinter {
  /** The commands still to print (a stack): document, indentation level, mode. */
  private readonly docs: Doc[] = [];
  private readonly levels: number[] = [];
  private readonly modes: number[] = [];
  /** `fits`'s own stack, reused. */
  private readonly fitDocs: Doc[] = [];
  private readonly fitModes: number[] = [];
  /** Line suffixes waiting for the end of the line (`lineSuffix`). */
  private suffixes: [Doc, number, number][] = [];
  /** Text up to the last line break, and the text after it, which the next break trims. */
  private readonly settled: string[] = [];
  private unsettled = "";
  private position = 0;
  private shouldRemeasure = false;

  constructor(private readonly width: number) {}

  print(root: Doc): string {
    const { docs, levels, modes } = this;
    this.push(root, 0, MODE_BREAK);
    while (docs.length > 0) {
      const doc = docs.pop() as Doc;
      const level = levels.pop() as number;
      const mode = modes.pop() as number;
      this.step(doc, level, mode);
      if (docs.length === 0 && this.suffixes.length > 0) this.flushSuffixes();
    }
    this.settled.push(this.unsettled);
    return this.settled.join("");
  }

  private push(doc: Doc, level: number, mode: number): void {
    this.docs.push(doc);
    this.levels.push(level);
    this.modes.push(mode);
  }

  private flushSuffixes(): void {
    const suffixes = this.suffixes;
    this.suffixes = [];
    for (let i = suffixes.length - 1; i >= 0; i--) {
      const [doc, level, mode] = suffixes[i] as [Doc, number, number];
      this.push(doc, level, mode);
    }
  }

  private step(doc: Doc, level: number, mode: number): void {
    if (typeof doc === "string") {
      if (doc !== "") {
        const width = widthOf(doc);
        this.unsettled += doc;
        if (this.docs.length > 0) this.position += width;
      }
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
      case "group":
        this.group(doc, level, mode);
        return;
      case "if-break": {
        const contents = mode === MODE_BREAK ? doc.breakContents : doc.flatContents;
        if (contents) this.push(contents, level, mode);
        return;
      }
      case "line-suffix":
        this.suffixes.push([doc.contents, level, mode]);
        return;
      case "line":
        if (mode === MODE_FLAT) {
          if (!doc.hard) {
            if (!doc.soft) {
              this.unsettled += " ";
              this.position += 1;
            }
            return;
          }
          this.shouldRemeasure = true;
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
      default:
        throw UNHANDLED;
    }
  }

  private newline(level: number): void {
    let text = this.unsettled;
    let end = text.length;
    while (end > 0) {
      const c = text.charCodeAt(end - 1);
      if (c !== 32 && c !== 9) break;
      end--;
    }
    if (end < text.length) text = text.slice(0, end);
    if (text !== "") this.settled.push(text);
    const indent = indentation(level);
    this.unsettled = `\n${indent}`;
    this.position = indent.length;
  }

  private group(doc: Group, level: number, mode: number): void {
    if (mode === MODE_FLAT && !this.shouldRemeasure) {
      this.push(doc.contents, level, doc.break ? MODE_BREAK : MODE_FLAT);
      return;
    }
    this.shouldRemeasure = false;
    const remaining = this.width - this.position;
    if (!doc.break && this.fits(doc.contents, remaining)) {
      this.push(doc.contents, level, MODE_FLAT);
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
   * Whether `next`, flat, and then the commands on the stack up to the first
   * line break, fit in `remaining` columns (prettier's `fits`).
   */
  private fits(next: Doc, remaining: number): boolean {
    const { docs, modes, fitDocs, fitModes } = this;
    fitDocs.length = 0;
    fitModes.length = 0;
    fitDocs.push(next);
    fitModes.push(MODE_FLAT);
    let restIndex = docs.length;
    let pendingSpace = false;
    while (remaining >= 0) {
      if (fitDocs.length === 0) {
        if (restIndex === 0) return true;
        restIndex--;
        fitDocs.push(docs[restIndex] as Doc);
        fitModes.push(modes[restIndex] as number);
        continue;
      }
      const doc = fitDocs.pop() as Doc;
      const mode = fitModes.pop() as number;
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
          fitDocs.push(doc[i] as Doc);
          fitModes.push(mode);
        }
        continue;
      }
      switch (doc.type) {
        case "indent":
          fitDocs.push(doc.contents);
          fitModes.push(mode);
          break;
        case "group": {
          const groupMode = doc.break ? MODE_BREAK : mode;
          const states = doc.expandedStates;
          fitDocs.push(
            states && groupMode === MODE_BREAK ? (states[states.length - 1] as Doc) : doc.contents,
          );
          fitModes.push(groupMode);
          break;
        }
        case "if-break": {
          const contents = mode === MODE_BREAK ? doc.breakContents : doc.flatContents;
          if (contents) {
            fitDocs.push(contents);
            fitModes.push(mode);
          }
          break;
        }
        case "line":
          if (mode === MODE_BREAK || doc.hard) return true;
          if (!doc.soft) pendingSpace = true;
          break;
        case "line-suffix":
        case "break-parent":
          break;
        default:
          throw UNHANDLED;
      }
    }
    return false;
  }
}
