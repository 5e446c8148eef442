# The libFuzzer targets of test/fuzz, built on their own (TARN_FUZZ=ON, CXX=clang++) from
# only the sources they need, with AddressSanitizer and UndefinedBehaviorSanitizer:
#   cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DTARN_FUZZ=ON && cmake --build build/fuzz
# test/fuzz/run_fuzzers.sh builds and runs them.

set(TARN_FUZZ_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer -g)
file(GLOB TARN_FUZZ_SUPPORT CONFIGURE_DEPENDS
     src/common/*.cc src/types/*.cc src/vector/*.cc src/storage/*.cc)
list(APPEND TARN_FUZZ_SUPPORT
     src/function/cast.cc
     src/formats/parquet/thrift_compact_reader.cc
     src/formats/parquet/thrift_compact_writer.cc
     src/formats/parquet/parquet_metadata.cc
     src/formats/parquet/parquet_encoding.cc
     src/formats/parquet/parquet_reader.cc
     src/formats/parquet/parquet_record_assembler.cc
     src/formats/json/json_document.cc
     src/formats/json/json_options.cc
     src/formats/json/json_path.cc
     src/formats/json/json_reader.cc
     src/formats/json/json_record_reader.cc
     src/formats/json/json_type_tree.cc
     src/formats/json/json_vector_writer.cc)
list(FILTER TARN_FUZZ_SUPPORT EXCLUDE REGEX ".*_test\\.cc$")

add_library(tarn_fuzz_support STATIC ${TARN_FUZZ_SUPPORT})
target_compile_options(tarn_fuzz_support PUBLIC ${TARN_FUZZ_FLAGS} -fsanitize=fuzzer-no-link
                       -Wno-error -Wno-unknown-warning-option)
target_include_directories(tarn_fuzz_support PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(tarn_fuzz_support PUBLIC Threads::Threads ZLIB::ZLIB PkgConfig::RE2
                      PkgConfig::ZSTD PkgConfig::SNAPPY PkgConfig::LZ4 PkgConfig::SIMDJSON)

file(GLOB TARN_FUZZERS CONFIGURE_DEPENDS test/fuzz/*_fuzzer.cc)
foreach(fuzzer_source ${TARN_FUZZERS})
  get_filename_component(fuzzer ${fuzzer_source} NAME_WE)
  add_executable(${fuzzer} ${fuzzer_source})
  target_link_libraries(${fuzzer} PRIVATE tarn_fuzz_support)
  target_link_options(${fuzzer} PRIVATE -fsanitize=fuzzer ${TARN_FUZZ_FLAGS})
endforeach()
