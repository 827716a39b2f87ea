"""Train, save and serve the churn model: the handbook's small production service.

The churn notebooks explore; this module is what would ship. It does three jobs:

* **Train** (:func:`train`): the shared preprocessing from ``churn_features``
  and a logistic regression in one scikit-learn ``Pipeline``, cross-validated,
  with a decision threshold chosen from the cost of each mistake and checked
  once on a held-out test set.
* **Save and load** (:func:`save_model`, :func:`load_model`): one joblib file
  holding the fitted pipeline *and* its metadata (version, snapshot date,
  features and their dtypes, library versions, metrics, threshold), plus the
  same metadata as a JSON file beside it, readable without unpickling.
* **Serve** (:func:`create_app`): a FastAPI app that validates every request
  against an explicit schema (types, ranges, allowed categories, no unknown
  fields) before the model sees it, and answers ``GET /health``,
  ``POST /predict`` and ``POST /predict/batch``.

From the command line (``--help`` for the options)::

    python examples/churn_service.py train --model-path .cache/models/churn-classifier.joblib
    python examples/churn_service.py serve --host 127.0.0.1 --port 8001

``serve`` trains and saves the model first if the file does not exist. ``make
serve-model`` runs it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import joblib
import numpy as np
import pandas as pd
import sklearn
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

import churn_data
import churn_features
from churn_data import SNAPSHOT_DATE

MODEL_NAME = "churn-classifier"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / ".cache" / "models" / f"{MODEL_NAME}.joblib"
"""Where ``make serve-model`` keeps the model: under .cache/, which git ignores."""

FEATURES = churn_features.NUMERIC_FEATURES + churn_features.CATEGORICAL_FEATURES

# The business case behind the threshold: a retention offer (a call and a
# discount) costs about $30; a customer who leaves unnoticed costs about $150
# of margin. Missing a churner is therefore five times worse than a wasted offer.
COST_MISSED_CHURNER = 5
COST_WASTED_OFFER = 1

SEED = 7
MAX_BATCH_SIZE = 1000

logger = logging.getLogger("churn_service")


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------


def build_pipeline() -> Pipeline:
    """The shared preprocessing followed by a logistic regression, unfitted."""
    return Pipeline(
        [
            ("preprocess", churn_features.build_preprocessor()),
            ("classifier", LogisticRegression(max_iter=1000)),
        ]
    )


def cost_minimizing_threshold(y_true: pd.Series, proba: np.ndarray) -> float:
    """The probability threshold with the lowest total cost of missed churners and wasted offers."""
    thresholds = np.round(np.arange(0.05, 0.951, 0.01), 2)
    y = np.asarray(y_true)
    costs = [
        COST_MISSED_CHURNER * np.sum((proba < t) & (y == 1)) + COST_WASTED_OFFER * np.sum((proba >= t) & (y == 0))
        for t in thresholds
    ]
    return float(thresholds[int(np.argmin(costs))])


def data_fingerprint(X: pd.DataFrame, y: pd.Series) -> str:
    """A short hash of the training rows: same data, same fingerprint."""
    hashed = pd.util.hash_pandas_object(pd.concat([X, y], axis=1), index=True).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()[:8]


def holdout_split(X: pd.DataFrame, y: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """The stratified 75/25 train/test split :func:`train` uses: ``X_train, X_test, y_train, y_test``."""
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=SEED)


@dataclass
class TrainedModel:
    pipeline: Pipeline
    metadata: dict


def train(X: pd.DataFrame, y: pd.Series, snapshot_date: str = SNAPSHOT_DATE) -> TrainedModel:
    """Fit the churn pipeline and describe it.

    A stratified quarter of the rows is held out as a test set. The threshold
    is chosen on out-of-fold predictions of the other three quarters (5-fold
    cross-validation), so the test set is touched once, to report the metrics
    the model ships with. The returned pipeline is fitted on the training
    three quarters: the model that was tested is the model that ships.
    """
    X = X[FEATURES]
    X_train, X_test, y_train, y_test = holdout_split(X, y)
    pipeline = build_pipeline()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    # A few thousand rows gain nothing from multithreaded BLAS, and on a
    # machine whose cores are shared the threads fight: one thread is 5x faster there.
    with threadpool_limits(limits=1):
        oof_proba = cross_val_predict(pipeline, X_train, y_train, cv=folds, method="predict_proba")[:, 1]
        pipeline.fit(X_train, y_train)
    threshold = cost_minimizing_threshold(y_train, oof_proba)

    test_proba = pipeline.predict_proba(X_test)[:, 1]
    test_decision = test_proba >= threshold

    fingerprint = data_fingerprint(X, y)
    metadata = {
        "model_name": MODEL_NAME,
        "model_version": f"{snapshot_date}.{fingerprint}",
        "snapshot_date": snapshot_date,
        "training_rows": len(X_train),
        "training_churn_rate": round(float(y_train.mean()), 4),
        "data_fingerprint": fingerprint,
        "features": {name: str(X[name].dtype) for name in FEATURES},
        "categories": {name: sorted(X_train[name].dropna().unique().tolist()) for name in churn_features.CATEGORICAL_FEATURES},
        "threshold": threshold,
        "threshold_rule": (
            f"minimizes {COST_MISSED_CHURNER} x missed churners + {COST_WASTED_OFFER} x wasted offers "
            "on out-of-fold training predictions"
        ),
        "metrics": {
            "cv_roc_auc": round(float(roc_auc_score(y_train, oof_proba)), 4),
            "test_roc_auc": round(float(roc_auc_score(y_test, test_proba)), 4),
            "test_recall": round(float(recall_score(y_test, test_decision)), 4),
            "test_precision": round(float(precision_score(y_test, test_decision)), 4),
            "test_rows": len(X_test),
        },
        "library_versions": library_versions(),
    }
    return TrainedModel(pipeline, metadata)


def library_versions() -> dict[str, str]:
    """The versions a pickled pipeline depends on."""
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "joblib": joblib.__version__,
    }


# --------------------------------------------------------------------------
# Saving and loading
# --------------------------------------------------------------------------


def save_model(model: TrainedModel, path: str | Path) -> Path:
    """Write the pipeline and metadata to ``path`` (joblib) and the metadata to ``path`` with ``.json``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"pipeline": model.pipeline, "metadata": model.metadata}, path)
    path.with_suffix(".json").write_text(json.dumps(model.metadata, indent=2) + "\n", encoding="utf-8")
    return path


def load_model(path: str | Path) -> TrainedModel:
    """Load a model saved by :func:`save_model`, refusing one built with other library versions.

    joblib files are pickles: loading one can run code, so load only files
    you produced. A pickled pipeline also expects the library versions it was
    saved with; a mismatch raises ``RuntimeError`` naming them instead of
    serving predictions that may have silently changed.
    """
    bundle = joblib.load(path)
    metadata = bundle["metadata"]
    saved, running = metadata["library_versions"], library_versions()
    mismatched = {
        name: f"saved with {saved[name]}, running {running[name]}"
        for name in ("scikit-learn", "pandas", "numpy")
        if saved[name] != running[name]
    }
    if mismatched:
        raise RuntimeError(f"{path}: library versions differ from training: {mismatched}. Retrain the model.")
    return TrainedModel(bundle["pipeline"], metadata)


def predict_frame(model: TrainedModel, features: pd.DataFrame) -> pd.DataFrame:
    """Churn probability and decision for each row, with the model version; the index is kept.

    Batch scoring and the API both call this, so the two paths cannot drift apart.
    """
    features = features[list(model.metadata["features"])].astype(model.metadata["features"])
    proba = model.pipeline.predict_proba(features)[:, 1]
    return pd.DataFrame(
        {
            "churn_probability": proba,
            "will_churn": proba >= model.metadata["threshold"],
            "model_version": model.metadata["model_version"],
        },
        index=features.index,
    )


def records_from_frame(features: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (plain Python numbers, ``None`` for missing): request bodies for the API."""
    return features.astype(object).where(features.notna(), None).to_dict(orient="records")


def score_batch(model: TrainedModel, db_path: str | Path, as_of: str, started_at: str) -> pd.DataFrame:
    """The nightly batch job: score every customer active at the end of ``as_of``.

    Runs the training query as of ``as_of`` against the database, applies the
    same stateless cleaning, checks every row against the API's input
    contract (:class:`Customer`; a bad upstream load raises a
    ``ValidationError`` naming the row and field instead of producing
    plausible scores), and scores. Each output row carries ``customer_id``,
    the probability and decision, the model version, the date the features
    describe and the run's start time, so that a score can be traced and a
    rerun of the same night can replace its own output.
    """
    table = churn_features.clean(churn_data.load_modeling_table(db_path, as_of=as_of))
    features = table[list(model.metadata["features"])]
    TypeAdapter(list[Customer]).validate_python(records_from_frame(features))
    scores = predict_frame(model, features)
    scores["features_as_of"] = as_of
    scores["scored_at"] = pd.Timestamp(started_at)
    return scores.reset_index()


def train_and_save(
    path: str | Path = DEFAULT_MODEL_PATH,
    as_of: str = SNAPSHOT_DATE,
    n_customers: int = 6000,
    seed: int = SEED,
) -> TrainedModel:
    """Build the training data as of ``as_of``, train, and save to ``path``."""
    X, y = churn_features.load_dataset(as_of=as_of, n_customers=n_customers, seed=seed)
    model = train(X, y, snapshot_date=as_of)
    save_model(model, path)
    return model


# --------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------

Contract = Literal["Month-to-month", "One year", "Two year"]
PaymentMethod = Literal["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"]
InternetService = Literal["Fiber optic", "DSL", "No"]
Region = Literal["North", "South", "East", "West", "Central"]
YesNo = Literal["Yes", "No"]


class Customer(BaseModel):
    """One customer's features as of the scoring date: the API's input contract.

    Every field is required, so a client that misspells a name gets an error
    instead of a silently imputed value. Fields that are legitimately unknown
    for some customers (no tickets yet, fewer than four bills, a CRM gap) are
    nullable: send ``null``, and the pipeline imputes them as in training.
    Types are strict: ``"12"`` is not accepted where a number is expected.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    tenure_months: Annotated[int, Field(ge=0, le=600, description="Whole months since sign-up.")]
    senior_citizen: Annotated[int, Field(ge=0, le=1, description="1 for a senior citizen, else 0.")]
    monthly_charges: Annotated[float | None, Field(ge=0, le=1000, description="Plan price in dollars a month.")]
    late_payment_share: Annotated[float, Field(ge=0, le=1, description="Share of bills paid late.")]
    late_payments_6m: Annotated[int, Field(ge=0, le=6, description="Late payments in the last six bills.")]
    unpaid_balance: Annotated[float, Field(ge=0, description="Dollars billed and not yet paid.")]
    charge_trend: Annotated[
        float | None, Field(gt=0, le=10, description="Last bill over the mean of the three before; null if fewer.")
    ]
    tickets_total: Annotated[int, Field(ge=0, description="Support tickets since sign-up.")]
    tickets_90d: Annotated[int, Field(ge=0, description="Support tickets in the last 90 days.")]
    tech_tickets_90d: Annotated[int, Field(ge=0, description="Technical and outage tickets in the last 90 days.")]
    avg_hours_to_resolve: Annotated[float | None, Field(ge=0, description="Mean hours to resolve; null if none.")]
    days_since_last_ticket: Annotated[float | None, Field(ge=0, description="Days since the last ticket; null if none.")]
    contract: Contract
    payment_method: PaymentMethod | None
    internet_service: InternetService
    paperless_billing: YesNo
    partner: YesNo
    dependents: YesNo
    region: Region | None

    @model_validator(mode="after")
    def ticket_counts_are_consistent(self) -> Customer:
        if self.tech_tickets_90d > self.tickets_90d:
            raise ValueError("tech_tickets_90d cannot exceed tickets_90d")
        if self.tickets_90d > self.tickets_total:
            raise ValueError("tickets_90d cannot exceed tickets_total")
        return self


class Prediction(BaseModel):
    churn_probability: float = Field(description="Estimated probability of cancelling in the next 90 days.")
    will_churn: bool = Field(description="churn_probability at or above the model's decision threshold.")


class PredictionResponse(Prediction):
    threshold: float
    model_version: str


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customers: list[Customer] = Field(min_length=1, max_length=MAX_BATCH_SIZE)


class BatchResponse(BaseModel):
    predictions: list[Prediction]
    threshold: float
    model_version: str


class Health(BaseModel):
    status: Literal["ok"]
    model_name: str
    model_version: str
    snapshot_date: str


def check_schema_matches(metadata: dict) -> None:
    """Fail at startup, not per request, if the API's contract and the model disagree."""
    fields = list(Customer.model_fields)
    if sorted(fields) != sorted(metadata["features"]):
        raise RuntimeError(
            f"API fields and model features differ: only in the API {sorted(set(fields) - set(metadata['features']))}, "
            f"only in the model {sorted(set(metadata['features']) - set(fields))}"
        )
    for name, seen in metadata["categories"].items():
        allowed = Customer.model_json_schema()["properties"][name]
        allowed = {v for option in allowed.get("anyOf", [allowed]) for v in option.get("enum", [])}
        if set(seen) != allowed:
            raise RuntimeError(f"{name}: the model was trained on {seen}, the API allows {sorted(allowed)}")


def to_frame(customers: list[Customer]) -> pd.DataFrame:
    """Validated requests as a DataFrame, one row per customer.

    :func:`predict_frame` then casts it to the training dtypes. The cast
    matters: it turns ``None`` into the ``NaN`` the fitted imputers were
    trained to fill. A ``None`` left in an object column would reach the
    one-hot encoder as an unknown category, a quiet training-serving skew.
    """
    return pd.DataFrame([customer.model_dump() for customer in customers])


def create_app(model_path: str | Path) -> FastAPI:
    """The churn prediction API for the model saved at ``model_path``.

    The model is loaded once, here, not per request; a missing file, a
    library mismatch or a schema that disagrees with the model fails now.
    """
    model = load_model(model_path)
    check_schema_matches(model.metadata)
    version = model.metadata["model_version"]
    threshold = model.metadata["threshold"]

    app = FastAPI(
        title="Churn prediction API",
        version=version,
        description="Probability that a customer cancels in the next 90 days. Synthetic data; a teaching example.",
    )

    def score(customers: list[Customer]) -> list[Prediction]:
        started = time.perf_counter()
        scored = predict_frame(model, to_frame(customers))
        # One line per call, with the version and the outputs: what monitoring reads later.
        logger.info(
            json.dumps(
                {
                    "model_version": version,
                    "rows": len(customers),
                    "mean_probability": round(float(scored["churn_probability"].mean()), 4),
                    "milliseconds": round(1000 * (time.perf_counter() - started), 2),
                }
            )
        )
        return [
            Prediction(churn_probability=float(row.churn_probability), will_churn=bool(row.will_churn))
            for row in scored.itertuples()
        ]

    @app.get("/health")
    def health() -> Health:
        return Health(
            status="ok",
            model_name=model.metadata["model_name"],
            model_version=version,
            snapshot_date=model.metadata["snapshot_date"],
        )

    @app.post("/predict")
    def predict(customer: Customer) -> PredictionResponse:
        [prediction] = score([customer])
        return PredictionResponse(**prediction.model_dump(), threshold=threshold, model_version=version)

    @app.post("/predict/batch")
    def predict_batch(request: BatchRequest) -> BatchResponse:
        return BatchResponse(predictions=score(request.customers), threshold=threshold, model_version=version)

    return app


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train, save and serve the handbook's churn model.")
    commands = parser.add_subparsers(dest="command", required=True)
    train_cmd = commands.add_parser("train", help="train on the synthetic data and save the model")
    serve_cmd = commands.add_parser("serve", help="serve the model with uvicorn (trains it first if missing)")
    for command in (train_cmd, serve_cmd):
        command.add_argument("--model-path", type=Path, default=DEFAULT_MODEL_PATH, help="default: %(default)s")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="default: %(default)s (this machine only)")
    serve_cmd.add_argument("--port", type=int, default=8001, help="default: %(default)s")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.command == "train" or not args.model_path.exists():
        logger.info("training the model into %s", args.model_path)
        model = train_and_save(args.model_path)
        logger.info("saved %s, test ROC-AUC %s", model.metadata["model_version"], model.metadata["metrics"]["test_roc_auc"])
    if args.command == "serve":
        import uvicorn

        uvicorn.run(create_app(args.model_path), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
