"""Rows built as columns are checked against the models as they become Arrow tables."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from pydantic import Field

from transforms.document import SourceFile, segment, to_rows
from transforms.records import Claim, Paragraph, Quantity, Record, Sentence, check_columns
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
    with pytest.raises(ValueError, match="claims.kind: 'rumour' is not one of"):
        columns_to_table(bad, Claim)


N_CLAIMS = len(ROWS.claims["claim_id"])


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("char_start", [2.5] * N_CLAIMS, "claims.char_start: 2.5 is not of the declared type int"),
        ("char_start", ["2"] * N_CLAIMS, "claims.char_start: '2' is not of the declared type int"),
        (
            "char_start",
            [2, *["2"] * (N_CLAIMS - 1)],
            "claims.char_start: values of mixed or unsupported types",
        ),
        ("idx", [True] * N_CLAIMS, "claims.idx: True is not of the declared type int"),
        ("text", [b"x"] * N_CLAIMS, "claims.text: b'x' is not of the declared type str"),
        ("text", [None] * N_CLAIMS, "claims.text: null in row 0, and the column is not optional"),
        (
            "published_date",
            [dt.date(2024, 6, 26), *[dt.datetime(2024, 6, 26, 12)] * (N_CLAIMS - 1)],
            "claims.published_date: datetime.datetime.* is not of the declared type date",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_not_converted(
    column: str, values: list[Any], message: str
) -> None:
    assert N_CLAIMS > 1
    with pytest.raises(ValueError, match=message):
        columns_to_table({**ROWS.claims, column: values}, Claim)


def test_nulls_are_kept_where_the_model_allows_them() -> None:
    table = columns_to_table({**ROWS.claims, "cue": [None] * N_CLAIMS}, Claim)
    assert table.column("cue").null_count == N_CLAIMS and table.schema == arrow_schema(Claim)


class Bounded(Record):
    table: ClassVar[str] = "bounded"
    key: ClassVar[tuple[str, ...]] = ("n",)
    n: int = Field(ge=0, description="a count")
    share: float | None = Field(lt=1.0, description="a share below one")


def test_field_bounds_are_checked() -> None:
    assert columns_to_table({"n": [0, 3], "share": [None, 0.5]}, Bounded).num_rows == 2
    # ints are floats (Python's numeric tower, as pydantic accepted them): widened, then bounded
    assert columns_to_table({"n": [0], "share": [0]}, Bounded).column("share").to_pylist() == [0.0]
    with pytest.raises(ValueError, match=r"bounded.share: 1 is out of bounds \(less 1.0\)"):
        columns_to_table({"n": [0], "share": [1]}, Bounded)
    with pytest.raises(ValueError, match=r"bounded.n: -3 is out of bounds \(greater_equal 0\)"):
        columns_to_table({"n": [0, -3], "share": [None, 0.5]}, Bounded)
    with pytest.raises(ValueError, match=r"bounded.share: 1.0 is out of bounds \(less 1.0\)"):
        columns_to_table({"n": [0, 3], "share": [None, 1.0]}, Bounded)


def test_a_constraint_without_an_arrow_check_is_refused() -> None:
    class Patterned(Record):
        table: ClassVar[str] = "patterned"
        key: ClassVar[tuple[str, ...]] = ("code",)
        code: str = Field(pattern="^[a-z]+$", description="a code")

    with pytest.raises(TypeError, match="patterned.code: no Arrow check"):
        columns_to_table({"code": ["abc"]}, Patterned)


def test_a_missing_or_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="published_date missing, colour unknown"):
        check_columns(
            Sentence, {**{k: v for k, v in ROWS.sentences.items() if k != "published_date"}, "colour": []}
        )


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        check_columns(Paragraph, {**ROWS.paragraphs, "idx": []})
