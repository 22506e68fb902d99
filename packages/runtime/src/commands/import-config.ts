/**
 * The `typenix.config.ts` an import writes beside model files that are not
 * named as the standard ones (`s3.ts`, `services-simple.ts`): synth and
 * check read a directory's standard model files only, unless its config
 * names its files. A config the import wrote before is extended; any other
 * is the user's, read and never rewritten: what it does not name is said.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CONFIG_FILE, STANDARD_SPEC_FILES } from "../load/discover.js";
import { readConfigFiles } from "../load/spec-files.js";
import { importModule } from "../load/import-module.js";
import type { OutputFile } from "../output/write-outputs.js";

/** What becomes of the config: the file to write, if any, and what to tell the user. */
export interface ConfigUpdate {
  readonly file?: OutputFile;
  readonly note?: string;
}

/** The first line of a config an import writes, by which it knows one again. */
const MARKER =
  "// The model files typenix check and synth read in this directory; typenix import adds those it writes.";

/**
 * The config for `models`, the model files (names in `outDir`) an import
 * writes; `shownDir` is the output directory as the user wrote it.
 */
export async function importConfig(
  outDir: string,
  shownDir: string,
  models: readonly string[],
): Promise<ConfigUpdate> {
  const path = join(outDir, CONFIG_FILE);
  const shown = join(shownDir, CONFIG_FILE);
  if (!existsSync(path)) {
    if (models.every((m) => STANDARD_SPEC_FILES.includes(m))) return {};
    // The standard files there stop being read by default once a config names files.
    const standard = STANDARD_SPEC_FILES.filter(
      (n) => models.includes(n) || existsSync(join(outDir, n)),
    );
    const files = [...new Set([...standard, ...models])];
    return {
      file: { path: CONFIG_FILE, content: await configSource(files) },
      note: `wrote ${shown}, naming the model files of ${shownDir} (${files.join(", ")}): synth and check read a directory's standard model files (${STANDARD_SPEC_FILES.join(", ")}) only, unless its ${CONFIG_FILE} names them`,
    };
  }
  const text = readFileSync(path, "utf8");
  const written = await writtenFiles(text);
  if (written !== undefined) {
    const added = models.filter((m) => !written.includes(m));
    if (added.length === 0) return {};
    return {
      file: { path: CONFIG_FILE, content: await configSource([...written, ...added]) },
      note: `added ${added.join(", ")} to the files ${shown} names, which synth and check read`,
    };
  }
  const named = await namedFiles(outDir, path);
  const missing = models.filter((m) => !named.includes(m));
  if (missing.length === 0) return {};
  return {
    note: `${shown}, which typenix import did not write and leaves as it is, does not name ${missing.join(", ")}: synth and check of ${shownDir} read only the files it names, so add them to its files`,
  };
}

/** The files, relative to `outDir`, that the user's config `path` has synth and check read. */
async function namedFiles(outDir: string, path: string): Promise<string[]> {
  const files = await readConfigFiles(path);
  if (files === undefined) return STANDARD_SPEC_FILES.filter((n) => existsSync(join(outDir, n)));
  return files.map((f) => relative(outDir, resolve(outDir, f)));
}

/** The config naming `files`, formatted as the spec files an import writes. */
async function configSource(files: readonly string[]): Promise<string> {
  const { format } = await importModule<typeof import("prettier")>("prettier");
  const source = `${MARKER}\nexport default { files: ${JSON.stringify(files)} };\n`;
  return format(source, { parser: "typescript", printWidth: 100 });
}

/**
 * The files a config an import wrote names, or undefined for any other
 * config (one edited since counts as the user's).
 */
async function writtenFiles(text: string): Promise<string[] | undefined> {
  if (!text.startsWith(`${MARKER}\n`)) return undefined;
  const list = /files: (\[[^\]]*\])/.exec(text)?.[1];
  let files: unknown;
  try {
    files = JSON.parse(list?.replace(/,(\s*)\]$/, "$1]") ?? "");
  } catch {
    return undefined;
  }
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === "string"))
    return undefined;
  return (await configSource(files)) === text ? files : undefined;
}
