/**
 * A constructor's body runs once with symbolic parameters, so JavaScript
 * control flow on a parameter silently takes one branch. The branch check
 * reports it at the defineConstructor call, naming the constructor and the
 * parameter; bodies that use their parameters only as data pass.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createManagedProcess,
  defineConstructor,
  isNixValue,
  nix,
  z,
  type Constructor,
} from "@typenix/dsl";
import { checkConstructorBranches, formatDiagnostic } from "@typenix/compiler";
import * as decisions from "./fixtures/constructor-branches/decisions.js";
import * as dataOnly from "./fixtures/constructor-branches/data-only.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";
import { sameBuild } from "../../packages/compiler/src/checks/same-build.js";

const AT = "test/checks/fixtures/constructor-branches/decisions.ts";

/** The diagnostics of the check, as the command prints them, relative to the repository. */
function check(ctor: Constructor): string[] {
  return checkConstructorBranches(ctor).map((d) =>
    formatDiagnostic(
      d.location ? { ...d, location: { ...d.location, file: relative(ROOT, d.location.file) } } : d,
    ),
  );
}

const SAME_BRANCH =
  "build runs once with symbolic parameters, so ?:, if, &&, ||, ?? and === on a parameter always take the same branch";
const DEFAULT_HINT = (name: string): string =>
  `  hint: give '${name}' a default in its schema (.default(...)), or test it in Nix: nix.if(nix.op(${name}, "==", null), fallback, ${name}); ${SAME_BRANCH}`;
const BOOLEAN_HINT = (name: string): string =>
  `  hint: branch in Nix with nix.if(${name}, whenTrue, whenFalse) (nix.not(${name}) negates it); ${SAME_BRANCH}`;
const COMPARE_HINT = (name: string, value: string): string =>
  `  hint: compare in Nix with nix.if(nix.op(${name}, "==", ${value}), whenEqual, otherwise), and compute with nix.op; ${SAME_BRANCH}`;
const CHANGE_HINT =
  "  hint: keep the schema to checks (.int(), .min(), .refine()) and work the value out in build with nix.* builders (nix.op, nix.call, nix.if), or have callers pass it as build needs it";
const MAKES_ELSE = "build makes something else than the generated Nix function does";

describe("decisions on a parameter in TypeScript are reported at defineConstructor", () => {
  const cases: [name: keyof typeof decisions, expected: string][] = [
    [
      "verbose",
      `${AT}:5:24: error TN2010: constructor 'app' decides on its parameter 'verbose' in TypeScript, where its value is symbolic: with verbose = false, ${MAKES_ELSE}\n${BOOLEAN_HINT("verbose")}`,
    ],
    [
      "fallback",
      `${AT}:12:25: error TN2010: constructor 'fallback' decides on its parameter 'opt' in TypeScript, where its value is symbolic: with opt left out, ${MAKES_ELSE}\n${DEFAULT_HINT("opt")}`,
    ],
    [
      "mode",
      `${AT}:19:21: error TN2010: constructor 'mode' decides on its parameter 'mode' in TypeScript, where its value is symbolic: with mode = "fast", ${MAKES_ELSE}\n${COMPARE_HINT("mode", '"fast"')}`,
    ],
    [
      "transformed",
      `${AT}:26:28: error TN2011: the parameter 'port' of constructor 'transformed' changes the values it is given (.transform (or z.preprocess)), which the generated Nix function cannot do\n${CHANGE_HINT}`,
    ],
    [
      "trimmed",
      `${AT}:32:24: error TN2011: the parameter 'user' of constructor 'trimmed' changes the values it is given (an overwrite such as .trim() or .toLowerCase()), which the generated Nix function cannot do\n${CHANGE_HINT}`,
    ],
    [
      "emptySuffix",
      `${AT}:38:28: error TN2010: constructor 'emptySuffix' decides on its parameter 'suffix' in TypeScript, where its value is symbolic: with suffix = "", ${MAKES_ELSE}\n${COMPARE_HINT("suffix", '""')}`,
    ],
    [
      "arithmetic",
      `${AT}:44:27: error TN2010: constructor 'arithmetic' decides on its parameter 'port' in TypeScript, where its value is symbolic: with port = 1, ${MAKES_ELSE}\n${COMPARE_HINT("port", "1")}`,
    ],
    [
      "derived",
      `${AT}:51:24: error TN2010: constructor 'derived' decides on its parameter 'suffix' in TypeScript, where its value is symbolic: with suffix = "", the default of 'instanceName' is something else than in the generated Nix function\n${COMPARE_HINT("suffix", '""')}`,
    ],
    [
      "nested",
      `${AT}:58:23: error TN2010: constructor 'nested' decides on its parameter 'debug' in TypeScript, where its value is symbolic: with debug = false, ${MAKES_ELSE}\n${BOOLEAN_HINT("debug")}`,
    ],
    [
      "throws",
      `${AT}:68:23: error TN2010: constructor 'throws' decides on its parameter 'level' in TypeScript, where its value is symbolic: with level = 0, build throws (level 0 is not supported)\n${COMPARE_HINT("level", "0")}`,
    ],
    [
      "plainMode",
      `${AT}:77:26: error TN2010: constructor 'plainMode' decides on its parameter 'mode' in TypeScript, where its value is symbolic: with mode = "fast", ${MAKES_ELSE}\n${COMPARE_HINT("mode", '"fast"')}`,
    ],
    [
      "portSwitch",
      `${AT}:84:27: error TN2010: constructor 'portSwitch' decides on its parameter 'port' in TypeScript, where its value is symbolic: with port = 80, ${MAKES_ELSE}\n${COMPARE_HINT("port", "80")}`,
    ],
  ];

  it.each(cases)("%s", (name, expected) => {
    expect(check(decisions[name])).toEqual([expected]);
  });

  it("names a schema wider than the one of the constructor it is built on, not a decision", () => {
    expect(check(decisions.widerWrapper)).toEqual([
      `${AT}:104:29: error TN2002: constructor 'widerWrapper' takes port = 0, which its build passes to a constructor whose schema refuses it: invalid argument 'port' for constructor 'narrowInner': Too small: expected number to be >=1 (got 0)\n` +
        "  hint: give 'port' the checks of the parameter it is passed to (.min(...), .max(...), ...), so that every value its schema takes is one the constructor it calls takes too",
    ]);
  });
});

describe("a build that makes something else each time it runs", () => {
  const NOT_DETERMINISTIC = (name: string): string =>
    `error TN5053: constructor '${name}' makes something else each time its build runs, given the same parameters: the generated Nix function holds what one run made\n` +
    "  hint: make build a function of its parameters alone: no counter it advances, Math.random(), Date.now() or other state that changes between runs (give such a value as a parameter, or work it out once outside build)";

  it("is reported as such, not as a decision on a parameter it never reads", () => {
    expect(check(decisions.counter)).toEqual([`${AT}:113:24: ${NOT_DETERMINISTIC("counter")}`]);
    expect(check(decisions.random)).toEqual([`${AT}:120:23: ${NOT_DETERMINISTIC("random")}`]);
  });

  it("is reported for a constructor with no parameter to try, which is run twice", () => {
    expect(check(decisions.parameterlessRandom)).toEqual([
      `${AT}:130:36: ${NOT_DETERMINISTIC("parameterlessRandom")}`,
    ]);
    expect(check(decisions.parameterlessCounter)).toEqual([
      `${AT}:137:37: ${NOT_DETERMINISTIC("parameterlessCounter")}`,
    ]);
  });

  it("is reported for one writing the time, whichever part of it, though two runs read it a moment apart", () => {
    expect(check(decisions.stamp)).toEqual([`${AT}:145:22: ${NOT_DETERMINISTIC("stamp")}`]);
    expect(check(decisions.year)).toEqual([`${AT}:151:21: ${NOT_DETERMINISTIC("year")}`]);
    expect(check(decisions.uptime)).toEqual([`${AT}:158:23: ${NOT_DETERMINISTIC("uptime")}`]);
    expect(check(decisions.today)).toEqual([`${AT}:165:22: ${NOT_DETERMINISTIC("today")}`]);
  });

  it("is reported for one writing the time process.hrtime gives, as a pair or as a bigint", () => {
    expect(check(decisions.hrUptime)).toEqual([`${AT}:172:25: ${NOT_DETERMINISTIC("hrUptime")}`]);
    expect(check(decisions.hrStamp)).toEqual([`${AT}:178:24: ${NOT_DETERMINISTIC("hrStamp")}`]);
  });

  it("leaves the clock as it was after the runs", () => {
    const { Date: before } = globalThis;
    const { now } = Date;
    check(decisions.stamp);
    expect(globalThis.Date).toBe(before);
    expect(Date.now).toBe(now);
    expect(Object.getOwnPropertyNames(performance)).not.toContain("now");
  });

  it("leaves process.hrtime as it was after the runs", () => {
    const { hrtime } = process;
    const { bigint } = process.hrtime;
    check(decisions.hrStamp);
    expect(process.hrtime).toBe(hrtime);
    expect(process.hrtime.bigint).toBe(bigint);
  });

  it("costs a constructor with no parameter one run more, and one that passes no more", () => {
    let runs = 0;
    const counted = defineConstructor({
      name: "counted",
      params: z.object({}),
      build: () => {
        runs += 1;
        return createManagedProcess({ name: "counted", process: "/bin/counted" });
      },
    });
    expect(check(counted)).toEqual([]);
    expect(runs).toBe(2);
  });
});

describe("parameters used only as data pass", () => {
  it.each(Object.entries(dataOnly))("%s", (_name, ctor) => {
    expect(check(ctor)).toEqual([]);
  });

  it("in every constructor of the examples and the test fixtures", async () => {
    const found = new Set<Constructor>();
    for (const file of specFiles()) {
      // Fixtures that fail to load on purpose have no constructor to check.
      const module: unknown = await import(join(ROOT, file)).catch(() => undefined);
      constructorsIn(module, found);
    }
    const names = [...found].map((c) => c.spec.name);
    expect(names).toEqual(expect.arrayContaining(["webapp", "nginxReverseProxyHostBased"]));
    expect(names).toEqual(
      expect.arrayContaining(["mysql", "simpleAppservingTomcat", "supervisord"]),
    );
    expect(found.size).toBeGreaterThan(20);
    expect([...found].flatMap(check)).toEqual([]);
  });
});

describe("a symbolic run with the probed value put in", () => {
  const suffix = nix.ref("suffix");
  const sub = { name: "suffix", value: "" };

  it("writes the value into strings and attribute names, as a template literal does", () => {
    expect(sameBuild(`app${suffix}`, "app", sub)).toBe(true);
    expect(sameBuild({ [`${suffix}-x`]: `${suffix}` }, { "-x": "" }, sub)).toBe(true);
    expect(sameBuild(`app${suffix}`, "app-1", sub)).toBe(false);
  });

  it("puts the value where the parameter is a value, and compares terms by structure", () => {
    expect(
      sameBuild({ A: suffix, B: nix.toString(suffix) }, { A: "", B: nix.toString("") }, sub),
    ).toBe(true);
    expect(sameBuild([suffix], [nix.ref("other")], sub)).toBe(false);
    expect(sameBuild({ a: 1, b: undefined }, { a: 1 }, sub)).toBe(true);
  });

  it("takes two functions for the same: each run makes its own, and none has a Nix literal", () => {
    expect(sameBuild({ f: () => 1 }, { f: () => 1 }, sub)).toBe(true);
    expect(sameBuild({ f: () => 1 }, { f: 1 }, sub)).toBe(false);
  });
});

describe("a build whose result holds a function", () => {
  const FIXTURE = "test/checks/fixtures/constructor-holding-function";

  it("is reported as TN3001 only, not also as a build that makes something else each run", () => {
    const result = typenix(["check", FIXTURE]);
    expect(result.stderr).toContain(
      `${FIXTURE}/constructors.ts:13:22: error TN3001: environment.CB: a function has no Nix literal`,
    );
    expect(result.stderr).toContain('error TN3001: "then": a function has no Nix literal');
    expect(result.stderr).not.toMatch(/TN5053|TN2010/);
    expect(result.status).toBe(1);
  });
});

describe("typenix", () => {
  const FIXTURE = "test/checks/fixtures/constructor-branch";
  const expected =
    `${FIXTURE}/processes.ts:10:13: error TN2010: constructor 'app' decides on its parameter 'verbose' in TypeScript, where its value is symbolic: with verbose = false, ${MAKES_ELSE}\n` +
    BOOLEAN_HINT("verbose");

  it("check fails on the constructor", () => {
    const result = typenix(["check", FIXTURE]);
    expect(result.stderr).toContain(expected);
    expect(result.status).toBe(1);
  });

  it("synth --json-specs fails and writes nothing", () => {
    const out = tempDir();
    const result = typenix(["synth", FIXTURE, "-o", out, "--json-specs"]);
    expect(result.stderr).toContain(expected);
    expect(result.status).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });
});

/** The spec files of the examples and of the test fixtures but those of this check's mistakes. */
function specFiles(): string[] {
  const skip = /node_modules|\/out\/|type-error|constructor-branch\/|decisions\.ts/;
  return ["examples", "test/checks/fixtures", "test/cli/fixtures"]
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)),
    )
    .filter((f) => f.endsWith(".ts") && !skip.test(f));
}

/** The constructors a module's exports hold, directly or in models and calls. */
function constructorsIn(value: unknown, found: Set<Constructor>, depth = 0): void {
  const isObject = (typeof value === "object" && value !== null) || typeof value === "function";
  if (!isObject || isNixValue(value) || depth > 8) return;
  if ((value as { kind?: unknown }).kind === "constructor") {
    found.add(value as Constructor);
    return;
  }
  for (const inner of Object.values(value)) constructorsIn(inner, found, depth + 1);
}
