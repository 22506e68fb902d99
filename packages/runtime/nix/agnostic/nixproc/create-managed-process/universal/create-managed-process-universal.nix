# createManagedProcess for target-agnostic JSON specs (processManager = null):
# the spec is exactly the arguments the constructor passed, as
# nix-processmgmt's create-agnostic-config.nix writes them. It takes the
# arguments upstream's agnostic create-managed-process.nix takes, with its
# defaults, so Nix refuses what upstream refuses: an argument it does not
# take, a process with no name. The marker lets typenix turn `dependencies`
# entries into paths of sibling spec directories. A process built for a
# process manager (constructors made with processManager = "supervisord",
# say) is that manager's configuration upstream, not a JSON spec: it gives
# the manager and its name, for typenix to say it has no spec.
{
  processManager ? null,
  ...
}:

{
  name ? instanceName,
  description ? name,
  initialize ? "",
  process ? null,
  args ? [ ],
  daemon ? process,
  daemonExtraArgs ? [ ],
  daemonArgs ? (args ++ daemonExtraArgs),
  instanceName ? null,
  pidFile ? null,
  foregroundProcess ? process,
  foregroundProcessExtraArgs ? [ ],
  foregroundProcessArgs ? (args ++ foregroundProcessExtraArgs),
  path ? [ ],
  environment ? { },
  directory ? null,
  umask ? null,
  nice ? null,
  user ? null,
  dependencies ? [ ],
  credentials ? { },
  overrides ? { },
  postInstall ? "",
}@properties:

if name == null then
  throw "No process name was specified or can be inferred!"
else if processManager != null then
  {
    inherit name;
    __typenixManagedProcess = true;
    __typenixProcessManager = processManager;
  }
else
  properties // { __typenixManagedProcess = true; }
