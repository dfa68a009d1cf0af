"""ORCA's xml2 format as the adapter reads and writes it, and the [checkin] settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kiosk.checkin.config import CheckInConfig, Department
from kiosk.checkin.xml2 import (
    MAX_ANSWER_BYTES,
    Xml2Error,
    parse_answer,
    records,
    request_body,
    text,
)


def test_a_request_is_typed_records_strings_and_arrays() -> None:
    body = request_body(
        "acceptreq", {"Patient_ID": "00012", "Info": {"A": "1"}, "List": [{"B": "2"}]}
    )
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert (
        b'<data><acceptreq type="record"><Patient_ID type="string">00012</Patient_ID>'
        b'<Info type="record"><A type="string">1</A></Info>'
        b'<List type="array"><List_child type="record"><B type="string">2</B></List_child>'
        b"</List></acceptreq></data>"
    ) in body


def test_an_answer_is_read_into_records_and_arrays() -> None:
    answer = parse_answer(
        b"<xmlio2><acceptres type='record'><Api_Result type='string'>00</Api_Result>"
        b"<L type='array'><L_child type='record'><X type='string'> 1 </X></L_child></L>"
        b"</acceptres></xmlio2>",
        "acceptres",
    )
    assert text(answer, "Api_Result") == "00"
    assert records(answer, "L") == [{"X": "1"}]
    assert text(answer, "Missing") == ""


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not xml",
        b"<xmlio2><other type='record'/></xmlio2>",
        b"<html><acceptres/></html>",
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><xmlio2><acceptres>&a;</acceptres></xmlio2>',
        b"<xmlio2><acceptres type='record'>" + b"x" * MAX_ANSWER_BYTES + b"</acceptres></xmlio2>",
    ],
)
def test_anything_else_is_refused(payload: bytes) -> None:
    with pytest.raises(Xml2Error):
        parse_answer(payload, "acceptres")


def test_a_leaf_where_a_record_is_due_is_refused() -> None:
    answer = parse_answer(b"<xmlio2><r type='record'><L>text</L></r></xmlio2>", "r")
    with pytest.raises(Xml2Error):
        records(answer, "L")


def test_departments_need_a_japanese_name_and_known_languages() -> None:
    department = Department(code="01", names={"ja": "内科", "en": "Internal medicine"})
    assert (department.name("en"), department.name("vi")) == ("Internal medicine", "内科")
    with pytest.raises(ValidationError, match="Japanese name"):
        Department(code="01", names={"en": "Internal medicine"})
    with pytest.raises(ValidationError, match="unknown languages"):
        Department(code="01", names={"ja": "内科", "fr": "Médecine"})


def test_the_department_is_asked_only_where_there_are_several() -> None:
    one = [{"code": "01", "names": {"ja": "内科"}}]
    two = [*one, {"code": "02", "names": {"ja": "小児科"}}]
    assert not CheckInConfig.model_validate({"departments": one}).asks_department()
    assert CheckInConfig.model_validate({"departments": two}).asks_department()
    with pytest.raises(ValidationError, match="each code once"):
        CheckInConfig.model_validate({"departments": [*one, *one]})


def test_a_file_drop_needs_its_folder() -> None:
    with pytest.raises(ValidationError, match=r"filedrop\.folder"):
        CheckInConfig.model_validate({"system": "filedrop"})


def test_the_orca_password_stays_out_of_the_settings_repr() -> None:
    config = CheckInConfig.model_validate({"system": "orca", "orca": {"password": "s3cret"}})
    assert "s3cret" not in repr(config)
