/**
 * The checks run a constructor call with its arguments to see what it
 * makes (a process and its name, a service record), once per call: a call
 * that two process instances share, or one instance the model holds under
 * two keys, is run once, and still reported as a clash of names.
 */
import { describe, expect, it } from "vitest";
import {
  createManagedProcess,
  defineConstructor,
  processInstance,
  processes,
  z,
} from "@typenix/dsl";
import { checkMessages } from "../support/model-checks.js";

/** A constructor of processes named `app`, and how many times it has been run. */
function countedApp() {
  let runs = 0;
  const app = defineConstructor({
    name: "app",
    params: z.object({ port: z.number().int() }),
    build: ({ port }) => {
      runs++;
      return createManagedProcess({ name: "app", process: "/bin/app", environment: { port } });
    },
  });
  return { app, runs: () => runs };
}

describe("constructor calls the checks run", () => {
  it("runs a call two instances share once", () => {
    const { app, runs } = countedApp();
    const call = app({ port: 5000 });
    const one = processInstance({ pkg: call });
    const two = processInstance({ pkg: call });
    expect(checkMessages(processes({ one, two }))).toEqual([
      "TN5012: process instances 'two' and 'one' are both named 'app'",
    ]);
    expect(runs()).toBe(1);
  });

  it("runs the call of an instance the model holds under two keys once", () => {
    const { app, runs } = countedApp();
    const one = processInstance({ port: 5000, pkg: app({ port: 5000 }) });
    expect(checkMessages(processes({ one, two: one }))).toEqual([
      "TN5007: process instances 'two' and 'one' both claim port 5000",
      "TN5012: process instances 'two' and 'one' are both named 'app'",
    ]);
    expect(runs()).toBe(1);
  });

  it("sees the process the inner constructor makes for a constructor built on another", () => {
    const { app, runs } = countedApp();
    const wrapped = defineConstructor({
      name: "wrapped",
      params: z.object({ port: z.number().int() }),
      build: ({ port }) => app({ port }),
    });
    const chained = defineConstructor({
      name: "chained",
      params: z.object({}),
      build: () => wrapped({ port: 6000 }),
    });
    const one = processInstance({ pkg: wrapped({ port: 5000 }) });
    const two = processInstance({ pkg: chained({}) });
    expect(checkMessages(processes({ one, two }))).toEqual([
      "TN5012: process instances 'two' and 'one' are both named 'app'",
    ]);
    expect(runs()).toBe(2);
  });
});
