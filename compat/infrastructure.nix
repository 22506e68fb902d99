# The targets the upstream Disnix examples distribute to, each with the
# containers their services are deployed into.
{
  test1 = {
    properties.hostname = "test1";
    containers.tomcat-webapplication.tomcatPort = 8080;
    containers.mysql-database.mysqlPort = 3306;
  };
  test2 = {
    properties.hostname = "test2";
    containers.tomcat-webapplication.tomcatPort = 8080;
    containers.mysql-database.mysqlPort = 3306;
  };
  test3 = {
    properties.hostname = "test3";
    containers.tomcat-webapplication.tomcatPort = 8080;
    containers.mysql-database.mysqlPort = 3306;
  };
}
