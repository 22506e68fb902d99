/**
 * Nix paths written from text, and relative paths moved to another folder:
 * a relative path literal is relative to the file it is written in, so code
 * moved into another file (raw Nix a spec file holds, a value the importer
 * keeps as Nix) must have its relative paths rewritten to stay the same
 * paths.
 */
import type { Expr, PathNode, StringPart } from "./ast.js";
import { apply, ident, path, searchPath, select, stringFromParts } from "./build.js";
import { nixLiteral } from "../literals/literal.js";
import { escapeDoubleQuoted } from "./strings.js";
import { replaceNodes } from "./replace-nodes.js";
import { forEachChild } from "./children.js";

/** Path text a Nix path literal can hold as it is (but for `.` and `..`, written `./.` and `../.`). */
const LITERAL = /^(\.{1,2}|~)?(\/[A-Za-z0-9._+-]+)+$|^\.{1,2}$/;

/**
 * A path literal for `text` (absolute, `~/...`, or relative, starting with
 * `.`), or where a literal cannot hold it (spaces, special characters, a
 * final `/`) a path that the rest is appended to: `/. + "/etc/my keys"`,
 * `~/. + "/my keys"`, `./. + "/my specs/x"`.
 */
export function pathExpr(text: string): Expr {
  if (LITERAL.test(text)) return path(text === "." || text === ".." ? `${text}/.` : text);
  if (text === "/") return path("/.");
  const [base, rest] = text.startsWith("/")
    ? ["/.", text]
    : isHomePath(text)
      ? ["~/.", text.slice(1)]
      : ["./.", `/${text.replace(/^\.\//, "")}`];
  return {
    kind: "Binary",
    op: "+",
    left: path(base),
    right: stringFromParts([{ kind: "Text", raw: escapeDoubleQuoted(rest) }]),
  };
}

/** A search path name Nix's `<...>` can hold. */
const SEARCH_PATH = /^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/;

/**
 * `<name>`, or where `<...>` cannot hold the name (a space, a quote) the
 * lookup `<...>` makes, `builtins.findFile builtins.nixPath "np dir/x"`:
 * the text is a string, never read as Nix code.
 */
export function searchPathExpr(name: string): Expr {
  if (SEARCH_PATH.test(name)) return searchPath(name);
  const builtin = (attr: string): Expr => select(ident("builtins"), attr);
  return apply(builtin("findFile"), builtin("nixPath"), nixLiteral(name));
}

/** `~` or `~/...`: a path in the home folder. */
export function isHomePath(text: string): boolean {
  return text === "~" || text.startsWith("~/");
}

/** Whether a path as written is relative to its file: not `/...` nor `~/...`. */
function isRelative(written: string): boolean {
  return !written.startsWith("/") && !isHomePath(written);
}

/**
 * `expr` with every relative path literal in it rewritten by `rebase`,
 * which maps a path as written to the same path written from elsewhere
 * (`./pkgs` to `../deployment/pkgs`). A path with interpolations
 * (`./pkgs/${name}.nix`) has the folder before its first interpolation
 * rewritten. Nodes without such a path are kept as they are.
 */
export function rebaseRelativePaths(expr: Expr, rebase: (written: string) => string): Expr {
  return replaceNodes(expr, (node) =>
    node.kind === "Path" ? rebasedPath(node, rebase) : undefined,
  );
}

function rebasedPath(node: PathNode, rebase: (written: string) => string): Expr {
  const [first, ...rest] = node.parts;
  if (first?.kind !== "Text" || !isRelative(first.raw)) return node;
  // The folder itself is `.` (`./`), not a path ending in `/`.
  const moved = (written: string): string => rebase(written).replace(/\/+$/, "") || ".";
  if (rest.length === 0) return pathExpr(moved(first.raw));
  // `./pkgs/${name}.nix`: the folder `./pkgs` moves; `/` and what follows stay.
  const slash = first.raw.lastIndexOf("/");
  if (slash < 0) return node;
  const text = `${moved(first.raw.slice(0, slash))}${first.raw.slice(slash)}`;
  // A folder a literal cannot hold (a space in it) is left as written.
  if (!LITERAL.test(text.replace(/\/$/, "/x"))) return node;
  const parts: StringPart[] = [{ kind: "Text", raw: text }, ...rest];
  return { kind: "Path", parts };
}

/**
 * The absolute and home (`~/...`) path literals in `expr`, as written, which
 * stay the same paths wherever the code is: of one with interpolations
 * (`/srv/data/${name}.nix`), the folder before the first (`/srv/data`).
 */
export function fixedPaths(expr: Expr): string[] {
  const found: string[] = [];
  const visit = (node: Expr): void => {
    if (node.kind !== "Path") return forEachChild(node, visit);
    const [first, ...rest] = node.parts;
    if (first?.kind !== "Text" || isRelative(first.raw)) return;
    const text = rest.length === 0 ? first.raw : first.raw.slice(0, first.raw.lastIndexOf("/"));
    found.push(text === "" ? "/" : text);
  };
  visit(expr);
  return found;
}
