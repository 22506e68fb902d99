{ pkgs
, stateDir
, logDir
, runtimeDir
, cacheDir
, libDir
, tmpDir
, forceDisableUserChange
, processManager
, ids ? {}
}:

let
  createManagedProcess = import <nix-processmgmt/nixproc/create-managed-process/universal/create-managed-process-universal.nix> {
    inherit pkgs runtimeDir stateDir logDir tmpDir forceDisableUserChange processManager ids;
  };
in
{
  webapp = import ./webapp {
    inherit createManagedProcess tmpDir;
  };

  nginxReverseProxy = import ./nginx-reverse-proxy {
    inherit createManagedProcess stateDir runtimeDir;
    inherit (pkgs) nginx;
  };
}
