#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace tarn {

// The whole-block compression codecs of columnar file formats (Parquet pages). Unlike the
// streaming decompressors of compressed_stream.h, a block is compressed and decompressed in
// one call, and its uncompressed size is known in advance from the file's metadata.
//   kGzip    zlib deflate with the gzip header and trailer (RFC 1952)
//   kSnappy  one raw snappy block (no framing format)
//   kZstd    one zstd frame
//   kLz4Raw  one raw lz4 block (no frame, no size prefix)
enum class BlockCodec { kUncompressed, kSnappy, kGzip, kZstd, kLz4Raw };

// The codec's name in lower case: "uncompressed", "snappy", "gzip", "zstd", "lz4_raw".
const char* BlockCodecName(BlockCodec codec);
// Parses a codec name, case-insensitive; "none" and "uncompressed" are the same, and "lz4"
// means kLz4Raw.
Result<BlockCodec> ParseBlockCodec(std::string_view name);

// Compresses `input` into `output` (replacing its contents). Fails only when the codec's
// library does (kInternal) or the input is too large for it (kInvalidInput).
// Thread safety: free of shared state; safe to call from several threads.
Status Compress(BlockCodec codec, std::string_view input, std::string* output);

// Decompresses `input` into `output[0, expected_size)`. Refuses, with a kInvalidInput
// status, any input that is corrupt or that decompresses to a size other than
// `expected_size`; never writes past `output + expected_size`.
// Thread safety: free of shared state; safe to call from several threads.
Status Decompress(BlockCodec codec, std::string_view input, size_t expected_size, char* output);

}  // namespace tarn
