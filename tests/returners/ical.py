"""A small RFC 5545 reader for tests: unfold, unescape, and the VEVENT's properties."""


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: every line ends CRLF; a line starting with a space continues the last."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in raw)
    assert all(len(line.encode()) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            assert value[i] not in ";,", f"unescaped {value[i]!r} in {value!r}"
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> dict:
    """The VEVENT's properties, by name, with parameters split off."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    event: dict = {}
    inside = False
    for line in lines:
        if line == "BEGIN:VEVENT":
            inside = True
            continue
        if line == "END:VEVENT":
            break
        if inside:
            name_and_params, value = line.split(":", 1)
            name, *params = name_and_params.split(";")
            event.setdefault(name, []).append((params, value))
    return event
