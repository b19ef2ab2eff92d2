#pragma once
// What a run reports while it works, for the live view, CI log lines and `--events PATH`
// (events.jsonl). The sandbox only emits these; the CLI decides how they look, and the store
// records them.
#include <chrono>
#include <functional>
#include <string>

namespace rehearsa::results {

enum class Phase { Prepare, Pull, Create, Start, Ready, Settle, Fail, Block, Cleanup, Done };

struct ProgressEvent {
    std::chrono::system_clock::time_point time;
    Phase phase = Phase::Prepare;
    std::string service; // empty for stack-level steps
    std::string message; // one line for people: "pulling postgres:16", "healthy after 3.2 s"
};

std::string_view to_string(Phase phase); // "prepare", "pull", ...

using ProgressSink = std::function<void(const ProgressEvent&)>;

} // namespace rehearsa::results
