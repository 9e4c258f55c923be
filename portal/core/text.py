"""Wording helpers shared by every app."""


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: only its first letter lowered, so the
    abbreviations in it keep their capitals ("Supported by TPD" -> "supported by TPD")."""
    return label[:1].lower() + label[1:]
