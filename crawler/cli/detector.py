"""`mimamori detector`: see how good the detector is, and retrain its learned layer from
reviewers' decisions."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from crawler.detect.evaluation import Evaluation, Tally
from storage.config import AppConfig

POSITIVE_CLASSES = (
    "ad_named",
    "undressing",
    "private_person",
    "lookalike",
    "minor",
    "price_form",
    "name_form",
)


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def scores_table(title: str, evaluations: dict[str, Evaluation]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for name in ("precision", "recall", "people-recall", "minor-recall", "rows"):
        table.add_column(name, justify="right")
    for label, evaluation in evaluations.items():
        t = evaluation.overall
        table.add_row(
            label,
            _fmt(t.precision),
            _fmt(t.recall),
            _fmt(t.people_recall),
            _fmt(t.minor_recall),
            str(t.rows),
        )
    return table


def class_table(evaluation: Evaluation) -> Table:
    """Per class: recall for the positive classes, the share kept unflagged for negatives."""
    table = Table(title="per class", title_justify="left")
    for name in ("class", "rows", "flagged right", "people found", "minor found"):
        table.add_column(name, justify="right" if name != "class" else "left")
    for cls in sorted(evaluation.by_class, key=lambda c: (c not in POSITIVE_CLASSES, c)):
        t: Tally = evaluation.by_class[cls]
        right = (t.tp + t.tn) / t.rows if t.rows else 1.0
        table.add_row(
            cls,
            str(t.rows),
            _fmt(right),
            f"{t.people_found}/{t.people_gold}",
            f"{t.minor_found}/{t.minor_gold}" if t.minor_gold else "-",
        )
    return table


def _model_option(cfg: AppConfig, model: str | None, rules_only: bool):  # type: ignore[no-untyped-def]
    from crawler.detect.learned import ModelFileError, active_model, load_model

    if rules_only:
        return None, "word rules only"
    try:
        if model is None:
            return active_model(cfg.data_dir)
        if model == "shipped":
            return load_model(None), "shipped"
        return load_model(model), model
    except ModelFileError as exc:
        raise click.ClickException(str(exc)) from exc


MIN_PRECISION_OPTION = click.option(
    "--min-precision",
    type=click.FloatRange(0.5, 1.0),
    default=None,
    show_default="0.9825",
    help="The threshold is the lowest whose cross-validated precision reaches this.",
)


@click.group("detector")
def detector_group() -> None:
    """Measure the detector and retrain its learned layer.

    The detector is word rules (crawler/detect/signals/*.yaml) plus a learned layer (a
    logistic regression over character n-grams and the rules' evidence). The learned layer
    only adds flags; a word about minors next to a sexual, undressing or photo-request word
    always flags.
    """


@detector_group.command("evaluate")
@click.option(
    "--split",
    "splits",
    multiple=True,
    default=("holdout",),
    show_default=True,
    help="Shipped labelled split(s) to score on: holdout, dev, train, train2, ...",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score on your own JSON lines (id, text, label, people, minor) instead.",
)
@click.option(
    "--watchlist",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Watchlist CSV for --corpus.",
)
@click.option(
    "--model",
    default=None,
    metavar="PATH|shipped",
    help="Model file to score (default: the one this data dir uses).",
)
@click.option("--rules-only", is_flag=True, help="Score the word rules without the learned layer.")
@click.option("--by-class", is_flag=True, help="Also print a table per class of post.")
@click.option(
    "--show-errors",
    is_flag=True,
    help="Print every mistake (never do this on the held-back split while writing rules).",
)
@click.pass_obj
def evaluate_cmd(
    cfg: AppConfig,
    splits: tuple[str, ...],
    corpus: Path | None,
    watchlist: Path | None,
    model: str | None,
    rules_only: bool,
    by_class: bool,
    show_errors: bool,
) -> None:
    """Precision, recall, people-recall and minor-recall on labelled posts."""
    from crawler.detect.detector import Detector
    from crawler.detect.evaluation import evaluate
    from crawler.detect.training import LabelledSet, load_split, read_jsonl
    from crawler.detect.watchlist import WatchlistError, load_watchlist_csv

    learned, source = _model_option(cfg, model, rules_only)
    try:
        if corpus is not None:
            if watchlist is None:
                raise click.UsageError("--corpus needs --watchlist (the people its ids refer to)")
            sets = [
                LabelledSet(
                    corpus.name, read_jsonl(corpus, corpus.stem), load_watchlist_csv(watchlist)
                )
            ]
        else:
            sets = [load_split(name) for name in splits]
    except (FileNotFoundError, ValueError, WatchlistError) as exc:
        raise click.ClickException(str(exc)) from exc
    console = Console()
    signals = Detector([], model=learned)
    results = {s.name: evaluate(signals.with_watchlist(s.watchlist), s.rows) for s in sets}
    console.print(scores_table(f"detector: {source}", results))
    for name, evaluation in results.items():
        if by_class and evaluation.by_class:
            console.print(f"[bold]{name}[/bold]")
            console.print(class_table(evaluation))
        if show_errors:
            for line in evaluation.mistakes:
                click.echo(f"  {line}")


@detector_group.command("train")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the model (the shipped one is crawler/detect/model/shipped.json).",
)
@MIN_PRECISION_OPTION
def train_cmd(output: Path, min_precision: float | None) -> None:
    """Fit the learned layer on the shipped labelled splits only (no store), e.g. to rebuild
    the shipped model after the signal files changed."""
    from crawler.detect.detector import Detector
    from crawler.detect.training import DEFAULT_MIN_PRECISION, shipped_sets, train

    with Console().status("training on the shipped labelled splits"):
        model, report = train(
            shipped_sets(),
            min_precision=min_precision or DEFAULT_MIN_PRECISION,
            signals_digest=Detector([], model=None).signals_digest,
        )
    model.save(output)
    click.echo(
        f"trained on {report.rows} rows ({report.positives} positive), {report.features} "
        f"features; threshold {report.threshold:.3f} (cross-validated precision "
        f"{report.cv_precision:.3f}, recall {report.cv_recall:.3f}) -> {output}"
    )
    if report.minor_threshold is not None:
        click.echo(
            f"minor check: threshold {report.minor_threshold:.3f} (cross-validated minor-recall "
            f"with the minor words {report.minor_cv_recall:.3f})"
        )
    else:
        click.echo("minor check: too few minor rows to fit one; the minor words alone decide")


@detector_group.command("retrain")
@MIN_PRECISION_OPTION
@click.option("--dry-run", is_flag=True, help="Train and compare, but install nothing.")
@click.pass_obj
def retrain_cmd(cfg: AppConfig, min_precision: float | None, dry_run: bool) -> None:
    """Train from reviewers' decisions plus the shipped data; install the new model only if
    it scores no worse than the current one on the held-back splits.

    Confirmed accounts teach what a storefront looks like, dismissed ones what it does not.
    The next crawl re-judges every account with the new model. Exits 1 when the new model
    is refused.
    """
    from crawler.detect.training import DEFAULT_MIN_PRECISION, HELD_BACK_SPLITS
    from crawler.flag.retrain import retrain
    from storage.audit import record
    from storage.db import open_database

    database = open_database(cfg)
    status = Console().status("training on the shipped data and the reviewers' decisions")
    with status, database.session() as session:
        outcome = retrain(
            session,
            cfg.data_dir,
            min_precision=min_precision or DEFAULT_MIN_PRECISION,
            dry_run=dry_run,
        )
    console = Console()
    console.print(
        f"trained on {outcome.report.rows} rows, {outcome.review_rows} of them reviewers' "
        f"decisions; threshold {outcome.report.threshold:.3f}"
    )
    console.print(
        scores_table(
            f"held-back splits ({', '.join(HELD_BACK_SPLITS)})",
            {f"current ({outcome.current_source})": outcome.current, "new": outcome.candidate},
        )
    )
    if dry_run:
        console.print(f"dry run: nothing installed ({outcome.verdict})")
        return
    if not outcome.installed:
        raise click.ClickException(f"the new model was not installed: {outcome.verdict}")
    with database.session() as session:
        record(
            session,
            user=None,
            action="detector.retrain",
            target_type="model",
            target_id=str(outcome.path),
            detail={
                "review_rows": outcome.review_rows,
                "rows": outcome.report.rows,
                "threshold": outcome.report.threshold,
                "holdout": outcome.candidate.overall.summary(),
                "previous_holdout": outcome.current.overall.summary(),
            },
        )
        session.commit()
    console.print(f"installed {outcome.path} ({outcome.verdict}); the next crawl uses it")


@detector_group.command("info")
@click.pass_obj
def info_cmd(cfg: AppConfig) -> None:
    """Which learned model this data dir uses, when it was trained and on what."""
    import json

    from crawler.detect.learned import ModelFileError, active_model

    try:
        model, source = active_model(cfg.data_dir)
    except ModelFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"model:      {source}")
    click.echo(f"threshold:  {model.threshold:.3f}")
    click.echo(f"features:   {len(model.weights)}")
    for key in ("trained", "scores"):
        if key in model.meta:
            click.echo(f"{key + ':':11} {json.dumps(model.meta[key], ensure_ascii=False)}")


def register(group: click.Group) -> None:
    group.add_command(detector_group)
