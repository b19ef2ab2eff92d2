#pragma once
// For the tests of the JSON reporters (sarif, codequality, json): render a report through the
// registry, as `--report FORMAT` does, and parse the output back with simdjson.
#include "report_samples.hpp"
#include "reporters/reporter.hpp"

#include <catch2/catch_test_macros.hpp>
#include <simdjson.h>
#include <sstream>
#include <string>

namespace rehearsa::test {

inline std::string render(std::string_view format, const reporters::Report& report) {
    const reporters::ReporterFactory* factory = reporters::find_reporter(format);
    REQUIRE(factory != nullptr);
    std::ostringstream out;
    factory->make({})->write(report, out);
    return out.str();
}

// The samples "empty" and "mixed" against tests/golden/<format>/<sample><extension>.
inline void check_goldens(const std::string& format, const std::string& extension) {
    for (std::string sample : {"empty", "mixed"}) {
        DYNAMIC_SECTION(sample) {
            check_golden(format + "/" + sample + extension, render(format, sample_report(sample)));
        }
    }
}

// A parsed document; the parser owns the memory its elements point into, so they live together.
struct Parsed {
    simdjson::dom::parser parser;
    simdjson::dom::element root;

    explicit Parsed(const std::string& json) {
        INFO(json);
        REQUIRE(parser.parse(json).get(root) == simdjson::SUCCESS);
    }
};

inline std::string_view text(simdjson::dom::element element, std::string_view key) {
    std::string_view out;
    INFO("key " << key);
    REQUIRE(element[key].get_string().get(out) == simdjson::SUCCESS);
    return out;
}

inline std::int64_t number(simdjson::dom::element element, std::string_view key) {
    std::int64_t out = 0;
    INFO("key " << key);
    REQUIRE(element[key].get_int64().get(out) == simdjson::SUCCESS);
    return out;
}

} // namespace rehearsa::test
