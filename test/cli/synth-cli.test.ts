/** The `typenix synth` command-line contract: exit codes, --check, atomic writes, file names, literal text. */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalFileJson, requireNix } from "../support/real-nix.js";
import { STAND_IN_ARGS, tempDir, typenix, type CliResult } from "../support/typenix-cli.js";

const FIXTURES = "test/cli/fixtures";

/** A processes model whose process \`app\` has, on line 7, \`environmentLine\`. */
function pathsModel(environmentLine: string): string {
  return `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () =>
    createManagedProcess({ name: "app", process: "/bin/app",
${environmentLine}
    }),
});
export default processes({ one: processInstance({ pkg: app({}) }) });
`;
}

/** The one JSON spec in OUT (of the process `app`), and what Nix gives the process of instance `one` for `args`. */
function onlySpecAndProcess(out: string, args: string): [unknown, unknown] {
  const [dir] = readdirSync(join(out, "specs"));
  const spec = JSON.parse(readFileSync(join(out, "specs", String(dir), "app.json"), "utf8"));
  const wrapper = join(out, "eval.nix");
  writeFileSync(wrapper, `(import ./processes.nix { ${args} }).one.pkg.managedProcess\n`);
  return [spec, nixEvalFileJson(wrapper, STAND_IN_ARGS)];
}

describe("typenix synth", () => {
  it("exits 2 on usage errors", () => {
    expect(typenix(["synth", "examples/webapp-processes"]).status).toBe(2);
    expect(typenix(["synth", "no/such/dir", "-o", tempDir()]).status).toBe(2);
    expect(
      typenix(["synth", "examples/webapp-processes", "-o", tempDir(), "--no-such-flag"]).status,
    ).toBe(2);
  });

  it("--check passes on fresh outputs and names stale ones", () => {
    const out = tempDir();
    expect(typenix(["synth", "examples/webapp-processes", "-o", out]).status).toBe(0);
    expect(typenix(["synth", "examples/webapp-processes", "-o", out, "--check"]).status).toBe(0);
    writeFileSync(join(out, "processes.nix"), "# edited by hand\n");
    const stale = typenix(["synth", "examples/webapp-processes", "-o", out, "--check"]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`stale: ${join(out, "processes.nix")}`);
    expect(readFileSync(join(out, "processes.nix"), "utf8")).toBe("# edited by hand\n");
  });

  it("removes the outputs of the previous run that this run does not write, and --check names them", () => {
    const out = tempDir();
    const services = "examples/webapp-services/services.ts";
    const infrastructure = "examples/webapp-services/infrastructure.ts";
    const distribution = "examples/webapp-services/distribution.ts";
    expect(typenix(["synth", services, infrastructure, distribution, "-o", out]).status).toBe(0);
    // Files the manifest does not list are the user's, whatever their name.
    writeFileSync(join(out, "notes.txt"), "mine\n");
    mkdirSync(join(out, "specs/kept"), { recursive: true });
    writeFileSync(join(out, "specs/kept/kept.json"), "{}\n");
    const stale = typenix(["synth", services, infrastructure, "-o", out, "--check"]);
    expect(stale.stderr).toContain(
      `stale: ${join(out, "distribution.nix")} (no longer generated)\n`,
    );
    expect(stale.status).toBe(1);
    expect(existsSync(join(out, "distribution.nix"))).toBe(true);
    expect(typenix(["synth", services, infrastructure, "-o", out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "constructors.nix",
      "infrastructure.nix",
      "nginxReverseProxyHostBased.nix",
      "notes.txt",
      "services.nix",
      "specs",
      "typenix-manifest.json",
      "webapp.nix",
    ]);
    expect(readdirSync(join(out, "specs"))).toEqual(["kept"]);
    expect(typenix(["synth", services, infrastructure, "-o", out, "--check"]).status).toBe(0);
  });

  it("refuses to overwrite a file in OUT that no manifest lists, and writes nothing, unless given --force", () => {
    const spec = resolve(FIXTURES, "literal-text");
    const out = tempDir();
    const services = join(out, "services.nix");
    writeFileSync(services, "# written by hand\n");
    const refused = typenix(["synth", spec, "-o", out], { cwd: out });
    expect(refused.stderr).toBe(
      "services.nix:1:1: error TN4020: synth would overwrite this file, which it did not write (no manifest in OUT lists it)\n" +
        "  hint: nothing was written; move the file away, or pass --force to overwrite it (synth replaces only the files its manifest lists)\n",
    );
    expect(refused.status).toBe(1);
    expect(readdirSync(out)).toEqual(["services.nix"]);
    expect(readFileSync(services, "utf8")).toBe("# written by hand\n");
    // --check names it as stale, as any file that differs.
    const check = typenix(["synth", spec, "-o", out, "--check"]);
    expect(check.stderr).toContain(`stale: ${services}\n`);
    const forced = typenix(["synth", spec, "-o", out, "--force"]);
    expect(forced.status).toBe(0);
    expect(readFileSync(services, "utf8")).toContain("# Generated by typenix");
    // Listed by the manifest now, it is synth's to replace.
    writeFileSync(services, "# edited by hand\n");
    expect(typenix(["synth", spec, "-o", out]).status).toBe(0);
    expect(readFileSync(services, "utf8")).toContain("# Generated by typenix");
  });

  it("takes over a file in OUT that no manifest lists when it holds what synth writes", () => {
    const first = tempDir();
    expect(typenix(["synth", `${FIXTURES}/literal-text`, "-o", first]).status).toBe(0);
    const out = tempDir();
    cpSync(join(first, "services.nix"), join(out, "services.nix"));
    expect(typenix(["synth", `${FIXTURES}/literal-text`, "-o", out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["services.nix", "typenix-manifest.json"]);
  });

  it("removes a spec directory of the previous run once empty, and nothing outside OUT", () => {
    const out = join(tempDir(), "out");
    const outside = join(out, "../outside.nix");
    writeFileSync(outside, "");
    // As a run would have left them: an old spec, and a manifest entry edited to leave OUT.
    mkdirSync(join(out, "specs/0000-old"), { recursive: true });
    writeFileSync(join(out, "specs/0000-old/old.json"), "{}\n");
    const previous = ["specs/0000-old/old.json", "../outside.nix"].map((path) => ({ path }));
    writeFileSync(join(out, "typenix-manifest.json"), JSON.stringify({ outputs: previous }));
    expect(typenix(["synth", `${FIXTURES}/literal-text`, "-o", out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["services.nix", "typenix-manifest.json"]);
    expect(existsSync(outside)).toBe(true);
  });

  it("leaves earlier outputs untouched when a run fails", () => {
    const out = tempDir();
    expect(typenix(["synth", `${FIXTURES}/literal-text`, "-o", out]).status).toBe(0);
    const before = readFileSync(join(out, "services.nix"), "utf8");
    const failed = typenix(["synth", `${FIXTURES}/broken`, "-o", out]);
    expect(failed.status).toBe(1);
    expect(readFileSync(join(out, "services.nix"), "utf8")).toBe(before);
    expect(readdirSync(out).sort()).toEqual(["services.nix", "typenix-manifest.json"]);
  });

  it("synthesizes a single constructor file on its own", () => {
    const out = tempDir();
    expect(typenix(["synth", "examples/webapp-processes/webapp.ts", "-o", out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["typenix-manifest.json", "webapp.nix"]);
  });

  it("records inputs and outputs with hashes in the manifest", () => {
    const out = tempDir();
    typenix(["synth", "examples/webapp-services", "-o", out]);
    const manifest = JSON.parse(readFileSync(join(out, "typenix-manifest.json"), "utf8")) as {
      inputs: { path: string; sha256: string }[];
      outputs: { path: string; sha256: string }[];
    };
    // The spec files, the files they import, and the file webapp.ts imports through nix.import, in order of path.
    const inputs = manifest.inputs.map((i) => i.path);
    expect(inputs).toEqual([...inputs].sort());
    expect(inputs.map((path) => path.split("/").slice(-2).join("/")).sort()).toEqual([
      "packages/webapp.nix",
      "webapp-processes/constructors.ts",
      "webapp-processes/nginx-reverse-proxy.ts",
      "webapp-processes/webapp.ts",
      "webapp-services/constructors.ts",
      "webapp-services/distribution.ts",
      "webapp-services/infrastructure.ts",
      "webapp-services/services.ts",
    ]);
    expect(manifest.outputs.map((o) => o.path)).toContain("services.nix");
    for (const entry of [...manifest.inputs, ...manifest.outputs])
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("--check passes when the same spec files are given in another order", () => {
    const out = tempDir();
    const files = ["services.ts", "infrastructure.ts", "distribution.ts"].map(
      (f) => `examples/webapp-services/${f}`,
    );
    expect(typenix(["synth", ...files, "-o", out]).status).toBe(0);
    expect(typenix(["synth", ...files.reverse(), "-o", out, "--check"]).status).toBe(0);
  });

  it("says -o naming a file is a usage error, and makes OUT's folders for JSON specs", () => {
    const file = join(tempDir(), "file");
    writeFileSync(file, "");
    const result = typenix(["synth", "examples/webapp-processes", "-o", file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`typenix synth: -o names a file, not a directory: ${file}\n`);
    const deep = join(tempDir(), "new/deeper/out");
    requireNix();
    const specs = typenix(["synth", "examples/webapp-processes", "-o", deep, "--json-specs"]);
    expect(specs.stderr).toBe(`typenix synth: wrote 8 files to ${deep}\n`);
  });

  it("--check --json-specs makes none of OUT's missing folders", () => {
    requireNix();
    const root = tempDir();
    const out = join(root, "new/deeper/out");
    const check = typenix([
      "synth",
      "examples/webapp-processes",
      "-o",
      out,
      "--json-specs",
      "--check",
    ]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`stale: ${join(out, "processes.nix")}`);
    expect(readdirSync(root)).toEqual([]);
  });

  it("writes the control characters of names in diagnostics as escapes, not to the terminal", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      `import { service, services } from "@typenix/dsl";
export default services({ ["web\\u001b[2J\\r"]: service({ type: "process" } as never) });
`,
    );
    const result = typenix(["synth", dir, "-o", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("service 'web\\u001b[2J\\u000d' has no pkg");
    expect(result.stderr).not.toContain("\u001b");
    expect(result.stderr).not.toContain("\r");
  });

  it("reports a spec file that calls process.exit, and writes nothing", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      `import { pkgs, service, services } from "@typenix/dsl";
process.exit(0);
export default services({ web: service({ pkg: pkgs.hello, type: "process" }) });
`,
    );
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.stderr).toContain(
      "services.ts:2:9: error TN1008: the spec file called process.exit(0)",
    );
    expect(result.status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it("rejects names that would write outside OUT", () => {
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/unsafe-names`, "-o", out, "--json-specs"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${FIXTURES}/unsafe-names/processes.ts:3:14: error TN1002: '../evil.nix' is not a safe output file name`,
    );
    expect(readdirSync(out)).toEqual([]);
    const spec = typenix(["synth", `${FIXTURES}/unsafe-spec-name`, "-o", out, "--json-specs"]);
    expect(spec.status).toBe(1);
    expect(spec.stderr).toContain(
      `${FIXTURES}/unsafe-spec-name/processes.ts:9:33: error TN4002: process name "../../escape" cannot name a spec directory`,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("writes a spec file's name into a header comment as text, whatever characters it holds", () => {
    requireNix();
    const dir = tempDir();
    // A newline in the name ended the header comment, and the rest ran as Nix.
    const name = 'app\nassert builtins.trace "injected" false;\n#';
    writeFileSync(
      join(dir, `${name}.ts`),
      `import { createManagedProcess, defineConstructor, z } from "@typenix/dsl";
export default defineConstructor({ name: "app", params: z.object({}), build: () => createManagedProcess({ name: "app", process: "/bin/app" }) });
`,
    );
    writeFileSync(
      join(dir, "processes.ts"),
      `import { constructors, processInstance, processes } from "@typenix/dsl";
import app from ${JSON.stringify(`./${name}.js`)};
export default processes({ one: processInstance({ pkg: constructors({ app }).app({}) }) }, { constructors: constructors({ app }) });
`,
    );
    const out = tempDir();
    expect(typenix(["synth", join(dir, "processes.ts"), "-o", out]).status).toBe(0);
    const header = readFileSync(join(out, "app.nix"), "utf8").split("\n")[0];
    expect(header).toBe(
      '# Generated by typenix from app\\nassert builtins.trace "injected" false;\\n#.ts. Edit the source, not this file.',
    );
    const wrapper = join(out, "eval.nix");
    writeFileSync(
      wrapper,
      `(import ./processes.nix { processManager = null; }).one.pkg.managedProcess.name\n`,
    );
    expect(nixEvalFileJson(wrapper, STAND_IN_ARGS)).toBe("app");
  });

  it("generates a constructors model that the models given import as if it were given itself", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "my-constructors.ts"),
      `import { constructors, createManagedProcess, defineConstructor, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({}), build: () => createManagedProcess({ name: "app", process: "/bin/app" }) });
const unused = defineConstructor({ name: "unused", params: z.object({}), build: () => createManagedProcess({ name: "unused", process: "/bin/unused" }) });
export default constructors({ app, unused }, { nixProcessmgmt: "/opt/nix-processmgmt" });
`,
    );
    writeFileSync(
      join(dir, "processes.ts"),
      `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./my-constructors.js";
export default processes({ one: processInstance({ pkg: constructors.app({}) }) }, { constructors });
`,
    );
    writeFileSync(
      join(dir, "services.ts"),
      `import { service, services } from "@typenix/dsl";
import constructors from "./my-constructors.js";
export default services({ one: service({ pkg: constructors.app({}), type: "process" }) });
`,
    );
    const outputs = (...files: string[]): Map<string, string> => {
      const out = tempDir();
      expect(typenix(["synth", ...files.map((f) => join(dir, f)), "-o", out]).status).toBe(0);
      return new Map(
        readdirSync(out)
          .filter((f) => f.endsWith(".nix"))
          .map((f) => [f, readFileSync(join(out, f), "utf8")]),
      );
    };
    const given = outputs("my-constructors.ts", "processes.ts", "services.ts");
    // Its header names the file to edit, and it has all its entries and options, whatever files were given.
    expect(given.get("my-constructors.nix")).toMatch(
      /^# Generated by typenix from my-constructors\.ts\. /,
    );
    expect(given.get("my-constructors.nix")).toContain("unused = import ./unused.nix");
    expect(given.get("my-constructors.nix")).toContain("/opt/nix-processmgmt/nixproc/");
    expect(outputs("processes.ts")).toEqual(
      new Map([...given].filter(([f]) => f !== "services.nix")),
    );
    expect(outputs("services.ts")).toEqual(
      new Map([...given].filter(([f]) => f !== "processes.nix")),
    );
    expect(outputs("processes.ts", "services.ts")).toEqual(given);
  });

  it("--json-specs takes process names as long as Nix's store path names, and rejects longer ones", () => {
    requireNix();
    const specOf = (name: string): string => {
      const dir = tempDir();
      writeFileSync(
        join(dir, "processes.ts"),
        `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () => createManagedProcess({ name: "${name}", process: "/bin/app" }),
});
export default processes({ one: processInstance({ pkg: app({}) }) });
`,
      );
      return dir;
    };
    // The longest name Nix takes: the spec directory is added to the store under it.
    const longest = "a".repeat(211);
    const out = tempDir();
    expect(typenix(["synth", specOf(longest), "-o", out, "--json-specs"]).status).toBe(0);
    const [dir] = readdirSync(join(out, "specs"));
    writeFileSync(
      join(out, "add.nix"),
      `builtins.path { path = ./specs + "/${dir}"; name = "${longest}"; }\n`,
    );
    expect(nixEvalFileJson(join(out, "add.nix"), ["--read-write-mode"])).toBe(`/nix/store/${dir}`);
    const tooLong = specOf("a".repeat(212));
    const rejected = typenix(["synth", tooLong, "-o", tempDir(), "--json-specs"]);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toContain(
      `${basename(tooLong)}/processes.ts:7:33: error TN4002: process name "${"a".repeat(212)}" cannot name a spec directory: it is 212 characters long`,
    );
    expect(rejected.stderr).toContain("at most 211 characters long");
    // Names Nix takes, but a spec directory cannot have: hidden, or read as an option, or a pattern.
    for (const name of [".x", "-x", "+x", "x?", "a=b"]) {
      const refused = typenix(["synth", specOf(name), "-o", tempDir(), "--json-specs"]);
      expect(refused.stderr, name).toContain(
        `error TN4002: process name ${JSON.stringify(name)} cannot name a spec directory\n`,
      );
      expect(refused.stderr, name).toContain("not starting with '.', '+' or '-'");
      expect(refused.status, name).toBe(1);
    }
    for (const name of ["_x", "x+y-1.0"])
      expect(typenix(["synth", specOf(name), "-o", tempDir(), "--json-specs"]).status, name).toBe(
        0,
      );
  });

  it("--json-specs rejects two processes of one name", () => {
    requireNix();
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/same-process-name`, "-o", out, "--json-specs"]);
    expect(result.stderr).toContain(
      `${FIXTURES}/same-process-name/processes.ts:12:13: error TN4003: process instances 'two' and 'one' are both named 'app'`,
    );
    expect(result.status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it("--json-specs names each parameter without a default the model is not passed", () => {
    const out = tempDir();
    const result = typenix(["synth", `${FIXTURES}/required-parameter`, "-o", out, "--json-specs"]);
    expect(result.status).toBe(1);
    const hint = (name: string, option: string): string =>
      `  hint: give '${name}' a default in processes(..., { parameters }), or pass it: typenix synth --json-specs ${option}`;
    const at = `${FIXTURES}/required-parameter/processes.ts:25:16`;
    expect(result.stderr).toBe(
      [
        `${at}: error TN4004: the processes model's parameter 'stateDir' has no default, and the evaluation for JSON specs is not given it`,
        hint("stateDir", "--state-dir DIR"),
        `${at}: error TN4004: the processes model's parameter 'greeting' has no default, and the evaluation for JSON specs is not given it`,
        hint("greeting", `--extra-params '{ "greeting": ... }'`),
        "",
      ].join("\n"),
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("--json-specs passes the arguments given as nixproc-build does: those the model declares", () => {
    requireNix();
    const out = tempDir();
    const given = [
      ["--state-dir", "/srv/state"],
      ["--log-dir", "/srv/log"],
      // The model declares no lockDir nor `unused`: like nixproc-build, synth passes them nothing.
      ["--lock-dir", "/srv/lock"],
      ["--force-disable-user-change"],
      ["--extra-params", '{ "greeting": "hello ${builtins.currentSystem}", "unused": 1 }'],
    ].flat();
    const dir = `${FIXTURES}/required-parameter`;
    const result = typenix(["synth", dir, "-o", out, "--json-specs", ...given]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${out}\n`);
    const [spec, evaluated] = onlySpecAndProcess(
      out,
      `processManager = null;
      stateDir = "/srv/state";
      logDir = "/srv/log";
      forceDisableUserChange = true;
      greeting = "hello \${"$"}{builtins.currentSystem}";`,
    );
    expect(spec).toEqual(evaluated);
    expect(spec).toMatchObject({ environment: { DATA: "/srv/state/app" } });
    // As in nix-processmgmt's examples, a model whose constructors read no lockDir takes none.
    expect(readFileSync(join(out, "processes.nix"), "utf8")).not.toContain("lockDir");
    const check = typenix(["synth", dir, "-o", out, "--json-specs", "--check", ...given]);
    expect(check.stderr).toBe("");
    const other = ["--state-dir", "/elsewhere", "--extra-params", '{ "greeting": "hi" }'];
    const stale = typenix(["synth", dir, "-o", out, "--json-specs", "--check", ...other]);
    const [specDir] = readdirSync(join(out, "specs"));
    expect(stale.stderr).toContain(`stale: ${join(out, "specs", String(specDir), "app.json")}`);
  });

  it("--json-specs takes no inherited property of the arguments for a parameter given", () => {
    const out = tempDir();
    const dir = tempDir();
    cpSync(`${FIXTURES}/required-parameter`, dir, { recursive: true });
    const spec = join(dir, "processes.ts");
    writeFileSync(
      spec,
      readFileSync(spec, "utf8").replace("greeting: noDefault", "constructor: noDefault"),
    );
    const result = typenix(["synth", dir, "-o", out, "--json-specs", "--state-dir", "/srv"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "error TN4004: the processes model's parameter 'constructor' has no default",
    );
  });

  it("--json-specs passes --spool-dir and --lock-dir on to a constructor reading them", () => {
    requireNix();
    const out = tempDir();
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      `import { callingGroup, callingUser, createManagedProcess, defineConstructor, lockDir, nix, processInstance, processes, spoolDir, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () =>
    createManagedProcess({
      name: "app",
      process: "/bin/app",
      environment: {
        SPOOL: \`\${spoolDir}/app\`,
        LOCK: \`\${lockDir}/app.lock\`,
        OWNER: nix.if(nix.op(callingUser, "==", null), "nobody", nix.op(callingUser, "+", nix.op(":", "+", callingGroup))),
      },
    }),
});
const one = processInstance({ pkg: app({}) });
export default processes({ one });
`,
    );
    const given = ["--state-dir", "/srv", "--lock-dir", "/run/lock"];
    const result = typenix(["synth", dir, "-o", out, "--json-specs", ...given]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${out}\n`);
    const [spec, evaluated] = onlySpecAndProcess(
      out,
      'processManager = null; stateDir = "/srv"; lockDir = "/run/lock";',
    );
    expect(spec).toEqual(evaluated);
    expect(spec).toMatchObject({
      environment: { SPOOL: "/srv/spool/app", LOCK: "/run/lock/app.lock", OWNER: "nobody" },
    });
    const [, alice] = onlySpecAndProcess(
      out,
      'processManager = null; callingUser = "alice"; callingGroup = "users";',
    );
    expect(alice).toMatchObject({ environment: { OWNER: "alice:users" } });
  });

  it("--json-specs gives Nix the numbers of --extra-params as written", () => {
    requireNix();
    const out = tempDir();
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, nix, nixValue, noDefault, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({ greeting: nixValue(), ratio: nixValue() }),
  build: ({ greeting }) =>
    createManagedProcess({
      name: "app",
      process: "/bin/app",
      environment: { GREETING: nix.raw("toString greeting"), RATIO: nix.raw("toString ratio"), EXACT: greeting },
    }),
});
const one = processInstance({ pkg: app({ greeting: nix.ref("greeting"), ratio: nix.ref("ratio") }) });
export default processes({ one }, { parameters: { greeting: noDefault, ratio: noDefault } });
`,
    );
    const extra = '{ "greeting": 9007199254740993, "ratio": 1.0 }';
    const result = typenix(["synth", dir, "-o", out, "--json-specs", "--extra-params", extra]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${out}\n`);
    // Nix's toString tells an integer from a float: JavaScript's numbers would give "1" and lose the last digit.
    const [spec, evaluated] = onlySpecAndProcess(
      out,
      "processManager = null; greeting = 9007199254740993; ratio = 1.0;",
    );
    expect(spec).toEqual(evaluated);
    expect(spec).toMatchObject({
      environment: { GREETING: "9007199254740993", RATIO: "1.000000" },
    });
    // The spec holds Nix's integer exactly, beyond JavaScript's 2^53.
    const [specDir] = readdirSync(join(out, "specs"));
    const text = readFileSync(join(out, "specs", String(specDir), "app.json"), "utf8");
    expect(text).toContain('"EXACT": 9007199254740993');
  });

  it("refuses createManagedProcess arguments nix-processmgmt does not take, and a process without a name", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const extra = { name: "app", process: "/bin/app", bogusArg: 1, runlevels: [3] };
const app = defineConstructor({ name: "app", params: z.object({}), build: () => createManagedProcess({ ...extra }) });
export default processes({ one: processInstance({ pkg: app({}) }) });
`,
    );
    const unknown = typenix(["synth", dir, "-o", tempDir()]);
    expect(unknown.stderr).toContain(
      "processes.ts:3:81: error TN3016: createManagedProcess takes no argument 'bogusArg' (nor 'runlevels'): nix-processmgmt's createManagedProcess refuses them",
    );
    expect(unknown.status).toBe(1);
    requireNix();
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({ name: z.string().optional(), instanceName: z.string().default("inst") }),
  build: ({ name, instanceName }) => createManagedProcess({ name, instanceName, process: "/bin/app" }),
});
export default processes({ one: processInstance({ pkg: app({}) }) });
`,
    );
    const unnamed = typenix(["synth", dir, "-o", tempDir(), "--json-specs"]);
    expect(unnamed.stderr).toContain(
      "error TN4001: evaluating the processes model for JSON specs failed:",
    );
    expect(unnamed.stderr).toContain("No process name was specified or can be inferred!");
    expect(unnamed.status).toBe(1);
  });

  it("--json-specs gives the arguments wherever the constructors model says nix-processmgmt is", () => {
    requireNix();
    const dir = tempDir();
    writeFileSync(
      join(dir, "constructors.ts"),
      `import { constructors, createManagedProcess, defineConstructor, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({}), build: () => createManagedProcess({ name: "app", process: "/bin/app" }) });
export default constructors({ app }, { nixProcessmgmt: "/nowhere/nix-processmgmt" });
`,
    );
    writeFileSync(
      join(dir, "processes.ts"),
      `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes({ one: processInstance({ pkg: constructors.app({}) }) });
`,
    );
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${out}\n`);
    expect(readFileSync(join(out, "constructors.nix"), "utf8")).toContain(
      "/nowhere/nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix",
    );
    const [specDir] = readdirSync(join(out, "specs"));
    const spec = JSON.parse(readFileSync(join(out, "specs", String(specDir), "app.json"), "utf8"));
    expect(spec).toEqual({ name: "app", process: "/bin/app" });
  });

  it("--json-specs says a process used as text has no store path in a spec", () => {
    requireNix();
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, nix, nixData, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({ name: "app", params: z.object({ name: z.string(), dep: nixData() }),
  build: ({ name, dep }) => createManagedProcess({ name, process: "/bin/app", args: [\`\${dep}/cfg\`] }) });
export default processes({
  a1: processInstance({ pkg: app({ name: "a1", dep: "/etc" }) }),
  a2: processInstance({ pkg: app({ name: "a2", dep: nix.ref("a1").pkg }) }),
});
`,
    );
    const result = typenix(["synth", dir, "-o", tempDir(), "--json-specs"]);
    expect(result.stderr).toContain("cannot coerce a set to a string");
    expect(result.stderr).toContain(
      "hint: a process (a createManagedProcess result) used as text has no store path in a JSON spec",
    );
    expect(result.status).toBe(1);
  });

  it("says which arguments for JSON specs are usage errors", () => {
    const dir = `${FIXTURES}/required-parameter`;
    const synth = (...args: string[]) => typenix(["synth", dir, "-o", tempDir(), ...args]);
    const withoutSpecs = synth("--state-dir", "/srv");
    expect(withoutSpecs.status).toBe(2);
    expect(withoutSpecs.stderr).toBe(
      "typenix synth: --state-dir is an argument of the processes models evaluated for JSON specs; it needs --json-specs\n",
    );
    const notJson = synth("--json-specs", "--extra-params", "{ greeting = 1; }");
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(
      /^typenix synth: --extra-params takes a JSON object \(its values are given to the model as Nix values\): /,
    );
    expect(synth("--json-specs", "--extra-params", "[1]").status).toBe(2);
    const manager = synth("--json-specs", "--extra-params", '{ "processManager": "systemd" }');
    expect(manager.status).toBe(2);
    expect(manager.stderr).toBe(
      "typenix synth: --extra-params cannot set processManager: JSON specs are made with processManager = null\n",
    );
  });

  it("says which --extra-params values Nix would not read as written, as usage errors", () => {
    const dir = `${FIXTURES}/required-parameter`;
    const synth = (extra: string) =>
      typenix(["synth", dir, "-o", tempDir(), "--json-specs", "--extra-params", extra]);
    const cases: [string, string][] = [
      ['{ "mode": 1e400 }', 'the value of "mode" is a number beyond'],
      ['{ "mode": "\\ud800" }', 'the value of "mode", "\\ud800", holds a lone UTF-16 surrogate'],
      ['{ "mode": "a\\u0000b" }', 'the value of "mode", "a\\u0000b", holds a NUL character'],
      ['{ "mode": 9223372036854775808 }', 'the value of "mode", 9223372036854775808, is beyond'],
      ['{ "mode": [{ "x": -9223372036854775809 }] }', 'the value of "mode"."0"."x"'],
      ['{ "\\udc00": 1 }', 'the key "\\udc00" holds a lone UTF-16 surrogate'],
      // Nix reads every value of a key given twice, JSON.parse keeps the last.
      ['{ "mode": 1e400, "mode": 1 }', 'the key "mode" is given twice\n'],
      ['{ "mode": "\\ud800", "m\\u006fde": "ok" }', 'the key "mode" is given twice\n'],
      [
        '{ "mode": [0, { "k": 1e400, "k": 2 }] }',
        'the key "k" is given twice in the value of "mode"."1"',
      ],
    ];
    for (const [extra, message] of cases) {
      const result = synth(extra);
      expect(result.status, extra).toBe(2);
      expect(result.stderr, extra).toContain(`typenix synth: --extra-params: ${message}`);
      expect(result.stderr, extra).toMatch(/\n {2}hint: /);
      expect(result.stderr, extra).not.toContain("TN4001");
    }
  });

  it("--json-specs gives Nix the values of --extra-params at the ends of its ranges", () => {
    requireNix();
    const dir = tempDir();
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, nix, nixValue, noDefault, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({ value: nixValue() }),
  build: ({ value }) => createManagedProcess({ name: "app", process: "/bin/app", environment: { VALUE: value } }),
});
export default processes({ one: processInstance({ pkg: app({ value: nix.ref("value") }) }) }, { parameters: { value: noDefault } });
`,
    );
    const values =
      '[9223372036854775807, -9223372036854775808, 1e308, "\\ud83d\\ude00", { "a\\u0000": 1 }]';
    const out = tempDir();
    const result = typenix([
      "synth",
      dir,
      "-o",
      out,
      "--json-specs",
      "--extra-params",
      `{ "value": ${values} }`,
    ]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${out}\n`);
    const [spec, evaluated] = onlySpecAndProcess(
      out,
      `processManager = null; value = builtins.fromJSON ''${values}'';`,
    );
    expect(spec).toEqual(evaluated);
  });

  it("--json-specs passes processManager, declared without a default or not", () => {
    requireNix();
    const out = tempDir();
    const result = typenix([
      "synth",
      `${FIXTURES}/manager-without-default`,
      "-o",
      out,
      "--json-specs",
    ]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${out}\n`);
    const [spec, evaluated] = onlySpecAndProcess(out, "processManager = null;");
    expect(spec).toEqual(evaluated);
    expect(spec).toMatchObject({ environment: { DATA: "/srv/app" } });
  });

  it("--json-specs names the generated file Nix stopped in, as synth without --json-specs writes it", () => {
    requireNix();
    const out = tempDir();
    const dir = `${FIXTURES}/evaluation-error`;
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${dir}/processes.ts:13:16: error TN4001: evaluating the processes model for JSON specs failed:\n`,
      ),
    );
    expect(result.stderr).toContain("no process here");
    expect(result.stderr).toMatch(new RegExp(`at ${out}/app\\.nix:\\d+:\\d+`));
    expect(result.stderr).not.toContain(".specs-");
    expect(result.stderr).toContain(
      "hint: synthesize without --json-specs to write the generated files, and look there",
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("--json-specs says that Nix recursing forever is most often processes depending on each other", () => {
    requireNix();
    const dir = tempDir();
    // Each instance is given the other whole, and the constructor depends on its process:
    // a cycle only Nix sees, as it reads the other's pkg inside the constructor's file.
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, nix, nixValue, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({ name: z.string(), peer: nixValue() }),
  build: ({ name, peer }) =>
    createManagedProcess({ name, process: "/bin/app", dependencies: [nix.select(peer, "pkg")] }),
});
const a = processInstance({ pkg: app({ name: "a", peer: nix.ref("b") }) });
const b = processInstance({ pkg: app({ name: "b", peer: a }) });
export default processes({ a, b });
`,
    );
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain("TN5004");
    expect(result.stderr).toMatch(/error TN4001: .*(infinite recursion|stack overflow)/s);
    expect(result.stderr).toContain(
      "hint: Nix recursed forever: most often process instances whose processes depend on each other (an instance given another whose dependencies name it), or parameter defaults that read each other; synthesize without --json-specs to look at the generated files",
    );
    // Instances reading each other's ports, not processes, are no cycle, for typenix (TN5004) as for Nix.
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, nix, nixData, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({ name: z.string(), peerPort: nixData() }),
  build: ({ name, peerPort }) =>
    createManagedProcess({ name, process: "/bin/app", environment: { PEER_PORT: peerPort } }),
});
const a = processInstance({ port: 5000, pkg: app({ name: "a", peerPort: nix.select(nix.ref("b"), "port") }) });
const b = processInstance({ port: 5001, pkg: app({ name: "b", peerPort: nix.select(a, "port") }) });
export default processes({ a, b });
`,
    );
    const ports = typenix(["synth", dir, "-o", tempDir(), "--json-specs"]);
    expect(ports.stderr).toMatch(/^typenix synth: wrote \d+ files to /);
    expect(ports.status).toBe(0);
  });

  it("--json-specs reads a path into OUT from OUT, also when OUT is the spec folder", () => {
    requireNix();
    const dir = tempDir();
    cpSync(`${FIXTURES}/paths-into-out`, dir, { recursive: true });
    const result = typenix(["synth", dir, "-o", dir, "--json-specs"]);
    expect(result.stderr).toBe(`typenix synth: wrote 5 files to ${dir}\n`);
    const [spec, evaluated] = onlySpecAndProcess(dir, "processManager = null;");
    expect(spec).toEqual(evaluated);
    expect(spec).toMatchObject({
      process: join(dir, "scripts/run.sh"),
      environment: {
        SCRIPT: readFileSync(join(dir, "scripts/run.sh"), "utf8"),
        FOLDER: basename(dir),
      },
    });
  });

  it("--json-specs writes no spec for an instance built for a process manager, and warns", () => {
    requireNix();
    const dir = tempDir();
    const model = (dependant: string) =>
      `import { createManagedProcess, constructors, defineConstructor, nixData, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({ instanceName: z.string(), deps: z.array(nixData()).default([]) }),
  build: ({ instanceName, deps }) => createManagedProcess({ instanceName, process: "/bin/app", dependencies: deps }),
});
const all = constructors({ app });
const one = processInstance({ pkg: all.app({ instanceName: "one" }) });
const custom = processInstance({ pkg: all.forProcessManager("supervisord").app({ instanceName: "custom" }) });
${dependant}
export default processes({ one, custom${dependant ? ", user" : ""} }, { constructors: all });
`;
    writeFileSync(join(dir, "processes.ts"), model(""));
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      "processes.ts:9:16: warning TN4005: process instance 'custom' is built for supervisord",
    );
    expect(result.stderr).toMatch(/\n {2}hint: .*without forProcessManager/);
    expect(readdirSync(join(out, "specs")).map((d) => d.slice(33))).toEqual(["one"]);
    // What nix-processmgmt gets for the instance given processManager = null: a build for supervisord.
    writeFileSync(
      join(out, "manager.nix"),
      "(import ./processes.nix { processManager = null; }).custom.pkg.processManager\n",
    );
    expect(nixEvalFileJson(join(out, "manager.nix"), STAND_IN_ARGS)).toBe("supervisord");
    writeFileSync(
      join(dir, "processes.ts"),
      model(
        `const user = processInstance({ pkg: all.app({ instanceName: "user", deps: [custom] }) });`,
      ),
    );
    const dependant = typenix(["synth", dir, "-o", tempDir(), "--json-specs"]);
    expect(dependant.status).toBe(1);
    expect(dependant.stderr).toContain(
      "processes.ts:10:14: error TN4006: process instance 'user' depends on process 'custom', which is built for supervisord",
    );
  });

  it("--json-specs adds the files and folders a spec names to the store", () => {
    requireNix();
    const dir = tempDir();
    // Content no earlier run has added: the store paths are new.
    const content = `${randomBytes(16).toString("hex")}\n`;
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data/f"), content);
    writeFileSync(
      join(dir, "processes.ts"),
      `import { createManagedProcess, defineConstructor, nix, processInstance, processes, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () =>
    createManagedProcess({
      name: "app",
      process: "/bin/app",
      environment: { FOLDER: nix.path("./data"), TEXT: \`\${nix.path("./data")}/f\`, FILE: nix.path("./data/f") },
    }),
});
export default processes({ one: processInstance({ pkg: app({}) }) });
`,
    );
    const out = tempDir();
    expect(typenix(["synth", dir, "-o", out, "--json-specs"]).stderr).toBe(
      `typenix synth: wrote 5 files to ${out}\n`,
    );
    const [spec, evaluated] = onlySpecAndProcess(out, "processManager = null;");
    expect(spec).toEqual(evaluated);
    const { environment } = spec as { environment: Record<string, string> };
    expect(readFileSync(join(String(environment.FOLDER), "f"), "utf8")).toBe(content);
    expect(readFileSync(String(environment.TEXT), "utf8")).toBe(content);
    expect(readFileSync(String(environment.FILE), "utf8")).toBe(content);
  });

  it("warns at a nix.path of a folder holding OUT, and evaluates JSON specs outside it", () => {
    requireNix();
    const dir = tempDir();
    const line = `      environment: { HERE: nix.path("./."), DATA: nix.path("./data") },`;
    writeFileSync(join(dir, "processes.ts"), pathsModel(line));
    mkdirSync(join(dir, "data"));
    const out = join(dir, "out");
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.status).toBe(0);
    // At the first call only: ./data does not hold OUT.
    const warnings = result.stderr.split("\n").filter((l) => l.includes("warning"));
    expect(warnings.map((l) => l.slice(l.indexOf("processes.ts")))).toEqual([
      `processes.ts:7:${line.indexOf("path(") + 1}: warning TN3027: this folder holds OUT: Nix copies the outputs with it, so its store path changes with them, with --json-specs on every run (the specs name it)`,
    ]);
    expect(result.stderr).toContain("hint: name a folder without OUT, or put OUT elsewhere\n");
    // Nix copied the folder as it is, before OUT was made: no folder of the evaluation's is in it.
    const [spec] = onlySpecAndProcess(out, "processManager = null;");
    const { environment } = spec as { environment: Record<string, string> };
    expect(readdirSync(String(environment.HERE)).sort()).toEqual(["data", "processes.ts"]);
    // Elsewhere, OUT is not copied: the same run gives the same specs again.
    const elsewhere = tempDir();
    expect(typenix(["synth", dir, "-o", elsewhere, "--json-specs"]).stderr).not.toContain("TN3027");
    expect(typenix(["synth", dir, "-o", elsewhere, "--json-specs", "--check"]).status).toBe(0);
    // check writes no OUT, whatever folder it lowers for.
    const check = typenix(["check", "."], { cwd: dir });
    expect(check.stderr).toBe("typenix check: 1 spec file, no errors\n");
  });

  it("warns at a nix.path of a name no store path can have, and says so when Nix stops at it", () => {
    requireNix();
    const dir = tempDir();
    const names = ["my file", "d\u00fcr", "a=b", "x?", ".hidden", "+x", "a".repeat(212)];
    for (const name of names) writeFileSync(join(dir, name), `${name}\n`);
    const line = (name: string): string =>
      `      environment: { F: nix.path(${JSON.stringify(`./${name}`)}) },`;
    const synth = (name: string, ...args: string[]): CliResult => {
      writeFileSync(join(dir, "processes.ts"), pathsModel(line(name)));
      return typenix(["synth", dir, "-o", tempDir(), ...args]);
    };
    const at = (name: string): string =>
      `processes.ts:7:${line(name).indexOf("path(") + 1}: warning TN3026: Nix cannot copy ${JSON.stringify(name)} into the store`;
    for (const name of ["my file", "d\u00fcr"]) {
      const plain = synth(name);
      expect(plain.status, name).toBe(0);
      expect(plain.stderr, name).toContain(
        `${at(name)}, as it does where the path is used as text`,
      );
      expect(plain.stderr, name).toContain(
        "a store path's name holds only letters, digits and '+-._?='",
      );
      const specs = synth(name, "--json-specs");
      expect(specs.status, name).toBe(1);
      expect(specs.stderr, name).toContain(at(name));
      expect(specs.stderr, name).toContain("error TN4001: ");
      expect(specs.stderr, name).toContain(
        "hint: Nix cannot add a file or folder of that name to the store: rename it (the warning TN3026 names the nix.path call)",
      );
    }
    const long = synth("a".repeat(212), "--json-specs");
    expect(long.stderr).toContain(
      "the name is 212 characters long, and a store path's name at most 211",
    );
    expect(long.status).toBe(1);
    // Names Nix takes: the evaluation copies them.
    for (const name of ["a=b", "x?", ".hidden", "+x", "a".repeat(211)]) {
      writeFileSync(join(dir, name), `${name}\n`);
      writeFileSync(join(dir, "processes.ts"), pathsModel(line(name)));
      const out = tempDir();
      const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
      expect(result.stderr, name).toBe(`typenix synth: wrote 5 files to ${out}\n`);
      const [spec] = onlySpecAndProcess(out, "processManager = null;");
      const { environment } = spec as { environment: Record<string, string> };
      expect(readFileSync(String(environment.F), "utf8"), name).toBe(`${name}\n`);
    }
  });

  it("--json-specs says which instance's pkg is not a managed process", () => {
    requireNix();
    const out = tempDir();
    const dir = `${FIXTURES}/not-managed-process`;
    const result = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(result.stderr).toBe(
      `${dir}/processes.ts:11:15: error TN4010: the pkg of process instance 'plain' is not a createManagedProcess result, so it has no JSON spec\n` +
        "  hint: build its pkg with a constructor that returns createManagedProcess({ ... }); a plain package has no process to manage\n",
    );
    expect(result.status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it("--json-specs names dependencies by the store paths of their spec directories, wherever OUT is", () => {
    requireNix();
    const first = tempDir();
    cpSync(`${FIXTURES}/spec-dependencies`, join(first, "spec"), { recursive: true });
    const synth = ["synth", join(first, "spec"), "-o", join(first, "out"), "--json-specs"];
    expect(typenix(synth).status).toBe(0);
    // Nix gives each spec directory, added under its process name, the store path it is named after.
    writeFileSync(
      join(first, "store-paths.nix"),
      `let specs = ./out/specs; in map (dir: {
        inherit dir;
        storePath = builtins.path { path = specs + "/\${dir}"; name = builtins.substring 33 100 dir; };
      }) (builtins.attrNames (builtins.readDir specs))\n`,
    );
    const added = nixEvalFileJson(join(first, "store-paths.nix")) as {
      dir: string;
      storePath: string;
    }[];
    expect(added.map((a) => a.storePath)).toEqual(added.map((a) => `/nix/store/${a.dir}`));
    const appDir = added.find((a) => a.dir.endsWith("-app"))?.dir ?? "";
    const dbDir = added.find((a) => a.dir.endsWith("-db"))?.dir ?? "";
    // The file create-managed-process-from-config.nix reads for a dependency, by its expression.
    writeFileSync(
      join(first, "dependency.nix"),
      `map (dependency: "\${dependency}/\${builtins.substring 33 (builtins.stringLength dependency) (baseNameOf dependency)}.json")
        (builtins.fromJSON (builtins.readFile ./out/specs/${appDir}/app.json)).dependencies\n`,
    );
    expect(nixEvalFileJson(join(first, "dependency.nix"))).toEqual([`/nix/store/${dbDir}/db.json`]);
    // Moved elsewhere with its spec files, OUT is up to date.
    const moved = tempDir();
    cpSync(first, moved, { recursive: true });
    const check = [
      "synth",
      join(moved, "spec"),
      "-o",
      join(moved, "out"),
      "--json-specs",
      "--check",
    ];
    expect(typenix(check).stderr).toBe("");
  });

  it("--json-specs has Nix evaluate a processes model once, also when it runs again to locate a clash", () => {
    requireNix();
    // nix-instantiate as installed, noting the first argument of each call.
    const bin = tempDir();
    const calls = join(bin, "calls");
    const real = (process.env["PATH"] ?? "")
      .split(":")
      .map((dir) => join(dir, "nix-instantiate"))
      .find((file) => existsSync(file));
    writeFileSync(
      join(bin, "nix-instantiate"),
      `#!/bin/sh\necho "$1" >> '${calls}'\nexec '${real}' "$@"\n`,
      { mode: 0o755 },
    );
    const env = { PATH: `${bin}:${process.env["PATH"] ?? ""}` };
    const result = typenix(
      ["synth", `${FIXTURES}/same-process-name`, "-o", tempDir(), "--json-specs"],
      { env },
    );
    // Located: the specs ran again, recording where their builders were called.
    expect(result.stderr).toContain(
      `${FIXTURES}/same-process-name/processes.ts:12:13: error TN4003: process instances 'two' and 'one' are both named 'app'`,
    );
    const evaluations = readFileSync(calls, "utf8")
      .split("\n")
      .filter((call) => call === "--eval");
    expect(evaluations).toHaveLength(1);
  });
});

describe("a spec file named as one kind of model", () => {
  it("is an error when it exports another kind, and nothing is written", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      `import { infrastructure, target } from "@typenix/dsl";
export default infrastructure({ test1: target({ properties: { hostname: "test1" } }) });
`,
    );
    const out = tempDir();
    const result = typenix(["synth", dir, "-o", out]);
    expect(result.stderr).toContain(
      "services.ts:2:16: error TN1007: services.ts exports an infrastructure model, and would give services.nix, which is read as the services model",
    );
    expect(result.status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("two models or constructors that give one file", () => {
  it("are an error at the second, naming the first, and nothing is written", () => {
    const out = tempDir();
    const dirs = `${FIXTURES}/same-name`;
    const specs = typenix(["synth", `${dirs}/a/services.ts`, `${dirs}/b/services.ts`, "-o", out]);
    expect(specs.status).toBe(1);
    expect(specs.stderr).toContain(
      `${dirs}/b/services.ts:3:16: error TN1006: 'services.nix' would be written twice: ${resolve(dirs, "a/services.ts")}:3:16 writes it too`,
    );
    const ctors = typenix(["synth", `${FIXTURES}/same-constructor`, "-o", out]);
    expect(ctors.status).toBe(1);
    expect(ctors.stderr).toContain(
      `${FIXTURES}/same-constructor/constructors.ts:9:15: error TN1006: 'web.nix' would be written twice: ${resolve(FIXTURES, "same-constructor/constructors.ts")}:3:13 writes it too`,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("is no error for one model that two spec files give", () => {
    // webapp-services/constructors.ts re-exports the constructors of webapp-processes.
    const out = tempDir();
    const both = typenix([
      "synth",
      "examples/webapp-services",
      "examples/webapp-processes",
      "-o",
      out,
    ]);
    expect(both.stderr).toBe(`typenix synth: wrote 8 files to ${out}\n`);
    expect(readdirSync(out)).toContain("constructors.nix");
  });
});

describe("user text reaches Nix as text", () => {
  requireNix();
  it("does not evaluate ${builtins.readFile /etc/passwd} in a string property", () => {
    const out = tempDir();
    expect(typenix(["synth", `${FIXTURES}/literal-text`, "-o", out]).status).toBe(0);
    writeFileSync(
      join(out, "eval.nix"),
      `(import ./services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; }).motd\n`,
    );
    const motd = nixEvalFileJson(join(out, "eval.nix"), STAND_IN_ARGS) as Record<string, unknown>;
    expect(motd["motd"]).toBe("${builtins.readFile /etc/passwd}");
    expect(motd["quote"]).toBe("'' \\ \" $${x}");
  });

  it("writes raw Nix code as code, and reports code that does not parse at its line", () => {
    requireNix();
    const out = tempDir();
    expect(typenix(["synth", `${FIXTURES}/raw-nix`, "-o", out]).status).toBe(0);
    writeFileSync(
      join(out, "eval.nix"),
      `(import ./services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; }).web.port\n`,
    );
    expect(nixEvalFileJson(join(out, "eval.nix"), STAND_IN_ARGS)).toBe(4080);
    const failed = typenix(["synth", `${FIXTURES}/raw-nix-error`, "-o", tempDir()]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`${FIXTURES}/raw-nix-error/services.ts:3:67: error TN3002`);
    const interpolated = typenix(["synth", `${FIXTURES}/raw-nix-interpolated`, "-o", tempDir()]);
    expect(interpolated.status).toBe(1);
    expect(interpolated.stderr).toContain(
      `${FIXTURES}/raw-nix-interpolated/services.ts:3:66: error TN3002: nix.raw takes Nix code as plain text, and a symbolic value was interpolated into it`,
    );
    const tagged = tempDir();
    writeFileSync(
      join(tagged, "services.ts"),
      'import { nix, pkgs, service, services } from "@typenix/dsl";\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process", port: (nix.raw as any)`4000 + 80` }) });\n',
    );
    const asTag = typenix(["synth", tagged, "-o", tempDir()]);
    expect(asTag.stderr).toContain(
      "services.ts:2:87: error TN3002: nix.raw takes Nix code as a string, and was given an array",
    );
    expect(asTag.stderr).toContain('hint: call it as nix.raw("..."), not as a tagged template');
    expect(asTag.status).toBe(1);
  });
});

describe("raw Nix code", () => {
  it("gets parentheses where its place needs them only", () => {
    requireNix();
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      `import { nix, pkgs, service, services } from "@typenix/dsl";
export default services({ web: service({ pkg: nix.raw("pkgs.hello"), type: "process",
  set: nix.raw("{ a = 1; }"), sum: nix.op(nix.raw("1 + 2"), "*", 3),
  applied: nix.call(nix.raw("x: x + 1"), 1), sel: nix.select(nix.raw("{ b = 5; }"), "b"),
  list: [nix.raw("builtins.toString 1"), nix.raw("-1")] }) });
`,
    );
    const out = tempDir();
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    const text = readFileSync(join(out, "services.nix"), "utf8");
    expect(text).toContain("pkg = pkgs.hello;");
    expect(text).toContain("set = {\n");
    expect(text).toContain("sum = (1 + 2) * 3;");
    writeFileSync(
      join(out, "eval.nix"),
      `let w = (import ./services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; }).web; in { inherit (w) set sum applied sel list; }\n`,
    );
    expect(nixEvalFileJson(join(out, "eval.nix"), STAND_IN_ARGS)).toEqual({
      set: { a: 1 },
      sum: 9,
      applied: 2,
      sel: 5,
      list: ["1", -1],
    });
  });
});

describe("typenix check", () => {
  it("reports TypeScript errors of spec files as file:line:col and exits 1, writing nothing", () => {
    const result = typenix(["check", `${FIXTURES}/type-error`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${FIXTURES}/type-error/processes.ts:6:60: error TS2561: Object literal may only specify known properties, but 'deamonArgs' does not exist in type 'ManagedProcessArgs'. Did you mean to write 'daemonArgs'?`,
    );
  });

  it("reports the errors of a file a spec imports, not those of the DSL", () => {
    const result = typenix(["check", `${FIXTURES}/type-error/helper`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${FIXTURES}/type-error/helper/ports.ts:2:14: error TS2322: Type 'string' is not assignable to type 'number'.\n`,
    );
  });

  it("type-checks spec files outside any project against the command's DSL", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n\n' +
        'export default services({ web: service({ pkg: pkgs.hello, type: "process" }) });\n',
    );
    const result = typenix(["check", dir]);
    expect(result.stderr).toBe("typenix check: 1 spec file, no errors\n");
    expect(result.status).toBe(0);
  });

  it("passes a correct deployment", () => {
    const result = typenix(["check", "examples/stafftracker"]);
    expect(result.stderr).toContain("no errors");
    expect(result.status).toBe(0);
  });
});
