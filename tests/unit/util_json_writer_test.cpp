#include "util/json_writer.hpp"

#include <catch2/catch_test_macros.hpp>
#include <simdjson.h>

using namespace rehearsa::util;

TEST_CASE("the JSON writer nests objects and arrays") {
    JsonWriter w;
    {
        JsonObject o(w);
        w.key("name");
        w.value("db");
        w.key("ports");
        {
            JsonArray a(w);
            w.value(5432);
            w.value(true);
            w.null();
        }
        w.key("empty");
        { JsonObject e(w); }
    }
    CHECK(w.str() == R"({"name":"db","ports":[5432,true,null],"empty":{}})");
}

TEST_CASE("the JSON writer escapes strings and round-trips through simdjson") {
    std::string nasty = "quote\" backslash\\ newline\n tab\t nul";
    nasty += '\0';
    nasty += "\x1b[31m ünïcode";
    JsonWriter w(JsonStyle::Indented);
    {
        JsonObject o(w);
        w.key("k\"ey");
        w.value(nasty);
        w.key("n");
        w.value(1.5);
    }
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(w.str());
    std::string_view back = doc["k\"ey"].get_string();
    CHECK(back == nasty);
    CHECK(double(doc["n"]) == 1.5);
    CHECK(w.str().find('\n') != std::string::npos);
}

TEST_CASE("non-finite numbers become null") {
    JsonWriter w;
    w.value(1.0 / 0.0);
    CHECK(w.str() == "null");
}

TEST_CASE("control characters are written as \\u00XX escapes") {
    std::string text = "esc\x1b[0m nul";
    text += '\0';
    text += "\x01\x1f";
    JsonWriter w;
    w.value(text);
    CHECK(w.str() == R"("esc\u001b[0m nul\u0000\u0001\u001f")");
}

TEST_CASE("well-formed UTF-8 is kept byte for byte") {
    const std::string text = "\xc3\xbc \xe2\x82\xac \xf0\x9f\x90\xb3"; // ü, €, a whale (outside the BMP)
    JsonWriter w;
    w.value(text);
    CHECK(w.str() == "\"" + text + "\"");
}

TEST_CASE("ill-formed UTF-8 becomes U+FFFD and the document still parses") {
    const std::string replacement = "\xef\xbf\xbd";
    struct Case {
        std::string input;
        std::string expected;
    };
    const Case cases[] = {
        {"a\xff", "a" + replacement},                                                // never a UTF-8 byte
        {"\x80x", replacement + "x"},                                                // stray continuation
        {"\xc0\xaf", replacement + replacement},                                     // overlong '/'
        {"\xed\xa0\x80", replacement + replacement + replacement},                   // a UTF-16 surrogate
        {"\xf4\x90\x80\x80", replacement + replacement + replacement + replacement}, // above U+10FFFF
        {"end\xe2\x82", "end" + replacement + replacement},                          // truncated sequence
    };
    for (const Case& c : cases) {
        JsonWriter w;
        w.value(c.input);
        INFO(w.str());
        CHECK(w.str() == "\"" + c.expected + "\"");
        simdjson::dom::parser parser;
        std::string_view back;
        CHECK(parser.parse(w.str()).get_string().get(back) == simdjson::SUCCESS);
    }
}

TEST_CASE("utf8_sequence_length measures one well-formed sequence") {
    CHECK(utf8_sequence_length("") == 0);
    CHECK(utf8_sequence_length("a") == 1);
    CHECK(utf8_sequence_length("\xc3\xbc!") == 2);
    CHECK(utf8_sequence_length("\xe2\x82\xac") == 3);
    CHECK(utf8_sequence_length("\xf0\x9f\x90\xb3") == 4);
    CHECK(utf8_sequence_length("\xe0\x80\x80") == 0); // overlong three-byte form
    CHECK(utf8_sequence_length("\xc3") == 0);         // cut short
    CHECK(utf8_sequence_length("\xc3x") == 0);        // not a continuation byte
}

TEST_CASE("any integer type is written as a number, and field writes a member") {
    JsonWriter w;
    {
        JsonObject o(w);
        w.field("size", std::size_t{18446744073709551615ULL});
        w.field("negative", -3L);
        w.field("small", static_cast<unsigned short>(7));
        w.field("name", std::string("db"));
        w.field("flag", false);
    }
    CHECK(w.str() == R"({"size":18446744073709551615,"negative":-3,"small":7,"name":"db","flag":false})");
}
