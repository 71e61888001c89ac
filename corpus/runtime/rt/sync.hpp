// Coroutine synchronisation: rt::Semaphore and the bounded rt::Channel<T>.
// Waiters are served FIFO; every wait is cancellable through the waiting
// coroutine's ambient stop token (it then throws rt::Cancelled).
#pragma once

#include "detail/cancellable.hpp"
#include "detail/wait_queue.hpp"
#include "errors.hpp"
#include "loop.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>

namespace rt {

/// A counting semaphore for coroutines.
class Semaphore {
  class Acquire;
  class Scoped;

public:
  /// Releases its permit when destroyed.
  class [[nodiscard]] Permit {
  public:
    Permit(Permit &&other) noexcept
        : sem_(std::exchange(other.sem_, nullptr)) {}
    Permit &operator=(Permit) = delete;
    ~Permit() { release(); }
    void release() {
      if (auto *sem = std::exchange(sem_, nullptr))
        sem->release();
    }

  private:
    friend class Semaphore;
    explicit Permit(Semaphore &sem) : sem_(&sem) {}
    Semaphore *sem_;
  };

  explicit Semaphore(std::size_t permits) : available_(permits) {}
  Semaphore(const Semaphore &) = delete;
  Semaphore &operator=(const Semaphore &) = delete;

  /// `co_await sem.acquire();` takes a permit, waiting if none is free.
  [[nodiscard]] Acquire acquire();
  /// `auto permit = co_await sem.scoped();` takes a permit held by a guard.
  [[nodiscard]] Scoped scoped();
  /// Returns a permit, handing it straight to the longest waiter if any.
  inline void release();

  std::size_t available() const noexcept { return available_; }
  std::size_t waiting() const noexcept { return waiters_.size(); }

private:
  class Acquire : public detail::CancellableWait {
  public:
    explicit Acquire(Semaphore &sem) : sem_(sem) {}
    ~Acquire() {
      if (granted_) // woken with a permit but destroyed before running
        sem_.release();
    }
    bool await_ready() noexcept {
      if (sem_.available_ == 0 || !sem_.waiters_.empty())
        return false;
      --sem_.available_;
      return true;
    }
    template <class P> void await_suspend(std::coroutine_handle<P> h) {
      sem_.waiters_.push_back(*this);
      arm(detail::current_loop("rt::Semaphore::acquire"), h,
          detail::ambient_token(h));
    }
    void await_resume() {
      granted_ = false;
      throw_if_cancelled();
    }

  protected:
    Semaphore &sem_;

  private:
    friend class Semaphore;
    bool withdraw() noexcept override {
      if (queue != &sem_.waiters_)
        return false;
      queue->remove(*this);
      return true;
    }
    bool granted_ = false;
  };

  class Scoped : public Acquire {
  public:
    using Acquire::Acquire;
    Permit await_resume() {
      Acquire::await_resume();
      return Permit{sem_};
    }
  };

  std::size_t available_;
  detail::WaitQueue waiters_;
};

inline Semaphore::Acquire Semaphore::acquire() { return Acquire{*this}; }

inline Semaphore::Scoped Semaphore::scoped() { return Scoped{*this}; }

inline void Semaphore::release() {
  if (auto *w = static_cast<Acquire *>(waiters_.pop_front())) {
    w->granted_ = true;
    w->loop->wake(*w);
  } else {
    ++available_;
  }
}

/// A bounded FIFO channel. send() waits while the buffer is full -- that is
/// the back-pressure; receive() waits while it is empty and yields
/// std::nullopt once the channel is closed and drained.
template <class T> class Channel {
  class Send;
  class Receive;

public:
  explicit Channel(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0)
      throw std::invalid_argument("rt::Channel: capacity must be positive");
  }
  Channel(const Channel &) = delete;
  Channel &operator=(const Channel &) = delete;

  /// `co_await ch.send(v);` throws rt::ChannelClosed if the channel is (or
  /// gets) closed before `v` is accepted.
  [[nodiscard]] Send send(T value) { return Send{*this, std::move(value)}; }
  /// `while (auto v = co_await ch.receive()) ...`
  [[nodiscard]] Receive receive() { return Receive{*this}; }
  /// No more sends; receivers drain what is buffered, then get nullopt.
  void close() {
    closed_ = true;
    while (auto *w = receivers_.pop_front())
      w->loop->wake(*w);
    while (auto *w = senders_.pop_front()) {
      static_cast<Send *>(w)->rejected_ = true;
      w->loop->wake(*w);
    }
  }

  bool closed() const noexcept { return closed_; }
  std::size_t size() const noexcept { return buffer_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }
  /// Largest number of buffered items seen so far.
  std::size_t peak_size() const noexcept { return peak_; }

private:
  void push(T value) {
    buffer_.push_back(std::move(value));
    peak_ = std::max(peak_, buffer_.size());
  }

  class Send : public detail::CancellableWait {
  public:
    Send(Channel &ch, T value) : ch_(ch), value_(std::move(value)) {}
    bool await_ready() {
      if (ch_.closed_)
        return rejected_ = true;
      if (auto *w = static_cast<Receive *>(ch_.receivers_.pop_front())) {
        w->value_.emplace(std::move(value_)); // buffer is empty: hand over
        w->loop->wake(*w);
        return true;
      }
      if (ch_.buffer_.size() < ch_.capacity_) {
        ch_.push(std::move(value_));
        return true;
      }
      return false;
    }
    template <class P> void await_suspend(std::coroutine_handle<P> h) {
      ch_.senders_.push_back(*this);
      arm(detail::current_loop("rt::Channel::send"), h,
          detail::ambient_token(h));
    }
    void await_resume() const {
      throw_if_cancelled();
      if (rejected_)
        throw ChannelClosed{};
    }

  private:
    friend class Channel;
    bool withdraw() noexcept override {
      if (queue != &ch_.senders_)
        return false;
      queue->remove(*this);
      return true;
    }
    Channel &ch_;
    T value_;
    bool rejected_ = false;
  };

  class Receive : public detail::CancellableWait {
  public:
    explicit Receive(Channel &ch) : ch_(ch) {}
    bool await_ready() {
      if (ch_.buffer_.empty())
        return ch_.closed_;
      value_.emplace(std::move(ch_.buffer_.front()));
      ch_.buffer_.pop_front();
      // A slot is free: admit the longest-waiting sender.
      if (auto *w = static_cast<Send *>(ch_.senders_.pop_front())) {
        ch_.push(std::move(w->value_));
        w->loop->wake(*w);
      }
      return true;
    }
    template <class P> void await_suspend(std::coroutine_handle<P> h) {
      ch_.receivers_.push_back(*this);
      arm(detail::current_loop("rt::Channel::receive"), h,
          detail::ambient_token(h));
    }
    std::optional<T> await_resume() {
      throw_if_cancelled();
      return std::move(value_);
    }

  private:
    friend class Channel;
    bool withdraw() noexcept override {
      if (queue != &ch_.receivers_)
        return false;
      queue->remove(*this);
      return true;
    }
    Channel &ch_;
    std::optional<T> value_;
  };

  std::size_t capacity_;
  std::size_t peak_ = 0;
  bool closed_ = false;
  std::deque<T> buffer_;
  detail::WaitQueue senders_;
  detail::WaitQueue receivers_;
};

} // namespace rt
