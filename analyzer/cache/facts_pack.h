// The facts of a whole checkout in one file (`pack` in the cache's entries
// folder), so that a warm run reads one file instead of one entry per source
// file, and does not read an unchanged source file at all. A pack holds:
//   - the entries themselves, byte for byte what a loose entry file holds
//     (facts_cache.h checks each one's header, key and checksum when it is
//     read), one per distinct content;
//   - an index from content hash to where each entry lies;
//   - stamp records: for each source file of the run that wrote the pack, its
//     path, its FileStamp and the hash of the content it had. A later run that
//     finds the same path with the same stamp takes that hash without reading
//     the file. Only stamps older than the writing run's start by a margin are
//     recorded (FactsCache decides), so a write in the same clock tick as the
//     stat cannot go unseen.
// The index and the stamp records come first, under one checksum; a pack
// whose magic, cache header, sizes or checksum are wrong is not used at all.
// A pack is written to a temporary file and renamed into place, so readers
// see the old pack or the new one, never a mix.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/cache/content_hash.h"
#include "analyzer/core/file_stamp.h"
#include "analyzer/core/whole_file.h"

namespace archverify::cache {

// One source file as a pack records it.
struct StampRecord {
  std::string path;  // repo-relative
  FileStamp stamp;
  ContentHash key;
};

class FactsPack {
 public:
  // The pack in `file` when it can be used: it exists, was written for this
  // cache `header` (format, tool and grammar versions) and its index is
  // intact. nullptr otherwise.
  static std::unique_ptr<FactsPack> open(const std::string& file, std::string_view header);
  ~FactsPack();
  FactsPack(const FactsPack&) = delete;
  FactsPack& operator=(const FactsPack&) = delete;

  // The content hash recorded for `path` when the file's stamp is the one
  // recorded with it.
  std::optional<ContentHash> stamped_key(std::string_view path, const FileStamp& stamp) const;
  bool contains(const ContentHash& key) const { return find(key) != nullptr; }
  // The bytes of the entry for `key`, read into `buffer` (nullopt when the
  // pack has none, or the read failed). Not checked here: the caller checks
  // them as it checks a loose entry.
  std::optional<std::string_view> entry(const ContentHash& key, ByteBuffer& buffer) const;
  // Appends the entry for `key` to `out_fd` (kernel-side copy when it can);
  // false when the pack has none or the copy failed.
  bool copy_entry(const ContentHash& key, int out_fd) const;
  std::uint64_t entry_size(const ContentHash& key) const;

  std::size_t entry_count() const { return entries_.size(); }
  std::size_t stamp_count() const { return stamps_.size(); }

 private:
  struct EntryRef {
    ContentHash key;
    std::uint64_t offset = 0;  // in the file
    std::uint64_t size = 0;
  };
  struct StampRef {
    std::string_view path;  // into index_
    FileStamp stamp;
    ContentHash key;
  };
  FactsPack() = default;
  const EntryRef* find(const ContentHash& key) const;

  int fd_ = -1;
  std::string index_;              // the index bytes, which the stamp paths point into
  std::vector<EntryRef> entries_;  // sorted by key
  std::vector<StampRef> stamps_;   // sorted by path
};

// An entry of the pack being written, in the order the entries are to be
// laid out: its bytes in memory, or the old pack to copy them from.
struct PackEntrySource {
  ContentHash key;
  std::string_view bytes;            // when `from` is null
  const FactsPack* from = nullptr;   // copy the entry for `key` from here
};

// Writes a pack of `entries` (each key once) and `stamps` (each path once;
// every key among the entries) for cache `header` into `file`, atomically.
// Best effort: false (and nothing left behind) when any write fails.
bool write_pack(const std::string& file, std::string_view header, const std::vector<PackEntrySource>& entries,
                std::vector<StampRecord> stamps);

}  // namespace archverify::cache
