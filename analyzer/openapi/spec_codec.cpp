// The binary payload of a cached OpenAPI load (see spec_codec.h), written and
// read with the cache's byte primitives (core/byte_codec.h). Every range of
// the document names the spec's own file, stored once; a diagnostic keeps its
// own path.
#include "analyzer/openapi/spec_codec.h"

#include "analyzer/core/byte_codec.h"

namespace archverify::openapi {

namespace {

// The fewest bytes an encoded element can take (a count check before allocating).
constexpr std::size_t kMinRangeBytes = 4;
constexpr std::size_t kMinDiagnosticBytes = 1 + 1 + kMinRangeBytes + 1;
constexpr std::size_t kMinParameterBytes = 1 + 1 + 1 + 1 + 1 + kMinRangeBytes;
constexpr std::size_t kMinResponseBytes = 1 + kMinRangeBytes;
constexpr std::size_t kMinOperationBytes = 1 + 1 + 1 + 1 + 1 + 2 * kMinRangeBytes;

class SpecWriter : public ByteWriter {
 public:
  using ByteWriter::ByteWriter;

  void range(const SourceRange& r) {
    u64(r.begin.line);
    u64(r.begin.column);
    u64(r.end.line);
    u64(r.end.column);
  }
};

class SpecReader : public ByteReader {
 public:
  using ByteReader::ByteReader;

  SourceRange range(const std::string& path) {
    SourceRange r{path, {}, {}};
    r.begin.line = u32();
    r.begin.column = u32();
    r.end.line = u32();
    r.end.column = u32();
    return r;
  }
};

void write_operation(SpecWriter& w, const model::OpenApiOperation& op) {
  w.byte(static_cast<std::uint8_t>(op.method));
  w.str(op.path);
  w.str(op.operation_id);
  w.u64(op.parameters.size());
  for (const model::OpenApiParameter& p : op.parameters) {
    w.str(p.name);
    w.byte(static_cast<std::uint8_t>(p.location));
    w.byte(p.required ? 1 : 0);
    w.byte(p.from_path_item ? 1 : 0);
    w.str(p.unresolved_ref);
    w.range(p.where);
  }
  w.u64(op.responses.size());
  for (const model::OpenApiResponse& r : op.responses) {
    w.str(r.status);
    w.range(r.where);
  }
  w.range(op.where);
  w.range(op.path_where);
}

model::OpenApiOperation read_operation(SpecReader& r, const std::string& path) {
  model::OpenApiOperation op;
  op.method = r.enum_at_most(model::HttpMethod::Trace);
  r.str(op.path);
  r.str(op.operation_id);
  op.parameters.resize(r.count(kMinParameterBytes));
  for (model::OpenApiParameter& p : op.parameters) {
    r.str(p.name);
    p.location = r.enum_at_most(model::ParameterLocation::Unknown);
    p.required = r.flag();
    p.from_path_item = r.flag();
    r.str(p.unresolved_ref);
    p.where = r.range(path);
  }
  op.responses.resize(r.count(kMinResponseBytes));
  for (model::OpenApiResponse& resp : op.responses) {
    r.str(resp.status);
    resp.where = r.range(path);
  }
  op.where = r.range(path);
  op.path_where = r.range(path);
  return op;
}

}  // namespace

std::string encode_spec_load(const SpecLoad& load) {
  std::string out;
  SpecWriter w(out);
  w.u64(kSpecCodecVersion);
  w.u64(load.diagnostics.size());
  for (const Diagnostic& d : load.diagnostics) {
    w.byte(static_cast<std::uint8_t>(d.kind));
    w.str(d.where.path);
    w.range(d.where);
    w.str(d.message);
  }
  w.byte(load.spec ? 1 : 0);
  if (load.spec) {
    const model::OpenApiSpec& s = *load.spec;
    w.str(s.path);
    w.byte(static_cast<std::uint8_t>(s.version));
    w.str(s.version_text);
    w.str(s.base_path);
    w.u64(s.operations.size());
    for (const model::OpenApiOperation& op : s.operations) write_operation(w, op);
  }
  return out;
}

std::optional<SpecLoad> decode_spec_load(std::string_view payload) {
  SpecReader r(payload);
  if (r.u64() != static_cast<std::uint64_t>(kSpecCodecVersion) || !r.ok()) return std::nullopt;
  SpecLoad load;
  load.diagnostics.resize(r.count(kMinDiagnosticBytes));
  for (Diagnostic& d : load.diagnostics) {
    d.kind = r.enum_at_most(DiagnosticKind::InternalError);
    const std::string path = r.str();
    d.where = r.range(path);
    r.str(d.message);
  }
  if (r.flag()) {
    model::OpenApiSpec s;
    r.str(s.path);
    s.version = r.enum_at_most(model::OpenApiVersion::Unknown);
    r.str(s.version_text);
    r.str(s.base_path);
    const std::size_t n = r.count(kMinOperationBytes);
    s.operations.reserve(n);
    for (std::size_t i = 0; i < n && r.ok(); ++i) s.operations.push_back(read_operation(r, s.path));
    load.spec = std::move(s);
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return load;
}

}  // namespace archverify::openapi
