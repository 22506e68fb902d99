/**
 * Services and distribution models with a part computed in Nix (the
 * `computed` option): synth writes `rec { ... } // <computed>` as Disnix's
 * examples do, and the real Nix evaluates the deployment with the computed
 * services and placements merged after the declared ones.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireNix } from "../support/real-nix.js";
import { evaluateDisnix } from "../support/disnix-eval.js";
import { tempDir, typenix } from "../support/typenix-cli.js";

const FIXTURE = "test/checks/fixtures/computed-parts";

/** As Disnix passes it: each target with the services distributed to it. */
const INVERSE_DISTRIBUTION = `{
  invDistribution = builtins.mapAttrs (targetName: target: target // {
    services = builtins.listToAttrs (map (name: { inherit name; value = { inherit name; }; })
      (builtins.filter (name: builtins.elem target distribution.\${name}) (builtins.attrNames distribution)));
  }) infrastructure;
}`;

describe("computed parts of services and distribution models", () => {
  requireNix();

  it("are merged after the declared entries, and Nix evaluates them", () => {
    const out = tempDir();
    const result = typenix(["synth", FIXTURE, "-o", out]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    const services = readFileSync(join(out, "services.nix"), "utf8");
    expect(services).toContain('\n}\n// {\n  container = {\n    name = "container";');
    expect(services).toContain("\n// builtins.listToAttrs (\n  map (\n");
    const distribution = readFileSync(join(out, "distribution.nix"), "utf8");
    expect(distribution).toContain(
      '{ infrastructure }:\n\nlet\n  productionTargets = builtins.removeAttrs infrastructure [ "test2" ];\nin\n{\n',
    );
    const deployment = evaluateDisnix(out, INVERSE_DISTRIBUTION);
    expect(deployment.distribution).toEqual({
      app: ["test1"],
      container: ["test1"],
      db: ["test2"],
      "proxy-test1": ["test1"],
    });
    expect(Object.keys(deployment.services).sort()).toEqual([
      "app",
      "container",
      "db",
      "proxy-test1",
      "proxy-test2",
    ]);
    expect(deployment.services["proxy-test1"]).toMatchObject({
      name: "proxy-test1",
      dependsOn: ["app", "container"],
      type: "process",
    });
    expect(deployment.services["proxy-test2"]).toMatchObject({ dependsOn: ["db"] });
  });
});
