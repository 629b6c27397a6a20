"""Background work for ideas: flag overdue feedback to the responsible managers."""

from __future__ import annotations

from django_tasks import task

from vardag.ideas import services


@task()
def flag_overdue_feedback() -> int:
    """Idempotent: an idea is flagged once per lapse (run daily by `vardag worker` schedules)."""
    return services.feedback_overdue_flag()


@task()
def flag_revisit_due() -> int:
    """Idempotent: remind once when an idea on hold reaches its revisit date."""
    return services.revisit_due_flag()
