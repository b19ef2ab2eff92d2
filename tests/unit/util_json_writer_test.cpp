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
