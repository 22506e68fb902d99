# The container services, deployed together with the application services
# that run in them.
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

  applicationServices = import ./services-simple.nix {
    inherit pkgs system distribution invDistribution;
  };
in
rec {
  simpleAppservingTomcat = constructors.simpleAppservingTomcat {
    httpPort = 8080;
    type = "systemd-unit";
  };

  axis2 = customPkgs.axis2 {};
} // applicationServices
