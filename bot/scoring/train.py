"""Train the text classifier: ``python -m bot.scoring.train --output build/scorer``.

Reads data/scoring/corpus/train.jsonl (never test.jsonl), holds out a few personas as
the dev set, writes DocBins of the masked replies (bot/scoring/delex.py) and runs
``spacy train`` with bot/scoring/textcat.cfg (fixed seed).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin

from bot.scoring import resources
from bot.scoring.corpus import read_jsonl
from bot.scoring.delex import masked_doc
from bot.scoring.tokens import normalise

logger = logging.getLogger(__name__)
LABELS = ("VALIDATING", "JUDGMENTAL")


def _in_dev(row: Dict[str, Any]) -> bool:
    unit = str(row.get("persona") or row.get("id") or row["reply"])
    return int(hashlib.sha1(unit.encode("utf-8")).hexdigest(), 16) % 10 == 0


def split(rows: Sequence[Dict[str, Any]]) -> Tuple[List[Any], List[Any]]:
    dev = [r for r in rows if _in_dev(r)]
    train = [r for r in rows if not _in_dev(r)]
    if not dev or not train:  # tiny corpora: every tenth row
        dev, train = list(rows[::10]), [r for i, r in enumerate(rows) if i % 10]
    return train, dev


def to_docbin(rows: Sequence[Dict[str, Any]], path: Path) -> None:
    nlp = spacy.blank("en")
    bin_ = DocBin(store_user_data=False)
    for row in rows:
        doc = masked_doc(nlp.make_doc(normalise(row["reply"])))
        doc.cats = {
            "VALIDATING": float(bool(row["validating"])),
            "JUDGMENTAL": float(bool(row["judgmental"])),
        }
        bin_.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("build/scorer"))
    parser.add_argument(
        "--corpus", type=Path, default=resources.CORPUS_DIR / "train.jsonl"
    )
    parser.add_argument("--config", type=Path, default=resources.CONFIG_PATH)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    if not args.corpus.is_file():
        logger.error("corpus not found: %s", args.corpus)
        return 2
    rows = read_jsonl(args.corpus)
    train, dev = split(rows)
    logger.info(
        "training on %d replies, dev %d (%s)", len(train), len(dev), args.corpus
    )
    to_docbin(train, args.output / "corpus" / "train.spacy")
    to_docbin(dev, args.output / "corpus" / "dev.spacy")
    overrides = {
        "paths.train": str(args.output / "corpus" / "train.spacy"),
        "paths.dev": str(args.output / "corpus" / "dev.spacy"),
    }
    spacy_train(args.config, args.output, use_gpu=-1, overrides=overrides)
    logger.info("model written to %s", args.output / "model-best")
    return 0


if __name__ == "__main__":
    sys.exit(main())
