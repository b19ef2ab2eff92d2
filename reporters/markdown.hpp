#pragma once
// A Markdown summary for a pull request or job summary.
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_markdown_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
