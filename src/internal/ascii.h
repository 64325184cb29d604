// ASCII helpers on std::string_view for the input readers (HTML attributes,
// HTTP and WARC headers, file names). Debian's Abseil has its own
// absl::string_view, so its absl::EqualsIgnoreCase and friends do not take a
// std::string_view; these small ones keep the call sites plain.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_INTERNAL_ASCII_H_
#define WIRETRACE_INTERNAL_ASCII_H_

#include <string>
#include <string_view>

namespace wiretrace::internal {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

inline bool AsciiStartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && AsciiEqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

inline bool AsciiEndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && AsciiEqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

inline bool AsciiContainsIgnoreCase(std::string_view s, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (AsciiEqualsIgnoreCase(s.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

inline std::string AsciiToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

inline std::string_view AsciiTrim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_ASCII_H_
