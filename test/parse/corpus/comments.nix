# Leading comment of the file.
{
  # Comment on a binding.
  a = 1; # trailing comment

  /* Block comment. */
  b = [
    1 # after an item
    # before an item
    2

    3
    # before the closing bracket
  ];
  c = /* inline */ 3;
  f = { x, # after a formal
    y }: x;
  l = let
    v = 1; # about v
    # before in
  in v;
  # before the closing brace
}
# Trailing comment of the file.
