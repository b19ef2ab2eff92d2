#pragma once
// The help texts: plain text, no colour, at most 80 columns, the same in a terminal and a CI log.
#include <string>
#include <string_view>

namespace rehearsa::cli {

// topic is "" for rehearsa itself, a group ("baseline") or a command ("baseline set").
std::string help_text(std::string_view topic);

// "rehearsa 0.1.0\n"
std::string version_text();

} // namespace rehearsa::cli
