// The order in which the cross-file model is assembled (see build_model.h).
#include "analyzer/resolve/build_model.h"

namespace archverify::resolve {

std::unique_ptr<model::RepoModel> build_model(std::string root_name, std::vector<model::FileFacts> files) {
  auto model = std::make_unique<model::RepoModel>();
  model->root_name = std::move(root_name);
  model->files = std::move(files);
  ModuleTable modules(model->files);
  SymbolResolver symbols(model->files, modules);
  for (std::uint32_t i = 0; i < model->files.size(); ++i) model->module_names.push_back(modules.name_of(i));
  ResolveContext ctx{*model, modules, symbols};
  build_calls(ctx);
  build_routes(ctx);
  build_entities(ctx);
  build_migrations(ctx);
  build_tenant_guess(ctx);
  build_queries(ctx);
  build_row_iterations(ctx);
  build_cookie_writes(ctx);
  return model;
}

}  // namespace archverify::resolve
