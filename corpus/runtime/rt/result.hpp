// rt::Result<T>: the outcome of one operation, a value or an exception.
#pragma once

#include <exception>
#include <string>
#include <utility>
#include <variant>

namespace rt {

namespace detail {
/// what() of the exception, or a placeholder for non-std exceptions.
inline std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception &e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}
} // namespace detail

template <class T> class Result {
public:
  explicit Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  /// `error` must not be null.
  explicit Result(std::exception_ptr error)
      : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  /// The value; rethrows the error if there is one.
  T &value() & { return check(), std::get<0>(state_); }
  const T &value() const & { return check(), std::get<0>(state_); }
  T &&value() && { return check(), std::get<0>(std::move(state_)); }
  /// The error, or null on success.
  std::exception_ptr error() const noexcept {
    return ok() ? nullptr : std::get<1>(state_);
  }
  /// what() of the error, or "" on success.
  std::string error_message() const {
    return ok() ? std::string{} : detail::describe(error());
  }

private:
  void check() const {
    if (!ok())
      std::rethrow_exception(std::get<1>(state_));
  }
  std::variant<T, std::exception_ptr> state_;
};

template <> class Result<void> {
public:
  Result() = default;
  explicit Result(std::exception_ptr error) : error_(std::move(error)) {}

  bool ok() const noexcept { return !error_; }
  void value() const {
    if (error_)
      std::rethrow_exception(error_);
  }
  std::exception_ptr error() const noexcept { return error_; }
  std::string error_message() const {
    return ok() ? std::string{} : detail::describe(error_);
  }

private:
  std::exception_ptr error_;
};

} // namespace rt
