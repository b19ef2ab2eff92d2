#include "cli/suggest.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <vector>

namespace rehearsa::cli {

namespace {

constexpr std::size_t k_min_prefix = 3;

std::optional<std::string_view> unique_prefix_of(std::string_view word,
                                                 std::span<const std::string_view> candidates) {
    if (word.size() < k_min_prefix) return std::nullopt;
    auto is_extension = [&](std::string_view c) { return c.size() > word.size() && c.starts_with(word); };
    auto count = std::ranges::count_if(candidates, is_extension);
    if (count != 1) return std::nullopt;
    return *std::ranges::find_if(candidates, is_extension);
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment over a full table: the words are short.
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
    if (auto prefix = unique_prefix_of(word, candidates)) return prefix;
    std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 2);
    std::optional<std::string_view> best;
    std::size_t best_distance = limit + 1;
    for (std::string_view candidate : candidates) {
        std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    auto match = closest_match(word, candidates);
    return match ? fmt::format(", did you mean '{}'?", *match) : std::string();
}

} // namespace rehearsa::cli
