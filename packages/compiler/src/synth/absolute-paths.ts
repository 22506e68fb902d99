/**
 * A generated file's text for Nix to evaluate from another folder. A
 * relative path literal is relative to the file it is written in, so a
 * copy evaluated elsewhere (JSON specs are evaluated before OUT is
 * written) would read other files; with its relative paths made absolute
 * from the folder the file is generated for, it reads the same ones. Paths
 * to files that are evaluated beside it (the other generated files) stay
 * relative, so the copies read each other.
 */
import { resolve } from "node:path";
import { parseNix } from "../parser/index.js";
import { printNix } from "../printer/print.js";
import { rebaseRelativePaths } from "../syntax/paths.js";

/**
 * `text` (a generated Nix file, meant for `folder`) with each relative path
 * that does not name a file `besides` holds (`./constructors.nix`) written
 * absolute from `folder`. Text that does not parse is given back as it is,
 * for Nix to report.
 */
export function withAbsolutePaths(
  text: string,
  folder: string,
  besides: ReadonlySet<string>,
): string {
  const { file } = parseNix(text);
  if (!file) return text;
  const expr = rebaseRelativePaths(file.expr, (written) => {
    const target = resolve(folder, written);
    return besides.has(target) ? written : target;
  });
  return expr === file.expr ? text : printNix({ ...file, expr });
}
