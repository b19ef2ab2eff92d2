#pragma once
// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_sarif_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
