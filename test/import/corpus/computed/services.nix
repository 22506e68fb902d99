{ system, pkgs, distribution, invDistribution, stateDir ? "/var", processManager ? "sysvinit" }:

let
  sharedPkgs = {
    proxy = { }: pkgs.nginx;
  };
  processType = if processManager == "sysvinit" then "sysvinit-script" else "process";
in
{
  webapp1 = rec {
    name = "webapp1";
    dnsName = "webapp1.local";
    port = 5000;
    pkg = pkgs.hello;
    type = processType;
  };
  webapp2 = {
    name = "webapp2";
    port = 5001;
    pkg = pkgs.hello;
    type = processType;
  };
} //

# Generate a proxy per target host
builtins.listToAttrs (map (targetName:
  let serviceName = "proxy-${targetName}"; in
  { name = serviceName;
    value = { name = serviceName; pkg = sharedPkgs.proxy {};
      dependsOn = builtins.removeAttrs ((builtins.getAttr targetName invDistribution).services) [ serviceName ];
      type = processType; };
  }) (builtins.attrNames invDistribution))
