/**
 * A generated file's text for Nix to evaluate from another folder, with
 * another createManagedProcess: JSON specs are evaluated before OUT is
 * written, with a createManagedProcess that gives the arguments it is
 * passed.
 *
 * A relative path literal is relative to the file it is written in, so a
 * copy evaluated elsewhere would read other files: its relative paths are
 * made absolute from the folder the file is generated for, and it reads
 * the same ones. Paths to files evaluated beside it (the other generated
 * files) stay relative, so the copies read each other. The import of
 * nix-processmgmt's createManagedProcess, wherever the constructors model
 * says nix-processmgmt is, reads the one given instead.
 */
import { resolve } from "node:path";
import type { Expr } from "../syntax/ast.js";
import { path } from "../syntax/build.js";
import { parseNix } from "../parser/index.js";
import { printNix } from "../printer/print.js";
import { rebaseRelativePaths } from "../syntax/paths.js";
import { replaceNodes } from "../syntax/replace-nodes.js";
import { CREATE_MANAGED_PROCESS } from "../lower/constructors.js";

export { CREATE_MANAGED_PROCESS };

/** Where and how a copy is evaluated. */
export interface EvaluationCopyOptions {
  /** The folder the file is generated for. */
  readonly folder: string;
  /** Files (absolute, in `folder`) that are evaluated beside the copy. */
  readonly besides: ReadonlySet<string>;
  /** The absolute path of the createManagedProcess file to import instead of nix-processmgmt's. */
  readonly createManagedProcess: string;
}

/**
 * `text` (a generated Nix file) made ready to be evaluated beside the
 * copies of `besides`. Text that does not parse is given back as it is,
 * for Nix to report.
 */
export function evaluationCopy(text: string, options: EvaluationCopyOptions): string {
  const { file } = parseNix(text);
  if (!file) return text;
  const moved = rebaseRelativePaths(file.expr, (written) => {
    const target = resolve(options.folder, written);
    return options.besides.has(target) ? written : target;
  });
  const expr = replaceNodes(moved, (node) =>
    isCreateManagedProcessFile(node) ? path(options.createManagedProcess) : undefined,
  );
  return expr === file.expr ? text : printNix({ ...file, expr });
}

/**
 * nix-processmgmt's createManagedProcess file as the constructors model
 * imports it: `<nix-processmgmt/nixproc/.../create-managed-process-universal.nix>`,
 * a path literal, a folder a literal cannot hold with the rest appended
 * (`/. + "/np dir/nixproc/..."`), or a search path name `<...>` cannot
 * hold (`builtins.findFile builtins.nixPath "np dir/nixproc/..."`).
 */
function isCreateManagedProcessFile(node: Expr): boolean {
  switch (node.kind) {
    case "SearchPath":
      return isCreateManagedProcessText(node.path);
    case "Path":
      return node.parts.length === 1 && isCreateManagedProcessString(node);
    case "Binary":
      return (
        node.op === "+" && node.left.kind === "Path" && isCreateManagedProcessString(node.right)
      );
    case "Apply":
      return isFindFile(node.fn) && isCreateManagedProcessString(node.arg);
    default:
      return false;
  }
}

/** A path or string whose text ends in the createManagedProcess file. */
function isCreateManagedProcessString(node: Expr): boolean {
  if (node.kind !== "Path" && node.kind !== "String") return false;
  const last = node.parts[node.parts.length - 1];
  return last?.kind === "Text" && isCreateManagedProcessText(last.raw);
}

function isCreateManagedProcessText(written: string): boolean {
  return written.endsWith(`/${CREATE_MANAGED_PROCESS}`);
}

/** `builtins.findFile builtins.nixPath` */
function isFindFile(node: Expr): boolean {
  return node.kind === "Apply" && isBuiltin(node.fn, "findFile") && isBuiltin(node.arg, "nixPath");
}

function isBuiltin(node: Expr, name: string): boolean {
  if (node.kind !== "Select" || node.expr.kind !== "Identifier" || node.path.length !== 1)
    return false;
  const [attr] = node.path;
  return node.expr.name === "builtins" && attr?.kind === "Identifier" && attr.name === name;
}
