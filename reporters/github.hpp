#pragma once
// GitHub Actions annotations (::error file=...,line=...::).
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_github_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
