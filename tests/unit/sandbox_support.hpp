#pragma once
// What the sandbox tests share besides the fake engine.
#include "sandbox/result.hpp"

#include <catch2/catch_test_macros.hpp>
#include <stdexcept>
#include <string_view>

namespace rehearsa::test {

// The result of one service, failing the test when the run did not report it.
inline const sandbox::ServiceResult& result_of(const sandbox::RunResult& result, std::string_view name) {
    for (const sandbox::ServiceResult& s : result.services)
        if (s.name == name) return s;
    FAIL("no service " << name);
    throw std::logic_error("unreachable");
}

} // namespace rehearsa::test
