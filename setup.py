"""pip install . --no-build-isolation: the Python module `wiretrace`, built by CMake.

The extension is the CMake target wiretrace_python (python/CMakeLists.txt), built for the
interpreter running pip; its dependencies are Debian packages (scripts/install-deps.sh),
pybind11 among them (pybind11-dev: CMake files, no Python package needed). The version is
project()'s in CMakeLists.txt. WIRETRACE_CMAKE_BUILD_DIR reuses a configured build tree
(the test in python/tests/ does, to skip a second full compile); by default a fresh one is
made under build_temp.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(wiretrace VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = os.environ.get("WIRETRACE_CMAKE_BUILD_DIR") or os.path.join(self.build_temp, "cmake")
        os.makedirs(build, exist_ok=True)
        if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
            subprocess.run(
                ["cmake", "-S", str(ROOT), "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                 "-DWIRETRACE_BUILD_TESTS=OFF", "-DWIRETRACE_BUILD_BENCH=OFF", "-DWIRETRACE_BUILD_TOOLS=OFF",
                 "-DWIRETRACE_INSTALL=OFF", "-DWIRETRACE_BUILD_PYTHON=ON",
                 f"-DPython3_EXECUTABLE={sys.executable}"],
                check=True)
        jobs = os.environ.get("JOBS", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", build, "--target", "wiretrace_python", "-j", jobs], check=True)
        built = next(pathlib.Path(build, "python", "wiretrace").glob("_wiretrace*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="wiretrace",
    version=version(),
    description="Near-duplicate and syndication detection for news (MinHash/LSH clustering, provenance)",
    packages=["wiretrace"],
    package_dir={"": "python"},
    ext_modules=[Extension("wiretrace._wiretrace", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Not build/ itself: that is the CMake build tree of `make build`.
    options={"build": {"build_base": "build/setuptools"}},
    python_requires=">=3.9",
)
