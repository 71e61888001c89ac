//===--- StreamReadsTest.cpp - reading a whole stream into memory ---------===//

#include "analysis/StreamReads.h"
#include "ParsedCode.h"
#include "clang/AST/StmtCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::async;
using asynclint::test::Parsed;

namespace {

/// Enough of <istream>, <fstream>, <sstream> and <iterator> for the
/// questions: the tests parse without the standard library.
constexpr llvm::StringRef Streams = R"(
  namespace std {
  struct string { string(); template <class I> string(I, I); };
  template <class T> struct vector { void push_back(T); };
  template <class C> struct basic_istream {
    basic_istream &operator>>(int &);
    explicit operator bool() const;
  };
  using istream = basic_istream<char>;
  template <class C> struct basic_ifstream : basic_istream<C> {};
  using ifstream = basic_ifstream<char>;
  template <class C> struct basic_istringstream : basic_istream<C> {};
  using istringstream = basic_istringstream<char>;
  template <class C> basic_istream<C> &getline(basic_istream<C> &, string &);
  template <class C> struct istreambuf_iterator {
    istreambuf_iterator();
    istreambuf_iterator(basic_istream<C> &);
  };
  } // namespace std
)";

/// The first loop of the function named \p Name.
const Stmt *firstLoop(Parsed &P, llvm::StringRef Name) {
  auto Found =
      match(stmt(anyOf(forStmt(), whileStmt()),
                 hasAncestor(functionDecl(hasName(Name))))
                .bind("loop"),
            P.context());
  return Found.empty() ? nullptr : Found.front().getNodeAs<Stmt>("loop");
}

/// The statement that declares the local named \p Name.
const Stmt *declaration(Parsed &P, llvm::StringRef Name) {
  auto Found = match(declStmt(has(varDecl(hasName(Name)))).bind("d"),
                     P.context());
  return Found.empty() ? nullptr : Found.front().getNodeAs<Stmt>("d");
}

TEST(StreamReads, AGetlineLoopAppendingEveryLineFillsItsContainer) {
  Parsed P((Streams + R"(
    void load(std::ifstream &file) {
      std::vector<std::string> lines;
      std::string line;
      while (std::getline(file, line)) lines.push_back(line);
    }
  )").str());
  const Stmt *Loop = firstLoop(P, "load");
  ASSERT_NE(Loop, nullptr);
  EXPECT_EQ(readLoopTarget(Loop, P.context()), P.var("lines"));
  EXPECT_NE(streamRead(Loop), nullptr);
}

TEST(StreamReads, AStringStreamIsAlreadyInMemory) {
  Parsed P((Streams + R"(
    void split(std::istringstream &text) {
      std::vector<std::string> words;
      std::string word;
      while (std::getline(text, word)) words.push_back(word);
    }
  )").str());
  const Stmt *Loop = firstLoop(P, "split");
  ASSERT_NE(Loop, nullptr);
  EXPECT_EQ(readLoopTarget(Loop, P.context()), nullptr);
}

TEST(StreamReads, ALoopThatStopsAtAConstantCountIsBounded) {
  Parsed P((Streams + R"(
    void head(std::ifstream &file) {
      std::vector<std::string> lines;
      std::string line;
      for (int n = 0; n < 10 && std::getline(file, line); ++n)
        lines.push_back(line);
    }
  )").str());
  const Stmt *Loop = firstLoop(P, "head");
  ASSERT_NE(Loop, nullptr);
  EXPECT_EQ(readLoopTarget(Loop, P.context()), nullptr);
}

TEST(StreamReads, AStreambufRangeTakesTheWholeContentInOneStatement) {
  Parsed P((Streams + R"(
    void slurp(std::ifstream &file, std::istringstream &text) {
      std::string all{std::istreambuf_iterator<char>(file),
                      std::istreambuf_iterator<char>()};
      std::string copy{std::istreambuf_iterator<char>(text),
                       std::istreambuf_iterator<char>()};
    }
  )").str());
  const Stmt *All = declaration(P, "all");
  const Stmt *Copy = declaration(P, "copy");
  ASSERT_NE(All, nullptr);
  ASSERT_NE(Copy, nullptr);
  EXPECT_EQ(wholeReadTarget(All), P.var("all"));
  EXPECT_EQ(wholeReadTarget(Copy), nullptr);
}

TEST(StreamReads, ALoaderReturnsTheLocalItFilledFromTheStream) {
  Parsed P((Streams + R"(
    std::vector<std::string> load_all(std::ifstream &file) {
      std::vector<std::string> lines;
      std::string line;
      while (std::getline(file, line)) lines.push_back(line);
      return lines;
    }
    std::vector<std::string> first_only(std::ifstream &file) {
      std::vector<std::string> lines, kept;
      std::string line;
      while (std::getline(file, line)) lines.push_back(line);
      return kept;
    }
  )").str());
  EXPECT_TRUE(loadsWholeStream(P.function("load_all"), P.context()));
  EXPECT_FALSE(loadsWholeStream(P.function("first_only"), P.context()));
}

} // namespace
