"""Vardag's privacy kernel: pure Python, never imports Django.

- identifiers: find personnummer, samordningsnummer, phone numbers and e-mail addresses.
- redaction: irreversible placeholders for free-text answers (surveys, participation).
- pseudonymise: reviewed, consistent pseudonyms for research transcripts.

See docs/privacy.md.
"""

from vardag.core.privacy.first_names import SWEDISH_FIRST_NAMES
from vardag.core.privacy.identifiers import (
    Found,
    Kind,
    contains_valid_personnummer,
    find_emails,
    find_identifiers,
    find_identity_numbers,
    find_phone_numbers,
    identity_kind,
)
from vardag.core.privacy.names import NameFound, NameSource, find_names
from vardag.core.privacy.offsets import OffsetMap, Replacement
from vardag.core.privacy.pseudonymise import (
    KeyEntry,
    Pseudonymisation,
    PseudonymKey,
    Source,
    Suggestion,
    apply,
    suggest,
    suggestion_for,
)
from vardag.core.privacy.redaction import (
    PLACEHOLDERS,
    Redaction,
    find_sensitive,
    redact,
    redact_identity_numbers,
)

__all__ = [
    "PLACEHOLDERS",
    "SWEDISH_FIRST_NAMES",
    "Found",
    "KeyEntry",
    "Kind",
    "NameFound",
    "NameSource",
    "OffsetMap",
    "PseudonymKey",
    "Pseudonymisation",
    "Redaction",
    "Replacement",
    "Source",
    "Suggestion",
    "apply",
    "contains_valid_personnummer",
    "find_emails",
    "find_identifiers",
    "find_identity_numbers",
    "find_names",
    "find_phone_numbers",
    "find_sensitive",
    "identity_kind",
    "redact",
    "redact_identity_numbers",
    "suggest",
    "suggestion_for",
]
