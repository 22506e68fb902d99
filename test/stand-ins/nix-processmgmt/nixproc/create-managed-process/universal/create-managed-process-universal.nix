# A stand-in for nix-processmgmt's createManagedProcess in tests: it returns
# the arguments the constructor passed and the process manager it was for.
{ processManager, ... }:

args: { managedProcess = args; inherit processManager; }
