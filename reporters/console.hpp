#pragma once
// Human output grouped by service, coloured on a TTY.
#include "reporters/reporter.hpp"

#include <memory>

namespace rehearsa::reporters {

std::unique_ptr<Reporter> make_console_reporter(const ReporterConfig& config);

} // namespace rehearsa::reporters
