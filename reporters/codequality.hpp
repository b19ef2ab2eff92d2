#pragma once
// GitLab Code Quality JSON.
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_codequality_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
