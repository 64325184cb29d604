// Cost of finding the story bounds (dateline and credit lines) of one article.
// It runs on every article in the hot path, so it must stay far below the
// ~50 µs that the whole cluster pipeline spends on a 3.6 KB article today:
// it looks at the first and last few hundred bytes only, so the cost per
// article does not grow with its length (compare the 3.6 KB and 256 KB runs).
//
//   build/bench/dateline_bench
//
// items/s = articles per second; the time per iteration is the time per
// article.
#include <string>
#include <string_view>
#include <vector>

#include "../src/internal/dateline.h"
#include "benchmark/benchmark.h"

namespace {

constexpr std::string_view kEnglishBody =
    "Russian Foreign Minister Sergei Lavrov told his Chinese counterpart Wang Yi on Thursday that "
    "Ukraine's leadership had refused to implement the Minsk agreements, the foreign ministry said. "
    "\"Beijing understands Russia's legitimate concerns on security issues,\" Wang said, according to "
    "a Chinese readout of the call.\n";

constexpr std::string_view kUrduBody =
    "وزیراعظم عمران خان نے کہا ہے کہ پاکستان خطے میں امن اور استحکام کا خواہاں ہے اور تمام ہمسایہ ممالک "
    "کے ساتھ اچھے تعلقات چاہتا ہے۔ انہوں نے یہ بات ماسکو میں روسی صدر سے ملاقات کے بعد صحافیوں سے "
    "گفتگو کرتے ہوئے کہی۔\n";

constexpr std::string_view kRussianBody =
    "Министр иностранных дел России Сергей Лавров в ходе телефонного разговора с главой МИД КНР Ван И "
    "заявил, что руководство Украины отказалось выполнять Минские соглашения, сообщили в российском "
    "внешнеполитическом ведомстве.\n";

std::string Article(std::string_view lead, std::string_view body, std::string_view tail, size_t size) {
  std::string text(lead);
  while (text.size() + body.size() < size) text.append(body);
  text.append(tail);
  return text;
}

void BM_FindStoryBounds(benchmark::State& state, std::string_view lead, std::string_view body,
                        std::string_view tail) {
  const std::string text = Article(lead, body, tail, static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    const wiretrace::internal::StoryBounds b = wiretrace::internal::FindStoryBounds(text);
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

// A mix of 64 articles (every form, and none), called in turn, so that branch
// prediction cannot learn one article.
void BM_FindStoryBoundsMix(benchmark::State& state) {
  const std::vector<std::string> leads = {
      "NEW DELHI, March 3 (Reuters) - ", "Beijing [China], February 25 (ANI): ", "WASHINGTON (AP) — ",
      "ڈھاکہ ۔ یکم دسمبر (اے پی پی) ", "لاہور (سپورٹس رپورٹر) ", "کراچی۔۔۔۔۔ ", "МОСКВА, 3 мар — РИА Новости. ", ""};
  const std::vector<std::string> tails = {"", " (ANI)", "\n REUTER", "\nWith inputs from agencies",
                                          "\n(Reporting by John Smith; Editing by Jane Doe)", " (اے پی پی)",
                                          "\n— РИА Новости", ""};
  const std::vector<std::string_view> bodies = {kEnglishBody, kUrduBody, kRussianBody};
  std::vector<std::string> articles;
  for (size_t i = 0; i < leads.size(); ++i) {
    for (size_t j = 0; j < tails.size(); ++j) {
      articles.push_back(Article(leads[i], bodies[(i + j) % bodies.size()], tails[j], 3600));
    }
  }
  size_t bytes = 0;
  for (const std::string& a : articles) bytes += a.size();
  for (auto _ : state) {
    for (const std::string& a : articles) {
      const wiretrace::internal::StoryBounds b = wiretrace::internal::FindStoryBounds(a);
      benchmark::DoNotOptimize(b);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

BENCHMARK_CAPTURE(BM_FindStoryBounds, ReutersLeadAndTail, "NEW DELHI, March 3 (Reuters) - ", kEnglishBody,
                  "\n(Reporting by John Smith; Editing by Jane Doe)")
    ->Arg(3600)
    ->Arg(256 << 10);
BENCHMARK_CAPTURE(BM_FindStoryBounds, AniLeadAndTail, "Beijing [China], February 25 (ANI): ", kEnglishBody,
                  " (ANI)")
    ->Arg(3600);
BENCHMARK_CAPTURE(BM_FindStoryBounds, UrduApp, "ڈھاکہ ۔ یکم دسمبر (اے پی پی) ", kUrduBody, "")->Arg(3600);
BENCHMARK_CAPTURE(BM_FindStoryBounds, UrduNewspaper, "اسلام آباد (نمائندہ نوائے وقت) ", kUrduBody, "")
    ->Arg(3600);
BENCHMARK_CAPTURE(BM_FindStoryBounds, RussianRia, "МОСКВА, 3 мар — РИА Новости. ", kRussianBody,
                  "\n— РИА Новости")
    ->Arg(3600);
BENCHMARK_CAPTURE(BM_FindStoryBounds, NoDateline, "", kEnglishBody, "")->Arg(3600)->Arg(256 << 10);
BENCHMARK(BM_FindStoryBoundsMix);

}  // namespace
