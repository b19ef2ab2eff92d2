#include "cli/text.hpp"

namespace rehearsa::cli {

namespace {

void wrap_line(std::string_view line, std::size_t indent, std::string& out) {
    std::size_t column = indent;
    bool first_word = true;
    while (!line.empty()) {
        auto space = line.find(' ');
        std::string_view word = line.substr(0, space);
        line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
        if (word.empty()) continue;
        if (!first_word && column + 1 + word.size() >= k_help_width) {
            out += '\n' + std::string(indent, ' ');
            column = indent;
            first_word = true;
        }
        if (!first_word) out += ' ';
        out += word;
        column += word.size() + (first_word ? 0 : 1);
        first_word = false;
    }
}

} // namespace

std::string wrap(std::string_view text, std::size_t indent) {
    std::string out;
    bool first_line = true;
    while (true) {
        auto newline = text.find('\n');
        if (!first_line) out += '\n' + std::string(text.substr(0, newline).empty() ? 0 : indent, ' ');
        wrap_line(text.substr(0, newline), indent, out);
        first_line = false;
        if (newline == std::string_view::npos) break;
        text.remove_prefix(newline + 1);
    }
    return out;
}

} // namespace rehearsa::cli
