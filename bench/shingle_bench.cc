// Kernel benchmark of the shingle stage: word k-grams over the tokens of a
// realistic ~3.5 KB English wire article (the size gen_corpus.py and typical
// scraped news pages have). Tokenize runs once in setup, so that only Shingle
// (and, in the second kernel, MakeShingleSet) is timed.
//
// The kernels cycle through kArticles different articles (same generator,
// different seeds) rather than repeating one: the branch predictor learns the
// outcome sequence of a sort it has seen a few times, and MakeShingleSet of
// one repeated article measured 4-5x faster than of fresh ones (about 4 us
// against 20 us per 530-shingle set on the 2-core bench machine), which is
// what the engine sees.
//
// bytes/s counts the articles' raw bytes (comparable with the MB/s of
// `wiretrace cluster`); items/s counts tokens.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "wiretrace/normalize.h"
#include "wiretrace/shingle.h"

namespace {

// A deterministic wire-style article: dateline, credit line, paragraphs of
// sentences drawn with a Zipf-like skew from a news vocabulary, with names,
// numbers, quotes and punctuation, so that Tokenize sees the mix of
// separators, capitals and digits that real copy has. Generated in code so
// that the kernel needs no external data.
std::string MakeArticle(uint64_t seed, size_t target_bytes) {
  static const char* const kWords[] = {
      "the", "of", "to", "and", "a", "in", "said", "on", "that", "for", "is", "with", "was", "by", "it",
      "as", "at", "from", "he", "has", "have", "its", "be", "an", "are", "will", "were", "which", "after",
      "would", "their", "but", "not", "this", "had", "they", "also", "been", "more", "than", "government",
      "minister", "officials", "talks", "week", "year", "president", "foreign", "ministry", "statement",
      "country", "sanctions", "security", "military", "economic", "agreement", "support", "market",
      "prices", "percent", "billion", "million", "shares", "company", "bank", "trade", "exports", "oil",
      "crude", "output", "production", "quarter", "growth", "inflation", "rates", "central", "policy",
      "election", "parliament", "opposition", "leader", "spokesman", "meeting", "border", "troops",
      "forces", "conflict", "ceasefire", "negotiations", "delegation", "capital", "region", "province",
      "police", "court", "ruling", "investigation", "report", "sources", "analysts", "investors",
      "demand", "supply", "shortage", "drought", "harvest", "crop", "farmers", "weather", "storm",
      "announced", "warned", "told", "reporters", "added", "expected", "agreed", "rejected", "called",
      "urged", "confirmed", "denied", "according", "earlier", "later", "during", "while", "despite",
      "following", "under", "against", "between", "about", "over", "into", "new", "first", "last",
      "next", "two", "three", "several", "many", "some", "all", "other", "further", "international",
      "national", "regional", "local", "public", "private", "financial", "political", "diplomatic",
      "humanitarian", "energy", "gas", "pipeline", "supplies", "contract", "deal", "plan", "proposal",
      "budget", "debt", "loan", "fund", "aid", "relief", "emergency", "crisis", "situation", "measures",
      "steps", "efforts", "issue", "concerns", "pressure", "risk", "impact", "costs", "spending", "tax",
      "revenue", "profit", "loss", "earnings", "dividend", "stake", "merger", "acquisition", "bid",
      "offer", "board", "chief", "executive", "director", "chairman", "committee", "council", "union",
      "workers", "strike", "wages", "jobs", "unemployment", "data", "figures", "index", "survey",
  };
  static const char* const kNames[] = {
      "Lavrov", "Wang Yi", "Zelensky", "Moscow", "Beijing", "Kiev", "Washington", "Brussels", "Reuters",
      "Sputnik", "Xinhua", "Islamabad", "Tokyo", "London", "OPEC", "NATO", "the European Union",
      "Comissaria Smith", "Bahia", "the Federal Reserve", "Gazprom", "Petrobras", "the IMF",
  };
  constexpr size_t kNumWords = sizeof(kWords) / sizeof(kWords[0]);
  constexpr size_t kNumNames = sizeof(kNames) / sizeof(kNames[0]);

  std::mt19937_64 rng(seed);
  // Zipf-like: the index of a word is floor(n * u^2), so common words recur
  // the way function words do in real text.
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto word = [&]() -> const char* {
    const double u = unit(rng);
    return kWords[static_cast<size_t>(u * u * kNumWords) % kNumWords];
  };
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };

  std::string text = "MOSCOW, Feb 25 (Reuters) - ";
  while (text.size() < target_bytes) {
    const size_t sentences = 2 + pick(3);
    for (size_t s = 0; s < sentences && text.size() < target_bytes; ++s) {
      const size_t words = 12 + pick(17);
      const bool quote = pick(5) == 0;
      if (quote) text += "\u201c";
      for (size_t w = 0; w < words; ++w) {
        std::string token;
        const size_t r = pick(20);
        if (r == 0) {
          token = kNames[pick(kNumNames)];
        } else if (r == 1) {
          token = std::to_string(1 + pick(999));
          if (pick(2) == 0) token += "." + std::to_string(pick(100));
        } else {
          token = word();
        }
        if (w == 0 && !token.empty() && token[0] >= 'a' && token[0] <= 'z') {
          token[0] = static_cast<char>(token[0] - 'a' + 'A');
        }
        text += token;
        if (w + 1 < words) text += pick(12) == 0 ? ", " : " ";
      }
      text += quote ? ",\u201d " + std::string(kNames[pick(kNumNames)]) + " said. " : ". ";
    }
    text += "\n";
  }
  return text;
}

// 64 articles x ~590 tokens x 24 bytes: under 1 MB, inside L2, so the
// kernels stay compute-bound while no two consecutive inputs are alike.
constexpr size_t kArticles = 64;

struct Fixture {
  std::vector<std::string> texts;
  std::vector<std::vector<wiretrace::Token>> tokens;
  size_t bytes = 0;       // all articles
  size_t num_tokens = 0;  // all articles
};

const Fixture& Articles() {
  static const Fixture* const fixture = [] {
    auto* f = new Fixture;
    for (size_t i = 0; i < kArticles; ++i) {
      f->texts.push_back(MakeArticle(/*seed=*/42 + i, /*target_bytes=*/3500));
      f->tokens.emplace_back();
      wiretrace::Tokenize(f->texts.back(), wiretrace::NormalizeOptions(), &f->tokens.back());
      f->bytes += f->texts.back().size();
      f->num_tokens += f->tokens.back().size();
    }
    return f;
  }();
  return *fixture;
}

// Per-iteration averages: each iteration handles one article, in turn.
void Report(benchmark::State& state, const Fixture& a) {
  const double per_article_bytes = static_cast<double>(a.bytes) / kArticles;
  const double per_article_tokens = static_cast<double>(a.num_tokens) / kArticles;
  const double iters = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(iters * per_article_bytes));
  state.SetItemsProcessed(static_cast<int64_t>(iters * per_article_tokens));
  state.counters["article_bytes"] = per_article_bytes;
  state.counters["tokens"] = per_article_tokens;
}

// Shingle alone, position order: the per-token hashing work.
void BM_Shingle(benchmark::State& state) {
  const Fixture& a = Articles();
  wiretrace::ShingleOptions options;
  options.word_k = static_cast<int>(state.range(0));
  std::vector<uint32_t> shingles;
  shingles.reserve(4096);
  size_t i = 0;
  for (auto _ : state) {
    shingles.clear();
    wiretrace::Shingle(a.tokens[i], options, &shingles);
    i = (i + 1) % kArticles;
    benchmark::DoNotOptimize(shingles.data());
    benchmark::ClobberMemory();
  }
  Report(state, a);
}
BENCHMARK(BM_Shingle)->ArgName("k")->Arg(4)->Arg(5);

// Shingle plus MakeShingleSet (sort + unique): what the engine does per
// document before signing.
void BM_ShingleSet(benchmark::State& state) {
  const Fixture& a = Articles();
  wiretrace::ShingleOptions options;
  options.word_k = static_cast<int>(state.range(0));
  std::vector<uint32_t> shingles;
  shingles.reserve(4096);
  size_t i = 0;
  for (auto _ : state) {
    shingles.clear();
    wiretrace::Shingle(a.tokens[i], options, &shingles);
    wiretrace::MakeShingleSet(&shingles);
    i = (i + 1) % kArticles;
    benchmark::DoNotOptimize(shingles.data());
    benchmark::ClobberMemory();
  }
  Report(state, a);
}
BENCHMARK(BM_ShingleSet)->ArgName("k")->Arg(4)->Arg(5);

// The same with one article repeated: shows how much the branch predictor
// flatters a sort that sees the same input every time (see the top comment).
// Not a number to quote.
void BM_ShingleSetOneArticleRepeated(benchmark::State& state) {
  const Fixture& a = Articles();
  const wiretrace::ShingleOptions options;
  std::vector<uint32_t> shingles;
  shingles.reserve(4096);
  for (auto _ : state) {
    shingles.clear();
    wiretrace::Shingle(a.tokens[0], options, &shingles);
    wiretrace::MakeShingleSet(&shingles);
    benchmark::DoNotOptimize(shingles.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * a.texts[0].size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * a.tokens[0].size()));
}
BENCHMARK(BM_ShingleSetOneArticleRepeated);

// For scale: Tokenize of the same article (the normalize stage, owned by
// normalize_bench.cc in full; here only as the yardstick that tells whether
// shingling matters next to it).
void BM_TokenizeSameArticle(benchmark::State& state) {
  const Fixture& a = Articles();
  const wiretrace::NormalizeOptions options;
  std::vector<wiretrace::Token> tokens;
  tokens.reserve(4096);
  size_t i = 0;
  for (auto _ : state) {
    tokens.clear();
    wiretrace::Tokenize(a.texts[i], options, &tokens);
    i = (i + 1) % kArticles;
    benchmark::DoNotOptimize(tokens.data());
    benchmark::ClobberMemory();
  }
  Report(state, a);
}
BENCHMARK(BM_TokenizeSameArticle);

}  // namespace
