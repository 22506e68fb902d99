{
  test1 = {
    properties = {
      hostname = "test1";
    };
  };

  test2 = {
    properties = {
      hostname = "test2";
    };
    containers = {
      mysql-database = {
        mysqlPort = 3306;
        mysqlUsername = "root";
        mysqlPassword = "secret";
      };
    };
  };
}
