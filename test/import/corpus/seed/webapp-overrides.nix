{ createManagedProcess, stateDir, processManager }:
{ instanceSuffix ? "", instanceName ? "webapp${instanceSuffix}" }:

let
  dataDir = "${stateDir}/lib/${instanceName}";
in
createManagedProcess {
  inherit instanceName;
  process = "/bin/webapp";
  # Settings for some process managers only, computed in Nix.
  overrides = {
    systemd.Service.WorkingDirectory = dataDir;
  } // (if processManager == "supervisord" then { supervisord.program.autorestart = true; } else { });
}
