# The container services alone.
{ pkgs, system, distribution, invDistribution
, stateDir ? "/var"
, runtimeDir ? "${stateDir}/run"
, processManager ? "systemd"
}:

let
  constructors = import ../stafftracker/containers/constructors.nix {
    inherit pkgs stateDir runtimeDir processManager;
  };

  customPkgs = import ../stafftracker/top-level/all-packages.nix {
    inherit system pkgs stateDir;
  };
in
{
  simpleAppservingTomcat = constructors.simpleAppservingTomcat {
    httpPort = 8081;
    type = "systemd-unit";
  };

  axis2 = customPkgs.axis2 {};
}
