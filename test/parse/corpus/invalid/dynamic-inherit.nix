{ inherit ${x}; }
