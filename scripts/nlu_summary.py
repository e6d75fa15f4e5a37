"""Print intent macro-F1 and a confusion summary from `rasa test nlu` output."""

import json
import sys
from pathlib import Path


def main(out: Path) -> None:
    report = json.loads((out / "intent_report.json").read_text())
    intents = {
        name: scores
        for name, scores in report.items()
        if isinstance(scores, dict)
        and "f1-score" in scores
        and "avg" not in name
        and name != "accuracy"
    }
    print(
        f"{'intent':22} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}"
        "  confused with"
    )
    for name, scores in sorted(intents.items(), key=lambda item: item[1]["f1-score"]):
        confused = scores.get("confused_with", {})
        top = ", ".join(
            f"{other} ({count})" for other, count in list(confused.items())[:2]
        )
        print(
            f"{name:22} {scores['precision']:9.3f} {scores['recall']:7.3f} "
            f"{scores['f1-score']:6.3f} {scores['support']:4d}  {top}"
        )
    macro = report["macro avg"]["f1-score"]
    print(f"\nintent macro-F1 {macro:.3f}  accuracy {report['accuracy']:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
