"${x} unclosed after interpolation
