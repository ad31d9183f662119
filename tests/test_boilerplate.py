"""boilerplate: ads, sign-ups, cookie notices, lists and captions are marked; prose is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachfacts.ingest.boilerplate import boilerplate_spans

SEED = Path(__file__).parent.parent / "data" / "articles"

PROSE = [
    "Hackers stole the personal data of 40,000 patients, the clinic said on Wednesday.",
    "The attackers demanded a ransom of $2 million in bitcoin, which the company refused to pay.",
    "Investigators believe a Chinese group was behind the intrusion, according to two officials.",
]


def marked(text: str) -> list[str]:
    return [text[s:e] for s, e in boilerplate_spans(text)]


def article(*middle: str) -> str:
    """Real prose around the snippet, so every test also checks the prose stays unmarked."""
    return "\n\n".join([PROSE[0], PROSE[1], *middle, PROSE[2]]) + "\n"


def assert_only(text: str, expected: list[str]) -> None:
    got = marked(text)
    assert got == expected
    for para in PROSE:
        assert all(para not in block for block in got)


def test_seed_advert_block_is_covered_and_prose_is_not() -> None:
    text = (SEED / "mitsubishi-electric-2020-01.txt").read_text(encoding="utf-8")
    (block,) = marked(text)
    assert block.startswith("How well do you really know your competitors?")
    assert "By GlobalData" in block
    assert block.endswith("your corporate email address.")
    assert "8,000 people" not in block
    assert "However, the company stated" not in block


def test_seed_caption_is_marked() -> None:
    text = (SEED / "mitsubishi-electric-2020-12.txt").read_text(encoding="utf-8")
    assert marked(text)[0] == (
        "Photo/Illutration The Mitsubishi Electric Corp. logo (Asahi Shimbun file photo)"
    )
    assert len(marked(text)) == 1


@pytest.mark.parametrize(
    "snippet",
    [
        "Sign up for our daily cybersecurity newsletter and get the top stories in your inbox.",
        "We use cookies to give you the best experience on our site. By continuing you agree to"
        " our cookie policy.",
        "ADVERTISEMENT",
        "Sponsored: How one bank cut phishing losses by 70%",
        "Read more: Ransomware gang leaks 2TB of hospital data",
        "Share this article on Twitter",
        "Follow us on LinkedIn",
        "Photo: Reuters/Kim Kyung-Hoon",
        "A man types on a keyboard in this February 28, 2013 illustration file picture.",
        "(Image credit: Getty Images)",
        "© 2021 Example Media Group. All rights reserved.",
        "Copyright 2019 The Associated Press.",
        "Click here to download the free report.",
    ],
)
def test_single_boilerplate_paragraph(snippet: str) -> None:
    assert_only(article(snippet), [snippet])


def test_newsletter_footer_block() -> None:
    footer = "\n\n".join(
        [
            "Get the latest security news",
            "Sign up for our weekly newsletter.",
            "Enter your work email",
            "Subscribe",
        ]
    )
    text = "\n\n".join(PROSE) + "\n\n" + footer + "\n"
    assert_only(text, [footer])


def test_related_list_block() -> None:
    related = "\n".join(
        [
            "Related articles",
            "Hospital chain hit by ransomware, patients diverted",
            "Why the healthcare sector is a prime target for hackers",
            "FBI warns of new phishing wave against clinics",
        ]
    )
    assert_only(article(related), [related])


def test_cookie_banner_with_buttons() -> None:
    banner = "\n".join(
        [
            "This website uses cookies to improve your experience.",
            "Accept all",
            "Manage settings",
        ]
    )
    assert_only(article(banner), ["This website uses cookies to improve your experience."])


def test_promo_question_block_resumes_at_prose() -> None:
    promo = "\n\n".join(
        [
            "Is your business ready for the next breach?",
            "Download our free guide to incident response and protect your customers today.",
            "Thank you!",
            "By SecureCorp",
        ]
    )
    assert_only(article(promo), [promo])


@pytest.mark.parametrize(
    "prose",
    [
        # rhetorical question, no advert after it
        "So, why are Windows 8.1 and Windows 10 vulnerable?",
        # cyber news mentions the same words as boilerplate
        "Subscribers are being sent convincing fake emails asking them to update their payment"
        " information.",
        "The phishing email told victims to click here to verify their accounts, the bank said.",
        "A third-party photo storage account was also breached.",
        "The malware steals browser cookies and session tokens from infected machines.",
        "The gang offered a subscription to its ransomware in exchange for 30% of each ransom.",
        '"We deeply regret the distress this may cause our patients," chief executive Maria'
        " Lopez said.",
        "Background",
        "By Jane Reporter, March 4, 2021",
    ],
)
def test_prose_is_not_marked(prose: str) -> None:
    assert marked(article(prose)) == []


def test_long_single_paragraph_is_never_marked() -> None:
    blob = " ".join(PROSE * 10) + " Sign up for our newsletter. Photo: Reuters."
    assert marked(blob) == []


def test_hard_wrapped_prose_is_one_paragraph() -> None:
    wrapped = (
        "The company said customers should\nsubscribe to alerts from their bank"
        " and watch\nfor unusual activity on their accounts over the coming months."
    )
    assert marked(article(wrapped)) == []


def test_spans_are_sorted_disjoint_and_trimmed() -> None:
    text = "  Photo: AP  \r\n\r\n" + PROSE[0] + "\r\n\r\nADVERTISEMENT\r\n\r\n" + PROSE[1]
    spans = boilerplate_spans(text)
    assert [text[s:e] for s, e in spans] == ["Photo: AP", "ADVERTISEMENT"]
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("text", ["", "\n\n", "   ", "Short."])
def test_trivial_texts(text: str) -> None:
    assert boilerplate_spans(text) == []
