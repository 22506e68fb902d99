# Leading comment of the file.
{
  # Comment on a binding.
  a = 1; # trailing comment

  /* Block comment. */
  b = [
    1 # after an item
    # before an item
    2
    # before the closing bracket
  ];
  c = /* inline */ 3;
  # before the closing brace
}
# Trailing comment of the file.
