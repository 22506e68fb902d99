{
  ids = {
    webappPorts = {
      webapp = 5000;
    };
    nginxPorts = {
      nginx = 8080;
    };
  };

  lastAssignments = {
    webappPorts = 5000;
    nginxPorts = 8080;
  };
}
