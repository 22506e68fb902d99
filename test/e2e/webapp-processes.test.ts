/**
 * The webapp + nginx processes example end to end: synth, then the real Nix
 * evaluates the generated model (with stand-ins for Nixpkgs and
 * createManagedProcess) to what the example declares, and the JSON specs
 * equal the processManager = null evaluation.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nixEvalFileJson, requireNix } from "../support/real-nix.js";
import { STAND_IN_ARGS, tempDir, typenix } from "../support/typenix-cli.js";

const STORE_PATH = (name: string): RegExp => new RegExp(`^/nix/store/[0-9a-z]{32}-${name}$`);

type Evaluated = Record<string, { port: number; dnsName?: string; pkg: Record<string, unknown> }>;

function evaluate(out: string, processManager: string): Evaluated {
  const wrapper = join(out, `eval-${processManager}.nix`);
  writeFileSync(
    wrapper,
    `builtins.mapAttrs (n: i: i // { pkg = i.pkg.managedProcess; }) (import ./processes.nix { processManager = ${processManager}; })\n`,
  );
  return nixEvalFileJson(wrapper, STAND_IN_ARGS) as Evaluated;
}

describe("examples/webapp-processes", () => {
  let out = "";
  beforeAll(() => {
    requireNix();
    out = tempDir();
    const result = typenix(["synth", "examples/webapp-processes", "-o", out, "--json-specs"]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });

  it("writes one file per model and constructor, and a manifest", () => {
    expect(readdirSync(out).sort()).toEqual([
      "constructors.nix",
      "nginxReverseProxyHostBased.nix",
      "processes.nix",
      "specs",
      "typenix-manifest.json",
      "webapp.nix",
    ]);
    const manifest = JSON.parse(readFileSync(join(out, "typenix-manifest.json"), "utf8")) as {
      outputs: { path: string }[];
    };
    expect(manifest.outputs.map((o) => o.path)).toContain("processes.nix");
  });

  it("evaluates under real Nix to the declared processes", () => {
    const value = evaluate(out, '"sysvinit"');
    expect(Object.keys(value).sort()).toEqual(["nginx", "webapp1", "webapp2"]);
    const webapp1 = value["webapp1"];
    expect(webapp1?.port).toBe(5000);
    expect(webapp1?.dnsName).toBe("webapp1.local");
    expect(webapp1?.pkg).toMatchObject({
      description: "Simple web application",
      instanceName: "webapp1",
      daemonArgs: ["-D"],
      environment: { PORT: 5000, PID_FILE: "/tmp/webapp1.pid" },
      user: "webapp1",
      credentials: {
        groups: { webapp1: {} },
        users: { webapp1: { group: "webapp1", description: "Webapp" } },
      },
      overrides: { sysvinit: { runlevels: [3, 4, 5] } },
    });
    expect(webapp1?.pkg["process"]).toMatch(STORE_PATH("webapp/bin/webapp"));
    expect(value["webapp2"]?.pkg["instanceName"]).toBe("webapp2");
    const nginx = value["nginx"]?.pkg;
    expect(nginx).toMatchObject({
      name: "nginx",
      instanceName: "nginx",
      environment: { LISTEN_PORT: 8080, UPSTREAMS: "webapp1.local:5000 webapp2.local:5001" },
      args: ["-p", "/var/nginx", "-c", "/var/nginx/nginx.conf"],
      daemonExtraArgs: ["-g", "pid /var/run/nginx.pid;"],
      initialize: "mkdir -p /var/nginx/logs\n",
    });
    expect(nginx?.["process"]).toMatch(STORE_PATH("nginx/bin/nginx"));
  });

  it("honours the standard parameters (stateDir moves runtime and tmp dirs)", () => {
    const wrapper = join(out, "eval-statedir.nix");
    writeFileSync(
      wrapper,
      `(import ./processes.nix { processManager = "systemd"; stateDir = "/srv"; }).nginx.pkg.managedProcess\n`,
    );
    const nginx = nixEvalFileJson(wrapper, STAND_IN_ARGS) as Record<string, unknown>;
    expect(nginx["daemonExtraArgs"]).toEqual(["-g", "pid /srv/run/nginx.pid;"]);
  });

  it("writes JSON specs equal to the processManager = null evaluation", () => {
    const value = evaluate(out, "null");
    const dirs = readdirSync(join(out, "specs"));
    expect(dirs).toHaveLength(3);
    const nameOf = (process: Record<string, unknown>): unknown =>
      process["name"] ?? process["instanceName"];
    // A dependency is the process Nix gives; the spec names the store path of its spec directory.
    const storePath = (dependency: { managedProcess: Record<string, unknown> }): string =>
      `/nix/store/${dirs.find((dir) => dir.slice(33) === nameOf(dependency.managedProcess))}`;
    for (const dir of dirs) {
      expect(dir).toMatch(/^[0-9a-df-np-sv-z]{32}-/);
      const name = dir.slice(33);
      const spec = JSON.parse(
        readFileSync(join(out, "specs", dir, `${name}.json`), "utf8"),
      ) as unknown;
      const process = Object.values(value).find((i) => nameOf(i.pkg) === name)?.pkg ?? {};
      const dependencies = process["dependencies"] as { managedProcess: Record<string, unknown> }[];
      expect(spec).toEqual(
        dependencies ? { ...process, dependencies: dependencies.map(storePath) } : process,
      );
    }
    const nginx = dirs.find((dir) => dir.endsWith("-nginx")) ?? "";
    const nginxSpec = JSON.parse(readFileSync(join(out, "specs", nginx, "nginx.json"), "utf8"));
    expect(nginxSpec.dependencies).toEqual([
      expect.stringMatching(STORE_PATH("webapp1")),
      expect.stringMatching(STORE_PATH("webapp2")),
    ]);
  });
});
