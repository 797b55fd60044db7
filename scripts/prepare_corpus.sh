#!/usr/bin/env bash
# Builds the training corpus for SpecScope's demo language models from freely
# licensed text shipped in Debian packages:
#
#   python3-doc      Python documentation, reStructuredText sources (PSF-2.0)
#   bible-kjv-text   King James Bible, 1611 (public domain); read with the
#                    `bible` program of bible-kjv, the data file is compressed
#   gnu-standards    GNU Coding Standards and GNU Maintainers Information
#                    (GFDL-1.3+, no invariant sections)
#
# Output (corpus/ is gitignored):
#   corpus/corpus.txt    training text, UTF-8: documents separated by a blank line
#   corpus/valid.txt     held-out documents (~2 % of each source's bytes, whole documents)
#   corpus/SOURCES.json  packages, exact installed versions, licences, byte counts
#
#   scripts/prepare_corpus.sh [OUT_DIR]      (default: <repo>/corpus)
#
# Environment: CORPUS_SEED (default 1234), CORPUS_MAX_SHARE (default 0.5: no
# source may be more than this share of the whole corpus), CORPUS_VALID_SHARE
# (default 0.02).
#
# The output depends only on the package versions and these settings: the
# shuffle and the split order documents by a SHA-256 of the seed and the
# document's name, not by a random generator or by file system order.
set -euo pipefail

cd "$(dirname "$0")/.."
out_dir="${1:-corpus}"

# --- 1. Debian packages (only the missing ones are installed) ---
# bible-kjv brings the `bible` reader: bible-kjv-text alone is only a
# compressed data file with no plain-text copy.
packages=(python3-doc bible-kjv-text bible-kjv gnu-standards python3)
source scripts/lib/apt_install_missing.sh
apt_install_missing "${packages[@]}"

# --- 2. extract, clean, shuffle, split, write ---
mkdir -p "$out_dir"
CORPUS_OUT="$out_dir" exec python3 - <<'PY'
import glob, gzip, hashlib, json, os, re, subprocess, sys

OUT = os.environ["CORPUS_OUT"]
SEED = os.environ.get("CORPUS_SEED", "1234")
MAX_SHARE = float(os.environ.get("CORPUS_MAX_SHARE", "0.5"))
VALID_SHARE = float(os.environ.get("CORPUS_VALID_SHARE", "0.02"))


def die(msg):
    sys.exit("prepare_corpus: " + msg)


def version(pkg):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], check=True,
                          capture_output=True, text=True).stdout.strip()


def package_files(pkg):
    return subprocess.run(["dpkg", "-L", pkg], check=True, capture_output=True, text=True).stdout.split("\n")


def key(*parts):
    """Deterministic sort key: independent of Python's hash seed and random module."""
    return hashlib.sha256("\0".join((SEED,) + parts).encode()).hexdigest()


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text):
    """Unix newlines, no control characters other than tab/newline, no trailing
    spaces, at most one blank line in a row (a blank line separates documents,
    so runs of them carry nothing), no leading/trailing blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


# ---- python3-doc: the reST sources Sphinx keeps next to the HTML ----
def python_docs():
    # python3-doc is a dependency package; the text is in python3.X-doc.
    dep = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "python3-doc"], check=True,
                         capture_output=True, text=True).stdout
    real = re.match(r"\s*([a-z0-9.+-]+)", dep)
    if not real:
        die("cannot tell which package python3-doc depends on: " + dep)
    real = real.group(1)
    roots = sorted({p[: p.index("/_sources/") + len("/_sources")] for p in package_files(real) if "/_sources/" in p})
    if len(roots) != 1:
        die("expected one _sources folder in %s, found %r" % (real, roots))
    docs = []
    for path in sorted(glob.glob(roots[0] + "/**/*.txt", recursive=True)):
        with open(path, encoding="utf-8") as f:
            docs.append((os.path.relpath(path, roots[0]), clean(f.read())))
    return {"name": "python-docs", "packages": ["python3-doc", real],
            "licence": "PSF-2.0", "files": [roots[0] + "/**/*.rst.txt"], "docs": docs}


# ---- bible-kjv-text: one document per chapter ----
def bible():
    out = subprocess.run(["bible", "-l100000", "gen1:1-rev22:21"], check=True, capture_output=True,
                         stdin=subprocess.DEVNULL).stdout.decode("utf-8")
    docs, title, verses = [], None, []
    heading = re.compile(r"^([1-3] )?[A-Z][A-Za-z ]+ \d+$")
    verse = re.compile(r"^ *(\d+) (.*)$")
    for line in out.split("\n"):
        if not line.strip():
            continue
        if heading.match(line):
            if title:
                docs.append((title, title + "\n\n" + "\n".join(verses)))
            title, verses = line, []
        elif verse.match(line) and title:
            m = verse.match(line)
            verses.append(m.group(1) + " " + m.group(2))
        else:
            die("unexpected line in the output of `bible`: " + line[:80])
    if title:
        docs.append((title, title + "\n\n" + "\n".join(verses)))
    if len(docs) != 1189:
        die("expected the 1189 chapters of the KJV from `bible`, got %d" % len(docs))
    return {"name": "bible-kjv", "packages": ["bible-kjv-text", "bible-kjv"],
            "licence": "public domain (KJV, 1611)", "files": ["/usr/lib/bible.data (via `bible`)"],
            "docs": [(t, clean(d)) for t, d in docs]}


# ---- gnu-standards: the makeinfo plain-text manuals, one document per section ----
def gnu_standards():
    underline = re.compile(r"^(\*{3,}|={3,})$")  # chapters (*) and sections (=); subsections stay inside
    files = [p for p in package_files("gnu-standards") if p.endswith(".text.gz")]
    if not files:
        die("gnu-standards has no .text.gz manuals")
    docs = []
    for path in sorted(files):
        lines = gzip.open(path, "rt", encoding="utf-8").read().split("\n")
        starts = [i - 1 for i in range(1, len(lines)) if underline.match(lines[i]) and lines[i - 1].strip()
                  and len(lines[i]) == len(lines[i - 1])]
        # Text before the first heading is the table of contents: left out.
        for a, b in zip(starts, starts[1:] + [len(lines)]):
            title = lines[a].strip()
            if title == "Index":  # "* term: Node. (line N)" lists, not prose
                continue
            docs.append((os.path.basename(path) + ": " + title, clean("\n".join(lines[a:b]))))
    return {"name": "gnu-standards", "packages": ["gnu-standards"],
            "licence": "GFDL-1.3-or-later (no invariant sections)", "files": sorted(files), "docs": docs}


sources = [python_docs(), bible(), gnu_standards()]

# Exact duplicates (the GFDL appendix of both GNU manuals) are kept once, so
# the held-out split cannot hold a copy of a training document.
seen = set()
for s in sources:
    kept = []
    for name, text in s["docs"]:
        h = hashlib.sha256(text.encode()).digest()
        if text and h not in seen:
            seen.add(h)
            kept.append((name, text))
    s["docs"] = kept
    s["bytes_available"] = sum(len(t.encode()) + 2 for _, t in kept)

# Cap: a source may hold at most MAX_SHARE of the corpus, i.e. at most
# MAX_SHARE / (1 - MAX_SHARE) times what all other sources bring together.
# The documents a capped source keeps are a seeded random subset.
for s in sources:
    others = sum(o["bytes_available"] for o in sources if o is not s)
    s["cap"] = int(others * MAX_SHARE / (1 - MAX_SHARE)) if MAX_SHARE < 1 else None
for s in sources:
    order = sorted(s["docs"], key=lambda d: key(s["name"], d[0]))
    if s["cap"] is not None and s["bytes_available"] > s["cap"]:
        kept, used = [], 0
        for d in order:
            n = len(d[1].encode()) + 2
            if used + n <= s["cap"]:
                kept.append(d)
                used += n
        order = kept
    s["used"] = order

# Held-out split: per source, whole documents in seeded order until they make
# up VALID_SHARE of that source's bytes, so valid.txt mixes the sources as the
# training text does.
train, valid = [], []
for s in sources:
    total = sum(len(t.encode()) + 2 for _, t in s["used"])
    v_bytes = 0
    s["train_docs"] = s["valid_docs"] = s["train_bytes"] = s["valid_bytes"] = 0
    for name, text in sorted(s["used"], key=lambda d: key("valid", s["name"], d[0])):
        n = len(text.encode()) + 2
        item = (key("shuffle", s["name"], name), text)
        if v_bytes < VALID_SHARE * total:
            valid.append(item); v_bytes += n
            s["valid_docs"] += 1; s["valid_bytes"] += n
        else:
            train.append(item)
            s["train_docs"] += 1; s["train_bytes"] += n


def write(path, items):
    data = "\n\n".join(t for _, t in sorted(items)) + "\n"
    raw = data.encode("utf-8")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(raw)
    os.replace(tmp, path)
    return len(raw), hashlib.sha256(raw).hexdigest()


train_bytes, train_sha = write(os.path.join(OUT, "corpus.txt"), train)
valid_bytes, valid_sha = write(os.path.join(OUT, "valid.txt"), valid)

manifest = {
    "description": "SpecScope demo-model corpus, built by scripts/prepare_corpus.sh",
    "seed": SEED, "max_share": MAX_SHARE, "valid_share": VALID_SHARE,
    "files": {
        "corpus.txt": {"bytes": train_bytes, "documents": len(train), "sha256": train_sha},
        "valid.txt": {"bytes": valid_bytes, "documents": len(valid), "sha256": valid_sha},
    },
    "sources": [{
        "name": s["name"],
        "packages": [{"name": p, "version": version(p)} for p in s["packages"]],
        "licence": s["licence"],
        "files": s["files"],
        "documents_available": len(s["docs"]),
        "bytes_available": s["bytes_available"],
        "documents_train": s["train_docs"], "bytes_train": s["train_bytes"],
        "documents_valid": s["valid_docs"], "bytes_valid": s["valid_bytes"],
    } for s in sources],
}
tmp = os.path.join(OUT, "SOURCES.json.tmp")
with open(tmp, "w", encoding="utf-8") as f:
    json.dump(manifest, f, indent=2, ensure_ascii=False)
    f.write("\n")
os.replace(tmp, os.path.join(OUT, "SOURCES.json"))

grand = sum(s["train_bytes"] + s["valid_bytes"] for s in sources)
print("== corpus written to %s/" % OUT)
print("%-14s %-28s %8s %12s %7s %10s" % ("source", "package version", "docs", "bytes", "share", "valid"))
for s in sources:
    b = s["train_bytes"] + s["valid_bytes"]
    p = s["packages"][0]
    print("%-14s %-28s %8d %12d %6.1f%% %10d" % (s["name"], p + " " + version(p), s["train_docs"] + s["valid_docs"],
                                                 b, 100.0 * b / grand, s["valid_bytes"]))
print("corpus.txt %d bytes, %d documents; valid.txt %d bytes, %d documents" %
      (train_bytes, len(train), valid_bytes, len(valid)))
PY
