// The order in which the cross-file model is assembled (see build_model.h).
#include "analyzer/resolve/build_model.h"

#include <thread>

namespace archverify::resolve {

namespace {

void build_routes_chain(ResolveContext& ctx) {
  build_calls(ctx);
  build_routes(ctx);   // reads calls
  build_schemas(ctx);  // reads routes
}

void build_data_chain(ResolveContext& ctx) {
  build_entities(ctx);
  build_migrations(ctx);
  build_tenant_guess(ctx);    // reads entities
  build_queries(ctx);
  build_row_iterations(ctx);  // reads queries
  build_cookie_writes(ctx);
}

}  // namespace

std::unique_ptr<model::RepoModel> build_model(std::string root_name, std::vector<model::FileFacts> files,
                                              unsigned jobs) {
  auto model = std::make_unique<model::RepoModel>();
  model->root_name = std::move(root_name);
  model->files = std::move(files);
  ModuleTable modules(model->files);
  for (std::uint32_t i = 0; i < model->files.size(); ++i) model->module_names.push_back(modules.name_of(i));
  SymbolResolver symbols(model->files, modules);
  ResolveContext ctx{*model, modules, symbols};
  if (jobs < 2) {
    build_routes_chain(ctx);
    build_data_chain(ctx);
    return model;
  }
  std::thread data([&] {
    SymbolResolver own_symbols(model->files, modules);
    ResolveContext data_ctx{*model, modules, own_symbols};
    build_data_chain(data_ctx);
  });
  build_routes_chain(ctx);
  data.join();
  return model;
}

}  // namespace archverify::resolve
