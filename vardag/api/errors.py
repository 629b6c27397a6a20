"""The API's answers to input it cannot read, in the request's language.

django-ninja hands on pydantic's errors (`loc`, `type`, `msg`, `ctx`) with pydantic's English
`msg`. The 422 keeps `loc`, `type` and `ctx` as they are (machine-readable, the same in every
language) and words `msg` through gettext like every other text of Vardag: Swedish source, English
catalogue. An error type not listed here keeps pydantic's own text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# pydantic_core's error types (https://docs.pydantic.dev/latest/errors/validation_errors/) that
# an API client meets, with the context values each message names (`%(name)s`).
MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("Fältet måste fyllas i."),
    "extra_forbidden": gettext_lazy("Fältet finns inte här och får inte skickas."),
    "int_type": gettext_lazy("Värdet ska vara ett heltal."),
    "int_parsing": gettext_lazy(
        "Värdet ska vara ett heltal; texten går inte att tolka som ett tal."
    ),
    "int_parsing_size": gettext_lazy("Värdet ska vara ett heltal; talet är för långt."),
    "int_from_float": gettext_lazy("Värdet ska vara ett heltal, utan decimaler."),
    "float_type": gettext_lazy("Värdet ska vara ett tal."),
    "float_parsing": gettext_lazy(
        "Värdet ska vara ett tal; texten går inte att tolka som ett tal."
    ),
    "decimal_type": gettext_lazy("Värdet ska vara ett decimaltal."),
    "decimal_parsing": gettext_lazy("Värdet ska vara ett decimaltal."),
    "finite_number": gettext_lazy("Värdet ska vara ett ändligt tal."),
    "bool_type": gettext_lazy("Värdet ska vara sant eller falskt (true eller false)."),
    "bool_parsing": gettext_lazy(
        "Värdet ska vara sant eller falskt (true eller false); texten går inte att läsa som det."
    ),
    "string_type": gettext_lazy("Värdet ska vara en text."),
    "string_unicode": gettext_lazy("Värdet ska vara en giltig Unicode-text."),
    "string_too_short": gettext_lazy("Texten ska ha minst %(min_length)s tecken."),
    "string_too_long": gettext_lazy("Texten får ha högst %(max_length)s tecken."),
    "string_pattern_mismatch": gettext_lazy("Texten ska ha formen %(pattern)s."),
    "too_short": gettext_lazy("Ska ha minst %(min_length)s värden, inte %(actual_length)s."),
    "too_long": gettext_lazy("Får ha högst %(max_length)s värden, inte %(actual_length)s."),
    "greater_than": gettext_lazy("Värdet ska vara större än %(gt)s."),
    "greater_than_equal": gettext_lazy("Värdet ska vara minst %(ge)s."),
    "less_than": gettext_lazy("Värdet ska vara mindre än %(lt)s."),
    "less_than_equal": gettext_lazy("Värdet får vara högst %(le)s."),
    "multiple_of": gettext_lazy("Värdet ska vara en multipel av %(multiple_of)s."),
    "enum": gettext_lazy("Värdet ska vara ett av %(expected)s."),
    "literal_error": gettext_lazy("Värdet ska vara ett av %(expected)s."),
    "json_invalid": gettext_lazy("Ogiltig JSON: %(error)s"),
    "json_type": gettext_lazy("Värdet ska vara JSON i en text."),
    "list_type": gettext_lazy("Värdet ska vara en lista."),
    "dict_type": gettext_lazy("Värdet ska vara ett objekt."),
    "model_type": gettext_lazy("Värdet ska vara ett objekt."),
    "model_attributes_type": gettext_lazy("Värdet ska vara ett objekt."),
    "date_type": gettext_lazy("Värdet ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "date_parsing": gettext_lazy("Värdet ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Värdet ska vara ett datum (ÅÅÅÅ-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy(
        "Värdet ska vara ett datum; en tidpunkt får inte ha något klockslag."
    ),
    "datetime_type": gettext_lazy("Värdet ska vara en tidpunkt (ÅÅÅÅ-MM-DDTtt:mm)."),
    "datetime_parsing": gettext_lazy("Värdet ska vara en tidpunkt (ÅÅÅÅ-MM-DDTtt:mm)."),
    "datetime_from_date_parsing": gettext_lazy("Värdet ska vara en tidpunkt (ÅÅÅÅ-MM-DDTtt:mm)."),
    "time_type": gettext_lazy("Värdet ska vara ett klockslag (tt:mm)."),
    "time_parsing": gettext_lazy("Värdet ska vara ett klockslag (tt:mm)."),
    "uuid_type": gettext_lazy("Värdet ska vara ett UUID."),
    "uuid_parsing": gettext_lazy("Värdet ska vara ett UUID."),
    "url_type": gettext_lazy("Värdet ska vara en webbadress."),
    "url_parsing": gettext_lazy("Värdet ska vara en webbadress."),
}


def _expected(text: str) -> str:
    """pydantic joins the allowed values in English ("'a', 'b' or 'c'")."""
    head, sep, last = text.rpartition(" or ")
    if not sep:
        return text
    return _("%(values)s eller %(last)s") % {"values": head, "last": last}


def message(error: Mapping[str, Any]) -> str:
    """One error's `msg` in the active language (pydantic's own when its type is not listed)."""
    if error.get("type") == "value_error" and (error.get("ctx") or {}).get("error"):
        # A validator of ours raised ValueError with its own (translated) sentence: that
        # sentence, without pydantic's English "Value error, " in front.
        return str(error["ctx"]["error"])
    template = MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return str(error.get("msg", ""))
    values = {str(k): v for k, v in (error.get("ctx") or {}).items()}
    if "expected" in values:
        values["expected"] = _expected(str(values["expected"]))
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):  # a context pydantic did not give: plain text
        return str(error.get("msg", ""))


def translated_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The errors with `msg` in the active language; `loc`, `type` and `ctx` untouched."""
    return [
        {**error, "msg": message(error)}
        if error.get("type") in MESSAGES or error.get("type") == "value_error"
        else dict(error)
        for error in errors
    ]
