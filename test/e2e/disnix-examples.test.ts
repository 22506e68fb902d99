/**
 * The Disnix examples end to end: each synthesizes, and the real Nix
 * evaluates the generated services, infrastructure and distribution models
 * (composed as Disnix does, with stand-ins for Nixpkgs and nix-processmgmt)
 * to what the example declares.
 */
import { describe, expect, it } from "vitest";
import { evaluateDisnix } from "../support/disnix-eval.js";
import { requireNix } from "../support/real-nix.js";
import { tempDir, typenix } from "../support/typenix-cli.js";

const STORE = /^\/nix\/store\/[0-9a-z]{32}-/;

function synth(example: string): string {
  const out = tempDir();
  const result = typenix(["synth", `examples/${example}`, "-o", out]);
  expect(result.stderr).not.toMatch(/error|warning/);
  expect(result.status).toBe(0);
  return out;
}

describe("Disnix examples evaluate under real Nix to what they declare", () => {
  requireNix();

  it("webapp-services: process types follow processManager, dependsOn names the webapp", () => {
    const out = synth("webapp-services");
    const view = evaluateDisnix(out);
    expect(view.services["webapp"]).toMatchObject({
      name: "webapp",
      port: 5000,
      dnsName: "webapp.local",
      type: "sysvinit-script",
    });
    expect(view.services["webapp"]?.["pkg"]).toMatchObject({
      processManager: "sysvinit",
      managedProcess: { instanceName: "webapp", environment: { PORT: 5000 } },
    });
    // The proxy's pkg takes inter-dependencies: Disnix calls it with dependsOn.
    expect(view.services["nginxReverseProxy"]).toMatchObject({
      name: "nginxReverseProxy",
      port: 8080,
      dependsOn: ["webapp"],
      pkg: "<function>",
    });
    expect(view.distribution).toEqual({ webapp: ["test1"], nginxReverseProxy: ["test2"] });
    expect(view.infrastructure["test2"]).toEqual({
      properties: { hostname: "test2" },
      numOfCores: 2,
      system: "x86_64-linux",
    });
    const systemd = evaluateDisnix(out, '{ processManager = "systemd"; }');
    expect(systemd.services["webapp"]?.["type"]).toBe("systemd-unit");
  });

  it("webapp-agnostic: managed-process services and per-target process managers", () => {
    const view = evaluateDisnix(synth("webapp-agnostic"));
    expect(view.services["webapp"]?.["type"]).toBe("managed-process");
    expect(view.services["webapp"]?.["pkg"]).toMatchObject({ processManager: null });
    expect(view.infrastructure["test2"]?.["containers"]).toEqual({
      "managed-process": { processManager: "systemd" },
    });
  });

  it("stafftracker: long-form, short-form and constructor-built container providers", () => {
    const view = evaluateDisnix(synth("stafftracker"));
    const tomcat = view.services["simpleAppservingTomcat"];
    expect(tomcat?.["providesContainers"]).toMatchObject({
      "tomcat-webapplication": { httpPort: 8080, catalinaBaseDir: "/var/tomcat/webapps" },
    });
    expect(
      (tomcat?.["providesContainers"] as Record<string, { commonLibs: string[] }>)[
        "tomcat-webapplication"
      ]?.commonLibs[0],
    ).toMatch(STORE);
    expect(view.services["mysql"]).toMatchObject({
      providesContainer: "mysql-database",
      mysqlPort: 3306,
      mysqlUsername: "root",
    });
    expect(view.services["simpleAppservingTomcat-test"]).toMatchObject({
      name: "simpleAppservingTomcat-test",
      httpPort: 9080,
      serverPort: 8005,
      catalinaBaseDir: "/var/tomcat-test",
      providesContainers: {
        "tomcat-webapplication-test": { tomcatPort: 9080, catalinaBaseDir: "/var/tomcat-test" },
      },
      type: "systemd-unit",
    });
    expect(view.services["StaffService"]).toMatchObject({
      dependsOn: ["staff"],
      type: "tomcat-webapplication",
      pkg: "<function>",
    });
    expect(view.services["staff"]?.["pkg"]).toMatch(STORE);
  });

  it("multicontainers: two MySQL and two Tomcat instances, verbose distribution", () => {
    const view = evaluateDisnix(synth("multicontainers"));
    expect(view.services["mysql-secondary"]).toMatchObject({
      name: "mysql-secondary",
      mysqlPort: 3307,
      providesContainer: "mysql-database-secondary",
    });
    expect(view.services["simpleAppservingTomcat-secondary"]).toMatchObject({
      httpPort: 8081,
      serverPort: 8006,
    });
    expect(view.distribution["staff"]).toEqual([
      { target: "test1", container: "mysql-database-secondary" },
    ]);
    expect(view.distribution["GeolocationService"]).toEqual([
      { target: "test2", container: "tomcat-webapplication-primary" },
    ]);
    expect(view.distribution["mysql-primary"]).toEqual(["test1"]);
  });

  it("axis2: a container provided by a service deployed in another container", () => {
    const view = evaluateDisnix(synth("axis2"));
    expect(view.services["axis2"]).toMatchObject({
      type: "tomcat-webapplication",
      providesContainer: "axis2-webservice",
    });
    expect(view.services["HelloWorldService"]).toMatchObject({
      type: "axis2-webservice",
      dependsOn: ["HelloService"],
    });
  });

  it("supervisord: a process manager deployed as a container provider for other processes", () => {
    const view = evaluateDisnix(synth("supervisord"));
    expect(view.services["supervisord"]).toMatchObject({
      type: "systemd-unit",
      providesContainers: {
        "supervisord-program": { supervisordTargetDir: "/var/lib/supervisord/conf.d" },
      },
      pkg: {
        processManager: "systemd",
        managedProcess: { name: "supervisord", foregroundProcessExtraArgs: ["--nodaemon"] },
      },
    });
    expect(view.services["webapp"]).toMatchObject({
      type: "supervisord-program",
      pkg: { processManager: "supervisord" },
    });
    expect(view.services["nginx"]).toMatchObject({
      type: "supervisord-program",
      dependsOn: ["webapp"],
      pkg: "<function>",
    });
  });
});
