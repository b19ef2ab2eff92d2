#pragma once

namespace rehearsa::cli {

// Parses the command line, runs the command and returns the process exit code (docs/exit-codes.md).
int run(int argc, char** argv);

} // namespace rehearsa::cli
