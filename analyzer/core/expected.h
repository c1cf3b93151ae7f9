// Expected<T>: a value or an error message, for loaders and resolvers that
// report bad input without exceptions (C++20 has no std::expected).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace archverify {

struct Error {
  std::string message;
};

template <typename T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}             // NOLINT(implicit)
  Expected(Error error) : v_(std::move(error)) {}         // NOLINT(implicit)
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace archverify
