{ a, b ? 1, c ? { }, ... }@args:
let
  f = x: y: x;
  g = { p, q ? p }: p;
  h = args@{ ... }: args;
  i = { }: 1;
  j = { k, }: k;
  l = x : x;
  m = args @ { n ? 1 } : n;
in
[
  (f 1 2)
  (g { p = 1; })
  (h { })
  (map (x: x) [ 1 2 ])
  (builtins.map or 1)
  (f or)
  [ f or ]
  (i { })
]
