#include "storage/compressed_stream.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "storage/file_system.h"

namespace tarn {

namespace {

constexpr size_t kCompressedBufferSize = 256 * 1024;

// Owns a file descriptor and reads from it sequentially.
class FileReader {
 public:
  FileReader(std::string path, int descriptor) : path_(std::move(path)), descriptor_(descriptor) {}
  ~FileReader() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  Result<size_t> Read(char* buffer, size_t size) {
    while (true) {
      ssize_t count = ::read(descriptor_, buffer, size);
      if (count < 0) {
        if (errno == EINTR) continue;
        return IoErrorFromErrno("Cannot read file", path_, errno);
      }
      bytes_read_ += static_cast<uint64_t>(count);
      return static_cast<size_t>(count);
    }
  }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::string path_;
  int descriptor_;
  uint64_t bytes_read_ = 0;
};

Result<std::unique_ptr<FileReader>> OpenFileReader(const std::string& path) {
  TARN_ASSIGN_OR_RETURN(uint64_t size, FileSize(path));
  (void)size;
  int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return IoErrorFromErrno("Cannot open file", path, errno);
  return std::make_unique<FileReader>(path, descriptor);
}

class PlainStream : public InputStream {
 public:
  PlainStream(const std::string& path, std::unique_ptr<FileReader> file)
      : InputStream(path), file_(std::move(file)) {}
  Result<size_t> Read(char* buffer, size_t size) override { return file_->Read(buffer, size); }
  uint64_t SourceBytesRead() const override { return file_->bytes_read(); }

 private:
  std::unique_ptr<FileReader> file_;
};

Status CorruptError(const std::string& path, const char* codec, const std::string& detail) {
  return Status::Error(ErrorCode::kInvalidInput,
                       std::string("Corrupt ") + codec + " data in \"" + path + "\": " + detail);
}

class GzipStream : public InputStream {
 public:
  GzipStream(const std::string& path, std::unique_ptr<FileReader> file)
      : InputStream(path), file_(std::move(file)), input_(kCompressedBufferSize) {
    std::memset(&stream_, 0, sizeof(stream_));
  }
  ~GzipStream() override {
    if (initialized_) inflateEnd(&stream_);
  }

  Status Initialize() {
    // 15 + 16: gzip wrapper only, maximum window.
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) {
      return Status::Error(ErrorCode::kInternal, "Cannot initialize zlib");
    }
    initialized_ = true;
    return Status::Ok();
  }

  Result<size_t> Read(char* buffer, size_t size) override {
    if (finished_ || size == 0) return size_t(0);
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    while (stream_.avail_out > 0) {
      if (stream_.avail_in == 0) {
        TARN_ASSIGN_OR_RETURN(size_t count, file_->Read(input_.data(), input_.size()));
        if (count == 0) {
          if (!member_done_) return CorruptError(path_, "gzip", "unexpected end of file");
          finished_ = true;
          break;
        }
        stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
        stream_.avail_in = static_cast<uInt>(count);
      }
      if (member_done_) {
        // Another gzip member follows (concatenated .gz files).
        inflateReset(&stream_);
        member_done_ = false;
      }
      int code = inflate(&stream_, Z_NO_FLUSH);
      if (code == Z_STREAM_END) {
        member_done_ = true;
        continue;
      }
      if (code == Z_BUF_ERROR && stream_.avail_in == 0) continue;
      if (code != Z_OK) {
        return CorruptError(path_, "gzip", stream_.msg ? stream_.msg : "inflate failed");
      }
    }
    return size - stream_.avail_out;
  }
  uint64_t SourceBytesRead() const override { return file_->bytes_read(); }

 private:
  std::unique_ptr<FileReader> file_;
  std::vector<char> input_;
  z_stream stream_;
  bool initialized_ = false;
  bool member_done_ = false;
  bool finished_ = false;
};

class ZstdStream : public InputStream {
 public:
  ZstdStream(const std::string& path, std::unique_ptr<FileReader> file)
      : InputStream(path), file_(std::move(file)), input_(ZSTD_DStreamInSize()) {
    context_ = ZSTD_createDCtx();
  }
  ~ZstdStream() override { ZSTD_freeDCtx(context_); }

  Result<size_t> Read(char* buffer, size_t size) override {
    if (finished_ || size == 0) return size_t(0);
    ZSTD_outBuffer output{buffer, size, 0};
    while (output.pos < output.size) {
      if (in_.pos == in_.size) {
        TARN_ASSIGN_OR_RETURN(size_t count, file_->Read(input_.data(), input_.size()));
        if (count == 0) {
          if (frame_open_) return CorruptError(path_, "zstd", "unexpected end of file");
          finished_ = true;
          break;
        }
        in_ = ZSTD_inBuffer{input_.data(), count, 0};
      }
      size_t code = ZSTD_decompressStream(context_, &output, &in_);
      if (ZSTD_isError(code)) return CorruptError(path_, "zstd", ZSTD_getErrorName(code));
      frame_open_ = code != 0;
    }
    return output.pos;
  }
  uint64_t SourceBytesRead() const override { return file_->bytes_read(); }

 private:
  std::unique_ptr<FileReader> file_;
  std::vector<char> input_;
  ZSTD_DCtx* context_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool frame_open_ = false;
  bool finished_ = false;
};

}  // namespace

Result<Compression> ParseCompression(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "auto" || lower == "infer") return Compression::kAuto;
  if (lower == "none" || lower == "uncompressed") return Compression::kNone;
  if (lower == "gzip" || lower == "gz") return Compression::kGzip;
  if (lower == "zstd" || lower == "zst") return Compression::kZstd;
  return Status::Error(
      ErrorCode::kInvalidOption,
      "Invalid value '" + text + "' for option compression: expected auto, gzip, zstd or none");
}

const char* CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kAuto:
      return "auto";
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "none";
}

Result<Compression> DetectCompression(const std::string& path) {
  TARN_ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  unsigned char magic[4] = {0, 0, 0, 0};
  TARN_ASSIGN_OR_RETURN(size_t count, file->ReadAt(0, reinterpret_cast<char*>(magic), 4));
  if (count >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return Compression::kGzip;
  if (count >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
    return Compression::kZstd;
  return Compression::kNone;
}

Result<std::unique_ptr<InputStream>> OpenInputStream(const std::string& path,
                                                     Compression compression) {
  if (compression == Compression::kAuto) {
    TARN_ASSIGN_OR_RETURN(compression, DetectCompression(path));
  }
  TARN_ASSIGN_OR_RETURN(auto file, OpenFileReader(path));
  switch (compression) {
    case Compression::kGzip: {
      auto stream = std::make_unique<GzipStream>(path, std::move(file));
      TARN_RETURN_IF_ERROR(stream->Initialize());
      return std::unique_ptr<InputStream>(std::move(stream));
    }
    case Compression::kZstd:
      return std::unique_ptr<InputStream>(std::make_unique<ZstdStream>(path, std::move(file)));
    case Compression::kAuto:
    case Compression::kNone:
      break;
  }
  return std::unique_ptr<InputStream>(std::make_unique<PlainStream>(path, std::move(file)));
}

}  // namespace tarn
