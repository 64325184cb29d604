// The lexicon: word lists kept as data files under src/lexicon/ and embedded
// in the library at build time (cmake/EmbedLexicon.cmake writes their text
// into a generated source file), so that they are edited as data, read by
// one parser, and ship inside the binary.
#ifndef WIRETRACE_INTERNAL_LEXICON_H_
#define WIRETRACE_INTERNAL_LEXICON_H_

#include <string_view>
#include <vector>

namespace wiretrace::internal {

// src/lexicon/agencies.tsv: the built-in agency table, name<TAB>alias|...
// (the --agencies format; AgencyTable::Builtin parses it).
std::string_view AgenciesTsv();

// src/lexicon/months.txt.
std::string_view MonthsTxt();

// src/lexicon/newsroom_words.txt.
std::string_view NewsroomWordsTxt();

// src/lexicon/particles.txt.
std::string_view ParticlesTxt();

// src/lexicon/urdu_postpositions.txt.
std::string_view UrduPostpositionsTxt();

// src/lexicon/not_credits.txt.
std::string_view NotCreditsTxt();

// src/lexicon/wire_spellings.txt.
std::string_view WireSpellingsTxt();

// The lines of a word list: each line a word (or phrase), blank lines and
// lines starting with '#' skipped. Views into `text`.
std::vector<std::string_view> LexiconLines(std::string_view text);

// LexiconLines of one embedded list, parsed on first use and kept.
template <std::string_view (*kText)()>
const std::vector<std::string_view>& LexiconWords() {
  static const auto* const kWords = new std::vector<std::string_view>(LexiconLines(kText()));
  return *kWords;
}

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_LEXICON_H_
