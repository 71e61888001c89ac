// Intrusive FIFO of suspended coroutines. Each Waiter lives inside an awaiter,
// i.e. inside the waiting coroutine's frame, and unlinks itself when that
// frame is destroyed, so a queue never holds a dangling handle.
#pragma once

#include <coroutine>
#include <cstddef>

namespace rt {
class EventLoop;
}

namespace rt::detail {

class WaitQueue;

struct Waiter {
  Waiter() = default;
  Waiter(const Waiter &) = delete;
  Waiter &operator=(const Waiter &) = delete;
  inline ~Waiter();

  std::coroutine_handle<> handle;
  EventLoop *loop = nullptr;
  WaitQueue *queue = nullptr; // the queue this waiter is linked in, if any
  Waiter *prev = nullptr;
  Waiter *next = nullptr;
};

class WaitQueue {
public:
  WaitQueue() = default;
  WaitQueue(const WaitQueue &) = delete;
  WaitQueue &operator=(const WaitQueue &) = delete;
  ~WaitQueue() {
    while (pop_front()) {
    }
  }

  bool empty() const noexcept { return head_ == nullptr; }
  std::size_t size() const noexcept { return size_; }

  void push_back(Waiter &w) noexcept {
    w.queue = this;
    w.prev = tail_;
    w.next = nullptr;
    (tail_ ? tail_->next : head_) = &w;
    tail_ = &w;
    ++size_;
  }

  Waiter *pop_front() noexcept {
    Waiter *w = head_;
    if (w)
      remove(*w);
    return w;
  }

  void remove(Waiter &w) noexcept {
    (w.prev ? w.prev->next : head_) = w.next;
    (w.next ? w.next->prev : tail_) = w.prev;
    w.queue = nullptr;
    w.prev = w.next = nullptr;
    --size_;
  }

private:
  Waiter *head_ = nullptr;
  Waiter *tail_ = nullptr;
  std::size_t size_ = 0;
};

Waiter::~Waiter() {
  if (queue)
    queue->remove(*this);
}

} // namespace rt::detail
