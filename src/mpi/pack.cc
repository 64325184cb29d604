#include "mpi/pack.h"

namespace wiretrace::mpi {

void PackPlan(const std::vector<ShardUnit>& units, std::string* out) {
  ByteWriter w(out);
  w.Put<uint64_t>(units.size());
  for (const ShardUnit& u : units) {
    w.PutString(u.path);
    w.Put<uint32_t>(u.input);
    w.Put<int32_t>(u.rank);
    w.Put<uint64_t>(u.begin);
    w.Put<uint64_t>(u.end);
    w.Put<uint8_t>(u.split ? 1 : 0);
  }
}

bool UnpackPlan(std::string_view in, std::vector<ShardUnit>* units) {
  ByteReader r(in);
  const uint64_t n = r.Get<uint64_t>();
  units->clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    ShardUnit u;
    u.path = r.GetString();
    u.input = r.Get<uint32_t>();
    u.rank = r.Get<int32_t>();
    u.begin = r.Get<uint64_t>();
    u.end = r.Get<uint64_t>();
    u.split = r.Get<uint8_t>() != 0;
    units->push_back(std::move(u));
  }
  return r.ok() && r.done();
}

void PackDocument(const internal::DocState& doc, const std::string& source, ByteWriter* w) {
  w->PutString(doc.id);
  w->Put<uint8_t>(doc.id_is_number ? 1 : 0);
  w->Put<int64_t>(doc.published.seconds_utc);
  w->Put<Timestamp::Precision>(doc.published.precision);
  w->PutString(source);
  w->Put<uint32_t>(doc.length);
  w->Put<uint32_t>(doc.file);
  w->Put<uint32_t>(doc.problems_before);
  w->Put<uint64_t>(doc.line);
}

internal::DocState UnpackDocument(ByteReader* r, std::string* source) {
  internal::DocState doc;
  doc.id = r->GetString();
  doc.id_is_number = r->Get<uint8_t>() != 0;
  doc.published.seconds_utc = r->Get<int64_t>();
  doc.published.precision = r->Get<Timestamp::Precision>();
  *source = r->GetString();
  doc.length = r->Get<uint32_t>();
  doc.file = r->Get<uint32_t>();
  doc.problems_before = r->Get<uint32_t>();
  doc.line = r->Get<uint64_t>();
  return doc;
}

void PackDocPlan(const DocPlan& plan, ByteWriter* w) {
  w->Put<uint8_t>(plan.kept ? 1 : 0);
  if (!plan.kept) return;
  w->Put<uint32_t>(plan.global);
  w->Put<uint32_t>(plan.rank_order);
  w->Put<uint32_t>(plan.source);
}

DocPlan UnpackDocPlan(ByteReader* r) {
  DocPlan plan;
  plan.kept = r->Get<uint8_t>() != 0;
  if (!plan.kept) return plan;
  plan.global = r->Get<uint32_t>();
  plan.rank_order = r->Get<uint32_t>();
  plan.source = r->Get<uint32_t>();
  return plan;
}

void PackSources(const std::vector<std::string>& names, const std::vector<uint32_t>& documents, std::string* out) {
  ByteWriter w(out);
  w.Put<uint64_t>(names.size());
  for (const std::string& name : names) w.PutString(name);
  w.PutVector(documents);
}

bool UnpackSources(std::string_view in, std::vector<std::string>* names, std::vector<uint32_t>* documents) {
  ByteReader r(in);
  const uint64_t n = r.Get<uint64_t>();
  names->clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) names->push_back(r.GetString());
  *documents = r.GetVector<uint32_t>();
  return r.ok() && r.done() && documents->size() == names->size();
}

void PackWordLists(const std::vector<std::vector<uint32_t>>& lists, std::string* out) {
  ByteWriter w(out);
  w.Put<uint64_t>(lists.size());
  for (const std::vector<uint32_t>& list : lists) w.PutVector(list);
}

bool UnpackWordLists(std::string_view in, std::vector<std::vector<uint32_t>>* lists) {
  ByteReader r(in);
  const uint64_t n = r.Get<uint64_t>();
  lists->clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) lists->push_back(r.GetVector<uint32_t>());
  return r.ok() && r.done();
}

void PackProblem(const InputProblem& p, ByteWriter* w) {
  w->PutString(p.file);
  w->Put<uint64_t>(p.line);
  w->PutString(p.message);
  w->Put<uint8_t>(static_cast<uint8_t>((p.record_skipped ? 1 : 0) | (p.input_failure ? 2 : 0) | (p.schema ? 4 : 0)));
}

InputProblem UnpackProblem(ByteReader* r) {
  InputProblem p;
  p.file = r->GetString();
  p.line = r->Get<uint64_t>();
  p.message = r->GetString();
  const uint8_t flags = r->Get<uint8_t>();
  p.record_skipped = (flags & 1) != 0;
  p.input_failure = (flags & 2) != 0;
  p.schema = (flags & 4) != 0;
  return p;
}

void PackUnit(const UnitResult& unit, std::string* out) {
  ByteWriter w(out);
  w.Put<uint32_t>(unit.unit);
  w.Put<uint64_t>(unit.newlines);
  w.Put<uint64_t>(unit.bytes_read);
  w.Put<uint64_t>(unit.files.size());
  for (const std::string& f : unit.files) w.PutString(f);
  w.Put<uint64_t>(unit.problems.size());
  for (const InputProblem& p : unit.problems) PackProblem(p, &w);
  w.Put<uint64_t>(unit.docs.size());
  for (size_t i = 0; i < unit.docs.size(); ++i) PackDocument(unit.docs[i], unit.sources[i], &w);
}

bool UnpackUnit(ByteReader* r, UnitResult* unit) {
  unit->unit = r->Get<uint32_t>();
  unit->newlines = r->Get<uint64_t>();
  unit->bytes_read = r->Get<uint64_t>();
  const uint64_t files = r->Get<uint64_t>();
  for (uint64_t i = 0; i < files && r->ok(); ++i) unit->files.push_back(r->GetString());
  const uint64_t problems = r->Get<uint64_t>();
  for (uint64_t i = 0; i < problems && r->ok(); ++i) unit->problems.push_back(UnpackProblem(r));
  const uint64_t docs = r->Get<uint64_t>();
  for (uint64_t i = 0; i < docs && r->ok(); ++i) {
    unit->sources.emplace_back();
    unit->docs.push_back(UnpackDocument(r, &unit->sources.back()));
  }
  return r->ok();
}

}  // namespace wiretrace::mpi
