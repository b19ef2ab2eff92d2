#include "results/finding.hpp"

#include "util/hash.hpp"

#include <array>

namespace rehearsa::results {

namespace {

constexpr std::array<std::string_view, 3> k_severity_names = {"note", "warning", "error"};

} // namespace

std::string_view to_string(Severity severity) {
    return k_severity_names[static_cast<std::size_t>(severity)];
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (std::size_t i = 0; i < k_severity_names.size(); ++i)
        if (k_severity_names[i] == text) return static_cast<Severity>(i);
    return std::nullopt;
}

std::string Finding::fingerprint() const {
    std::string key;
    key += rule ? rule->id : std::string_view{};
    key += '\0';
    key += service;
    key += '\0';
    key += yaml_path;
    return util::sha256_hex(key);
}

} // namespace rehearsa::results
