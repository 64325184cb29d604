// The trailing credit of a body ("(ANI)", "— Reuters", "With inputs from
// agencies"), scanned backwards over its last kTailWindow bytes.
#ifndef WIRETRACE_INTERNAL_DATELINE_TAIL_H_
#define WIRETRACE_INTERNAL_DATELINE_TAIL_H_

#include <cstddef>
#include <string_view>

#include "internal/dateline.h"

namespace wiretrace::internal::dateline {

// Where the story of `body` ends: before its trailing credit, or body.size()
// when it has none. Never before `begin` (where the story starts). A bare
// name after a dash or on a line of its own is a credit when `agencies` knows
// it.
size_t StoryEnd(std::string_view body, size_t begin, const DatelineAgencies& agencies);

}  // namespace wiretrace::internal::dateline

#endif  // WIRETRACE_INTERNAL_DATELINE_TAIL_H_
