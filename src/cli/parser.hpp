#pragma once
// Builds the cxxopts parser of one command from the option table.
#include "cli/commands.hpp"

#include <cxxopts.hpp>

namespace rehearsa::cli {

// The name of the hidden positional option that collects the words after the command.
inline constexpr std::string_view k_operands = "operands";

// Every option the command accepts, each value as a string (or strings) for cli/values to check,
// and the operands collected under k_operands.
cxxopts::Options make_parser(const CommandSpec& command);

} // namespace rehearsa::cli
