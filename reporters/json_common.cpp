#include "reporters/json_common.hpp"

#include "reporters/view.hpp"
#include "util/json_writer.hpp"

#include <ctime>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <ostream>

namespace rehearsa::reporters {

namespace {

constexpr std::string_view k_ellipsis = "...";

bool is_unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

bool ends_a_sentence(std::string_view text) {
    return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
}

} // namespace

void write_json_document(std::ostream& out, const std::function<void(JsonWriter&)>& body) {
    JsonWriter w(util::JsonStyle::Indented);
    body(w);
    out << w.str() << '\n';
}

std::optional<Place> place_of(const Report& report, const util::Location& where) {
    if (!where.known()) return std::nullopt;
    return Place{report.relative(where.file_name()), where.line > 0 ? where.line : 1,
                 where.line > 0 ? where.column : 0};
}

Place display_place(const Report& report, const results::Finding& finding) {
    if (auto place = place_of(report, finding.where)) return *place;
    return Place{report.files.empty() ? std::string{} : report.relative(report.files.front()), 1, 0};
}

std::string message_of(const results::Finding& finding) {
    return finding.message.empty() && finding.rule ? std::string(finding.rule->summary) : finding.message;
}

std::string message_with_fix(const results::Finding& finding) {
    std::string text = message_of(finding);
    if (!ends_a_sentence(text)) text += '.';
    if (!rule_fix(finding).empty()) fmt::format_to(std::back_inserter(text), " {}", rule_fix(finding));
    return text;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    const std::size_t budget = max_bytes > k_ellipsis.size() ? max_bytes - k_ellipsis.size() : 0;
    std::size_t end = 0;
    while (end < text.size()) {
        std::size_t n = std::max<std::size_t>(util::utf8_sequence_length(text.substr(end)), 1);
        if (end + n > budget) break;
        end += n;
    }
    return std::string(text.substr(0, end)) + std::string(k_ellipsis);
}

std::string uri_path(std::string_view path) {
    std::string out;
    for (char c : path) {
        if (is_unreserved(c) || c == '/')
            out += c;
        else
            fmt::format_to(std::back_inserter(out), "%{:02X}", static_cast<unsigned char>(c));
    }
    return out;
}

} // namespace rehearsa::reporters
