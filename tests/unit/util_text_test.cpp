#include "util/text.hpp"

#include <catch2/catch_test_macros.hpp>
#include <random>
#include <regex>

using namespace rehearsa::util;
using namespace std::string_literals;

namespace {

const std::string k_fffd = "\xEF\xBF\xBD";

std::string repeat(std::string_view text, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += text;
    return out;
}

std::string random_bytes(std::mt19937& random, std::size_t size) {
    std::uniform_int_distribution<int> byte(0, 255);
    std::string out;
    for (std::size_t i = 0; i < size; ++i)
        out += static_cast<char>(byte(random));
    return out;
}

} // namespace

TEST_CASE("strip_ansi removes colour, cursor, title and hyperlink sequences") {
    CHECK(strip_ansi("\x1b[1;31mred\x1b[0m plain") == "red plain");
    CHECK(strip_ansi("a\x1b[2Kb\x1b[10;20Hc") == "abc");
    CHECK(strip_ansi("\x1b]0;window title\x07text") == "text");
    CHECK(strip_ansi("\x1b]8;;https://x.org\x1b\\link\x1b]8;;\x1b\\") == "link");
    CHECK(strip_ansi("a\x1b(Bb\x1b"
                     "7c") == "abc");
    CHECK(strip_ansi("ends with esc\x1b") == "ends with esc");
}

TEST_CASE("strip_ansi never swallows more than a malformed sequence") {
    CHECK(strip_ansi("a\x1b]unterminated title\nnext line") == "a\nnext line");
    CHECK(strip_ansi("a\x1b[12\nb") == "a\nb");
    CHECK(strip_ansi("no escapes: [31m stays") == "no escapes: [31m stays");
    CHECK(strip_ansi("ünïcode \x1b[0mstays") == "ünïcode stays");
}

TEST_CASE("repair_utf8 keeps valid text and replaces each invalid subpart with U+FFFD") {
    std::string valid = "ascii ü € 😀";
    CHECK(repair_utf8(valid) == valid);
    CHECK(is_valid_utf8(valid));
    CHECK(repair_utf8("a\xff"
                      "b") == "a" + k_fffd + "b");
    CHECK(repair_utf8("\xc0\xaf") == k_fffd + k_fffd);              // overlong '/'
    CHECK(repair_utf8("\xe0\x80\xaf") == k_fffd + k_fffd + k_fffd); // overlong, 3 bytes
    CHECK(repair_utf8("\xed\xa0\x80") == k_fffd + k_fffd + k_fffd); // a UTF-16 surrogate
    CHECK(repair_utf8("\xf4\x90\x80\x80") == repeat(k_fffd, 4));    // beyond U+10FFFF
    CHECK(repair_utf8("euro \xe2\x82") == "euro " + k_fffd);        // truncated at the end
    CHECK(repair_utf8("\xe2\x82x") == k_fffd + "x");                // truncated in the middle
    for (std::string_view bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\x80"})
        CHECK_FALSE(is_valid_utf8(bad));
}

TEST_CASE("is_xml_char follows the XML 1.0 Char production at every boundary") {
    for (char32_t c : {0x9, 0xA, 0xD, 0x20, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF})
        CHECK(is_xml_char(c));
    for (char32_t c : {0x0, 0x8, 0xB, 0xC, 0x1B, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x110000})
        CHECK_FALSE(is_xml_char(c));
}

TEST_CASE("xml_safe drops what XML 1.0 forbids and repairs UTF-8") {
    std::string text = "nul\0 esc\x1b vt\x0b ff\x0c tab\t lf\n cr\r"s;
    CHECK(xml_safe(text) == "nul esc vt ff tab\t lf\n cr\r");
    CHECK(xml_safe("\xef\xbf\xbe\xef\xbf\xbf|" + k_fffd + "|\xf0\x90\x80\x80") ==
          "|" + k_fffd + "|\xf0\x90\x80\x80");
    CHECK(xml_safe("bad \xff byte") == "bad " + k_fffd + " byte");
}

TEST_CASE("sanitize leaves text a terminal and an XML parser both take as it is") {
    CHECK(sanitize("a\r\nb\rc") == "a\nb\nc");
    CHECK(sanitize("\x07"
                   "bell\x7f del\x08") == "bell del");
    CHECK(sanitize("c1 \xc2\x9b"
                   "31m csi") == "c1 31m csi");
    CHECK(sanitize("\x1b[31mred\x1b[0m\ttab ü") == "red\ttab ü");
    CHECK(sanitize("\xc2\xa0nbsp stays") == "\xc2\xa0nbsp stays");
}

TEST_CASE("sanitized random bytes are valid UTF-8 with only XML characters and no controls") {
    std::mt19937 random(1234);
    for (int round = 0; round < 500; ++round) {
        std::string input = random_bytes(random, 64);
        if (round % 3 == 0) input.insert(input.size() / 2, "\x1b[");
        std::string safe = xml_safe(input);
        CHECK(is_valid_utf8(safe));
        std::string clean = sanitize(input);
        REQUIRE(is_valid_utf8(clean));
        for (char c : clean) {
            auto byte = static_cast<unsigned char>(c);
            CHECK((byte >= 0x20 || c == '\t' || c == '\n'));
            CHECK(byte != 0x7F);
        }
        CHECK(clean.find("\xc2\x85") == std::string::npos); // NEL, a C1 control
    }
}

TEST_CASE("truncate_utf8 and tail_utf8 cut on code-point boundaries") {
    CHECK(truncate_utf8("short", 10) == "short");
    CHECK(truncate_utf8("aü", 2) == "a");
    CHECK(truncate_utf8("aü", 3) == "aü");
    CHECK(truncate_utf8("😀", 3).empty());
    CHECK(truncate_utf8("abc", 0).empty());
    CHECK(tail_utf8("üa", 2) == "a");
    CHECK(tail_utf8("aü", 2) == "ü");
    CHECK(tail_utf8("€x", 3) == "x");
}

TEST_CASE("head_tail keeps the head and the tail around a marker") {
    CHECK(head_tail("abcdef", 3, 3, "...") == "abcdef");
    CHECK(head_tail("abcdefghij", 3, 3, "[...]") == "abc[...]hij");
    std::string cut = head_tail(repeat("ü", 5), 3, 3, "|");
    CHECK(cut == "ü|ü");
    CHECK(is_valid_utf8(cut));
}

TEST_CASE("cap_bytes stays within its size, says how much it left out and keeps UTF-8 valid") {
    std::string text = repeat("x", 10000);
    CHECK(cap_bytes(text, 10000) == text);
    std::string capped = cap_bytes(text, 1000);
    CHECK(capped.size() <= 1000);
    std::smatch match;
    REQUIRE(std::regex_search(capped, match,
                              std::regex(R"(^(x+)\n\[\.\.\. (\d+) bytes omitted \.\.\.\]\n(x+)$)")));
    CHECK(match[1].length() + std::stoul(match[2]) + match[3].length() == text.size());
    CHECK(match[1].length() > 400);
    CHECK(match[3].length() > 400);

    std::string euros = cap_bytes(repeat("€", 3000), 500);
    CHECK(euros.size() <= 500);
    CHECK(is_valid_utf8(euros));
    CHECK(cap_bytes(repeat("€", 100), 20) == repeat("€", 6)); // too small for a marker: a prefix
}

TEST_CASE("utf8_length counts code points") {
    CHECK(utf8_length("") == 0);
    CHECK(utf8_length("aü€😀") == 4);
}

TEST_CASE("wrap breaks at spaces, indents later lines and leaves no trailing space") {
    CHECK(wrap("one two three", 10, 0, 2) == "one two\n  three");
    CHECK(wrap("one two", 80, 70, 4) == "one two");
    CHECK(wrap("word", 10, 8, 2) == "\n  word");   // does not fit after the column
    CHECK(wrap("a\n\nb", 80, 0, 2) == "a\n\n  b"); // blank lines get no indent
    CHECK(wrap("  spaced   out  ", 80, 0, 2) == "spaced out");
    CHECK(wrap("ü ü ü ü", 4, 0, 0) == "ü ü\nü ü"); // columns are code points, not bytes
    std::string long_word(30, 'x');
    CHECK(wrap("a " + long_word + " b", 20, 0, 2) == "a\n  " + long_word + "\n  b");
    CHECK(wrap("", 80, 0, 2).empty());
}

TEST_CASE("plural: one noun as written, any other count with an s") {
    CHECK(plural(1, "container") == "1 container");
    CHECK(plural(0, "network") == "0 networks");
    CHECK(plural(11, "service") == "11 services");
}
