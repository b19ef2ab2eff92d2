#pragma once
// libcurl, loaded when rehearsa first talks to an engine rather than when it starts. Linked the
// usual way, libcurl.so.4 brings ~30 shared libraries (TLS, Kerberos, LDAP, SSH, IDN...) whose
// mapping and relocation cost more than linting a compose file, at every start of every command;
// only `stack test` and `sweep` need them.
#include <curl/curl.h>
#include <string>

namespace rehearsa::docker {

// The libcurl functions the transport uses, resolved from the loaded library.
struct CurlLibrary {
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_getinfo) easy_getinfo;
    decltype(&::curl_easy_header) easy_header;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_easy_escape) easy_escape;
    decltype(&::curl_free) free;
    decltype(&::curl_multi_init) multi_init;
    decltype(&::curl_multi_cleanup) multi_cleanup;
    decltype(&::curl_multi_add_handle) multi_add_handle;
    decltype(&::curl_multi_remove_handle) multi_remove_handle;
    decltype(&::curl_multi_perform) multi_perform;
    decltype(&::curl_multi_poll) multi_poll;
    decltype(&::curl_multi_info_read) multi_info_read;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
};

// Loads libcurl.so.4 once (thread-safe) and initialises it. nullptr when it cannot be loaded;
// `error` then says why, e.g. "libcurl.so.4: cannot open shared object file".
const CurlLibrary* curl_library(std::string* error = nullptr);

} // namespace rehearsa::docker
