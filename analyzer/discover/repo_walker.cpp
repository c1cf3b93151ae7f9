// The repository walk: directory recursion with pruning, ignore rules and
// symlink safety (see repo_walker.h).
#include "analyzer/discover/repo_walker.h"

#include "analyzer/core/ascii.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include <algorithm>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "analyzer/core/parallel_for.h"
#include "analyzer/core/whole_file.h"
#include "analyzer/discover/ignore_matcher.h"

namespace fs = std::filesystem;

namespace archverify::discover {

const std::vector<std::string>& default_excluded_dirs() {
  static const std::vector<std::string> dirs = {
      ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
      "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "build", "dist",
      ".archverify_cache", ".idea", ".vscode"};
  return dirs;
}

namespace {

bool is_spec_name(std::string_view name) {
  const std::string lower = ascii::lowered(name);
  bool ext = lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml");
  return ext && (lower.starts_with("openapi") || lower.starts_with("swagger"));
}

// A regular file, following links.
bool is_regular(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

class Walker {
 public:
  Walker(fs::path root, const WalkOptions& opts, WalkResult& out) : root_(std::move(root)), opts_(opts), out_(out) {
    for (const std::string& g : opts.exclude) ignore_.add_pattern("", g);
  }

  void run() {
    visit_dir(root_, "");
    admit_pending();
  }

 private:
  fs::path root_;
  const WalkOptions& opts_;
  WalkResult& out_;
  IgnoreMatcher ignore_;
  std::set<std::pair<dev_t, ino_t>> visited_;

  void skip(const std::string& rel, std::string why) {
    out_.diagnostics.push_back(Diagnostic{DiagnosticKind::SkippedFile, SourceRange{rel, {}, {}}, std::move(why)});
  }

  bool inside_root(const fs::path& p) const {
    std::error_code ec;
    fs::path canon = fs::canonical(p, ec);
    if (ec) return false;
    auto [r, c] = std::mismatch(root_.begin(), root_.end(), canon.begin(), canon.end());
    return r == root_.end();
  }

  void visit_dir(const fs::path& dir, const std::string& rel) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return;
    if (!visited_.insert({st.st_dev, st.st_ino}).second) {
      skip(rel.empty() ? "." : rel, "directory already visited (symlink loop or duplicate link)");
      return;
    }
    // The entries as readdir reports them: a name and, on most file systems, a
    // type, so a plain file or directory costs no stat (the std::filesystem
    // iterator built a path object per entry, most of the walk on a large tree).
    std::vector<DirEntry> entries;
    DIR* listing = ::opendir(dir.c_str());
    if (!listing) {
      const int err = errno;
      if (err == EACCES) return;  // unreadable directories are passed over silently
      skip(rel.empty() ? "." : rel, "cannot list directory: " + std::generic_category().message(err));
      return;
    }
    while (const dirent* e = ::readdir(listing)) {
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      entries.push_back(DirEntry{std::string(name), e->d_type});
    }
    // Kept open while the entries are visited: their status is asked relative
    // to it (fstatat), so the kernel does not look the directory's whole path
    // up again for every file (1M-line corpus: walk 48 -> 41 ms).
    struct CloseListing {
      DIR* d;
      ~CloseListing() { ::closedir(d); }
    } close_listing{listing};
    const int dir_fd = ::dirfd(listing);
    // Byte order of the names.
    std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    std::string path = dir.native();
    if (path.empty() || path.back() != '/') path += '/';
    const std::size_t dir_length = path.size();
    // This directory's .gitignore applies to its entries: read it before them
    // (found in the listing, so a directory without one costs no stat).
    if (opts_.use_gitignore) {
      auto gi = std::find_if(entries.begin(), entries.end(), [](const DirEntry& e) { return e.name == ".gitignore"; });
      std::string content;
      if (gi != entries.end() && (gi->type == DT_REG || (gi->type != DT_DIR && is_regular(path + gi->name))) &&
          read_whole_file((path + gi->name).c_str(), content) == 0)
        ignore_.add_gitignore(rel, content);
    }
    for (const DirEntry& e : entries) {
      path.resize(dir_length);
      path += e.name;
      visit_entry(path, dir_fd, e, rel);
    }
  }

  struct DirEntry {
    std::string name;
    unsigned char type;  // DT_* from readdir; DT_UNKNOWN when the file system does not say
  };

  // `path` is the entry's full path, `dir_fd` its directory (open).
  void visit_entry(const std::string& path, int dir_fd, const DirEntry& entry, const std::string& parent_rel) {
    const std::string& name = entry.name;
    std::string rel = parent_rel.empty() ? name : parent_rel + "/" + name;
    struct stat st {};
    bool have_stat = false;  // st holds the followed target's status
    unsigned char type = entry.type;
    if (type == DT_UNKNOWN) {
      if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return;
      type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      have_stat = type != DT_LNK;
    }
    const bool is_link = type == DT_LNK;
    if (is_link) {
      if (::fstatat(dir_fd, name.c_str(), &st, 0) != 0) return;  // a dangling link: nothing to analyse
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      have_stat = true;
    }
    if (type == DT_DIR) {
      const auto& defaults = default_excluded_dirs();
      if (std::find(defaults.begin(), defaults.end(), name) != defaults.end()) return;
      if (name.ends_with(".egg-info")) return;
      if (ignore_.ignored(rel, true)) return;
      if (is_link && !inside_root(path)) {
        skip(rel, "symlink points outside the repository; not followed");
        return;
      }
      visit_dir(fs::path(path), rel);
      return;
    }
    if (type != DT_REG) return;
    bool py = name.ends_with(".py");
    bool spec = is_spec_name(name);
    if (!py && !spec) return;
    if (ignore_.ignored(rel, false)) return;
    if (is_link && !inside_root(path)) {
      skip(rel, "symlink points outside the repository; not followed");
      return;
    }
    if (!have_stat) {  // stat'ed after the walk, on all threads
      pending_.push_back(Pending{std::move(rel), path, py});
      return;
    }
    admit(std::move(rel), path, py, st);
  }

  // A file whose status the walk still needs: a plain file, as readdir said.
  struct Pending {
    std::string rel;
    std::string path;
    bool py = false;
  };
  std::vector<Pending> pending_;

  // Most files' status is asked for once the recursion is over rather than
  // during it, on all threads: a stat is the walk's main cost (1M-line
  // corpus, 21,762 files: walk 48 -> 43 ms on two threads, medians of 10;
  // the path lookups contend). Each task writes only its own slot.
  void admit_pending() {
    std::vector<struct stat> stats(pending_.size());
    std::vector<int> errors(pending_.size(), 0);
    for_each_index(pending_.size(), opts_.jobs, [&](std::size_t i) {
      if (::stat(pending_[i].path.c_str(), &stats[i]) != 0) errors[i] = errno;
    });
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (errors[i] != 0) skip(pending_[i].rel, "cannot stat: " + std::generic_category().message(errors[i]));
      else admit(std::move(pending_[i].rel), pending_[i].path, pending_[i].py, stats[i]);
    }
    pending_.clear();
  }

  // Keeps a file found by the walk, or says why not (its status in `st`).
  void admit(std::string rel, const std::string& path, bool py, const struct stat& st) {
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (py && size > opts_.max_file_bytes) {
      skip(rel, "larger than the size cap (" + std::to_string(size) + " > " + std::to_string(opts_.max_file_bytes) +
                    " bytes; raise it with --max-file-size)");
      return;
    }
    if (!py && size > opts_.max_spec_bytes) {
      skip(rel, "larger than the OpenAPI document cap (" + std::to_string(size) + " > " +
                    std::to_string(opts_.max_spec_bytes) + " bytes)");
      return;
    }
    RepoFile f{std::move(rel), path, file_stamp(st)};
    (py ? out_.python_files : out_.spec_candidates).push_back(std::move(f));
  }
};

}  // namespace

Expected<WalkResult> walk_repository(const fs::path& root, const WalkOptions& options) {
  std::error_code ec;
  if (!fs::exists(root, ec)) return Error{"path does not exist: " + root.string()};
  fs::path canon = fs::canonical(root, ec);
  if (ec) return Error{"cannot resolve path " + root.string() + ": " + ec.message()};
  if (!fs::is_directory(canon, ec)) return Error{"not a directory: " + root.string()};
  WalkResult result;
  result.root = canon;
  result.started_ns = wall_clock_ns();
  Walker(canon, options, result).run();
  auto by_path = [](const RepoFile& a, const RepoFile& b) { return a.path < b.path; };
  std::sort(result.python_files.begin(), result.python_files.end(), by_path);
  std::sort(result.spec_candidates.begin(), result.spec_candidates.end(), by_path);
  std::sort(result.diagnostics.begin(), result.diagnostics.end());
  return result;
}

}  // namespace archverify::discover
