#pragma once
// JUnit XML: each service a test case, each rule x service pair a failure.
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_junit_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
