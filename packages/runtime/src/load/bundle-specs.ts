/**
 * Spec files and what they import, bundled by esbuild into one ES module,
 * ready for Node to run. Each spec file stays a module of its own in the
 * bundle, evaluated when its entry is called, so one that throws does not
 * stop the others, and one imported by another runs once.
 *
 * What the bundle does not hold, Node loads: `@typenix/dsl` is the
 * command's own copy (models are read with the classes that made them),
 * its parameter schemas only for the bundles that use them, and packages
 * from node_modules are imported from where they were resolved. An inline source map points stack frames back at the spec
 * files, which is where builder calls are located.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Message, OnLoadResult, Plugin, PluginBuild } from "esbuild";
import { errorDiagnostic, type Diagnostic } from "@typenix/compiler/diagnostics";

/**
 * A bundle of spec files: `entries[i]()` runs the i-th file and gives its
 * module. `sources` are the files it was made from: the spec files and
 * every file of the user's they import (what watch mode watches). A
 * bundle that failed names the spec files and the files of its errors.
 */
export type SpecBundle =
  | {
      readonly code: string;
      readonly sources: readonly string[];
      readonly diagnostics: readonly [];
    }
  | {
      readonly code?: undefined;
      readonly sources: readonly string[];
      readonly diagnostics: readonly Diagnostic[];
    };

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

/** Bundles `files` (absolute paths), which import `@typenix/dsl` from `dsl`. */
export async function bundleSpecs(files: readonly string[], dsl: DslModules): Promise<SpecBundle> {
  // Required, not imported: `import` of a CommonJS package scans it for
  // its exports first. The command line may have started esbuild's
  // service process already.
  const { build } = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const entry = entryModule(files);
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: "/", sourcefile: ENTRY },
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node}`,
      absWorkingDir: "/",
      outfile: "/typenix-specs.mjs",
      sourcemap: "external",
      sourcesContent: false,
      metafile: true,
      logLevel: "silent",
      banner: { js: REQUIRE_SHIM },
      define: IMPORT_META,
      plugins: [theDsl(dsl), outsideTheBundle, importMetaOfEachFile],
    });
    const file = (extension: string): string =>
      result.outputFiles.find((output) => output.path.endsWith(extension))?.text ?? "";
    return {
      code: withSourceMap(file(".mjs"), file(".map"), entry),
      sources: sourceFiles(Object.keys(result.metafile.inputs)),
      diagnostics: [],
    };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages) throw error;
    const diagnostics = messages.map(bundleDiagnostic);
    const located = diagnostics.flatMap((d) => (d.location ? [d.location.file] : []));
    return { sources: [...new Set([...files, ...located])], diagnostics };
  }
}

/**
 * The files among a bundle's inputs, as absolute paths: esbuild names
 * them relative to its working folder (`/`), and names the entry and the
 * DSL's module, which are no files, by themselves or by their namespace.
 */
function sourceFiles(inputs: readonly string[]): string[] {
  return inputs
    .filter((input) => input !== ENTRY && !input.startsWith(`${DSL_NAMESPACE}:`))
    .map((input) => `/${input}`);
}

/**
 * `code` with its source map inline, the map's sources made absolute
 * paths: esbuild writes them relative to its working folder (`/`), and
 * the bundle runs from elsewhere. The entry, a file of no folder, comes
 * with its text.
 */
function withSourceMap(code: string, mapText: string, entry: string): string {
  const map = JSON.parse(mapText) as { sources: string[]; sourcesContent?: (string | null)[] };
  map.sourcesContent = map.sources.map((source) => (source === ENTRY ? entry : null));
  map.sources = map.sources.map((source) => `/${source}`);
  const inline = Buffer.from(JSON.stringify(map)).toString("base64");
  return `${code}//# sourceMappingURL=data:application/json;base64,${inline}\n`;
}

/** The name of the bundle's entry, which exists only in the bundle. */
const ENTRY = "typenix-specs.js";

/** The bundle's entry: one function per spec file, in order. */
function entryModule(files: readonly string[]): string {
  const imports = files.map((file) => `() => import(${JSON.stringify(file)})`);
  return `export const entries = [${imports.join(", ")}];\n`;
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
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: RESOLVING,
      });
      if (found.errors.length > 0 || found.external) return { errors: found.errors };
      if (!found.path.includes("/node_modules/")) return { path: found.path };
      const path = args.kind === "require-call" ? found.path : pathToFileURL(found.path).href;
      return { path, external: true };
    });
  },
};

/** Marks the resolutions `outsideTheBundle` asks esbuild for itself. */
const RESOLVING = Symbol("resolving");

/**
 * `import.meta.url`, `.filename` and `.dirname` in a spec file name that
 * file, as they would if Node ran it, not the temporary bundle: they read
 * a constant that `importMetaOfEachFile` gives each file that uses them.
 */
const IMPORT_META = {
  "import.meta.url": "__typenixMeta.url",
  "import.meta.filename": "__typenixMeta.filename",
  "import.meta.dirname": "__typenixMeta.dirname",
};

/** Gives each file that reads `import.meta` its `__typenixMeta`. */
const importMetaOfEachFile: Plugin = {
  name: "typenix-import-meta",
  setup(build: PluginBuild) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args): Promise<OnLoadResult | undefined> => {
      if (args.path.includes("/node_modules/")) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta")) return undefined;
      return { contents: withImportMeta(source, args.path), loader: loaderOf(args.path) };
    });
  },
};

/**
 * `source` with its own `__typenixMeta`. It goes on the first line, before
 * the code, so the lines of the file, and the locations of its builder
 * calls, stay where they are.
 */
function withImportMeta(source: string, file: string): string {
  const url = pathToFileURL(file).href;
  const values = `const __typenixMeta = { url: ${JSON.stringify(url)}, filename: ${JSON.stringify(file)}, dirname: ${JSON.stringify(dirname(file))} };`;
  return values + source;
}

function loaderOf(file: string): Loader {
  const extension = extname(file);
  if (extension.endsWith("tsx")) return "tsx";
  if (extension.endsWith("ts")) return "ts";
  return extension.endsWith("jsx") ? "jsx" : "js";
}

/** An esbuild error (a syntax error, an import that does not resolve) as a diagnostic. */
function bundleDiagnostic(message: Message): Diagnostic {
  const where = message.location;
  return errorDiagnostic(
    "TN1004",
    // esbuild names the module it made for the DSL by its namespace too.
    message.text.replaceAll(`"${DSL_NAMESPACE}:`, '"'),
    where?.file
      ? { file: `/${where.file}`, line: where.line, column: where.column + 1 }
      : undefined,
    message.notes[0]?.text ?? "the spec files could not be compiled",
  );
}
