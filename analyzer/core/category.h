// Rule categories: the score is computed per category, then weighted (PRODUCT.md §4).
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace archverify {

enum class Category { Tenancy, Auth, Data, Api, Performance, Drift, Hygiene };

inline constexpr std::array<Category, 7> kAllCategories = {
    Category::Tenancy, Category::Auth,  Category::Data,   Category::Api,
    Category::Performance, Category::Drift, Category::Hygiene};

constexpr std::string_view to_string(Category c) {
  switch (c) {
    case Category::Tenancy: return "tenancy";
    case Category::Auth: return "auth";
    case Category::Data: return "data";
    case Category::Api: return "api";
    case Category::Performance: return "performance";
    case Category::Drift: return "drift";
    case Category::Hygiene: return "hygiene";
  }
  return "hygiene";
}

constexpr std::optional<Category> parse_category(std::string_view s) {
  for (Category c : kAllCategories)
    if (to_string(c) == s) return c;
  return std::nullopt;
}

}  // namespace archverify
