/**
 * The TypeScript type checker over spec files, so a pipeline without an
 * editor gets the same errors the editor shows (unknown services in a
 * distribution, misspelt properties, wrong value types). Uses the nearest
 * tsconfig.json, as the editor does.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { Diagnostic } from "@typenix/compiler";
import { DSL_SOURCE, isUserFile } from "../load/typenix-files.js";

/**
 * The options of spec files no tsconfig.json is found for: ES modules
 * resolved as a bundler does, as synth bundles and runs them (top-level
 * `await` and `import.meta` are allowed, whatever package.json says;
 * `./x.js` finds `x.ts`).
 */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/**
 * Type errors in the given files and the user's files they import. The
 * DSL and other packages are checked only as far as the user's code uses
 * them, as the editor does: checking all of their code took about half
 * the time of `typenix check` on an example.
 */
export function typecheck(files: readonly string[]): Diagnostic[] {
  // Each file with the options of its own nearest tsconfig.json, as the editor checks it.
  const byConfig = new Map<string | undefined, string[]>();
  for (const file of files) {
    const config = findTsconfig(dirname(resolve(file)));
    byConfig.set(config, [...(byConfig.get(config) ?? []), file]);
  }
  // A file that spec files of two configs import is reported once.
  const reported = new Set<string>();
  const firstTime = (d: Diagnostic): boolean => {
    const key = `${d.location?.file}:${d.location?.line}:${d.location?.column}:${d.code}:${d.message}`;
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  };
  return [...byConfig].flatMap(([config, group]) => typecheckWith(config, group).filter(firstTime));
}

/** Type errors in `files` and the user's files they import, with the options of `config`. */
function typecheckWith(config: string | undefined, files: readonly string[]): Diagnostic[] {
  const configErrors: ts.Diagnostic[] = [];
  const parsed = config
    ? ts.getParsedCommandLineOfConfigFile(config, {}, configHost(configErrors))
    : undefined;
  configErrors.push(...(parsed?.errors ?? []).filter((d) => d.code !== NO_INPUTS));
  const given = config ? (parsed?.options ?? {}) : DEFAULT_OPTIONS;
  // Every file is a module, as synth runs it: one with no import or export too.
  const moduleDetection = ts.ModuleDetectionKind.Force;
  // A JavaScript spec file is one, as synth runs it: checked as the editor checks JavaScript
  // (type errors only under `checkJs`), not refused for want of `allowJs` (TS6504).
  const allowJs = given.allowJs === true || files.some((file) => /\.[cm]?jsx?$/.test(file));
  const options = withCommandDsl(config, files, {
    ...given,
    ...(config ? {} : { typeRoots: specTypeRoots(files) }),
    allowJs,
    noEmit: true,
    moduleDetection,
  });
  const host = asModules(ts.createCompilerHost(options), options);
  // As tsc does: documentation comments are parsed only where they are types (in
  // JavaScript); the errors are the same, found about 15% sooner.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const rootNames = [
    ...files.map((f) => resolve(f)),
    ...(config ? [] : commandNodeTypes(options, host)),
  ];
  const program = ts.createProgram({ rootNames, options, host });
  const userFiles = program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && isUserFile(file.fileName));
  // What has no file of its own is the tsconfig.json's (an option, a type library it names).
  const fallback = config ?? resolve(files[0] ?? "");
  return [
    ...configErrors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...userFiles.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ]
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => asDiagnostic(d, fallback));
}

/** TS18003, "No inputs were found": the config's file list is never read (see configHost). */
const NO_INPUTS = 18003;

/** `d` as typenix's diagnostic, located at `fallback`'s start when TypeScript gives no place. */
function asDiagnostic(d: ts.Diagnostic, fallback: string): Diagnostic {
  const position =
    d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  return {
    code: `TS${d.code}`,
    severity: "error",
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    location: {
      file: d.file?.fileName ?? fallback,
      line: (position?.line ?? 0) + 1,
      column: (position?.character ?? 0) + 1,
    },
  };
}

/**
 * `options`, with `@typenix/dsl` mapped to the DSL the command runs spec
 * files with (see load/load-specs.ts), so its types are the ones synth
 * runs: always where no tsconfig.json is (a folder outside any project,
 * such as one `typenix import` wrote, where nothing is installed); under
 * a tsconfig.json only where its own options resolve the DSL, so an
 * import the editor cannot resolve is reported as the editor does.
 */
function withCommandDsl(
  config: string | undefined,
  files: readonly string[],
  options: ts.CompilerOptions,
): ts.CompilerOptions {
  const from = resolve(files[0] ?? "");
  const resolves = ts.resolveModuleName("@typenix/dsl", from, options, ts.sys).resolvedModule;
  if (config && !resolves) return options;
  return { ...options, paths: { ...options.paths, "@typenix/dsl": [DSL_SOURCE] } };
}

/**
 * The type roots of spec files no tsconfig.json is found for: the
 * `node_modules/@types` folders at and above their folder, as tsc would
 * take them for a tsconfig.json there. TypeScript would take them from
 * the working directory, so what `check` reports would change with it.
 */
function specTypeRoots(files: readonly string[]): string[] {
  const folder = dirname(resolve(files[0] ?? ""));
  return ts.getEffectiveTypeRoots({}, { getCurrentDirectory: () => folder }) ?? [];
}

/**
 * The declarations of Node's built-ins (`@types/node`) the command ships,
 * as a root file, where the spec files' type roots have none: synth runs
 * spec files under Node, with its timers, `process` and `node:` modules
 * (see load/spec-timers.ts), so a folder outside any project checks them
 * as it runs them. None where they have their own, which would clash.
 */
function commandNodeTypes(options: ts.CompilerOptions, host: ts.CompilerHost): string[] {
  if (ts.getAutomaticTypeDirectiveNames(options, host).includes("node")) return [];
  const resolved = ts.resolveTypeReferenceDirective("node", COMMAND_FILE, {}, ts.sys)
    .resolvedTypeReferenceDirective?.resolvedFileName;
  return resolved === undefined ? [] : [resolved];
}

/** A file of the command's own, from which its own packages resolve. */
const COMMAND_FILE = fileURLToPath(import.meta.url);

/**
 * `host`, giving each file of the user's the ES module format synth runs
 * it in, where `options` would take the format from package.json (module
 * node16 to nodenext: a folder with no `"type": "module"` would make spec
 * files CommonJS, which may use neither top-level `await` nor
 * `import.meta`). Files named `.cts` and `.cjs` stay CommonJS.
 */
function asModules(host: ts.CompilerHost, options: ts.CompilerOptions): ts.CompilerHost {
  const module = options.module ?? ts.ModuleKind.CommonJS;
  if (module < ts.ModuleKind.Node16 || module > ts.ModuleKind.NodeNext) return host;
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, ...rest) => {
    const esm =
      typeof languageVersionOrOptions === "object" &&
      languageVersionOrOptions.impliedNodeFormat === ts.ModuleKind.CommonJS &&
      isUserFile(fileName) &&
      !/\.c[jt]s$|\.d\.[cm]?ts$/.test(fileName);
    const given: ts.ScriptTarget | ts.CreateSourceFileOptions = esm
      ? { ...languageVersionOrOptions, impliedNodeFormat: ts.ModuleKind.ESNext }
      : languageVersionOrOptions;
    return getSourceFile(fileName, given, ...rest);
  };
  return host;
}

/**
 * Reads a tsconfig.json for its options only. The files it includes are
 * not listed (the spec files are the roots): listing them walked the
 * whole project, a quarter of a second in this repository. A config that
 * cannot be read at all adds its error to `errors`.
 */
function configHost(errors: ts.Diagnostic[]): ts.ParseConfigFileHost {
  return {
    ...ts.sys,
    readDirectory: () => [],
    onUnRecoverableConfigFileDiagnostic: (d) => errors.push(d),
  };
}

/** The nearest tsconfig.json at or above `dir`. */
function findTsconfig(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}
