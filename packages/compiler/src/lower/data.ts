/**
 * Model values to Nix expressions: concrete data through exact literals,
 * symbolic values through their terms, strings with embedded symbolic
 * values as interpolation, model items as references by name.
 */
import { dirname, relative, resolve } from "node:path";
import {
  hasSentinels,
  isConstructorCall,
  isManagedProcess,
  isModelRef,
  isNixValue,
  nix,
  splitSentinels,
  termOf,
  type CallSite,
  type ConstructorCall,
  type NixData,
  type NixTerm,
} from "@typenix/dsl/core";
import type { AttrName, Binding, Expr, StringNode, StringPart } from "../syntax/ast.js";
import {
  apply,
  attrSet,
  binding,
  ident,
  inherit,
  lambda,
  letIn,
  list,
  searchPath,
  select,
} from "../syntax/build.js";
import { escapeDoubleQuoted, escapeIndentedLine, suitsIndentedString } from "../syntax/strings.js";
import { LiteralError, nixAttrName, nixLiteral } from "../literals/literal.js";
import { errorAt, VARIABLE_NAME_HINT, type Located, type LowerContext } from "./context.js";
import { isIdentifier } from "../syntax/identifiers.js";
import { referencedNames } from "./free-names.js";

/** Lowers any model value. `at` (a model item or builder call) locates diagnostics. */
export function lowerData(value: NixData | ConstructorCall, ctx: LowerContext, at?: Located): Expr {
  if (value === undefined) return ident("null");
  if (typeof value === "string") return lowerString(value, ctx, at);
  if (typeof value !== "object" || value === null) return literal(value, ctx, at);
  if (isNixValue(value)) return lowerTerm(termOf(value), ctx, at);
  if (isConstructorCall(value)) return lowerConstructorCall(value, ctx);
  if (isManagedProcess(value))
    return apply(
      variable("createManagedProcess", ctx),
      lowerAttrs(value.args as Record<string, NixData>, ctx, value),
    );
  if (isModelRef(value)) return lowerModelRef(value, ctx, at);
  if (Array.isArray(value))
    return list((value as readonly NixData[]).map((v) => lowerData(v, ctx, at)));
  return lowerAttrs(value as Readonly<Record<string, NixData>>, ctx, at);
}

/** `{ key = value; ... }`, with `inherit key;` where the value is the variable of the same name. */
export function lowerAttrs(
  attrs: Readonly<Record<string, NixData | ConstructorCall>>,
  ctx: LowerContext,
  at?: Located,
): Expr {
  return attrSet(lowerBindings(attrs, ctx, at));
}

/**
 * The bindings of an attribute set (but for the keys in `skip`), after
 * those already in `bindings`; a key whose value is the variable of the
 * same name becomes `inherit` (first of the set's own bindings).
 */
export function lowerBindings(
  attrs: Readonly<Record<string, NixData | ConstructorCall>>,
  ctx: LowerContext,
  at?: Located,
  skip?: ReadonlySet<string>,
  bindings: Binding[] = [],
): Binding[] {
  const first = bindings.length;
  const inherited: string[] = [];
  const keys = Object.keys(attrs);
  // Indexed: until the engine optimizes it, `for...of` allocates for each key.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (skip?.has(key)) continue;
    const value = attrs[key];
    if (value === undefined) continue;
    const expr = lowerData(value, ctx, at);
    if (expr.kind === "Identifier" && expr.name === key && isVariable(value)) {
      inherited.push(key);
    } else {
      bindings.push(binding(attrPath(key, ctx, at), expr));
    }
  }
  if (inherited.length === 0) return bindings;
  // Most often (`dependsOn = { inherit a; }`) nothing follows: no need to splice.
  if (bindings.length === first) bindings.push(inherit(inherited));
  else bindings.splice(first, 0, inherit(inherited));
  return bindings;
}

/** Values that lower to a plain variable: `inherit`-able under the same name. */
function isVariable(value: NixData | ConstructorCall): boolean {
  return isModelRef(value) || (isNixValue(value) && termOf(value).kind === "ref");
}

function lowerAttrName(key: string, ctx: LowerContext, at?: Located): AttrName {
  return attrPath(key, ctx, at)[0];
}

/** The path of one attribute name `key`, made once per file and key. */
export function attrPath(key: string, ctx: LowerContext, at?: Located): readonly [AttrName] {
  const known = ctx.attrNames.get(key);
  if (known !== undefined) return known;
  if (hasSentinels(key)) return [lowerString(key, ctx, at) as StringNode];
  try {
    const path = [nixAttrName(key)] as const;
    ctx.attrNames.set(key, path);
    return path;
  } catch (error) {
    ctx.diagnostics.push(errorAt(at?.site, "TN3001", (error as Error).message));
    return [nixAttrName("invalid")];
  }
}

function literal(
  value: string | number | bigint | boolean | null,
  ctx: LowerContext,
  at?: Located,
): Expr {
  try {
    return nixLiteral(value);
  } catch (error) {
    if (!(error instanceof LiteralError)) throw error;
    ctx.diagnostics.push(
      errorAt(at?.site, "TN3001", error.message, "use a value Nix can represent"),
    );
    return ident("null");
  }
}

/** A string: an exact literal, or Nix interpolation where it embeds symbolic values. */
function lowerString(text: string, ctx: LowerContext, at?: Located): Expr {
  if (!hasSentinels(text)) return literal(text, ctx, at);
  const pieces = splitSentinels(text);
  const textOnly = pieces.map((p) => (typeof p === "string" ? p : "${x}")).join("");
  if (pieces.length === 1 && typeof pieces[0] !== "string" && pieces[0]) {
    // `${x}` alone: Nix's `"${x}"` is x coerced to a string; keep that meaning.
    return { kind: "String", style: "double", parts: [interpolation(pieces[0], ctx, at)] };
  }
  if (suitsIndentedString(textOnly)) {
    const parts = pieces.map((p) =>
      typeof p === "string"
        ? text_(p.split("\n").map(escapeIndentedLine).join("\n"))
        : interpolation(p, ctx, at),
    );
    return { kind: "String", style: "indented", parts: [text_("\n"), ...parts] };
  }
  const parts = pieces.map((p) =>
    typeof p === "string" ? text_(escapeDoubleQuoted(p)) : interpolation(p, ctx, at),
  );
  return { kind: "String", style: "double", parts };
}

function text_(raw: string): StringPart {
  return { kind: "Text", raw };
}

function interpolation(term: NixTerm, ctx: LowerContext, at?: Located): StringPart {
  return { kind: "Interpolation", expr: lowerTerm(term, ctx, at) };
}

/**
 * A symbolic term, lowered once per file. (A diagnostic about it is then
 * reported once, at its first use when the term has no call site.)
 */
export function lowerTerm(term: NixTerm, ctx: LowerContext, at?: Located): Expr {
  let expr = ctx.terms.get(term);
  if (expr === undefined) {
    expr = lowerNewTerm(term, ctx, at);
    ctx.terms.set(term, expr);
  } else if (term.kind === "local" && ctx.scopes.length > 0 && expr.kind === "Identifier") {
    checkNotHidden(expr.name, term, ctx);
  }
  return expr;
}

function lowerNewTerm(term: NixTerm, ctx: LowerContext, at?: Located): Expr {
  switch (term.kind) {
    case "ref":
      if (isIdentifier(term.name)) return variable(term.name, ctx);
      ctx.diagnostics.push(
        errorAt(
          at?.site,
          "TN3005",
          `${JSON.stringify(term.name)} is not a valid Nix variable name`,
          VARIABLE_NAME_HINT,
        ),
      );
      return ident("null");
    case "select": {
      const base = lowerTerm(term.base, ctx, at);
      const selected = select(base, ...term.path.map((p) => lowerAttrName(p, ctx, at)));
      return term.default === undefined
        ? selected
        : { ...selected, default: lowerData(term.default, ctx, at) };
    }
    case "call":
      return apply(lowerTerm(term.fn, ctx, at), ...term.args.map((a) => lowerData(a, ctx, at)));
    case "path":
      return lowerPath(term.path, term.site ?? at?.site, ctx);
    case "searchPath":
      return searchPath(term.path);
    case "string":
      return {
        kind: "String",
        style: "double",
        parts: term.parts.map((p) =>
          typeof p === "string" ? text_(escapeDoubleQuoted(p)) : interpolation(p, ctx, at),
        ),
      };
    case "if":
      return {
        kind: "If",
        cond: lowerData(term.cond, ctx, at),
        then: lowerData(term.then, ctx, at),
        else: lowerData(term.else, ctx, at),
      };
    case "let": {
      // The bindings of a `let` are in scope in their own values too.
      ctx.scopes.push(Object.keys(term.bindings));
      try {
        return letIn(lowerBindings(term.bindings, ctx, at), lowerData(term.body, ctx, at));
      } finally {
        ctx.scopes.pop();
      }
    }
    case "lambda":
      ctx.scopes.push([term.param]);
      try {
        return lambda(term.param, lowerData(term.body, ctx, at));
      } finally {
        ctx.scopes.pop();
      }
    case "binary":
      return {
        kind: "Binary",
        op: term.op,
        left: lowerData(term.left, ctx, at),
        right: lowerData(term.right, ctx, at),
      };
    case "not":
      return { kind: "Unary", op: "!", expr: lowerData(term.expr, ctx, at) };
    case "data":
      return lowerData(term.value, ctx, at);
    case "local":
      return variable(localName(term, ctx), ctx);
    case "raw": {
      // Lowering what the code uses binds the locals it names.
      for (const used of term.uses ?? []) lowerData(used, ctx, at);
      const parsed = ctx.parseRaw?.(term.code, term.site ?? at?.site);
      if (parsed) {
        referencedNames(parsed, ctx.names);
        return { kind: "Paren", expr: parsed };
      }
      ctx.diagnostics.push(
        errorAt(
          term.site ?? at?.site,
          "TN3002",
          "raw Nix code could not be parsed",
          "check the code passed to nix.raw",
        ),
      );
      return ident("null");
    }
  }
}

/**
 * The name a `nix.local` value is bound under in this file: its own, or,
 * when another value already took that name (models merged from two spec
 * files may each bind a `customPkgs`) or the file binds it otherwise (a
 * parameter, a service of the `rec` set: see `LowerContext.reserved`), the
 * first free `name_2`, `name_3`...
 */
function localName(term: Extract<NixTerm, { kind: "local" }>, ctx: LowerContext): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? term.name : `${term.name}_${i}`;
    const bound = ctx.locals.get(name);
    if (bound?.value === term.value) {
      checkNotHidden(name, term, ctx);
      return name;
    }
    if (!bound && !ctx.reserved.has(name) && !isHidden(name, ctx)) {
      ctx.locals.set(name, { value: term.value, site: term.site });
      return name;
    }
  }
}

/** Whether a `nix.let` or `nix.lambda` being lowered binds `name`. */
function isHidden(name: string, ctx: LowerContext): boolean {
  return ctx.scopes.some((names) => names.includes(name));
}

/**
 * Reports a local read, under the name it was bound by first, where a
 * `nix.let` or `nix.lambda` binds that name: that would read the inner one.
 */
function checkNotHidden(
  name: string,
  term: Extract<NixTerm, { kind: "local" }>,
  ctx: LowerContext,
): void {
  if (!isHidden(name, ctx)) return;
  const message = `the local '${name}' is read where a nix.let or nix.lambda of the same name hides it`;
  // Once per local, however often it is read there.
  if (ctx.diagnostics.some((d) => d.code === "TN3009" && d.message === message)) return;
  ctx.diagnostics.push(
    errorAt(term.site, "TN3009", message, "give the local or the inner name another name"),
  );
}

/** A path written relative to a spec file, rewritten relative to the generated file. */
function lowerPath(written: string, site: CallSite | undefined, ctx: LowerContext): Expr {
  if (written.startsWith("/")) return pathExpr(written);
  if (!site) {
    ctx.diagnostics.push(
      errorAt(site, "TN3003", `cannot tell which spec file the path '${written}' is relative to`),
    );
    return pathExpr(written);
  }
  const target = resolve(dirname(site.file), written);
  const rel = relative(dirname(ctx.outFile), target) || ".";
  return pathExpr(rel.startsWith(".") ? rel : `./${rel}`);
}

function pathExpr(text: string): Expr {
  if (/^(\.{1,2}|~)?(\/[A-Za-z0-9._+-]+)+$|^\.{1,2}$/.test(text)) {
    return {
      kind: "Path",
      parts: [{ kind: "Text", raw: text === "." || text === ".." ? `${text}/.` : text }],
    };
  }
  // Not writable as a path literal (spaces, special characters): `./. + "/rest"`.
  return {
    kind: "Binary",
    op: "+",
    left: { kind: "Path", parts: [{ kind: "Text", raw: "./." }] },
    right: nixLiteral(`/${text.replace(/^\.\//, "")}`),
  };
}

function lowerModelRef(
  item: Parameters<LowerContext["refName"]>[0],
  ctx: LowerContext,
  at?: Located,
): Expr {
  // An item of the model is an attribute of the model's own `rec` set: it
  // names no variable the file must bind, so it is not added to `ctx.names`.
  const ref = ctx.refName(item);
  if (ref) return ref;
  const kind = (item as { kind?: string }).kind ?? "item";
  ctx.diagnostics.push(
    errorAt(
      (item as { site?: CallSite }).site ?? at?.site,
      "TN3004",
      `this ${kind} is referenced but is not part of the model being generated`,
      "add it to the model, or reference one that is",
    ),
  );
  return ident("null");
}

/**
 * A `pkg` constructor call inside an instance or service: arguments equal to
 * a sibling property become `inherit port;` (the enclosing set is then `rec`).
 */
export function lowerPkgCall(
  pkg: ConstructorCall,
  properties: Readonly<Record<string, unknown>>,
  ctx: LowerContext,
): { expr: Expr; recursive: boolean } {
  let recursive = false;
  const args = Object.fromEntries(
    Object.entries(pkg.args).map(([k, v]) => {
      const same =
        properties[k] !== undefined &&
        (typeof v !== "object" || v === null) &&
        v === properties[k] &&
        isIdentifier(k);
      recursive ||= same;
      return [k, same ? nix.ref(k) : v];
    }),
  );
  return { expr: lowerConstructorCall(pkg, ctx, args), recursive };
}

/** `name` as a variable the lowered code reads (noted in `ctx.names`). */
function variable(name: string, ctx: LowerContext): Expr {
  ctx.names.add(name);
  return ident(name);
}

/** The variable holding the constructors model instantiated for another process manager. */
export function constructorsVariable(processManager: string): string {
  return `${processManager}Constructors`;
}

/**
 * `constructors.webapp { port = 5000; }`, plus `{ ... }` when inter-dependencies
 * were passed; without them a constructor that takes them stays a function
 * of them (Disnix applies it to dependsOn/connectsTo).
 */
export function lowerConstructorCall(
  call: ConstructorCall,
  ctx: LowerContext,
  callArgs: ConstructorCall["args"] = call.args,
): Expr {
  const model =
    call.processManager === undefined ? "constructors" : constructorsVariable(call.processManager);
  const fn = select(variable(model, ctx), call.key);
  const args = lowerAttrs(callArgs, ctx, call);
  if (call.interDeps === undefined) return apply(fn, args);
  return apply(fn, args, lowerAttrs(call.interDeps, ctx, call));
}
