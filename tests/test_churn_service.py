"""examples/churn_service.py: the churn API, served for real by uvicorn and called over HTTP.

One server for the whole module: started in a subprocess on a free loopback
port (it trains its model into a temporary directory first), polled until
/health answers, and always stopped. Training plus startup takes a few
seconds, so the module is marked slow.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("churn_service")]

STARTUP_SECONDS = 90  # training on a busy CI machine can be slow; a healthy start takes a few seconds

# One real customer, as the feature pipeline delivers it: some fields are null.
VALID_CUSTOMER = {
    "tenure_months": 4,
    "senior_citizen": 0,
    "monthly_charges": 89.5,
    "late_payment_share": 0.25,
    "late_payments_6m": 1,
    "unpaid_balance": 0.0,
    "charge_trend": None,
    "tickets_total": 2,
    "tickets_90d": 1,
    "tech_tickets_90d": 1,
    "avg_hours_to_resolve": 6.5,
    "days_since_last_ticket": 12.0,
    "contract": "Month-to-month",
    "payment_method": "Electronic check",
    "internet_service": "Fiber optic",
    "paperless_billing": "Yes",
    "partner": "No",
    "dependents": "No",
    "region": None,
}


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A running `churn_service.py serve` on 127.0.0.1, and an HTTP client for it."""
    workdir = tmp_path_factory.mktemp("churn-service")
    port = free_loopback_port()
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "examples" / "churn_service.py"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--model-path",
                str(workdir / "model.joblib"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
        wait_until_healthy(client, process, log_path)
        yield client
        client.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(client: httpx.Client, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode}:\n{log_path.read_text()}")
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.2)
    pytest.fail(f"the server did not answer /health within {STARTUP_SECONDS} s:\n{log_path.read_text()}")


def error_locations(response: httpx.Response) -> list[tuple]:
    """The `loc` of each validation error in a 422 body, e.g. ("body", "tenure_months")."""
    assert response.status_code == 422, response.text
    return [tuple(error["loc"]) for error in response.json()["detail"]]


def test_health_reports_the_model_version(server: httpx.Client) -> None:
    body = server.get("/health").json()
    assert body["status"] == "ok"
    assert body["model_version"].startswith(body["snapshot_date"])


def test_a_valid_customer_gets_a_probability_a_decision_and_the_model_version(server: httpx.Client) -> None:
    response = server.post("/predict", json=VALID_CUSTOMER)
    assert response.status_code == 200, response.text
    body = response.json()
    assert 0 <= body["churn_probability"] <= 1
    assert body["will_churn"] == (body["churn_probability"] >= body["threshold"])
    assert body["model_version"] == server.get("/health").json()["model_version"]


def test_a_batch_gets_one_prediction_per_customer_in_order(server: httpx.Client) -> None:
    loyal = VALID_CUSTOMER | {"tenure_months": 40, "contract": "Two year", "tickets_90d": 0, "tech_tickets_90d": 0}
    response = server.post("/predict/batch", json={"customers": [VALID_CUSTOMER, loyal]})
    assert response.status_code == 200, response.text
    predictions = response.json()["predictions"]
    single = server.post("/predict", json=VALID_CUSTOMER).json()
    assert len(predictions) == 2
    assert predictions[0]["churn_probability"] == pytest.approx(single["churn_probability"])
    assert predictions[1]["churn_probability"] < predictions[0]["churn_probability"]


@pytest.mark.parametrize(
    ("case", "payload", "field"),
    [
        ("missing field", {k: v for k, v in VALID_CUSTOMER.items() if k != "contract"}, "contract"),
        ("wrong type", VALID_CUSTOMER | {"tenure_months": "four"}, "tenure_months"),
        ("number as text", VALID_CUSTOMER | {"monthly_charges": "89.5"}, "monthly_charges"),
        ("unknown category", VALID_CUSTOMER | {"payment_method": "Digital wallet"}, "payment_method"),
        ("negative tenure", VALID_CUSTOMER | {"tenure_months": -3}, "tenure_months"),
        ("extra field", VALID_CUSTOMER | {"retention_offer_sent": 1}, "retention_offer_sent"),
    ],
)
def test_a_malformed_customer_gets_422_naming_the_field(server: httpx.Client, case: str, payload: dict, field: str) -> None:
    response = server.post("/predict", json=payload)
    assert ("body", field) in error_locations(response), f"{case}: {response.text}"


def test_inconsistent_ticket_counts_get_422(server: httpx.Client) -> None:
    response = server.post("/predict", json=VALID_CUSTOMER | {"tech_tickets_90d": 5})
    assert error_locations(response) == [("body",)]
    assert "tech_tickets_90d cannot exceed tickets_90d" in response.text


def test_invalid_json_gets_422_with_the_position(server: httpx.Client) -> None:
    response = server.post("/predict", content=b'{"tenure_months": 4,', headers={"Content-Type": "application/json"})
    [location] = error_locations(response)
    assert location[0] == "body" and isinstance(location[1], int)
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_a_bad_row_in_a_batch_is_named_by_its_index(server: httpx.Client) -> None:
    bad = VALID_CUSTOMER | {"contract": "Three year"}
    response = server.post("/predict/batch", json={"customers": [VALID_CUSTOMER, bad]})
    assert ("body", "customers", 1, "contract") in error_locations(response)


def test_an_empty_batch_gets_422(server: httpx.Client) -> None:
    response = server.post("/predict/batch", json={"customers": []})
    assert ("body", "customers") in error_locations(response)
