/**
 * The editor is the DSL's main user interface: every name `@typenix/dsl`
 * exports, and every property of the types it exports, shows documentation
 * on hover. Read with the TypeScript compiler, as the editor reads it.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const DSL = fileURLToPath(new URL("../../packages/dsl/src/", import.meta.url));
const ENTRY = `${DSL}index.ts`;

/** Names re-exported from other packages, documented there. */
const FOREIGN = new Set(["z"]);

function undocumented(): string[] {
  const program = ts.createProgram({
    rootNames: [ENTRY],
    options: { strict: true, module: ts.ModuleKind.NodeNext, noEmit: true },
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const module = entry && checker.getSymbolAtLocation(entry);
  if (!module) throw new Error(`cannot read ${ENTRY}`);
  const missing: string[] = [];
  const documented = (symbol: ts.Symbol): boolean =>
    symbol.getDocumentationComment(checker).length > 0 || symbol.getJsDocTags(checker).length > 0;
  for (const exported of checker.getExportsOfModule(module)) {
    if (FOREIGN.has(exported.name)) continue;
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!documented(symbol)) missing.push(exported.name);
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      // A union's members are documented where they are declared; symbol keys are brands.
      if (type.isUnion()) continue;
      for (const property of type.getProperties()) {
        const own = property.declarations?.some((d) => d.getSourceFile().fileName.startsWith(DSL));
        if (own && !property.name.startsWith("__@") && !documented(property))
          missing.push(`${exported.name}.${property.name}`);
      }
    }
  }
  return missing;
}

describe("the DSL's documentation", () => {
  it("covers every export and every property of an exported type", () => {
    expect(undocumented()).toEqual([]);
  });
});
