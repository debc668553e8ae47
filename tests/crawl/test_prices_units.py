"""Unit tests for spiders.prices.parse_price: prices as sellers write them, and what it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from spiders.prices import parse_price


def D(value: str) -> Decimal:
    return Decimal(value)


# -- yen ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,980円", D("1980")),
        ("500円", D("500")),
        ("0円", D("0")),
        ("¥500", D("500")),
        ("￥500", D("500")),  # full-width yen sign
        ("¥ 500", D("500")),
        ("月額 ¥ 1,000", D("1000")),
        ("¥1,000/月", D("1000")),
        ("1,980円/月", D("1980")),
        ("月額500円", D("500")),
        ("税込550円", D("550")),
        ("500円(税込)", D("500")),
        ("¥1,980（税込）", D("1980")),
        ("+¥1,000", D("1000")),
        ("500 yen", D("500")),
        ("500 JPY", D("500")),
        ("500jpy", D("500")),
        ("1,234,567円", D("1234567")),
    ],
)
def test_yen_prices(text: str, amount: Decimal) -> None:
    assert parse_price(text) == (amount, "JPY")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("１，９８０円", D("1980")),  # full-width digits and comma
        ("５００円", D("500")),
        ("￥１，９８０", D("1980")),
        ("１０００円", D("1000")),
        ("３万円", D("30000")),
    ],
)
def test_full_width_digits_are_folded(text: str, amount: Decimal) -> None:
    assert parse_price(text) == (amount, "JPY")


def test_result_is_a_decimal_without_float_rounding() -> None:
    amount, currency = parse_price("¥1.5")
    assert isinstance(amount, Decimal)
    assert amount == D("1.5")
    assert currency == "JPY"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("3万円", D("30000")),
        ("1.5万円", D("15000")),
        ("1.5 万 円", D("15000")),
    ],
)
def test_man_yen(text: str, amount: Decimal) -> None:
    assert parse_price(text) == (amount, "JPY")


@pytest.mark.parametrize(
    "text",
    [
        "\\4,000",  # a Shift_JIS page decoded as cp932 shows the yen sign as a backslash
        "\\ 4,000",
        "月額\\4,000",
    ],
)
def test_backslash_from_shift_jis_reads_as_yen(text: str) -> None:
    assert parse_price(text) == (D("4000"), "JPY")


def test_backslash_not_before_a_number_is_not_a_price() -> None:
    assert parse_price("C:\\path\\file") == (None, None)


def test_shift_jis_bytes_round_trip() -> None:
    # 0x5C is the yen sign in Shift_JIS; Python's cp932 codec decodes it as a backslash.
    raw = "月額\\1,980".encode("cp932")
    assert raw.count(b"\x5c") == 1
    assert parse_price(raw.decode("cp932")) == (D("1980"), "JPY")


# -- starting prices and ranges --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["500円〜", "500円～", "500円~", "¥500〜", "500円から", "500円～1,000円", "¥500〜¥1,000"],
)
def test_from_price_and_range_give_the_lower_bound(text: str) -> None:
    assert parse_price(text) == (D("500"), "JPY")


def test_range_with_one_trailing_yen_mark_gives_the_lower_bound() -> None:
    assert parse_price("1,000〜2,000円") == (D("1000"), "JPY")


def test_man_yen_later_in_the_text_does_not_win() -> None:
    assert parse_price("月額1,000円（年額3万円）") == (D("1000"), "JPY")


# -- other currencies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$12.50", D("12.50")),
        ("$ 1,234.56", D("1234.56")),
        ("$1,000.5", D("1000.5")),
        ("US$12", D("12")),
        ("US$ 9.99", D("9.99")),
        ("12USD", D("12")),
        ("12 dollars", D("12")),
        ("1 dollar", D("1")),
    ],
)
def test_dollar_prices(text: str, amount: Decimal) -> None:
    assert parse_price(text) == (amount, "USD")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("€12", D("12")),
        ("€ 12", D("12")),
        ("10 EUR", D("10")),
        ("10€", D("10")),
        ("€12.50", D("12.50")),
    ],
)
def test_euro_prices(text: str, amount: Decimal) -> None:
    assert parse_price(text) == (amount, "EUR")


@pytest.mark.parametrize("text", ["9,99 €", "€9,99", "9,99 EUR"])
def test_euro_decimal_comma(text: str) -> None:
    assert parse_price(text) == (D("9.99"), "EUR")


@pytest.mark.parametrize("text", ["£5", "5 GBP", "USD 12", "12.5ドル", "5元"])
def test_unsupported_currencies_are_not_guessed(text: str) -> None:
    assert parse_price(text) == (None, None)


def test_the_first_price_in_a_dual_price_wins_whatever_its_currency() -> None:
    assert parse_price("¥500 ($3.50)") == (D("500"), "JPY")
    assert parse_price("$3.50 (¥500)") == (D("3.50"), "USD")
    assert parse_price("€3 or $3.50") == (D("3"), "EUR")


# -- documented shorthand --------------------------------------------------------------------


def test_k_shorthand_from_the_docstring() -> None:
    assert parse_price("1.5k円") == (D("1500"), "JPY")


# -- no price ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "無料",
        "free",
        "Free",
        "FREE!",
        "ワンコイン",  # "one coin" (500 yen) is slang, not read as a price
        "価格はDMで",
        "garbage",
        "¥",
        "円",
        "$",
        "€",
        "ｰ",
        "<script>alert(1)</script>",
    ],
)
def test_no_price(text: str | None) -> None:
    assert parse_price(text) == (None, None)


def test_one_coin_with_an_explicit_amount_reads_the_amount() -> None:
    assert parse_price("ワンコイン(500円)") == (D("500"), "JPY")


def test_free_next_to_a_price_reads_the_price() -> None:
    assert parse_price("初月無料、以降980円") == (D("980"), "JPY")


@pytest.mark.parametrize("text", ["1..5万円", "1.2.3€", "..円"])
def test_malformed_numbers_give_no_amount(text: str) -> None:
    amount, _currency = parse_price(text)
    assert amount is None


def test_very_long_text_reads_the_first_price_quickly() -> None:
    text = "説明" * 50_000 + "月額1,980円" + "500円" * 10_000
    assert parse_price(text) == (D("1980"), "JPY")


def test_long_text_without_a_price() -> None:
    assert parse_price("あ" * 200_000 + " 1,980 " + "い" * 200_000) == (None, None)


@pytest.mark.timeout(0.5)
def test_long_digit_run_is_rejected_in_linear_time() -> None:
    assert parse_price("1" * 8000) == (None, None)
