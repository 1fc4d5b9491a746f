#!/usr/bin/env bash
# Side by side: pyvi's ViUtils.add_accents and kehoach's repair on the same
# stripped text (held-out gazette documents the shipped model never saw), scored
# with the same syllable metric. Prints both accuracies and throughputs.
#
#   benches/pyvi_compare.sh [LM_TEXT_DIR] [MAX_BYTES]
#
# Needs python3 with venv and network access to PyPI (pip install pyvi).
set -euo pipefail
cd "$(dirname "$0")/.."
LM_DIR="${1:-/work/shared/lm-text}"
MAX_BYTES="${2:-400000}"
TARGET="${CARGO_TARGET_DIR:-target}"
WORK="$TARGET/pyvi-compare"
VENV="$TARGET/pyvi-venv"
mkdir -p "$WORK"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet pyvi
fi

cargo build --quiet --release --example repair_bench
BENCH="$TARGET/release/examples/repair_bench"
"$BENCH" prepare "$LM_DIR" "$WORK" "$MAX_BYTES"

"$VENV/bin/python" - "$WORK" <<'PY'
import sys, time
from pyvi import ViUtils
work = sys.argv[1]
with open(f"{work}/stripped.txt", encoding="utf-8") as f:
    lines = f.read().split("\n")
ViUtils.add_accents("khoi dong")  # load the model outside the timing
failed = 0
def accents(line):
    # pyvi raises on some predicted label/letter pairs: then word by word, and a
    # word it cannot do is left as it is.
    global failed
    try:
        return ViUtils.add_accents(line)
    except Exception:
        failed += 1
        out = []
        for w in line.split(" "):
            try:
                out.append(ViUtils.add_accents(w))
            except Exception:
                out.append(w)
        return " ".join(out)
t0 = time.perf_counter()
out = [accents(l) if l.strip() else l for l in lines]
dt = time.perf_counter() - t0
out = [o.decode("utf-8") if isinstance(o, bytes) else str(o) for o in out]
text = "\n".join(out)
with open(f"{work}/pyvi.txt", "w", encoding="utf-8") as f:
    f.write(text)
size = sum(len(l.encode("utf-8")) + 1 for l in lines)
print(f"pyvi:    {size} bytes in {dt:.3f} s = {size / dt / 1e6:.3f} MB/s ({failed} lines it raised on, redone word by word)")
PY

"$BENCH" run "$WORK"
echo "--- accuracy (same text, same metric) ---"
"$BENCH" score "$WORK/truth.txt" "$WORK/stripped.txt"
"$BENCH" score "$WORK/truth.txt" "$WORK/pyvi.txt"
"$BENCH" score "$WORK/truth.txt" "$WORK/kehoach.txt"
