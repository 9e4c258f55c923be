"""What the workflow engine announces to the layers above it, which it must not import.

`transition_refused` is sent when the engine refuses a move (sender: the model class;
arguments: `instance`, `name` of the move, `actor` or `system`, and `why`, a code). The audit
log subscribes to it (`portal.audit.signals`), so a refused move is recorded (ASVS 16.3.3)."""

from django.dispatch import Signal

transition_refused = Signal()
