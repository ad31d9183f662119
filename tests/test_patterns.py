"""Pattern files are data: each validates, each example matches, bad files fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from breachfacts.errors import PatternError
from breachfacts.nlp.patterns import load_file, load_patterns
from breachfacts.tables import builtin_dir

BUILTIN = load_patterns()


def test_builtin_patterns_load_with_unique_ids() -> None:
    ids = [p["id"] for p in BUILTIN]
    assert len(ids) == len(set(ids)) > 10


@pytest.mark.parametrize("pattern", [p for p in BUILTIN if "example" in p], ids=lambda p: p["id"])
def test_example_matches_its_own_pattern(nlp, pattern) -> None:
    from spacy.matcher import Matcher, PhraseMatcher

    doc = nlp.make_doc(pattern["example"])
    # run the statistical part so POS/ENT_TYPE attributes exist for the matcher
    for _name, proc in nlp.pipeline:
        if _name == "breachfacts_entities":
            continue
        doc = proc(doc)
    if isinstance(pattern["pattern"], str):
        matcher = PhraseMatcher(nlp.vocab)
        matcher.add(pattern["id"], [nlp.make_doc(pattern["pattern"])])
    else:
        matcher = Matcher(nlp.vocab)
        matcher.add(pattern["id"], [pattern["pattern"]])
    assert matcher(doc), f"{pattern['_source']}: example {pattern['example']!r} does not match"


def test_every_pattern_has_an_example() -> None:
    assert [p["id"] for p in BUILTIN if "example" not in p] == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "malformed JSON"),
        ('{"id": "x", "label": "ORG"}', "[pattern] field required"),
        ('{"id": "x", "label": "PERSON", "pattern": "Acme"}', "[label] 'PERSON' is not one of"),
        ('{"id": "x", "label": "ORG", "pattern": [{"LIKE_NUMM": true}]}', "LIKE_NUMM"),
        ('{"id": "x", "label": "ORG", "pattern": "Acme", "colour": 1}', "[colour] unknown field"),
        ('["a list"]', "must be a JSON object"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    f = tmp_path / "mine.jsonl"
    f.write_text('{"id": "ok", "label": "ORG", "pattern": "Acme Corp"}\n' + line + "\n")
    with pytest.raises(PatternError) as err:
        load_file(f)
    text = str(err.value)
    assert text.startswith(f"{f}:2: ")
    assert message in text
    assert "\n" not in text


def test_duplicate_id_across_files_is_an_error(tmp_path: Path) -> None:
    first = BUILTIN[0]["id"]
    (tmp_path / "dup.jsonl").write_text(
        json.dumps({"id": first, "label": "ORG", "pattern": "X"}) + "\n"
    )
    with pytest.raises(PatternError, match="duplicate id"):
        load_patterns([tmp_path])


def test_missing_user_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match="no such patterns directory"):
        load_patterns([tmp_path / "nope"])


def test_user_pattern_adds_an_organisation(tmp_path: Path) -> None:
    """A user file in --patterns DIR makes a new organisation without code changes."""
    from breachfacts.extract import extract
    from breachfacts.facts import Article
    from breachfacts.nlp import load

    (tmp_path / "mine.jsonl").write_text(
        json.dumps(
            {
                "id": "org-zorbex",
                "label": "ORG",
                "example": "zorbex crew",
                "pattern": [{"LOWER": "zorbex"}, {"LOWER": "crew"}],
            }
        )
        + "\n"
    )
    (tmp_path / "aliases.json").write_text(json.dumps({"zorbex crew": "Zorbex"}))
    nlp = load(patterns=[tmp_path])
    ex = next(extract([Article("t", "Researchers blamed the zorbex crew for the intrusion.")], nlp))
    orgs = [f.canonical for f in ex.facts if f.kind == "organisation"]
    assert orgs == ["Zorbex"]


def test_builtin_dir_is_the_repo_patterns_folder() -> None:
    assert (builtin_dir() / "money.jsonl").is_file()


WRONG_SHAPES = [
    ("cues.json", '{"hedge_lemmas": "suspect"}',
     "[hedge_lemmas] expected an array of strings, got a string"),
    ("cues.json", '{"hedge_lemmas": ["suspect", 3]}',
     "[hedge_lemmas -> 1] expected a string, got a number"),
    ("roles.json", '{"date_cues": {"attack": "hack"}}',
     "[date_cues -> attack] expected an array of strings, got a string"),
    ("roles.json", '{"max_distance": "4"}', "[max_distance] expected a number, got a string"),
    ("aliases.json", '{"Acme Inc": ["Acme"]}', "[Acme Inc] expected a string, got an array"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), WRONG_SHAPES)
def test_user_table_entry_of_the_wrong_shape_is_one_line(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    from breachfacts.tables import load_json_table

    (tmp_path / name).write_text(content)
    with pytest.raises(PatternError) as err:
        load_json_table(name, [tmp_path])
    assert str(err.value) == f"{tmp_path / name}: {message}"


def test_user_tables_of_the_right_shape_extend_the_builtin(tmp_path: Path) -> None:
    from breachfacts.tables import load_json_table

    (tmp_path / "cues.json").write_text('{"hedge_lemmas": ["surmise"], "my_list": ["x"]}')
    (tmp_path / "aliases.json").write_text('{"Acme Inc": "Acme"}')
    assert load_json_table("cues.json", [tmp_path])["hedge_lemmas"] == ["surmise"]
    assert load_json_table("aliases.json", [tmp_path])["Acme Inc"] == "Acme"


def test_an_alias_given_twice_with_two_names_is_one_line(tmp_path: Path) -> None:
    """A user alias spelt like a built-in one (case, spacing) but naming another organisation
    is ambiguous: the pipeline refuses it, naming the user's file."""
    from breachfacts.nlp import load

    (tmp_path / "aliases.json").write_text('{"fancy  BEAR": "APT29"}', encoding="utf-8")
    with pytest.raises(PatternError) as err:
        load(patterns=[tmp_path])
    assert str(err.value) == (
        f"{tmp_path / 'aliases.json'}: [fancy  BEAR] given twice (also as 'Fancy Bear' -> 'APT28')"
    )


def test_a_utf8_bom_is_accepted_in_pattern_files_and_tables(tmp_path: Path) -> None:
    """Articles may start with a BOM (as Windows editors write one); so may pattern files."""
    from breachfacts.tables import load_json_table

    bom = "\ufeff"
    (tmp_path / "cues.json").write_text(bom + '{"hedge_lemmas": ["surmise"]}', encoding="utf-8")
    (tmp_path / "mine.jsonl").write_text(
        bom + '{"id": "org-bom", "label": "ORG", "pattern": "Zorbex"}\n', encoding="utf-8"
    )
    assert load_json_table("cues.json", [tmp_path])["hedge_lemmas"] == ["surmise"]
    assert [p["id"] for p in load_file(tmp_path / "mine.jsonl")] == ["org-bom"]


def test_builtin_patterns_pass_the_load_checks() -> None:
    """The checks a user's pattern meets at load (compiled, regex cost, not the empty
    sequence, not filler, example matches) hold for the built-in ones too: checked here
    rather than at every start."""
    from breachfacts.nlp.patterns import check_pattern

    problems = {}
    for p in BUILTIN:
        line = {k: v for k, v in p.items() if k != "_source"}
        _obj, found = check_pattern(line)
        if found:
            problems[p["_source"]] = found
    assert problems == {}


HOSTILE_LINES = [
    ('{"id": "u", "label": "ORG", "pattern": [{"TEXT": {"REGEX": "(unclosed"}}]}',
     "[pattern -> 0 -> TEXT -> REGEX] invalid regex: missing ), unterminated subpattern"),
    ('{"id": "u", "label": "ORG", "pattern": [{"TEXT": {"REGEX": "^(a+)+$"}}]}',
     "[pattern -> 0 -> TEXT -> REGEX] nested quantifiers"),
    ('{"id": "u", "label": "ORG", "pattern": [{"LOWER": {"REGEX": "(x|x)*y"}}]}',
     "[pattern -> 0 -> LOWER -> REGEX] nested quantifiers"),
    ('{"id": "u", "label": "IGNORE", "pattern": [{"OP": "*"}]}',
     "[pattern] matches the empty sequence"),
    ('{"id": "u", "label": "IGNORE", "pattern": [{"LOWER": "a", "OP": "{0,3}"}]}',
     "[pattern] matches the empty sequence"),
    ('{"id": "u", "label": "IGNORE", "pattern": [{}]}', "[pattern] matches 20 of the 20 tokens"),
    ('{"id": "u", "label": "ORG", "pattern": [{"IS_ALPHA": true, "OP": "+"}]}',
     "[pattern] matches 19 of the 20 tokens"),
    ('{"id": "u", "label": "ORG", "pattern": [{"POS": {"NOT_IN": ["PROPN"]}}]}',
     "[pattern] matches 20 of the 20 tokens"),
    ('{"id": "u", "label": "ORG", "example": "nothing here", "pattern": [{"LOWER": "zorbex"}]}',
     "[example] 'nothing here' does not match its own pattern"),
    ('{"id": "u", "label": "ORG", "example": "no", "pattern": "Zorbex Crew"}',
     "[example] 'no' does not match its own pattern"),
    ('{"id": "u", "label": "ORG", "pattern": [{"_": {"no_such_extension": "x"}}]}',
     "[pattern] spaCy cannot use this pattern (AttributeError: [E046]"),
    ('{"id": "u", "label": "ORG", "pattern": [{"LOWER": "a", "OP": "{2,1}"}]}',
     "[pattern] spaCy cannot use this pattern (ValueError: [E011]"),
    ('{"id": "u", "label": "ORG", "pattern": "x", "comment": ' + "[" * 100_000 + "]" * 100_000
     + "}", "malformed JSON (RecursionError"),
    ('{"id": "u", "label": "ORG", "pattern": "x", "comment": ' + "[" * 30 + "]" * 30 + "}",
     "[] nested more than 16 deep"),
    ('{"id": "u", "label": "ORG", "pattern": "x", "comment": ' + "9" * 5000 + "}",
     "malformed JSON (ValueError"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), HOSTILE_LINES, ids=range(len(HOSTILE_LINES)))
def test_a_hostile_pattern_is_refused_at_load_in_one_line(
    tmp_path: Path, line: str, message: str
) -> None:
    """Issue #16, class 9: a bad regex, a regex that backtracks exponentially, a pattern that
    matches nothing or anything, a wrong example, a line nested 100,000 deep: one line naming
    the file and line (not a traceback, not a silent loss of every fact)."""
    f = tmp_path / "mine.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(PatternError) as err:
        load_file(f)
    text = str(err.value)
    assert text.startswith(f"{f}:1: "), text
    assert message in text, text
    assert "\n" not in text


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "u", "label": "ORG", "example": "APT 99", '
        '"pattern": [{"TEXT": "APT"}, {"TEXT": {"REGEX": "^\\\\d+(?:\\\\.\\\\d+)*$"}}]}',
        '{"id": "u", "label": "ORG", "example": "the zorbex crew", '
        '"pattern": [{"LOWER": "zorbex"}, {"POS": "NOUN"}]}',
        '{"id": "u", "label": "ORG", "example": "Zorbex Crew hit", "pattern": "Zorbex Crew"}',
        '{"id": "u", "label": "ORG", '
        '"pattern": [{"LOWER": "the"}, {"LOWER": "zorbex", "OP": "?"}]}',
    ],
)
def test_a_sound_user_pattern_passes_the_load_checks(tmp_path: Path, line: str) -> None:
    f = tmp_path / "mine.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    assert [p["id"] for p in load_file(f)] == ["u"]


def test_a_user_regex_is_capped_and_fast_on_a_crafted_token(tmp_path: Path) -> None:
    """A user's REGEX that is polynomial (not refused) is not tried on a token over
    MAX_TOKEN_CHARS characters: a crafted 5,000-character token costs nothing."""
    import time

    from spacy.matcher import Matcher

    from breachfacts.nlp.patterns import check_pattern
    from breachfacts.nlp.regexes import MAX_TOKEN_CHARS

    line = {"id": "u", "label": "ORG", "pattern": [{"TEXT": {"REGEX": r"^\d+\d+\d+x$"}}]}
    obj, problems = check_pattern(line)
    assert problems == []
    import spacy

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    matcher.add("u", [obj["pattern"]])
    assert matcher(nlp.make_doc("111x"))
    started = time.perf_counter()
    assert not matcher(nlp.make_doc("1" * 5000 + "y"))
    assert time.perf_counter() - started < 2
    assert not matcher(nlp.make_doc("1" * MAX_TOKEN_CHARS + "x"))


def test_a_table_nested_100000_deep_is_one_line(tmp_path: Path) -> None:
    from breachfacts.tables import load_json_table

    (tmp_path / "cues.json").write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(PatternError, match="malformed JSON \\(RecursionError"):
        load_json_table("cues.json", [tmp_path])
    (tmp_path / "cues.json").write_text('{"x": ' + "[" * 20 + "]" * 20 + "}")
    with pytest.raises(PatternError, match="nested more than 16 deep"):
        load_json_table("cues.json", [tmp_path])
