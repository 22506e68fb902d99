/**
 * Symbolic values whose Nix type is known (a `nix.local` bound to a number,
 * a constructor parameter declared `z.number()`) inside template literals:
 * Nix interpolates only strings and paths, so a number is written through
 * `toString` and a boolean as "true"/"false", the text JavaScript gives.
 * A list parameter's `.length` is `builtins.length`. Each value is checked
 * by evaluating the generated Nix with the real Nix.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  callingGroup,
  callingUser,
  createManagedProcess,
  defineConstructor,
  forceDisableUserChange,
  nix,
  pkgs,
  processManager,
  service,
  services,
  symbolicValue,
  z,
  type NixData,
} from "@typenix/dsl";
import { synthesize, type SynthResult } from "@typenix/compiler";
import { nixEvalJson, requireNix } from "../support/real-nix.js";

const out = mkdtempSync(join(tmpdir(), "typenix-typed-interpolation-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function synth(value: unknown): SynthResult {
  return synthesize([{ file: join(out, "spec.ts"), value }], { outDir: out });
}

/** Writes the generated files; gives the path of the (one) Nix file. */
function written(result: SynthResult): string {
  expect(result.diagnostics).toEqual([]);
  for (const file of result.files) writeFileSync(join(out, file.path), file.content);
  return join(out, result.files.find((f) => f.path.endsWith(".nix"))?.path ?? "");
}

/** The `text` of each service of the services model for `texts`, as Nix evaluates it. */
function serviceTexts(texts: Record<string, NixData>): unknown {
  const model = services(
    Object.fromEntries(
      Object.entries(texts).map(([name, text]) => [
        name,
        service({ pkg: pkgs.hello, type: "process", text }),
      ]),
    ),
  );
  const file = written(synth(model));
  return nixEvalJson(
    `builtins.mapAttrs (name: s: s.text) (import ${file} {
      system = "x86_64-linux"; pkgs = { hello = "hello"; }; distribution = { }; invDistribution = { };
    })`,
  );
}

/** The environment a constructor's generated function gives for `args`. */
function environment(build: (p: Record<string, NixData>) => NixData, args: string): unknown {
  const webapp = defineConstructor({
    name: "webapp",
    params: z.object({
      port: z.int(),
      count: z.int().default(2),
      on: z.boolean(),
      off: z.boolean().default(true),
      ports: z.array(z.number()),
      fixed: z.literal(8080),
      either: z.union([z.string(), z.int()]).default(3),
      level: z.enum({ low: 1, high: 2 }).default(2),
    }),
    build: (p) =>
      createManagedProcess({
        name: "webapp",
        process: "/bin/webapp",
        environment: build(p as Record<string, NixData>) as Record<string, NixData>,
      }),
  });
  return nixEvalJson(
    `(import ${written(synth(webapp))} { createManagedProcess = p: p.environment; }) ${args}`,
  );
}

const ARGS = "{ port = 5000; on = true; off = false; ports = [ 1 2 3 ]; fixed = 8080; }";

describe("a value known to be a number or a boolean, in a string", () => {
  requireNix();

  it("a nix.local bound to a number is written through toString", () => {
    const port = nix.local("port", 5000);
    const negative = nix.local("negative", -3);
    expect(
      serviceTexts({ url: `http://localhost:${port}/`, alone: `${port}`, neg: `n${negative}` }),
    ).toEqual({ url: "http://localhost:5000/", alone: "5000", neg: "n-3" });
  });

  it("a boolean (a nix.local, forceDisableUserChange) reads as JavaScript writes it", () => {
    const on = nix.local("on", true);
    const off = nix.local("off", false);
    expect(serviceTexts({ a: `on=${on}`, b: `${off}`, c: `${forceDisableUserChange}` })).toEqual({
      a: "on=true",
      b: "false",
      c: "false",
    });
  });

  it("a value made of numbers (arithmetic, a local of a local, nix.length) is a number", () => {
    const port = nix.local("port", 5000);
    const base = nix.local("base", port);
    const next = nix.op(base, "+", 1);
    const same = nix.op(port, "==", 5000);
    const count = nix.length(nix.local("list", ["a", "b"]));
    expect(
      serviceTexts({ a: `${next}`, b: `${nix.op(port, "*", 2)}`, c: `${same}`, d: `${count}` }),
    ).toEqual({ a: "5001", b: "10000", c: "true", d: "2" });
  });

  it("a constructor parameter declared as a number or a boolean", () => {
    const env = environment(
      ({ port, count, on, off }) => ({
        URL: `http://localhost:${port}/`,
        COUNT: `${count}x`,
        ON: `${on}`,
        OFF: `[${off}]`,
      }),
      ARGS,
    );
    expect(env).toEqual({ URL: "http://localhost:5000/", COUNT: "2x", ON: "true", OFF: "[false]" });
  });

  it("a literal, a union of strings and integers, an enum of numbers", () => {
    const env = environment(
      ({ fixed, either, level }) => ({ A: `:${fixed}`, B: `${either}x`, C: `L${level}` }),
      "{ port = 1; on = true; ports = [ ]; fixed = 8080; }",
    );
    expect(env).toEqual({ A: ":8080", B: "3x", C: "L2" });
  });

  it("the length of a list parameter is builtins.length, a number", () => {
    const env = environment(
      ({ ports }) => ({ N: (ports as unknown[]).length, TEXT: `${(ports as unknown[]).length}` }),
      ARGS,
    );
    expect(env).toEqual({ N: 3, TEXT: "3" });
  });
});

/** The generated function of a constructor of `params` whose environment `build` makes. */
function constructorFile(
  params: z.ZodObject,
  build: (p: Record<string, NixData>) => Record<string, NixData>,
): SynthResult {
  const webapp = defineConstructor({
    name: "webapp",
    params,
    build: (p) =>
      createManagedProcess({
        name: "webapp",
        process: "/bin/webapp",
        environment: build(p as Record<string, NixData>),
      }),
  });
  return synth(webapp);
}

describe("a bigint, and a union of strings, integers and booleans, in a string", () => {
  requireNix();

  const params = z.object({
    big: z.bigint().default(5n),
    flag: z.union([z.string(), z.boolean()]).default(true),
    mixed: z.union([z.string(), z.int(), z.boolean()]).default("x"),
  });
  const texts = (p: Record<string, unknown>) => ({
    A: `${p.big as bigint}`,
    B: `[${p.flag as string}]`,
    C: `m=${p.mixed as string}`,
  });

  it.each([
    ["left out", {}, "{ }"],
    ["given", { big: 7n, flag: "on", mixed: false }, '{ big = 7; flag = "on"; mixed = false; }'],
    ["given others", { flag: false, mixed: 3 }, "{ flag = false; mixed = 3; }"],
  ])("reads as JavaScript writes it, %s", (_, given, args) => {
    const file = written(constructorFile(params, texts));
    const env = nixEvalJson(
      `(import ${file} { createManagedProcess = p: p.environment; }) ${args}`,
    );
    expect(env).toEqual(texts(params.parse(given)));
  });
});

describe("values Nix cannot write as JavaScript does", () => {
  it("a number that may be a fraction, a set, a union with null in a string are reported", () => {
    const result = constructorFile(
      z.object({
        ratio: z.number().default(0.5),
        count: z.number(),
        label: z.union([z.string(), z.null()]).default("a"),
        extra: z.record(z.string(), z.string()).default({ k: "v" }),
        options: z.object({ on: z.boolean() }),
      }),
      ({ ratio, count, label, extra, options }) => ({
        A: `--ratio=${ratio}`,
        B: `${count}`,
        C: `-l ${label}`,
        D: `${extra}`,
        E: `-o ${options}`,
      }),
    );
    const found = result.diagnostics.map((d) => [d.code, d.message.split(":")[1]?.trim()]);
    expect(found).toEqual([
      ["TN3046", "'ratio'"],
      ["TN3046", "'count'"],
      ["TN3043", "'label'"],
      ["TN3047", "'extra'"],
      ["TN3047", "'options'"],
    ]);
    expect(result.diagnostics.every((d) => d.hint !== undefined && d.location !== undefined)).toBe(
      true,
    );
  });

  it("a list method on a list parameter is reported with the builder to use", () => {
    const webapp = defineConstructor({
      name: "webapp",
      params: z.object({ ports: z.array(z.number()) }),
      build: ({ ports }) =>
        createManagedProcess({
          name: "webapp",
          process: "/bin/webapp",
          args: ports.map((p) => `--port=${p}`),
        }),
    });
    const [diagnostic] = synth(webapp).diagnostics;
    expect(diagnostic?.code).toBe("TN3042");
    expect(diagnostic?.message).toContain("ports");
    expect(diagnostic?.hint).toContain("nix.map");
  });

  it("a parameter that may be null in a string is reported", () => {
    const webapp = defineConstructor({
      name: "webapp",
      params: z.object({
        maybe: z.int().nullable().default(7),
        flag: z.boolean().optional(),
        user: z.string().optional(),
        named: z.string().optional(),
      }),
      defaults: { named: () => "webapp" },
      build: ({ maybe, flag, user, named }) =>
        createManagedProcess({
          name: "webapp",
          process: "/bin/webapp",
          environment: { A: `${maybe}`, B: `${flag}`, C: `-u ${user}`, D: `${named}` },
        }),
    });
    const diagnostics = synth(webapp).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.message.split(":").slice(0, 2).join(":")])).toEqual([
      ["TN3043", "environment.A: 'maybe'"],
      ["TN3043", "environment.B: 'flag'"],
      ["TN3043", "environment.C: 'user'"],
    ]);
  });

  it("a list or a fraction in a string is reported", () => {
    const list = nix.local("list", [1, 2]);
    const half = nix.local("half", 0.5);
    const model = services({
      a: service({ pkg: pkgs.hello, type: "process", text: `${list}` }),
      b: service({ pkg: pkgs.hello, type: "process", text: `${half}` }),
    });
    expect(synth(model).diagnostics.map((d) => d.code)).toEqual(["TN3040", "TN3041"]);
  });
});

describe("numbers in the command-line arguments of a process", () => {
  const argument = (d: { readonly code: string; readonly message: string }): string[] => [
    d.code,
    d.message.split(": ").slice(0, 2).join(": "),
  ];

  it("a number that is or may be a fraction is reported, as in a string", () => {
    const webapp = defineConstructor({
      name: "webapp",
      params: z.object({ ratio: z.number().default(1), port: z.int().default(80) }),
      build: ({ ratio, port }) =>
        createManagedProcess({
          name: "webapp",
          process: "/bin/webapp",
          args: ["--r", ratio, 0.5, -3, port],
          daemonArgs: [0.25],
          foregroundProcessExtraArgs: [nix.op(port, "/", 2)],
        }),
    });
    const result = synth(webapp);
    expect(result.diagnostics.map(argument)).toEqual([
      ["TN3046", "args[1]: 'ratio'"],
      ["TN3041", "args[2]: 0.5"],
      ["TN3041", "daemonArgs[0]: 0.25"],
    ]);
    expect(result.diagnostics.every((d) => d.hint !== undefined && d.location !== undefined)).toBe(
      true,
    );
  });

  it("also in a process that is a value of a Nix expression", () => {
    // Past the types (synth does not type-check): a process chosen in Nix is lowered as a value.
    const chosen = (on: boolean, ratio: number): NixData =>
      nix.if(
        on,
        createManagedProcess({ name: "webapp", process: "/bin/webapp", args: [ratio] }) as never,
        createManagedProcess({ name: "webapp", process: "/bin/webapp", args: [] }) as never,
      );
    const webapp = defineConstructor({
      name: "webapp",
      params: z.object({ on: z.boolean().default(false), ratio: z.number().default(1) }),
      build: (({ on, ratio }: { on: boolean; ratio: number }) => chosen(on, ratio)) as never,
    });
    expect(synth(webapp).diagnostics.map(argument)).toEqual([["TN3046", "args[0]: 'ratio'"]]);
  });

  it("integers pass, and Nix gets them as they are", () => {
    requireNix();
    const webapp = defineConstructor({
      name: "webapp",
      params: z.object({ port: z.int() }),
      build: ({ port }) =>
        createManagedProcess({
          name: "webapp",
          process: "/bin/webapp",
          args: ["-p", port, "--max-servers", 25, -3],
        }),
    });
    const file = written(synth(webapp));
    expect(
      nixEvalJson(`(import ${file} { createManagedProcess = p: p.args; }) { port = 5000; }`),
    ).toEqual(["-p", 5000, "--max-servers", 25, -3]);
  });
});

describe("a value that may also be a Nix expression, or piped, in a string", () => {
  requireNix();

  const params = z.object({
    port: z.int().or(symbolicValue()).default(80),
    on: z.boolean().or(symbolicValue()).default(true),
    piped: z.int().pipe(z.number()).default(3),
  });
  const texts = (p: Record<string, unknown>) => ({
    A: `:${String(p.port)}`,
    B: `on=${String(p.on)}`,
    C: `${String(p.piped)}x`,
  });

  it.each([
    ["left out", {}, "{ }"],
    ["given", { port: 8080, on: false, piped: 4 }, "{ port = 8080; on = false; piped = 4; }"],
  ])("reads as the value of its type does, %s", (_, given, args) => {
    const file = written(constructorFile(params, texts));
    const env = nixEvalJson(
      `(import ${file} { createManagedProcess = p: p.environment; }) ${args}`,
    );
    expect(env).toEqual(texts(params.parse(given)));
  });
});

describe("a parameter that may be null, in a string guarded by nix.if", () => {
  requireNix();

  const params = z.object({
    o: z.string().optional(),
    n: z.int().nullable().default(null),
    u: z.string().optional(),
  });
  const guarded = (p: Record<string, NixData>) => ({
    A: nix.if(nix.op(p.o, "!=", null), `--opt=${String(p.o)}`, ""),
    B: nix.if(nix.op(p.n, "==", null), "", `--n=${String(p.n)}`),
    C: nix.if(nix.not(nix.op(null, "==", p.u)), `-u ${String(p.u)}`, "none"),
    D: nix.if(
      nix.op(nix.op(p.o, "!=", null), "&&", nix.op(p.u, "!=", null)),
      `${String(p.o)}:${String(p.u)}`,
      "",
    ),
    E: nix.if(nix.op(p.u, "==", "me"), `u=${String(p.u)}`, ""),
  });

  it.each([
    ["left out", "{ }", { A: "", B: "", C: "none", D: "", E: "" }],
    [
      "given",
      '{ o = "x"; n = 2; u = "me"; }',
      { A: "--opt=x", B: "--n=2", C: "-u me", D: "x:me", E: "u=me" },
    ],
  ])("is accepted where the condition rules null out, %s", (_, args, expected) => {
    const file = written(constructorFile(params, guarded));
    const env = nixEvalJson(
      `(import ${file} { createManagedProcess = p: p.environment; }) ${args}`,
    );
    expect(env).toEqual(expected);
  });

  it("is reported in the other branch, or guarded by another parameter", () => {
    const result = constructorFile(params, (p) => ({
      A: nix.if(nix.op(p.o, "!=", null), "", `--opt=${String(p.o)}`),
      B: nix.if(nix.op(p.o, "!=", null), `-u ${String(p.u)}`, ""),
      C: nix.if(
        nix.op(nix.op(p.o, "!=", null), "||", nix.op(p.u, "!=", null)),
        `${String(p.o)}`,
        "",
      ),
      D: nix.if(nix.op(p.u, "!=", "me"), `${String(p.u)}`, ""),
    }));
    expect(result.diagnostics.map((d) => [d.code, d.message.split(":")[1]?.trim()])).toEqual([
      ["TN3043", "'o'"],
      ["TN3043", "'u'"],
      ["TN3043", "'o'"],
      ["TN3043", "'u'"],
    ]);
  });
});

describe("a model parameter whose default is null, in a string", () => {
  it.each([
    ["callingUser", callingUser],
    ["callingGroup", callingGroup],
    ["processManager", processManager],
  ])("%s is reported", (name, parameter) => {
    const result = constructorFile(z.object({}), () => ({ A: `x=${String(parameter)}` }));
    expect(result.diagnostics.map((d) => [d.code, d.message.split(":")[1]?.trim()])).toEqual([
      ["TN3043", `'${name}'`],
    ]);
  });
});

describe("the calling user and group where forceDisableUserChange holds", () => {
  const user = `${String(callingUser)}:${String(callingGroup)}`;

  it("read as written, as nix-processmgmt's tools pass them with it", () => {
    requireNix();
    const file = written(
      constructorFile(z.object({}), () => ({
        A: nix.if(forceDisableUserChange, user, "root"),
        B: nix.if(nix.not(forceDisableUserChange), "root", `-u ${String(callingUser)}`),
      })),
    );
    const env = (force: boolean): unknown =>
      nixEvalJson(
        `(import ${file} { createManagedProcess = p: p.environment; forceDisableUserChange = ${force}; callingUser = ${force ? '"alice"' : "null"}; callingGroup = ${force ? '"users"' : "null"}; }) { }`,
      );
    expect(env(true)).toEqual({ A: "alice:users", B: "-u alice" });
    expect(env(false)).toEqual({ A: "root", B: "root" });
  });

  it("are reported where it does not hold, and processManager also where it does", () => {
    const result = constructorFile(z.object({}), () => ({
      A: nix.if(forceDisableUserChange, "root", `${String(callingUser)}`),
      B: nix.if(nix.not(forceDisableUserChange), `${String(callingGroup)}`, ""),
      C: nix.if(forceDisableUserChange, `${String(processManager)}`, ""),
    }));
    expect(result.diagnostics.map((d) => [d.code, d.message.split(":")[1]?.trim()])).toEqual([
      ["TN3043", "'callingUser'"],
      ["TN3043", "'callingGroup'"],
      ["TN3043", "'processManager'"],
    ]);
  });
});

describe("processManager in a string of a services model", () => {
  const model = (parameters?: Record<string, NixData>) =>
    services(
      { web: service({ pkg: pkgs.hello, type: "process", text: `pm=${String(processManager)}` }) },
      parameters ? { parameters } : {},
    );

  it("is reported where the model leaves its default null", () => {
    expect(synth(model()).diagnostics.map((d) => d.code)).toEqual(["TN3043"]);
  });

  it("reads as written where the model gives it a default", () => {
    requireNix();
    const file = written(synth(model({ processManager: "sysvinit" })));
    expect(
      nixEvalJson(
        `(import ${file} { system = "x86_64-linux"; pkgs = { hello = "hello"; }; distribution = { }; invDistribution = { }; }).web.text`,
      ),
    ).toBe("pm=sysvinit");
  });
});
