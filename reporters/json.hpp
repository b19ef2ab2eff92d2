#pragma once
// rehearsa's own versioned machine format (docs/formats/report-json.md).
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_json_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
