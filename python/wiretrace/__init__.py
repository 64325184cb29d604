"""wiretrace: near-duplicate and syndication detection for news.

The jobs of the command-line tools, from Python::

    import wiretrace
    rows = wiretrace.cluster([{"id": 1, "text": "..."}, {"id": 2, "text": "..."}], threads=2)
    rows = wiretrace.cluster(["data/sample.jsonl"])       # or paths, as `wiretrace cluster` takes them
    prov = wiretrace.provenance(["data/sample.jsonl"])
    kept, dups = wiretrace.dedupe(records, store="nightly.db")

``records`` is an iterable of dicts (records with the CLI's fields: id, text, title, source,
published, url; other schemas through ``id_field=`` and friends) or of paths (str or
os.PathLike: JSONL, CSV/TSV, WARC, HTML, directories), not a mix. Results are lists of dicts
with the keys and values of the CLI's JSON lines, in input order. Options are keyword
arguments named like the CLI's flags, dashes as underscores (``threads=2``, ``jaccard=0.5``,
``no_boilerplate=True``, ``k=4``); they are parsed by the CLI's own flag definitions, so a bad
one raises ValueError with the CLI's message. Bad records are skipped and reported as
``InputWarning`` ("<records>:N: error: ...", N the record's position, 1-based);
``strict=True`` turns them into an ``InputError``, as does an input that cannot be read.
The engine runs with the GIL released, on ``threads`` cores (default: all).
"""

import datetime as _datetime
import json as _json
import os as _os
import warnings as _warnings

from . import _wiretrace

__version__ = _wiretrace.__version__
__all__ = ["cluster", "provenance", "dedupe", "InputError", "InputWarning", "__version__"]


class InputError(Exception):
    """An input could not be read, or ``strict=True`` met a bad record (the CLI's exit code 2)."""


class InputWarning(UserWarning):
    """A bad record (skipped) or a warning about a kept one, with its file and line."""


def _json_default(value):
    # A datetime or date as `published` becomes ISO 8601, which the engine reads.
    if isinstance(value, (_datetime.datetime, _datetime.date)):
        return value.isoformat()
    raise TypeError(f"a record value of type {type(value).__name__} is not JSON")


def _inputs(records):
    """(input names, JSON lines of the dicts or None) for the CLI's INPUT..."""
    if isinstance(records, (str, bytes, _os.PathLike, dict)):
        records = [records]
    paths, lines = [], []
    for record in records:
        if isinstance(record, dict):
            lines.append(_json.dumps(record, ensure_ascii=False, default=_json_default))
        elif isinstance(record, (str, _os.PathLike)):
            path = _os.fspath(record)
            # Not to be taken for a flag: the CLI's INPUT follows the options.
            paths.append(_os.path.join(".", path) if path.startswith("-") and path != "-" else path)
        else:
            raise TypeError(f"a record must be a dict or a path, not {type(record).__name__}")
    if paths and lines:
        raise TypeError("records must be all dicts or all paths")
    if lines:
        return [_wiretrace.RECORDS_NAME], ("\n".join(lines) + "\n").encode("utf-8")
    if not paths:
        raise ValueError("no records")
    return paths, None


def _argv(options):
    """The CLI's flags for keyword arguments: threads=2 -> --threads 2, strict=True -> --strict."""
    argv = []
    for key, value in options.items():
        flag = ("-" if len(key) == 1 else "--") + key.replace("_", "-")
        if value is True:
            argv.append(flag)
        elif value is False or value is None:
            continue
        else:
            argv += [flag, _os.fspath(value) if isinstance(value, _os.PathLike) else str(value)]
    return argv


def _run(job, records, options):
    names, lines = _inputs(records)
    result = _wiretrace.run(job, _argv(options) + names, lines)
    for file, line, severity, message in result["problems"]:
        _warnings.warn(f"{file}:{line}: {severity}: {message}", InputWarning, stacklevel=3)
    if result["error"] == 1:
        raise ValueError(result["message"])
    if result["error"] != 0:
        raise InputError(result["message"])
    return result


def _rows(text):
    return [_json.loads(line) for line in text.decode("utf-8").splitlines()]


def cluster(records, **options):
    """`wiretrace cluster`: one dict per good input record, in input order, with id, cluster,
    cluster_size, representative, jaccard and containment (as the CLI writes them, 4 decimals)."""
    return _rows(_run("cluster", records, options)["output"])


def provenance(records, **options):
    """`wiretrace-provenance`: one dict per document in a cluster of two or more (or with a parent
    in another cluster), with id, cluster, parents, root, credits and passages
    (docs/provenance.md). Options: the cluster options and near_tie, min_added_share,
    min_share, clusters (an earlier cluster run's output file)."""
    return _rows(_run("provenance", records, options)["output"])


def dedupe(records, store, **options):
    """`wiretrace dedupe --store STORE`: returns (kept, duplicates). kept: the records that copy
    nothing earlier (in the store or earlier in this batch), as given, in input order;
    duplicates: one dict per copy with id, duplicate_of, duplicate_of_batch, cluster, scores and
    rule. The batch is committed to the store before this returns; calling it again with the
    same records and options replays the batch: the same results, the store unchanged."""
    result = _run("dedupe", records, dict(options, store=store))
    return _rows(result["kept"]), _rows(result["output"])
