// {fmt}'s implementation, compiled once for the whole program. Every other file includes only
// <fmt/format.h>, which declares these functions (FMT_HEADER_ONLY would compile and, under the
// sanitizers, instrument them again in each of ~100 files). Debian ships libfmt as a shared
// library only, and loading it would cost every start (docs/benchmarks.md), so the core library
// carries the implementation instead: format-inl.h defines the functions, and the explicit
// instantiations below emit the templates that <fmt/format.h> declares but does not define.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template locale_ref::locale_ref(const std::locale& loc);
template auto locale_ref::get<std::locale>() const -> std::locale;

template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
template void buffer<char>::append(const char*, const char*);

#if FMT_VERSION >= 100000
template void vformat_to(buffer<char>&, string_view, typename vformat_args<>::type, locale_ref);
#else
template void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>, locale_ref);
#endif

} // namespace detail
FMT_END_NAMESPACE
