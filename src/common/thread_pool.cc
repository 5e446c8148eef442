#include "common/thread_pool.h"

#include <algorithm>
#include <exception>
#include <memory>

namespace tarn {

namespace {
thread_local bool tls_inside_pool_task = false;
}  // namespace

ThreadPool::ThreadPool(size_t num_threads) {
  size_t extra = num_threads > 1 ? num_threads - 1 : 0;
  for (size_t i = 0; i < extra; i++) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

ThreadPool& ThreadPool::Global() {
  static ThreadPool pool(std::max<size_t>(1, std::thread::hardware_concurrency()));
  return pool;
}

void ThreadPool::WorkerLoop() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.back());
      queue_.pop_back();
    }
    tls_inside_pool_task = true;
    job();
    tls_inside_pool_task = false;
  }
}

void ThreadPool::ParallelRun(size_t num_tasks, const std::function<void(size_t)>& task) {
  if (num_tasks == 0) return;
  if (num_tasks == 1 || tls_inside_pool_task || workers_.empty()) {
    for (size_t i = 0; i < num_tasks; i++) task(i);
    return;
  }
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    size_t remaining;
    std::exception_ptr error;
  };
  auto shared = std::make_shared<Shared>();
  shared->remaining = num_tasks - 1;
  auto run_one = [&task, shared](size_t index) {
    std::exception_ptr error;
    try {
      task(index);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(shared->mutex);
    if (error && !shared->error) shared->error = error;
    if (--shared->remaining == 0) shared->done.notify_all();
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 1; i < num_tasks; i++) queue_.push_back([run_one, i] { run_one(i); });
  }
  wake_.notify_all();
  std::exception_ptr first_error;
  tls_inside_pool_task = true;
  try {
    task(0);
  } catch (...) {
    first_error = std::current_exception();
  }
  tls_inside_pool_task = false;
  std::unique_lock<std::mutex> lock(shared->mutex);
  shared->done.wait(lock, [&] { return shared->remaining == 0; });
  if (first_error) std::rethrow_exception(first_error);
  if (shared->error) std::rethrow_exception(shared->error);
}

}  // namespace tarn
