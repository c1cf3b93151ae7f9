// Reading and writing the pack of a checkout's facts (see facts_pack.h).
//
// Layout, little-endian:
//   "AVPACK01"                       8 bytes
//   index size                       fixed 8 bytes
//   index                            ByteWriter encoding:
//     cache header                   string
//     entry count, then per entry    key (2 fixed 8 bytes), offset from the
//                                    first entry, size; sorted by key
//     stamp count, then per stamp    path, size, mtime and ctime (fixed 8
//                                    bytes each), inode, device, key;
//                                    sorted by path
//   checksum of the index            fixed 8 bytes (XXH3-64)
//   entries                          in the order the writer was given
#include "analyzer/cache/facts_pack.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "analyzer/cache/atomic_write.h"
#include "analyzer/core/byte_codec.h"

namespace archverify::cache {

namespace {

constexpr char kPackMagic[8] = {'A', 'V', 'P', 'A', 'C', 'K', '0', '1'};
constexpr std::uint64_t kPrefixBytes = 16;  // magic and index size
// Smallest encodings: an entry (key 16, offset 1, size 1), a stamp (path 1+1,
// size 1, times 16, inode 1, device 1, key 16).
constexpr std::size_t kMinEntryBytes = 18;
constexpr std::size_t kMinStampBytes = 37;

// Reads exactly `n` bytes at `offset`; false on error or end of file.
bool pread_full(int fd, char* out, std::uint64_t n, std::uint64_t offset) {
  while (n > 0) {
    const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<std::uint64_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

}  // namespace

std::unique_ptr<FactsPack> FactsPack::open(const std::string& file, std::string_view header) {
  std::unique_ptr<FactsPack> pack(new FactsPack());
  pack->fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (pack->fd_ < 0) return nullptr;
  struct stat st {};
  if (::fstat(pack->fd_, &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  const auto file_size = static_cast<std::uint64_t>(st.st_size);
  char prefix[kPrefixBytes];
  if (file_size < kPrefixBytes + 8 || !pread_full(pack->fd_, prefix, kPrefixBytes, 0)) return nullptr;
  if (std::string_view(prefix, 8) != std::string_view(kPackMagic, 8)) return nullptr;
  const std::uint64_t index_size = ByteReader(std::string_view(prefix + 8, 8)).fixed64();
  if (index_size > file_size - kPrefixBytes - 8) return nullptr;
  pack->index_.resize(static_cast<std::size_t>(index_size));
  char checksum[8];
  if (!pread_full(pack->fd_, pack->index_.data(), index_size, kPrefixBytes) ||
      !pread_full(pack->fd_, checksum, 8, kPrefixBytes + index_size) ||
      ByteReader(std::string_view(checksum, 8)).fixed64() != checksum64(pack->index_))
    return nullptr;
  const std::uint64_t entries_at = kPrefixBytes + index_size + 8, entries_bytes = file_size - entries_at;

  ByteReader r(pack->index_);
  if (r.view() != header) return nullptr;
  pack->entries_.resize(r.count(kMinEntryBytes));
  for (std::size_t i = 0; i < pack->entries_.size() && r.ok(); ++i) {
    EntryRef& e = pack->entries_[i];
    e.key.low = r.fixed64();
    e.key.high = r.fixed64();
    const std::uint64_t offset = r.u64();
    e.size = r.u64();
    if (e.size == 0 || offset > entries_bytes || e.size > entries_bytes - offset) return nullptr;
    if (i > 0 && !(pack->entries_[i - 1].key < e.key)) return nullptr;  // sorted, each key once
    e.offset = entries_at + offset;
  }
  pack->stamps_.resize(r.count(kMinStampBytes));
  for (std::size_t i = 0; i < pack->stamps_.size() && r.ok(); ++i) {
    StampRef& s = pack->stamps_[i];
    s.path = r.view();
    s.stamp.size = r.u64();
    s.stamp.mtime_ns = static_cast<std::int64_t>(r.fixed64());
    s.stamp.ctime_ns = static_cast<std::int64_t>(r.fixed64());
    s.stamp.inode = r.u64();
    s.stamp.device = r.u64();
    s.key.low = r.fixed64();
    s.key.high = r.fixed64();
    if (!r.ok()) return nullptr;
    if (s.path.empty() || (i > 0 && !(pack->stamps_[i - 1].path < s.path))) return nullptr;  // sorted, each path once
    if (!pack->find(s.key)) return nullptr;
  }
  if (!r.ok() || !r.at_end()) return nullptr;
  // A warm run reads nearly every entry: ask for all of them at once.
  ::posix_fadvise(pack->fd_, static_cast<off_t>(entries_at), 0, POSIX_FADV_WILLNEED);
  return pack;
}

FactsPack::~FactsPack() {
  if (fd_ >= 0) ::close(fd_);
}

const FactsPack::EntryRef* FactsPack::find(const ContentHash& key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const EntryRef& e, const ContentHash& k) { return e.key < k; });
  return it != entries_.end() && it->key == key ? &*it : nullptr;
}

std::optional<ContentHash> FactsPack::stamped_key(std::string_view path, const FileStamp& stamp) const {
  auto it = std::lower_bound(stamps_.begin(), stamps_.end(), path,
                             [](const StampRef& s, std::string_view p) { return s.path < p; });
  if (it == stamps_.end() || it->path != path || !(it->stamp == stamp)) return std::nullopt;
  return it->key;
}

std::optional<std::string_view> FactsPack::entry(const ContentHash& key, ByteBuffer& buffer) const {
  const EntryRef* e = find(key);
  if (!e) return std::nullopt;
  buffer.resize(static_cast<std::size_t>(e->size));
  if (!pread_full(fd_, buffer.data(), e->size, e->offset)) return std::nullopt;
  return buffer.view();
}

std::uint64_t FactsPack::entry_size(const ContentHash& key) const {
  const EntryRef* e = find(key);
  return e ? e->size : 0;
}

bool FactsPack::copy_entry(const ContentHash& key, int out_fd) const {
  const EntryRef* e = find(key);
  if (!e) return false;
  auto offset = static_cast<off_t>(e->offset);
  std::uint64_t left = e->size;
  while (left > 0) {  // in the kernel (or a reflink) where the file system allows
    const ssize_t n = ::copy_file_range(fd_, &offset, out_fd, nullptr, left, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    left -= static_cast<std::uint64_t>(n);
  }
  if (left == 0) return true;
  std::string chunk;  // no kernel-side copy here (or it stopped short): through a buffer
  while (left > 0) {
    chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(left, std::uint64_t{1} << 20)));
    if (!pread_full(fd_, chunk.data(), chunk.size(), static_cast<std::uint64_t>(offset)) || !write_all(out_fd, chunk))
      return false;
    offset += static_cast<off_t>(chunk.size());
    left -= chunk.size();
  }
  return true;
}

bool write_pack(const std::string& file, std::string_view header, const std::vector<PackEntrySource>& entries,
                std::vector<StampRecord> stamps) {
  // Offsets in layout order; the index lists the entries by key.
  struct Placed {
    ContentHash key;
    std::uint64_t offset, size;
  };
  std::vector<Placed> placed;
  placed.reserve(entries.size());
  std::uint64_t offset = 0;
  for (const PackEntrySource& e : entries) {
    const std::uint64_t size = e.from ? e.from->entry_size(e.key) : e.bytes.size();
    if (size == 0) return false;
    placed.push_back(Placed{e.key, offset, size});
    offset += size;
  }
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.key < b.key; });
  std::sort(stamps.begin(), stamps.end(), [](const StampRecord& a, const StampRecord& b) { return a.path < b.path; });

  std::string index;
  ByteWriter w(index);
  w.str(header);
  w.u64(placed.size());
  for (const Placed& p : placed) {
    w.fixed64(p.key.low);
    w.fixed64(p.key.high);
    w.u64(p.offset);
    w.u64(p.size);
  }
  w.u64(stamps.size());
  for (const StampRecord& s : stamps) {
    w.str(s.path);
    w.u64(s.stamp.size);
    w.fixed64(static_cast<std::uint64_t>(s.stamp.mtime_ns));
    w.fixed64(static_cast<std::uint64_t>(s.stamp.ctime_ns));
    w.u64(s.stamp.inode);
    w.u64(s.stamp.device);
    w.fixed64(s.key.low);
    w.fixed64(s.key.high);
  }
  std::string head(kPackMagic, 8);
  ByteWriter(head).fixed64(index.size());
  std::string checksum;
  ByteWriter(checksum).fixed64(checksum64(index));

  const std::string tmp = unique_temp_path(file);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = write_all(fd, head) && write_all(fd, index) && write_all(fd, checksum);
  for (std::size_t i = 0; ok && i < entries.size(); ++i)
    ok = entries[i].from ? entries[i].from->copy_entry(entries[i].key, fd) : write_all(fd, entries[i].bytes);
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace archverify::cache
