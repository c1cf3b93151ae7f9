// Worker pool for extraction (see extract_files.h).
#include "analyzer/extract/extract_files.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>
#include <optional>
#include <thread>

#include "analyzer/extract/lower_python.h"
#include "analyzer/model/syntax_slabs.h"
#include "analyzer/model/syntax_space.h"
#include "analyzer/parse/source_text.h"
#include "analyzer/parse/ts_handles.h"

namespace archverify::extract {

namespace {

unsigned resolve_jobs(unsigned jobs, std::size_t work) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs, work)));
}

// What each worker thread keeps across its files.
struct Worker {
  parse::TsParser parser = parse::make_python_parser();
  std::unique_ptr<model::SyntaxArena> scratch;  // lowering arena, reused file after file
  ByteBuffer source;                            // the file's bytes, reused file after file
  ByteBuffer entry;                             // its cache entry's bytes, likewise
  model::SyntaxSlabs slabs;                     // where the kept facts' arenas are cut from
};

// Runs task(worker, i) for every index in `order` on `jobs` threads.
template <typename Task>
void run_pool(const std::vector<std::size_t>& order, unsigned jobs, Task task) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    Worker w;
    for (std::size_t k = next++; k < order.size(); k = next++) task(w, order[k]);
  };
  if (jobs <= 1) { worker(); return; }
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
  for (auto& th : threads) th.join();
}

std::vector<std::size_t> largest_first(const std::vector<discover::RepoFile>& files) {
  std::vector<std::size_t> order(files.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return files[a].stamp.size > files[b].stamp.size; });
  return order;
}

}  // namespace

ExtractResult extract_files(const std::vector<discover::RepoFile>& files, unsigned jobs, cache::FactsCache* cache,
                            Progress* progress, std::int64_t stats_since_ns) {
  if (cache) cache->begin_run(stats_since_ns != 0 ? stats_since_ns : wall_clock_ns());
  std::vector<std::optional<model::FileFacts>> slots(files.size());
  std::vector<std::optional<cache::ContentHash>> keys(files.size());  // of the files with facts
  std::vector<std::optional<Diagnostic>> skipped(files.size());
  std::atomic<long> hits{0}, stamp_hits{0}, parsed{0};
  if (progress) progress->total = files.size();
  const std::vector<std::size_t> order = largest_first(files);
  run_pool(order, resolve_jobs(jobs, files.size()), [&](Worker& worker, std::size_t i) {
    struct CountDone {
      Progress* p;
      ~CountDone() { if (p) ++p->done; }
    } count_done{progress};
    const discover::RepoFile& f = files[i];
    auto skip = [&](std::string why) {
      skipped[i] = Diagnostic{DiagnosticKind::SkippedFile, SourceRange{f.path, {}, {}}, std::move(why)};
    };
    auto take = [&](std::optional<model::FileFacts> hit, const cache::ContentHash& key) {
      hit->path = f.path;
      slots[i] = std::move(hit);
      keys[i] = key;
      ++hits;
    };
    // Lowering and decoding take room in the syntax space; a file that no
    // longer fits is skipped with the reason, and the run goes on.
    auto extract_one = [&] {
      // An unchanged stamp: the content the pack recorded, not read again.
      if (cache)
        if (auto key = cache->stamped_key(f.path, f.stamp))
          if (auto hit = cache->load(*key, &worker.slabs, &worker.entry)) {
            ++stamp_hits;
            return take(std::move(hit), *key);
          }
      auto text = parse::read_source_bytes(f.absolute.c_str(), worker.source);
      if (!text) return skip(text.error().message);
      std::optional<cache::ContentHash> key;
      if (cache) {
        key = cache::hash_content(*text);
        // Entries are stored only after the text checks passed.
        if (auto hit = cache->load(*key, &worker.slabs, &worker.entry)) return take(std::move(hit), *key);
      }
      if (std::string why = parse::why_not_text(*text); !why.empty()) return skip(std::move(why));
      slots[i] = lower_python(worker.parser.get(), f.path, *text, worker.scratch, &worker.slabs);
      ++parsed;
      if (cache) {
        cache->store(*key, *slots[i]);
        keys[i] = key;
      }
    };
    try {
      extract_one();
    } catch (const model::syntax_space::SyntaxSpaceExhausted& e) {
      slots[i].reset();
      keys[i].reset();
      skip(e.what());
    }
  });
  ExtractResult result;
  if (cache) {
    std::vector<cache::StampRecord> stamped;  // in the order the files were taken: the next run reads them so
    stamped.reserve(files.size());
    for (std::size_t i : order)
      if (keys[i]) stamped.push_back(cache::StampRecord{files[i].path, files[i].stamp, *keys[i]});
    result.cache_run = cache->finish_run(stamped);
  }
  result.cache_hits = hits.load();
  result.stamp_hits = stamp_hits.load();
  result.parsed = parsed.load();
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (skipped[i]) { result.diagnostics.push_back(std::move(*skipped[i])); continue; }
    if (!slots[i]) continue;
    model::FileFacts& facts = *slots[i];
    if (!facts.syntax_errors.empty()) {
      const model::Span& first = facts.syntax_errors.front();
      std::string msg = "syntax error; analysed as far as the tree allows";
      if (facts.syntax_errors.size() > 1) msg += " (" + std::to_string(facts.syntax_errors.size()) + " error regions)";
      result.diagnostics.push_back(Diagnostic{DiagnosticKind::SyntaxError, facts.range(first), msg});
    }
    result.files.push_back(std::move(facts));
  }
  return result;
}

std::size_t parse_only(const std::vector<discover::RepoFile>& files, unsigned jobs) {
  std::atomic<std::size_t> parsed{0};
  run_pool(largest_first(files), resolve_jobs(jobs, files.size()), [&](Worker& worker, std::size_t i) {
    auto text = parse::read_source_bytes(files[i].absolute.c_str(), worker.source);
    if (!text || !parse::why_not_text(*text).empty()) return;
    parse::TsTree tree(ts_parser_parse_string(worker.parser.get(), nullptr, text->data(), static_cast<std::uint32_t>(text->size())));
    if (tree) ++parsed;
  });
  return parsed.load();
}

}  // namespace archverify::extract
