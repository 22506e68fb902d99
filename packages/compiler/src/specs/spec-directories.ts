/**
 * Naming and shaping of target-agnostic JSON managed-process specs, as
 * nix-processmgmt's `create-agnostic-config.nix` writes them: one directory
 * `<32-char hash>-<name>` per process holding `<name>.json`, where `<name>`
 * is `name`, else `instanceName`. Consumers strip the first 33 characters of
 * the directory name to find the JSON file.
 */
import { createHash } from "node:crypto";

/** Nix's base-32 alphabet (no e, o, u, t), so the names look like store path hashes. */
const NIX_BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";

/** 32 base-32 characters of the sha256 of `content`. */
export function specHash(content: string): string {
  const digest = createHash("sha256").update(content).digest();
  let out = "";
  for (let i = 0; i < 32; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const value = ((digest[byte] ?? 0) | ((digest[byte + 1] ?? 0) << 8)) >> (bit & 7);
    out += NIX_BASE32[value & 31];
  }
  return out;
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

/** True for names that are safe as a directory and file name. */
export function isSafeSpecName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/.test(name) && name !== "." && name !== "..";
}

/** `<hash>-<name>` for a spec with this JSON text. */
export function specDirectoryName(name: string, json: string): string {
  return `${specHash(json)}-${name}`;
}
