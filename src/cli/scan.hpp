#pragma once
// The first pass over argv: it finds the command words wherever the options put them, so that
// cxxopts can then parse everything else with the options of that one command. It knows which
// options take a value only to skip that value; cxxopts does the parsing.
#include "util/error.hpp"

#include <span>
#include <string>
#include <vector>

namespace rehearsa::cli {

struct Scan {
    // The command words, e.g. {"stack", "test"}, or {"help", ...topic}.
    std::vector<std::string> words;
    // Every other argument, in order: options, their values and operands.
    std::vector<std::string> rest;
    bool help = false;    // -h or --help anywhere before "--"
    bool version = false; // --version anywhere before "--"
};

// Fails, with a usage error, on an unknown command, an option no command knows or an option
// missing its value; -h/--help and --version excuse the last two.
util::Result<Scan> scan_arguments(std::span<const std::string> args);

// The command (or group) the words name so far: "stack test", "stack" or "".
std::string topic_of(std::span<const std::string> words);

} // namespace rehearsa::cli
