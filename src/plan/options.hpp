#pragma once
// The choices a run makes about its sandbox, as the command line states them. Kept apart from
// plan.hpp so that the CLI's option types need not see the whole plan.
#include "results/run.hpp"

#include <chrono>
#include <string>

namespace rehearsa::plan {

// The longest a rehearsal waits, for the stack (--timeout) or one service (x-rehearsa.timeout):
// a day is past any CI job's limit, and far from overflowing the clocks a timeout is added to.
inline constexpr std::chrono::seconds k_max_timeout{86400};

// --pull: when images are pulled (`missing`: only those not present).
enum class PullPolicy { Always, Missing, Never };

// --binds: what a host bind mount becomes in the sandbox. Never writable.
enum class BindPolicy {
    ReadOnly, // the host path, mounted read-only
    Copy,     // a fresh sandbox volume holding a copy of the host path
    Empty,    // a fresh, empty sandbox volume (or nothing, for a single file)
    Skip,     // not mounted at all
};

// --egress: sandbox networks are `internal` (no route out) unless the run opts out.
enum class Egress { Internal, Allowed };

struct Injection {
    std::string service;
    results::FailureMode mode = results::FailureMode::Exit;

    bool operator==(const Injection&) const = default;
};

} // namespace rehearsa::plan
