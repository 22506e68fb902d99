/**
 * Nix paths written in a spec are relative to the spec file and come out
 * relative to the generated file, wherever the spec directory is, even
 * when its path holds spaces or parentheses: checked by evaluating the
 * generated model with the real Nix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

// Inside the repository, so the spec file resolves @typenix/dsl.
const root = mkdtempSync(join(ROOT, "test/lowering/.out-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SPEC = `import { nix, service, services } from "@typenix/dsl";

const customPkgs = nix.local("customPkgs", nix.import("./packages.nix"));

export default services({
  webapp: service({ pkg: customPkgs.webapp, type: "process" }),
});
`;

describe("paths relative to the spec file", () => {
  requireNix();

  it.each(["specs", "my specs", "specs (copy)"])("in a directory named '%s'", (name) => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, "services.ts"), SPEC);
    writeFileSync(join(dir, "packages.nix"), `{ webapp = "webapp from ${name}"; }\n`);
    const out = tempDir();
    const synth = typenix(["synth", join(dir, "services.ts"), "-o", out]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    const pkg = nixEvalJson(
      `(import ${join(out, "services.nix")} {
        system = "x86_64-linux"; pkgs = { }; distribution = { }; invDistribution = { };
      }).webapp.pkg`,
    );
    expect(pkg).toBe(`webapp from ${name}`);
  });
});

const INFRASTRUCTURE = (
  paths: readonly string[],
): string => `import { infrastructure, nix, target } from "@typenix/dsl";

export default infrastructure({
  test1: target({
    properties: { hostname: "test1" },
    paths: [${paths.map((p) => `nix.path(${JSON.stringify(p)})`).join(", ")}],
  }),
});
`;

describe("paths a Nix path literal cannot hold", () => {
  requireNix();

  it("keep absolute, home and relative paths, with spaces and special characters", () => {
    const dir = join(root, "any paths");
    mkdirSync(dir);
    const written = [
      "/etc/my keys/id_ed25519",
      "/etc/ssh/id_ed25519",
      "/",
      "/etc/nixos/",
      '/srv/a"b$c\\d',
      "/srv/data (old)/${x}",
      "~/my keys/id_ed25519",
      "~/.ssh/id_ed25519",
      "~",
      "keys/my key",
      "./a b",
      "../shared dir/x",
      "x/",
    ];
    writeFileSync(join(dir, "infrastructure.ts"), INFRASTRUCTURE(written));
    const out = tempDir();
    const synth = typenix(["synth", join(dir, "infrastructure.ts"), "-o", out]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    const paths = nixEvalJson(
      `map toString (import ${join(out, "infrastructure.nix")}).test1.paths`,
    );
    const home = process.env["HOME"] ?? "";
    expect(paths).toEqual([
      "/etc/my keys/id_ed25519",
      "/etc/ssh/id_ed25519",
      "/",
      "/etc/nixos",
      '/srv/a"b$c\\d',
      "/srv/data (old)/${x}",
      `${home}/my keys/id_ed25519`,
      `${home}/.ssh/id_ed25519`,
      home,
      join(dir, "keys/my key"),
      join(dir, "a b"),
      join(root, "shared dir/x"),
      join(dir, "x"),
    ]);
  });
});

describe("search paths <...> cannot hold", () => {
  requireNix();

  it("are looked up as <...> looks them up, the name never read as Nix", () => {
    const dir = join(root, "search paths");
    const found = join(root, "np dir");
    mkdirSync(dir);
    mkdirSync(found);
    writeFileSync(join(found, "x.nix"), '"found"\n');
    writeFileSync(
      join(dir, "services.ts"),
      `import { nix, pkgs, service, services } from "@typenix/dsl";
export default services({ svc: service({ pkg: pkgs.hello, type: "process",
  spaced: nix.searchPath("np dir/x.nix"), plain: nix.searchPath("np/x.nix") }) });
`,
    );
    const out = tempDir();
    const synth = typenix(["synth", dir, "-o", out]);
    expect(synth.stderr).not.toMatch(/error/);
    const attrs = nixEvalJson(
      `let s = (import ${join(out, "services.nix")} {
        system = "x86_64-linux"; pkgs = { hello = "hello"; }; distribution = { }; invDistribution = { };
      }).svc; in { spaced = import s.spaced; plain = import s.plain; }`,
      ["-I", `np dir=${found}`, "-I", `np=${found}`],
    );
    expect(attrs).toEqual({ spaced: "found", plain: "found" });
  });
});

/** `services.nix` of `dir`, called with stand-in arguments: `svc`'s attributes `attrs`. */
function serviceAttributes(dir: string, attrs: readonly string[]): unknown {
  return nixEvalJson(
    `let s = (import ${join(dir, "services.nix")} {
      system = "x86_64-linux"; pkgs = { hello = "hello"; }; distribution = { }; invDistribution = { };
    }).svc; in { ${attrs.map((a) => `inherit (s) ${a};`).join(" ")} }`,
  );
}

/** Relative paths in raw Nix code: plain, in a string, and with an interpolation. */
const RAW_PATHS = {
  here: "toString ./.",
  inString: '"${toString ./pkgs}/x.nix"',
  chosen: 'let n = "x"; in import ./pkgs/${n}.nix',
};

describe("relative paths in raw Nix code", () => {
  requireNix();

  it("are the spec file's, as nix.path's are, wherever the output is", () => {
    const dir = join(root, "raw-paths");
    mkdirSync(join(dir, "pkgs"), { recursive: true });
    writeFileSync(join(dir, "pkgs", "x.nix"), '"package x"\n');
    const values = Object.entries(RAW_PATHS)
      .map(([key, code]) => `  ${key}: nix.raw(${JSON.stringify(code)}),`)
      .join("\n");
    writeFileSync(
      join(dir, "services.ts"),
      `import { nix, pkgs, service, services } from "@typenix/dsl";
export default services({
  svc: service({ pkg: pkgs.hello, type: "process",
${values}
  }),
});
`,
    );
    const out = join(tempDir(), "deep", "out");
    const synth = typenix(["synth", join(dir, "services.ts"), "-o", out]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(serviceAttributes(out, Object.keys(RAW_PATHS))).toEqual({
      here: dir,
      inString: `${dir}/pkgs/x.nix`,
      chosen: "package x",
    });
  });

  it("kept by the importer as raw Nix stay the same paths through import and synth", () => {
    const dir = join(root, "imported-raw-paths");
    mkdirSync(join(dir, "deployment", "pkgs"), { recursive: true });
    writeFileSync(join(dir, "deployment", "pkgs", "x.nix"), '"package x"\n');
    const attrs = Object.entries(RAW_PATHS).map(([key, code]) => `${key} = with pkgs; ${code};`);
    writeFileSync(
      join(dir, "deployment", "services.nix"),
      `{ system, pkgs, distribution, invDistribution }:
rec {
  svc = { name = "svc"; pkg = pkgs.hello; type = "process"; ${attrs.join(" ")} };
}
`,
    );
    const spec = join(dir, "spec");
    expect(typenix(["import", join(dir, "deployment", "services.nix"), "-o", spec]).status).toBe(0);
    const out = join(dir, "out", "x");
    const synth = typenix(["synth", spec, "-o", out]);
    expect(synth.stderr).not.toMatch(/error/);
    const keys = Object.keys(RAW_PATHS);
    const original = serviceAttributes(join(dir, "deployment"), keys);
    expect(original).toMatchObject({ here: join(dir, "deployment"), chosen: "package x" });
    expect(serviceAttributes(out, keys)).toEqual(original);
  });
});
