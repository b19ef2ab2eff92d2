#pragma once
// The reporter interface, after Catch2 v3: one class per format, registered by name in one
// explicit registry (registry.cpp); several may be active at once, at most one on stdout.
#include "reporters/report.hpp"

#include <iosfwd>
#include <memory>
#include <span>
#include <string_view>

namespace rehearsa::reporters {

enum class Colour { Off, On };
enum class JunitProfile { Default, Strict }; // Strict: valid against junit-10.xsd (no file/line)

struct ReporterConfig {
    Colour colour = Colour::Off;
    JunitProfile junit_profile = JunitProfile::Default;
};

class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void write(const Report& report, std::ostream& out) = 0;
};

struct ReporterFactory {
    std::string_view name;        // what --report takes: "sarif"
    std::string_view description; // one line for --help
    std::string_view extension;   // a suggested file name suffix: ".sarif"
    std::unique_ptr<Reporter> (*make)(const ReporterConfig& config);
};

std::span<const ReporterFactory> reporter_registry();
const ReporterFactory* find_reporter(std::string_view name);

} // namespace rehearsa::reporters
