// OpenAPI document → operations with parameters and response codes.
#include "analyzer/openapi/openapi_loader.h"

#include <algorithm>
#include <array>

#include "analyzer/document/document.h"

namespace archverify::openapi {

namespace {

using model::OpenApiOperation;
using model::OpenApiParameter;
using model::ParameterLocation;

constexpr std::array<std::string_view, 5> kPathItemKeys = {"summary", "description", "servers", "parameters", "$ref"};

document::Limits spec_limits() {
  document::Limits limits;
  limits.max_bytes = kMaxSpecBytes;
  limits.max_nodes = 4'000'000;
  limits.max_depth = 200;
  return limits;
}

using document::Node;

// The value of `key` in a mapping (first match), or an absent node.
Node child(Node map, std::string_view key) { return map.find(key); }

std::string scalar(Node n) { return std::string(n.scalar()); }

ParameterLocation parse_location(std::string_view in) {
  if (in == "path") return ParameterLocation::Path;
  if (in == "query") return ParameterLocation::Query;
  if (in == "header") return ParameterLocation::Header;
  if (in == "cookie") return ParameterLocation::Cookie;
  if (in == "body") return ParameterLocation::Body;
  if (in == "formData") return ParameterLocation::FormData;
  return ParameterLocation::Unknown;
}

// "#/components/parameters/Limit" → the node, or undefined. Unescapes ~1 and ~0.
Node resolve_pointer(Node root, std::string_view ref) {
  if (ref.substr(0, 2) != "#/") return Node();
  Node cur = root;
  std::size_t i = 2;
  while (i <= ref.size()) {
    std::size_t slash = ref.find('/', i);
    std::string_view raw = ref.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    std::string seg;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
        seg += raw[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        seg += raw[k];
      }
    }
    cur = child(cur, seg);
    if (!cur.exists()) return cur;
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return cur;
}

class SpecReader {
 public:
  SpecReader(const document::Document& doc, std::vector<Diagnostic>& out) : doc_(doc), out_(out) {}

  void warn(Node at, std::string msg) {
    out_.push_back(Diagnostic{DiagnosticKind::ConfigWarning, doc_.range_of(at), std::move(msg)});
  }
  void fail(Node at, std::string msg) {
    out_.push_back(Diagnostic{DiagnosticKind::ConfigError, doc_.range_of(at), std::move(msg)});
  }

  std::vector<OpenApiParameter> parameters(Node list, bool from_path_item, std::string_view where) {
    std::vector<OpenApiParameter> out;
    if (!list.exists()) return out;
    if (!list.is_sequence()) {
      warn(list, "'parameters' of " + std::string(where) + " is not a list; expected a list of parameter objects");
      return out;
    }
    for (Node item : list.items()) {
      OpenApiParameter p;
      p.where = doc_.range_of(item);
      p.from_path_item = from_path_item;
      Node target = item;
      for (int hops = 0; hops < 8; ++hops) {
        std::string ref = scalar(child(target, "$ref"));
        if (ref.empty()) break;
        Node next = resolve_pointer(doc_.root, ref);
        if (!next.exists()) {
          warn(item, "cannot resolve parameter $ref '" + ref + "' in " + std::string(where) +
                         "; expected a local reference such as '#/components/parameters/Name'");
          p.unresolved_ref = ref;
          target = Node();
          break;
        }
        target = next;
      }
      if (target.exists()) {
        if (!target.is_mapping()) {
          warn(item, "a parameter of " + std::string(where) + " is not a mapping; expected {name, in}");
          continue;
        }
        p.name = scalar(child(target, "name"));
        p.location = parse_location(scalar(child(target, "in")));
        p.required = scalar(child(target, "required")) == "true" || p.location == ParameterLocation::Path;
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  void operation(const std::string& path, Node path_key, Node method_key,
                 Node op, model::HttpMethod method, const std::vector<OpenApiParameter>& inherited,
                 model::OpenApiSpec& spec) {
    OpenApiOperation o;
    o.method = method;
    o.path = path;
    o.where = doc_.range_of(method_key);
    o.path_where = doc_.range_of(path_key);
    std::string label = std::string(model::to_string(method)) + " " + path;
    if (!op.is_mapping()) {
      warn(method_key, "operation " + label + " is not a mapping; expected an operation object");
      spec.operations.push_back(std::move(o));
      return;
    }
    o.operation_id = scalar(child(op, "operationId"));
    auto own = parameters(child(op, "parameters"), false, label);
    for (const auto& p : inherited) {
      bool overridden = std::any_of(own.begin(), own.end(), [&](const OpenApiParameter& q) {
        return !p.name.empty() && q.name == p.name && q.location == p.location;
      });
      if (!overridden) o.parameters.push_back(p);
    }
    for (auto& p : own) o.parameters.push_back(std::move(p));
    Node responses = child(op, "responses");
    if (responses.is_mapping()) {
      for (const document::KeyValue& kv : responses.pairs()) {
        std::string code = scalar(kv.key);
        if (code.rfind("x-", 0) == 0) continue;
        o.responses.push_back(model::OpenApiResponse{code, doc_.range_of(kv.key)});
      }
    } else if (responses.exists()) {
      warn(responses, "'responses' of " + label + " is not a mapping; expected status codes as keys");
    }
    spec.operations.push_back(std::move(o));
  }

  void path_item(Node key, Node item, model::OpenApiSpec& spec) {
    std::string path = scalar(key);
    if (path.rfind("x-", 0) == 0) return;
    if (path.empty() || path[0] != '/') {
      warn(key, "path '" + path + "' does not start with '/'; expected a path such as '/items/{id}'");
      return;
    }
    if (!item.is_mapping()) {
      if (!item.is_null()) warn(key, "path item '" + path + "' is not a mapping; expected operations by method");
      return;
    }
    auto inherited = parameters(child(item, "parameters"), true, "path '" + path + "'");
    for (const document::KeyValue& kv : item.pairs()) {
      std::string k = scalar(kv.key);
      std::optional<model::HttpMethod> method;
      bool lower = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (lower) method = model::parse_http_method(k);
      if (method) {
        operation(path, key, kv.key, kv.value, *method, inherited, spec);
        continue;
      }
      if (k.rfind("x-", 0) == 0 || std::find(kPathItemKeys.begin(), kPathItemKeys.end(), k) != kPathItemKeys.end())
        continue;
      warn(kv.key, "unknown key '" + k + "' in path item '" + path +
                         "'; expected a lower-case HTTP method (get, put, post, delete, options, head, patch, trace), "
                         "summary, description, servers, parameters or $ref");
    }
  }

 private:
  const document::Document& doc_;
  std::vector<Diagnostic>& out_;
};

SpecLoad read_spec(document::DocumentLoad loaded) {
  SpecLoad out;
  out.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.document) return out;
  const document::Document& doc = *loaded.document;
  SpecReader r(doc, out.diagnostics);
  if (!doc.root.is_mapping()) {
    r.fail(doc.root, "the OpenAPI document is not a mapping; expected an object with 'openapi' and 'paths'");
    return out;
  }
  model::OpenApiSpec spec;
  spec.path = doc.path;
  Node openapi = child(doc.root, "openapi");
  Node swagger = child(doc.root, "swagger");
  if (openapi.exists()) {
    spec.version_text = scalar(openapi);
    if (spec.version_text.rfind("3.0", 0) == 0) spec.version = model::OpenApiVersion::V3_0;
    else if (spec.version_text.rfind("3.1", 0) == 0) spec.version = model::OpenApiVersion::V3_1;
    else r.warn(openapi, "unsupported OpenAPI version '" + spec.version_text + "'; expected 3.0.x or 3.1.x");
  } else if (swagger.exists()) {
    spec.version_text = scalar(swagger);
    spec.version = model::OpenApiVersion::Swagger2;
    r.warn(swagger, "Swagger " + spec.version_text +
                        " is unsupported (operations are listed, parameters partly); expected OpenAPI 3.0.x or 3.1.x");
  } else {
    r.fail(doc.root, "missing 'openapi' version key; expected 'openapi: 3.0.x' or 'openapi: 3.1.x'");
  }
  if (spec.version == model::OpenApiVersion::Swagger2) {
    spec.base_path = server_base_path(scalar(child(doc.root, "basePath")));
  } else if (Node servers = child(doc.root, "servers"); servers.is_sequence() && servers.size() > 0) {
    spec.base_path = server_base_path(scalar(child(servers.item(0), "url")));
  }
  Node paths = child(doc.root, "paths");
  if (!paths.exists()) {
    if (spec.version != model::OpenApiVersion::V3_1)  // 3.1 allows webhooks-only documents
      r.fail(doc.root, "missing 'paths'; expected a mapping of paths to operations");
  } else if (!paths.is_mapping()) {
    if (!paths.is_null()) {
      r.fail(paths, "'paths' is not a mapping; expected a mapping of paths to operations");
      return out;
    }
  } else {
    for (const document::KeyValue& kv : paths.pairs()) r.path_item(kv.key, kv.value, spec);
  }
  out.spec = std::move(spec);
  return out;
}

}  // namespace

std::string server_base_path(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
    auto slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  if (auto q = url.find_first_of("?#"); q != std::string_view::npos) url = url.substr(0, q);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  if (!url.empty() && url.front() != '/') return "/" + std::string(url);
  return std::string(url);
}

SpecLoad load_openapi(const std::filesystem::path& file, std::string display_path) {
  if (display_path.empty()) display_path = file.generic_string();
  return read_spec(document::load_document(file, std::move(display_path), "OpenAPI document", spec_limits()));
}

SpecLoad parse_openapi(std::string text, std::string display_path) {
  return read_spec(document::parse_document(std::move(text), std::move(display_path), "OpenAPI document", spec_limits()));
}

}  // namespace archverify::openapi
