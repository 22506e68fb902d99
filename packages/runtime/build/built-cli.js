// @ts-check
/**
 * The command line built from typenix's TypeScript sources by esbuild:
 * its modules bundled into a few ES modules, which Node loads in a
 * fraction of the time the sources take through a TypeScript loader.
 *
 * The build is made on first use and kept in `dist/<stamp>/`, where the
 * stamp is a hash of the sources' names, sizes and modification times:
 * editing a source makes a new build on the next run, so the command
 * never runs stale code. Builds are written to a temporary folder and
 * renamed into place, so commands started together never see half a
 * build. The bundles sit two folders below the package, as the sources
 * do, so the relative URLs in the sources resolve the same from either.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PACKAGE = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(PACKAGE, "dist");
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

/**
 * Imports the built command line (building it first when the sources have
 * changed), or resolves to undefined when it cannot be built here.
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
  return import(pathToFileURL(join(dir, "main.js")).href);
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
      if (entry.isFile()) add(join(entry.parentPath, entry.name));
    }
  }
  INPUTS.forEach(add);
  return hash.digest("hex").slice(0, 16);
}

/** @param {string} dir */
function isBuilt(dir) {
  return statSync(join(dir, "main.js"), { throwIfNoEntry: false }) !== undefined;
}

/**
 * Bundles the command line and the DSL into `dir`. The DSL is an entry of
 * its own: spec files import it from there, sharing the command's copy.
 * Packages that are large, native or loaded only by some commands stay
 * outside, loaded from node_modules.
 *
 * @param {string} dir
 */
async function build(dir) {
  const esbuild = await import("esbuild");
  mkdirSync(DIST, { recursive: true });
  const temporary = mkdtempSync(join(DIST, ".build-"));
  try {
    await esbuild.build({
      entryPoints: {
        main: join(PACKAGE, "src/cli/main.ts"),
        dsl: join(PACKAGE, "../dsl/src/index.ts"),
      },
      outdir: temporary,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node}`,
      external: ["esbuild", "prettier", "ts-morph", "tsx", "typescript"],
      // Bundled CommonJS packages (commander) call `require`.
      banner: {
        js: 'import { createRequire as __typenixRequire } from "node:module";\nconst require = __typenixRequire(import.meta.url);',
      },
      logLevel: "silent",
    });
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    // Another command finished the same build first.
    if (!isBuilt(dir)) throw error;
  }
  removeOldBuilds(dir);
}

/**
 * Keeps the newest builds and removes the rest.
 *
 * @param {string} newest
 */
function removeOldBuilds(newest) {
  const builds = readdirSync(DIST, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => join(DIST, entry.name))
    .filter((dir) => dir !== newest)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of builds.slice(KEPT_BUILDS)) rmSync(old, { recursive: true, force: true });
}
