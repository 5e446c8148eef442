#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tarn {

// ThreadPool runs the workers of morsel-driven pipelines. ParallelRun(n, task) calls
// task(0..n-1), each on its own worker (the caller's thread runs task 0), and returns after
// all have finished. If any task throws, the first exception is rethrown in the caller
// after every task has ended, so no worker outlives the data it points to.
// Thread safety: ParallelRun may be called from several threads; nested calls from inside
// a task run inline to avoid deadlock.
class ThreadPool {
 public:
  explicit ThreadPool(size_t num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t NumThreads() const { return workers_.size() + 1; }
  void ParallelRun(size_t num_tasks, const std::function<void(size_t)>& task);

  // The process-wide pool, sized to the machine's hardware threads.
  static ThreadPool& Global();

 private:
  struct Job;
  void WorkerLoop();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::function<void()>> queue_;
  bool stopping_ = false;
};

}  // namespace tarn
