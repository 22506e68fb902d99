''
  unclosed
