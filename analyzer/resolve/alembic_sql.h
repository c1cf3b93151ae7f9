// Literal DDL in Alembic `op.execute(...)`: parses the statements schema
// replay needs — CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON
// [ONLY] table [USING m] (cols), DROP INDEX, DROP TABLE, and ALTER TABLE with
// ADD [COLUMN], ADD [CONSTRAINT n] FOREIGN KEY / UNIQUE / PRIMARY KEY,
// ALTER [COLUMN] SET/DROP NOT NULL / TYPE, DROP COLUMN, DROP CONSTRAINT,
// RENAME [COLUMN] — into SchemaOps; any other statement (DML, DO $$…$$ blocks,
// CREATE TABLE) becomes an opaque ExecuteSql op carrying its original text.
// PostgreSQL spelling; quoted identifiers are unquoted, schema prefixes kept.
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/migrations.h"

namespace archverify::resolve {

// One op per ';'-separated statement (empty statements skipped).
std::vector<model::SchemaOp> parse_sql_ddl(const std::string& sql, const SourceRange& where);
model::ColumnType sql_column_type(const std::string& type_text);

}  // namespace archverify::resolve
