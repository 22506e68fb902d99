# Nothing of its own: the container services merged with the application
# services.
{ pkgs, system, distribution, invDistribution
, stateDir ? "/var"
, processManager ? "systemd"
}@args:

let
  containerServices = import ./services-containers.nix args;

  applicationServices = import ./services-simple.nix {
    inherit pkgs system distribution invDistribution;
  };
in
containerServices // applicationServices
