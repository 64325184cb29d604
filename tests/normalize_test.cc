#include "wiretrace/normalize.h"

#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "xxhash.h"

namespace wiretrace {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Norm(std::string_view text, const NormalizeOptions& options = {}) {
  return NormalizedText(text, options);
}

std::vector<Token> Tokens(std::string_view text, const NormalizeOptions& options = {}) {
  std::vector<Token> tokens;
  Tokenize(text, options, &tokens);
  return tokens;
}

std::vector<uint64_t> Hashes(std::string_view text, const NormalizeOptions& options = {}) {
  std::vector<uint64_t> hashes;
  for (const Token& token : Tokens(text, options)) hashes.push_back(token.hash);
  return hashes;
}

// The original bytes each token came from.
std::vector<std::string_view> Sources(std::string_view text, const NormalizeOptions& options = {}) {
  std::vector<std::string_view> sources;
  for (const Token& token : Tokens(text, options)) {
    sources.push_back(text.substr(token.begin, token.end - token.begin));
  }
  return sources;
}

std::vector<bool> UnspacedFlags(std::string_view text, const NormalizeOptions& options = {}) {
  std::vector<bool> flags;
  for (const Token& token : Tokens(text, options)) flags.push_back(token.unspaced);
  return flags;
}

NormalizeOptions KeepMarks() {
  NormalizeOptions options;
  options.strip_marks = false;
  return options;
}

// Asserts that two spellings normalise to the same text and the same hashes.
void ExpectSame(std::string_view a, std::string_view b, const NormalizeOptions& options = {}) {
  EXPECT_EQ(Norm(a, options), Norm(b, options)) << "a: " << a << "\nb: " << b;
  EXPECT_EQ(Hashes(a, options), Hashes(b, options)) << "a: " << a << "\nb: " << b;
}

// ---------------------------------------------------------------- English

TEST(NormalizeTest, HeaderExample) {
  EXPECT_EQ(Norm("Kiev’s refusal &amp; the “Minsk” deal"), "kiev s refusal the minsk deal");
  ExpectSame("Kiev’s refusal &amp; the “Minsk” deal", "KIEV'S REFUSAL & the \"Minsk\" deal");
}

TEST(NormalizeTest, EnglishQuotesAndApostrophes) {
  ExpectSame("“Ukraine’s army,” he said.", "\"Ukraine's army,\" he said.");
  ExpectSame("Ukraine’s", "Ukraine&#8217;s");
  ExpectSame("Ukraine’s", "Ukraine&#x2019;s");
  ExpectSame("Ukraine’s", "Ukraine&rsquo;s");
  ExpectSame("‘quoted’ «guillemets» „low“", "'quoted' \"guillemets\" \"low\"");
  EXPECT_EQ(Norm("Ukraine’s"), "ukraine s");
}

TEST(NormalizeTest, EnglishDashes) {
  ExpectSame("2019—2020 well–known", "2019 - 2020 well-known");
  ExpectSame("a &mdash; b &ndash; c", "a — b – c");
  EXPECT_EQ(Norm("state-owned"), "state owned");
}

TEST(NormalizeTest, EnglishCaseAndWhitespace) {
  ExpectSame("The QUICK Brown fox", "the quick brown fox");
  // Line wrapping, tabs, CRLF and non-breaking spaces are all one separator.
  ExpectSame("the quick\r\n   brown\u00a0fox\tjumps", "the quick brown fox jumps");
  ExpectSame("the&nbsp;fox", "the fox");
  ExpectSame("the\u2009thin\u3000ideographic\u2028line", "the thin ideographic line");
}

TEST(NormalizeTest, EnglishAmpersandAndEntities) {
  ExpectSame("AT&amp;T", "AT&T");
  EXPECT_EQ(Norm("AT&T"), "at t");
  EXPECT_EQ(Norm("caf&eacute; &Eacute;T&Eacute;"), "cafe ete");
  ExpectSame("caf&eacute;", "café");
  ExpectSame("caf&#233;", "café");
  ExpectSame("&#x41;&#66;C", "abc");
  ExpectSame("fish &hellip; chips", "fish ... chips");
  // Unknown names, a missing ';' and malformed numbers stay text.
  EXPECT_EQ(Norm("&foo; bar"), "foo bar");
  EXPECT_EQ(Norm("&amp x"), "amp x");
  EXPECT_EQ(Norm("&#; &#x; &#12a;"), "x 12a");
  // Double-escaped text is decoded once only.
  EXPECT_EQ(Norm("&amp;lt;p&amp;gt;"), "lt p gt");
  // A decoded '<' is literal text, never a tag.
  EXPECT_EQ(Norm("&lt;p&gt;hello&lt;/p&gt;"), "p hello p");
  // Legacy pages: &#146; is Windows-1252 for ’. Invalid references are U+FFFD.
  ExpectSame("don&#146;t", "don’t");
  EXPECT_EQ(Norm("a&#0;b&#xD800;c&#x110000;d"), "a b c d");
}

TEST(NormalizeTest, EnglishMarkup) {
  ExpectSame("<p>Hello <b>world</b></p>\n<br/>", "Hello world");
  ExpectSame("<a href=\"x.html\" title='a > b'>link</a>", "b' link");
  ExpectSame("a<!-- a comment with <b> and > inside -->b", "a b");
  ExpectSame("<?xml version=\"1.0\"?><!DOCTYPE html>text", "text");
  // A tag separates the words around it.
  EXPECT_EQ(Norm("<b>Mos</b>cow"), "mos cow");
  // '<' that does not look like a tag, or is never closed, is a separator.
  EXPECT_EQ(Norm("x < y and 3<4"), "x y and 3 4");
  EXPECT_EQ(Norm("if a<b then"), "if a b then");
  EXPECT_EQ(Norm("unclosed <!-- comment"), "unclosed comment");
}

TEST(NormalizeTest, MarkupOff) {
  NormalizeOptions options;
  options.strip_markup = false;
  EXPECT_EQ(Norm("<p>x &amp; y</p>", options), "p x amp y p");
}

// ------------------------------------------------------ Latin with diacritics

TEST(NormalizeTest, LatinDiacritics) {
  ExpectSame("café", "CAFÉ");
  ExpectSame("café", "cafe");
  ExpectSame("café", "cafe\u0301");  // decomposed
  ExpectSame("Ångström señor naïve", "angstrom senor naive");
  // Without mark stripping the accents stay, but NFC and NFD still meet.
  EXPECT_EQ(Norm("CAFÉ", KeepMarks()), "café");
  ExpectSame("café", "cafe\u0301", KeepMarks());
  ExpectSame("CAFE\u0301", "café", KeepMarks());
  EXPECT_NE(Norm("café", KeepMarks()), Norm("cafe", KeepMarks()));
  // Canonical ordering of stacked marks: dot below and acute in either order.
  ExpectSame("e\u0323\u0301", "e\u0301\u0323", KeepMarks());
}

TEST(NormalizeTest, GermanSharpS) {
  // Full case folding: ß and ẞ become "ss".
  ExpectSame("Straße", "STRASSE");
  ExpectSame("GROẞE", "grosse");
  EXPECT_EQ(Norm("Straße"), "strasse");
}

TEST(NormalizeTest, Polish) {
  ExpectSame("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zażółć gęślą jaźń");
  // ł has no decomposition; it is folded explicitly with the other marks.
  ExpectSame("Łódź", "Lodz");
  EXPECT_EQ(Norm("Łódź", KeepMarks()), "łódź");
}

TEST(NormalizeTest, TurkishDottedI) {
  // Case folding is language-neutral: İ -> i + U+0307 (stripped), I -> i.
  ExpectSame("İSTANBUL", "istanbul");
  ExpectSame("ISTANBUL", "İstanbul");
  // Dotless ı would keep Turkish upper and lower case apart ("DİYARBAKIR"
  // folds to "diyarbakir"), so mark stripping folds it to i as well.
  ExpectSame("DİYARBAKIR", "Diyarbakır");
  // With marks kept, İ keeps its dot as U+0307 and ı stays ı.
  EXPECT_EQ(Norm("İstanbul", KeepMarks()), "i\u0307stanbul");
  EXPECT_EQ(Norm("ıstanbul", KeepMarks()), "ıstanbul");
}

TEST(NormalizeTest, FullwidthAndLigatures) {
  ExpectSame("ＡＢＣ　Ｗｏｒｌｄ　２０２２", "abc world 2022");
  ExpectSame("ﬁnance ﬂow ﬀ ﬃ", "finance flow ff ffi");
  ExpectSame("Ⅻ km²", "xii km2");
  // A mapping that contains a separator splits: ½ is "1⁄2" under NFKC.
  EXPECT_EQ(Norm("½"), "1 2");
  // Symbols separate even when NFKC would spell them with letters.
  EXPECT_EQ(Norm("Apple™ ©2022"), "apple 2022");
}

// ---------------------------------------------------------------- Cyrillic

TEST(NormalizeTest, Cyrillic) {
  ExpectSame("Москва", "МОСКВА");
  EXPECT_EQ(Norm("МОСКВА, 25 февраля (РИА Новости)."), "москва 25 февраля риа новости");
  // ё is е + diaeresis: equal once marks are stripped, as copies often drop it.
  ExpectSame("Ёлка всё ещё", "елка все еще");
  EXPECT_NE(Norm("всё", KeepMarks()), Norm("все", KeepMarks()));
  // й is и + breve, so stripping marks also folds it (мой = мои): a cost
  // accepted for consistency, harmless for word k-gram shingles.
  ExpectSame("мой", "мои");
  ExpectSame("Україна – їжак", "украіна іжак");
}

TEST(NormalizeTest, Greek) {
  // Final sigma folds to σ, tonos is a mark.
  ExpectSame("ΑΘΗΝΑ Αθήνα", "αθηνα αθηνα");
  ExpectSame("ΛΟΓΟΣ", "λόγος");
}

// --------------------------------------------------------------- Urdu/Arabic

TEST(NormalizeTest, UrduArabicLetterVariants) {
  // ي/ى vs ی, ك vs ک, ه/ة vs ہ.
  ExpectSame("يه", "یہ");
  ExpectSame("على", "علی");
  ExpectSame("كراچی", "کراچی");
  ExpectSame("جماعة", "جماعہ");
  ExpectSame("پاكستان كي حكومت", "پاکستان کی حکومت");
  EXPECT_EQ(Norm("پاكستان كي"), "پاکستان کی");
  // Hamza and madda forms meet their base letter once marks go.
  ExpectSame("أحمد إسلام آج", "احمد اسلام اج");
  ExpectSame("ٱلله", "الله");
  ExpectSame("مؤقف", "موقف");
  ExpectSame("جائزہ", "جایزہ");
  // Folding can be turned off.
  NormalizeOptions no_fold;
  no_fold.fold_arabic_variants = false;
  EXPECT_NE(Norm("يه", no_fold), Norm("یہ", no_fold));
  // Keeping marks keeps hamza forms apart but still folds the letter variants.
  EXPECT_NE(Norm("أحمد", KeepMarks()), Norm("احمد", KeepMarks()));
  ExpectSame("يه", "یہ", KeepMarks());
}

TEST(NormalizeTest, UrduHarakat) {
  // Zabar, zer, pesh, shadda, tanween: stripped.
  ExpectSame("کِتاب", "کتاب");
  ExpectSame("مُحَمَّد", "محمد");
  ExpectSame("شُکریہ", "شکریہ");
  EXPECT_NE(Norm("کِتاب", KeepMarks()), Norm("کتاب", KeepMarks()));
}

TEST(NormalizeTest, UrduFormatCharactersJoin) {
  // ZWNJ inside a word (common in Urdu/Persian typing) and tatweel join.
  ExpectSame("ذمہ\u200Cداری", "ذمہداری");
  EXPECT_EQ(Tokens("ذمہ\u200Cداری").size(), 1u);
  ExpectSame("کـــتاب", "کتاب");
  // Soft hyphen, ZWJ, BOM and bidi marks too.
  ExpectSame("\uFEFFinter\u00ADnational \u200Fپاکستان\u200E", "international پاکستان");
  // ZERO WIDTH SPACE marks a word boundary.
  EXPECT_EQ(Norm("one\u200Btwo"), "one two");
}

TEST(NormalizeTest, UrduPunctuationSeparates) {
  EXPECT_EQ(Norm("انہوں نے کہا۔ وزیراعظم"), "انہوں نے کہا وزیراعظم");
  EXPECT_EQ(Norm("لاہور،کراچی"), "لاہور کراچی");
  EXPECT_EQ(Norm("کیا؟ ہاں؛ (اے پی پی)"), "کیا ہاں اے پی پی");
  EXPECT_EQ(Tokens("کہا۔وزیراعظم").size(), 2u);
}

TEST(NormalizeTest, UrduDigits) {
  ExpectSame("۲۰۲۲", "2022");  // Extended Arabic-Indic
  ExpectSame("٢٠٢٢", "2022");  // Arabic-Indic
  ExpectSame("25 فروری ۲۰۲۲ء", "۲۵ فروری 2022ء");
}

// ------------------------------------------------------- Chinese and Japanese

TEST(NormalizeTest, ChineseOneTokenPerCharacter) {
  const std::string text = "新华社北京2月25日电，外交部长王毅。";
  EXPECT_EQ(Norm(text), "新 华 社 北 京 2 月 25 日 电 外 交 部 长 王 毅");
  const std::vector<bool> flags = UnspacedFlags(text);
  ASSERT_EQ(flags.size(), 16u);
  EXPECT_TRUE(flags[0]);
  EXPECT_FALSE(flags[5]);  // "2": digits are words
  EXPECT_TRUE(flags[6]);
  EXPECT_THAT(Sources("北京2022年"), ElementsAre("北", "京", "2022", "年"));
  // Fullwidth punctuation separates; fullwidth digits are ASCII.
  ExpectSame("「北京」，２０２２年", "北京 2022年");
  // CJK extension A and compatibility ideographs (NFKC sends U+F900 to U+8C48).
  EXPECT_THAT(UnspacedFlags("\u3400\uF900"), ElementsAre(true, true));
  ExpectSame("\uF900", "\u8C48");
}

TEST(NormalizeTest, Japanese) {
  // Dakuten (U+3099) is a combining mark, so mark stripping folds で to て
  // like every other mark; character n-grams stay distinctive enough.
  EXPECT_EQ(Norm("日本語のテキスト、です。"), "日 本 語 の テ キ ス ト て す");
  EXPECT_EQ(Norm("日本語のテキスト、です。", KeepMarks()), "日 本 語 の テ キ ス ト で す");
  EXPECT_THAT(UnspacedFlags("ひらがなカタカナ漢字ー"), ElementsAre(true, true, true, true, true, true, true,
                                                                  true, true, true, true));
  // Halfwidth katakana are NFKC-equal to fullwidth ones.
  ExpectSame("ﾃｽﾄ", "テスト");
  // Dakuten is a combining mark: stripped by default (ガ = カ), and with marks
  // kept, halfwidth カ + ﾞ composes to ガ across the two code points.
  ExpectSame("ガイド", "カイト");
  ExpectSame("ｶﾞｲﾄﾞ", "ガイド", KeepMarks());
  EXPECT_EQ(Norm("ｶﾞ", KeepMarks()), "ガ");
  EXPECT_EQ(Tokens("ｶﾞ", KeepMarks()).size(), 1u);
}

TEST(NormalizeTest, Korean) {
  // Hangul is written with spaces: words, not characters.
  EXPECT_EQ(Norm("한국어 뉴스, 서울"), "한국어 뉴스 서울");
  EXPECT_THAT(UnspacedFlags("한국어"), ElementsAre(false));
  // Conjoining jamo compose under NFKC, also from compatibility jamo.
  ExpectSame("\u1112\u1161\u11AB", "한");
  ExpectSame("ㄱㅏ", "가");
}

TEST(NormalizeTest, Thai) {
  const std::string text = "ภาษาไทย ข่าว";
  EXPECT_EQ(Norm(text), "ภ า ษ า ไ ท ย ข า ว");
  EXPECT_EQ(Tokens(text).size(), 10u);
  for (const Token& token : Tokens(text)) EXPECT_TRUE(token.unspaced);
  // The stripped tone mark stays inside its consonant's source span.
  EXPECT_EQ(Sources("ข่าว")[0], "ข่");
  // With marks kept, the tone mark joins the consonant's token.
  EXPECT_EQ(Norm("ข่าว", KeepMarks()), "ข\u0E48 า ว");
}

TEST(NormalizeTest, OtherUnspacedScripts) {
  EXPECT_THAT(UnspacedFlags("ລາວ"), ElementsAre(true, true, true));         // Lao
  EXPECT_THAT(UnspacedFlags("ខ្មែរ"), ElementsAre(true, true, true));       // Khmer (coeng stripped)
  EXPECT_THAT(UnspacedFlags("မြန်မာ"), ElementsAre(true, true, true));      // Myanmar
  EXPECT_THAT(UnspacedFlags("हिन्दी समाचार"), ElementsAre(false, false));  // Devanagari has spaces
}

TEST(NormalizeTest, MixedScriptLine) {
  EXPECT_EQ(Norm("MOSCOW (Sputnik) — Лавров и Ван И: «北京» (اے پی پی) Καλημέρα 2022"),
            "moscow sputnik лавров и ван и 北 京 اے پی پی καλημερα 2022");
  // A script change inside a run splits where unspaced text starts and ends.
  EXPECT_THAT(Sources("abc北京def"), ElementsAre("abc", "北", "京", "def"));
  EXPECT_THAT(Sources("Москваmoscow"), ElementsAre("Москваmoscow"));
}

// ------------------------------------------------------- offsets and lines

TEST(NormalizeTest, OffsetsPointAtOriginalBytes) {
  const std::string_view text = "Ça va &amp; caf&eacute; — «Москва» don&#8217;t";
  EXPECT_THAT(Sources(text), ElementsAre("Ça", "va", "caf&eacute;", "Москва", "don", "t"));
  const std::vector<Token> tokens = Tokens(text);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 3u);  // Ç is two bytes
  EXPECT_EQ(tokens[1].begin, 4u);
  // After an entity, offsets still count its original bytes.
  EXPECT_EQ(tokens[5].begin, text.size() - 1);
  EXPECT_EQ(tokens[5].end, text.size());
  // Entities and dropped characters inside a word widen its span.
  EXPECT_THAT(Sources("x Ka\u00ADrachi y"), ElementsAre("x", "Ka\u00ADrachi", "y"));
  EXPECT_THAT(Sources("cafe\u0301!"), ElementsAre("cafe\u0301"));
  // Tags are outside every token.
  EXPECT_THAT(Sources("<p>Hello</p> <i>world</i>"), ElementsAre("Hello", "world"));
}

TEST(NormalizeTest, LineNumbers) {
  const std::vector<Token> tokens = Tokens("one two\nthree\r\n\nfour <a\nhref=x>five</a>\nsix");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].line, 0u);
  EXPECT_EQ(tokens[1].line, 0u);
  EXPECT_EQ(tokens[2].line, 1u);
  EXPECT_EQ(tokens[3].line, 3u);
  EXPECT_EQ(tokens[4].line, 4u);  // the tag held a newline
  EXPECT_EQ(tokens[5].line, 5u);
  // A multi-line comment counts its lines too.
  const std::vector<Token> after_comment = Tokens("a<!--\n\n-->b\nc");
  ASSERT_EQ(after_comment.size(), 3u);
  EXPECT_EQ(after_comment[1].line, 2u);
  EXPECT_EQ(after_comment[2].line, 3u);
}

TEST(NormalizeTest, TokenizeAppends) {
  std::vector<Token> tokens;
  Tokenize("Title here", {}, &tokens);
  Tokenize("body text", {}, &tokens);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[2].begin, 0u);  // offsets are relative to each call's text
  EXPECT_EQ(tokens[2].hash, XXH3_64bits("body", 4));
}

// ---------------------------------------------------------- hard inputs

TEST(NormalizeTest, EmptyAndPunctuationOnly) {
  EXPECT_THAT(Tokens(""), IsEmpty());
  EXPECT_EQ(Norm(""), "");
  EXPECT_THAT(Tokens("  \n\t "), IsEmpty());
  EXPECT_THAT(Tokens("…!?—«»“”‘’()[]{}.,;:۔،。、！？ -- *** ©®™ 🙂"), IsEmpty());
  EXPECT_THAT(Tokens("<p></p><br/>&nbsp;&amp;"), IsEmpty());
  EXPECT_THAT(Tokens("\u200C\u200D\u00AD\uFEFF\u0640"), IsEmpty());
}

TEST(NormalizeTest, InvalidUtf8Separates) {
  EXPECT_EQ(Norm("abc\x80" "def"), "abc def");        // lone continuation byte
  EXPECT_EQ(Norm("\x80\xBF\x80"), "");
  EXPECT_EQ(Norm("abc\xFF" "def\xFE"), "abc def");    // bytes never valid in UTF-8
  EXPECT_EQ(Norm("ab\xC3"), "ab");                    // truncated at the end
  EXPECT_EQ(Norm("ab\xE2\x80"), "ab");
  EXPECT_EQ(Norm("ab\xF0\x9F\x99"), "ab");
  EXPECT_EQ(Norm("ab\xC3x"), "ab x");                 // truncated in the middle
  EXPECT_EQ(Norm("a\xC0\xAF" "b"), "a b");            // overlong '/'
  EXPECT_EQ(Norm("a\xED\xA0\x80" "b"), "a b");        // encoded surrogate
  EXPECT_EQ(Norm("a\xF4\x90\x80\x80" "b"), "a b");    // past U+10FFFF
  EXPECT_EQ(Norm("a\xEF\xBF\xBD" "b"), "a b");        // U+FFFD itself
  // A lead byte followed by a valid character: that character survives.
  EXPECT_EQ(Norm("\xE2" "é"), "e");
  EXPECT_THAT(Sources("x\xC3y"), ElementsAre("x", "y"));
  // NUL and other controls separate.
  EXPECT_EQ(Norm(std::string_view("a\0b\x01" "c\x7F" "d", 7)), "a b c d");
}

TEST(NormalizeTest, EveryByteValueIsSafe) {
  std::string text;
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 256; ++b) text.push_back(static_cast<char>(b));
  }
  for (size_t size = 0; size <= text.size(); size += 7) {
    for (const Token& token : Tokens(std::string_view(text).substr(0, size))) {
      EXPECT_LT(token.begin, token.end);
      EXPECT_LE(token.end, size);
    }
  }
}

TEST(NormalizeTest, LongTokens) {
  const std::string word(5000, 'a');
  const std::vector<Token> tokens = Tokens(word + " " + word);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].hash, XXH3_64bits(word.data(), word.size()));
  std::string cyrillic;
  for (int i = 0; i < 1000; ++i) cyrillic += "Ж";
  EXPECT_EQ(Tokens(cyrillic)[0].hash, XXH3_64bits(Norm(cyrillic).data(), 2000));
}

TEST(NormalizeTest, UnclosedMarkupStaysLinear) {
  // Each "<a" would search to the end of the input for its '>'; with the
  // search cached this finishes in milliseconds rather than minutes.
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "<a <!-- ";
  EXPECT_EQ(Tokens(text).size(), 200000u);
}

// ------------------------------------------------------------- consistency

const char* const kSamples[] = {
    "Kiev’s refusal &amp; the “Minsk” deal",
    "MOSCOW, Feb 25 (Reuters) - Russia's foreign minister Sergei Lavrov...",
    "Straße İstanbul Łódź café CAFE\u0301 ﬁnance ＡＢＣ ½ Ⅻ",
    "МОСКВА, 25 февраля. /ТАСС/. Министр иностранных дел России Сергей Лавров",
    "اسلام آباد (اے پی پی) وزیراعظم نے كہا کہ پاکستان ۲۰۲۲ میں ترقی کرے گا۔",
    "北京2月25日电（记者王毅）中国外交部长王毅同俄罗斯外长拉夫罗夫通电话。",
    "日本語のテキスト、ｶﾞｲﾄﾞ。한국어 뉴스 ภาษาไทย",
    "<p>Hello &eacute; <b>world</b></p> \xff\x80 ok",
};

TEST(NormalizeTest, HashesMatchNormalizedText) {
  for (const NormalizeOptions& options : {NormalizeOptions(), KeepMarks()}) {
    for (const char* sample : kSamples) {
      const std::string text = Norm(sample, options);
      std::vector<uint64_t> expected;
      size_t start = 0;
      while (start < text.size()) {
        size_t space = text.find(' ', start);
        if (space == std::string::npos) space = text.size();
        expected.push_back(XXH3_64bits(text.data() + start, space - start));
        start = space + 1;
      }
      EXPECT_EQ(Hashes(sample, options), expected) << sample;
    }
  }
}

TEST(NormalizeTest, NormalizingIsIdempotent) {
  for (const NormalizeOptions& options : {NormalizeOptions(), KeepMarks()}) {
    for (const char* sample : kSamples) {
      const std::string once = Norm(sample, options);
      EXPECT_EQ(Norm(once, options), once) << sample;
    }
  }
}

TEST(NormalizeTest, AsciiFastPathAgreesWithUnicodePath) {
  // A numeric reference takes the general (utf8proc) path even for ASCII.
  for (int c = 1; c < 0x80; ++c) {
    const std::string raw = std::string("x") + static_cast<char>(c) + "y";
    const std::string escaped = "x&#" + std::to_string(c) + ";y";
    EXPECT_EQ(Norm(raw), Norm(escaped)) << "byte " << c;
  }
}

// The ASCII word path takes 16 bytes at a time: on random ASCII text with
// word runs of every length around that block size, and other bytes (a
// separator, a newline, a tag, "&amp;", a non-ASCII letter) at every
// offset, the tokens are those of a plain reading: runs of [0-9A-Za-z]
// (with the non-ASCII letter joining its run), lower-cased, with their
// source offsets and lines.
TEST(NormalizeTest, AsciiWordRunsOfEveryLengthAndOffset) {
  std::mt19937 rng(20261202);
  // Every ASCII byte that is not a letter or digit separates ('<' and '&'
  // only as a tag or a reference).
  std::vector<std::string> kBreaks = {"\n", "<b>", "&amp;", ". "};
  for (int c = 1; c < 0x80; ++c) {
    if (!std::isalnum(c) && c != '\n' && c != '<' && c != '&') kBreaks.push_back(std::string(1, static_cast<char>(c)));
  }
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    struct Want {
      std::string norm;
      uint32_t begin, end, line;
    };
    std::vector<Want> want;
    uint32_t line = 0;
    while (text.size() < 200) {
      const int len = 1 + static_cast<int>(rng() % 40);
      Want w{"", static_cast<uint32_t>(text.size()), 0, line};
      for (int k = 0; k < len; ++k) {
        const auto pick = static_cast<uint32_t>(rng() % 62);
        const char c = pick < 10 ? static_cast<char>('0' + pick)
                                 : pick < 36 ? static_cast<char>('a' + pick - 10) : static_cast<char>('A' + pick - 36);
        text += c;
        w.norm += static_cast<char>(c | 0x20);
      }
      if (rng() % 8 == 0) {  // a non-ASCII letter inside the word: "é" joins it, as "e" (marks stripped)
        text += "\xC3\xA9";
        w.norm += "e";
      }
      w.end = static_cast<uint32_t>(text.size());
      want.push_back(w);
      const std::string& brk = kBreaks[rng() % kBreaks.size()];
      if (brk == "\n") ++line;
      text += brk;
    }
    const std::vector<Token> tokens = Tokens(text);
    ASSERT_EQ(tokens.size(), want.size()) << text;
    for (size_t t = 0; t < want.size(); ++t) {
      EXPECT_EQ(tokens[t].begin, want[t].begin) << text;
      EXPECT_EQ(tokens[t].end, want[t].end) << text;
      EXPECT_EQ(tokens[t].line, want[t].line) << text;
      EXPECT_EQ(tokens[t].hash, XXH3_64bits(want[t].norm.data(), want[t].norm.size())) << want[t].norm;
    }
  }
}

TEST(NormalizeTest, ConcurrentCallsAgree) {
  // Threads in different modes build the per-mode page caches concurrently;
  // every thread must see the same answers as a later single-threaded run.
  NormalizeOptions modes[2];
  modes[1].fold_arabic_variants = false;
  modes[1].strip_marks = false;
  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (const char* sample : kSamples) results[t].push_back(Norm(sample, modes[t % 2]));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    size_t i = 0;
    for (int round = 0; round < 20; ++round) {
      for (const char* sample : kSamples) EXPECT_EQ(results[t][i++], Norm(sample, modes[t % 2]));
    }
  }
}

}  // namespace
}  // namespace wiretrace
