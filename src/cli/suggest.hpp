#pragma once
// "Did you mean" hints for mistyped commands, options and values.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rehearsa::cli {

// Edits (insert, delete, substitute, swap two neighbours) that turn a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate a typo most likely meant: the only one it is a prefix of, else the nearest within
// a third of its length (one edit at least, two at most). nullopt when nothing is close.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

// ", did you mean 'x'?" or "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

} // namespace rehearsa::cli
