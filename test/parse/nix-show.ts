/**
 * Our syntax tree printed the way `nix-instantiate --parse` prints Nix's
 * (the `show` methods of Nix 2.8's `nixexpr.cc`), so the differential test
 * can compare tree shapes, not just verdicts: precedence, associativity,
 * string parts, paths, the merging of attribute paths.
 *
 * Nix desugars while parsing, and so does this: `a - b` is `(__sub a b)`,
 * `<p>` is `(__findFile __nixPath "p")`, strings become concatenations of
 * unescaped parts, paths become absolute, `a.b = 1; a.c = 2;` one nested
 * set, and applications of calls flatten (`(f a) b` is `(f a b)`).
 * Nix prints `let` bindings and set patterns in memory order, so
 * `normalizeShow` sorts those before comparing.
 */
import { posix } from "node:path";
import type { AttrName, Binding, Expr, FormalsNode, NixFile, StringPart } from "@typenix/compiler";

/** An expression as Nix shows it; calls stay open so applications can extend them. */
type Shown = { readonly call: false; readonly text: string } | Call;
interface Call {
  readonly call: true;
  readonly head: string;
  readonly args: readonly string[];
}

const text = (t: string): Shown => ({ call: false, text: t });
const call = (head: string, args: readonly string[]): Shown => ({ call: true, head, args });
const render = (s: Shown): string => (s.call ? `(${s.head} ${s.args.join(" ")})` : s.text);

/** Where the file lives and what `~` is, for paths. */
export interface ShowContext {
  readonly dir: string;
  readonly home: string;
}

/** The `nix-instantiate --parse` output for a parsed file. */
export function showLikeNix(file: NixFile, context: ShowContext): string {
  return new Shower(context).show(file.expr);
}

// ---------------------------------------------------------------------------
// Strings as Nix's lexer and parser see them

/** Nix's `showString`. */
export function showString(s: string): string {
  return `"${s.replace(/["\\$\n\r\t]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\${c}`))}"`;
}

/** Nix's `showId`: names that are not identifiers are quoted. */
function showId(s: string): string {
  if (s === "" || s === "if" || !/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(s)) return showString(s);
  return s;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([\s\S])|\r\n?/g, (m, c: string | undefined) =>
    c === undefined ? "\n" : c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/** A piece of an indented string: text (with its indentation) or an escape, or code. */
type IndentedPiece =
  | { readonly kind: "text"; readonly s: string; readonly indented: boolean }
  | { readonly kind: "code"; readonly e: Expr };

/** Nix's `IND_STRING` tokens of raw text. */
function indentedPieces(raw: string): IndentedPiece[] {
  const pieces = raw.match(/(?:[^$']|\$[^{']|'[^'$])+|''\$|\$|'''|''\\[\s\S]|'/g) ?? [];
  return pieces.map((p) => {
    if (p === "''$" || p === "$") return { kind: "text", s: "$", indented: false };
    if (p === "'''") return { kind: "text", s: "''", indented: false };
    if (p === "'") return { kind: "text", s: "'", indented: false };
    if (p.startsWith("''\\"))
      return { kind: "text", s: unescapeDouble(p.slice(2)), indented: false };
    return { kind: "text", s: p, indented: true };
  });
}

/** Nix's `stripIndentation`: the parts of the resulting concatenation. */
function stripIndentation(es: readonly IndentedPiece[]): (string | Expr)[] {
  let atStart = true;
  let minIndent = 1000000;
  let cur = 0;
  for (const piece of es) {
    if (piece.kind !== "text" || !piece.indented) {
      if (atStart) {
        atStart = false;
        minIndent = Math.min(minIndent, cur);
      }
      continue;
    }
    for (const c of piece.s) {
      if (atStart) {
        if (c === " ") cur += 1;
        else if (c === "\n") cur = 0;
        else {
          atStart = false;
          minIndent = Math.min(minIndent, cur);
        }
      } else if (c === "\n") {
        atStart = true;
        cur = 0;
      }
    }
  }
  const out: (string | Expr)[] = [];
  atStart = true;
  let dropped = 0;
  es.forEach((piece, i) => {
    if (piece.kind === "code") {
      atStart = false;
      dropped = 0;
      out.push(piece.e);
      return;
    }
    let s = "";
    for (const c of piece.s) {
      if (atStart) {
        if (c === " ") {
          if (dropped++ >= minIndent) s += c;
        } else if (c === "\n") {
          dropped = 0;
          s += c;
        } else {
          atStart = false;
          dropped = 0;
          s += c;
        }
      } else {
        s += c;
        if (c === "\n") atStart = true;
      }
    }
    if (i === es.length - 1) {
      const p = s.lastIndexOf("\n");
      if (p >= 0 && /^ *$/.test(s.slice(p + 1))) s = s.slice(0, p + 1);
    }
    out.push(s);
  });
  return out;
}

/** An indented string as Nix's parser makes it: strings and code, indentation stripped. */
function indentedParts(parts: readonly StringPart[]): (string | Expr)[] {
  const pieces: IndentedPiece[] = [];
  parts.forEach((p, i) => {
    if (p.kind === "Interpolation") pieces.push({ kind: "code", e: p.expr });
    // The opening `''` takes spaces and one newline with it.
    else pieces.push(...indentedPieces(i === 0 ? p.raw.replace(/^ *\n/, "") : p.raw));
  });
  return stripIndentation(pieces);
}

// ---------------------------------------------------------------------------
// Paths

const X = "[a-zA-Z0-9._+-]";
const PATH = new RegExp(`${X}*(?:\\/${X}+)+\\/?`, "y");
const PATH_SEG = new RegExp(`${X}*\\/`, "y");
const PATH_CHARS = new RegExp(`${X}+`, "y");
const HPATH = new RegExp(`~(?:\\/${X}+)+\\/?`, "y");

function matchLength(re: RegExp, s: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(s);
  return m ? m[0].length : 0;
}

/** How flex cuts the text of a path before its first `${`: the path token, then text tokens. */
function pathTokens(first: string, interpolated: boolean): string[] {
  let start: number;
  if (first.startsWith("~"))
    start = Math.max(matchLength(HPATH, first, 0), first.startsWith("~/") ? 2 : 0);
  else {
    const path = matchLength(PATH, first, 0);
    const seg = interpolated && matchLength(PATH_SEG, first, 0) === first.length ? first.length : 0;
    start = Math.max(path, seg);
  }
  const tokens = [first.slice(0, start)];
  for (let at = start; at < first.length;) {
    const n = Math.max(
      matchLength(PATH, first, at),
      matchLength(PATH_SEG, first, at),
      matchLength(PATH_CHARS, first, at),
    );
    tokens.push(first.slice(at, at + n));
    at += n;
  }
  return tokens;
}

/** Text after an interpolation: flex's `INPATH` tokens. */
function pathTextTokens(s: string): string[] {
  const tokens: string[] = [];
  for (let at = 0; at < s.length;) {
    const n = Math.max(
      matchLength(PATH, s, at),
      matchLength(PATH_SEG, s, at),
      matchLength(PATH_CHARS, s, at),
    );
    tokens.push(s.slice(at, at + n));
    at += n;
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Attribute sets as Nix builds them

interface ShowSet {
  readonly recursive: boolean;
  readonly attrs: Map<string, Definition>;
  readonly dynamic: { readonly name: string; readonly value: Expr | ShowSet }[];
}
type Definition =
  | { readonly kind: "value"; readonly value: Expr | ShowSet }
  | { readonly kind: "inherit" }
  | { readonly kind: "inheritFrom"; readonly from: Expr };

const newSet = (recursive: boolean): ShowSet => ({ recursive, attrs: new Map(), dynamic: [] });
const isSet = (v: Expr | ShowSet): v is ShowSet => "attrs" in v && v.attrs instanceof Map;

function unparen(e: Expr): Expr {
  let inner = e;
  while (inner.kind === "Paren") inner = inner.expr;
  return inner;
}

/** A C++ `ostream << double` (six significant digits, `%g`). */
export function formatDouble(x: number): string {
  if (x === 0) return "0";
  const [mantissa = "", exp = "0"] = x.toExponential(5).split("e");
  const e = Number(exp);
  const trim = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
  if (e < -4 || e >= 6)
    return `${trim(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return trim(x.toFixed(5 - e));
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

class Shower {
  private readonly sets = new Map<Expr, ShowSet>();

  constructor(private readonly context: ShowContext) {}

  show(e: Expr): string {
    return render(this.expr(e));
  }

  private expr(e: Expr): Shown {
    switch (e.kind) {
      case "Int":
        return text(String(e.value));
      case "Float":
        return text(formatDouble(Number(e.raw)));
      case "Identifier":
        return text(e.name);
      case "String":
        return text(
          e.style === "double" ? this.doubleString(e.parts) : this.indentedString(e.parts),
        );
      case "Path":
        return text(this.path(e.parts));
      case "SearchPath":
        return call("__findFile", ["__nixPath", showString(e.path)]);
      case "Uri":
        return text(showString(e.value));
      case "Paren":
        return this.expr(e.expr);
      case "List":
        return text(`[ ${e.items.map((i) => `(${this.show(i)}) `).join("")}]`);
      case "AttrSet":
        return text(this.showSet(this.setOf(e)));
      case "LegacyLet": {
        const set = this.bindingsSet(e.bindings, true);
        return text(`(${this.showSet(set)}).body`);
      }
      case "Let":
        return text(this.letExpr(e.bindings, e.body));
      case "Lambda":
        return text(this.lambda(e.param, e.body));
      case "Apply":
        return this.apply(e.fn, e.arg);
      case "Select":
        return text(
          `(${this.show(e.expr)}).${this.attrPath(e.path)}${e.default ? ` or (${this.show(e.default)})` : ""}`,
        );
      case "HasAttr":
        return text(`((${this.show(e.expr)}) ? ${this.attrPath(e.path)})`);
      case "Unary":
        return e.op === "!"
          ? text(`(! ${this.show(e.expr)})`)
          : call("__sub", ["0", this.show(e.expr)]);
      case "Binary":
        return this.binary(e.op, this.show(e.left), this.show(e.right));
      case "If":
        return text(
          `(if ${this.show(e.cond)} then ${this.show(e.then)} else ${this.show(e.else)})`,
        );
      case "With":
        return text(`(with ${this.show(e.env)}; ${this.show(e.body)})`);
      case "Assert":
        return text(`assert ${this.show(e.cond)}; ${this.show(e.body)}`);
    }
  }

  private binary(op: string, l: string, r: string): Shown {
    switch (op) {
      case "-":
        return call("__sub", [l, r]);
      case "*":
        return call("__mul", [l, r]);
      case "/":
        return call("__div", [l, r]);
      case "<":
        return call("__lessThan", [l, r]);
      case ">":
        return call("__lessThan", [r, l]);
      case "<=":
        return text(`(! (__lessThan ${r} ${l}))`);
      case ">=":
        return text(`(! (__lessThan ${l} ${r}))`);
      default:
        return text(`(${l} ${op} ${r})`);
    }
  }

  /** `f a b` extends a call; `e or` (an application to the variable `or`) starts a new one. */
  private apply(fn: Expr, arg: Expr): Shown {
    if (arg.kind === "Identifier" && arg.name === "or") return call(this.show(fn), ["or"]);
    const f = this.expr(fn);
    const a = this.show(arg);
    return f.call ? call(f.head, [...f.args, a]) : call(render(f), [a]);
  }

  private doubleString(parts: readonly StringPart[]): string {
    if (!parts.some((p) => p.kind === "Interpolation"))
      return showString(
        unescapeDouble(parts.map((p) => (p.kind === "Text" ? p.raw : "")).join("")),
      );
    const shown = parts.map((p) =>
      p.kind === "Text" ? showString(unescapeDouble(p.raw)) : this.show(p.expr),
    );
    return `(${shown.join(" + ")})`;
  }

  private indentedString(parts: readonly StringPart[]): string {
    const out = indentedParts(parts);
    const only = out.length === 1 ? out[0] : undefined;
    if (out.length === 0) return '""';
    if (typeof only === "string") return showString(only);
    // One interpolation of a plain string is that string, not a concatenation.
    if (only !== undefined && this.plainValue(only) !== undefined) return this.show(only);
    return `(${out.map((x) => (typeof x === "string" ? showString(x) : this.show(x))).join(" + ")})`;
  }

  private path(parts: readonly StringPart[]): string {
    const interpolated = parts.some((p) => p.kind === "Interpolation");
    const first = parts[0]?.kind === "Text" ? parts[0].raw : "";
    const [start = "", ...rest] = pathTokens(first, interpolated);
    const shown = [this.pathValue(start), ...rest.map(showString)];
    for (const p of parts.slice(parts[0]?.kind === "Text" ? 1 : 0)) {
      if (p.kind === "Interpolation") shown.push(this.show(p.expr));
      else shown.push(...pathTextTokens(p.raw).map(showString));
    }
    return interpolated ? `(${shown.join(" + ")})` : (shown[0] ?? "");
  }

  private pathValue(token: string): string {
    if (token.startsWith("~")) return this.context.home + token.slice(1);
    const absolute = posix.normalize(posix.resolve(this.context.dir, token));
    return token.endsWith("/") && token.length > 1 && absolute !== "/" ? `${absolute}/` : absolute;
  }

  // Attribute names and sets

  /** The static name of an attribute, or undefined with the expression Nix keeps for it. */
  private attrName(name: AttrName): { key: string } | { dynamic: string } {
    if (name.kind === "Identifier") return { key: name.name };
    if (name.kind === "String") {
      const value = this.stringValue(name);
      return value === undefined ? { dynamic: this.show(name) } : { key: value };
    }
    const value = this.plainValue(name.expr);
    return value === undefined ? { dynamic: this.show(name.expr) } : { key: value };
  }

  /** The value of a string Nix makes a plain string of (no concatenation), else undefined. */
  private stringValue(s: Expr & { kind: "String" }): string | undefined {
    if (s.style === "double") {
      return s.parts.some((p) => p.kind === "Interpolation")
        ? undefined
        : unescapeDouble(s.parts.map((p) => (p.kind === "Text" ? p.raw : "")).join(""));
    }
    const out = indentedParts(s.parts);
    if (out.length === 0) return "";
    const only = out.length === 1 ? out[0] : undefined;
    if (typeof only === "string") return only;
    return only === undefined ? undefined : this.plainValue(only);
  }

  /** The value of an expression Nix's parser makes a plain string (`ExprString`). */
  private plainValue(e: Expr): string | undefined {
    const inner = unparen(e);
    if (inner.kind === "String") return this.stringValue(inner);
    return inner.kind === "Uri" ? inner.value : undefined;
  }

  private attrPath(path: readonly AttrName[]): string {
    return path
      .map((n) => {
        const a = this.attrName(n);
        return "key" in a ? showId(a.key) : `"\${${a.dynamic}}"`;
      })
      .join(".");
  }

  private setOf(e: Expr & { kind: "AttrSet" }): ShowSet {
    const known = this.sets.get(e);
    if (known) return known;
    const set = this.bindingsSet(e.bindings, e.recursive);
    this.sets.set(e, set);
    return set;
  }

  private bindingsSet(bindings: readonly Binding[], recursive: boolean): ShowSet {
    const set = newSet(recursive);
    for (const b of bindings) {
      if (b.kind === "Inherit") {
        for (const n of b.names) {
          const a = this.attrName(n);
          if ("key" in a)
            set.attrs.set(
              a.key,
              b.from ? { kind: "inheritFrom", from: b.from } : { kind: "inherit" },
            );
        }
        continue;
      }
      if (b.kind === "PrintedBinding") throw new Error("a parsed tree has no printed bindings");
      let target = set;
      b.path.slice(0, -1).forEach((n) => {
        const a = this.attrName(n);
        const nested = newSet(false);
        if ("dynamic" in a) {
          target.dynamic.push({ name: a.dynamic, value: nested });
          target = nested;
          return;
        }
        const existing = target.attrs.get(a.key);
        if (existing?.kind === "value" && isSet(existing.value)) target = existing.value;
        else {
          target.attrs.set(a.key, { kind: "value", value: nested });
          target = nested;
        }
      });
      const last = this.attrName(b.path[b.path.length - 1] as AttrName);
      const inner = unparen(b.value);
      const value: Expr | ShowSet = inner.kind === "AttrSet" ? this.setOf(inner) : b.value;
      if ("dynamic" in last) {
        target.dynamic.push({ name: last.dynamic, value });
        continue;
      }
      const existing = target.attrs.get(last.key);
      if (existing?.kind === "value" && isSet(existing.value) && isSet(value))
        for (const [k, d] of value.attrs) existing.value.attrs.set(k, d);
      else target.attrs.set(last.key, { kind: "value", value });
    }
    return set;
  }

  private value(v: Expr | ShowSet): string {
    return isSet(v) ? this.showSet(v) : this.show(v);
  }

  private showSet(set: ShowSet): string {
    const names = [...set.attrs.keys()].sort(byteOrder);
    const entries = names.map((k) => {
      const d = set.attrs.get(k) as Definition;
      if (d.kind === "inherit") return `inherit ${showId(k)} ; `;
      if (d.kind === "inheritFrom") return `${showId(k)} = (${this.show(d.from)}).${showId(k)}; `;
      return `${showId(k)} = ${this.value(d.value)}; `;
    });
    const dynamic = set.dynamic.map((d) => `"\${${d.name}}" = ${this.value(d.value)}; `);
    return `${set.recursive ? "rec " : ""}{ ${entries.join("")}${dynamic.join("")}}`;
  }

  private letExpr(bindings: readonly Binding[], body: Expr): string {
    const set = this.bindingsSet(bindings, true);
    const entries = [...set.attrs].map(([k, d]) => {
      if (d.kind === "inherit") return `inherit ${showId(k)}; `;
      if (d.kind === "inheritFrom") return `${showId(k)} = (${this.show(d.from)}).${showId(k)}; `;
      return `${showId(k)} = ${this.value(d.value)}; `;
    });
    return `(let ${entries.join("")}in ${this.show(body)})`;
  }

  private lambda(param: Expr | FormalsNode, body: Expr): string {
    if (param.kind !== "Formals") return `(${this.show(param)}: ${this.show(body)})`;
    const formals = param.formals.map(
      (f) => `${f.name.name}${f.default ? ` ? ${this.show(f.default)}` : ""}`,
    );
    if (param.ellipsis) formals.push("...");
    const bind = param.bind ? ` @ ${param.bind.name.name}` : "";
    return `({ ${formals.join(", ")} }${bind}: ${this.show(body)})`;
  }
}

// ---------------------------------------------------------------------------
// Normalising Nix's output
//
// Nix's output holds strings ("a\"b", with `$` always escaped) and, for a
// dynamic attribute name, `"${expr}"`, which is code, not a string.

const isDynamicOpen = (s: string, i: number): boolean =>
  s[i] === '"' && s[i + 1] === "$" && s[i + 2] === "{";

/** The index of the quote closing the string that starts at `i`. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
  return j;
}

/**
 * Walks `s` once, calling `at(i, depth)` for every character outside strings;
 * returns early when `at` returns true. Brackets and `"${ ... }"` nest.
 */
function walk(s: string, at: (i: number, depth: number) => boolean | void): void {
  const closers: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' && !isDynamicOpen(s, i)) {
      i = stringEnd(s, i);
      continue;
    }
    if (at(i, closers.length)) return;
    if (c === '"') {
      closers.push('}"');
      i += 2;
    } else if (c === "(" || c === "[" || c === "{") closers.push(c);
    else if (c === ")" || c === "]" || c === "}") {
      if (closers.pop() === '}"') i += 1;
      if (closers.length === 0 && at(i, -1)) return;
    }
  }
}

/** Offsets of `sep` in `s` outside strings and brackets. */
function topLevel(s: string, sep: string): number[] {
  const found: number[] = [];
  walk(s, (i, depth) => {
    if (depth === 0 && s.startsWith(sep, i)) found.push(i);
  });
  return found;
}

/** The index of the last character of the group opening at `open`. */
function groupEnd(s: string, open: number): number {
  let end = s.length - 1;
  walk(s.slice(open), (i, depth) => {
    if (depth !== -1) return false;
    end = open + i;
    return true;
  });
  return end;
}

function splitAt(s: string, offsets: readonly number[], width: number): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const o of offsets) {
    parts.push(s.slice(from, o));
    from = o + width;
  }
  parts.push(s.slice(from));
  return parts;
}

/** The bindings of `let` and the parameters of set patterns, sorted: Nix prints them in memory order. */
export function normalizeShow(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' && !isDynamicOpen(s, i)) {
      const end = stringEnd(s, i);
      out += s.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c !== "(" && c !== "{" && c !== "[" && c !== '"') {
      out += c;
      continue;
    }
    const end = groupEnd(s, i);
    const openWidth = c === '"' ? 3 : 1;
    const closeWidth = c === '"' ? 2 : 1;
    const inner = normalizeShow(s.slice(i + openWidth, end + 1 - closeWidth));
    const after = s.slice(end + 1, end + 3);
    let body = inner;
    if (c === "(" && inner.startsWith("let ")) body = sortLet(inner);
    else if (c === "{" && (after.startsWith(":") || after.startsWith(" @")))
      body = sortFormals(inner);
    out += s.slice(i, i + openWidth) + body + s.slice(end + 1 - closeWidth, end + 1);
    i = end;
  }
  return out;
}

function sortLet(inner: string): string {
  const body = inner.slice(4);
  const after = topLevel(body, "; in ")[0];
  const inAt = body.startsWith("in ") ? 0 : after === undefined ? body.length : after + 2;
  const head = body.slice(0, inAt);
  const entries: string[] = [];
  let current = "";
  let asserts = 0;
  // `assert c; e` is printed without parentheses: its `;` does not end a binding.
  for (const piece of splitAt(head, topLevel(head, "; "), 2)) {
    current += piece;
    asserts += topLevel(piece, "assert ").length;
    if (asserts > 0) {
      asserts -= 1;
      current += "; ";
      continue;
    }
    if (current !== "") entries.push(current);
    current = "";
  }
  return `let ${entries
    .sort()
    .map((e) => `${e}; `)
    .join("")}${body.slice(inAt)}`;
}

function sortFormals(inner: string): string {
  const trimmed = inner.trim();
  const items = splitAt(trimmed, topLevel(trimmed, ", "), 2).filter((x) => x !== "");
  const ellipsis = items[items.length - 1] === "..." ? [items.pop() as string] : [];
  return ` ${[...items.sort(), ...ellipsis].join(", ")} `;
}
