#include "docker/curl_library.hpp"

#include <dlfcn.h>
#include <mutex>
#include <optional>

namespace rehearsa::docker {

namespace {

// The soname of libcurl's ABI 4, which every libcurl since 7.16 keeps.
constexpr const char* k_soname = "libcurl.so.4";

struct Loaded {
    std::optional<CurlLibrary> library;
    std::string error;
};

template <typename Function>
bool resolve(void* handle, const char* name, Function& out, std::string& error) {
    out = reinterpret_cast<Function>(::dlsym(handle, name));
    if (!out && error.empty()) error = std::string(k_soname) + " has no " + name;
    return out != nullptr;
}

Loaded load() {
    Loaded loaded;
    void* handle = ::dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = ::dlerror();
        loaded.error = why ? why : "cannot load libcurl.so.4";
        return loaded;
    }
    CurlLibrary lib{};
    std::string& e = loaded.error;
    auto init = reinterpret_cast<decltype(&::curl_global_init)>(::dlsym(handle, "curl_global_init"));
    bool ok = init != nullptr && resolve(handle, "curl_easy_init", lib.easy_init, e) &&
              resolve(handle, "curl_easy_cleanup", lib.easy_cleanup, e) &&
              resolve(handle, "curl_easy_setopt", lib.easy_setopt, e) &&
              resolve(handle, "curl_easy_getinfo", lib.easy_getinfo, e) &&
              resolve(handle, "curl_easy_header", lib.easy_header, e) &&
              resolve(handle, "curl_easy_strerror", lib.easy_strerror, e) &&
              resolve(handle, "curl_easy_escape", lib.easy_escape, e) &&
              resolve(handle, "curl_free", lib.free, e) &&
              resolve(handle, "curl_multi_init", lib.multi_init, e) &&
              resolve(handle, "curl_multi_cleanup", lib.multi_cleanup, e) &&
              resolve(handle, "curl_multi_add_handle", lib.multi_add_handle, e) &&
              resolve(handle, "curl_multi_remove_handle", lib.multi_remove_handle, e) &&
              resolve(handle, "curl_multi_perform", lib.multi_perform, e) &&
              resolve(handle, "curl_multi_poll", lib.multi_poll, e) &&
              resolve(handle, "curl_multi_info_read", lib.multi_info_read, e) &&
              resolve(handle, "curl_slist_append", lib.slist_append, e) &&
              resolve(handle, "curl_slist_free_all", lib.slist_free_all, e);
    if (!ok) {
        if (e.empty()) e = std::string(k_soname) + " has no curl_global_init";
        return loaded; // the handle stays open: unloading a half-used library gains nothing
    }
    if (init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        e = "libcurl could not initialise";
        return loaded;
    }
    loaded.library = lib;
    return loaded;
}

} // namespace

const CurlLibrary* curl_library(std::string* error) {
    static const Loaded loaded = load(); // initialised once, thread-safe
    if (!loaded.library && error) *error = loaded.error;
    return loaded.library ? &*loaded.library : nullptr;
}

} // namespace rehearsa::docker
