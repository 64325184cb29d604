// Tokenize throughput per script. The pipeline's budget is 30,000 articles of
// 3.5 KB per second per core (about 105 MB/s for the whole pipeline), so
// tokenization must run several times faster than that.
//
//   build-normalize/bench/normalize_bench --benchmark_filter=Tokenize
//
// Text is wire copy in each script, repeated to the requested size; the
// 3.5 KB size also counts the per-call overhead of one article.
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "wiretrace/normalize.h"

namespace {

constexpr std::string_view kEnglish =
    "MOSCOW, Feb 25 (Reuters) - Russian Foreign Minister Sergei Lavrov told his Chinese counterpart "
    "Wang Yi on Thursday that Ukraine's leadership had refused to implement the Minsk agreements, "
    "the foreign ministry said. \"Beijing understands Russia's legitimate concerns on security "
    "issues,\" Wang said, according to a Chinese readout of the call.\n"
    "Ukrainian President Volodymyr Zelenskiy said the sanctions announced so far were not enough, "
    "and urged Western leaders to cut Russia off from the SWIFT payment system. Oil prices jumped "
    "above $100 a barrel for the first time since 2014 - analysts said markets remained volatile.\n";

constexpr std::string_view kEnglishHtml =
    "<p>MOSCOW, Feb 25 (Reuters) &ndash; Russian Foreign Minister Sergei Lavrov told his Chinese "
    "counterpart <a href=\"https://example.com/wang-yi\">Wang Yi</a> on Thursday that Ukraine&#8217;s "
    "leadership had refused to implement the Minsk agreements, the foreign ministry said.</p>\n"
    "<p>&ldquo;Beijing understands Russia&rsquo;s legitimate concerns on security issues,&rdquo; Wang "
    "said, according to a Chinese readout of the call.&nbsp;<!-- ad slot --></p>\n";

constexpr std::string_view kRussian =
    "МОСКВА, 25 февраля. /ТАСС/. Министр иностранных дел России Сергей Лавров в ходе телефонного "
    "разговора с главой МИД КНР Ван И заявил, что руководство Украины отказалось выполнять Минские "
    "соглашения, сообщили в российском внешнеполитическом ведомстве. «Пекин понимает законные "
    "озабоченности России в сфере безопасности», — сказал Ван И.\n"
    "Президент Украины Владимир Зеленский заявил, что объявленных санкций недостаточно, и призвал "
    "западных лидеров отключить Россию от системы SWIFT. Цены на нефть впервые с 2014 года "
    "превысили 100 долларов за баррель.\n";

constexpr std::string_view kUrdu =
    "اسلام آباد (اے پی پی) وزیراعظم عمران خان نے کہا ہے کہ پاکستان خطے میں امن اور استحکام کا خواہاں ہے "
    "اور تمام ہمسایہ ممالک کے ساتھ اچھے تعلقات چاہتا ہے۔ انہوں نے یہ بات ۲۵ فروری ۲۰۲۲ء کو ماسکو میں "
    "روسی صدر سے ملاقات کے بعد صحافیوں سے گفتگو کرتے ہوئے کہی۔\n"
    "وزیر خارجہ شاہ محمود قریشی نے کہا کہ دونوں ممالک نے توانائی، تجارت اور علاقائی سلامتی کے شعبوں "
    "میں تعاون بڑھانے پر اتفاق کیا ہے، جبکہ گیس پائپ لائن منصوبے پر بھی بات چیت ہوئی۔\n";

constexpr std::string_view kChinese =
    "新华社北京2月25日电 国务委员兼外长王毅25日应约同俄罗斯外长拉夫罗夫通电话。拉夫罗夫介绍了俄方"
    "对乌克兰问题的立场，表示美国和北约不断东扩，违背了各方的承诺。王毅表示，中方一贯尊重各国主权"
    "和领土完整，恪守联合国宪章宗旨和原则。\n"
    "乌克兰总统泽连斯基表示，目前宣布的制裁措施还不够，呼吁西方领导人将俄罗斯排除在环球银行金融"
    "电信协会系统之外。国际油价自2014年以来首次突破每桶100美元。\n";

std::string Repeat(std::string_view sentences, size_t size) {
  std::string text;
  text.reserve(size + sentences.size());
  while (text.size() < size) text.append(sentences);
  // Cut at a line end so that no character is split.
  const size_t cut = text.rfind('\n', size);
  text.resize(cut == std::string::npos ? text.size() : cut + 1);
  return text;
}

void BM_Tokenize(benchmark::State& state, std::string_view sentences) {
  const std::string text = Repeat(sentences, static_cast<size_t>(state.range(0)));
  const wiretrace::NormalizeOptions options;
  std::vector<wiretrace::Token> tokens;
  for (auto _ : state) {
    tokens.clear();
    wiretrace::Tokenize(text, options, &tokens);
    benchmark::DoNotOptimize(tokens.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(tokens.size()));
  state.counters["tokens"] = static_cast<double>(tokens.size());
}

void BM_NormalizedText(benchmark::State& state, std::string_view sentences) {
  const std::string text = Repeat(sentences, static_cast<size_t>(state.range(0)));
  const wiretrace::NormalizeOptions options;
  for (auto _ : state) {
    std::string normalized = wiretrace::NormalizedText(text, options);
    benchmark::DoNotOptimize(normalized.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

// 3.5 KB is one typical article; 256 KB shows the steady-state rate.
#define WIRETRACE_TOKENIZE_BENCH(name, text) \
  BENCHMARK_CAPTURE(BM_Tokenize, name, text)->Arg(3500)->Arg(256 << 10)

WIRETRACE_TOKENIZE_BENCH(English, kEnglish);
WIRETRACE_TOKENIZE_BENCH(EnglishHtml, kEnglishHtml);
WIRETRACE_TOKENIZE_BENCH(Russian, kRussian);
WIRETRACE_TOKENIZE_BENCH(Urdu, kUrdu);
WIRETRACE_TOKENIZE_BENCH(Chinese, kChinese);

BENCHMARK_CAPTURE(BM_NormalizedText, English, kEnglish)->Arg(256 << 10);

}  // namespace
