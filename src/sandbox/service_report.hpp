#pragma once
// After the boot: what each created container says about itself (restarts, OOM kill, health log,
// output), and the one-line causes that quote it.
#include "docker/engine.hpp"
#include "sandbox/tracker.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::sandbox {

// Its state, from one inspect: restarts, OOM kill, the health log, an exit after it was ready.
// Read while it still runs: once the run stops it, that stop is no verdict.
void read_state(Tracker& tracker, docker::Engine& engine);

// Its output, from one logs call: the log excerpt and the detail its cause quotes. A stopped
// container's output can still be read, until it is removed.
void read_output(Tracker& tracker, docker::Engine& engine);

// Each result's health status and score, once every container has been read.
void score_services(std::vector<Tracker>& trackers);

// The last non-empty line of text, sanitised and capped: the detail a cause quotes.
std::string last_line(std::string_view text);

} // namespace rehearsa::sandbox
