/**
 * `typenix import` and the text of models: infrastructure targets, strings
 * and dollar signs as Nix reads them, names a set binds or Nix computes,
 * and comments wherever they stand. The TypeScript written type-checks and
 * synthesizes, and the real Nix gives the same value for the original and
 * the regenerated files.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { typenix } from "../support/typenix-cli.js";
import {
  checkedTogether,
  importCases,
  services,
  SERVICES_HEADER,
  constructorsModel,
  constructorCalls,
  processesModel,
  instances,
} from "./import-harness.js";

const cases = importCases();
const { importAndSynth, evaluate, out } = cases;

describe("typenix import: infrastructure targets", () => {
  requireNix();

  const infrastructureOf = (dir: string): string => `import ${dir}/infrastructure.nix\n`;

  it("imports sets, recursive ones that read none of their attributes too, as targets", () => {
    const files = {
      "infrastructure.nix": `{
  test1 = rec { properties.hostname = "test1"; numOfCores = 2; containers.mysql-database = { mysqlPort = 3306; }; };
  test2 = (rec { properties = { hostname = "test2"; }; });
  test3 = { properties.hostname = "test3"; containers = rec { x = { a = 1; }; y = { b = [ "a" ]; }; }; };
}
`,
    };
    const result = importAndSynth("recursive-targets", files);
    expect(result.report).toContain("infrastructure model, all typed");
    const ts = readFileSync(join(result.ts, "infrastructure.ts"), "utf8");
    for (const name of ["test1", "test2", "test3"]) expect(ts).toContain(`${name}: target({`);
    const original = evaluate(infrastructureOf, result.nix);
    expect(original).toMatchObject({
      test1: { numOfCores: 2 },
      test3: { containers: { y: { b: ["a"] } } },
    });
    expect(evaluate(infrastructureOf, result.synth)).toEqual(original);
  });

  it("keeps a target Nix computes as raw Nix, listed in the summary", () => {
    const dir = join(out, "computed-targets");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "infrastructure.nix"),
      `{
  test1 = { properties.hostname = "test1"; };
  test2 = (n: { properties.hostname = n; }) "test2" // { numOfCores = 2; };
  test3 = rec {
    properties.hostname = "test3";
    containers.x = { host = properties.hostname; };
  };
}
`,
    );
    const args = ["import", "--kind", "infrastructure", join(dir, "infrastructure.nix")];
    const imported = typenix([...args, "-o", join(dir, "ts")]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain(
      'infrastructure model, raw Nix kept at line 3: (n: { properties.hostname = n; }) "test2" // { numOfCores = 2; }; line 4: rec {',
    );
    const ts = readFileSync(join(dir, "ts/infrastructure.ts"), "utf8");
    expect(ts).toContain("test1: target({");
    expect(ts).toMatch(/test2: nix\.raw\(\s*'\(n: \{/);
    expect(ts).toMatch(/test3: nix\.raw\(\s*'rec \{/);
  });

  it("reports a model that is not a set of targets bound by name", () => {
    const dir = join(out, "computed-infrastructure");
    mkdirSync(dir, { recursive: true });
    const files = {
      "computed.nix": `# Targets from elsewhere\nimport ./targets.nix\n`,
      "inherited.nix": `{\n  test1 = { properties.hostname = "test1"; };\n  inherit (import ./targets.nix) test2;\n}\n`,
    };
    const stderr = Object.entries(files).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      const args = ["import", "--kind", "infrastructure", join(dir, name)];
      const imported = typenix([...args, "-o", join(dir, "ts")]);
      expect(imported.status).toBe(1);
      return imported.stderr;
    });
    expect(stderr[0]).toContain(
      "computed.nix:2:1: error TN6002: an infrastructure model must be a plain set of targets",
    );
    expect(stderr[1]).toContain(
      "inherited.nix:3:3: error TN6002: a target must be bound by its name, as `test1 = { properties = { ... }; };`",
    );
  });
});

describe("typenix import: strings", () => {
  requireNix();

  it("keeps carriage returns, control characters and separators", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}rec { a = {
  name = "a"; pkg = pkgs.hello; type = "process";
  line = "HTTP/1.1 200 OK\\r\\n\${pkgs.hello.name}\\r\\n";
  plain = "a\\rb\\tc";
  controls = "\u0001\u001f\u007f \${pkgs.hello.name}\t\u2028\u2029";
  separators = "\u2028\u2029";
  indented = ''
    one\${"\\r"}
    two ''\\r \${pkgs.hello.name}
  '';
}; }
`,
    };
    const result = importAndSynth("control-characters", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      a: {
        line: "HTTP/1.1 200 OK\r\nhello\r\n",
        controls: "\u0001\u001f\u007f hello\t\u2028\u2029",
      },
    });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

/**
 * Indented strings from pieces that meet Nix's indentation rules: spaces
 * and newlines, escapes standing for a space, a tab or a newline (`''\ `,
 * `''\n`, `''\` before a real newline), the lone `$` and `'` tokens,
 * interpolations, carriage returns. None ends in `'`, which would escape
 * the closing quotes.
 */
const indentedString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", "\n", "  \n", " "),
    fc.array(
      fc.constantFrom(
        ...[" ", "  ", "\n", "\n  ", "\n    ", "a", "\t", "\r", "\r\n", "$$", "'a", "'${x}"],
        ...["''\\n", "''\\ ", "''\\t", "''\\r", "''\\\n", "''\\\\", "''$", "'''", "$", "''${x}"],
        ...["${x}", '${" "}', '${"\\n"}'],
      ),
      { maxLength: 8 },
    ),
  )
  .map(([open, pieces]) => `''${open}${pieces.join("")}''`);

describe("typenix import: indented strings as Nix reads them", () => {
  requireNix();

  it("gives each escape and indentation the value Nix gives it", () => {
    const named = {
      // An escaped newline starts a line whose indentation is stripped too.
      escapedNewline: "''\n    a''\\n  b\n  ''",
      escapes: "''  ''\\t ''\\n ''\\r''",
      escapedSpace: "''\n  a\n ''\\ ''",
      // A carriage return reads as a newline in a double-quoted string, not in an indented one.
      carriageReturns: '"a\r\nb\rc"',
      indentedCarriageReturns: "''\n  a\r\n  b\r  c\n''",
      // A string ending in a backslash, then lines of a template literal that must not be indented.
      endsInBackslash: "''a''\\\\''",
      linesAfterBackslash: "''\n  ${x}\n  ''${x}\n''",
    };
    const generated = fc.sample(indentedString, { numRuns: 400, seed: 20261202 });
    const strings = [...Object.entries(named), ...generated.map((s, i) => [`s${i}`, s])];
    const files = {
      "services.nix": `${SERVICES_HEADER}let x = "X"; in
rec { a = {
  name = "a"; pkg = pkgs.hello; type = "process";
${strings.map(([key, value]) => `  ${key} = ${value};`).join("\n")}
}; }
`,
    };
    const result = importAndSynth("indented-escapes", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      a: {
        escapedNewline: "a\nb\n",
        escapes: "\t \n\r",
        escapedSpace: " a\n ",
        carriageReturns: "a\nb\nc",
        indentedCarriageReturns: "a\r\nb\r  c\n",
        endsInBackslash: "a\\",
        linesAfterBackslash: "X\n${x}\n",
      },
    });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

describe("typenix import: dollar signs", () => {
  requireNix();

  it("writes templates whose JavaScript value is the Nix string's", () => {
    const dir = join(out, "dollars");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "services.nix"),
      `${SERVICES_HEADER}let price = "10"; in
rec { a = { name = "a"; pkg = pkgs.hello; type = "process";
  cost = "\\$\${price}"; dollars = "$\${price}"; two = "$$\${price}"; tail = "\${price}$";
  indented = ''$\${price} ''\${price} '''$\${price}''; escaped = ''''$\${price}'';
}; }
`,
    );
    const imported = typenix(["import", join(dir, "services.nix"), "-o", join(dir, "ts")]);
    expect(imported.status).toBe(0);
    const ts = readFileSync(join(dir, "ts/services.ts"), "utf8");
    const keys = ["cost", "dollars", "two", "tail", "indented", "escaped"];
    const written = Object.fromEntries(
      keys.map((key) => {
        const literal = new RegExp(`^\\s*${key}: (.*),$`, "m").exec(ts)?.[1] ?? "undefined";
        // The string literal or template, with `price` standing for the constant.
        return [key, new Function("price", `return ${literal};`)("10") as unknown];
      }),
    );
    const original = evaluate(services, dir) as { a: Record<string, unknown> };
    expect(written).toEqual(Object.fromEntries(keys.map((k) => [k, original.a[k]])));
    expect(written).toMatchObject({ cost: "$10", dollars: "$${price}", two: "$$10" });
  });
});

describe("typenix import: merged models", () => {
  requireNix();

  const containers = `{ pkgs, system, distribution, invDistribution, processManager ? "systemd" }:
{ tomcat = { name = "tomcat"; pkg = pkgs.tomcat; type = processManager; }; }
`;
  const merging = (argument: string): string =>
    `{ pkgs, system, distribution, invDistribution, processManager ? "systemd" }@args:
let containerServices = import ./services-containers.nix ${argument};
in
rec { web = { name = "web"; pkg = pkgs.hello; type = "process"; }; } // containerServices
`;

  it("takes a merged file given this model's parameters unchanged", () => {
    for (const [name, argument] of [
      ["merged-args", "args"],
      ["merged-inherit", "{ inherit pkgs system distribution invDistribution processManager; }"],
    ] as const) {
      const files = { "services.nix": merging(argument), "services-containers.nix": containers };
      const result = importAndSynth(name, files);
      expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    }
  });

  it("reports a merged file given arguments of its own, which a spread would drop", () => {
    const dir = join(out, "merged-override");
    mkdirSync(dir, { recursive: true });
    const text = merging(`(args // { processManager = "supervisord"; })`);
    writeFileSync(join(dir, "services.nix"), text);
    writeFileSync(join(dir, "services-containers.nix"), containers);
    const files = ["services.nix", "services-containers.nix"].map((f) => join(dir, f));
    const imported = typenix(["import", ...files, "-o", join(dir, "ts")]);
    expect(imported.status).toBe(1);
    const column = text.split("\n")[1]!.indexOf("(args") + 1;
    expect(imported.stderr).toContain(
      `services.nix:2:${column}: error TN6002: a merged model file is given arguments of its own here`,
    );
    expect(imported.stderr).toContain("hint: pass this model's parameters on unchanged");
  });
});

describe("typenix import: services models returned through a let name", () => {
  requireNix();

  it("reads the services set by that name in the let bindings, as lookup services do", () => {
    // The Disnix composition example's lookup models: the package set is
    // given the services model itself, and reads its services.
    const files = {
      "services.nix": `{distribution, invDistribution, system, pkgs}:

let
  customPkgs = import ./all-packages.nix {
    inherit distribution;
    inherit services; # the package set reads the services model
    inherit system pkgs;
  };

  services = rec {
    hello = { name = "hello"; pkg = customPkgs.hello; dependsOn = {}; type = "process"; };
    lookup = {
      name = "lookup";
      pkg = customPkgs.lookup;
      dependsOn = { inherit hello; };
      type = "process";
      port = 8080;
    };
  };
in
services
`,
      "all-packages.nix": `{ distribution ? null, services ? null, system, pkgs }:
{
  hello = pkgs.hello;
  lookup = {
    name = "lookup-\${toString services.lookup.port}-\${builtins.concatStringsSep "," (builtins.attrNames services)}";
  };
}
`,
    };
    const result = importAndSynth("let-named-services", files, ["services.nix"]);
    expect(result.report).toContain("services.ts: services model, all typed");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts).toContain("services: ownServices");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      lookup: { pkg: "lookup-8080-hello,lookup", port: 8080 },
    });
  });
});

describe("typenix import: services under `with` of a package set", () => {
  requireNix();

  /** A Disnix package set, which the services select packages of; it reads the services model too. */
  const ALL_PACKAGES = `{ services ? null, system, pkgs }:
{
  hello = pkgs.hello;
  lookup = {
    name = "lookup-\${builtins.concatStringsSep "," (builtins.attrNames services)}";
  };
}
`;

  it("says that the with is a package set's, whose attributes the names are", () => {
    const files = {
      "services.nix": `{distribution, invDistribution, system, pkgs}:

let
  customPkgs = import ./all-packages.nix { inherit system pkgs; };
in
with customPkgs;
{
  greeter = { name = "greeter"; pkg = hello; dependsOn = {}; type = "process"; };
}
`,
      "all-packages.nix": ALL_PACKAGES,
    };
    const result = importAndSynth("with-package-set", files, ["services.nix"]);
    expect(result.report).toContain(
      "services.ts: services model, all typed; the names the `with` of the package set 'customPkgs' (./all-packages.nix) gives are written as its attributes",
    );
    expect(result.report).not.toContain("constructors model");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts).toContain("pkg: customPkgs.hello");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });

  it("reads a let-bound services set under it, as typed services", () => {
    const files = {
      "services.nix": `{distribution, invDistribution, system, pkgs}:

let
  customPkgs = import ./all-packages.nix {
    inherit services; # the package set reads the services model
    inherit system pkgs;
  };

  services = with customPkgs; rec {
    greeter = { name = "greeter"; pkg = hello; dependsOn = {}; type = "process"; };
    finder = {
      name = "finder";
      pkg = lookup;
      dependsOn = { inherit greeter; };
      type = "process";
    };
  };
in
services
`,
      "all-packages.nix": ALL_PACKAGES,
    };
    const result = importAndSynth("let-named-with", files, ["services.nix"]);
    expect(result.report).toContain(
      "services.ts: services model, all typed; the names the `with` of the package set 'customPkgs' (./all-packages.nix) gives are written as its attributes",
    );
    expect(result.report).not.toContain("raw Nix");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts).toContain("services: ownServices");
    expect(ts).toMatch(/const greeter = service\(\{ pkg: customPkgs\.hello,/);
    expect(ts).toMatch(
      /const finder = service\(\{\s*pkg: customPkgs\.lookup,\s*dependsOn: \{ greeter \},/,
    );
    expect(ts).not.toContain("computed");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      finder: { pkg: "lookup-finder,greeter" },
    });
  });
});

describe("typenix import: names a recursive set binds", () => {
  requireNix();

  it("reads attributes bound through paths and inherit from the set itself, not around it", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let attrs = { a = "outer"; }; hello = "outer"; c = "outer"; in
rec {
  svc1 = rec {
    name = "svc1"; pkg = pkgs.hello; type = "process";
    attrs.a = "inner";
    attrs.b = "second";
    v = attrs.a;
    w = attrs;
    # A literal string interpolated as a name is no computed name: Nix binds it.
    \${"c"} = "static";
    x = c;
  };
  svc2 = rec {
    inherit (pkgs) hello;
    name = "svc2"; pkg = hello; type = "process";
    greeting = hello.name;
  };
}
`,
    };
    const result = importAndSynth("rec-paths-inherit", files);
    expect(result.report).toContain("services model, all typed");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { v: "inner", w: { a: "inner", b: "second" }, x: "static" },
      svc2: { pkg: "hello", greeting: "hello" },
    });
  });

  it("reports an attribute read inside its own value, and raw Nix reading one", () => {
    const dir = join(out, "rec-self-reads");
    mkdirSync(dir, { recursive: true });
    const text = `${SERVICES_HEADER}let attrs = { a = "outer"; }; in
rec {
  svc1 = rec {
    name = "svc1"; pkg = pkgs.hello; type = "process";
    attrs.a = "inner";
    attrs.b = attrs.a;
    count = n: if n == 0 then 0 else count (n - 1);
    v = with attrs; a;
  };
}
`;
    writeFileSync(join(dir, "services.nix"), text);
    const result = typenix(["import", join(dir, "services.nix"), "-o", join(dir, "ts")]);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/TypeError|\n\s+at /);
    const at = (needle: string, offset = 0): string => {
      const before = text.slice(0, text.indexOf(needle) + offset).split("\n");
      return `services.nix:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
    };
    expect(result.stderr).toContain(
      `${at("attrs.b = attrs.a", 10)}: error TN6002: 'attrs' is read inside its own value in a recursive set, which TypeScript cannot write out`,
    );
    expect(result.stderr).toContain(
      `${at("count (n - 1)")}: error TN6002: 'count' is read inside its own value`,
    );
    expect(result.stderr).toContain("hint: bind 'count' with let outside the set");
    expect(result.stderr).toContain(
      `${at("with attrs; a")}: error TN6002: this Nix, kept as written, reads 'attrs', an attribute of the recursive set around it`,
    );
    // Nix reads the set's own attributes there.
    const svc1 = (d: string): string =>
      `let s = (import ${d}/services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; }).svc1; in { inherit (s) v attrs; c = s.count 3; }`;
    expect(evaluate(svc1, dir)).toEqual({ v: "inner", attrs: { a: "inner", b: "inner" }, c: 0 });
  });

  it("does the same in process instances", () => {
    const files = {
      "constructors.nix": constructorsModel("webapp"),
      "webapp/default.nix": `{createManagedProcess}:
{instanceSuffix ? ""}:
createManagedProcess { name = "webapp\${instanceSuffix}"; process = "/bin/webapp"; }
`,
      "processes.nix": processesModel(`  webapp = rec {
    cfg.suffix = "1";
    pkg = constructors.webapp { instanceSuffix = cfg.suffix; };
  };`).replace("in\nrec {", '  cfg = { suffix = "outer"; };\nin\nrec {'),
    };
    const result = importAndSynth("rec-paths-processes", files);
    expect(result.report).toContain("processes model, all typed");
    expect(evaluate(instances('"sysvinit"'), result.synth)).toEqual(
      evaluate(instances('"sysvinit"'), result.nix),
    );
    expect(evaluate(instances('"sysvinit"'), result.nix)).toMatchObject({
      webapp: { cfg: { suffix: "1" }, pkg: { name: "webapp1" } },
    });
  });
});

describe("typenix import: raw Nix binding its own names", () => {
  requireNix();

  it("orders a let binding after the ones raw Nix reads, not the ones it binds itself", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  y = rec { a = 1; b = a; };
  inherit (y) a;
  z = let a = 2; in with y; a + b;
  f = a: a + 1;
in
rec {
  svc1 = { name = "svc1"; pkg = pkgs.hello; type = "process"; v = a; w = y; u = z; t = f 5; };
}
`,
    };
    const result = importAndSynth("raw-own-names", files);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { v: 1, w: { a: 1, b: 1 }, u: 3, t: 6 },
    });
  });
});

describe("typenix import: attribute names Nix computes", () => {
  requireNix();

  it("writes a key TypeScript accepts, with the value Nix gives the name", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let s = "key"; n = "num"; in
rec {
  svc1 = {
    name = "svc1"; pkg = pkgs.hello; type = "process";
    \${s} = "dyn";
    "\${n}-2" = "interpolated";
    nested = { \${s} = { inner = 1; }; };
  };
}
`,
    };
    const result = importAndSynth("dynamic-names", files);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { key: "dyn", "num-2": "interpolated", nested: { key: { inner: 1 } } },
    });
  });
});

describe("typenix import: comments", () => {
  requireNix();

  it("keeps comments on values, in lists, in the header and before in", () => {
    const files = {
      "services.nix": `{ system, distribution, invDistribution
, pkgs # P1
}:
/** D1 doc before let */
let
  base = /* L1 */ "x"; # L2
  listed = [ "p" /* L3 */ ];
  # L4 before in
in
rec {
  svc1 = {
    name = "svc1"; # K1
    pkg = pkgs.hello; type = "process";
    tags = [ # K2
      "a" /* K3 */ "b" # K4
    ];
    port = /* K5 */ 80;
    v = base;
    w = listed;
  };
}
`,
    };
    const result = importAndSynth("comments", files);
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    for (const kept of ["D1 doc before let", "L1", "L2", "L3", "K1", "K2", "K3", "K4", "K5"])
      expect(ts).toContain(kept);
    expect(result.report).not.toContain("comment not kept");
    expect(ts.indexOf("// P1")).toBeLessThan(ts.indexOf("D1 doc before let"));
    expect(ts.indexOf("// L4 before in")).toBeGreaterThan(ts.indexOf("const listed"));
    expect(ts.indexOf("// L4 before in")).toBeLessThan(ts.indexOf("export default"));
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({
      svc1: { tags: ["a", "b"], port: 80, v: "x", w: ["p"] },
    });
  });
});

describe("typenix import: comments before a model's body", () => {
  requireNix();
  /** The comment lines right above the spec file's export. */
  const aboveExport = (ts: string): string[] =>
    ts
      .slice(0, ts.indexOf("export default"))
      .trimEnd()
      .split("\n")
      .reverse()
      .filter((_, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith("//")))
      .reverse();

  it("keeps them right above the export, after the header's colon or the last in", () => {
    const app = `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; }
`;
    const files = {
      "services.nix": `${SERVICES_HEADER}
# B0 the services of the deployment
let
  port = 5000;
in
# B1 the set itself
rec {
  web = { name = "web"; pkg = pkgs.hello; type = "process"; inherit port; };
}
`,
      "infrastructure.nix": `let
  host = "t1";
in
# B2 the targets
{
  test1 = { properties.hostname = host; };
}
`,
      "distribution.nix": `{ infrastructure }:

# B3 where each service goes
{
  web = [ infrastructure.test1 ];
}
`,
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": app,
      "processes.nix": processesModel(
        "  web = { pkg = constructors.app { port = 5000; }; };",
      ).replace("in\nrec {", "in\n# B4 the instances\nrec {"),
    };
    const result = importAndSynth("body-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const above = (file: string): string[] =>
      aboveExport(readFileSync(join(result.ts, file), "utf8"));
    expect(above("services.ts")).toEqual(["// B1 the set itself"]);
    expect(above("infrastructure.ts")).toEqual(["// B2 the targets"]);
    expect(above("distribution.ts")).toEqual(["// B3 where each service goes"]);
    expect(above("processes.ts")).toEqual(["// B4 the instances"]);
    expect(readFileSync(join(result.ts, "services.ts"), "utf8")).toMatch(
      /^\/\/ B0 the services of the deployment\n/,
    );
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({ web: { port: 5000 } });
    const given = instances('"sysvinit"');
    expect(evaluate(given, result.synth)).toEqual(evaluate(given, result.nix));
  });

  it("keeps them for a set right after the header, and one returned by a let name", () => {
    for (const [name, text, kept] of [
      [
        "body-comments-header",
        `${SERVICES_HEADER}\n# B5 the services\nrec {\n  web = { name = "web"; pkg = pkgs.hello; type = "process"; };\n}\n`,
        ["// B5 the services"],
      ],
      [
        "body-comments-let-name",
        `${SERVICES_HEADER}let\n  # B6 the set\n  services = rec {\n    web = { name = "web"; pkg = pkgs.hello; type = "process"; };\n  };\nin\n# B7 returned\nservices\n`,
        ["// B6 the set", "// B7 returned"],
      ],
    ] as const) {
      const result = importAndSynth(name, { "services.nix": text });
      expect(result.report).not.toContain("comment not kept");
      expect(aboveExport(readFileSync(join(result.ts, "services.ts"), "utf8"))).toEqual(kept);
      expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    }
  });
});

describe("typenix import: comments of several #", () => {
  requireNix();

  it("write the # after the first as text after //, a space between", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}rec {
  ### Services
  ## of the model
  #### deep
  ##
  #plain
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "process"; }; ##trailing
}
`,
    };
    const result = importAndSynth("hash-runs", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    for (const line of ["// ## Services", "// # of the model", "// ### deep", "// #\n", "//plain"])
      expect(ts).toContain(line);
    expect(ts).toContain("// #trailing");
    expect(ts).not.toMatch(/\/\/#/);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });
});

describe("typenix import: comments on the model's parameters", () => {
  requireNix();

  it("go before the parameter's entry, or name the parameter nothing stands for", () => {
    const files = {
      "services.nix": `{ system, distribution, invDistribution
, pkgs # the package set
, port ? 8080 # the port webapp listens on
, /* how it runs */ mode ? "fast"
}:
{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "process"; inherit port mode; };
}
`,
    };
    const result = importAndSynth("parameter-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "services.ts"), "utf8");
    expect(ts.startsWith("// On the parameter pkgs:\n// the package set\n")).toBe(true);
    expect(ts).toMatch(
      /parameters: \{\n\s*\/\/ the port webapp listens on\n\s*port: 8080,\n\s*\/\* how it runs \*\/ mode: "fast",\n/,
    );
    expect(ts.split("the port webapp listens on").length).toBe(2);
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    expect(evaluate(services, result.nix)).toMatchObject({ webapp: { port: 8080, mode: "fast" } });
  });
});

describe("typenix import: attributes named like JavaScript members of a symbolic value", () => {
  requireNix();

  it("selects them by name, so they keep their Nix values", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  s = { "then" = "th"; constructor = "co"; valueOf = "vo"; toString = "ts"; nested.toJSON = "nj"; };
in
{
  webapp = {
    name = "webapp"; pkg = pkgs.hello; type = "echo";
    t = s."then";
    c = s.constructor;
    v = s.valueOf;
    ts = s.toString;
    nj = s.nested.toJSON;
    fallback = s.hasOwnProperty or "none";
    inherit (s) valueOf;
    json = builtins.toJSON { port = 5000; };
  };
}
`,
    };
    const result = importAndSynth("javascript-member-names", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      webapp: { t: "th", c: "co", v: "vo", ts: "ts", nj: "nj", fallback: "none" },
    });
    expect(original).toMatchObject({ webapp: { valueOf: "vo", json: '{"port":5000}' } });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

describe("typenix import: an attribute named __proto__", () => {
  requireNix();

  it("is an own property of the object written, not its prototype", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}let
  l = { __proto__ = "let"; };
in
{
  webapp = {
    name = "webapp"; pkg = pkgs.hello; type = "echo"; __proto__ = "top";
    x = { __proto__ = "pp"; b = 1; };
    y = { __proto__.inner = "nested"; };
    z = l.__proto__;
    inherit l;
  };
}
`,
    };
    const result = importAndSynth("proto-attribute", files);
    const original = evaluate(services, result.nix);
    expect(original).toMatchObject({
      webapp: { x: { b: 1 }, y: {}, z: "let" },
    });
    const webapp = (original as { webapp: Record<string, Record<string, unknown>> }).webapp;
    expect(Object.getOwnPropertyDescriptor(webapp, "__proto__")?.value).toBe("top");
    expect(Object.getOwnPropertyDescriptor(webapp.x, "__proto__")?.value).toBe("pp");
    expect(Object.getOwnPropertyDescriptor(webapp.y, "__proto__")?.value).toEqual({
      inner: "nested",
    });
    expect(evaluate(services, result.synth)).toEqual(original);
  });
});

describe("typenix import: comments in raw Nix", () => {
  requireNix();

  it("counts a one-line block comment kept as the line comment raw Nix prints", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}with pkgs.lib; rec {
  /* R1 the service */
  svc = { name = "svc"; pkg = pkgs.hello; type = "process"; };
}
`,
    };
    const result = importAndSynth("raw-block-comment", files);
    expect(readFileSync(join(result.ts, "services.ts"), "utf8")).toContain("# R1 the service");
    expect(result.report).not.toContain("comment not kept");
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
  });
});

describe("typenix import: comments after the final expression", () => {
  requireNix();

  it("keeps them at the end of the spec file", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "echo"; };
}
# S1 webapp must be deployed first
/* S2 block */
`,
      "infrastructure.nix": `{
  test1 = { properties.hostname = "t1"; };
}
# I1 infrastructure end
`,
      "constructors.nix": `${constructorsModel("app").trimEnd()}\n# C1 constructors end\n`,
      "app/default.nix": `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; }
# A1 constructor end
`,
    };
    const result = importAndSynth("final-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const kept = [
      ["services.ts", ["// S1 webapp must be deployed first", "/* S2 block */"]],
      ["infrastructure.ts", ["// I1 infrastructure end"]],
      ["constructors.ts", ["// C1 constructors end"]],
      ["app.ts", ["// A1 constructor end"]],
    ] as const;
    for (const [file, comments] of kept) {
      const ts = readFileSync(join(result.ts, file), "utf8");
      const tail = ts.slice(ts.indexOf("export default"));
      for (const comment of comments) expect(tail).toContain(comment);
    }
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    const calls = constructorCalls("(c.app { port = 80; }).managedProcess");
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
  });

  it("keeps one on the line the expression ends on there too, once, before those below it", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "echo"; };
} # S1 same line
# S2 below
`,
      "infrastructure.nix": `{
  test1 = { properties.hostname = "t1"; };
} /* I1 same line */
`,
      "constructors.nix": `${constructorsModel("app").trimEnd()} # C1 same line\n`,
      "app/default.nix": `{ createManagedProcess }:
{ port }:
createManagedProcess { name = "app"; process = "/bin/app"; environment.PORT = port; } # A1 same line
`,
      "processes.nix": `${processesModel("  app = { pkg = constructors.app { port = 80; }; };").trimEnd()} # P1 same line\n`,
    };
    const result = importAndSynth("final-comment-same-line", files);
    expect(result.report).not.toContain("comment not kept");
    const kept = [
      ["services.ts", ["// S1 same line", "// S2 below"]],
      ["infrastructure.ts", ["/* I1 same line */"]],
      ["constructors.ts", ["// C1 same line"]],
      ["app.ts", ["// A1 same line"]],
      ["processes.ts", ["// P1 same line"]],
    ] as const;
    for (const [file, comments] of kept) {
      const ts = readFileSync(join(result.ts, file), "utf8");
      const tail = ts.slice(ts.indexOf("export default"));
      expect(tail.match(/\/\/ \w\d .*|\/\* \w\d .*/g)).toEqual(comments);
      expect(ts.split(comments[0]).length, file).toBe(2);
    }
    expect(evaluate(services, result.synth)).toEqual(evaluate(services, result.nix));
    const calls = constructorCalls("(c.app { port = 80; }).managedProcess");
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
    const processes = instances(`"sysvinit"`);
    expect(evaluate(processes, result.synth)).toEqual(evaluate(processes, result.nix));
  });
});

describe("typenix import: comments of a constructor's parameters and body", () => {
  requireNix();

  it("keeps them before the parameter's schema and at the start of build", () => {
    const files = {
      "services.nix": `${SERVICES_HEADER}{
  webapp = { name = "webapp"; pkg = pkgs.hello; type = "echo"; };
}
`,
      "constructors.nix": constructorsModel("app"),
      "app/default.nix": `{ createManagedProcess }:
{ label ? "app" # N1 the label
  # N2 before port
, port ? 5000 # P1 the port
, /* P2 */ suffix ? ""
, workers ? [ ]   # W1 worker names
, ... # P3 more
  # P4 closing
}:

# B1 the web app's process
let
  name = "app\${suffix}";
  # B2 before in
in
createManagedProcess { inherit name; process = "/bin/app"; environment = { PORT = port; LABEL = label; WORKERS = toString workers; }; }
`,
    };
    const result = importAndSynth("constructor-comments", files);
    expect(result.report).not.toContain("comment not kept");
    const ts = readFileSync(join(result.ts, "app.ts"), "utf8");
    const at = (text: string): number => ts.indexOf(text);
    // Each on lines of its own between the parameter before and the parameter's schema.
    const between = (comment: string, before: string, key: string): void => {
      expect(at(comment)).toBeGreaterThan(at(before));
      expect(at(comment)).toBeLessThan(at(key));
      expect(ts.slice(0, at(comment))).toMatch(/\n\s*$/);
    };
    expect(at("// N1 the label")).toBeLessThan(at("label:"));
    between("// N2 before port", "label:", "port:");
    between("// P1 the port", "// N2 before port", "port:");
    between("/* P2 */", "port:", "suffix:");
    between("// W1 worker names", "suffix:", "workers:");
    expect(ts).not.toMatch(/\.default\(\s*\n/);
    expect(at("// P3 more")).toBeLessThan(at("build:"));
    expect(at("// P4 closing")).toBeLessThan(at("build:"));
    expect(ts.split("B1 the web app's process")).toHaveLength(2);
    expect(at("// B1")).toBeGreaterThan(at("build:"));
    expect(at("// B2 before in")).toBeGreaterThan(at("const name"));
    expect(at("// B2 before in")).toBeLessThan(at("return"));
    const calls = constructorCalls(
      '(c.app { port = 80; suffix = "-x"; workers = [ "w1" ]; }).managedProcess',
    );
    expect(evaluate(calls, result.synth)).toEqual(evaluate(calls, result.nix));
  });
});

// Last in this file: the cases above have added their deployments.
checkedTogether(cases);
