#!/usr/bin/env python3
"""Checks the shape the house rules ask of the code: no function over
--max-function lines (default 120) and no file over --max-file lines (default
800) in the given folders (default src include tools), and in src/ no call of
the tokenizer outside the read stage's first step (src/internal/story_tokens.cc),
so that every part of wiretrace sees an article's tokens as the engine made them.

    python3 scripts/check_shape.py                 # from the repository root
    python3 scripts/check_shape.py --root DIR src  # another tree

Functions are found by Universal Ctags (package universal-ctags, installed by
scripts/install-deps.sh), which reads C++ well enough to give each function
definition its first and last line; a lambda counts as part of the function
that holds it. Prints one line per offence, `path:line: what`, and exits 1 when
there is any, 0 when there is none, 2 when ctags is missing or fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

SOURCE_SUFFIXES = (".cc", ".h", ".cpp", ".hpp")


def source_files(root, folders):
    for folder in folders:
        base = os.path.join(root, folder)
        if os.path.isfile(base):
            yield folder
            continue
        for dirpath, _, names in os.walk(base):
            for name in sorted(names):
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def long_functions(root, files, limit):
    ctags = shutil.which("ctags-universal") or shutil.which("universal-ctags") or shutil.which("ctags")
    if ctags is None:
        print("check_shape: ctags not found (install universal-ctags: bash scripts/install-deps.sh)", file=sys.stderr)
        sys.exit(2)
    cmd = [ctags, "--languages=C++", "--langmap=C++:+.h", "--kinds-C++=f", "--fields=+ne", "--extras=-F",
           "-o", "-"] + list(files)
    try:
        out = subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"check_shape: {' '.join(cmd[:3])} ... failed: {e}", file=sys.stderr)
        sys.exit(2)
    found = []
    for row in out.splitlines():
        cols = row.split("\t")
        if len(cols) < 4 or row.startswith("!_TAG_"):
            continue
        fields = dict(c.split(":", 1) for c in cols[3:] if ":" in c)
        if "line" not in fields or "end" not in fields:
            continue
        begin, end = int(fields["line"]), int(fields["end"])
        if end - begin + 1 > limit:
            found.append((cols[1], begin, f"function {cols[0]} is {end - begin + 1} lines (limit {limit})"))
    return found


# The files of src/ that may call Tokenize(): where it is defined, and the
# read stage's first step, which everything else goes through.
TOKENIZER_HOMES = ("src/normalize.cc", "src/internal/story_tokens.cc")
TOKENIZER_CALL = re.compile(r"(?<![\w:.>])(?:wiretrace::)?Tokenize\(")


def tokenizer_calls(root, files):
    found = []
    for path in files:
        if not path.startswith("src" + os.sep) or path in TOKENIZER_HOMES:
            continue
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if TOKENIZER_CALL.search(line.split("//", 1)[0]):
                    found.append((path, number, "calls the tokenizer (only src/internal/story_tokens.cc may)"))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", default=["src", "include", "tools"])
    parser.add_argument("--root", default=".", help="the tree the folders are in (default: here)")
    parser.add_argument("--max-function", type=int, default=120)
    parser.add_argument("--max-file", type=int, default=800)
    args = parser.parse_args()
    files = list(source_files(args.root, args.folders))
    offences = []
    for path in files:
        with open(os.path.join(args.root, path), "rb") as f:
            lines = f.read().count(b"\n")
        if lines > args.max_file:
            offences.append((path, 1, f"file is {lines} lines (limit {args.max_file})"))
    if files:
        offences += long_functions(args.root, files, args.max_function)
    offences += tokenizer_calls(args.root, files)
    for path, line, what in sorted(offences):
        print(f"{path}:{line}: {what}")
    print(f"check_shape: {len(files)} files, {len(offences)} over the limits", file=sys.stderr)
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
