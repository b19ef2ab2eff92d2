namespace rehearsa::cli { int run(int, char**) { return 69; } }
