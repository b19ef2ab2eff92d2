#pragma once
// Word wrapping for help: plain text that reads the same in a terminal and a CI log.
#include <cstddef>
#include <string>
#include <string_view>

namespace rehearsa::cli {

// Help lines stay shorter than this.
inline constexpr std::size_t k_help_width = 80;

// Wraps text into lines shorter than k_help_width, as if its first line started at column indent;
// later lines are indented by indent spaces. A '\n' in text starts a new line. No trailing spaces.
std::string wrap(std::string_view text, std::size_t indent);

} // namespace rehearsa::cli
