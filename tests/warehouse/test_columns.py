"""Rows built as columns are validated against the models before they become Arrow tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from transforms.document import SourceFile, segment, to_rows
from transforms.records import Claim, Paragraph, Quantity, Sentence, validate_columns
from warehouse.schema import arrow_schema, columns_to_table

ROWS = to_rows(
    SourceFile("001_00000000000000aa.txt", "0" * 64),
    segment("Prices rose 5 percent in May, the bank said.\n\n“It is over,” Ann Lee said."),
    date_raw="2024-06-26",
    published_date=dt.date(2024, 6, 26),
    run_id="r1",
)
CHILDREN = {
    Paragraph: ROWS.paragraphs,
    Sentence: ROWS.sentences,
    Claim: ROWS.claims,
    Quantity: ROWS.quantities,
}


@pytest.mark.parametrize("model", list(CHILDREN), ids=lambda m: m.table)
def test_to_rows_builds_exactly_the_models_columns(model: Any) -> None:
    columns = CHILDREN[model]
    assert list(columns) == list(model.model_fields)
    table = columns_to_table(columns, model)
    assert table.schema == arrow_schema(model) and table.num_rows == len(columns["doc_id"]) > 0
    # the same rows as records, validated one by one, give the same table
    records = [model(**{k: v[i] for k, v in columns.items()}) for i in range(table.num_rows)]
    assert [r.model_dump() for r in records] == table.to_pylist()


def test_a_value_outside_a_literal_is_refused() -> None:
    bad = {**ROWS.claims, "kind": ["rumour"] * len(ROWS.claims["kind"])}
    with pytest.raises(ValidationError):
        columns_to_table(bad, Claim)


def test_a_missing_or_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="published_date missing, colour unknown"):
        validate_columns(
            Sentence, {**{k: v for k, v in ROWS.sentences.items() if k != "published_date"}, "colour": []}
        )


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        validate_columns(Paragraph, {**ROWS.paragraphs, "idx": []})
