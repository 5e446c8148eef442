#include "storage/block_codec.h"

#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

namespace tarn {

namespace {

Status CorruptError(BlockCodec codec, const std::string& why) {
  return Status::Error(ErrorCode::kInvalidInput,
                       std::string("corrupt ") + BlockCodecName(codec) + " block: " + why);
}

Status SizeMismatch(BlockCodec codec, size_t actual, size_t expected) {
  return CorruptError(codec, "decompressed to " + std::to_string(actual) +
                                 " bytes where the metadata says " + std::to_string(expected));
}

Status GzipCompress(std::string_view input, std::string* output) {
  z_stream stream{};
  // 15 window bits + 16 selects the gzip header and trailer.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return Status::Error(ErrorCode::kInternal, "gzip: deflateInit2 failed");
  }
  if (input.size() > UINT_MAX) {
    deflateEnd(&stream);
    return Status::Error(ErrorCode::kInvalidInput, "gzip: block larger than 4 GB");
  }
  output->resize(deflateBound(&stream, input.size()) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output->data());
  stream.avail_out = static_cast<uInt>(output->size());
  int code = deflate(&stream, Z_FINISH);
  size_t written = stream.total_out;
  deflateEnd(&stream);
  if (code != Z_STREAM_END) return Status::Error(ErrorCode::kInternal, "gzip: deflate failed");
  output->resize(written);
  return Status::Ok();
}

Status GzipDecompress(std::string_view input, size_t expected_size, char* output) {
  BlockCodec codec = BlockCodec::kGzip;
  if (input.size() > UINT_MAX || expected_size > UINT_MAX) {
    return CorruptError(codec, "block larger than 4 GB");
  }
  z_stream stream{};
  // 15 window bits + 32 accepts both gzip and zlib headers.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) {
    return Status::Error(ErrorCode::kInternal, "gzip: inflateInit2 failed");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output);
  stream.avail_out = static_cast<uInt>(expected_size);
  int code = Z_OK;
  while (true) {
    code = inflate(&stream, Z_FINISH);
    if (code == Z_STREAM_END && stream.avail_in > 0) {
      // Concatenated gzip members: continue with the next one.
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    break;
  }
  size_t produced = expected_size - stream.avail_out;
  inflateEnd(&stream);
  if (code == Z_STREAM_END) {
    if (produced != expected_size) return SizeMismatch(codec, produced, expected_size);
    return Status::Ok();
  }
  if (code == Z_BUF_ERROR && stream.avail_out == 0) {
    return CorruptError(codec, "decompresses to more than the " + std::to_string(expected_size) +
                                   " bytes the metadata says");
  }
  return CorruptError(codec, stream.msg != nullptr ? stream.msg : "truncated or invalid data");
}

}  // namespace

const char* BlockCodecName(BlockCodec codec) {
  switch (codec) {
    case BlockCodec::kUncompressed:
      return "uncompressed";
    case BlockCodec::kSnappy:
      return "snappy";
    case BlockCodec::kGzip:
      return "gzip";
    case BlockCodec::kZstd:
      return "zstd";
    case BlockCodec::kLz4Raw:
      return "lz4_raw";
  }
  return "unknown";
}

Result<BlockCodec> ParseBlockCodec(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "uncompressed" || lower == "none") return BlockCodec::kUncompressed;
  if (lower == "snappy") return BlockCodec::kSnappy;
  if (lower == "gzip") return BlockCodec::kGzip;
  if (lower == "zstd") return BlockCodec::kZstd;
  if (lower == "lz4_raw" || lower == "lz4") return BlockCodec::kLz4Raw;
  return Status::Error(ErrorCode::kInvalidOption,
                       "unknown compression codec \"" + std::string(name) +
                           "\" (expected uncompressed, snappy, gzip, zstd or lz4_raw)");
}

Status Compress(BlockCodec codec, std::string_view input, std::string* output) {
  switch (codec) {
    case BlockCodec::kUncompressed:
      output->assign(input.data(), input.size());
      return Status::Ok();
    case BlockCodec::kSnappy: {
      output->resize(snappy::MaxCompressedLength(input.size()));
      size_t length = 0;
      snappy::RawCompress(input.data(), input.size(), output->data(), &length);
      output->resize(length);
      return Status::Ok();
    }
    case BlockCodec::kGzip:
      return GzipCompress(input, output);
    case BlockCodec::kZstd: {
      output->resize(ZSTD_compressBound(input.size()));
      size_t length = ZSTD_compress(output->data(), output->size(), input.data(), input.size(), 3);
      if (ZSTD_isError(length)) {
        return Status::Error(ErrorCode::kInternal,
                             std::string("zstd: ") + ZSTD_getErrorName(length));
      }
      output->resize(length);
      return Status::Ok();
    }
    case BlockCodec::kLz4Raw: {
      if (input.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
        return Status::Error(ErrorCode::kInvalidInput, "lz4_raw: block larger than 2 GB");
      }
      output->resize(LZ4_compressBound(static_cast<int>(input.size())));
      int length =
          LZ4_compress_default(input.data(), output->data(), static_cast<int>(input.size()),
                               static_cast<int>(output->size()));
      if (length <= 0 && !input.empty()) {
        return Status::Error(ErrorCode::kInternal, "lz4_raw: compression failed");
      }
      output->resize(static_cast<size_t>(std::max(length, 0)));
      return Status::Ok();
    }
  }
  return Status::Error(ErrorCode::kInternal, "unknown block codec");
}

Status Decompress(BlockCodec codec, std::string_view input, size_t expected_size, char* output) {
  switch (codec) {
    case BlockCodec::kUncompressed:
      if (input.size() != expected_size) return SizeMismatch(codec, input.size(), expected_size);
      if (expected_size > 0) std::memcpy(output, input.data(), expected_size);
      return Status::Ok();
    case BlockCodec::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(input.data(), input.size(), &length)) {
        return CorruptError(codec, "invalid length header");
      }
      if (length != expected_size) return SizeMismatch(codec, length, expected_size);
      if (!snappy::RawUncompress(input.data(), input.size(), output)) {
        return CorruptError(codec, "invalid data");
      }
      return Status::Ok();
    }
    case BlockCodec::kGzip:
      return GzipDecompress(input, expected_size, output);
    case BlockCodec::kZstd: {
      unsigned long long content = ZSTD_getFrameContentSize(input.data(), input.size());
      if (content == ZSTD_CONTENTSIZE_ERROR) return CorruptError(codec, "invalid frame header");
      if (content != ZSTD_CONTENTSIZE_UNKNOWN && content != expected_size) {
        return SizeMismatch(codec, static_cast<size_t>(content), expected_size);
      }
      size_t length = ZSTD_decompress(output, expected_size, input.data(), input.size());
      if (ZSTD_isError(length)) {
        if (ZSTD_getErrorCode(length) == ZSTD_error_dstSize_tooSmall) {
          return CorruptError(codec, "decompresses to more than the " +
                                         std::to_string(expected_size) +
                                         " bytes the metadata says");
        }
        return CorruptError(codec, ZSTD_getErrorName(length));
      }
      if (length != expected_size) return SizeMismatch(codec, length, expected_size);
      return Status::Ok();
    }
    case BlockCodec::kLz4Raw: {
      if (input.size() > static_cast<size_t>(INT_MAX) ||
          expected_size > static_cast<size_t>(INT_MAX)) {
        return CorruptError(codec, "block larger than 2 GB");
      }
      int length = LZ4_decompress_safe(input.data(), output, static_cast<int>(input.size()),
                                       static_cast<int>(expected_size));
      if (length < 0) return CorruptError(codec, "invalid data or larger than the metadata says");
      if (static_cast<size_t>(length) != expected_size) {
        return SizeMismatch(codec, static_cast<size_t>(length), expected_size);
      }
      return Status::Ok();
    }
  }
  return Status::Error(ErrorCode::kInternal, "unknown block codec");
}

}  // namespace tarn
