// The lexicon: word lists kept as data files under src/lexicon/ and embedded
// in the library at build time (cmake/EmbedLexicon.cmake writes their text
// into a generated source file), so that they are edited as data, read by
// one parser, and ship inside the binary.
#ifndef WIRETRACE_INTERNAL_LEXICON_H_
#define WIRETRACE_INTERNAL_LEXICON_H_

#include <string_view>

namespace wiretrace::internal {

// src/lexicon/agencies.tsv: the built-in agency table, name<TAB>alias|...
// (the --agencies format; AgencyTable::Builtin parses it).
std::string_view AgenciesTsv();

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_LEXICON_H_
