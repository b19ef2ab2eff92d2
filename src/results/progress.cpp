// Phase names, as they appear in events.jsonl and CI log lines.
#include "results/progress.hpp"

namespace rehearsa::results {

std::string_view to_string(Phase phase) {
    switch (phase) {
    case Phase::Prepare:
        return "prepare";
    case Phase::Pull:
        return "pull";
    case Phase::Create:
        return "create";
    case Phase::Start:
        return "start";
    case Phase::Ready:
        return "ready";
    case Phase::Settle:
        return "settle";
    case Phase::Fail:
        return "fail";
    case Phase::Block:
        return "block";
    case Phase::Cleanup:
        return "cleanup";
    case Phase::Done:
        return "done";
    }
    return "unknown";
}

} // namespace rehearsa::results
