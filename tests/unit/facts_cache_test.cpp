// The per-file facts cache: codec round trip on the bundled example apps (field
// by field), corrupted and truncated entries, hits and misses as content
// changes, version mismatch, and cold vs warm pipeline runs giving the same model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

#include <filesystem>
#include <random>
#include <atomic>
#include <thread>

#include <unistd.h>

#include "analyzer/cache/facts_cache.h"
#include "analyzer/cache/facts_codec.h"
#include "analyzer/extract/extract_files.h"
#include "analyzer/extract/lower_python.h"
#include "analyzer/inspect/inspect_json.h"
#include "analyzer/model/syntax_slabs.h"
#include "analyzer/parse/ts_handles.h"
#include "analyzer/pipeline/analyze_repo.h"
#include "tests/support/temp_files.h"

using namespace archverify;
using model::Expr;
using model::Stmt;
namespace fs = std::filesystem;

namespace {

using test::read_all;
using test::TempDir;
using test::write_all;

// Field-by-field equality of the lowered syntax (no operator== on purpose in the model).
bool same(const Expr& a, const Expr& b);
bool same(std::span<const Expr> a, std::span<const Expr> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}
bool same(const Expr& a, const Expr& b) {
  return a.kind == b.kind && a.is_fstring == b.is_fstring && a.span() == b.span() && a.text == b.text &&
         same(a.children, b.children);
}
bool same(std::span<const Stmt> a, std::span<const Stmt> b);
bool same(const Stmt& a, const Stmt& b) {
  return a.kind == b.kind && a.is_async == b.is_async && a.span == b.span && a.text == b.text && a.index == b.index &&
         same(a.targets, b.targets) && same(a.value, b.value) && same(a.annotation(), b.annotation()) &&
         same(a.items(), b.items()) && same(a.body, b.body) && same(a.orelse, b.orelse) && same(a.handlers(), b.handlers()) &&
         same(a.finalbody(), b.finalbody());
}
bool same(std::span<const Stmt> a, std::span<const Stmt> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}

void check_same_facts(const model::FileFacts& a, const model::FileFacts& b) {
  INFO(a.path);
  CHECK(a.line_count == b.line_count);
  CHECK(a.byte_size == b.byte_size);
  CHECK(a.syntax_errors == b.syntax_errors);
  CHECK(same(a.body, b.body));
  REQUIRE(a.functions.size() == b.functions.size());
  for (std::size_t i = 0; i < a.functions.size(); ++i) {
    const model::Function &x = a.functions[i], &y = b.functions[i];
    CHECK(x.name == y.name);
    CHECK(x.qualname == y.qualname);
    CHECK(x.is_async == y.is_async);
    CHECK(x.owner_class == y.owner_class);
    CHECK(x.parent_function == y.parent_function);
    CHECK(same(x.decorators, y.decorators));
    REQUIRE(x.params.size() == y.params.size());
    for (std::size_t k = 0; k < x.params.size(); ++k) {
      CHECK(x.params[k].name == y.params[k].name);
      CHECK(x.params[k].kind == y.params[k].kind);
      CHECK(same(x.params[k].annotation, y.params[k].annotation));
      CHECK(same(x.params[k].default_value, y.params[k].default_value));
      CHECK(x.params[k].span == y.params[k].span);
    }
    CHECK(same(x.returns, y.returns));
    CHECK(same(x.body, y.body));
    CHECK(x.features == y.features);
    CHECK(x.span == y.span);
    CHECK(x.name_span == y.name_span);
  }
  REQUIRE(a.classes.size() == b.classes.size());
  for (std::size_t i = 0; i < a.classes.size(); ++i) {
    const model::Class &x = a.classes[i], &y = b.classes[i];
    CHECK(x.name == y.name);
    CHECK(x.qualname == y.qualname);
    CHECK(x.parent_function == y.parent_function);
    CHECK(x.owner_class == y.owner_class);
    CHECK(same(x.bases, y.bases));
    CHECK(same(x.keywords, y.keywords));
    CHECK(same(x.decorators, y.decorators));
    CHECK(same(x.body, y.body));
    CHECK(std::equal(x.methods.begin(), x.methods.end(), y.methods.begin(), y.methods.end()));
    CHECK(x.span == y.span);
    CHECK(x.name_span == y.name_span);
  }
  REQUIRE(a.imports.size() == b.imports.size());
  for (std::size_t i = 0; i < a.imports.size(); ++i) {
    CHECK(a.imports[i].module == b.imports[i].module);
    CHECK(a.imports[i].name == b.imports[i].name);
    CHECK(a.imports[i].alias == b.imports[i].alias);
    CHECK(a.imports[i].level == b.imports[i].level);
    CHECK(a.imports[i].in_function == b.imports[i].in_function);
    CHECK(a.imports[i].span == b.imports[i].span);
  }
  REQUIRE(a.directives.size() == b.directives.size());
  for (std::size_t i = 0; i < a.directives.size(); ++i) {
    CHECK(a.directives[i].span == b.directives[i].span);
    CHECK(a.directives[i].text == b.directives[i].text);
    CHECK(a.directives[i].own_line == b.directives[i].own_line);
  }
}

// Encodes `lowered`, decodes it (which must succeed) and checks that the
// decoded facts equal it field by field; returns them.
model::FileFacts round_trip(const model::FileFacts& lowered) {
  std::string bytes;
  cache::encode_facts(lowered, bytes);
  model::FileFacts decoded;
  REQUIRE(cache::decode_facts(bytes, decoded));
  decoded.path = lowered.path;
  check_same_facts(lowered, decoded);
  return decoded;
}

std::vector<fs::path> python_files(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".py") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

const fs::path kExamples = fs::path(ARCHVERIFY_SOURCE_DIR) / "fixtures" / "repos";

// A source that exercises every encoded field: async, decorators, params of
// every kind, nested classes and functions, imports, f-strings, syntax errors,
// directives, unicode columns.
const char* kRichSource = R"py(from .. import a as b, c
import x.y, z as w
from m import *
# archverify: ignore[TEN001] own line
@app.get("/items/{id}", tags=["x"])
async def handler(p, /, q: int = 1, *args: str, k=2, **kw) -> dict:
    s = f"é {p!r} {q:>3}" 'tail'  # archverify: ignore[AUTH001]
    async with lock as l, other():
        for i in range(3):
            if i > 1 and not q or p is not None: continue
            elif i: break
            else: pass
    match q:
        case 1: pass
        case _: q = 2
    try:
        raise ValueError("x")
    except (A, B) as e:
        del e
    else:
        x: int = 3
    finally:
        y += [v for v in q if v] + {k: v for k, v in kw.items()}
    return lambda a, b=1: a[1:2, ...]
class Outer(Base, metaclass=Meta):
    class Inner: pass
    def m(self): return self.x
def broken(:
    pass
)py";

}  // namespace

TEST_CASE("facts codec round-trips the bundled example apps field by field", "[cache]") {
  std::size_t files = 0;
  for (const char* app : {"fastapi_multitenant", "flask_multitenant"}) {
    for (const fs::path& p : python_files(kExamples / app)) {
      round_trip(extract::lower_python_source(fs::relative(p, kExamples).string(), read_all(p)));
      ++files;
    }
  }
  CHECK(files > 20);
}

TEST_CASE("facts codec round-trips every kind of field", "[cache]") {
  model::FileFacts lowered = extract::lower_python_source("rich.py", kRichSource);
  REQUIRE(lowered.functions.size() >= 3);
  REQUIRE(lowered.classes.size() == 2);
  REQUIRE(lowered.directives.size() == 2);
  REQUIRE_FALSE(lowered.syntax_errors.empty());
  const model::FileFacts decoded = round_trip(lowered);
  // The trailer sized the decoded arena exactly: one block, no slack, no growth.
  // Its texts are one block, so it pads less than the lowering's arena.
  REQUIRE(decoded.arena_storage);
  CHECK(decoded.arena_storage->bytes_used() == decoded.arena_storage->bytes_reserved());
  CHECK(decoded.arena_storage->bytes_used() <= lowered.arena_storage->bytes_used());
  CHECK(decoded.arena_storage->bytes_used() > lowered.arena_storage->bytes_used() / 2);
}

TEST_CASE("a repeated text is stored once, lowered or decoded, and every node views that copy", "[cache]") {
  std::string src = "def handler(session, project_id):\n";
  for (int i = 0; i < 40; ++i) src += "    session.query(project_id).filter(session.project_id == project_id)\n";
  const model::FileFacts lowered = extract::lower_python_source("repeat.py", src);
  const model::FileFacts decoded = round_trip(lowered);
  for (const model::FileFacts* f : {&lowered, &decoded}) {
    // Every Name `session` views one copy, which the parameter's name views too.
    std::vector<const char*> copies;
    std::size_t names = 0;
    model::visit_statements(f->functions.at(0).body, [&](const Stmt& s) {
      model::visit(s.value, [&](const Expr& e) {
        if (e.kind == model::ExprKind::Name && e.text == "session") {
          ++names;
          if (std::find(copies.begin(), copies.end(), e.text.data()) == copies.end()) copies.push_back(e.text.data());
        }
      });
    });
    CHECK(names == 80);
    CHECK(copies.size() == 1);
    CHECK(f->functions[0].params[0].name.data() == copies[0]);
  }
  // The same syntax with all 160 names in the body distinct (as long as
  // `session` and `project_id`): its decoded arena holds exactly their 1,360
  // bytes more, give or take the alignment of the nodes after the text block.
  // The lowering's arena interleaves texts and node arrays, so each of the 160
  // texts may add up to alignof(Expr) - 1 bytes of padding.
  std::string distinct = "def handler(session, project_id):\n";
  char line[128];
  for (int i = 0; i < 40; ++i) {
    std::snprintf(line, sizeof line, "    s%06d.query(p%09d).filter(s%06d.project_id == p%09d)\n", 2 * i, 2 * i,
                  2 * i + 1, 2 * i + 1);
    distinct += line;
  }
  model::FileFacts unshared = extract::lower_python_source("distinct.py", distinct);
  const model::FileFacts unshared_decoded = round_trip(unshared);
  auto more = [](const model::FileFacts& all, const model::FileFacts& shared) {
    return all.arena_storage->bytes_used() - shared.arena_storage->bytes_used();
  };
  CHECK(more(unshared_decoded, decoded) + alignof(Expr) > 1360);
  CHECK(more(unshared_decoded, decoded) < 1360 + alignof(Expr));
  CHECK(more(unshared, lowered) + alignof(Expr) > 1360);
  CHECK(more(unshared, lowered) < 1360 + 161 * (alignof(Expr) - 1));
}

TEST_CASE("facts lowered or decoded into slab arenas equal heap ones and outlive the slabs", "[cache]") {
  std::vector<model::FileFacts> heap, lowered, decoded;
  {
    model::SyntaxSlabs slabs;
    parse::TsParser parser = parse::make_python_parser();
    std::unique_ptr<model::SyntaxArena> scratch;
    for (const char* app : {"fastapi_multitenant", "flask_multitenant"}) {
      for (const fs::path& p : python_files(kExamples / app)) {
        const std::string source = read_all(p), path = fs::relative(p, kExamples).string();
        heap.push_back(extract::lower_python_source(path, source));
        lowered.push_back(extract::lower_python(parser.get(), path, source, scratch, &slabs));
        std::string bytes;
        cache::encode_facts(heap.back(), bytes);
        decoded.emplace_back();
        REQUIRE(cache::decode_facts(bytes, decoded.back(), &slabs));
        decoded.back().path = path;
        // Exactly sized either way: one chunk, no slack.
        CHECK(decoded.back().arena_storage->bytes_used() == decoded.back().arena_storage->bytes_reserved());
      }
    }
    if (model::SyntaxSlabs::kEnabled) CHECK(slabs.blocks_mapped() >= 1);
  }
  REQUIRE(heap.size() > 20);
  for (std::size_t i = 0; i < heap.size(); ++i) {
    check_same_facts(heap[i], lowered[i]);
    check_same_facts(heap[i], decoded[i]);
  }
}

TEST_CASE("truncated or corrupted encodings are refused or decoded safely", "[cache]") {
  model::FileFacts lowered = extract::lower_python_source("rich.py", kRichSource);
  std::string bytes;
  cache::encode_facts(lowered, bytes);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    model::FileFacts out;
    CHECK_FALSE(cache::decode_facts(std::string_view(bytes).substr(0, n), out));
  }
  {
    model::FileFacts out;
    CHECK_FALSE(cache::decode_facts(bytes + '\0', out));  // trailing bytes
  }
  // Random byte flips in the payload (no checksum at this level): never a crash,
  // and whatever decodes keeps its indices in range and is whole.
  std::mt19937 rng(42);
  int accepted = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string bad = bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    model::FileFacts out;
    if (cache::decode_facts(bad, out)) {
      for (const model::Class& c : out.classes)
        for (std::uint32_t m : c.methods) CHECK(m < out.functions.size());
      // What decoded is whole: it encodes again (reading every node and text,
      // which the sanitizer build checks) and decodes to the same facts.
      std::string again;
      cache::encode_facts(out, again);
      model::FileFacts back;
      REQUIRE(cache::decode_facts(again, back));
      check_same_facts(out, back);
      ++accepted;
    }
  }
  CHECK(accepted > 0);  // flips in texts and spans decode: the checks above ran
  // Huge counts must not allocate: a count far beyond the bytes left is refused.
  // (Behind an empty text block and arena: the 16-byte trailer, so the decoder reaches the count.)
  std::string huge = "\x01\x01\x00\xff\xff\xff\xff\x0f";
  huge.append(16, '\0');
  model::FileFacts out;
  CHECK_FALSE(cache::decode_facts(huge, out));
}

TEST_CASE("a corrupted or truncated cache entry is a miss, then rebuilt", "[cache]") {
  TempDir dir;
  cache::FactsCache c(dir.path / "cache", "test 1");
  std::string src = kRichSource;
  model::FileFacts lowered = extract::lower_python_source("rich.py", src);
  cache::ContentHash key = cache::hash_content(src);
  CHECK_FALSE(c.load(key));
  c.store(key, lowered);
  auto hit = c.load(key);
  REQUIRE(hit);
  hit->path = lowered.path;
  check_same_facts(lowered, *hit);
  CHECK(fs::exists(dir.path / "cache" / ".gitignore"));

  fs::path entry;
  for (const auto& e : fs::recursive_directory_iterator(c.entries_dir())) entry = e.path();
  REQUIRE(!entry.empty());
  const std::string good = read_all(entry);

  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string bad = good;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    write_all(entry, bad);
    CHECK_FALSE(c.load(key));
  }
  for (std::size_t n : {std::size_t{0}, std::size_t{5}, good.size() / 2, good.size() - 1}) {
    write_all(entry, good.substr(0, n));
    CHECK_FALSE(c.load(key));
  }
  write_all(entry, good + "x");
  CHECK_FALSE(c.load(key));
  // The entry of another content under this key's name is refused (hash in the header).
  cache::ContentHash other = cache::hash_content("x = 1\n");
  c.store(other, extract::lower_python_source("o.py", "x = 1\n"));
  fs::path other_entry = c.entries_dir() / entry.filename();
  for (const auto& e : fs::directory_iterator(c.entries_dir()))
    if (e.path() != entry) other_entry = e.path();
  fs::copy_file(other_entry, entry, fs::copy_options::overwrite_existing);
  CHECK_FALSE(c.load(key));
  // Rebuilt: storing again makes it a hit.
  c.store(key, lowered);
  CHECK(c.load(key));
  // No temporary files are left behind.
  for (const auto& e : fs::directory_iterator(c.entries_dir()))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}

TEST_CASE("concurrent writers of the same entry leave a valid entry and no temp files", "[cache]") {
  TempDir dir;
  std::string src = kRichSource;
  model::FileFacts lowered = extract::lower_python_source("rich.py", src);
  cache::ContentHash key = cache::hash_content(src);
  cache::FactsCache a(dir.path, "test");
  cache::FactsCache b(dir.path, "test");  // a second "run" on the same folder
  std::vector<std::thread> writers;
  std::atomic<int> failed_loads{0};  // Catch2 assertions are not thread-safe: count, check after
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        (t % 2 ? a : b).store(key, lowered);
        if (!(t % 2 ? b : a).load(key)) ++failed_loads;  // readers never see a partial entry
      }
    });
  for (auto& w : writers) w.join();
  CHECK(failed_loads == 0);
  auto hit = a.load(key);
  REQUIRE(hit);
  hit->path = lowered.path;
  check_same_facts(lowered, *hit);
  for (const auto& e : fs::directory_iterator(a.entries_dir()))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}

TEST_CASE("entries of another tool or grammar version are never read", "[cache]") {
  TempDir dir;
  std::string src = "import os\n";
  cache::ContentHash key = cache::hash_content(src);
  cache::FactsCache v1(dir.path, "archverify 1 (grammar A)");
  cache::FactsCache v2(dir.path, "archverify 2 (grammar A)");
  cache::FactsCache g2(dir.path, "archverify 1 (grammar B)");
  v1.store(key, extract::lower_python_source("a.py", src));
  CHECK(v1.load(key));
  CHECK_FALSE(v2.load(key));
  CHECK_FALSE(g2.load(key));
  CHECK(v1.entries_dir() != v2.entries_dir());
  // Even an entry copied into the other version's folder is refused by its header.
  fs::create_directories(v2.entries_dir());
  for (const auto& e : fs::directory_iterator(v1.entries_dir()))
    fs::copy_file(e.path(), v2.entries_dir() / e.path().filename());
  CHECK_FALSE(v2.load(key));
}

TEST_CASE("extraction hits the cache for unchanged files and misses for changed ones", "[cache]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  write_all(repo / "app/models.py", "class User:\n    id = 1\n");
  write_all(repo / "app/views.py", "from app.models import User\n\ndef get():\n    return User()\n");
  write_all(repo / "app/__init__.py", "");
  auto walk = discover::walk_repository(repo, {});
  REQUIRE(walk);
  REQUIRE(walk->python_files.size() == 3);
  cache::FactsCache c(dir.path / "cache", "test");

  auto cold = extract::extract_files(walk->python_files, 2, &c);
  CHECK(cold.cache_hits == 0);
  auto warm = extract::extract_files(walk->python_files, 2, &c);
  CHECK(warm.cache_hits == 3);
  REQUIRE(warm.files.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(warm.files[i].path == cold.files[i].path);
    check_same_facts(cold.files[i], warm.files[i]);
  }

  write_all(repo / "app/models.py", "class User:\n    id = 1\n\nclass Team:\n    pass\n");
  auto changed = extract::extract_files(walk->python_files, 1, &c);
  CHECK(changed.cache_hits == 2);
  const model::FileFacts* models = nullptr;
  for (const auto& f : changed.files)
    if (f.path == "app/models.py") models = &f;
  REQUIRE(models);
  CHECK(models->classes.size() == 2);
  // Changing it back hits the first entry again (keyed by content, not by path).
  write_all(repo / "app/models.py", "class User:\n    id = 1\n");
  CHECK(extract::extract_files(walk->python_files, 1, &c).cache_hits == 3);
}

TEST_CASE("a warm pipeline run builds the same model as a cold one", "[cache]") {
  // How many entries the example's own cache folder holds (a CLI run on the
  // example, e.g. scripts/setup.sh, may have made one): -1 when absent.
  auto own_cache_entries = [](const fs::path& app_dir) -> long {
    const fs::path own = app_dir / cache::kDefaultCacheDirName;
    if (!fs::exists(own)) return -1;
    long n = 0;
    for (auto it = fs::recursive_directory_iterator(own); it != fs::recursive_directory_iterator(); ++it) ++n;
    return n;
  };
  for (const char* app : {"fastapi_multitenant", "flask_multitenant"}) {
    const long own_before = own_cache_entries(kExamples / app);
    TempDir dir;
    pipeline::AnalyzeOptions options;
    options.jobs = 2;
    options.use_cache = true;
    options.cache_dir = dir.path;
    auto cold = pipeline::analyze_repository(kExamples / app, options);
    REQUIRE(cold);
    // Files with the same content (empty __init__.py) share one entry, even in the first run.
    CHECK(cold->stats.cached_files < cold->stats.files / 2);
    auto warm = pipeline::analyze_repository(kExamples / app, options);
    REQUIRE(warm);
    CHECK(warm->stats.cached_files == warm->stats.files);
    pipeline::AnalyzeOptions no_cache;
    no_cache.jobs = 1;
    auto fresh = pipeline::analyze_repository(kExamples / app, no_cache);
    REQUIRE(fresh);
    CHECK(fresh->stats.cached_files == 0);
    std::string cold_json = inspect::model_to_json(*cold->model).dump();
    CHECK(inspect::model_to_json(*warm->model).dump() == cold_json);
    CHECK(inspect::model_to_json(*fresh->model).dump() == cold_json);
    // The example app's own folder is untouched (the cache went to cache_dir).
    CHECK(own_cache_entries(kExamples / app) == own_before);
  }
}
