// Fuzzes the credit-line parser: any bytes, never a crash; credits come in text
// order without overlaps, and their byte and code point offsets lie inside the
// input and agree with CodePointOffset. The first byte picks whether a user
// table (parsed from the input itself by AddTsv) is layered over the built-in
// one, so table loading is fuzzed too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "wiretrace/credits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const wiretrace::AgencyTable* const kBuiltin = new wiretrace::AgencyTable(wiretrace::AgencyTable::Builtin());
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const wiretrace::AgencyTable* table = kBuiltin;
  wiretrace::AgencyTable user;
  if (!text.empty() && text.front() == '\x01') {
    // "\x01TSV\x01TEXT": a user table, then the text searched.
    text.remove_prefix(1);
    const size_t split = text.find('\x01');
    const std::string_view tsv = text.substr(0, split);
    text = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
    user = *kBuiltin;
    (void)user.AddTsv(tsv);
    table = &user;
    for (const wiretrace::Agency& a : user.agencies()) {
      for (const std::string& alias : a.aliases) (void)user.Canonical(alias);
    }
  }
  const std::vector<wiretrace::Credit> credits = wiretrace::FindCredits(text, *table);
  uint32_t previous_end_byte = 0;
  for (const wiretrace::Credit& c : credits) {
    if (c.begin_byte > c.end_byte || c.end_byte > text.size() || c.begin_byte < previous_end_byte) std::abort();
    if (c.begin > c.end || c.begin != wiretrace::CodePointOffset(text, c.begin_byte) ||
        c.end != wiretrace::CodePointOffset(text, c.end_byte)) {
      std::abort();
    }
    if (c.name.empty() || wiretrace::CreditFormName(c.form) == "unknown") std::abort();
    if (text.substr(c.begin_byte, c.end_byte - c.begin_byte) != c.text) std::abort();
    (void)table->SameOutlet(c.name, c.text);
    previous_end_byte = c.end_byte;
  }
  (void)wiretrace::CodePointOffset(text, static_cast<uint32_t>(text.size()));
  return 0;
}
