/**
 * Spec files and what they import, bundled by esbuild into ES modules
 * ready for Node to run: one module per spec file, and the code two of
 * them share (`distribution.ts` imports `services.ts`) in modules of its
 * own, so Node's module semantics hold as they would for the sources. A
 * spec imported by another runs once, and one that throws is an error for
 * every spec that imports it, never a half-made model.
 *
 * What the bundle does not hold, Node loads: `@typenix/dsl` is the
 * command's own copy (models are read with the classes that made them),
 * its parameter schemas only for the bundles that use them, and packages
 * from node_modules are imported from where they were resolved. Inline
 * source maps point stack frames back at the spec files, which is where
 * builder calls are located.
 */
import { readFileSync, realpathSync } from "node:fs";
import { basename, dirname, extname, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import {
  build,
  initialize,
  type BuildResult,
  type Loader,
  type Message,
  type OnLoadResult,
  type OutputFile,
  type Plugin,
  type PluginBuild,
  type ResolveOptions,
  type ResolveResult,
} from "esbuild";
import { errorDiagnostic, uniqueDiagnostics, type Diagnostic } from "@typenix/compiler/diagnostics";

/**
 * The bundle of some spec files: `modules`, written out under one folder,
 * are ES modules, of which `entries[i]` runs the i-th spec file. `sources`
 * are the files it was made from: the spec files and every file of the
 * user's they import (what watch mode watches). A bundle that failed names
 * the spec files and the files of its errors, and in `awaited` the files
 * its relative imports name that could not be resolved: made, they may
 * fix it.
 */
export type SpecBundle =
  | {
      readonly modules: readonly BundledModule[];
      readonly entries: readonly string[];
      readonly sources: readonly string[];
      readonly diagnostics: readonly [];
    }
  | {
      readonly modules?: undefined;
      readonly sources: readonly string[];
      readonly awaited: readonly string[];
      readonly diagnostics: readonly Diagnostic[];
    };

/**
 * A file of a bundle: a module, or the source map beside it, with its path
 * relative to the bundle's folder.
 */
export interface BundledModule {
  readonly path: string;
  readonly code: string;
}

/** An ES module the DSL is made of: where it is, and the names it exports. */
export interface DslModule {
  readonly url: string;
  readonly names: readonly string[];
}

/**
 * The DSL the spec files share, in two modules: its core, and the
 * parameter schemas (zod). `@typenix/dsl` in a spec file stands for both.
 */
export interface DslModules {
  readonly core: DslModule;
  readonly parameterSchemas: DslModule;
}

/**
 * Starts esbuild's service process, for a command that will bundle spec
 * files: the process starts while the command finds them, and the first
 * bundle finds it running. Once per process: esbuild refuses a second
 * start, and the command line may run more than once in one process.
 */
export function startSpecBundler(): void {
  if (bundlerStarted) return;
  bundlerStarted = true;
  // A service that fails to start is reported by the bundle that needs it.
  initialize({}).catch(() => undefined);
}

/** Whether `startSpecBundler` ran. */
let bundlerStarted = false;

/** Bundles `files` (absolute paths), which import `@typenix/dsl` from `dsl`. */
export async function bundleSpecs(files: readonly string[], dsl: DslModules): Promise<SpecBundle> {
  const given = asGiven(files);
  try {
    const result = await build({
      entryPoints: [...files],
      bundle: true,
      splitting: true,
      write: false,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node}`,
      absWorkingDir: "/",
      outdir: OUT,
      // Spec files of one name in two folders stay apart.
      entryNames: "[dir]/[name]",
      chunkNames: "shared/[name]-[hash]",
      // The modules run from a folder of no package.json: `.mjs` makes them ES modules.
      outExtension: { ".js": ".mjs" },
      sourcemap: "external",
      sourcesContent: false,
      metafile: true,
      logLevel: "silent",
      banner: { js: REQUIRE_SHIM + RESOLVE_SHIM },
      define: IMPORT_META,
      plugins: [theDsl(dsl), outsideTheBundle, importMetaOfEachFile],
    });
    return {
      modules: bundledModules(result.outputFiles, given),
      entries: entryModules(files, result.metafile),
      sources: sourceFiles(Object.keys(result.metafile.inputs)),
      diagnostics: [],
    };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages) throw error;
    // esbuild reports a folder it cannot read once for each import through it.
    const diagnostics = uniqueDiagnostics(
      messages.map((message) => bundleDiagnostic(message, given)),
    );
    const located = diagnostics.flatMap((d) => (d.location ? [d.location.file] : []));
    return {
      sources: [...new Set([...files, ...located])],
      awaited: unresolvedImports(messages, given),
      diagnostics,
    };
  }
}

/** esbuild's message for an import it cannot resolve, and what the import names. */
const UNRESOLVED = /^Could not resolve "(\.{0,2}\/[^"]*|\.{1,2})"/;

/**
 * The files (absolute) of the relative imports in `messages` that could
 * not be resolved, from the folders of the files that import them.
 */
function unresolvedImports(
  messages: readonly Message[],
  given: (path: string) => string,
): string[] {
  return messages.flatMap((message) => {
    const specifier = UNRESOLVED.exec(message.text)?.[1];
    const importer = message.location?.file;
    if (specifier === undefined || !importer) return [];
    return [resolve(dirname(given(`/${importer}`)), specifier)];
  });
}

/** The folder esbuild is told it writes to (it writes nothing): modules are named relative to it. */
const OUT = "/typenix-specs";

/**
 * The bundle's modules, each with its source map beside it when the map
 * names a file of the user's (see `sourceMap`).
 *
 * Node reads a module's source map as it loads the module, and measures
 * the length of every line of the module's text then: a map inline, as
 * base64 text, took most of the time of loading a bundle of three spec
 * files (14.3 ms against 9.8 ms with the maps beside the modules, and
 * none for modules that map nothing).
 */
function bundledModules(
  outputs: readonly OutputFile[],
  given: (path: string) => string,
): BundledModule[] {
  const maps = new Map(outputs.map((output) => [output.path, output.text]));
  return outputs
    .filter((output) => !output.path.endsWith(".map"))
    .flatMap((output) => {
      const path = relative(OUT, output.path);
      const mapText = maps.get(`${output.path}.map`);
      const map = mapText === undefined ? undefined : sourceMap(mapText, output.path, given);
      if (map === undefined) return [{ path, code: output.text }];
      const comment = `//# sourceMappingURL=${basename(path)}.map\n`;
      return [
        { path, code: output.text + comment },
        { path: `${path}.map`, code: map },
      ];
    });
}

/**
 * The module of each spec file, relative to the bundle's folder, in the
 * order of `files`. esbuild names an entry point by its real path: a spec
 * file reached through a symbolic link is found by where the link leads.
 */
function entryModules(
  files: readonly string[],
  metafile: NonNullable<BuildResult["metafile"]>,
): string[] {
  const byEntry = new Map<string, string>();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    // esbuild names inputs relative to its working folder (`/`), outputs too.
    if (output.entryPoint) byEntry.set(`/${output.entryPoint}`, relative(OUT, `/${path}`));
  }
  return files.map((file) => byEntry.get(file) ?? byEntry.get(realPath(file)) ?? "");
}

/** `file` with no symbolic link in it (as it is, when it cannot be read). */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * How the user named the files esbuild names by their real paths: a spec
 * file given through a symbolic link by the path given, and a file beside
 * it in a folder given through a link by its path in that folder, so that
 * diagnostics and stack frames name what the user typed.
 */
function asGiven(files: readonly string[]): (path: string) => string {
  const exact = new Map<string, string>();
  const folders = new Map<string, string>();
  for (const file of files) {
    const real = realPath(file);
    if (real !== file) exact.set(real, file);
    const folder = dirname(file);
    const realFolder = realPath(folder);
    if (realFolder !== folder) folders.set(`${realFolder}${sep}`, `${folder}${sep}`);
  }
  if (exact.size === 0 && folders.size === 0) return (path) => path;
  // The deepest folder first: it is the one the file was reached through.
  const byDepth = [...folders].sort(([a], [b]) => b.length - a.length);
  return (path) => {
    const file = exact.get(path);
    if (file !== undefined) return file;
    const folder = byDepth.find(([real]) => path.startsWith(real));
    return folder ? folder[1] + path.slice(folder[0].length) : path;
  };
}

/**
 * The files among a bundle's inputs, as absolute paths: esbuild names
 * them relative to its working folder (`/`), and names the DSL's module,
 * which is no file, by its namespace.
 */
function sourceFiles(inputs: readonly string[]): string[] {
  return inputs
    .filter((input) => !input.startsWith(`${DSL_NAMESPACE}:`))
    .map((input) => `/${input}`);
}

/**
 * The text of a module's source map, its sources made absolute paths
 * (named as `given` names them): esbuild writes them relative to the
 * module, and the module runs from elsewhere. The DSL's module, which is
 * no file, comes with its (empty) text. Undefined for a map that names no
 * file of the user's (a module that only re-exports, the DSL's module):
 * no stack frame would be mapped by it.
 */
function sourceMap(
  mapText: string,
  path: string,
  given: (path: string) => string,
): string | undefined {
  const map = JSON.parse(mapText) as { sources: string[]; sourcesContent?: (string | null)[] };
  const virtual = (source: string): boolean => source.startsWith(`${DSL_NAMESPACE}:`);
  if (map.sources.every(virtual)) return undefined;
  map.sourcesContent = map.sources.map((source) => (virtual(source) ? "" : null));
  map.sources = map.sources.map((source) =>
    virtual(source) ? source : given(resolve(dirname(path), source)),
  );
  return JSON.stringify(map);
}

/** `require` for the spec files that call it (esbuild's ES module output has none). */
const REQUIRE_SHIM =
  'import { createRequire as __typenixRequire } from "node:module";\n' +
  "const require = __typenixRequire(import.meta.url);";

/**
 * `@typenix/dsl`, as a module of the bundle that re-exports the command's
 * DSL modules by name. The import of the parameter schemas is marked free
 * of side effects, so esbuild drops it from bundles that use none of its
 * names: zod is then never loaded.
 */
function theDsl(dsl: DslModules): Plugin {
  const reexport = ({ url, names }: DslModule): string =>
    `export { ${names.join(", ")} } from ${JSON.stringify(url)};\n`;
  const contents = reexport(dsl.core) + reexport(dsl.parameterSchemas);
  return {
    name: "typenix-dsl",
    setup(build) {
      build.onResolve({ filter: /^@typenix\/dsl$/ }, (args) => ({
        path: args.path,
        namespace: DSL_NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: DSL_NAMESPACE }, () => ({ contents, loader: "js" }));
      build.onResolve({ filter: /.*/, namespace: DSL_NAMESPACE }, (args) => ({
        path: args.path,
        external: true,
        ...(args.path === dsl.parameterSchemas.url ? { sideEffects: false } : {}),
      }));
    },
  };
}

/** Where the `@typenix/dsl` module of a bundle lives (esbuild names it in errors). */
const DSL_NAMESPACE = "typenix";

/**
 * Keeps out of the bundle every package resolved into node_modules, as
 * absolute URLs (the bundle runs from a temporary file, where bare names
 * would not resolve).
 */
const outsideTheBundle: Plugin = {
  name: "typenix-outside-the-bundle",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === RESOLVING || args.path.startsWith("node:")) return undefined;
      const found = await resolvedByEsbuild(build, args.path, args);
      if (found.errors.length > 0 || found.external) return { errors: found.errors };
      if (!found.path.includes("/node_modules/")) return { path: found.path };
      const path = args.kind === "require-call" ? found.path : pathToFileURL(found.path).href;
      return { path, external: true };
    });
  },
};

/** Marks the resolutions `outsideTheBundle` asks esbuild for itself. */
const RESOLVING = Symbol("resolving");

/** How esbuild itself resolves `path` imported from a file, `outsideTheBundle` aside. */
function resolvedByEsbuild(
  build: PluginBuild,
  path: string,
  from: Pick<ResolveOptions, "kind" | "resolveDir" | "importer">,
): Promise<ResolveResult> {
  const { kind, resolveDir, importer } = from;
  return build.resolve(path, { kind, resolveDir, importer, pluginData: RESOLVING });
}

/**
 * `import.meta` in a spec file, and in every file of the user's it
 * imports, is that file's, as it would be if Node ran it, not the
 * temporary module of the bundle: it stands for a constant that
 * `importMetaOfEachFile` gives each file that reads it. (esbuild's
 * `define` is one value for all files; the constant is each file's own.)
 */
const IMPORT_META = { "import.meta": "__typenixMeta" };

/** `import.meta`, as esbuild reads it (comments between its words aside). */
const READS_IMPORT_META = /\bimport\s*\.\s*meta\b/;

/** Gives each file that reads `import.meta` its `__typenixMeta`. */
const importMetaOfEachFile: Plugin = {
  name: "typenix-import-meta",
  setup(build: PluginBuild) {
    build.onLoad(
      { filter: /\.[cm]?[jt]sx?$/, namespace: "file" },
      async (args): Promise<OnLoadResult | undefined> => {
        const source = readFileSync(args.path, "utf8");
        if (!READS_IMPORT_META.test(source)) return undefined;
        const packages = await packagesToResolve(build, source, args.path);
        return {
          contents: withImportMeta(source, args.path, packages),
          loader: loaderOf(args.path),
        };
      },
    );
  },
};

/**
 * `source` with its own `__typenixMeta`: what Node's `import.meta` of the
 * file holds. It goes on the first line, before the code, so the lines of
 * the file, and the locations of its builder calls, stay where they are.
 */
function withImportMeta(source: string, file: string, packages: Map<string, string>): string {
  const url = JSON.stringify(pathToFileURL(file).href);
  const resolve = `__typenixResolve(${url}, ${JSON.stringify([...packages])})`;
  const values = `const __typenixMeta = { url: ${url}, filename: ${JSON.stringify(file)}, dirname: ${JSON.stringify(dirname(file))}, resolve: ${resolve} };`;
  return values + source;
}

/**
 * `import.meta.resolve` of a file, made by `__typenixResolve(url,
 * packages)`: a path or URL is resolved against the file's URL, as Node
 * does; a package the file names as text in a call to it, as `packages`
 * found it from the file's folder; any other name (Node's own modules, a
 * package named by a computed string) as Node resolves it from the
 * bundle's module, the only place Node can resolve from here. It is in the
 * banner of each module of the bundle, where `import.meta` is still the
 * module's.
 */
const RESOLVE_SHIM =
  "\nconst __typenixResolve = (url, packages) => {" +
  " const found = new Map(packages);" +
  " return (specifier) => /^\\.{0,2}\\/|^\\.\\.?$/.test(specifier) || URL.canParse(specifier)" +
  " ? new URL(specifier, url).href" +
  " : found.get(specifier) ?? import.meta.resolve(specifier); };";

/** A call `import.meta.resolve("name")` of a package (a name that is no path). */
const RESOLVE_PACKAGE = /\bimport\s*\.\s*meta\s*\.\s*resolve\s*\(\s*(["'`])([^./"'`][^"'`]*)\1/g;

/**
 * The URLs of the packages `source` asks `import.meta.resolve` for by
 * name: found from the file's folder now, as esbuild finds the packages
 * the file imports (Node, running the bundle from a temporary folder,
 * would look for them there).
 */
async function packagesToResolve(
  build: PluginBuild,
  source: string,
  file: string,
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const [, , name] of source.matchAll(RESOLVE_PACKAGE)) {
    if (name === undefined || urls.has(name)) continue;
    const from = { kind: "import-statement" as const, resolveDir: dirname(file), importer: file };
    const found = await resolvedByEsbuild(build, name, from);
    // Node's own modules and names that do not resolve are left to Node.
    if (found.errors.length === 0 && !found.external && found.namespace === "file")
      urls.set(name, pathToFileURL(found.path).href);
  }
  return urls;
}

function loaderOf(file: string): Loader {
  const extension = extname(file);
  if (extension.endsWith("tsx")) return "tsx";
  if (extension.endsWith("ts")) return "ts";
  return extension.endsWith("jsx") ? "jsx" : "js";
}

/** An esbuild error (a syntax error, an import that does not resolve) as a diagnostic. */
function bundleDiagnostic(message: Message, given: (path: string) => string): Diagnostic {
  const where = message.location;
  return errorDiagnostic(
    "TN1004",
    // esbuild names the module it made for the DSL by its namespace too,
    // and a file or folder it cannot read relative to its working folder, "/".
    message.text
      .replaceAll(`"${DSL_NAMESPACE}:`, '"')
      .replace(/^(Cannot read (?:directory|file) ")(?!\/)/, "$1/"),
    where?.file
      ? { file: given(`/${where.file}`), line: where.line, column: where.column + 1 }
      : undefined,
    noteText(message.notes[0], given) ?? "the spec files could not be compiled",
  );
}

/**
 * The text of an esbuild note, with the place it names in a file (`The name
 * "default" was originally exported here:` is followed by the place),
 * relative to the working directory as diagnostics' places are shown.
 */
function noteText(
  note: Message["notes"][number] | undefined,
  given: (path: string) => string,
): string | undefined {
  // A place in the module made for the DSL (`typenix:@typenix/dsl`) is none a user can open.
  if (!note?.location?.file || note.location.file.startsWith(`${DSL_NAMESPACE}:`))
    return note?.text;
  const where = note.location;
  const file = given(`/${where.file}`);
  const place = `${relative(process.cwd(), file) || file}:${where.line}:${where.column + 1}`;
  return note.text.endsWith(":") ? `${note.text} ${place}` : `${note.text} (${place})`;
}
