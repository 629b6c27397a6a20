"""Writes of ideas: drafts, submission, decisions with the mandate check, feedback, follow-ups.

Every state change is a Decision recorded through decision_record(), which refuses decisions that
no mandate held by the actor covers (MandateRefused, with the reasons in plain Swedish).

The package's modules: common (refusals, content fields, timeline events), submission (drafts,
edits, submission, withdrawal), decisions (the decision engine), feedback (feedback and the daily
flags), organisations (ideas that span organisations), participation (comments, support,
following, attachments), portfolio (stage, publication, merge) and processes (challenges and
process models). Callers import from the package: `from vardag.ideas import services`.
"""

# The base of every refusal, re-exported because callers catch `services.ValidationError`.
from django.core.exceptions import ValidationError

from vardag.ideas.services.common import (
    CANVAS_FIELDS,
    CONTENT_FIELDS,
    DecisionRefused,
    MandateRefused,
    StaleEdit,
)
from vardag.ideas.services.decisions import (
    MOVES,
    DecisionInput,
    decision_record,
    default_handling_date,
)
from vardag.ideas.services.feedback import (
    feedback_give,
    feedback_overdue_flag,
    feedback_text,
    revisit_due_flag,
)
from vardag.ideas.services.organisations import (
    consultation_record,
    idea_organisation_set,
)
from vardag.ideas.services.participation import (
    attachment_add,
    comment_add,
    follow_toggle,
    support_toggle,
)
from vardag.ideas.services.portfolio import (
    idea_merge,
    idea_publish,
    stage_set,
)
from vardag.ideas.services.processes import (
    STAGE_FIELDS,
    can_manage_challenges,
    challenge_create,
    is_local_path,
    process_model_install,
    process_model_install_for,
    process_model_make_default,
    process_model_set_evidence,
    stage_add,
    stage_update,
)
from vardag.ideas.services.submission import (
    SUBMIT_REQUIRED,
    Submitted,
    idea_create,
    idea_submit,
    idea_update,
    idea_withdraw,
    submit_field_problems,
    submit_problems,
    submitted_message,
)

__all__ = [
    "CANVAS_FIELDS",
    "CONTENT_FIELDS",
    "DecisionInput",
    "DecisionRefused",
    "MOVES",
    "MandateRefused",
    "STAGE_FIELDS",
    "SUBMIT_REQUIRED",
    "StaleEdit",
    "ValidationError",
    "attachment_add",
    "can_manage_challenges",
    "challenge_create",
    "comment_add",
    "consultation_record",
    "decision_record",
    "default_handling_date",
    "feedback_give",
    "feedback_overdue_flag",
    "feedback_text",
    "follow_toggle",
    "idea_create",
    "idea_merge",
    "idea_organisation_set",
    "idea_publish",
    "Submitted",
    "idea_submit",
    "submitted_message",
    "idea_update",
    "idea_withdraw",
    "is_local_path",
    "process_model_install",
    "process_model_install_for",
    "process_model_make_default",
    "process_model_set_evidence",
    "revisit_due_flag",
    "stage_add",
    "stage_set",
    "stage_update",
    "submit_field_problems",
    "submit_problems",
    "support_toggle",
]
