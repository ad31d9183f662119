"""Money: ``"about 100 billion yen"`` -> amount with bounds and an ISO 4217 or crypto code.

Pure functions over ``str``, standard library only. The amount is read by
:func:`breachfacts.normalise.numbers.parse_quantity` after the currency markers are taken
out, so hedges, ranges, vague amounts and bounds mean exactly what they mean there
(``"$5 to $10 million"`` is 5e6..1e7, ``"millions of dollars"`` is 1e6..1e9-1).

How a currency is recognised:

* Symbols (:data:`CURRENCY_SYMBOLS`) before or after the number, case-sensitive:
  ``$``, ``US$``, ``HK$``, ``£``, ``€``, ``¥``, ``₹``, ... A plain ``$`` is USD, and a plain
  ``¥`` is JPY (write ``CN¥`` or ``yuan`` for CNY). Symbols made only of letters (``RM``,
  ``Rs``, ``Rs.``, ``RMB``) count only directly before a digit: ``RM3.1 million``; so do
  the dollar sign before a country, as Australian and New Zealand papers write it
  (``$US11 million``, ``$A14.2 million``, ``$NZ 5,000``).
* Codes (:data:`CURRENCY_CODES`) anywhere, upper case only, as a whole word or against the
  digits: ``USD 4,500``, ``USD12.9 million``, ``40 BTC``. ``PHP`` is not read bare (it is
  far more often the language); ``₱`` and ``pesos`` name the peso.
* Scale letters before a code: ``MUSD 3`` is 3 million dollars, ``kUSD 50`` 50,000.
* Hundredths after the number: ``34 cents`` is 0.34 USD, ``197p`` and ``197 pence`` 1.97
  GBP, ``50 euro cents`` 0.50 EUR.
* Words (:data:`CURRENCY_WORDS`), any case, only after some number: ``5 million euros``,
  ``2 Dash``, ``1.5 bitcoins``. ``dollars`` is USD, ``rupees`` INR, ``pounds`` GBP. Words
  that name several currencies (``pesos``, ``francs``, ``kroner``, ``dinars``) give money
  with ``currency=None``; :func:`currency_from_places` reads the currency from the one
  country the text around names (``patterns/currency_places.json``).

Text with no currency is not money (``None``). Text naming two different currencies
outside parentheses is ambiguous (``None``). A parenthesised restatement is a conversion:
:func:`parse_money` reads the text outside the parentheses (or, if there is none, inside
them) and :func:`parse_money_with_conversion` returns every amount.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from breachfacts.normalise.numbers import parse_quantity
from breachfacts.normalise.words import HEDGES, NUMBER_WORDS, SCALE_WORDS, VAGUE_PLURALS

__all__ = [
    "CURRENCY_CODES",
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "Money",
    "currency_from_places",
    "ends_with_conversion_cue",
    "parse_money",
    "parse_money_with_conversion",
]

#: ISO 4217 codes (and crypto tickers) this module can produce or read.
CURRENCY_CODES: frozenset[str] = frozenset(
    {
        # fiat
        "USD", "EUR", "GBP", "JPY", "CNY", "HKD", "TWD", "KRW", "INR", "PKR", "LKR", "BDT",
        "NPR", "BRL", "MYR", "SGD", "AUD", "NZD", "CAD", "MXN", "ARS", "CLP", "COP", "PEN",
        "CHF", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "RUB", "UAH",
        "TRY", "ILS", "AED", "SAR", "QAR", "KWD", "BHD", "OMR", "EGP", "ZAR", "NGN", "KES",
        "GHS", "IDR", "THB", "VND", "PHP",
        # named by "francs", "pesos", "dinars", "dirhams" in a country's context
        "XOF", "XAF", "RWF", "UYU", "RSD", "DZD", "TND", "JOD", "IQD", "LYD", "MAD",
        # withdrawn (in older reporting)
        "ESP", "NLG", "DEM", "ITL", "PTE", "GRD", "ATS", "FIM", "FRF", "BEF", "IEP",
        # crypto
        "BTC", "ETH", "XMR", "DASH", "LTC", "BCH", "ZEC", "USDT", "USDC", "XRP", "DOGE",
        "BNB", "SOL", "TRX",
    }
)  # fmt: skip

#: Codes never read as a bare word (they are far more often something else).
_NOT_BARE: frozenset[str] = frozenset(
    {"PHP", "SOL", "ESP", "NLG", "DEM", "ITL", "PTE", "GRD", "ATS", "FIM", "FRF", "BEF", "IEP"}
)

#: Currency symbols, case-sensitive, to their code. ``$`` alone is USD, ``¥`` alone JPY.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "US$": "USD",
    "US $": "USD",
    "U.S.$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "R$": "BRL",
    "C$": "CAD",
    "CA$": "CAD",
    "CAN$": "CAD",
    "Can$": "CAD",
    "CAD$": "CAD",
    "HKD$": "HKD",
    "NZD$": "NZD",
    "SGD$": "SGD",
    "USD$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "AUD$": "AUD",
    "S$": "SGD",
    "SG$": "SGD",
    "NZ$": "NZD",
    "MX$": "MXN",
    # the dollar sign before the country, as Australian and New Zealand papers write it
    "$US": "USD",
    "$A": "AUD",
    "$AU": "AUD",
    "$AUD": "AUD",
    "$NZ": "NZD",
    "$NZD": "NZD",
    "$CA": "CAD",
    "$SG": "SGD",
    "$USD": "USD",
    "$C": "CAD",
    "$CAN": "CAD",
    "$HK": "HKD",
    "$S": "SGD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "JP¥": "JPY",
    "CN¥": "CNY",
    "RMB": "CNY",
    "₹": "INR",
    "Rs": "INR",
    "Rs.": "INR",
    "RM": "MYR",
    "₩": "KRW",
    "₽": "RUB",
    "₴": "UAH",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
    "₫": "VND",
    "฿": "THB",
    "₿": "BTC",
    "Ξ": "ETH",
}

#: Currency names, lower case, to their code; ``None`` where the name is ambiguous.
CURRENCY_WORDS: dict[str, str | None] = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "hong kong dollars": "HKD",
    "taiwan dollars": "TWD",
    "new taiwan dollars": "TWD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "singapore dollars": "SGD",
    "new zealand dollars": "NZD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "british pounds": "GBP",
    "yen": "JPY",
    "japanese yen": "JPY",
    "yuan": "CNY",
    "chinese yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "won": "KRW",
    "korean won": "KRW",
    "south korean won": "KRW",
    "rupee": "INR",
    "rupees": "INR",
    "indian rupees": "INR",
    "pakistani rupees": "PKR",
    "sri lankan rupees": "LKR",
    "reais": "BRL",
    "brazilian real": "BRL",
    "brazilian reais": "BRL",
    "ringgit": "MYR",
    "baht": "THB",
    "rand": "ZAR",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "swiss franc": "CHF",
    "swiss francs": "CHF",
    "shekel": "ILS",
    "shekels": "ILS",
    "lira": "TRY",
    "turkish lira": "TRY",
    "zloty": "PLN",
    "zlotys": "PLN",
    "kronor": "SEK",
    "swedish kronor": "SEK",
    "norwegian kroner": "NOK",
    "danish kroner": "DKK",
    "forint": "HUF",
    "naira": "NGN",
    "rupiah": "IDR",
    "riyal": "SAR",
    "riyals": "SAR",
    "mexican pesos": "MXN",
    "argentine pesos": "ARS",
    "philippine pesos": "PHP",
    # withdrawn currencies, in older reporting
    "peseta": "ESP",
    "pesetas": "ESP",
    "guilder": "NLG",
    "guilders": "NLG",
    "dutch guilders": "NLG",
    "deutsche mark": "DEM",
    "deutsche marks": "DEM",
    "deutschmark": "DEM",
    "deutschmarks": "DEM",
    "german marks": "DEM",
    "lire": "ITL",
    "italian lire": "ITL",
    "escudo": "PTE",
    "escudos": "PTE",
    "drachma": "GRD",
    "drachmas": "GRD",
    "drachmae": "GRD",
    "schilling": "ATS",
    "schillings": "ATS",
    "austrian schillings": "ATS",
    "markka": "FIM",
    "markkaa": "FIM",
    "french francs": "FRF",
    "belgian francs": "BEF",
    "irish pounds": "IEP",
    "punts": "IEP",
    "pesos": None,
    "francs": None,
    "kroner": None,
    "dinars": None,
    "dirhams": None,
    # crypto
    "bitcoin": "BTC",
    "bitcoins": "BTC",
    "btc": "BTC",
    "bitcoin cash": "BCH",
    "ether": "ETH",
    "ethers": "ETH",
    "ethereum": "ETH",
    "eth": "ETH",
    "monero": "XMR",
    "xmr": "XMR",
    "dash": "DASH",
    "litecoin": "LTC",
    "litecoins": "LTC",
    "ltc": "LTC",
    "zcash": "ZEC",
    "tether": "USDT",
    "usdt": "USDT",
    "usdc": "USDC",
    "xrp": "XRP",
    "dogecoin": "DOGE",
}


@dataclass(frozen=True)
class Money:
    """An amount of money with inclusive bounds, as in :class:`~.numbers.Quantity`.

    Attributes:
        value: The amount as stated; ``None`` for ranges and vague amounts.
        low: Inclusive lower bound; ``None`` means unbounded below.
        high: Inclusive upper bound; ``None`` means unbounded above.
        qualifier: The hedge as written, lower case ("about", "more than", ...), or ``None``.
        currency: ISO 4217 or crypto code; ``None`` if the currency word is ambiguous.
    """

    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    currency: str | None


def _alternatives() -> str:
    symbols = []
    for sym in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        pattern = re.escape(sym)
        if sym[0].isalpha():
            pattern = r"(?<![A-Za-z])" + pattern
        if all(c.isalpha() or c == "." for c in sym) or (sym[0] == "$" and len(sym) > 1):
            pattern += r"(?=\s?[0-9])"  # "RM 5", "$US11": not "RMS", "$APPL"
        symbols.append(pattern)
    codes = sorted(CURRENCY_CODES - _NOT_BARE, key=len, reverse=True)
    words = sorted(CURRENCY_WORDS, key=len, reverse=True)
    return (
        "(?P<symbol>" + "|".join(symbols) + ")"
        "|(?<![A-Za-z])(?P<code>" + "|".join(codes) + ")(?![A-Za-z])"
        "|(?i:(?<![a-z])(?P<word>" + "|".join(re.escape(w) for w in words) + ")(?![a-z]))"
    )


_MARKER = re.compile(_alternatives())
_NUMBERISH = re.compile(
    r"[0-9]|(?<![a-z])(?:"
    + "|".join(
        sorted(
            set(NUMBER_WORDS) | set(SCALE_WORDS) | set(VAGUE_PLURALS) | {"several", "few"},
            key=len,
            reverse=True,
        )
    )
    + r")(?![a-z])",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_CONNECTOR = re.compile(r"^\s*(?:or|i\.e\.|equivalent to|equal to|=)\s+", re.IGNORECASE)


def _currency(text: str) -> tuple[bool, str | None, str]:
    """Find the currency ``text`` names: (is money, code, text without the markers).

    Not money when there is no marker or when markers name different currencies.
    """
    found: list[str | None] = []
    pieces: list[str] = []
    last = 0
    for m in _MARKER.finditer(text):
        if m.group("symbol"):
            code: str | None = CURRENCY_SYMBOLS[m.group("symbol")]
        elif m.group("code"):
            code = m.group("code")
        else:
            if not _NUMBERISH.search(text, 0, m.start()):
                continue  # a currency word counts only after a number ("won $5m")
            code = CURRENCY_WORDS[m.group("word").lower()]
        found.append(code)
        pieces += [text[last : m.start()], " "]
        last = m.end()
    pieces.append(text[last:])
    codes = {c for c in found if c is not None}
    if not found or len(codes) > 1:
        return False, None, text
    return True, (codes.pop() if codes else None), "".join(pieces)


#: A code with a scale letter before it: "MUSD 3" (3 million dollars), "kUSD 50", "MEUR".
_SCALED_CODE = re.compile(r"(?<![A-Za-z])(?P<scale>[kM])(?P<code>[A-Z]{3})(?![A-Za-z])")
_CODE_SCALES = {"k": 1e3, "M": 1e6}

#: Hundredths named after the number: "34 cents", "197 pence", "197p", "50 euro cents".
_MINOR = re.compile(
    r"^(?P<num>.*?[0-9])(?P<p>p)\s*$|^(?P<num2>.+?)\s*(?P<word>(?:euro\s+)?cents?|pence|penny)\s*$",
    re.IGNORECASE,
)


def _parse_one(text: str) -> Money | None:
    text = _CONNECTOR.sub("", text)
    scaled = _SCALED_CODE.search(text)
    if scaled and scaled.group("code") in CURRENCY_CODES:
        inner = _parse_one(text[: scaled.start()] + scaled.group("code") + text[scaled.end() :])
        return _scaled(inner, _CODE_SCALES[scaled.group("scale")])
    minor = _minor_units(text)
    if minor is not None:
        return minor
    is_money, currency, rest = _currency(text)
    if not is_money:
        return None
    q = parse_quantity(rest)
    if q is None:
        return None
    return Money(q.value, q.low, q.high, q.qualifier, currency)


def _minor_units(text: str) -> Money | None:
    """ "34 cents" -> 0.34 USD, "197p" / "197 pence" -> 1.97 GBP, "50 euro cents" -> EUR."""
    m = _MINOR.match(text.strip())
    if m is None:
        return None
    word = (m.group("word") or "").lower()
    if re.search(r"(?i)\bper$", m.group("num2") or ""):
        return None  # "22 per cent" is a share, not money
    currency = "EUR" if word.startswith("euro") else "USD" if word.startswith("cent") else "GBP"
    q = parse_quantity(m.group("num") or m.group("num2"))
    if q is None:
        return None
    return _scaled(Money(q.value, q.low, q.high, q.qualifier, currency), 0.01)


def _scaled(m: Money | None, factor: float) -> Money | None:
    """``m`` with its amounts multiplied by ``factor`` (rounded to six decimals)."""
    if m is None:
        return None

    def times(x: float | None) -> float | None:
        if x is None:
            return None
        y = round(x * factor, 6)
        return int(y) if y == int(y) else y

    return Money(times(m.value), times(m.low), times(m.high), m.qualifier, m.currency)


def parse_money_with_conversion(text: str) -> list[Money]:
    """Every amount in ``text``: the one outside parentheses first, then each restatement.

    Example:
        >>> for m in parse_money_with_conversion("about 100 billion yen ($874 million)"):
        ...     print(m)
        Money(value=100000000000, low=None, high=None, qualifier='about', currency='JPY')
        Money(value=874000000, low=874000000, high=874000000, qualifier=None, currency='USD')
    """
    inner = [a or b for a, b in _PARENS.findall(text)]
    outer = _PARENS.sub(" ", text)
    found = [_parse_one(part) for part in [outer, *inner]]
    return [m for m in found if m is not None]


def parse_money(text: str) -> Money | None:
    """Read an amount of money; ``None`` if no currency or no amount is stated.

    A parenthesised conversion is left out: the text outside the parentheses is read, or
    the text inside them when nothing stands outside.

    Example:
        >>> parse_money("$874 million")
        Money(value=874000000, low=874000000, high=874000000, qualifier=None, currency='USD')
        >>> parse_money("Rs. 50 lakh").value, parse_money("2 Dash").currency
        (5000000, 'DASH')
        >>> parse_money("between $1 million and $2 million")
        Money(value=None, low=1000000, high=2000000, qualifier='between', currency='USD')
        >>> parse_money("5 million") is None
        True
    """
    outer = _PARENS.sub(" ", text)
    if outer.strip():
        return _parse_one(outer)
    inner = [a or b for a, b in _PARENS.findall(text)]
    return next((m for m in map(_parse_one, inner) if m is not None), None)


_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc]")


def _cut_end(text: str, phrase: str) -> str | None:
    """``text`` without ``phrase`` at its end, if it ends with it as whole words."""
    if not text.endswith(phrase):
        return None
    before = text[: len(text) - len(phrase)]
    if phrase[0].isalnum() and before and before[-1].isalnum():
        return None  # "for" does not end with the word "or"
    return before.rstrip()


def ends_with_conversion_cue(
    between: str, cues: Iterable[str], fillers: Iterable[str] = ()
) -> bool:
    """Whether the text between two amounts introduces the second as a restatement.

    True when ``between`` ends with a cue ("(", "or", "equivalent to", "worth", ...),
    optionally followed by fillers ("currently") and a number hedge ("about", "around";
    :data:`~.words.HEDGES`). Case, spacing and curly apostrophes do not matter. The
    cues and fillers are data (``patterns/conversions.json``).

    Example:
        >>> cues = ["(", "or", "worth", "that's", "equivalent of"]
        >>> ends_with_conversion_cue(" (about ", cues)
        True
        >>> ends_with_conversion_cue(", which is currently worth ", cues, ["currently"])
        True
        >>> ends_with_conversion_cue(" for all. (That\u2019s the equivalent of ", cues)
        True
        >>> ends_with_conversion_cue(" for ", cues), ends_with_conversion_cue(" and ", cues)
        (False, False)
    """
    text = _APOSTROPHES.sub("'", " ".join(between.lower().split()))
    skippable = sorted({*HEDGES, *(f.lower() for f in fillers)}, key=len, reverse=True)
    cut = True
    while cut and text:
        cut = False
        for phrase in skippable:
            rest = _cut_end(text, phrase)
            if rest is not None and rest != text:
                text, cut = rest, True
                break
    return any(_cut_end(text, cue.lower()) is not None for cue in cues if cue)


def currency_from_places(
    name: str, texts: Iterable[str], places: dict[str, dict[str, str]]
) -> str | None:
    """The currency an ambiguous currency name (``francs``, ``pesos``) takes from the one
    country that the nearest of ``texts`` names, or None.

    Args:
        name: The currency name as written ("francs").
        texts: Where to look, nearest first (the sentence, then the article).
        places: Per ambiguous name, place words (lower case) to currency codes.

    Example:
        >>> places = {"francs": {"swiss": "CHF", "zurich": "CHF", "senegal": "XOF"}}
        >>> currency_from_places("francs", ["The Zurich clinic was fined.", ""], places)
        'CHF'
        >>> currency_from_places("francs", ["Fined in Zurich and Senegal."], places) is None
        True
    """
    table = places.get(name.lower())
    if not isinstance(table, dict):
        return None
    for text in texts:
        low = text.lower()
        codes = {
            code
            for place, code in table.items()
            if place in low and re.search(rf"(?<!\w){re.escape(place)}(?!\w)", low)
        }
        if codes:
            return codes.pop() if len(codes) == 1 else None
    return None
