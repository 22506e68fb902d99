/**
 * What a spec file's mistakes give: a default export that no builder made
 * (an object literal of a model's shape, a Proxy) is TN1001 at the file,
 * and what a constructor's `build` throws is TN1003 at the line that threw,
 * with typenix's code whatever the error's own `code`. Never a stack trace.
 *
 * The cases' deployments are written as the tests are collected, so that
 * one `typenix check` reads them all (see check-batch.ts); each case reads
 * its own diagnostics of it, and runs its own `typenix synth`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBatch } from "../support/check-batch.js";
import { tempDir, typenix, type CliResult } from "../support/typenix-cli.js";

/** A Node stack frame, as an uncaught error prints them. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** The cases' deployments, checked in one run when the first case asks for its diagnostics. */
const checked = checkBatch();
/** The spec files given to `typenix check` and `typenix synth`, by the directory of their case. */
const givenFiles = new Map<string, readonly string[]>();

/** Adds the deployment of `files` in `dir` to the one check (see `checkAndSynth`); returns `dir`. */
function batched(dir: string, files: readonly string[]): string {
  checked.addFiles(dir, files);
  givenFiles.set(dir, files);
  return dir;
}

/** A fresh directory holding `files` (name to text), all of them given, in the one check. */
function batchedSpecs(files: Readonly<Record<string, string>>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return batched(dir, Object.keys(files));
}

/** `rows`, each with the directory `write` makes of it (now, as the tests are collected) last. */
function withDeployments<const Row extends readonly unknown[]>(
  rows: readonly Row[],
  write: (row: NoInfer<Row>) => string,
): [...Row, string][] {
  return rows.map((row) => [...row, write(row)]);
}

/**
 * What `typenix check` of the batch says of the files of `dir` (see
 * `batched`), and `typenix synth` of them, run there on its own (killed
 * after `timeout` ms, if given). The check's status is that of the run,
 * of all the cases: each case's status is its synth's.
 */
function checkAndSynth(dir: string, timeout?: number): CliResult[] {
  const files = givenFiles.get(dir) ?? [];
  return [
    checked.of(dir),
    typenix(["synth", ...files, "-o", join(dir, "out")], { cwd: dir, timeout }),
  ];
}

describe("a default export no builder made", () => {
  const kinds = [
    "processes",
    "services",
    "infrastructure",
    "distribution",
    "constructors",
    "constructor",
  ];

  const kindCases = withDeployments(
    kinds.map((kind) => [kind] as const),
    ([kind]) => batchedSpecs({ [`${kind}.ts`]: `export default { kind: "${kind}" };\n` }),
  );

  it.each(kindCases)("an object of kind %s is not a model, at the file", (kind, dir) => {
    for (const result of checkAndSynth(dir)) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `${kind}.ts:1:1: error TN1001: the default export is not a typenix model`,
      );
      expect(result.stderr).toMatch(/hint: .*processes\(\.\.\.\)/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  const copied = batchedSpecs({
    "processes.ts":
      'import { processes } from "@typenix/dsl";\nexport default { ...processes({}) };\n',
  });

  it("a copy of a model is not one either", () => {
    for (const result of checkAndSynth(copied)) {
      expect(result.stderr).toContain("processes.ts:2:1: error TN1001");
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  const exportedBelow = batchedSpecs({
    "services.ts":
      "// export default is written below.\n" +
      'const model = { services: { web: { name: "web" } } };\n\n' +
      "  export default model;\n",
    "infrastructure.ts":
      "const infrastructure = { test1: {} };\nexport { infrastructure as default };\n",
  });

  it("is reported at the export statement", () => {
    for (const result of checkAndSynth(exportedBelow)) {
      expect(result.stderr).toContain("services.ts:4:3: error TN1001");
      expect(result.stderr).toContain("infrastructure.ts:2:1: error TN1001");
    }
  });

  const exportsInText = batchedSpecs({
    "services.ts":
      "/*\nexport default old;\n*/\n" +
      "const note = `\nexport { note as default }`;\nvoid note;\n" +
      'export default { kind: "services" };\n',
    "processes.ts": "/*\nexport default processes;\n*/\nexport const x = 1;\n",
  });

  it("is located in the syntax tree, not at text in a comment or a string that reads as one", () => {
    for (const result of checkAndSynth(exportsInText)) {
      expect(result.stderr).toContain("services.ts:7:1: error TN1001");
      expect(result.stderr).toContain("processes.ts:1:1: error TN1001");
    }
  });

  const noDefault = batchedSpecs({ "services.ts": "export const x = 1;\n" });

  it("a file with no default export is reported at the file, as having none", () => {
    for (const result of checkAndSynth(noDefault)) {
      expect(result.stderr).toContain(
        "services.ts:1:1: error TN1001: the spec file has no default export\n",
      );
      expect(result.stderr).toMatch(/hint: .*export default services\(/);
    }
  });

  const commonJsCases = withDeployments(
    [
      ["module.exports = model;", "2:1"],
      ["module.exports.default = model;", "2:1"],
      ["exports.default = model;", "2:1"],
      ["void 0;\n  module.exports = model;", "3:3"],
    ],
    ([exported]) =>
      batchedSpecs({
        "infrastructure.cjs": `const model = { targets: {} };\n${exported}\n// module.exports = other;\n`,
      }),
  );

  it.each(commonJsCases)("a CommonJS module's %s is reported at the assignment", (_, at, dir) => {
    for (const result of checkAndSynth(dir)) {
      expect(result.stderr).toContain(
        `infrastructure.cjs:${at}: error TN1001: the default export is not a typenix model`,
      );
    }
  });

  it("a second default export is reported with where the first is", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "infrastructure.ts"),
      'import { infrastructure } from "@typenix/dsl";\n' +
        "const m = infrastructure({});\nexport default m;\nexport default m;\n",
    );
    const result = typenix(["synth", "infrastructure.ts", "-o", join(dir, "out")], { cwd: dir });
    expect(result.stderr).toContain(
      'infrastructure.ts:4:8: error TN1004: Multiple exports with the same name "default"\n' +
        '  hint: The name "default" was originally exported here: infrastructure.ts:3:8\n',
    );
    expect(result.status).toBe(1);
  });

  const proxy = batchedSpecs({
    "processes.ts":
      'export default new Proxy({}, { get() { throw new Error("read"); }, has() { throw new Error("asked"); } });\n',
  });

  it("a Proxy whose traps throw is not a model, and is not read", () => {
    for (const result of checkAndSynth(proxy)) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("processes.ts:1:1: error TN1001");
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

describe("what a constructor's build throws", () => {
  /** A deployment whose constructor's environment value is `value` (on line 9 of app.ts), in the one check. */
  function deployment(value: string): string {
    const dir = tempDir();
    writeFileSync(
      join(dir, "app.ts"),
      [
        'import { createManagedProcess, defineConstructor, z } from "@typenix/dsl";',
        "export default defineConstructor({",
        '  name: "app",',
        '  params: z.object({ label: z.string().default("xy") }),',
        "  build: ({ label }) =>",
        "    createManagedProcess({",
        '      name: "app",',
        '      process: "/bin/app",',
        `      environment: { X: ${value} },`,
        "    }),",
        "});",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "processes.ts"),
      'import { processInstance, processes } from "@typenix/dsl";\n' +
        'import app from "./app.js";\n' +
        "export default processes({ a: processInstance({ port: 80, pkg: app({}) }) });\n",
    );
    return batched(dir, ["processes.ts", "app.ts"]);
  }

  /** `app.ts:9:C`, C the column of `marker` in the line `value` is on. */
  const at = (value: string, marker: string): string =>
    `app.ts:9:${`      environment: { X: ${value} },`.indexOf(marker) + 1}`;

  const thrownCases = withDeployments(
    [
      ["new URL(label).host", "new URL", "Invalid URL"],
      ["structuredClone(() => 1) as never", "structuredClone", "could not be cloned"],
      ['(() => { throw Object.assign(new Error("m"), { code: 7 }); })()', "new Error", ": m\n"],
    ],
    ([value]) => deployment(value),
  );

  it.each(thrownCases)("%s is TN1003 at the line that threw", (value, marker, message, dir) => {
    for (const result of checkAndSynth(dir)) {
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`${at(value, marker)}: error TN1003: `);
      expect(result.stderr).toContain(message);
      // The error's own code (ERR_INVALID_URL, 25, 7) is no typenix code.
      expect(result.stderr).not.toMatch(/error (?!TN)/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  const laterCases = withDeployments(
    [
      ['(setTimeout(() => { throw new Error("timer in build"); }, 20), "x")', "timer in build"],
      ['(void Promise.reject(new Error("rejected in build")), "x")', "rejected in build"],
    ],
    ([value]) => deployment(value),
  );

  it.each(laterCases)(
    "what %s throws later is TN1004 at its line, and nothing is written",
    (value, message, dir) => {
      for (const result of checkAndSynth(dir)) {
        expect(result.stderr).toContain(`${at(value, "new Error")}: error TN1004: ${message}\n`);
        expect(result.stderr).not.toMatch(STACK_FRAME);
        expect(result.status).toBe(1);
      }
      expect(existsSync(join(dir, "out"))).toBe(false);
    },
  );

  const repeating = '(setInterval(() => {}, 10), "x")';
  const repeatingDir = deployment(repeating);

  it("a timer build leaves repeating is TN1009 at its line, and the command ends", () => {
    // Killed if it never ends (the one check too: see check-batch.ts).
    for (const result of checkAndSynth(repeatingDir, 60_000)) {
      expect(result.stderr).toContain(`${at(repeating, "setInterval")}: error TN1009: `);
      expect(result.status).toBe(1);
    }
  });

  const thrown42 = deployment("(() => { throw 42; })()");

  it("a thrown value that is no Error is described, at the constructor", () => {
    for (const result of checkAndSynth(thrown42)) {
      expect(result.stderr).toContain("app.ts:2:16: error TN1003: threw 42");
      expect(result.stderr).toMatch(/hint: .*new Error/);
    }
  });

  const templated = "(() => { throw new Error(`bad ${label}`); })()";
  const templatedDir = deployment(templated);

  it("a message holding a parameter names it as a template literal writes it", () => {
    for (const result of checkAndSynth(templatedDir)) {
      expect(result.stderr).toContain(
        `${at(templated, "new Error")}: error TN1003: bad \${label}\n`,
      );
    }
  });

  const stringMethod = "label.toUpperCase()";
  const stringMethodDir = deployment(stringMethod);

  it("a string method called on a parameter says parameters are symbolic", () => {
    for (const result of checkAndSynth(stringMethodDir)) {
      expect(result.stderr).toContain(
        `${at(stringMethod, "toUpperCase")}: error TN1003: label.toUpperCase is not a function`,
      );
      expect(result.stderr).toMatch(/hint: .*symbolic.*Nix builders/);
    }
  });
});

describe("what a constructor's build returns", () => {
  /** A deployment whose constructor's build is `build` (the `defineConstructor` call at app.ts:2:16), in the one check. */
  function deployment(build: string): string {
    const dir = tempDir();
    writeFileSync(
      join(dir, "app.ts"),
      'import { createManagedProcess, defineConstructor, z } from "@typenix/dsl";\n' +
        'export default defineConstructor({ name: "app", params: z.object({ p: z.int().default(1) }),\n' +
        `  build: ${build} });\n`,
    );
    writeFileSync(
      join(dir, "processes.ts"),
      'import { processInstance, processes } from "@typenix/dsl";\n' +
        'import app from "./app.js";\n' +
        "export default processes({ a: processInstance({ pkg: app({}) }) });\n",
    );
    return batched(dir, ["processes.ts", "app.ts"]);
  }

  const promiseCases = withDeployments(
    [
      [
        'async ({ p }) => createManagedProcess({ name: "x", process: "/bin/x", environment: { P: p } })',
      ],
      ['async () => { throw new Error("in an async build"); }'],
      ['() => Promise.resolve(createManagedProcess({ name: "x", process: "/bin/x" }))'],
    ],
    ([value]) => deployment(value),
  );

  it.each(promiseCases)(
    "a promise (%s) is TN3001 at the constructor, and nothing is written",
    (_, dir) => {
      for (const result of checkAndSynth(dir)) {
        expect(result.stderr).toContain(
          "app.ts:2:16: error TN3001: the constructor 'app' returned a Promise from build (is build async?): build runs while the model is read, and a promise has no Nix value\n",
        );
        expect(result.stderr).toMatch(/hint: make build a plain function.*await/);
        expect(result.stderr.match(/TN3001/g)).toHaveLength(1);
        expect(result.stderr).not.toMatch(/TN1004/);
        expect(result.stderr).not.toMatch(STACK_FRAME);
        expect(result.status).toBe(1);
      }
      expect(existsSync(join(dir, "out"))).toBe(false);
    },
  );
});

describe("what a spec file throws after it ran", () => {
  /** A valid services model that also runs `late` on its line 3. */
  function lateSpec(late: string): string {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        'const web = service({ pkg: pkgs.hello, type: "process" });\n' +
        `${late}\n` +
        "export default services({ web });\n",
    );
    return dir;
  }

  const lateCases = withDeployments(
    [
      [
        "a promise rejected and never handled",
        'void Promise.reject(new Error("unhandled"));',
        21,
        "unhandled",
      ],
      [
        "an error thrown by a timer",
        'setTimeout(() => { throw new Error("late"); }, 0);',
        26,
        "late",
      ],
      [
        "an error thrown by a timer with a delay",
        'setTimeout(() => { throw new Error("later"); }, 50);',
        26,
        "later",
      ],
      [
        "an error thrown by a timer a timer set",
        'setTimeout(() => setTimeout(() => { throw new Error("chained"); }, 20), 20);',
        43,
        "chained",
      ],
    ],
    ([, late]) => batched(lateSpec(late), ["services.ts"]),
  );

  it.each(lateCases)("%s is TN1004 at its line", (_, late, column, message, dir) => {
    for (const result of checkAndSynth(dir)) {
      expect(result.stderr).toContain(`services.ts:3:${column}: error TN1004: ${message}\n`);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(result.status).toBe(1);
    }
  });

  const repeatingForever = batched(lateSpec("setInterval(() => {}, 10);"), ["services.ts"]);

  it("a timer that repeats forever is TN1009 at its line, and the command ends", () => {
    // Killed if it never ends, as it did (the one check too: see check-batch.ts).
    for (const result of checkAndSynth(repeatingForever, 60_000)) {
      expect(result.stderr).toContain(
        "services.ts:3:1: error TN1009: the spec file left a timer repeating (setInterval), which would never let it end",
      );
      expect(result.status).toBe(1);
    }
  });

  const stalled = batched(lateSpec("await new Promise(() => {});"), ["services.ts"]);

  it("a top-level await of a promise nothing settles is TN1010, and the command ends", () => {
    // Node ended the command with code 13, and nothing said why.
    for (const result of checkAndSynth(stalled, 60_000)) {
      expect(result.stderr).toContain(
        "services.ts:1:1: error TN1010: the spec file awaits a promise that never settles",
      );
      expect(result.status).toBe(1);
    }
    expect(existsSync(join(stalled, "out"))).toBe(false);
  });

  it.each([
    ["a server listening", 'import { createServer } from "node:net";\ncreateServer().listen(0);'],
    ["a file watcher (fs.watch)", 'import { watch } from "node:fs";\nwatch(".");'],
    [
      "a message port listened to",
      'const { port1 } = new MessageChannel();\nport1.addEventListener("message", () => {});\nport1.start();',
    ],
  ])("%s the spec leaves open is TN3080, and the command ends", (kind, late) => {
    const dir = lateSpec(late);
    // Synth stands for check here: both run the spec the same way.
    // Killed if it never ends, as it did.
    const result = typenix(["synth", "services.ts", "-o", join(dir, "out")], {
      cwd: dir,
      timeout: 60_000,
    });
    expect(result.stderr).toContain(
      `services.ts:1:1: warning TN3080: the spec file left open what would never let Node end it: ${kind}\n`,
    );
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, "out", "services.nix"))).toBe(true);
  });

  it("a child process the spec leaves running is TN3080, and the command ends", () => {
    // Each run of the spec (one more to locate the warning) notes its child's id, for the
    // test to end it: the command's exit leaves it running.
    const dir = lateSpec(
      'import { spawn } from "node:child_process";\nimport { appendFileSync } from "node:fs";\n' +
        'appendFileSync("child.pid", `${spawn("sleep", ["60"], { stdio: "ignore" }).pid}\\n`);',
    );
    try {
      const result = typenix(["synth", "services.ts", "-o", join(dir, "out")], {
        cwd: dir,
        timeout: 30_000,
      });
      expect(result.stderr).toContain(
        "services.ts:1:1: warning TN3080: the spec file left open what would never let Node end it: a child process\n",
      );
      expect(result.status).toBe(0);
      expect(existsSync(join(dir, "out", "services.nix"))).toBe(true);
    } finally {
      for (const pid of readFileSync(join(dir, "child.pid"), "utf8").split("\n"))
        if (Number(pid) > 0) process.kill(Number(pid));
    }
  });

  it("what a spec closes, and a promise it leaves unsettled and unawaited, are no mistake", () => {
    const dir = lateSpec(
      'import { createServer } from "node:net";\nconst server = createServer().listen(0, () => server.close());\nvoid new Promise(() => {});',
    );
    const result = typenix(["synth", "services.ts", "-o", join(dir, "out")], {
      cwd: dir,
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/: (error|warning) /);
    expect(result.status).toBe(0);
  });

  it("a config whose default export never settles is TN1010", () => {
    const dir = lateSpec("");
    writeFileSync(join(dir, "typenix.config.ts"), "export default new Promise(() => {});\n");
    const result = typenix(["synth", ".", "-o", "out"], { cwd: dir, timeout: 60_000 });
    expect(result.stderr).toContain(
      "typenix.config.ts:1:1: error TN1010: the spec file awaits a promise that never settles",
    );
    expect(result.status).toBe(1);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("timers that end, cleared or run, are no mistake", () => {
    const dir = lateSpec(
      "const tick = setInterval(() => clearInterval(tick), 10); clearTimeout(setTimeout(() => { throw new Error(); }, 10)); setTimeout(() => {}, 20);",
    );
    // Checked on its own: the one check's status is 1, for the other cases' errors.
    const check = typenix(["check", "services.ts"], { cwd: dir });
    const synthesized = typenix(["synth", "services.ts", "-o", join(dir, "out")], { cwd: dir });
    for (const result of [check, synthesized]) {
      expect(result.stderr).not.toMatch(/: (error|warning) /);
      expect(result.status).toBe(0);
    }
  });

  it("a timer promisified as Node promisifies it is awaited as it runs", () => {
    const dir = lateSpec(
      'import { promisify } from "node:util";\nawait promisify(setTimeout)(10);',
    );
    // Synth stands for check here: both run the spec the same way.
    const result = typenix(["synth", "services.ts", "-o", join(dir, "out")], {
      cwd: dir,
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/: (error|warning) /);
    expect(result.status).toBe(0);
  });

  it("a timer set through node:timers is waited for as a global one is", () => {
    const dir = lateSpec(
      'import { setTimeout as later } from "node:timers";\nlater(() => { throw new Error("from timers"); }, 50);',
    );
    // Synth stands for check here: both run the spec the same way.
    const result = typenix(["synth", "services.ts", "-o", join(dir, "out")], {
      cwd: dir,
      timeout: 60_000,
    });
    expect(result.stderr).toContain("services.ts:4:21: error TN1004: from timers\n");
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.status).toBe(1);
  });

  /** `typenix synth` of `services.ts` in `dir`, killed if it never ends. */
  const synth = (dir: string): CliResult =>
    typenix(["synth", "services.ts", "-o", join(dir, "out")], { cwd: dir, timeout: 60_000 });

  it.each([
    ["node:timers/promises", 'import { setTimeout as sleep } from "node:timers/promises";'],
    [
      "util.promisify(setTimeout)",
      'import { promisify } from "node:util";\nconst sleep = promisify(setTimeout);',
    ],
    [
      "the scheduler of node:timers/promises",
      'import { scheduler } from "node:timers/promises";\nconst sleep = (ms: number) => scheduler.wait(ms);',
    ],
  ])("a promise timer of %s is waited for, and what follows it throws is TN1004", (_, sleep) => {
    const dir = lateSpec(
      `${sleep}\nvoid sleep(50).then(() => sleep(20)).then(() => { throw new Error("after sleeping"); });`,
    );
    const lines = sleep.split("\n").length;
    const result = synth(dir);
    expect(result.stderr).toMatch(
      new RegExp(`services\\.ts:${3 + lines}:\\d+: error TN1004: after sleeping\n`),
    );
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.status).toBe(1);
    // Nothing is written in a run with errors.
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  /** A services model whose service's `extra` is given to `late`, which may add to it later. */
  function extraSpec(late: string): string {
    const dir = tempDir();
    writeFileSync(
      join(dir, "services.ts"),
      'import { pkgs, service, services } from "@typenix/dsl";\n' +
        "const extra: Record<string, unknown> = {};\n" +
        'const web = service({ pkg: pkgs.hello, type: "process", extra });\n' +
        `${late}\n` +
        "export default services({ web });\n",
    );
    return dir;
  }

  it("the model is read once the promise timers have run, as Node ends a script", () => {
    const dir = extraSpec(
      'import { setTimeout as sleep } from "node:timers/promises";\n' +
        'import { promisify } from "node:util";\n' +
        'void sleep(30).then(() => { extra.first = "1"; });\n' +
        'void promisify(setTimeout)(60).then(() => { extra.second = "2"; });',
    );
    const result = synth(dir);
    expect(result.stderr).not.toMatch(/: (error|warning) /);
    expect(result.status).toBe(0);
    const services = readFileSync(join(dir, "out", "services.nix"), "utf8");
    expect(services).toMatch(/first = "1";[^]*second = "2";/);
  });

  it("a timer refreshed is waited for again, and what it throws then is TN1004", () => {
    const dir = lateSpec(
      "let runs = 0;\n" +
        'const fails = setTimeout(() => { if (runs > 2) throw new Error("refreshed"); runs++; fails.refresh(); }, 20);',
    );
    const result = synth(dir);
    expect(result.stderr).toMatch(/services\.ts:4:\d+: error TN1004: refreshed\n/);
    expect(result.status).toBe(1);
  });

  it("a timer refreshed runs as often as under Node, and one closed is no longer waited for", () => {
    const dir = extraSpec(
      "const ports: number[] = [];\n" +
        "extra.ports = ports;\n" +
        "const tick = setTimeout(() => { ports.push(ports.length + 1); if (ports.length < 3) tick.refresh(); }, 20);\n" +
        "setTimeout(() => {}, 600_000).close();\n" +
        "const closed = setTimeout(() => {}, 600_000); closed.close(); closed.refresh();",
    );
    const result = synth(dir);
    expect(result.stderr).not.toMatch(/: (error|warning) /);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, "out", "services.nix"), "utf8")).toMatch(
      /ports = \[\s*1\s*2\s*3\s*\];/,
    );
  });

  it("a promise interval left running is TN1009 at its line, and the command ends", () => {
    const dir = lateSpec(
      'import { setInterval as every } from "node:timers/promises";\n' +
        "void (async () => { for await (const _ of every(10)) { /* polls */ } })();",
    );
    const result = synth(dir);
    expect(result.stderr).toMatch(
      /services\.ts:4:\d+: error TN1009: the spec file left a timer repeating \(setInterval\)/,
    );
    expect(result.stderr).toMatch(/hint: .*(break|abort)/);
    expect(result.status).toBe(1);
  });

  it("a promise interval that ends is no mistake", () => {
    const dir = lateSpec(
      'import { setInterval as every } from "node:timers/promises";\n' +
        "let n = 0;\n" +
        "for await (const _ of every(10)) if (++n === 3) break;\n" +
        "const stop = new AbortController();\n" +
        "await (async () => { for await (const _ of every(10, 0, { signal: stop.signal })) stop.abort(); })().catch(() => {});",
    );
    const result = synth(dir);
    expect(result.stderr).not.toMatch(/: (error|warning) /);
    expect(result.status).toBe(0);
  });

  const rejectedNoError = batched(lateSpec('void Promise.reject("no");'), ["services.ts"]);

  it("a rejection with no Error is TN1004 at the file", () => {
    for (const result of checkAndSynth(rejectedNoError)) {
      expect(result.stderr).toContain("services.ts:1:1: error TN1004: threw 'no'");
      expect(result.status).toBe(1);
    }
  });
});
