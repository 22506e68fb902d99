/**
 * `typenix import FILE.nix... -o DIR [--kind K] [--force]`: existing Nix
 * models to TypeScript spec files, with a summary of what stayed raw Nix.
 * All or nothing: when any file has errors, or (without --force) a file to
 * write exists, nothing is written. nix-processmgmt's id assignment data
 * (`ids.nix`, `idresources.nix`) is skipped with a note, as a glob of a
 * deployment folder takes it in. Files imported together know each
 * other: a distribution imports the services and infrastructure modules
 * written in the same run.
 */
import { existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import {
  constructorImports,
  detectKind,
  idData,
  importModel,
  moduleName,
  parseNix,
  type IdData,
  type ImportKind,
  type NixFile,
} from "@typenix/compiler";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, type Outcome } from "../cli/exit-codes.js";
import { readInput } from "../load/read-input.js";
import { renderDiagnostics } from "../render/diagnostics.js";
import { outDirProblem } from "../output/out-dir.js";
import { WriteError, writeOutputs } from "../output/write-outputs.js";
import { importModule } from "../load/import-module.js";
import { importConfig } from "./import-config.js";

const KINDS: readonly ImportKind[] = [
  "auto",
  "services",
  "infrastructure",
  "distribution",
  "processes",
  "constructors",
];

/** What each kind of id assignment data is, as the summary names it. */
const ID_DATA: Readonly<Record<IdData, string>> = {
  ids: "the ids nixproc-id-assign assigned, which synthesized models read where it is",
  ranges: "the ranges nixproc-id-assign assigns ids from",
};

interface Parsed {
  readonly file: string;
  readonly tree: NixFile;
  readonly kind: ImportKind | undefined;
  readonly module: string;
}

/** Registers `import`. */
export function registerImport(program: Command, outcome: Outcome): void {
  program
    .command("import")
    .description("turn Nix models and constructors into TypeScript spec files")
    .argument("<files...>", "Nix model files")
    .requiredOption("-o, --out <dir>", "output directory")
    .option("--kind <kind>", `model kind: ${KINDS.join(", ")}`, "auto")
    .option("--force", "overwrite TypeScript files that exist in the output directory")
    .action(async (files: string[], flags: ImportFlags) => {
      if (!KINDS.includes(flags.kind as ImportKind)) {
        process.stderr.write(`typenix import: unknown kind '${flags.kind}'\n`);
        outcome.exitCode = EXIT_USAGE;
        return;
      }
      outcome.exitCode = await importAll(files, flags);
    });
}

interface ImportFlags {
  readonly out: string;
  readonly kind: string;
  readonly force?: boolean;
}

/** A spec file made from a Nix file, to write once every file is made. */
interface Imported {
  readonly path: string;
  readonly content: string;
  /** What became of the Nix file, printed once written. */
  readonly summary: string;
  /** Whether it is a model (a constructor file is none), which synth and check read. */
  readonly model: boolean;
}

async function importAll(files: string[], flags: ImportFlags): Promise<number> {
  const outDir = resolve(flags.out);
  // As synth: a -o that cannot be a directory is said first, whatever the inputs.
  const wrongOut = outDirProblem(outDir, flags.out);
  if (wrongOut !== undefined) {
    process.stderr.write(`typenix import: ${wrongOut}\n`);
    return EXIT_USAGE;
  }
  const kind = flags.kind as ImportKind;
  let code = EXIT_OK;
  const parsed: Parsed[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const input = readInput(file);
    if (!("text" in input)) {
      code = Math.max(code, input.exitCode);
      continue;
    }
    const result = parseNix(input.text, file);
    if (!result.file) {
      process.stderr.write(renderDiagnostics(result.diagnostics));
      code = Math.max(code, EXIT_DIAGNOSTICS);
      continue;
    }
    const detected = kind === "auto" ? detectKind(result.file) : kind;
    const data = detected === undefined ? idData(result.file) : undefined;
    // Id data sits beside models, so `deployment/*.nix` takes it in: it is noted, not refused.
    if (data) skipped.push(`${file}: skipped: ${ID_DATA[data]}, not a model`);
    else parsed.push({ file, tree: result.file, kind: detected, module: moduleName(file) });
  }
  const named = distinctModules(parsed);
  const batch = new Batch(named, outDir);
  const imported: Imported[] = [];
  for (const p of named) {
    const one = await importOne(p, outDir, batch);
    if (one) imported.push(one);
  }
  // As synth: a run with errors writes nothing, so the files stay a set that refers to each other.
  const failed = files.length - skipped.length - imported.length;
  if (failed > 0) {
    const has = failed === 1 ? "has" : "have";
    process.stderr.write(
      `typenix import: nothing written: ${failed} of ${files.length} files ${has} errors\n`,
    );
    return Math.max(code, EXIT_DIAGNOSTICS);
  }
  if (!flags.force && refuseOverwrite(imported, outDir, flags.out)) return EXIT_DIAGNOSTICS;
  const models = imported.filter((i) => i.model).map((i) => i.path);
  const config = await importConfig(outDir, flags.out, models);
  try {
    writeOutputs(outDir, [...imported, ...(config.file ? [config.file] : [])]);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    const what = error.making ? "make the output directory" : "write";
    const written = error.partly ? "some files written" : "nothing written";
    process.stderr.write(
      `typenix import: ${written}: cannot ${what} ${error.path}: ${error.reason}\n`,
    );
    for (const k of error.kept)
      process.stderr.write(`typenix import: the previous ${k.path} is kept as ${k.backup}\n`);
    return error.making ? EXIT_USAGE : EXIT_DIAGNOSTICS;
  }
  for (const i of imported) process.stderr.write(`${i.summary}\n`);
  for (const s of skipped) process.stderr.write(`${s}\n`);
  if (config.note !== undefined) process.stderr.write(`typenix import: ${config.note}\n`);
  return EXIT_OK;
}

/**
 * The files with a module name each: files whose names would be the same
 * (`xinetd/extendable.nix` and `supervisord/extendable.nix`) are named
 * after their folders too (`xinetd-extendable`), and numbered where that
 * is not enough, so no spec file overwrites another.
 */
function distinctModules(parsed: readonly Parsed[]): Parsed[] {
  const count = (names: readonly string[], name: string): number =>
    names.filter((n) => n === name).length;
  const plain = parsed.map((p) => p.module);
  const qualified = parsed.map((p, i) => {
    const name = plain[i] ?? p.module;
    if (count(plain, name) < 2) return name;
    const folder = basename(dirname(resolve(p.file)));
    return moduleName(p.file) === folder ? name : `${folder}-${name}`;
  });
  const taken = new Set<string>();
  return parsed.map((p, i) => {
    const name = qualified[i] ?? p.module;
    let module = name;
    for (let n = 2; taken.has(module); n++) module = `${name}-${n}`;
    taken.add(module);
    return { ...p, module };
  });
}

/** Names the files to write that exist already (hand edits would be lost); true when there are any. */
function refuseOverwrite(imported: readonly Imported[], outDir: string, shownDir: string): boolean {
  const existing = imported.filter((i) => existsSync(join(outDir, i.path)));
  for (const i of existing)
    process.stderr.write(
      `typenix import: ${join(shownDir, i.path)} exists; pass --force to overwrite it\n`,
    );
  if (existing.length > 0) process.stderr.write("typenix import: nothing written\n");
  return existing.length > 0;
}

/** What the files imported together know of each other. */
class Batch {
  private readonly byPath: Map<string, Parsed>;
  /** Constructor files by absolute path, with the key their constructors model gives them. */
  private readonly constructorKeys = new Map<string, string>();
  /** Constructor files by absolute path, with the outer parameters their constructors models give values. */
  private readonly constructorOuters = new Map<string, Set<string>>();

  constructor(
    private readonly parsed: readonly Parsed[],
    private readonly outDir: string,
  ) {
    this.byPath = new Map(parsed.map((p) => [resolve(p.file), p]));
    for (const p of parsed) {
      if (p.kind !== "constructors") continue;
      for (const { key, written, outer } of constructorImports(p.tree)) {
        const file = nixFile(resolve(dirname(p.file), written));
        this.constructorKeys.set(file, key);
        const given = this.constructorOuters.get(file) ?? new Set();
        for (const name of outer) given.add(name);
        this.constructorOuters.set(file, given);
      }
    }
  }

  /** The module specifier, in the output directory, of a Nix file `from` imports as `written`. */
  moduleOf(from: string, written: string): string {
    const target = nixFile(resolve(dirname(from), written));
    return `./${this.byPath.get(target)?.module ?? moduleName(target)}.js`;
  }

  /**
   * The module specifier of a Nix file `from` imports as `written`, when it
   * is imported in this run too or its module is in the output directory
   * (imported before).
   */
  availableModuleOf(from: string, written: string): string | undefined {
    return this.importedModuleOf(from, written) ?? this.inOutDir(this.moduleOf(from, written));
  }

  /** The module specifier of a Nix file `from` imports as `written`, when it is imported in this run too. */
  importedModuleOf(from: string, written: string): string | undefined {
    const target = this.byPath.get(nixFile(resolve(dirname(from), written)));
    return target && `./${target.module}.js`;
  }

  /**
   * The module of a file of `kind` for `file`: by naming convention first
   * (`distribution-proxy` goes with `services-proxy`), else the one with
   * the conventional name, else the first of that kind in the batch; with
   * none in the batch, the conventional one when the output directory has
   * it (imported before), else undefined.
   */
  moduleOfKind(kind: ImportKind, file: Parsed, fallback: string): string | undefined {
    const suffix = file.module.replace(/^[a-z]+/, "");
    const ofKind = this.parsed.filter((p) => p.kind === kind);
    const match =
      ofKind.find((p) => p.module.replace(/^[a-z]+/, "") === suffix) ??
      ofKind.find((p) => p.module === fallback) ??
      ofKind[0];
    return match ? `./${match.module}.js` : this.inOutDir(`./${fallback}.js`);
  }

  /** `module` when its spec file is in the output directory, else undefined. */
  private inOutDir(module: string): string | undefined {
    return existsSync(join(this.outDir, module.replace(/\.js$/, ".ts"))) ? module : undefined;
  }

  /** The key a constructors model of the batch gives a constructor file. */
  constructorName(file: string): string | undefined {
    return this.constructorKeys.get(resolve(file));
  }

  /** The outer parameters the constructors models of the batch give a constructor file values of. */
  constructorOuter(file: string): string[] {
    return [...(this.constructorOuters.get(resolve(file)) ?? [])];
  }
}

/** `./webapp` names `./webapp/default.nix`. */
function nixFile(path: string): string {
  return path.endsWith(".nix") ? path : `${path}/default.nix`;
}

/** The spec file for one Nix file, or undefined (its diagnostics reported) when it has errors. */
async function importOne(p: Parsed, outDir: string, batch: Batch): Promise<Imported | undefined> {
  const from = dirname(resolve(p.file));
  const rebase = (path: string): string => {
    const rel = relative(outDir, resolve(from, path));
    return rel.startsWith(".") ? rel : `./${rel}`;
  };
  const result = importModel(p.tree, p.file, {
    kind: p.kind ?? "auto",
    rebase,
    sources: {
      services: batch.moduleOfKind("services", p, "services"),
      infrastructure: batch.moduleOfKind("infrastructure", p, "infrastructure"),
    },
    moduleOf: (written) => batch.moduleOf(p.file, written),
    availableModuleOf: (written) => batch.availableModuleOf(p.file, written),
    // Unless a constructors model names it, a constructor is named as its module, which is distinct.
    constructorName: batch.constructorName(p.file) ?? p.module,
    constructorModuleOf: (written) => batch.importedModuleOf(p.file, written),
    constructorOuter: batch.constructorOuter(p.file),
  });
  process.stderr.write(renderDiagnostics(result.diagnostics));
  if (!result.source) return undefined;
  const name = `${p.module}.ts`;
  let content: string;
  try {
    // Loaded here, not by every command.
    const { format } = await importModule<typeof import("prettier")>("prettier");
    content = await format(result.source, { parser: "typescript", printWidth: 100 });
  } catch (error) {
    // Generated TypeScript that does not parse is a typenix bug: say so, write nothing.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(
      `${p.file}: error TN6003: typenix import wrote TypeScript that does not parse (${message}); please report this file\n`,
    );
    return undefined;
  }
  const raw = result.raw.map((r) => `line ${r.line}: ${r.what}`).join("; ");
  const notes = result.notes.map((n) => `; ${n}`).join("");
  const what = result.singleConstructor === true ? "constructor" : `${result.kind} model`;
  const untyped = [
    ...(result.raw.length > 0 ? [`raw Nix kept at ${raw}`] : []),
    ...(result.untyped ?? []),
  ];
  const summary = `${p.file} -> ${name}: ${what}, ${untyped.length === 0 ? "all typed" : untyped.join("; ")}${notes}`;
  return { path: name, content, summary, model: result.singleConstructor !== true };
}
