/**
 * The TypeScript module an import writes: the `@typenix/dsl` import of
 * exactly the builders used and imports of sibling spec files (written
 * with ts-morph), then the constants and the default export. Formatting is
 * left to prettier.
 */
import { createRequire } from "node:module";
import type { Project } from "ts-morph";

/**
 * ts-morph, loaded when a module is first emitted: loading it (and the
 * TypeScript compiler within) takes over half a second, which every other
 * `typenix` command would pay.
 */
const tsMorph = (): typeof import("ts-morph") =>
  createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");

/** `const name = value;`, with the comments that go before it (TypeScript comments). */
export interface Constant {
  readonly name: string;
  readonly value: string;
  readonly comments: readonly string[];
}

/** What goes into the module. */
export interface ModuleSpec {
  /** Comments for the top of the file (already TypeScript comments). */
  readonly header: readonly string[];
  /** Names imported from `@typenix/dsl`. */
  readonly dsl: ReadonlySet<string>;
  /** Default imports of sibling modules: local name to module specifier. */
  readonly defaults?: ReadonlyMap<string, string>;
  /** The constants, in order. */
  readonly constants: readonly Constant[];
  /** Comments after the constants, before the export (already TypeScript comments). */
  readonly closing?: readonly string[];
  /** Comments right above the export, on what it stands for (already TypeScript comments). */
  readonly beforeExport?: readonly string[];
  /** The default-exported expression. */
  readonly exported: string;
  /** Comments for the end of the file, after the export (already TypeScript comments). */
  readonly footer?: readonly string[];
}

let project: Project | undefined;

/** The module's source text (unformatted). */
export function emitModule(spec: ModuleSpec): string {
  const header = spec.header.length > 0 ? `${spec.header.join("\n")}\n\n` : "";
  // A blank line before each constant, as a person would write them.
  const lines = (comments: readonly string[] = []): string =>
    comments.map((line) => `${line}\n`).join("");
  const constants = spec.constants.map(
    (c) => `\n${lines(c.comments)}const ${c.name} = ${c.value};\n`,
  );
  // Appended as text, not written by ts-morph: its writer indents the lines
  // of what it writes wherever it believes it is outside a string, and a
  // string ending in a backslash (`"\\"`) misleads it, so it would indent
  // the lines of a later template literal and change that string.
  const closing = spec.closing?.length ? `\n${lines(spec.closing)}` : "";
  const footer = lines(spec.footer);
  return `${header}${importDeclarations(spec)}${constants.join("")}${closing}\n${lines(spec.beforeExport)}export default ${spec.exported};\n${footer && `\n${footer}`}`;
}

/** The `@typenix/dsl` import and the sibling modules' default imports. */
function importDeclarations(spec: ModuleSpec): string {
  const { Project, StructureKind } = tsMorph();
  project ??= new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("imported.ts", "", { overwrite: true });
  if (spec.dsl.size > 0)
    file.addImportDeclaration({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "@typenix/dsl",
      namedImports: [...spec.dsl].sort(),
    });
  for (const [name, from] of spec.defaults ?? [])
    file.addImportDeclaration({ moduleSpecifier: from, defaultImport: name });
  const text = file.getFullText();
  project.removeSourceFile(file);
  return text;
}

/**
 * The module name `typenix import` gives a Nix file: its base name, or the
 * directory's name for a `default.nix` (`webapp/default.nix` is `webapp`).
 */
export function moduleName(file: string): string {
  const parts = file.split("/").filter((p) => p !== "" && p !== ".");
  const last = parts[parts.length - 1] ?? "model";
  const base = last.replace(/\.nix$/, "");
  return base === "default" && parts.length > 1 ? (parts[parts.length - 2] ?? base) : base;
}
