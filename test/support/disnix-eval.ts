/**
 * Evaluates a generated Disnix deployment the way Disnix composes it:
 * infrastructure, distribution applied to it, services applied to
 * `system`, `pkgs` and the distribution. Functions (inter-dependency
 * packages) show as "<function>", dependencies as the names they refer to.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { nixEvalFileJson } from "./real-nix.js";
import { STAND_IN_ARGS } from "./typenix-cli.js";

export interface DisnixView {
  services: Record<string, Record<string, unknown>>;
  distribution: Record<string, (string | { target: string; container: string | null })[]>;
  infrastructure: Record<string, Record<string, unknown>>;
}

/** The evaluated deployment in `out`; `extra` is a Nix attribute set text of extra services-model arguments. */
export function evaluateDisnix(out: string, extra = "{ }"): DisnixView {
  const wrapper = join(out, "eval-disnix.nix");
  writeFileSync(
    wrapper,
    `let
  pkgs = import <nixpkgs> { };
  infrastructure = import ./infrastructure.nix;
  distribution = import ./distribution.nix { inherit infrastructure; };
  services = import ./services.nix ({ system = builtins.currentSystem; invDistribution = { }; inherit pkgs distribution; } // ${extra});
  show = v: if builtins.isFunction v then "<function>" else v;
  isDependency = k: k == "dependsOn" || k == "connectsTo" || k == "activatesAfter";
  showService = s: builtins.mapAttrs (k: v: if isDependency k then builtins.attrNames v else if k == "pkg" then show v else v) s;
  showTargets = d: if builtins.isList d then map (t: t.properties.hostname) d
    else map (t: { target = t.target.properties.hostname; container = t.container or null; }) d.targets;
in
{
  services = builtins.mapAttrs (n: showService) services;
  distribution = builtins.mapAttrs (n: showTargets) distribution;
  inherit infrastructure;
}
`,
  );
  return nixEvalFileJson(wrapper, STAND_IN_ARGS) as DisnixView;
}
