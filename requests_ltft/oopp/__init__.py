"""Out of Programme Pause (OOPP) applications: the second kind of application on the shared
workflow engine, with its own transition table (`requests_ltft.transitions.OOPP_TRANSITIONS`)."""
