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

/** The three model files of a deployment. */
export interface DisnixFiles {
  readonly services: string;
  readonly infrastructure: string;
  readonly distribution: string;
}

/**
 * The evaluated deployment in `out` (or of `files`, absolute paths);
 * `extra` is a Nix attribute set text of extra services-model arguments.
 */
export function evaluateDisnix(out: string, extra = "{ }", files?: DisnixFiles): DisnixView {
  const wrapper = join(out, "eval-disnix.nix");
  const { services, infrastructure, distribution } = files ?? {
    services: "./services.nix",
    infrastructure: "./infrastructure.nix",
    distribution: "./distribution.nix",
  };
  writeFileSync(
    wrapper,
    `let
  pkgs = import <nixpkgs> { };
  infrastructure = import ${infrastructure};
  distribution = import ${distribution} { inherit infrastructure; };
  # As Disnix passes it: each service with the targets it is distributed to.
  invDistribution = builtins.mapAttrs (n: d: { targets = if builtins.isList d then d else map (t: t.target) d.targets; }) distribution;
  services = import ${services} ({ system = builtins.currentSystem; inherit pkgs distribution invDistribution; } // ${extra});
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
