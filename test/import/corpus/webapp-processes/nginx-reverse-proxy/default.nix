{createManagedProcess, nginx, stateDir, runtimeDir}:
{webapps ? [], port ? 80, dependencies ? [], instanceSuffix ? ""}:
interDeps:

let
  instanceName = "nginx${instanceSuffix}";
  nginxLogDir = "${stateDir}/${instanceName}/logs";
in
createManagedProcess {
  name = instanceName;
  description = "Nginx";
  initialize = ''
    mkdir -p ${nginxLogDir}
  '';
  process = "${nginx}/bin/nginx";
  args = [ "-p" "${stateDir}/${instanceName}" "-c" "${stateDir}/${instanceName}/nginx.conf" ];
  foregroundProcessExtraArgs = [ "-g" "daemon off;" ];
  daemonExtraArgs = [ "-g" "pid ${runtimeDir}/${instanceName}.pid;" ];
  environment = {
    UPSTREAMS = builtins.concatStringsSep " " (map (webapp: "${webapp.dnsName}:${toString webapp.port}") webapps);
    LISTEN_PORT = port;
  };

  inherit dependencies instanceName;

  overrides = {
    sysvinit = {
      runlevels = [ 3 4 5 ];
    };
  };
}
