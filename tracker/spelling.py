"""British and American spellings, so that "air defence" finds "air defense" and back.

A record's search text gets, beside its own words, the other spelling of each word
that has one; a query then matches either. Words are taken as the index's
tokenizer takes them: lower case, letters only.
"""

from __future__ import annotations

import re

# Whole-word pairs, British first; a plural in -s follows each of them.
PAIRS = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "programme": "program",
    "armour": "armor",
    "armoured": "armored",
    "centre": "center",
    "metre": "meter",
    "manoeuvre": "maneuver",
    "harbour": "harbor",
    "labour": "labor",
    "honour": "honor",
    "neighbour": "neighbor",
    "endeavour": "endeavor",
    "favour": "favor",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "aluminium": "aluminum",
    "fuelled": "fueled",
    "travelled": "traveled",
    "enrol": "enroll",
    "judgement": "judgment",
}
# -ise/-ize and -yse/-yze, with their endings: "modernisation", "prioritised", "analyse".
SUFFIXES = re.compile(r"^(\w{3,}?)([iy])s(e|es|ed|ing|ation|ations|er|ers)$")
SUFFIXES_Z = re.compile(r"^(\w{3,}?)([iy])z(e|es|ed|ing|ation|ations|er|ers)$")
WORD = re.compile(r"[^\W\d_]+")

_OTHER = {**PAIRS, **{american: british for british, american in PAIRS.items()}}
_OTHER.update({f"{word}s": f"{other}s" for word, other in list(_OTHER.items())})


def other_spelling(word: str) -> str | None:
    """The word as the other side of the Atlantic spells it, or None."""
    if word in _OTHER:
        return _OTHER[word]
    if match := SUFFIXES.match(word):
        return f"{match[1]}{match[2]}z{match[3]}"
    if match := SUFFIXES_Z.match(word):
        return f"{match[1]}{match[2]}s{match[3]}"
    return None


def variants(text: str) -> str:
    """The other spellings of the text's words, each once, in the order first met."""
    found: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        other = other_spelling(word)
        if other is not None:
            found.setdefault(other)
    return " ".join(found)
