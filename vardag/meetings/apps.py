from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Meeting series, agendas, meeting mode, minutes and protocols."""

    name = "vardag.meetings"
    label = "meetings"
    verbose_name = _("Möten")

    def ready(self) -> None:
        from vardag.core import navigation
        from vardag.ideas import agenda, guide
        from vardag.meetings.selectors import (
            annotate_agenda_meeting,
            idea_agenda_places,
            meeting_url,
            next_meeting_start,
        )

        guide.register_next_meeting(next_meeting_start)
        agenda.register_agenda_places(idea_agenda_places)
        agenda.register_agenda_meeting(
            agenda.AgendaMeetingProvider(annotate=annotate_agenda_meeting, meeting_url=meeting_url)
        )
        self._register_personal_data()

        navigation.register(
            navigation.NavItem(
                key="meetings", label=_("Möten"), url_name="meetings:index", order=20
            )
        )
        navigation.register(
            navigation.NavItem(
                key="week",
                label=_("Min vecka"),
                url_name="meetings:week",
                order=21,
                is_visible=lambda user: bool(
                    getattr(user, "is_manager", False) or getattr(user, "is_org_admin", False)
                ),
            )
        )

    @staticmethod
    def _register_personal_data() -> None:
        """Contribute the meetings part of "download my data" (when accounts offers it)."""
        import importlib
        import importlib.util

        if importlib.util.find_spec("vardag.accounts.personal_data") is None:
            return
        from vardag.meetings import selectors
        from vardag.meetings.models import ActionItem, AgendaItem, CalendarFeed

        personal_data = importlib.import_module("vardag.accounts.personal_data")
        register = personal_data.register
        register("meeting_action_items", selectors.personal_action_items, model=ActionItem)
        register("meeting_agenda_items", selectors.personal_agenda_items, model=AgendaItem)
        register("meeting_calendar_feeds", selectors.personal_calendar_feeds, model=CalendarFeed)
