/**
 * Model items made by one builder share one hidden class in V8, and keep
 * their call site. Spec code makes services by the thousand: items with a
 * class each made every read of them by the compiler a megamorphic lookup.
 * Checked with V8's own `%HaveSameMap` in a child process.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Runs `body` (with V8's natives syntax) after importing the DSL; returns its stdout lines. */
function runWithNatives(body: string): string[] {
  const program = `
    const dsl = await import("@typenix/dsl");
    const { service, target, createManagedProcess, defineConstructor, pkgs, z } = dsl;
    ${body}
  `;
  const run = spawnSync(
    process.execPath,
    ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", program],
    { cwd: new URL(".", import.meta.url), encoding: "utf8" },
  );
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim().split("\n");
}

describe("model items", () => {
  it("of one kind share one hidden class, and know where they were made", () => {
    const lines = runWithNatives(`
      const svc = (port) => service({ pkg: pkgs.hello, type: "process", port });
      const a = svc(1);
      const b = svc(2);
      const t1 = target({ properties: { hostname: "a" } });
      const t2 = target({ properties: { hostname: "b" } });
      const p1 = createManagedProcess({ foregroundProcess: "/bin/a" });
      const p2 = createManagedProcess({ foregroundProcess: "/bin/b" });
      const web = defineConstructor({
        name: "web",
        params: z.object({ port: z.number() }),
        build: ({ port }) => ({ name: "web", port, pkg: pkgs.hello, type: "process" }),
      });
      const c1 = web({ port: 1 });
      const c2 = web({ port: 2 });
      console.log(%HaveSameMap(a, b), %HaveSameMap(t1, t2), %HaveSameMap(p1, p2), %HaveSameMap(c1, c2));
      console.log(a.site?.line, b.site?.line, a.kind, Object.keys(a).join(","));
    `);
    expect(lines[0]).toBe("true true true true");
    // Both services are made on the line of `svc` (line 2 of the body, after 4 lines of imports).
    const [lineA, lineB, kind, keys] = (lines[1] ?? "").split(" ");
    expect(lineA).toBe(lineB);
    expect(Number(lineA)).toBeGreaterThan(0);
    expect(kind).toBe("service");
    expect(keys).toBe("kind,spec");
  });
});
