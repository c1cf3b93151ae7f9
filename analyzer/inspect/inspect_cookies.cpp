// inspect: cookie writes (set_cookie, Flask config, SessionMiddleware, CookieTransport).
#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

namespace {
Json flag_to_json(const model::CookieFlag& f) {
  if (f.value == model::FlagValue::Dynamic) return "dynamic: " + f.decided_by;
  return std::string(model::to_string(f.value));
}
}  // namespace

Json cookies_to_json(const model::RepoModel& m) {
  Json out = Json::array();
  for (const model::CookieWrite& w : m.cookie_writes) {
    Json j;
    j["kind"] = std::string(model::to_string(w.kind));
    j["framework"] = std::string(model::to_string(w.framework));
    j["where"] = range_to_json(w.where);
    if (w.function != model::kNoIndex && w.file < m.files.size() && w.function < m.files[w.file].functions.size())
      j["function"] = m.files[w.file].functions[w.function].qualname;
    if (w.origin != model::ResponseOrigin::NotApplicable) j["origin"] = std::string(model::to_string(w.origin));
    if (w.family != model::FlaskCookieFamily::None) j["family"] = std::string(model::to_string(w.family));
    if (!w.receiver.empty()) j["receiver"] = w.receiver;
    j["cookie_name"] = w.cookie_name;
    j["secure"] = flag_to_json(w.secure);
    j["httponly"] = flag_to_json(w.httponly);
    j["samesite"] = w.samesite.value == model::SameSite::Dynamic ? "dynamic: " + w.samesite.decided_by
                                                                  : std::string(model::to_string(w.samesite.value));
    j["kwargs_splat"] = w.has_kwargs_splat;
    j["token"] = w.looks_like_token;
    if (!w.jwt_token_locations.empty()) j["jwt_token_location"] = w.jwt_token_locations;
    out.push_back(j);
  }
  return out;
}

}  // namespace archverify::inspect
