// JsonStream against its reference, nlohmann's pretty printer: random
// documents (nested and empty containers, strings with quotes, backslashes,
// control characters, multi-byte and invalid UTF-8, integers at their
// limits, doubles including NaN and infinities) written value by value
// through JsonStream give exactly the bytes of
// dump(2, ' ', false, replace) followed by a newline, whether each subtree is
// streamed or handed over as a built tree at its depth. Output larger than
// the stream's buffer arrives whole.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "reporters/json_stream.h"

using archverify::reporters::JsonStream;
using Json = nlohmann::ordered_json;

namespace {

std::string reference(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

class RandomDocument {
 public:
  explicit RandomDocument(std::uint32_t seed) : rng_(seed) {}

  Json value(int depth) {
    switch (pick(depth >= 4 ? 6 : 8)) {
      case 0: return nullptr;
      case 1: return pick(2) == 0;
      case 2: return text();
      case 3: return integer();
      case 4: return real();
      case 5: return text();
      case 6: {
        Json o = Json::object();
        for (int n = pick(4); n > 0; --n) o[text()] = value(depth + 1);
        return o;
      }
      default: {
        Json a = Json::array();
        for (int n = pick(4); n > 0; --n) a.push_back(value(depth + 1));
        return a;
      }
    }
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  std::string text() {
    static const std::string kPieces[] = {"a", "route", " ", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\x01",
                                          "\x1f", "\x7f", "/", "é", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff",
                                          "\xc3", "\xe2\x82", "\x80", "{", "}", ":", ","};
    std::string s;
    for (int n = pick(6); n > 0; --n) s += kPieces[pick(static_cast<int>(std::size(kPieces)))];
    return s;
  }
  Json integer() {
    switch (pick(5)) {
      case 0: return std::numeric_limits<std::int64_t>::min();
      case 1: return std::numeric_limits<std::uint64_t>::max();
      case 2: return -pick(1000);
      case 3: return static_cast<std::uint32_t>(pick(100000));
      default: return pick(10);
    }
  }
  Json real() {
    static const double kValues[] = {0.0, -0.0, 0.1, 80.0, 91.4, 1e300, -2.5e-308, 516710.0, 1.0 / 3.0,
                                     std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()};
    return kValues[pick(static_cast<int>(std::size(kValues)))];
  }

  std::mt19937 rng_;
};

// Writes `j` through the stream call by call; with `embed_some`, some
// subtrees are handed over whole instead.
void replay(JsonStream& w, const Json& j, RandomDocument& choice, bool embed_some) {
  if (embed_some && (j.is_object() || j.is_array()) && choice.pick(3) == 0) {
    w.value(j);
    return;
  }
  switch (j.type()) {
    case Json::value_t::object:
      w.begin_object();
      for (const auto& [k, v] : j.items()) {
        w.key(k);
        replay(w, v, choice, embed_some);
      }
      w.end_object();
      break;
    case Json::value_t::array:
      w.begin_array();
      for (const Json& v : j) replay(w, v, choice, embed_some);
      w.end_array();
      break;
    case Json::value_t::string: w.value(j.get_ref<const std::string&>()); break;
    case Json::value_t::boolean: w.value(j.get<bool>()); break;
    case Json::value_t::number_integer: w.value(j.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: w.value(j.get<std::uint64_t>()); break;
    case Json::value_t::number_float: w.value(j.get<double>()); break;
    default: w.null(); break;
  }
}

std::string streamed(const Json& j, RandomDocument& choice, bool embed_some) {
  std::ostringstream out;
  {
    JsonStream w(out);
    replay(w, j, choice, embed_some);
    w.finish();
  }
  return out.str();
}

}  // namespace

TEST_CASE("streamed documents are byte for byte nlohmann's pretty print", "[json_stream]") {
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    RandomDocument doc(seed);
    const Json j = doc.pick(2) == 0 ? doc.value(0) : Json{{"top", doc.value(1)}, {"more", doc.value(1)}};
    INFO("seed " << seed);
    CHECK(streamed(j, doc, false) == reference(j));
    CHECK(streamed(j, doc, true) == reference(j));
  }
}

TEST_CASE("empty containers close on the line they open, at any depth", "[json_stream]") {
  const Json j = {{"a", Json::object()}, {"b", Json::array()}, {"c", {Json::array(), Json::object(), {{"d", Json::array()}}}}};
  RandomDocument unused(7);
  CHECK(streamed(j, unused, false) == reference(j));
  std::ostringstream out;
  JsonStream(out).begin_array().end_array().finish();
  CHECK(out.str() == "[]\n");
}

TEST_CASE("a document larger than the stream's buffer arrives whole", "[json_stream]") {
  Json items = Json::array();
  for (int i = 0; i < 40000; ++i) items.push_back({{"rule", "TEN001"}, {"line", i}, {"message", std::string(20, 'x')}});
  const Json j = {{"findings", items}};
  RandomDocument unused(3);
  const std::string out = streamed(j, unused, false);
  CHECK(out.size() > (std::size_t{2} << 20));
  CHECK(out == reference(j));
}
