let
  k = "dyn";
  s = { a = 1; z = 2; };
in
{
  a.b.c = 1;
  a.d = 2;
  "quoted key" = 3;
  ${k} = 4;
  "${k}2" = 5;
  inherit k;
  inherit (s) z;
  inherit "x-y" ${"w"};
  r = rec { x = 1; y = x; };
  legacy = let { body = 1; };
  or = 6;
  e = { };
  merged = { p = 1; };
  merged = { q = 2; };
  nested.n = 1;
  nested = { m = 2; };
  lists = [ [ ] [ [ 1 ] ] ];
}
