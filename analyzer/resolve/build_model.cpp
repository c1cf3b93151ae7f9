// The order in which the cross-file model is assembled (see build_model.h).
#include "analyzer/resolve/build_model.h"

#include <latch>
#include <thread>

#include "analyzer/core/phase_timings.h"

namespace archverify::resolve {

namespace {

// `calls_built` is counted down once model.calls is complete.
void build_routes_chain(ResolveContext& ctx, std::latch& calls_built) {
  { ScopedPhase t("calls", 2); build_calls(ctx); }
  calls_built.count_down();
  { ScopedPhase t("routes", 2); build_routes(ctx); }    // reads calls
  { ScopedPhase t("schemas", 2); build_schemas(ctx); }  // reads routes
}

void build_data_chain(ResolveContext& ctx, std::latch& calls_built) {
  { ScopedPhase t("entities", 2); build_entities(ctx); }
  { ScopedPhase t("migrations", 2); build_migrations(ctx); }
  { ScopedPhase t("tenant guess", 2); build_tenant_guess(ctx); }      // reads entities
  { ScopedPhase t("queries", 2); build_queries(ctx); }
  { ScopedPhase t("row iterations", 2); build_row_iterations(ctx); }  // reads queries
  calls_built.wait();
  { ScopedPhase t("cookie writes", 2); build_cookie_writes(ctx); }    // reads calls
}

}  // namespace

std::unique_ptr<model::RepoModel> build_model(std::string root_name, std::vector<model::FileFacts> files,
                                              unsigned jobs) {
  auto model = std::make_unique<model::RepoModel>();
  model->root_name = std::move(root_name);
  model->files = std::move(files);
  ScopedPhase phase("model", 1);
  ModuleTable modules(model->files);
  for (std::uint32_t i = 0; i < model->files.size(); ++i) model->module_names.push_back(modules.name_of(i));
  SymbolResolver symbols(model->files, modules);
  ResolveContext ctx{*model, modules, symbols};
  std::latch calls_built(1);
  if (jobs < 2) {
    build_routes_chain(ctx, calls_built);
    build_data_chain(ctx, calls_built);
    model->build_indexes();
    return model;
  }
  std::thread data([&] {
    ScopedPhase data_phase("data chain (thread 2)", 2);
    SymbolResolver own_symbols = symbols.fork();
    ResolveContext data_ctx{*model, modules, own_symbols};
    build_data_chain(data_ctx, calls_built);
  });
  build_routes_chain(ctx, calls_built);
  data.join();
  model->build_indexes();
  return model;
}

}  // namespace archverify::resolve
