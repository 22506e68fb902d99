/**
 * `import()` of an ES module outside the command (a package, a bundle of
 * spec files), wherever the command runs from.
 *
 * The built command is one CommonJS script, compiled by its launcher with
 * a code cache (see build/built-cli.js). A script compiled that way has no
 * `import()` of its own: the launcher lends its own, under `LAUNCHER_IMPORT`.
 * Bare names resolve as from the runtime package in both cases.
 */

/** Where the launcher of the built command puts its `import()`. */
const LAUNCHER_IMPORT = Symbol.for("typenix.import");

type Importer = (specifier: string) => Promise<unknown>;

/** Imports `specifier`: a package name or an absolute URL. */
export function importModule<T>(specifier: string): Promise<T> {
  const launcher = (globalThis as { [LAUNCHER_IMPORT]?: Importer })[LAUNCHER_IMPORT];
  return (launcher ? launcher(specifier) : import(specifier)) as Promise<T>;
}
