/**
 * Naming and shaping of target-agnostic JSON managed-process specs, as
 * nix-processmgmt's `create-agnostic-config.nix` writes them: one directory
 * `<32-char hash>-<name>` per process holding `<name>.json`, where `<name>`
 * is `name`, else `instanceName`. Consumers strip the first 33 characters of
 * the directory name to find the JSON file.
 *
 * Upstream, those directories are store paths, and a spec's `dependencies`
 * are the store paths of other specs: consumers read
 * `"${dependency}/<name>.json"` with `builtins.readFile`, which takes
 * absolute paths only. So typenix names each directory after the store
 * path it gets when added to the Nix store under `<name>`
 * (`builtins.path { path = <dir>; name = "<name>"; }`), and dependencies
 * name those store paths: the same on every machine, wherever OUT is.
 */
import { createHash } from "node:crypto";

/** The Nix store the store paths of spec directories are in. */
export const NIX_STORE = "/nix/store";

/** Nix's base-32 alphabet (no e, o, u, t). */
const NIX_BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";

/** `bytes` in Nix's base-32 notation (last character first, as Nix prints hashes). */
function nixBase32(bytes: Uint8Array): string {
  let out = "";
  for (let n = Math.floor((bytes.length * 8 - 1) / 5); n >= 0; n--) {
    const bit = n * 5;
    const byte = bit >> 3;
    const value = ((bytes[byte] ?? 0) >> (bit & 7)) | ((bytes[byte + 1] ?? 0) << (8 - (bit & 7)));
    out += NIX_BASE32[value & 31];
  }
  return out;
}

/** One string of a Nix archive: its length (64 bits, little-endian), its bytes, zeros up to 8 bytes. */
function narString(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([length, bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8)]);
}

/** The Nix archive (NAR) of a directory holding one regular file. */
function directoryNar(file: string, content: string): Buffer {
  const tokens = ["nix-archive-1", "(", "type", "directory", "entry", "(", "name", file, "node"];
  const regular = ["(", "type", "regular", "contents", content, ")"];
  return Buffer.concat([...tokens, ...regular, ")", ")"].map(narString));
}

/**
 * The hash part of the store path Nix gives a directory holding only
 * `<name>.json` when it is added under `name` (a recursive sha256
 * content-addressed "source" path without references).
 */
export function specStoreHash(name: string, json: string): string {
  const narHash = createHash("sha256")
    .update(directoryNar(`${name}.json`, json))
    .digest("hex");
  const fingerprint = `source:sha256:${narHash}:${NIX_STORE}:${name}`;
  const digest = createHash("sha256").update(fingerprint).digest();
  // Nix folds the 32 bytes into 20 by xor.
  const folded = new Uint8Array(20);
  digest.forEach((byte, i) => (folded[i % 20] = (folded[i % 20] ?? 0) ^ byte));
  return nixBase32(folded);
}

/** The spec's name: `name`, else `instanceName`; undefined when it has neither. */
export function specName(args: Readonly<Record<string, unknown>>): string | undefined {
  const name = args["name"] ?? args["instanceName"];
  return typeof name === "string" ? name : undefined;
}

/**
 * What to do about two processes of one name: the checks find them where
 * constructor calls give the names as text, the JSON specs where only Nix
 * can work them out.
 */
export function sameNameHint(processName: string): string {
  return (
    "process managers tell processes apart by name (PID files, unit names): give each " +
    `instance its own, e.g. with an instanceSuffix parameter and instanceName = "${processName}\${instanceSuffix}", ` +
    "as nix-processmgmt's constructors do"
  );
}

/** The longest name Nix gives a store path (after `<hash>-`): it refuses longer ones. */
export const MAX_STORE_PATH_NAME = 211;

/**
 * True for the names Nix 2.8 gives a store path: letters, digits and
 * `+-._?=`, at most `MAX_STORE_PATH_NAME` characters. (Nix 2.8 takes a
 * leading `.`, as Nix does again since 2.20 but for `.`, `..`, `.-...` and
 * `..-...`.)
 */
export function isStorePathName(name: string): boolean {
  return /^[A-Za-z0-9+\-._?=]+$/.test(name) && name.length <= MAX_STORE_PATH_NAME;
}

/**
 * True for names that are safe as a directory and file name, and that Nix
 * takes as a store path's name, as a spec directory is added to the store
 * under its name: a store path's name without `?` and `=`, which shells
 * read as a pattern or an assignment, and not starting with `.` (a hidden
 * folder), `-` or `+` (read as an option by shell commands).
 */
export function isSafeSpecName(name: string): boolean {
  return isStorePathName(name) && /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/.test(name);
}

/** `<hash>-<name>` for a spec with this JSON text: the base name of its store path. */
export function specDirectoryName(name: string, json: string): string {
  return `${specStoreHash(name, json)}-${name}`;
}
