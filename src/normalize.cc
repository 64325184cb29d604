#include "wiretrace/normalize.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "internal/normalize_chars.h"
#include "internal/normalize_entities.h"
#include "internal/utf8.h"
#include "utf8proc.h"

// Tokens average six bytes, so the hash call is per-token overhead on the hot
// path; inlining lets the compiler specialise XXH3 for short inputs (a call
// into the shared library costs as much as the hash itself).
#define XXH_INLINE_ALL
#include "xxhash.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wiretrace {
namespace {

using internal::CharEntry;
using internal::CharKind;
using internal::Piece;
using internal::PieceKind;

// How the fast path treats each byte. Every ASCII character that is not a
// letter or digit is punctuation, a symbol, a space or a control, so all of
// them separate; the table gives the same answers as the Unicode path.
enum ByteClass : uint8_t {
  kByteSeparator,
  kByteWord,      // [0-9A-Za-z]
  kByteNewline,   // counted for Token::line
  kByteLess,      // may open a tag
  kByteAmp,       // may open a character reference
  kByteNonAscii,  // lead or continuation byte of a multibyte sequence
};

struct ByteTables {
  uint8_t byte_class[256];
  char lower[256];
};

constexpr ByteTables MakeByteTables() {
  ByteTables tables{};
  for (int c = 0; c < 256; ++c) {
    tables.lower[c] = static_cast<char>(c);
    if (c >= 0x80) {
      tables.byte_class[c] = kByteNonAscii;
    } else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
      tables.byte_class[c] = kByteWord;
    } else if (c >= 'A' && c <= 'Z') {
      tables.byte_class[c] = kByteWord;
      tables.lower[c] = static_cast<char>(c - 'A' + 'a');
    } else if (c == '\n') {
      tables.byte_class[c] = kByteNewline;
    } else if (c == '<') {
      tables.byte_class[c] = kByteLess;
    } else if (c == '&') {
      tables.byte_class[c] = kByteAmp;
    } else {
      tables.byte_class[c] = kByteSeparator;
    }
  }
  return tables;
}

constexpr ByteTables kBytes = MakeByteTables();

bool IsAsciiAlpha(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The length of the run of [0-9A-Za-z] bytes at p[0, n), n >= 16, looking at
// 16 bytes at a time, and *lowered (16 bytes) the first 16 bytes lower-cased:
// for letters and digits alike that is setting bit 0x20, which digits
// already have. Returns 16 when all 16 are word bytes.
#if defined(__SSE2__)
inline int WordRun16(const uint8_t* p, char* lowered) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  // Signed compares: bytes of 0x80 and above are negative, so never in range.
  const __m128i letter =
      _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lowered), lower);
  const unsigned word = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
  return __builtin_ctz(~word | 0x10000u);
}
#endif

// One pass over one input. The normalised bytes of the open token are built in
// a small inline buffer, so that the common case allocates nothing per token.
class Tokenizer {
 public:
  Tokenizer(std::string_view text, const NormalizeOptions& options, std::vector<Token>* tokens,
            std::string* words)
      : text_(text.substr(0, std::min<size_t>(text.size(), std::numeric_limits<uint32_t>::max()))),
        p_(reinterpret_cast<const uint8_t*>(text_.data())),
        n_(text_.size()),
        mode_(internal::CharMode(options.strip_marks, options.fold_arabic_variants)),
        strip_marks_(options.strip_marks),
        strip_markup_(options.strip_markup),
        tokens_(tokens),
        words_(words) {}

  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  void Run();

 private:
  static constexpr size_t kNotFound = std::numeric_limits<size_t>::max();

  void StartToken(size_t begin, bool unspaced) {
    EndToken();
    in_token_ = true;
    unspaced_ = unspaced;
    recompose_ = false;
    begin_ = static_cast<uint32_t>(begin);
    token_line_ = line_;
    size_ = 0;
  }

  void EndToken() {
    if (!in_token_) return;
    in_token_ = false;
    if (recompose_) Recompose();
    if (size_ == 0) return;
    tokens_->push_back(Token{begin_, end_, token_line_, unspaced_, XXH3_64bits(buffer_, size_)});
    if (words_ != nullptr) {
      if (!words_->empty()) words_->push_back(' ');
      words_->append(buffer_, size_);
    }
  }

  void Append(const char* bytes, size_t size) {
    if (size_ + size > capacity_) Grow(size_ + size);
    std::memcpy(buffer_ + size_, bytes, size);
    size_ += size;
  }

  void Grow(size_t min_capacity);
  void Recompose();
  void ProcessCodePoint(char32_t cp, size_t begin, size_t end);
  void ProcessComplex(char32_t cp, size_t begin, size_t end);
  void AppendPiece(const Piece& piece, size_t begin, size_t end);
  size_t TagEnd(size_t less);
  size_t FindGreater(size_t from);
  size_t FindCommentClose(size_t from);

  const std::string_view text_;
  const uint8_t* const p_;
  const size_t n_;
  const int mode_;
  const bool strip_marks_;
  const bool strip_markup_;
  std::vector<Token>* const tokens_;
  std::string* const words_;  // NormalizedText's output, or null

  uint32_t line_ = 0;  // '\n' bytes seen so far

  // The open token.
  bool in_token_ = false;
  bool unspaced_ = false;
  bool recompose_ = false;  // holds code points that NFKC may compose with each other
  uint32_t begin_ = 0;
  uint32_t end_ = 0;
  uint32_t token_line_ = 0;

  // Its normalised bytes; inline_ holds all but pathological tokens.
  char inline_[256];
  std::unique_ptr<char[]> heap_;
  char* buffer_ = inline_;
  size_t size_ = 0;
  size_t capacity_ = sizeof(inline_);

  // Where the last searches for '>' and "-->" ended (n_ when there was none).
  // Searches start at increasing offsets, so a cached answer stays right until
  // the scan passes it; this keeps many unclosed "<a" linear, not quadratic.
  size_t greater_at_ = 0;
  size_t comment_close_at_ = 0;
};

void Tokenizer::Grow(size_t min_capacity) {
  const size_t capacity = std::max(min_capacity, 2 * capacity_);
  auto bigger = std::make_unique<char[]>(capacity);
  std::memcpy(bigger.get(), buffer_, size_);
  heap_ = std::move(bigger);
  buffer_ = heap_.get();
  capacity_ = capacity;
}

// Code points were normalised one at a time; a token that holds combining
// marks or conjoining jamo is normalised again as a whole so that, e.g.,
// "e" + U+0301 equals precomposed "é" and marks are canonically ordered.
// Rare: with strip_marks on only Hangul jamo (decomposed syllables, or
// compatibility jamo such as "ㅋ") get here.
void Tokenizer::Recompose() {
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | (strip_marks_ ? UTF8PROC_STRIPMARK : 0));
  utf8proc_uint8_t* composed = nullptr;
  const utf8proc_ssize_t size = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(buffer_),
                                             static_cast<utf8proc_ssize_t>(size_), &composed, options);
  if (size >= 0 && composed != nullptr) {
    size_ = 0;
    Append(reinterpret_cast<const char*>(composed), static_cast<size_t>(size));
  }
  std::free(composed);
}

void Tokenizer::AppendPiece(const Piece& piece, size_t begin, size_t end) {
  switch (piece.kind) {
    case PieceKind::kSeparator:
      EndToken();
      return;
    case PieceKind::kWord:
      if (!in_token_ || unspaced_) StartToken(begin, false);
      break;
    case PieceKind::kUnspaced:
      StartToken(begin, true);
      break;
    case PieceKind::kMark:
      if (!in_token_) StartToken(begin, false);
      break;
  }
  Append(piece.bytes, piece.size);
  recompose_ = recompose_ || piece.recompose;
  end_ = static_cast<uint32_t>(end);
}

// A code point whose mapping mixes kinds (U+00BD "½" -> "1" "⁄" "2") or is too
// long for the cache (U+3350 "㍐" -> "ユアン"): every piece gets the source
// span of the whole code point.
void Tokenizer::ProcessComplex(char32_t cp, size_t begin, size_t end) {
  Piece pieces[internal::kMaxPieces];
  CharKind kind;
  const int count = internal::MapCodePoint(cp, mode_, &kind, pieces);
  if (kind == CharKind::kSeparator) {
    EndToken();
    return;
  }
  if (count == 0) {
    if (in_token_) end_ = static_cast<uint32_t>(end);
    return;
  }
  for (int i = 0; i < count; ++i) AppendPiece(pieces[i], begin, end);
}

void Tokenizer::ProcessCodePoint(char32_t cp, size_t begin, size_t end) {
  const CharEntry& entry = internal::LookupChar(cp, mode_);
  switch (entry.kind) {
    case CharKind::kSeparator:
      EndToken();
      return;
    case CharKind::kDrop:
      // A dropped mark or ZWNJ still belongs to the word visually, so it
      // widens the token's source span (provenance highlights whole words).
      if (in_token_) end_ = static_cast<uint32_t>(end);
      return;
    case CharKind::kWord:
      if (!in_token_ || unspaced_) StartToken(begin, false);
      break;
    case CharKind::kUnspaced:
      StartToken(begin, true);
      break;
    case CharKind::kMark:
      if (!in_token_) StartToken(begin, false);
      break;
    case CharKind::kComplex:
      ProcessComplex(cp, begin, end);
      return;
  }
  // A fixed-size copy (the slack is reserved) beats a variable memcpy call.
  if (size_ + sizeof(entry.bytes) > capacity_) Grow(size_ + sizeof(entry.bytes));
  std::memcpy(buffer_ + size_, entry.bytes, sizeof(entry.bytes));
  size_ += entry.size;
  recompose_ = recompose_ || entry.recompose;
  end_ = static_cast<uint32_t>(end);
}

size_t Tokenizer::FindGreater(size_t from) {
  if (greater_at_ < from) {
    const void* hit = std::memchr(p_ + from, '>', n_ - from);
    greater_at_ = hit == nullptr ? n_ : static_cast<size_t>(static_cast<const uint8_t*>(hit) - p_);
  }
  return greater_at_ < n_ ? greater_at_ : kNotFound;
}

size_t Tokenizer::FindCommentClose(size_t from) {
  if (comment_close_at_ < from) {
    const size_t hit = text_.find("-->", from);
    comment_close_at_ = hit == std::string_view::npos ? n_ : hit;
  }
  return comment_close_at_ < n_ ? comment_close_at_ : kNotFound;
}

// If a tag starts at text_[less] == '<', returns the offset one past its end;
// otherwise 0. A tag is '<' followed by a letter, '/', '!' or '?' and runs to
// the next '>'; a comment runs to "-->". Without a closing '>' the '<' is
// literal text ("a <b" in prose or maths).
size_t Tokenizer::TagEnd(size_t less) {
  if (less + 1 >= n_) return 0;
  const uint8_t next = p_[less + 1];
  if (!IsAsciiAlpha(next) && next != '/' && next != '!' && next != '?') return 0;
  if (next == '!' && less + 3 < n_ && p_[less + 2] == '-' && p_[less + 3] == '-') {
    const size_t close = FindCommentClose(less + 4);
    if (close != kNotFound) return close + 3;
  }
  const size_t greater = FindGreater(less + 2);
  return greater == kNotFound ? 0 : greater + 1;
}

void Tokenizer::Run() {
  const uint8_t* const p = p_;
  const size_t n = n_;
  size_t i = 0;
  while (i < n) {
    const uint8_t byte = p[i];
    switch (kBytes.byte_class[byte]) {
      case kByteWord: {
        if (!in_token_ || unspaced_) StartToken(i, false);
        for (;;) {
          // The hot loop: lower-case an ASCII run straight into the buffer,
          // 16 bytes at a time while 16 remain (4% fewer instructions for a
          // whole cluster run than a byte at a time: callgrind, 5,000
          // generated articles).
          size_t j = i;
#if defined(__SSE2__)
          while (j + 16 <= n) {
            if (size_ + 16 > capacity_) Grow(size_ + 16);
            const int run = WordRun16(p + j, buffer_ + size_);
            size_ += run;
            j += run;
            if (run < 16) break;
          }
#endif
          // The tail, under 16 bytes from the end (a no-op after a run that
          // ended inside a block).
          while (j < n && kBytes.byte_class[p[j]] == kByteWord) {
            if (size_ == capacity_) Grow(size_ + 1);
            buffer_[size_++] = kBytes.lower[p[j]];
            ++j;
          }
          end_ = static_cast<uint32_t>(j);
          i = j;
          // Most words are followed by one space and the next word: taken
          // here, as the separator and word cases would take them, without
          // the switch, whose indirect jump mispredicted at word boundaries.
          if (i + 1 >= n || p[i] != ' ' || kBytes.byte_class[p[i + 1]] != kByteWord) break;
          ++i;
          StartToken(i, false);  // ends this one
        }
        break;
      }
      case kByteSeparator:
        EndToken();
        // Runs of spaces and punctuation (", " or " - ") are common.
        do ++i;
        while (i < n && kBytes.byte_class[p[i]] == kByteSeparator);
        break;
      case kByteNewline:
        EndToken();
        ++line_;
        ++i;
        break;
      case kByteLess: {
        EndToken();
        const size_t tag_end = strip_markup_ ? TagEnd(i) : 0;
        if (tag_end == 0) {
          ++i;
          break;
        }
        line_ += static_cast<uint32_t>(std::count(p + i, p + tag_end, '\n'));
        i = tag_end;
        break;
      }
      case kByteAmp: {
        char32_t cp = 0;
        const size_t size = strip_markup_ ? internal::DecodeEntity(text_.substr(i), &cp) : 0;
        if (size == 0) {
          // Not a reference we know: '&' separates and the name stays text.
          EndToken();
          ++i;
          break;
        }
        ProcessCodePoint(cp, i, i + size);
        i += size;
        break;
      }
      default: {
        char32_t cp = 0;
        const size_t size = internal::DecodeUtf8(p + i, n - i, &cp);
        ProcessCodePoint(cp, i, i + size);
        i += size;
        break;
      }
    }
  }
  EndToken();
}

}  // namespace

void Tokenize(std::string_view text, const NormalizeOptions& options, std::vector<Token>* tokens) {
  Tokenizer(text, options, tokens, nullptr).Run();
}

std::string NormalizedText(std::string_view text, const NormalizeOptions& options) {
  std::vector<Token> tokens;
  std::string words;
  Tokenizer(text, options, &tokens, &words).Run();
  return words;
}

}  // namespace wiretrace
