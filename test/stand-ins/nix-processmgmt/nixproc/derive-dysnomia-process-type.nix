# A stand-in for nix-processmgmt's process-type derivation in tests.
{ processManager }:

if processManager == null then "managed-process" else {
  sysvinit = "sysvinit-script";
  systemd = "systemd-unit";
  supervisord = "supervisord-program";
  bsdrc = "bsdrc-script";
  cygrunsrv = "cygrunsrv-service";
  launchd = "launchd-daemon";
  disnix = "process";
  docker = "docker-container";
  s6-rc = "s6-rc-service";
}.${processManager}
