// Recognising an Alembic revision file by content: module-level `revision`
// and `down_revision` assignments and an `upgrade` function. Shared by the
// migration builder and the entity builder (Tables and models declared inside
// revision files are migration scaffolding, not the application's models).
#pragma once
#include "analyzer/model/syntax.h"

namespace archverify::resolve {

bool is_revision_file(const model::FileFacts& facts);

}  // namespace archverify::resolve
