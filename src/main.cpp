#include "cli/cli.hpp"

int main(int argc, char** argv) {
    return rehearsa::cli::run(argc, argv);
}
