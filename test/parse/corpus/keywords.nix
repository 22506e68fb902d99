let
  inherit (builtins) map;
  "if" = 1;
  then' = 2;
  assert-x = 3;
in
{
  inherit then';
  x = if true then assert true; with { a = 1; }; a else 0;
  y = let { body = 2; };
  z = rec { or = 1; y = 2; }.or;
  w = { "if" = 1; }."if";
}
