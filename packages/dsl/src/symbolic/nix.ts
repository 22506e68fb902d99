/**
 * `nix.*`: builders for Nix expressions the typed API has no dedicated
 * builder for. Each returns a symbolic value usable anywhere a model value
 * is expected, inside template literals, and as a computed key.
 */
import { SpecError } from "../spec-error.js";
import { callSite, siteTrace, traced } from "./call-site.js";
import { HEADER_BINDING, type NixData, type NixOperator } from "./term.js";
import { hasSentinels, lengthOf, symbolic, type NixValue } from "./value.js";
import { isNixIdentifier, VARIABLE_NAME_HINT } from "./nix-names.js";

/**
 * `name`, when Nix can take it as a variable; else a spec error at the
 * builder's call (worked out only then).
 */
function variableName(builder: string, name: string): string {
  if (isNixIdentifier(name)) return name;
  throw new SpecError(
    `${builder}: ${JSON.stringify(name)} is not a valid Nix variable name`,
    callSite(),
    builder === "nix.ref" && name.includes(".")
      ? `${VARIABLE_NAME_HINT}; select attributes on the value: nix.ref("a").b`
      : VARIABLE_NAME_HINT,
    "TN3005",
  );
}

/** A variable in scope in the generated Nix (a function parameter or a `let` binding). */
function ref(name: string): NixValue {
  // Located: a generated model that binds no such variable reports it here (TN3071).
  const term = { kind: "ref", name: variableName("nix.ref", name) } as const;
  return symbolic(traced(term, siteTrace(ref)));
}

/**
 * A path literal, relative to the spec file that calls this. In the
 * generated Nix it is rewritten relative to the generated file, so it keeps
 * pointing at the same file wherever the output directory is. An absolute
 * path, or one in the home directory (`~/...`, as Nix reads it), is kept as
 * it is.
 *
 * @example nix.path("../webapp")
 */
function path(relativePath: string): NixValue {
  return symbolic({ kind: "path", path: relativePath, site: callSite() });
}

/** `import ./file.nix` (relative to the spec file), applied to `args` when given: `import ./x.nix { inherit pkgs; }`. */
function importFile(relativePath: string, args?: NixData): NixValue {
  const imported = {
    kind: "call",
    fn: { kind: "ref", name: "import" },
    args: [symbolic({ kind: "path", path: relativePath, site: callSite(), imported: true })],
  } as const;
  return symbolic(args === undefined ? imported : { kind: "call", fn: imported, args: [args] });
}

/** A search-path lookup such as `<nixpkgs>` (written without the angle brackets). */
function searchPath(name: string): NixValue {
  return symbolic({ kind: "searchPath", path: name });
}

/**
 * Applies a Nix function to arguments: `nix.call(nix.ref("f"), a, b)` is
 * `f a b`; a string names a variable (`nix.call("throw", "...")`).
 * (`undefined` is accepted only because `value.attr` has that type under
 * `noUncheckedIndexedAccess`; symbolic attributes are never undefined.)
 */
function call(fn: NixValue | string | undefined, ...args: NixData[]): NixValue {
  if (fn === undefined) throw new TypeError("nix.call: the function is undefined");
  if (typeof fn === "function") throw javascriptMember(fn);
  const fnTerm =
    typeof fn === "string"
      ? traced({ kind: "ref" as const, name: variableName("nix.call", fn) }, siteTrace(call))
      : { kind: "data" as const, value: fn };
  return symbolic({ kind: "call", fn: fnTerm, args });
}

/**
 * `nix.call(nix.ref("builtins").toJSON, ...)`: `toJSON`, `toString` and
 * the members of `Object.prototype` read on a symbolic value are
 * JavaScript's (`JSON.stringify` and template literals call them), so the
 * call was given a JavaScript function, which has no Nix form.
 */
function javascriptMember(fn: (...args: never[]) => unknown): SpecError {
  const named = fn.name === "" ? "a JavaScript function" : `${fn.name}, a JavaScript function`;
  return new SpecError(
    `nix.call was given ${named}, not a Nix value: toJSON, toString, valueOf and the other members of Object.prototype read on a symbolic value are JavaScript's, not Nix attributes`,
    callSite(),
    `select the attribute with nix.select: nix.call(nix.select(nix.ref("builtins"), "${fn.name === "" ? "toJSON" : fn.name}"), value)`,
    "TN3048",
  );
}

/** `if cond then a else b`, for conditions only Nix can decide (on symbolic values). */
function ifThenElse(cond: NixData, then: NixData, otherwise: NixData): NixValue {
  return symbolic({ kind: "if", cond, then, else: otherwise });
}

/** `let bindings in body`; `body` receives the bound names as symbolic values. */
function letIn<T extends Record<string, NixData>>(
  bindings: T,
  body: (names: { readonly [K in keyof T]: NixValue }) => NixData,
): NixValue {
  const binding = newBinding();
  const names = Object.fromEntries(
    Object.keys(bindings).map((k) => [
      k,
      symbolic({ kind: "ref", name: variableName("nix.let", k), binding }),
    ]),
  ) as {
    [K in keyof T]: NixValue;
  };
  return symbolic({ kind: "let", bindings, body: body(names), binding });
}

/** A one-argument Nix function `x: body`, with `body` built from the symbolic parameter. */
function lambda(param: string, body: (arg: NixValue) => NixData): NixValue {
  const name = variableName("nix.lambda", param);
  const binding = newBinding();
  const arg = symbolic({ kind: "ref", name, binding });
  return symbolic({ kind: "lambda", param: name, body: body(arg), binding });
}

/** The last number given to a `nix.let` or `nix.lambda` (see `NixTerm`'s `binding`). */
let lastBinding = HEADER_BINDING;

function newBinding(): number {
  return ++lastBinding;
}

/** A binary operation on values, e.g. `nix.op(stateDir, "==", "/var")`. */
function op(left: NixData, operator: NixOperator, right: NixData): NixValue {
  return symbolic({ kind: "binary", op: operator, left, right });
}

/** `!value` */
function not(value: NixData): NixValue {
  return symbolic({ kind: "not", expr: value });
}

/**
 * An attribute name of a path: a string, or a symbolic value (a
 * constructor's parameter, a `nix.ref`) whose text Nix selects by, as
 * `ids.uids.${instanceName}`. An integer or boolean (a parameter of that
 * type) is its text, as in a property access or a template literal:
 * `ids.ports.${toString port}`.
 */
export type AttributeName = string | number | boolean | NixValue;

/**
 * The path's names as terms hold them: as text, a symbolic one as its
 * sentinel, as a computed key (`{ [name]: ... }`) or a property access
 * (`ids.uids[name]`) gives it, so that all three lower and compare alike
 * (lowering writes a parameter's text by its type, as in a template literal).
 */
function attributePath(path: readonly AttributeName[]): string[] {
  return path.map((name) => String(name));
}

/**
 * `value.a.b`: selects attributes by name, for names that property access
 * on a symbolic value does not select (`then`, `toString`, `toJSON`,
 * `constructor`, `valueOf`, ... are JavaScript's), on a set written in
 * TypeScript, or by a name only Nix knows (a parameter: `value.${name}`).
 * (`undefined` accepted as for `nix.call`.)
 *
 * @example nix.select(config, "then") // config.then
 * @example nix.select(ids, "uids", instanceName) // ids.uids.${instanceName}
 * @example nix.select(ids, "ports", port) // ids.ports.${toString port}, for a z.int() port
 */
function select(value: NixData, ...path: readonly [AttributeName, ...AttributeName[]]): NixValue {
  if (value === undefined) throw new TypeError("nix.select: the value is undefined");
  return symbolic({ kind: "select", base: { kind: "data", value }, path: attributePath(path) });
}

/**
 * `value.a.b or fallback`, the names as for `nix.select` (`undefined`
 * accepted as for `nix.call`).
 *
 * @example nix.selectOr(ids, ["uids", instanceName], 0) // ids.uids.${instanceName} or 0
 */
function selectOr(
  value: NixValue | undefined,
  path: readonly AttributeName[],
  fallback: NixData,
): NixValue {
  if (value === undefined) throw new TypeError("nix.selectOr: the value is undefined");
  return symbolic({
    kind: "select",
    base: { kind: "data", value },
    path: attributePath(path),
    default: fallback,
  });
}

/**
 * Raw Nix code, inserted as written: the escape hatch for what the typed API
 * does not cover. The compiler parses it and reports syntax errors at the
 * calling line; never pass user-controlled strings here. Relative paths in
 * the code are relative to the spec file, as those of `nix.path` are: synth
 * rewrites them for the generated file. The paths the code names,
 * relative, absolute or home ones, are inputs of the run in the manifest,
 * as a `nix.path`'s are. `uses` lists the
 * `nix.local` values the code refers to by name, so the generated file
 * binds them: `nix.raw("with pkgs; [ hello ] ++ tools", [tools])`.
 */
function raw(code: string, uses?: readonly NixData[]): NixValue {
  const site = callSite();
  if (typeof code !== "string") {
    throw new SpecError(
      `nix.raw takes Nix code as a string, and was given ${Array.isArray(code) ? "an array" : code === null ? "null" : typeof code}`,
      site,
      'call it as nix.raw("..."), not as a tagged template nix.raw`...`',
      "TN3002",
    );
  }
  // A symbolic value in a template literal becomes a marker, not Nix code.
  if (hasSentinels(code)) {
    throw new SpecError(
      "nix.raw takes Nix code as plain text, and a symbolic value was interpolated into it",
      site,
      "write the Nix expression in the code itself (listing nix.local values in `uses`), or build it with nix.call, nix.op or nix.select",
      "TN3002",
    );
  }
  return symbolic({ kind: "raw", code, site, ...(uses ? { uses } : {}) });
}

/**
 * A named value of the generated file: it is bound once in the file's
 * `let` block and referenced by name wherever it is used. When the file
 * binds that name otherwise (a parameter such as `stateDir`, a service or
 * instance of the model), the value is bound under a fresh one (`webapp_2`).
 *
 * @example const webapp = nix.local("webapp", nix.import("../webapp"));
 */
function local(name: string, value: NixData): NixValue {
  return symbolic({
    kind: "local",
    name: variableName("nix.local", name),
    value,
    site: callSite(),
  });
}

/** Builders for arbitrary Nix expressions. */
export const nix = {
  ref,
  path,
  import: importFile,
  searchPath,
  call,
  if: ifThenElse,
  let: letIn,
  lambda,
  op,
  not,
  select,
  selectOr,
  raw,
  local,
  /** `builtins.toString value` */
  toString: (value: NixData): NixValue => call("toString", value),
  /** `builtins.concatStringsSep sep list` */
  concatStringsSep: (separator: string, list: NixData): NixValue =>
    call(symbolic({ kind: "ref", name: "builtins" }).concatStringsSep as NixValue, separator, list),
  /** `map f list` */
  map: (fn: NixValue | undefined, list: NixData): NixValue => call("map", fn, list),
  /** `builtins.length list`: a number (written through `toString` in a string). */
  length: (list: NixData): NixValue => lengthOf(list),
} as const;
