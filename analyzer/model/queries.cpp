// Names of the query-site enums (for inspect output) and QuerySite helpers.
#include "analyzer/model/queries.h"

namespace archverify::model {

std::string_view to_string(QueryKind k) {
  switch (k) {
    case QueryKind::Select: return "select";
    case QueryKind::LegacyQuery: return "legacy-query";
    case QueryKind::ModelQuery: return "model-query";
    case QueryKind::SessionGet: return "session-get";
    case QueryKind::Update: return "update";
    case QueryKind::Delete: return "delete";
    case QueryKind::Insert: return "insert";
    case QueryKind::BulkUpdate: return "bulk-update";
    case QueryKind::BulkDelete: return "bulk-delete";
  }
  return "select";
}

std::string_view to_string(EntityRole r) {
  switch (r) {
    case EntityRole::Selected: return "selected";
    case EntityRole::Column: return "column";
    case EntityRole::Joined: return "joined";
  }
  return "selected";
}

std::string_view to_string(FilterClause c) {
  switch (c) {
    case FilterClause::Where: return "where";
    case FilterClause::Filter: return "filter";
    case FilterClause::FilterBy: return "filter_by";
    case FilterClause::Having: return "having";
    case FilterClause::JoinOn: return "join-on";
    case FilterClause::GetIdentity: return "get-identity";
  }
  return "where";
}

std::string_view to_string(FilterTermKind k) {
  switch (k) {
    case FilterTermKind::Compare: return "compare";
    case FilterTermKind::And: return "and";
    case FilterTermKind::Or: return "or";
    case FilterTermKind::Not: return "not";
    case FilterTermKind::Splat: return "splat";
    case FilterTermKind::KwSplat: return "kwsplat";
    case FilterTermKind::Relationship: return "relationship";
    case FilterTermKind::Other: return "other";
  }
  return "other";
}

std::string_view to_string(CompareOp op) {
  switch (op) {
    case CompareOp::None: return "";
    case CompareOp::Eq: return "==";
    case CompareOp::NotEq: return "!=";
    case CompareOp::Lt: return "<";
    case CompareOp::LtE: return "<=";
    case CompareOp::Gt: return ">";
    case CompareOp::GtE: return ">=";
    case CompareOp::Is: return "is";
    case CompareOp::IsNot: return "is not";
    case CompareOp::In: return "in";
    case CompareOp::NotIn: return "not in";
    case CompareOp::Like: return "like";
    case CompareOp::ILike: return "ilike";
    case CompareOp::Between: return "between";
    case CompareOp::Contains: return "contains";
    case CompareOp::StartsWith: return "startswith";
    case CompareOp::EndsWith: return "endswith";
    case CompareOp::Truthy: return "truthy";
    case CompareOp::Other: return "other";
  }
  return "";
}

std::string_view to_string(ValueOrigin o) {
  switch (o) {
    case ValueOrigin::Parameter: return "parameter";
    case ValueOrigin::Local: return "local";
    case ValueOrigin::ModuleLevel: return "module";
    case ValueOrigin::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(LoaderStrategy s) {
  switch (s) {
    case LoaderStrategy::SelectIn: return "selectinload";
    case LoaderStrategy::Joined: return "joinedload";
    case LoaderStrategy::Subquery: return "subqueryload";
    case LoaderStrategy::ContainsEager: return "contains_eager";
    case LoaderStrategy::Immediate: return "immediateload";
    case LoaderStrategy::Raise: return "raiseload";
    case LoaderStrategy::RaiseOnSql: return "raiseload-sql-only";
    case LoaderStrategy::NoLoad: return "noload";
    case LoaderStrategy::Lazy: return "lazyload";
    case LoaderStrategy::DefaultLoad: return "defaultload";
    case LoaderStrategy::Defer: return "defer";
    case LoaderStrategy::Undefer: return "undefer";
    case LoaderStrategy::LoadOnly: return "load_only";
    case LoaderStrategy::Other: return "other";
  }
  return "other";
}

std::string_view to_string(QueryTerminal t) {
  switch (t) {
    case QueryTerminal::None: return "none";
    case QueryTerminal::All: return "all";
    case QueryTerminal::First: return "first";
    case QueryTerminal::One: return "one";
    case QueryTerminal::OneOrNone: return "one_or_none";
    case QueryTerminal::Scalar: return "scalar";
    case QueryTerminal::ScalarOne: return "scalar_one";
    case QueryTerminal::ScalarOneOrNone: return "scalar_one_or_none";
    case QueryTerminal::Scalars: return "scalars";
    case QueryTerminal::Execute: return "execute";
    case QueryTerminal::Paginate: return "paginate";
    case QueryTerminal::Get: return "get";
    case QueryTerminal::FirstOr404: return "first_or_404";
    case QueryTerminal::OneOr404: return "one_or_404";
    case QueryTerminal::GetOr404: return "get_or_404";
    case QueryTerminal::Count: return "count";
    case QueryTerminal::Exists: return "exists";
    case QueryTerminal::Fetch: return "fetch";
    case QueryTerminal::Update: return "update";
    case QueryTerminal::Delete: return "delete";
    case QueryTerminal::Other: return "other";
  }
  return "other";
}

std::string_view to_string(ResultFlowKind k) {
  switch (k) {
    case ResultFlowKind::Returned: return "returned";
    case ResultFlowKind::Assigned: return "assigned";
    case ResultFlowKind::Iterated: return "iterated";
    case ResultFlowKind::Argument: return "argument";
    case ResultFlowKind::Subquery: return "subquery";
    case ResultFlowKind::Discarded: return "discarded";
    case ResultFlowKind::Other: return "other";
  }
  return "other";
}

bool QuerySite::yields_many() const {
  switch (terminal) {
    case QueryTerminal::All:
    case QueryTerminal::Scalars:
    case QueryTerminal::Execute:
    case QueryTerminal::Paginate:
    case QueryTerminal::Fetch:
      return true;
    case QueryTerminal::None:
    case QueryTerminal::Other:
      return kind == QueryKind::Select || kind == QueryKind::LegacyQuery || kind == QueryKind::ModelQuery;
    default:
      return false;
  }
}

const QueryEntity* QuerySite::primary() const {
  for (const QueryEntity& e : entities)
    if (e.role == EntityRole::Selected) return &e;
  return nullptr;
}

}  // namespace archverify::model
