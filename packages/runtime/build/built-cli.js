// @ts-check
/**
 * The command line built from typenix's TypeScript sources by esbuild:
 * one CommonJS script, which the launcher compiles with V8's code cache.
 * Node loads it in a fraction of the time the sources take through a
 * TypeScript loader, or the same code as ES modules take (those are
 * compiled anew on every run: Node 20 keeps no code cache for them).
 *
 * The build is made on first use and kept in `dist/<stamp>/`, where the
 * stamp is a hash of the sources' names, sizes and modification times:
 * editing a source makes a new build on the next run, so the command
 * never runs stale code. Builds are written to a temporary folder and
 * renamed into place, so commands started together never see half a
 * build. The script sits two folders below the package, as the sources
 * do, so the relative URLs in the sources resolve the same from either.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const PACKAGE = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(PACKAGE, "dist");
const DSL = join(PACKAGE, "../dsl");
/** The sources of the command: this package, the compiler and the DSL. */
const SOURCES = ["src", "../compiler/src", "../dsl/src"].map((dir) => join(PACKAGE, dir));
/** Files whose change changes the build too: manifests, the lockfile, this file. */
const INPUTS = [
  "package.json",
  "../compiler/package.json",
  "../dsl/package.json",
  "../../pnpm-lock.yaml",
  "build/built-cli.js",
].map((file) => join(PACKAGE, file));
/** Builds kept besides the newest (a command still running may load from one). */
const KEPT_BUILDS = 3;
/** A temporary build folder this old belongs to a build that was stopped. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/**
 * Runs the built command line's script (building it first when the sources
 * have changed) and gives its exports, or undefined when it cannot be
 * built here.
 *
 * @returns {Promise<{ main(argv: readonly string[]): Promise<number> } | undefined>}
 */
export async function loadBuiltCli() {
  let dir;
  try {
    dir = join(DIST, sourceStamp());
    if (!isBuilt(dir)) await build(dir);
  } catch {
    return undefined;
  }
  return runScript(dir);
}

/**
 * Runs `cli.cjs`, compiled with the code V8 cached from an earlier run (see
 * `runCached`). The script has no `import()` of its own (a compiled script
 * gets none without an experimental option): it borrows this module's
 * (see src/load/import-module.ts).
 *
 * @param {string} dir
 */
function runScript(dir) {
  const file = join(dir, "cli.cjs");
  Object.assign(globalThis, {
    [Symbol.for("typenix.import")]: (/** @type {string} */ s) => import(s),
  });
  const require = withCachedPackages(createRequire(file), dir);
  const exports = /** @type {CommandLine} */ (runCached(file, cacheFileOf(dir, "cli"), require));
  commandLine = exports;
  return exports;
}

/**
 * Packages the command requires whole whose loading the code cache
 * shortens: the TypeScript compiler (`typenix check`) took about 400 ms to
 * load, and 210 ms with the cache; esbuild's API, which synth and check
 * bundle spec files with, about 3 ms of each of their runs.
 */
const CACHED_PACKAGES = ["typescript", "esbuild"];

/**
 * Packages bundled into scripts of their own beside the command, each
 * compiled with a code cache when first required. zod is one: the DSL
 * loads it only for spec files that declare parameter schemas, and inside
 * the command's script it made half of the script to read.
 */
const BUNDLED_PACKAGES = ["zod"];

/**
 * `require`, but compiling `CACHED_PACKAGES` and `BUNDLED_PACKAGES` with a
 * code cache kept beside the build.
 *
 * @param {NodeJS.Require} require
 * @param {string} dir
 * @returns {NodeJS.Require}
 */
function withCachedPackages(require, dir) {
  /** @type {Map<string, unknown>} */
  const loaded = new Map();
  /** @param {string} id */
  const script = (id) =>
    BUNDLED_PACKAGES.includes(id) ? join(dir, `${id}.cjs`) : require.resolve(id);
  const cachedRequire = (/** @type {string} */ id) => {
    if (!CACHED_PACKAGES.includes(id) && !BUNDLED_PACKAGES.includes(id)) return require(id);
    if (!loaded.has(id)) loaded.set(id, runCached(script(id), cacheFileOf(dir, id)));
    return loaded.get(id);
  };
  return Object.assign(cachedRequire, {
    resolve: require.resolve,
    cache: require.cache,
    main: require.main,
    extensions: require.extensions,
  });
}

/**
 * Compiles and runs the CommonJS module `file` as Node would, with the code
 * V8 cached in `cacheFile` from an earlier run, and gives its exports.
 *
 * Without a cache (or with one V8 refuses), the cache is made when the
 * process exits, holding every function of the module the run compiled,
 * not only its top level: a command compiles most of its code after the
 * top level has run, function by function, on first call. With the cache
 * of a whole run, `typenix synth` of 100 services ran 0.95 G instructions
 * against 1.01 G with a cache of the top level, and `typenix check` of an
 * example 9.55 G against 9.96 G (valgrind, V8 single-threaded). Each
 * command has caches of its own (see `cacheFileOf`): they compile other
 * functions.
 *
 * A run that ran no command (help, a usage error: the command line's
 * `ranCommand`) makes no cache: it compiled little beyond the top level,
 * and the runs after it would take its cache, never made again.
 *
 * V8 refuses a cache made under other flags than the run's that reads it.
 * A command may change V8's flags as it runs (synth sizes the young
 * generation), and may load scripts after it has (esbuild, zod): a cache
 * is read and made under V8's own flags, through `underDefaultFlags`, by
 * default the command line's `withDefaultV8Flags`. Exported for
 * bench/synth, which loads its bundle of the DSL and synth as the command
 * loads itself.
 *
 * @param {string} file
 * @param {string} cacheFile
 * @param {NodeJS.Require} [require]
 * @param {<T>(run: () => T) => T} [underDefaultFlags]
 * @returns {unknown}
 */
export function runCached(
  file,
  cacheFile,
  require = createRequire(file),
  underDefaultFlags = (run) =>
    commandLine?.withDefaultV8Flags ? commandLine.withDefaultV8Flags(run) : run(),
) {
  const cachedData = readIfPresent(cacheFile);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readScript(file)}\n})`;
  const script = underDefaultFlags(
    () => new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) }),
  );
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  if (!cachedData || script.cachedDataRejected) {
    process.once("exit", () => {
      if (commandLine?.ranCommand?.() === false) return;
      underDefaultFlags(() => writeAtomically(cacheFile, script.createCachedData()));
    });
  }
  return module.exports;
}

/**
 * What the command line's script exports (src/cli/main.ts).
 *
 * @typedef {{
 *   main(argv: readonly string[]): Promise<number>,
 *   ranCommand?(): boolean,
 *   withDefaultV8Flags?<T>(run: () => T): T,
 * }} CommandLine
 */

/**
 * The command line's exports, once loaded: scripts are compiled, and their
 * caches made, through its `withDefaultV8Flags`; caches only when its
 * `ranCommand` allows.
 *
 * @type {CommandLine | undefined}
 */
let commandLine;

/**
 * The command this process runs (`synth`, `check`, ...), or `other`.
 */
const COMMAND = /^[a-z]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";

/**
 * The options Node was started with, on its command line or in
 * `NODE_OPTIONS` (`--cpu-prof`, `--max-old-space-size=4096`), as a short
 * hash; none without options. V8 takes a code cache only under the flags it
 * was made with: runs started with other options keep caches of their own,
 * instead of each refusing the other's and replacing it.
 */
const NODE_OPTIONS_STAMP = optionsStamp([...process.execArgv, process.env.NODE_OPTIONS ?? ""]);

/** @param {string[]} options */
function optionsStamp(options) {
  const given = options.filter((option) => option !== "");
  if (given.length === 0) return "";
  return `.${createHash("sha256").update(given.join("\0")).digest("hex").slice(0, 8)}`;
}

/**
 * Where the code cache of the script named `name` is kept for this
 * command (and Node's options, see `NODE_OPTIONS_STAMP`):
 * `cli.synth.cache`, `typescript.check.cache`, `cli.synth.1f4e2a43.cache`.
 *
 * @param {string} dir
 * @param {string} name
 */
function cacheFileOf(dir, name) {
  return join(dir, `${name}.${COMMAND}${NODE_OPTIONS_STAMP}.cache`);
}

/**
 * The text of the script `file`. esbuild writes ASCII (it escapes other
 * characters), which reads as Latin-1 without decoding UTF-8: for the
 * command's 1.4 MB script, 1.9 ms against 3.4 ms of every command's start.
 *
 * @param {string} file
 */
function readScript(file) {
  const bytes = readFileSync(file);
  return bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
}

/** @param {string} file */
function readIfPresent(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes `file` through a temporary file, ignoring failure (the cache is
 * only a cache).
 *
 * @param {string} file
 * @param {Buffer} data
 */
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** A hash of the names, sizes and modification times of every input. */
function sourceStamp() {
  const hash = createHash("sha256");
  const add = (/** @type {string} */ file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat) hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const dir of SOURCES) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      // Not `join`: the parent is a normalized path already, and `join`,
      // run by every command on about 150 files before anything is
      // compiled, took about 8 ms of each command's start-up.
      if (entry.isFile()) add(`${entry.parentPath}${sep}${entry.name}`);
    }
  }
  INPUTS.forEach(add);
  return hash.digest("hex").slice(0, 16);
}

/** @param {string} dir */
function isBuilt(dir) {
  return statSync(join(dir, "dsl.mjs"), { throwIfNoEntry: false }) !== undefined;
}

/**
 * Bundles the command line into `dir/cli.cjs`, and writes beside it the
 * modules spec files import the DSL from (see `dslModules`) and the
 * `BUNDLED_PACKAGES`, each a script of its own. Packages that are large,
 * native or loaded only by some commands stay outside, loaded from
 * node_modules (prettier too, which the importer imports by name at run
 * time; its document printer, which synth and fmt use, is bundled).
 *
 * @param {string} dir
 */
async function build(dir) {
  const esbuild = await import("esbuild");
  mkdirSync(DIST, { recursive: true });
  const temporary = mkdtempSync(join(DIST, ".build-"));
  try {
    await esbuild.build({
      entryPoints: [join(PACKAGE, "src/cli/main.ts")],
      outfile: join(temporary, "cli.cjs"),
      bundle: true,
      format: "cjs",
      platform: "node",
      target: `node${process.versions.node}`,
      external: ["esbuild", "ts-morph", "tsx", "typescript", ...BUNDLED_PACKAGES],
      define: { "import.meta.url": "__typenixModuleUrl" },
      banner: {
        js: 'var __typenixModuleUrl = require("node:url").pathToFileURL(__filename).href;',
      },
      logLevel: "silent",
    });
    for (const id of BUNDLED_PACKAGES) await bundlePackage(esbuild, id, temporary);
    for (const [name, text] of await dslModules(esbuild))
      writeFileSync(join(temporary, name), text);
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    // Another command finished the same build first.
    if (!isBuilt(dir)) throw error;
  }
  removeOldBuilds(dir);
}

/**
 * Bundles the package `id`, as `require(id)` gives it from the DSL's
 * package, into `dir/<id>.cjs`.
 *
 * @param {typeof import("esbuild")} esbuild
 * @param {string} id
 * @param {string} dir
 */
async function bundlePackage(esbuild, id, dir) {
  await esbuild.build({
    stdin: { contents: `module.exports = require(${JSON.stringify(id)});`, resolveDir: DSL },
    outfile: join(dir, `${id}.cjs`),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node}`,
    logLevel: "silent",
  });
}

/**
 * The modules spec files import the DSL from, each exporting the names of
 * a module of the DSL's sources, read from the command's copy:
 * `dsl.mjs`, the core the command puts under a global symbol, and
 * `dsl-parameter-schemas.mjs`, the parameter schemas, which load zod, and
 * which the command loads only when a spec file imports them (see
 * src/load/load-specs.ts).
 *
 * @param {typeof import("esbuild")} esbuild
 * @returns {Promise<[name: string, text: string][]>}
 */
async function dslModules(esbuild) {
  const sources = {
    "dsl.mjs": "../dsl/src/core.ts",
    "dsl-parameter-schemas.mjs": "../dsl/src/processes/parameter-schemas.ts",
  };
  const { metafile } = await esbuild.build({
    entryPoints: Object.values(sources).map((source) => join(PACKAGE, source)),
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    outdir: "/",
    absWorkingDir: "/",
    logLevel: "silent",
  });
  const outputs = Object.values(metafile.outputs);
  // Entry points are named relative to the working folder, `/`.
  /** @param {string} source */
  const namesOf = (source) =>
    outputs.find((output) => `/${output.entryPoint}` === join(PACKAGE, source))?.exports ?? [];
  const value = {
    "dsl.mjs": 'globalThis[Symbol.for("typenix.dsl")]',
    "dsl-parameter-schemas.mjs": 'await globalThis[Symbol.for("typenix.dslParameterSchemas")]()',
  };
  return Object.entries(sources).map(([name, source]) => [
    name,
    `export const { ${namesOf(source).join(", ")} } = ${value[/** @type {keyof typeof value} */ (name)]};\n`,
  ]);
}

/**
 * Keeps the newest builds and removes the rest, and the temporary folders
 * of builds that were stopped half-way (older than any build takes).
 *
 * @param {string} newest
 */
function removeOldBuilds(newest) {
  const entries = readdirSync(DIST, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const age = (/** @type {string} */ dir) => Date.now() - statSync(dir).mtimeMs;
  const builds = entries
    .filter((entry) => !entry.name.startsWith("."))
    .map((entry) => join(DIST, entry.name))
    .filter((dir) => dir !== newest)
    .sort((a, b) => age(a) - age(b));
  const abandoned = entries
    .filter((entry) => entry.name.startsWith(".build-"))
    .map((entry) => join(DIST, entry.name))
    .filter((dir) => age(dir) > ABANDONED_AFTER_MS);
  for (const old of [...builds.slice(KEPT_BUILDS), ...abandoned]) {
    rmSync(old, { recursive: true, force: true });
  }
}
