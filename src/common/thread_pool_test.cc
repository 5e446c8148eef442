#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/exception.h"

namespace tarn {
namespace {

TEST(ThreadPoolTest, RunsEveryTaskExactlyOnce) {
  ThreadPool pool(4);
  std::vector<std::atomic<int>> counts(16);
  pool.ParallelRun(16, [&](size_t index) { counts[index]++; });
  for (auto& count : counts) EXPECT_EQ(count.load(), 1);
}

TEST(ThreadPoolTest, UsesSeveralThreads) {
  ThreadPool pool(2);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> arrived{0};
  pool.ParallelRun(2, [&](size_t) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    // Both tasks must be running at once for this to finish.
    arrived++;
    while (arrived.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(threads.size(), 2u);
}

TEST(ThreadPoolTest, RethrowsTheFirstErrorAfterAllTasksEnd) {
  ThreadPool pool(3);
  std::atomic<int> finished{0};
  try {
    pool.ParallelRun(6, [&](size_t index) {
      if (index == 2) throw TarnException(ErrorCode::kInvalidInput, "task 2 failed");
      finished++;
    });
    FAIL() << "expected an exception";
  } catch (const TarnException& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
    EXPECT_STREQ(error.what(), "task 2 failed");
  }
  EXPECT_EQ(finished.load(), 5);
}

TEST(ThreadPoolTest, NestedRunsExecuteInline) {
  ThreadPool pool(2);
  std::atomic<int> inner{0};
  pool.ParallelRun(2, [&](size_t) { pool.ParallelRun(3, [&](size_t) { inner++; }); });
  EXPECT_EQ(inner.load(), 6);
}

}  // namespace
}  // namespace tarn
