#pragma once
// What the sandbox tests share besides the fake engine.
#include "results/run.hpp"

#include <catch2/catch_test_macros.hpp>
#include <stdexcept>
#include <string_view>

namespace rehearsa::test {

// The result of one service, failing the test when the run did not report it.
inline const results::ServiceResult& result_of(const results::RunResult& result, std::string_view name) {
    for (const results::ServiceResult& s : result.services)
        if (s.name == name) return s;
    FAIL("no service " << name);
    throw std::logic_error("unreachable");
}

} // namespace rehearsa::test
