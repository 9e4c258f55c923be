"""How Celery must behave here: plain constants, named as Django settings (``CELERY_*``).

``portal/celery.py`` applies them as defaults after it reads the Django settings, so no settings
file has to import this module; a ``CELERY_*`` value in the settings still wins (the broker URL
and the filesystem transport's folders come from there). ``tests/notifications/
test_celery_settings.py`` asserts the resulting configuration, whichever file it came from.

Why these values:

- Every task here is idempotent (outbox claims and the reminder ledger are guarded by the
  database), so a task is acknowledged only after it has run (``ACKS_LATE``), and a task whose
  worker process dies is put back on the queue (``REJECT_ON_WORKER_LOST``). ``PREFETCH 1`` stops
  a worker holding messages it is not working on, which would be lost or delayed with it.
- A closed or unreachable broker must fail in about a second, not hang a web worker: short
  connect timeouts, and a publish retry policy that gives up after well under a second.
- Redis re-delivers a message nobody acknowledged within ``visibility_timeout``. It has to be
  longer than any task can run (twice the longest hard time limit), or a long task would be
  started a second time while the first is still going.
"""

# Serialisation: JSON only. A pickled message from a compromised broker is code execution.
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Nothing reads task results: the database is where outcomes are recorded.
CELERY_TASK_IGNORE_RESULT = True

# Time limits for any task that does not set its own (each of ours does).
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_TIME_LIMIT = 5 * 60
# The longest hard limit any task sets (the daily reminder sweep). The visibility timeout
# below is derived from it; the settings test checks every registered task stays within it.
LONGEST_TASK_TIME_LIMIT = 10 * 60

# Delivery guarantees.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# When the worker loses the broker connection, tasks it cannot acknowledge any more will be
# redelivered anyway; cancelling them avoids running the same task twice side by side.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# On a warm shutdown (deploy, scale-down) give running tasks a few seconds, then hand any
# unacknowledged message back to the broker instead of waiting for the visibility timeout.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 10.0

# Broker connections: fail fast. `broker_connection_timeout` bounds the connect in kombu; the
# Redis socket timeouts bound a connect to a silent host and a read on a dead connection.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # a worker waits for Redis to come up
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_VISIBILITY_TIMEOUT = max(60 * 60, 2 * LONGEST_TASK_TIME_LIMIT)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "retry_on_timeout": False,
    # How kombu retries the first connect when a publisher opens its channel. Its default
    # sleeps 2 s before retrying, which alone breaks a 2-second page; fail at once instead
    # (the outbox has the message). Workers reconnect through their own loop, not this.
    "max_retries": 0,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}

# Beat: schedules live in the database (editable in the admin); `portal.notifications.schedules`
# creates the rows in a migration. Run exactly one beat process.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/London"

__all__ = [name for name in dir() if name.startswith("CELERY_")]
