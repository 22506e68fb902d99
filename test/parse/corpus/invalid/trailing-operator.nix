f -
