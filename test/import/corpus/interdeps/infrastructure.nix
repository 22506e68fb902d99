{
  test1 = {
    properties = {
      hostname = "test1.example.org";
      "mem.size" = 4096;
    };
    containers = {
      mysql-database = {
        mysqlPort = 3306;
      };
      tomcat-webapplication = {
        tomcatPort = 8080;
      };
    };
    system = "x86_64-linux";
    numOfCores = 4;
    clientInterface = "disnix-ssh-client";
    targetProperty = "hostname";
  };
}
