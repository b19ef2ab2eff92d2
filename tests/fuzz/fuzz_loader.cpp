// Fuzzes the whole loader on one in-memory compose file: YAML, interpolation, casts, schema
// validation, canonical forms, extends, merge and normalization, then both output renderers.
#include "compose/config_output.hpp"
#include "compose/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace rehearsa::compose;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string k_path = "/fuzz/stack/compose.yaml";
    Sources sources{{k_path, std::string(reinterpret_cast<const char*>(data), size)}};
    LoadOptions options;
    options.files = {k_path};
    options.working_directory = "/fuzz/stack";
    options.environment = {{"HOME", "/fuzz/home"}, {"TAG", "16"}, {"EMPTY", ""}};
    options.sources = &sources;
    auto project = load_project(options);
    if (project) {
        (void)config_json(*project);
        (void)config_yaml(*project);
    } else {
        for (const auto& e : project.error())
            (void)e.to_string();
    }
    return 0;
}
