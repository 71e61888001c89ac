# lit configuration for the whole asynclint test suite.
import os
import shutil

import lit.formats

config.name = "asynclint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "tools", "lit.cfg.py"]

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.environ.get("ASYNCLINT_BUILD_DIR", os.path.join(root, "build"))
llvm_bin = "/usr/lib/llvm-22/bin"

config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = os.path.join(build, "test")

config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, os.path.join(build, "bin"), config.environment.get("PATH", os.environ["PATH"])])
for var in ("HOME", "TMPDIR", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# The runners find the build under test the way this file does.
config.environment["ASYNCLINT_BUILD_DIR"] = build

cxx = os.path.join(llvm_bin, "clang++")
std_flags = "-std=c++20 -Wall -Wextra -pthread"
runtime_include = "-I" + os.path.join(root, "corpus", "runtime")
asio_flags = "-DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1"

config.substitutions.extend([
    ("%root", root),
    ("%build", build),
    ("%corpus", os.path.join(root, "corpus")),
    ("%inputs", os.path.join(config.test_source_root, "checks", "Inputs")),
    ("%cxxflags", f"{std_flags} {runtime_include}"),
    ("%asioflags", asio_flags),
    ("%cxx", cxx),
    ("%clang_format", os.path.join(llvm_bin, "clang-format") + " --style=file:" + os.path.join(root, ".clang-format")),
    ("%python", "/usr/bin/python3"),
    ("%expect_exit", "/usr/bin/python3 " + os.path.join(config.test_source_root, "tools", "expect_exit.py")),
    ("%prove_corpus", "/usr/bin/python3 " + os.path.join(config.test_source_root, "tools", "prove_corpus.py")),
    ("%plugin_vs_cli", "/usr/bin/python3 " + os.path.join(config.test_source_root, "tools", "plugin_vs_cli.py")),
    ("%plugin", os.path.join(build, "lib", "asynclint-clang.so")),
    ("%check_asynclint", "/usr/bin/python3 " + os.path.join(config.test_source_root, "tools", "check_asynclint.py")),
    ("%mockflags", "-std=c++20 -isystem " + os.path.join(config.test_source_root, "checks", "Inputs", "system") + " -I" + os.path.join(config.test_source_root, "checks", "Inputs")),
])

# Another Clang on the machine (Debian 12's default clang 14, say): the
# plugin must refuse it clearly rather than crash in it.
import glob
others = sorted(c for c in glob.glob("/usr/lib/llvm-*/bin/clang++") if "/llvm-22/" not in c)
if others:
    config.available_features.add("other-clang")
    config.substitutions.append(("%other_cxx", others[0]))

# Tools the integration tests drive, when this machine has them (the setup
# script installs them).
for tool, feature in (("pre-commit", "pre-commit"), ("distccd", "distcc")):
    if shutil.which(tool):
        config.available_features.add(feature)
