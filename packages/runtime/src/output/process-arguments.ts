/**
 * The arguments `synth --json-specs` gives the processes models it
 * evaluates, taken from the same options nixproc-build takes: a
 * directory option per standard parameter, `--force-disable-user-change`,
 * and `--extra-params`. nixproc-build reads the latter as Nix code; typenix
 * evaluates no text from its user as Nix, so it takes a JSON object.
 */
import type { Command } from "commander";
import { exactInteger, parseExact } from "./exact-json.js";

/** A JSON value, as the evaluation reads the arguments. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Arguments for the processes models. */
export interface ProcessArguments {
  /** The values given, by parameter name. */
  readonly given: Readonly<Record<string, Json>>;
  /**
   * The same as JSON text for Nix's `builtins.fromJSON`, holding the
   * numbers of `--extra-params` as written: JavaScript's numbers would
   * round integers beyond 2^53 and read `1.0` as the integer 1.
   */
  readonly json: string;
}

/** No arguments. */
export const NO_ARGUMENTS: ProcessArguments = { given: {}, json: "{}" };

/** nixproc-build's options that each pass one directory parameter, by parameter. */
const DIRECTORY_OPTIONS: ReadonlyMap<string, string> = new Map([
  ["stateDir", "--state-dir"],
  ["runtimeDir", "--runtime-dir"],
  ["logDir", "--log-dir"],
  ["tmpDir", "--tmp-dir"],
  ["cacheDir", "--cache-dir"],
  ["spoolDir", "--spool-dir"],
  ["lockDir", "--lock-dir"],
  ["libDir", "--lib-dir"],
]);

const FORCE_DISABLE_USER_CHANGE = "--force-disable-user-change";
const EXTRA_PARAMS = "--extra-params";

/** The flags commander gives for these options (camel-cased option names). */
export type ProcessArgumentFlags = Readonly<Record<string, string | boolean | undefined>>;

/** Registers the options on `command`. */
export function processArgumentOptions(command: Command): Command {
  for (const [parameter, option] of DIRECTORY_OPTIONS)
    command.option(
      `${option} <dir>`,
      `with --json-specs: pass ${parameter} to the processes models`,
    );
  return command
    .option(FORCE_DISABLE_USER_CHANGE, "with --json-specs: pass forceDisableUserChange = true")
    .option(
      `${EXTRA_PARAMS} <json>`,
      "with --json-specs: a JSON object of further arguments for the models",
    );
}

/**
 * The arguments the flags give, or the usage error they make: these
 * options need `--json-specs`, `--extra-params` must be a JSON object, and
 * it cannot set processManager (JSON specs are what a model gives for
 * `processManager = null`).
 */
export function processArguments(
  flags: ProcessArgumentFlags,
  jsonSpecs: boolean,
): { readonly args: ProcessArguments } | { readonly usageError: string } {
  const args: Record<string, Json> = {};
  const given: string[] = [];
  for (const [parameter, option] of DIRECTORY_OPTIONS) {
    const value = flags[parameter];
    if (typeof value !== "string") continue;
    args[parameter] = value;
    given.push(option);
  }
  if (flags.forceDisableUserChange === true) {
    args.forceDisableUserChange = true;
    given.push(FORCE_DISABLE_USER_CHANGE);
  }
  let extra: Record<string, Json> = {};
  let extraText = "{}";
  if (typeof flags.extraParams === "string") {
    const parsed = parseExtraParams(flags.extraParams);
    if ("usageError" in parsed) return parsed;
    extra = parsed.value;
    extraText = flags.extraParams;
    given.push(EXTRA_PARAMS);
  }
  if (given.length > 0 && !jsonSpecs) {
    return {
      usageError: `${given[0]} is an argument of the processes models evaluated for JSON specs; it needs --json-specs`,
    };
  }
  // `--extra-params` wins over the options, as it is applied after them.
  for (const name of Object.keys(extra)) delete args[name];
  const json = joinedObjects(JSON.stringify(args), extraText);
  return { args: { given: { ...args, ...extra }, json } };
}

/** The members of two JSON objects with no key in common, as one object's text. */
function joinedObjects(first: string, second: string): string {
  const members = [first, second]
    .map((text) => text.trim().slice(1, -1).trim())
    .filter((inner) => inner !== "");
  return `{${members.join(",")}}`;
}

function parseExtraParams(
  text: string,
): { readonly value: Record<string, Json> } | { readonly usageError: string } {
  const usage = `${EXTRA_PARAMS} takes a JSON object (its values are given to the model as Nix values)`;
  let value: unknown;
  try {
    value = parseExact(text);
  } catch (error) {
    return { usageError: `${usage}: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { usageError: `${usage}: got ${text}` };
  }
  const repeated = repeatedKey(text);
  if (repeated !== undefined) return { usageError: repeated };
  if ("processManager" in value) {
    return {
      usageError: `${EXTRA_PARAMS} cannot set processManager: JSON specs are made with processManager = null`,
    };
  }
  const unreadable = unreadableByNix(value, []);
  if (unreadable !== undefined) return { usageError: unreadable };
  return { value: value as Record<string, Json> };
}

/** A JSON string, or a character that opens or closes an object or an array, or separates its members or a key from its value. */
const JSON_TOKENS = /"(?:[^"\\]|\\.)*"|[{}[\],:]/g;

/** An object or array of JSON text being read: an object's keys so far, an array's index. */
type OpenValue = { readonly keys: Set<string> } | { index: number };

/**
 * The usage error for a key an object of the JSON `text` (valid JSON)
 * holds twice, if one does. Nix's `builtins.fromJSON` keeps the last, as
 * `JSON.parse` does, but stops at a value it cannot read in any of them,
 * while the values are checked on what `JSON.parse` keeps (see
 * `unreadableByNix`): a key given twice, which gives one name two values,
 * is refused.
 */
function repeatedKey(text: string): string | undefined {
  /** The objects and arrays open, innermost last. */
  const open: OpenValue[] = [];
  /** Where each open one is in the value (below the outermost one), for the message. */
  const at: string[] = [];
  let key = "";
  for (const [token] of text.matchAll(JSON_TOKENS)) {
    const inner = open.at(-1);
    if (token === "{" || token === "[") {
      if (inner) at.push("keys" in inner ? key : String(inner.index));
      open.push(token === "{" ? { keys: new Set() } : { index: 0 });
    } else if (token === "}" || token === "]") {
      open.pop();
      at.pop();
    } else if (token === ",") {
      if (inner && "index" in inner) inner.index++;
    } else if (token === ":") {
      if (!inner || !("keys" in inner)) continue;
      if (inner.keys.has(key)) {
        const where =
          at.length > 0 ? ` in the value of ${at.map((k) => JSON.stringify(k)).join(".")}` : "";
        return `${EXTRA_PARAMS}: the key ${JSON.stringify(key)} is given twice${where}\n  hint: give each key once: of a key given twice Nix keeps the last value, but stops at one it cannot read in any`;
      }
      inner.keys.add(key);
    } else {
      key = JSON.parse(token) as string;
    }
  }
  return undefined;
}

/** A UTF-16 surrogate not in a pair (paired ones are read as one code point under /u). */
const LONE_SURROGATE = /\p{Cs}/u;

/** Nix's integers: 64-bit, signed. */
const NIX_INTEGERS = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/**
 * Why Nix's `builtins.fromJSON` would not give the model the value at
 * `at` (keys from the object given) as written, if it would not: it stops
 * at a number beyond its 64-bit integers or floats and at a lone UTF-16
 * surrogate, reads an integer beyond 2^63 as another (negative) one, and
 * cuts a string at a NUL character, as Nix's strings end there.
 */
function unreadableByNix(value: unknown, at: readonly string[]): string | undefined {
  const where = `${EXTRA_PARAMS}: the value of ${at.map((key) => JSON.stringify(key)).join(".")}`;
  const integer = exactInteger(value);
  if (integer !== undefined)
    return integer < NIX_INTEGERS.min || integer > NIX_INTEGERS.max
      ? `${where}, ${integer}, is beyond Nix's integers (64-bit)\n  hint: give an integer from ${NIX_INTEGERS.min} to ${NIX_INTEGERS.max}, or a string`
      : undefined;
  if (typeof value === "number" && !Number.isFinite(value))
    return `${where} is a number beyond Nix's floats (64-bit)\n  hint: give a smaller number, or a string`;
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value))
      return `${where}, ${JSON.stringify(value)}, holds a lone UTF-16 surrogate, which Nix cannot read\n  hint: write a character beyond U+FFFF as a surrogate pair (\\ud83d\\ude00) or as itself`;
    if (value.includes("\0"))
      return `${where}, ${JSON.stringify(value)}, holds a NUL character (\\u0000), where Nix's strings end\n  hint: leave the NUL character out: a Nix string cannot hold one`;
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, member] of Object.entries(value)) {
    // Nix keeps a NUL in a key (its names are not cut there): only surrogates stop it.
    if (LONE_SURROGATE.test(key))
      return `${EXTRA_PARAMS}: the key ${JSON.stringify(key)} holds a lone UTF-16 surrogate, which Nix cannot read\n  hint: write a character beyond U+FFFF as a surrogate pair or as itself`;
    const found = unreadableByNix(member, [...at, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** How a user passes `parameter` to the evaluation for JSON specs, for hints. */
export function optionPassing(parameter: string): string {
  const option = DIRECTORY_OPTIONS.get(parameter);
  if (option) return `${option} DIR`;
  if (parameter === "forceDisableUserChange") return FORCE_DISABLE_USER_CHANGE;
  return `${EXTRA_PARAMS} '{ ${JSON.stringify(parameter)}: ... }'`;
}
