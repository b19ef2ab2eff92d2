#include "util/duration.hpp"

#include <catch2/catch_test_macros.hpp>

using rehearsa::util::format_duration;
using rehearsa::util::Nanoseconds;
using rehearsa::util::parse_duration;
using namespace std::chrono_literals;

TEST_CASE("durations parse as Go's time.ParseDuration does") {
    CHECK(parse_duration("1m30s") == Nanoseconds(90s));
    CHECK(parse_duration("500ms") == Nanoseconds(500ms));
    CHECK(parse_duration("2h") == Nanoseconds(2h));
    CHECK(parse_duration("1h2m3s") == Nanoseconds(1h + 2min + 3s));
    CHECK(parse_duration("1.5s") == Nanoseconds(1500ms));
    CHECK(parse_duration("10us") == Nanoseconds(10us));
    CHECK(parse_duration("0") == Nanoseconds(0));
    CHECK(parse_duration("-5s") == Nanoseconds(-5s));
}

TEST_CASE("invalid durations are refused") {
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("5"));
    CHECK_FALSE(parse_duration("5x"));
    CHECK_FALSE(parse_duration("s"));
    CHECK_FALSE(parse_duration("1m30"));
    CHECK_FALSE(parse_duration("1.s.5"));
}

TEST_CASE("durations print as Go's Duration.String does") {
    CHECK(format_duration(90s) == "1m30s");
    CHECK(format_duration(2h) == "2h0m0s");
    CHECK(format_duration(10s) == "10s");
    CHECK(format_duration(500ms) == "500ms");
    CHECK(format_duration(1500ms) == "1.5s");
    CHECK(format_duration(Nanoseconds(0)) == "0s");
    CHECK(format_duration(60s) == "1m0s");
    CHECK(format_duration(1us) == "1\xC2\xB5s");
    CHECK(format_duration(Nanoseconds(42)) == "42ns");
    CHECK(format_duration(1h + 2min + 3500ms) == "1h2m3.5s");
}
