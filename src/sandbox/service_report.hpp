#pragma once
// After the boot: what each created container says about itself (restarts, OOM kill, health log,
// output), and the one-line causes that quote it.
#include "docker/engine.hpp"
#include "sandbox/tracker.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::sandbox {

// One inspect and one logs call per created container, then each result's score.
void report_services(std::vector<Tracker>& trackers, docker::Engine& engine);

// The last non-empty line of text, sanitised and capped: the detail a cause quotes.
std::string last_line(std::string_view text);

} // namespace rehearsa::sandbox
