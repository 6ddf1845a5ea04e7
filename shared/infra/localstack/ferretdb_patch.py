"""A one-line fix to FerretDB 1.24's SQLite indexes, applied to a copy of its module
before the local binary is built.

FerretDB 1.24 writes an index on field `_id` as the expression `_ferretdb_sjson->"_id"`,
while every lookup by `_id` (find, update, delete) asks for `_ferretdb_sjson->'$._id'`.
SQLite uses an expression index only for the identical expression, so no lookup ever used
the index: each scanned the whole collection (measured: an update cost 1.4 ms with 400
documents and 7.8 ms with 5,000). The fix writes index expressions the way the queries
ask for them. Only the copy used for the local binary changes, never the module cache.
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

from shared.infra.localstack.build import BuildError

MODULE = "github.com/FerretDB/FerretDB"
PATCHED_FILE = Path("internal/backends/sqlite/metadata/registry.go")
ORIGINAL = 'fields[j] = fmt.Sprintf("%q", f)'
PATCHED = "fields[j] = fmt.Sprintf(\"'$.%s'\", strings.ReplaceAll(f, \"'\", \"''\"))"


def patched_module(source_dir: Path, into: Path, env: dict[str, str]) -> Path:
    """Copy the FerretDB module that `source_dir`'s go.mod pins into `into`, patched;
    return the copy's path."""
    download = subprocess.run(["go", "mod", "download", "-json", MODULE], cwd=source_dir,
                              env=env, capture_output=True, text=True)
    if download.returncode != 0:
        raise BuildError(f"go mod download {MODULE} failed:\n{download.stderr[-2000:]}")
    module_dir = Path(json.loads(download.stdout)["Dir"])
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(module_dir, into)
    for path in into.rglob("*"):  # the module cache is read-only
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    target = into / PATCHED_FILE
    text = target.read_text()
    if text.count(ORIGINAL) != 1:
        raise BuildError(f"{target}: the line to patch ({ORIGINAL}) was not found once; "
                         "the pinned FerretDB version changed, so review the patch")
    target.write_text(text.replace(ORIGINAL, PATCHED))
    return into
