/**
 * The check that a constructor's body uses its parameters only as data.
 *
 * The body runs once with symbolic parameters to make the Nix function.
 * A symbolic value is an object, so JavaScript control flow on it (`verbose
 * ? a : b`, `opt ?? "none"`, `mode === "x"`) silently takes one branch, and
 * the generated function ignores the parameter there. To find that, the
 * body runs again with one parameter given a value its schema accepts (and
 * the others symbolic), and what it makes is compared with the symbolic run
 * in which the parameter is replaced by that value: any difference is a
 * decision made in TypeScript. A handful of runs per parameter, from its
 * schema: `false` and `true`, left out, each value of an enum, `""`, `0`,
 * `[]`, and the string and number literals the body compares with. A body
 * that makes something else on every run differs whatever it is given: it
 * is reported as such, not as a decision on the parameter that was probed.
 * A body no probe run made the same with (no parameter to try, or none
 * whose run compared alike) is run once more to find that too.
 */
import { SpecError, type Constructor, type NixData, type ProbeRun } from "@typenix/dsl/core";
import type { z } from "zod";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt } from "../lower/context.js";
import {
  comparedLiterals,
  probeValues,
  valueChange,
  type ComparedLiterals,
} from "./parameter-probes.js";
import { thrownMessage } from "../diagnostics/thrown.js";
import { sameBuild } from "./same-build.js";
import { withVaryingClock } from "./varying-clock.js";

/**
 * A diagnostic for each parameter of `ctor` that its body (or a derived
 * default) decides on in TypeScript, or whose schema changes the values
 * it is given; none when the symbolic run itself throws (lowering reports
 * that).
 */
export function checkConstructorBranches(ctor: Constructor): Diagnostic[] {
  // The runs read a clock that moves between them, so that one writing the time differs.
  return withVaryingClock(() => checkRuns(ctor));
}

function checkRuns(ctor: Constructor): Diagnostic[] {
  let base: ProbeRun;
  try {
    base = ctor.probe({});
  } catch {
    return [];
  }
  const compared = comparedLiterals([
    ctor.spec.build,
    ...Object.values(ctor.spec.defaults ?? {}).filter((d) => d !== undefined),
  ]);
  const runs: ProbeRuns = { alike: false };
  const found = Object.entries(ctor.spec.params.shape).flatMap(([name, schema]) =>
    checkParameter(ctor, base, { name, schema, compared, runs }),
  );
  // Run again only where a decision was found, or where no run made the same as
  // the first: most bodies have parameters and no decision, and cost nothing more.
  const decided = found.some((d) => d.code === "TN2010");
  if ((!decided && runs.alike) || runsAlike(ctor, base)) return found;
  return [...found.filter((d) => d.code !== "TN2010"), notDeterministicDiagnostic(ctor)];
}

/** Whether the body, run again with every parameter symbolic, makes what `base` made. */
function runsAlike(ctor: Constructor, base: ProbeRun): boolean {
  let again: ProbeRun;
  try {
    again = ctor.probe({});
  } catch {
    return false;
  }
  const keys = Object.keys(base.defaults);
  return (
    sameBuild(base.result, again.result) &&
    keys.length === Object.keys(again.defaults).length &&
    keys.every((key) => sameBuild(base.defaults[key], again.defaults[key]))
  );
}

/** TN5053: a body that makes something else each time it runs, its parameters the same. */
function notDeterministicDiagnostic(ctor: Constructor): Diagnostic {
  return errorAt(
    ctor.site,
    "TN5053",
    `constructor '${ctor.spec.name}' makes something else each time its build runs, given the same parameters: the generated Nix function holds what one run made`,
    "make build a function of its parameters alone: no counter it advances, Math.random(), Date.now() or other state that changes between runs (give such a value as a parameter, or work it out once outside build)",
  );
}

/** Whether a probe run made the same as the all-symbolic one (the body ran twice alike). */
interface ProbeRuns {
  alike: boolean;
}

/**
 * A parameter to check: its name, its schema, the literals the body
 * compares with, and the record of the runs it adds to.
 */
interface Parameter {
  readonly name: string;
  readonly schema: z.core.$ZodType;
  readonly compared: ComparedLiterals;
  readonly runs: ProbeRuns;
}

function checkParameter(ctor: Constructor, base: ProbeRun, parameter: Parameter): Diagnostic[] {
  const { name, schema, compared, runs } = parameter;
  const change = valueChange(schema);
  if (change !== undefined) return [changeDiagnostic(ctor, name, change)];
  const derived = ctor.spec.defaults?.[name] !== undefined;
  for (const value of probeValues(schema, derived, compared)) {
    const difference = differenceWith(ctor, base, name, value);
    if (difference === undefined) {
      runs.alike = true;
      continue;
    }
    return [
      difference.kind === "refused"
        ? refusedDiagnostic(ctor, name, value, difference.text)
        : decisionDiagnostic(ctor, name, value, difference.text),
    ];
  }
  return [];
}

/**
 * How the run given a value differs from the symbolic run: it makes
 * something else (a decision in TypeScript), or it passes the value on to
 * a constructor whose schema refuses it (`refused`, with that call's error).
 */
interface Difference {
  readonly kind: "decision" | "refused";
  readonly text: string;
}

/**
 * What the run given `value` for `name` makes otherwise than the symbolic
 * run; undefined when it makes the same.
 */
function differenceWith(
  ctor: Constructor,
  base: ProbeRun,
  name: string,
  value: unknown,
): Difference | undefined {
  let probed: ProbeRun;
  try {
    probed = ctor.probe({ [name]: value as NixData });
  } catch (error) {
    // A constructor the body calls refused the value: the schemas differ, nothing was decided.
    if (error instanceof SpecError && error.code === "TN2002")
      return { kind: "refused", text: thrownMessage(error) };
    return { kind: "decision", text: `build throws (${thrownMessage(error)})` };
  }
  const sub = { name, value };
  if (!sameBuild(base.result, probed.result, sub))
    return {
      kind: "decision",
      text: "build makes something else than the generated Nix function does",
    };
  const differing = Object.keys(base.defaults).find(
    (key) => !sameBuild(base.defaults[key], probed.defaults[key], sub),
  );
  return differing === undefined
    ? undefined
    : {
        kind: "decision",
        text: `the default of '${differing}' is something else than in the generated Nix function`,
      };
}

/**
 * TN2002: a value the parameter's schema takes that the body passes on
 * to a constructor whose schema refuses it (a wrapper of `webapp` taking
 * `z.int()` for webapp's `z.int().min(1)`): a call giving it fails.
 */
function refusedDiagnostic(
  ctor: Constructor,
  name: string,
  value: unknown,
  refusal: string,
): Diagnostic {
  return errorAt(
    ctor.site,
    "TN2002",
    `constructor '${ctor.spec.name}' takes ${givenText(name, value)}, which its build passes to a constructor whose schema refuses it: ${refusal}`,
    `give '${name}' the checks of the parameter it is passed to (.min(...), .max(...), ...), so that every value its schema takes is one the constructor it calls takes too`,
  );
}

/** `port = 0`, or `opt left out`. */
function givenText(name: string, value: unknown): string {
  return value === undefined ? `${name} left out` : `${name} = ${JSON.stringify(value)}`;
}

function decisionDiagnostic(
  ctor: Constructor,
  name: string,
  value: unknown,
  difference: string,
): Diagnostic {
  return errorAt(
    ctor.site,
    "TN2010",
    `constructor '${ctor.spec.name}' decides on its parameter '${name}' in TypeScript, where its value is symbolic: with ${givenText(name, value)}, ${difference}`,
    `${fixFor(name, value)}; build runs once with symbolic parameters, so ?:, if, &&, ||, ?? and === on a parameter always take the same branch`,
  );
}

/** The builder that makes the decision in Nix, for the value the body decided on. */
function fixFor(name: string, value: unknown): string {
  if (typeof value === "boolean")
    return `branch in Nix with nix.if(${name}, whenTrue, whenFalse) (nix.not(${name}) negates it)`;
  if (value === undefined || value === null)
    return `give '${name}' a default in its schema (.default(...)), or test it in Nix: nix.if(nix.op(${name}, "==", null), fallback, ${name})`;
  return `compare in Nix with nix.if(nix.op(${name}, "==", ${JSON.stringify(value)}), whenEqual, otherwise), and compute with nix.op`;
}

function changeDiagnostic(ctor: Constructor, name: string, change: string): Diagnostic {
  return errorAt(
    ctor.site,
    "TN2011",
    `the parameter '${name}' of constructor '${ctor.spec.name}' changes the values it is given (${change}), which the generated Nix function cannot do`,
    "keep the schema to checks (.int(), .min(), .refine()) and work the value out in build with nix.* builders (nix.op, nix.call, nix.if), or have callers pass it as build needs it",
  );
}
