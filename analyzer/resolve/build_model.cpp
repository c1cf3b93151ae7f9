// The order in which the cross-file model is assembled, and how its builders
// share the threads (see build_model.h).
#include "analyzer/resolve/build_model.h"

#include <algorithm>
#include <atomic>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

#include "analyzer/core/phase_timings.h"
#include "analyzer/resolve/query_scope.h"

namespace archverify::resolve {

namespace {

// Files per chunk: small enough that the last chunks even out the threads,
// large enough that taking one costs nothing beside building it.
constexpr std::uint32_t kChunkFiles = 16;

// A pass over all files cut into chunks that any thread may take. Each chunk's
// result is kept at the chunk's position, so joining them in order gives the
// serial result whichever threads built which chunks.
template <typename Result>
class ChunkedPass {
 public:
  explicit ChunkedPass(std::uint32_t files)
      : files_(files), results_((files + kChunkFiles - 1) / kChunkFiles),
        unfinished_(static_cast<std::ptrdiff_t>(results_.size())) {}

  // Builds chunks, work(FileRange, Result&), until none is left to take.
  template <typename Work>
  void help(Work&& work) {
    for (std::size_t c = next_++; c < results_.size(); c = next_++) {
      const auto begin = static_cast<std::uint32_t>(c * kChunkFiles);
      work(FileRange{begin, std::min(files_, begin + kChunkFiles)}, results_[c]);
      unfinished_.count_down();
    }
  }
  // Blocks until every chunk is built (by whichever thread took it).
  void wait() { unfinished_.wait(); }
  std::vector<Result>& results() { return results_; }
  // Frees every chunk's result once they are joined (none is read again).
  void release() { std::vector<Result>().swap(results_); }

 private:
  const std::uint32_t files_;
  std::vector<Result> results_;
  std::atomic<std::size_t> next_{0};
  std::latch unfinished_;
};

// One chunk of files' query sites and the row iterations over them (indices
// count from the chunk's first site and first iteration).
struct QueryChunk {
  std::vector<model::QuerySite> queries;
  std::vector<model::RowIteration> rows;
};

// The model builders of a run with several threads, and what they share.
class ParallelBuild {
 public:
  ParallelBuild(model::RepoModel& model, const ModuleTable& modules, SymbolResolver& symbols, unsigned threads)
      : model_(model), modules_(modules), symbols_(symbols),
        calls_(static_cast<std::uint32_t>(model.files.size())), queries_(static_cast<std::uint32_t>(model.files.size())),
        pools_(threads) {}

  void run() {
    std::vector<std::thread> helpers;
    helpers.emplace_back([this] {
      ScopedPhase t("data chain (thread 2)", 2);
      std::optional<SymbolResolver> own(symbols_.fork());
      data_chain(ResolveContext{model_, modules_, *own}, pools_[1], *own);
      ScopedPhase f("freeing the resolver (thread 2)", 2);
      own.reset();
    });
    for (std::size_t i = 2; i < pools_.size(); ++i)
      helpers.emplace_back([this, i] {
        SymbolResolver own = symbols_.fork();
        const ResolveContext ctx{model_, modules_, own};
        help_calls(ctx, pools_[i]);
        help_queries(ctx);
      });
    routes_chain(ResolveContext{model_, modules_, symbols_});
    for (std::thread& t : helpers) t.join();
  }

 private:
  // The calling thread: calls → routes → schemas, then query chunks while
  // any are left. It forgets its memos after the calls and before the queries.
  void routes_chain(ResolveContext ctx) {
    {
      ScopedPhase t("calls (chunks on all threads)", 2);
      help_calls(ctx, model_.names);
      calls_.wait();
      join_calls();
      calls_joined_.count_down();
    }
    // Between builders that resolve different names, each thread drops its
    // resolver's memos, so that one builder's are not held through the next
    // one's peak (1M-line corpus: peak RSS 537 → 499 MiB, time unchanged).
    // Answers do not change: a memo only holds what the recursion computes.
    symbols_.forget();
    { ScopedPhase t("routes", 2); build_routes(ctx); }              // reads calls
    { ScopedPhase t("schemas", 2); build_schemas(ctx); }            // reads routes
    symbols_.forget();
    help_queries(ctx);
  }

  // The second thread: call chunks first (the calling thread waits for all of
  // them before its longer routes → schemas chain), then the data builders
  // and the cookie writes, then query chunks; forgetting its memos after the
  // calls and before the queries. The routes chain is the longer
  // one on large repositories, so the cookie writes wait here for the joined
  // calls rather than lengthen it.
  void data_chain(ResolveContext ctx, model::NamePool& names, SymbolResolver& own) {
    help_calls(ctx, names);
    own.forget();
    { ScopedPhase t("entities", 2); build_entities(ctx); }
    { ScopedPhase t("migrations", 2); build_migrations(ctx); }
    { ScopedPhase t("tenant guess", 2); build_tenant_guess(ctx); }  // reads entities
    calls_joined_.wait();
    { ScopedPhase t("cookie writes", 2); build_cookie_writes(ctx); }  // reads calls
    {
      ScopedPhase t("queries and row iterations (chunks on all threads)", 2);
      own.forget();
      help_queries(ctx);
      queries_.wait();
      join_queries();
    }
  }

  void help_calls(const ResolveContext& ctx, model::NamePool& names) {
    calls_.help([&](FileRange r, std::vector<model::CallSite>& out) { collect_calls(ctx, r, names, out); });
  }

  void help_queries(const ResolveContext& ctx) {
    std::call_once(factories_once_, [&] { factories_.emplace(model_.files); });
    queries_.help([&](FileRange r, QueryChunk& out) {
      collect_queries(ctx, *factories_, r, out.queries);
      collect_row_iterations(ctx, r, out.queries, out.rows);  // reads those sites
    });
  }

  // Once every chunk is built: no thread interns into its pool any more.
  void join_calls() {
    std::size_t total = 0;
    for (const auto& part : calls_.results()) total += part.size();
    model_.calls.reserve(total);
    for (auto& part : calls_.results()) {
      model_.calls.insert(model_.calls.end(), part.begin(), part.end());
      part = std::vector<model::CallSite>();  // freed now: the model's copy grows as the chunks' go
    }
    calls_.release();
    for (std::size_t i = 1; i < pools_.size(); ++i) model_.names.adopt(std::move(pools_[i]));
  }

  // A chunk's consumer and query indices count from the chunk's first site,
  // its parent indices from its first row iteration.
  void join_queries() {
    std::size_t sites = 0, rows = 0;
    for (const QueryChunk& part : queries_.results()) {
      sites += part.queries.size();
      rows += part.rows.size();
    }
    model_.queries.reserve(sites);
    model_.row_iterations.reserve(rows);
    for (QueryChunk& part : queries_.results()) {
      const auto base = static_cast<std::uint32_t>(model_.queries.size());
      const auto row_base = static_cast<std::uint32_t>(model_.row_iterations.size());
      for (model::QuerySite& site : part.queries) {
        for (model::ResultFlow& flow : site.flows)
          if (flow.consumer != model::kNoIndex) flow.consumer += base;
        model_.queries.push_back(std::move(site));
      }
      for (model::RowIteration& it : part.rows) {
        if (it.query != model::kNoIndex) it.query += base;
        for (std::uint32_t& q : it.queries_in_body) q += base;
        if (it.parent != model::kNoIndex) it.parent += row_base;
        model_.row_iterations.push_back(std::move(it));
      }
      part = QueryChunk();  // freed now: the model's copy grows as the chunks' go
    }
    queries_.release();
  }

  model::RepoModel& model_;
  const ModuleTable& modules_;
  SymbolResolver& symbols_;
  ChunkedPass<std::vector<model::CallSite>> calls_;
  std::latch calls_joined_{1};  // model_.calls is complete
  ChunkedPass<QueryChunk> queries_;
  std::vector<model::NamePool> pools_;  // [thread]; the calling thread interns into model.names
  std::once_flag factories_once_;
  std::optional<detail::QueryFactories> factories_;
};

}  // namespace

std::unique_ptr<model::RepoModel> build_model(std::string root_name, std::vector<model::FileFacts> files,
                                              unsigned jobs) {
  auto model = std::make_unique<model::RepoModel>();
  model->root_name = std::move(root_name);
  model->files = std::move(files);
  ScopedPhase phase("model", 1);
  std::optional<ScopedPhase> setup(std::in_place, "module and symbol tables", 2);
  // The module table (one thread) and the binding tables (all threads) need
  // only the files: built at once, the module table's thread is one more
  // (1M-line corpus: this step 41 -> 37 ms, medians of 8).
  std::optional<ModuleTable> module_table;
  std::shared_ptr<const SymbolResolver::Tables> binding_tables;
  if (jobs < 2) {
    module_table.emplace(model->files);
    binding_tables = SymbolResolver::build_tables(model->files, jobs);
  } else {
    std::thread modules_thread([&] {
      ScopedPhase t("module table (own thread)", 3);
      module_table.emplace(model->files);
    });
    binding_tables = SymbolResolver::build_tables(model->files, jobs);
    modules_thread.join();
  }
  const ModuleTable& modules = *module_table;
  for (std::uint32_t i = 0; i < model->files.size(); ++i) model->module_names.push_back(modules.name_of(i));
  std::optional<SymbolResolver> resolver(std::in_place, model->files, modules, std::move(binding_tables));
  SymbolResolver& symbols = *resolver;
  setup.reset();
  if (jobs < 2) {
    ResolveContext ctx{*model, modules, symbols};
    { ScopedPhase t("calls", 2); build_calls(ctx); }
    symbols.forget();
    { ScopedPhase t("routes", 2); build_routes(ctx); }
    { ScopedPhase t("schemas", 2); build_schemas(ctx); }
    { ScopedPhase t("entities", 2); build_entities(ctx); }
    { ScopedPhase t("migrations", 2); build_migrations(ctx); }
    { ScopedPhase t("tenant guess", 2); build_tenant_guess(ctx); }
    symbols.forget();
    { ScopedPhase t("queries", 2); build_queries(ctx); }
    { ScopedPhase t("row iterations", 2); build_row_iterations(ctx); }
    { ScopedPhase t("cookie writes", 2); build_cookie_writes(ctx); }
  } else {
    // Threads past the second only take chunks: no more of them than there are chunks.
    const auto chunks = static_cast<unsigned>((model->files.size() + kChunkFiles - 1) / kChunkFiles);
    const unsigned threads = std::max(2u, std::min(jobs, chunks));
    ParallelBuild(*model, modules, symbols, threads).run();
  }
  { ScopedPhase t("indexes", 2); model->build_indexes(); }
  { ScopedPhase t("freeing the resolver", 2); resolver.reset(); module_table.reset(); }
  return model;
}

}  // namespace archverify::resolve
