# createManagedProcess for target-agnostic JSON specs (processManager = null):
# the spec is exactly the arguments the constructor passed, as
# nix-processmgmt's create-agnostic-config.nix writes them. The marker lets
# typenix turn `dependencies` entries into paths of sibling spec directories.
{ ... }:

args: args // { __typenixManagedProcess = true; }
