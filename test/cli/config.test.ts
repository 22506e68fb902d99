/**
 * `typenix.config.ts` names a deployment directory's spec files, for synth
 * and check alike; a config that fails is a diagnostic, not a crash.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

const CONFIG = "test/cli/fixtures/config";

/** The config file of `dir` as diagnostics name it: relative to where the command runs. */
const configOf = (dir: string): string => relative(ROOT, join(dir, "typenix.config.ts"));

/** A deployment directory with `typenix.config.ts` holding `text`. */
function configDir(text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "typenix.config.ts"), text);
  return dir;
}

/** A copy of the config fixture whose `typenix.config.ts` names `files`. */
function configuredCopy(files: readonly string[]): string {
  const dir = tempDir();
  cpSync(join(ROOT, CONFIG), dir, { recursive: true });
  writeFileSync(
    join(dir, "typenix.config.ts"),
    `export default { files: ${JSON.stringify(files)} };\n`,
  );
  return dir;
}

const SERVICES = 'import { pkgs, service, services } from "@typenix/dsl";\n';

describe("typenix.config.ts", () => {
  it("names the files synth reads", () => {
    const out = tempDir();
    const result = typenix(["synth", CONFIG, "-o", out]);
    expect(result.stderr).toBe(`typenix synth: wrote 2 files to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(["typenix-manifest.json", "web-services.nix"]);
  });

  it("names the files check reads", () => {
    const result = typenix(["check", CONFIG]);
    expect(result.stderr).toBe("typenix check: 1 spec file, no errors\n");
    expect(result.status).toBe(0);
  });

  it("that does not compile is reported at its line, and nothing is written", () => {
    const dir = configDir("export default { files: [ };\n");
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${configOf(dir)}:1:27: error TN1004: Unexpected "}"`);
    expect(readdirSync(out)).toEqual([]);
  });

  it("that exports something else is reported", () => {
    const dir = configDir("export default 42;\n");
    const result = typenix(["check", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${configOf(dir)}:1:1: error TN1005: typenix.config.ts must export an object as its default`,
    );
  });

  it.each([
    ["a promise", 'export default Promise.resolve({ files: ["web-services.ts"] });\n'],
    [
      "an async function's promise, awaiting a timer",
      "export default (async () => {\n" +
        "  await new Promise((done) => setTimeout(done, 20));\n" +
        '  return { files: ["web-services.ts"] };\n' +
        "})();\n",
    ],
  ])("exported as %s is awaited, as a top-level await would be", (_, text) => {
    const dir = configuredCopy([]);
    writeFileSync(join(dir, "typenix.config.ts"), text);
    // A standard file beside it, which the config leaves out.
    writeFileSync(join(dir, "services.ts"), 'throw new Error("not configured");\n');
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.stderr).toBe(`typenix synth: wrote 2 files to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(["typenix-manifest.json", "web-services.nix"]);
    expect(typenix(["check", dir]).status).toBe(0);
  });

  it("exported as a promise that rejects is reported where it threw, and nothing is written", () => {
    const dir = configDir(
      'export default Promise.resolve().then(() => {\n  throw new Error("no files");\n});\n',
    );
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.stderr).toContain(`${configOf(dir)}:2:9: error TN1004: no files`);
    expect(result.status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it("exported as a promise of something else is reported", () => {
    const dir = configDir("const answer = 42;\nexport default Promise.resolve(answer);\n");
    const result = typenix(["check", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${configOf(dir)}:2:1: error TN1005: typenix.config.ts must export an object as its default`,
    );
  });

  it("whose files are no list of names is reported at files", () => {
    const dir = configDir('export default { files: "services.ts" };\n');
    const result = typenix(["check", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${configOf(dir)}:1:18: error TN1005: typenix.config.ts's files must be a list of file names (strings)`,
    );
  });

  it("with a key it does not know is reported at the key, with the keys it knows", () => {
    const dir = configuredCopy(["web-services.ts"]);
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'export default {\n  file: ["web-services.ts"],\n  "watch": true,\n};\n',
    );
    for (const command of ["check", "synth"]) {
      const args = command === "check" ? [dir] : [dir, "-o", tempDir()];
      const result = typenix([command, ...args]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `${configOf(dir)}:2:3: error TN1005: typenix.config.ts has an unknown key 'file'\n` +
          "  hint: the keys it may have: files\n",
      );
      expect(result.stderr).toContain(
        `${configOf(dir)}:3:3: error TN1005: typenix.config.ts has an unknown key 'watch'`,
      );
    }
  });

  it("with a key it does not know is located in the syntax tree, not at a comment naming it", () => {
    const dir = configuredCopy(["web-services.ts"]);
    writeFileSync(
      join(dir, "typenix.config.ts"),
      '/* file: ["old.ts"] was its key */\n' +
        'const note = "file: x";\nvoid note;\n' +
        'const config = { files: ["web-services.ts"], file: ["web-services.ts"] };\n' +
        "export default config;\n",
    );
    for (const command of ["check", "synth"]) {
      const args = command === "check" ? [dir] : [dir, "-o", tempDir()];
      const result = typenix([command, ...args]);
      expect(result.stderr).toContain(
        `${configOf(dir)}:4:46: error TN1005: typenix.config.ts has an unknown key 'file'`,
      );
      expect(result.status).toBe(1);
    }
  });

  it("with a computed key it does not know is reported at the key", () => {
    const dir = configuredCopy(["web-services.ts"]);
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'export default { "files": ["web-services.ts"], ["fi" + "le"]: 1 };\n',
    );
    const result = typenix(["check", dir]);
    expect(result.stderr).toContain(
      `${configOf(dir)}:1:48: error TN1005: typenix.config.ts has an unknown key 'file'`,
    );
    expect(result.status).toBe(1);
  });

  it("is type-checked by check", () => {
    const dir = configuredCopy(["web-services.ts"]);
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'const x: number = "s";\nvoid x;\nexport default { files: ["web-services.ts"] };\n',
    );
    const result = typenix(["check", dir]);
    expect(result.stderr).toContain(`${configOf(dir)}:1:7: error TS2322`);
    expect(result.status).toBe(1);
  });

  it.each([
    ["throws", 'throw new Error("no config");', "3:7: error TN1004: no config"],
    ["has an unknown key", 'export default { file: ["web-services.ts"] };', "3:18: error TN1005"],
  ])("that %s is type-checked by check too", (_, body, expected) => {
    const dir = configuredCopy(["web-services.ts"]);
    writeFileSync(join(dir, "typenix.config.ts"), `const x: number = "s";\nvoid x;\n${body}\n`);
    const result = typenix(["check", dir]);
    expect(result.stderr).toContain(`${configOf(dir)}:1:7: error TS2322`);
    expect(result.stderr).toContain(`${configOf(dir)}:${expected}`);
    expect(result.status).toBe(1);
  });

  it("naming a file that does not exist is a usage error, and earlier outputs stay", () => {
    const dir = configuredCopy(["web-services.ts"]);
    const out = tempDir();
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    const before = readFileSync(join(out, "web-services.nix"), "utf8");
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'export default { files: ["web-services.ts", "web-sevrices.ts"] };\n',
    );
    for (const command of ["synth", "check"]) {
      const args = command === "synth" ? [command, dir, "-o", out] : [command, dir];
      const result = typenix(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `typenix ${command}: ${join(dir, "typenix.config.ts")} names web-sevrices.ts, which does not exist\n`,
      );
    }
    expect(readdirSync(out).sort()).toEqual(["typenix-manifest.json", "web-services.nix"]);
    expect(readFileSync(join(out, "web-services.nix"), "utf8")).toBe(before);
  });

  it("naming a folder is a usage error", () => {
    const dir = configuredCopy(["web-services.ts", "lib"]);
    mkdirSync(join(dir, "lib"));
    const result = typenix(["check", dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `typenix check: ${join(dir, "typenix.config.ts")} names lib, a folder, not a spec file\n`,
    );
  });

  it("takes an absolute path as it is", () => {
    const elsewhere = join(tempDir(), "more-services.ts");
    writeFileSync(
      elsewhere,
      `${SERVICES}export default services({ db: service({ pkg: pkgs.hello, type: "process" }) });\n`,
    );
    const dir = configuredCopy(["web-services.ts", elsewhere]);
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.stderr).toBe(`typenix synth: wrote 3 files to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual([
      "more-services.nix",
      "typenix-manifest.json",
      "web-services.nix",
    ]);
  });

  it("applies to its own folder only", () => {
    // One folder with a config, one with the standard files and none.
    const configured = CONFIG;
    const standard = tempDir();
    writeFileSync(
      join(standard, "services.ts"),
      `${SERVICES}export default services({ db: service({ pkg: pkgs.hello, type: "process" }) });\n`,
    );
    const out = tempDir();
    for (const inputs of [
      [configured, standard],
      [standard, configured],
    ]) {
      const result = typenix(["synth", ...inputs, "-o", out]);
      expect(result.stderr).toBe(`typenix synth: wrote 3 files to ${out}\n`);
      expect(readdirSync(out).sort()).toEqual([
        "services.nix",
        "typenix-manifest.json",
        "web-services.nix",
      ]);
    }
    expect(typenix(["check", standard, configured]).stderr).toBe(
      "typenix check: 2 spec files, no errors\n",
    );
  });

  it("of two folders are each their own", () => {
    const a = configuredCopy(["web-services.ts"]);
    const b = tempDir();
    writeFileSync(
      join(b, "db.ts"),
      `${SERVICES}export default services({ db: service({ pkg: pkgs.hello, type: "process" }) });\n`,
    );
    writeFileSync(join(b, "typenix.config.ts"), 'export default { files: ["db.ts"] };\n');
    const result = typenix(["check", a, b]);
    expect(result.stderr).toBe("typenix check: 2 spec files, no errors\n");
  });

  it("and the files it imports are inputs: a change of one makes the outputs stale", () => {
    const dir = configuredCopy([]);
    writeFileSync(
      join(dir, "typenix.config.ts"),
      'import { files } from "./settings/files.js";\nexport default { files };\n',
    );
    mkdirSync(join(dir, "settings"));
    const list = join(dir, "settings/files.ts");
    writeFileSync(list, 'export const files = ["web-services.ts"];\n');
    const out = tempDir();
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    const { inputs } = JSON.parse(readFileSync(join(out, "typenix-manifest.json"), "utf8")) as {
      inputs: { path: string }[];
    };
    const named = inputs.map((input) => input.path.replace(/^.*\//, ""));
    expect(named).toEqual(expect.arrayContaining(["typenix.config.ts", "files.ts"]));
    expect(typenix(["synth", dir, "-o", out, "--check"]).status).toBe(0);
    writeFileSync(list, 'export const files = ["web-services.ts"]; // the same files\n');
    const check = typenix(["synth", dir, "-o", out, "--check"]);
    expect(check.stderr).toContain("typenix-manifest.json");
    expect(check.status).toBe(1);
  });
});
