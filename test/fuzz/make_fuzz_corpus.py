#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the test fixtures.

  parquet_metadata: the footer (FileMetaData bytes) of every test/data/parquet file
  parquet_page:     every column chunk of those files (up to 64 KiB), behind the 4-byte
                    header parquet_page_fuzzer.cc reads (schema, codec, row count); the
                    chunk offsets come from tarn's parquet_metadata()
  json_reader:      every file of test/data/json (up to 64 KiB)

Usage: make_fuzz_corpus.py TARN_BINARY OUTPUT_DIR
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_SEED = 64 * 1024
CODECS = {"UNCOMPRESSED": 0, "SNAPPY": 1, "GZIP": 2, "ZSTD": 3, "LZ4_RAW": 4}
# (physical type, list depth) -> schema index of parquet_page_fuzzer.cc's kSchemas.
FLAT = {"INT32": 0, "INT64": 1, "BYTE_ARRAY": 2, "BOOLEAN": 3, "DOUBLE": 4, "FLOAT": 5,
        "FIXED_LEN_BYTE_ARRAY": 7, "INT96": 8}
LISTS = {"INT32": 9, "INT64": 10, "BYTE_ARRAY": 11, "BOOLEAN": 14, "DOUBLE": 15}


def Schema(physical, path):
    depth = (path + ".").count(".list.")
    if depth >= 2 and physical == "INT32":
        return 12
    if depth == 1 and physical in LISTS:
        return LISTS[physical]
    if depth == 0 and "." in path and physical == "INT32":
        return 13
    return FLAT.get(physical, 0)


def Main():
    tarn, output = sys.argv[1], sys.argv[2]
    folders = {name: os.path.join(output, name) for name in
               ("parquet_metadata", "parquet_page", "json_reader")}
    for folder in folders.values():
        os.makedirs(folder, exist_ok=True)
    parquet_dir = os.path.join(ROOT, "test", "data", "parquet")
    files = sorted(os.path.join(parquet_dir, name) for name in os.listdir(parquet_dir)
                   if name.endswith(".parquet") and not name.startswith("corrupt"))
    for path in files:
        data = open(path, "rb").read()
        base = os.path.basename(path)
        length = int.from_bytes(data[-8:-4], "little")
        if 0 < length <= len(data) - 12:
            with open(os.path.join(folders["parquet_metadata"], base), "wb") as handle:
                handle.write(data[-8 - length:-8])
        sql = ("SELECT row_group_num_rows, path_in_schema, type, compression, data_page_offset, "
               "dictionary_page_offset, total_compressed_size FROM parquet_metadata('{}')"
               .format(path.replace("'", "''")))
        result = subprocess.run([tarn, "-json", "-c", sql], capture_output=True, text=True)
        if result.returncode != 0:
            continue
        for index, line in enumerate(result.stdout.splitlines()):
            if not line.strip():
                continue
            rows, chunk_path, physical, codec, data_offset, dictionary_offset, size = \
                json.loads(line).values()
            start = int(data_offset)
            if dictionary_offset is not None and 0 < int(dictionary_offset) < start:
                start = int(dictionary_offset)
            size = int(size)
            if size > MAX_SEED or start + size > len(data):
                continue
            rows = (int(rows) - 1) % 5000
            header = bytes([Schema(physical, chunk_path), CODECS.get(codec, 0),
                            rows & 0xff, rows >> 8])
            name = "{}.{}".format(base, index)
            with open(os.path.join(folders["parquet_page"], name), "wb") as handle:
                handle.write(header + data[start:start + size])
    json_dir = os.path.join(ROOT, "test", "data", "json")
    for name in sorted(os.listdir(json_dir)):
        path = os.path.join(json_dir, name)
        if os.path.isfile(path) and os.path.getsize(path) <= MAX_SEED:
            with open(path, "rb") as source, \
                    open(os.path.join(folders["json_reader"], name), "wb") as target:
                target.write(source.read())
    for name, folder in folders.items():
        print("{}: {} seeds".format(name, len(os.listdir(folder))))


if __name__ == "__main__":
    Main()
