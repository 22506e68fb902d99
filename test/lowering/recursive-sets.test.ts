/**
 * A service or process instance whose constructor call takes one of its
 * own properties is written `rec { port = 8080; pkg = c.webapp { inherit
 * port; }; }`. The `rec` must not capture a name another binding of the
 * set reads: `dependsOn = { inherit mysql; }` beside a property `mysql`
 * must still name the mysql service. Checked by evaluating the generated
 * models with the real Nix.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { ROOT, STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

// Inside the repository, so the spec files resolve @typenix/dsl.
const root = mkdtempSync(join(ROOT, "test/lowering/.out-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PROXY = `import { createManagedProcess, defineConstructor, z } from "@typenix/dsl";

export default defineConstructor({
  name: "proxy",
  params: z.object({ port: z.number(), instanceSuffix: z.string().default("") }),
  build: ({ port, instanceSuffix }) =>
    createManagedProcess({
      name: \`proxy\${instanceSuffix}\`,
      process: "/bin/proxy",
      environment: { PORT: port },
    }),
});
`;

/** PROXY taking inter-dependencies, as the pkg of a service with dependsOn must (TN5009). */
const PROXY_WITH_DEPS = PROXY.replace("build:", "interDependencies: true,\n  build:");

const CONSTRUCTORS = `import { constructors } from "@typenix/dsl";
import proxy from "./proxy.js";

export default constructors({ proxy });
`;

/** Synthesizes the spec files `files` (the constructors above included); gives OUT. */
function synth(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "proxy.ts"), PROXY);
  writeFileSync(join(dir, "constructors.ts"), CONSTRUCTORS);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const out = tempDir();
  const result = typenix(["synth", dir, "-o", out]);
  expect(result.stderr).not.toMatch(/error/);
  expect(result.status).toBe(0);
  return out;
}

/** `expr`, evaluated with `s` bound to the services model of `out`. */
function evalServices(out: string, expr: string): unknown {
  return nixEvalJson(
    `let s = import ${join(out, "services.nix")} {
      system = "x86_64-linux"; pkgs = import <nixpkgs> { };
      distribution = { }; invDistribution = { };
    }; in ${expr}`,
    STAND_IN_ARGS,
  );
}

describe("a set made rec for a constructor call's inherited arguments", () => {
  requireNix();

  it("does not capture a dependency named like one of its properties", () => {
    const out = synth("dependency", {
      "proxy.ts": PROXY_WITH_DEPS,
      "services.ts": `import { pkgs, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";

const mysql = service({ pkg: pkgs.hello, type: "process" });
const proxy = service({
  port: 8080,
  mysql: "staff-db",
  pkg: constructors.proxy({ port: 8080 }),
  dependsOn: { mysql },
  type: "process",
});

export default services({ mysql, proxy });
`,
    });
    expect(
      evalServices(
        out,
        `{ dep = s.proxy.dependsOn.mysql.name; inherit (s.proxy) mysql port;
           env = (s.proxy.pkg { }).managedProcess.environment; }`,
      ),
    ).toEqual({ dep: "mysql", mysql: "staff-db", port: 8080, env: { PORT: 8080 } });
  });

  it("does not capture the constructors model named like one of its properties", () => {
    const out = synth("constructors", {
      "services.ts": `import { service, services } from "@typenix/dsl";
import constructors from "./constructors.js";

export default services({
  proxy: service({
    port: 8080,
    constructors: "none",
    pkg: constructors.proxy({ port: 8080 }),
    type: "process",
  }),
});
`,
    });
    expect(
      evalServices(
        out,
        `{ inherit (s.proxy) constructors; inherit (s.proxy.pkg.managedProcess) environment; }`,
      ),
    ).toEqual({ constructors: "none", environment: { PORT: 8080 } });
  });

  it("in a processes model, does not capture an instance named like a property", () => {
    const out = synth("processes", {
      "processes.ts": `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";

const backend = processInstance({
  port: 5000,
  pkg: constructors.proxy({ port: 5000, instanceSuffix: "1" }),
});
const front = processInstance({
  port: 8080,
  backend: "none",
  upstream: backend,
  pkg: constructors.proxy({ port: 8080, instanceSuffix: "2" }),
});

export default processes({ backend, front }, { constructors });
`,
    });
    const value = nixEvalJson(
      `let p = import ${join(out, "processes.nix")} { processManager = null; }; in
       { upstream = p.front.upstream.port; inherit (p.front) backend port;
         env = p.front.pkg.managedProcess.environment; }`,
      STAND_IN_ARGS,
    );
    expect(value).toEqual({ upstream: 5000, backend: "none", port: 8080, env: { PORT: 8080 } });
  });

  it("stays rec, with inherit, where nothing else reads its names", () => {
    const out = synth("safe", {
      "proxy.ts": PROXY_WITH_DEPS,
      "services.ts": `import { pkgs, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";

const mysql = service({ pkg: pkgs.hello, type: "process" });
const proxy = service({
  port: 8080,
  pkg: constructors.proxy({ port: 8080 }),
  dependsOn: { mysql },
  type: "process",
});

export default services({ mysql, proxy });
`,
    });
    const text = readFileSync(join(out, "services.nix"), "utf8");
    expect(text).toContain("proxy = rec {");
    expect(text).toContain("pkg = constructors.proxy { inherit port; };");
    expect(evalServices(out, "s.proxy.dependsOn.mysql.name")).toBe("mysql");
  });
});
