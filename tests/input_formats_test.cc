// Input kinds beyond JSON lines (include/wiretrace/ingest.h): HTML pages,
// CSV/TSV, WARC, sniffed and refused formats, nested and checked fields. Every
// file is made here; each test reads it through RecordReader and ParseRecord,
// as the engine does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "internal/delimited_reader.h"
#include "wiretrace/ingest.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class InputFormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "input_formats_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  // Reads and parses everything; good articles to articles_, every problem
  // (file-level and per record, "LINE: message") to problems_.
  void Read(std::vector<std::string> inputs, const IngestOptions& options = {}) {
    articles_.clear();
    problems_.clear();
    schema_problems_ = 0;
    input_failures_ = 0;
    absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open(std::move(inputs), options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    RecordBatch batch;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->ReadBatch(&batch);
      ASSERT_TRUE(more.ok());
      if (!*more) break;
      for (const InputProblem& p : batch.problems) {
        problems_.push_back(std::to_string(p.line) + ": " + p.message);
        schema_problems_ += p.schema;
        input_failures_ += p.input_failure;
      }
      for (size_t i = 0; i < batch.records.size(); ++i) {
        Article article;
        std::vector<std::string> warnings;
        const absl::Status s = ParseRecord(batch, i, options, &article, &warnings);
        for (const std::string& w : warnings) problems_.push_back(std::to_string(article.line) + ": " + w);
        if (s.ok()) {
          articles_.push_back(std::move(article));
        } else {
          problems_.push_back(std::to_string(batch.records[i].line) + ": " + std::string(s.message()));
        }
      }
    }
  }

  std::vector<std::string> Ids() const {
    std::vector<std::string> ids;
    for (const Article& a : articles_) ids.push_back(a.id);
    return ids;
  }

  fs::path dir_;
  std::vector<Article> articles_;
  std::vector<std::string> problems_;
  int schema_problems_ = 0;
  int input_failures_ = 0;
};

std::string Gzip(const std::string& data) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&s, data.size()) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

const char kPage[] =
    "<!DOCTYPE html><html><head><title>Frost - The Valley Times</title>"
    "<meta property=\"article:published_time\" content=\"2024-03-01T08:30:00Z\">"
    "<link rel=\"canonical\" href=\"https://www.valley.example/frost\"><script>var a = 'not text';</script>"
    "</head><body><nav>Home</nav><h1>Frost hits the valley</h1><p>Farmers lost the crop.</p></body></html>";

TEST_F(InputFormatsTest, DirectoryOfHtmlPagesWithTextFiles) {
  Write("site/b/page.html", kPage);
  Write("site/a.htm", "<p>Short page.</p>");
  Write("site/c.txt", "plain <b>text</b> stays as it is");
  Write("site/ignored.css", "p { }");
  Read({(dir_ / "site").string()});
  EXPECT_THAT(problems_, IsEmpty());
  ASSERT_THAT(Ids(), ElementsAre("a.htm", "b/page.html", "c.txt"));
  const Article& page = articles_[1];
  EXPECT_EQ(page.text, "Home\nFrost hits the valley\nFarmers lost the crop.");
  EXPECT_EQ(page.title, "Frost hits the valley");
  EXPECT_EQ(page.published_raw, "2024-03-01T08:30:00Z");
  EXPECT_TRUE(page.published.known());
  EXPECT_EQ(page.url, "https://www.valley.example/frost");
  EXPECT_EQ(page.source, "valley.example");  // the outlet, from the canonical URL
  EXPECT_EQ(articles_[2].text, "plain <b>text</b> stays as it is");
}

TEST_F(InputFormatsTest, HtmlFieldOfJsonLines) {
  std::string line = "{\"id\":\"p1\",\"text\":\"<div><p>One.</p><p>Two.</p><script>x()</script></div>\"}\n";
  const std::string path = Write("pages.jsonl", line + "{\"id\":\"p2\",\"title\":\"Given\",\"text\":\"<h1>Page</h1>\"}\n");
  IngestOptions options;
  options.html = true;
  Read({path}, options);
  ASSERT_THAT(Ids(), ElementsAre("p1", "p2"));
  EXPECT_EQ(articles_[0].text, "One.\nTwo.");
  EXPECT_EQ(articles_[1].title, "Given");  // the record's own title wins
  // Without --html the markup is the text.
  Read({path});
  EXPECT_THAT(articles_[0].text, HasSubstr("<script>"));
}

TEST_F(InputFormatsTest, AnHtmlPageUnderAnotherNameIsSniffed) {
  Read({Write("download", kPage)});
  ASSERT_THAT(Ids(), ElementsAre("download"));
  EXPECT_EQ(articles_[0].title, "Frost hits the valley");
}

TEST_F(InputFormatsTest, CsvWithHeader) {
  const std::string csv =
      "\xEF\xBB\xBFid,title,text,source\r\n"
      "1,Plain,one two,outlet-a\r\n"
      "2,\"Quoted, with comma\",\"a \"\"quote\"\" and\nline break\",outlet-b\r\n"
      "\r\n"
      "3,Short row\r\n"
      "4,Too,many,cells,here\r\n"
      "5,Last,five,outlet-a";
  Read({Write("feed.csv", csv)});
  ASSERT_THAT(Ids(), ElementsAre("1", "2", "3", "5"));
  EXPECT_EQ(articles_[1].title, "Quoted, with comma");
  EXPECT_EQ(articles_[1].text, "a \"quote\" and\nline break");
  EXPECT_EQ(articles_[1].source, "outlet-b");
  EXPECT_EQ(articles_[3].line, 8u);  // physical lines, the quoted line break counted
  EXPECT_THAT(problems_, UnorderedElementsAre("6: text is missing: compared by its title only",
                                              "7: row has 5 cells but the header has 4 columns: record skipped "
                                     "(an unquoted delimiter?)"));
}

TEST_F(InputFormatsTest, TsvAndDelimitedFilesFoundByTheirHeader) {
  Read({Write("feed.tsv", "id\ttext\na\tone, two\nb\tthree\n")});
  EXPECT_THAT(Ids(), ElementsAre("a", "b"));
  EXPECT_EQ(articles_[0].text, "one, two");
  Read({Write("export.dat", "text,id\nhello,x1\n")});
  EXPECT_THAT(Ids(), ElementsAre("x1"));
}

TEST_F(InputFormatsTest, CsvHeaderWithoutTheFieldsIsOneWarning) {
  IngestOptions options;
  options.text_field = "body";
  Read({Write("feed.csv", "id,text\n1,a\n2,b\n")}, options);
  EXPECT_EQ(schema_problems_, 1);
  EXPECT_THAT(problems_[0], HasSubstr("text field \"body\" is in none of the"));
  EXPECT_THAT(problems_[0], HasSubstr("keys seen: id, text"));
}

TEST_F(InputFormatsTest, CsvUnterminatedQuoteKeepsTheRowsBefore) {
  Read({Write("feed.csv", "id,text\n1,good\n2,\"never closed\n3,x\n")});
  EXPECT_THAT(Ids(), ElementsAre("1"));
  ASSERT_EQ(input_failures_, 1);
  EXPECT_THAT(problems_.back(), HasSubstr("never closed"));
}

TEST(DelimitedReaderTest, Rfc4180) {
  auto rows = internal::ParseDelimited("a,b\n\"x,y\",\"\"\"\"\n,\n", ',');
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(*rows, ElementsAre(ElementsAre("a", "b"), ElementsAre("x,y", "\""), ElementsAre("", "")));
  EXPECT_FALSE(internal::ParseDelimited("\"open", ',').ok());
  EXPECT_THAT(*internal::ParseDelimited("", ','), IsEmpty());
}

// One WARC record with its headers and block.
std::string WarcRecord(const std::string& type, const std::string& uri, const std::string& block,
                       const std::string& content_type = "application/http; msgtype=response") {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2024-03-01T09:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(block.size()) +
         ">\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" +
         block + "\r\n\r\n";
}

std::string HttpResponse(const std::string& headers, const std::string& body) {
  return "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body;
}

TEST_F(InputFormatsTest, WarcResponsesOfHtmlBecomeArticles) {
  const std::string chunked = "1a\r\n<p>Chunked page body.</p>\r\n0\r\n\r\n";
  const std::string warc =
      WarcRecord("warcinfo", "", "software: test\r\n", "application/warc-fields") +
      WarcRecord("request", "https://www.valley.example/frost", "GET /frost HTTP/1.1\r\n\r\n") +
      WarcRecord("response", "https://www.valley.example/frost",
                 HttpResponse("Content-Type: text/html; charset=utf-8\r\n", kPage)) +
      WarcRecord("response", "https://hill.example/logo.png", HttpResponse("Content-Type: image/png\r\n", "\x89PNG")) +
      WarcRecord("response", "https://hill.example/moved", "HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<a>x</a>") +
      WarcRecord("response", "https://hill.example/chunked",
                 HttpResponse("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked)) +
      WarcRecord("response", "https://hill.example/gzip",
                 HttpResponse("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", Gzip("<p>Gzipped body.</p>")));
  for (const std::string& path : {Write("crawl.warc", warc), Write("crawl.warc.gz", Gzip(warc))}) {
    Read({path});
    EXPECT_THAT(problems_, IsEmpty()) << path;
    ASSERT_THAT(Ids(), ElementsAre("https://www.valley.example/frost", "https://hill.example/chunked",
                                   "https://hill.example/gzip"));
    const Article& page = articles_[0];
    EXPECT_EQ(page.title, "Frost hits the valley");
    EXPECT_EQ(page.text, "Home\nFrost hits the valley\nFarmers lost the crop.");
    EXPECT_EQ(page.source, "valley.example");
    // The page's own publication time, not WARC-Date (when it was fetched)...
    EXPECT_EQ(page.published_raw, "2024-03-01T08:30:00Z");
    EXPECT_EQ(articles_[1].text, "Chunked page body.");
    EXPECT_EQ(articles_[1].published_raw, "2024-03-01T09:00:00Z");  // ... which stands in when the page has none
    EXPECT_EQ(articles_[1].source, "hill.example");
    EXPECT_EQ(articles_[2].text, "Gzipped body.");
  }
}

TEST_F(InputFormatsTest, DamagedWarcKeepsTheRecordsBefore) {
  const std::string good = WarcRecord("response", "https://a.example/1", HttpResponse("Content-Type: text/html\r\n", "<p>ok</p>"));
  std::string cut = WarcRecord("response", "https://a.example/2", HttpResponse("Content-Type: text/html\r\n", "<p>long body</p>"));
  cut.resize(cut.size() - 12);
  Read({Write("cut.warc", good + cut)});
  EXPECT_THAT(Ids(), ElementsAre("https://a.example/1"));
  EXPECT_EQ(input_failures_, 1);
  EXPECT_THAT(problems_.back(), HasSubstr("cut short"));
}

TEST_F(InputFormatsTest, OtherFormatsAreRefusedOnceByName) {
  struct Case {
    std::string name, bytes, expected;
  };
  const std::vector<Case> cases = {
      {"data.parquet", std::string("PAR1\x15\x04\x15\0\0", 9) + "rest", "looks like Parquet"},
      {"sheet.xlsx", std::string("PK\x03\x04\x14\0", 6), "looks like a ZIP archive"},
      {"doc.jsonl", "%PDF-1.7\n", "looks like PDF"},
      {"array.json", "[{\"id\":1,\"text\":\"x\"},\n{\"id\":2}]\n", "looks like a JSON array"},
      {"notes.dat", "just some words\nand more words\n", "looks like plain text"},
      {"blob.bin", std::string("\x01\x02\0\x03\x04", 5), "looks like binary data"},
      {"feed.xml", "<?xml version=\"1.0\"?><rss><channel></channel></rss>", "looks like an RSS or Atom feed"},
      {"feed.jsonl.gz", Gzip("PAR1 after decompression"), "looks like Parquet"},
  };
  for (const Case& c : cases) {
    Read({Write(c.name, c.bytes)});
    EXPECT_THAT(articles_, IsEmpty()) << c.name;
    ASSERT_EQ(problems_.size(), 1u) << c.name;
    EXPECT_THAT(problems_[0], HasSubstr(c.expected)) << c.name;
    EXPECT_EQ(input_failures_, 1) << c.name;
  }
  // A JSON-lines file whose first line is damaged is still JSON lines.
  Read({Write("damaged.jsonl", "garbage line\n{\"id\":\"a\",\"text\":\"x\"}\n")});
  EXPECT_THAT(Ids(), ElementsAre("a"));
  EXPECT_THAT(problems_, ElementsAre(HasSubstr("1: invalid JSON")));
}

TEST_F(InputFormatsTest, NestedFields) {
  const std::string path = Write(
      "nested.jsonl",
      "{\"meta\":{\"id\":7,\"body\":\"nested body\",\"outlet\":{\"name\":\"ani\"}},\"title\":\"t\"}\n"
      "{\"meta\":{\"id\":\"x\",\"body\":null},\"meta.body\":\"the literal key wins\"}\n"
      "{\"meta\":{\"id\":\"y\",\"body\":[1]}}\n");
  for (const char* text_field : {"meta.body", "/meta/body"}) {
    IngestOptions options;
    options.id_field = "meta.id";
    options.text_field = text_field;
    options.source_field = "/meta/outlet/name";
    Read({path}, options);
    ASSERT_THAT(Ids(), ElementsAre("7", "x")) << text_field;
    EXPECT_TRUE(articles_[0].id_is_number);
    EXPECT_EQ(articles_[0].text, "nested body");
    EXPECT_EQ(articles_[0].source, "ani");
    EXPECT_EQ(schema_problems_, 0);
    EXPECT_THAT(problems_.back(), HasSubstr("3: text"));
    EXPECT_THAT(problems_.back(), HasSubstr("is not a string"));
  }
  IngestOptions options;
  options.id_field = "meta.id";
  options.text_field = "meta.body";
  Read({path}, options);
  EXPECT_EQ(articles_[1].text, "the literal key wins");
}

TEST_F(InputFormatsTest, FieldFoundInNoRecordIsOneSchemaWarning) {
  std::string jsonl;
  for (int i = 0; i < 1200; ++i) {
    jsonl += "{\"id\":" + std::to_string(i) + ",\"title\":\"t\",\"body\":\"b\",\"outlet\":\"o\"}\n";
  }
  IngestOptions options;
  options.text_field = "bdy";        // misspelled
  options.source_field = "source2";  // not the default: checked
  Read({Write("feed.jsonl", jsonl)}, options);
  EXPECT_EQ(articles_.size(), 1200u);
  EXPECT_EQ(schema_problems_, 2);
  EXPECT_THAT(problems_[0], HasSubstr("text field \"bdy\" is in none of the first 1000 records; keys seen: id, title, body, outlet"));
  EXPECT_THAT(problems_[1], HasSubstr("source field \"source2\""));
  // Defaults that a corpus lacks (no url, no published) are no mistake.
  Read({Write("plain.jsonl", "{\"id\":1,\"text\":\"x\"}\n")});
  EXPECT_EQ(schema_problems_, 0);
  EXPECT_THAT(problems_, IsEmpty());
}

TEST_F(InputFormatsTest, MissingOrNullTextIsAWarningWithItsLine) {
  Read({Write("f.jsonl", "{\"id\":1,\"text\":\"x\"}\n{\"id\":2,\"title\":\"only a title\"}\n{\"id\":3,\"text\":null}\n")});
  EXPECT_THAT(Ids(), ElementsAre("1", "2", "3"));
  EXPECT_THAT(problems_, ElementsAre("2: text is missing: compared by its title only",
                                     "3: text is null: compared by its title only"));
}

}  // namespace
}  // namespace wiretrace
