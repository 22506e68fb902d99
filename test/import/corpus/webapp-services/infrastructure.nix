{
  test1 = {
    properties = {
      hostname = "test1";
    };
    system = "x86_64-linux";
  };

  test2 = {
    properties = {
      hostname = "test2";
    };
    numOfCores = 2;
    system = "x86_64-linux";
  };
}
