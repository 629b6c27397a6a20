"""Easy-read Swedish for the child mode of the participant pages (LIX ≤ 30, tested).

Short sentences and short words. Every text a child sees in child mode lives here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHILD_TEXTS = {
    "intro": _("Hej! Vi vill veta vad du tycker. Du bestämmer själv om du vill vara med."),
    "anonymous": _("Du skriver inte ditt namn. Ingen vet vem som har svarat."),
    "scale": _("Hur känns det? Välj en bild."),
    "text": _("Vill du säga mer? Skriv här. Skriv inte ditt namn."),
    "age": _("Hur gammal är du?"),
    "own_consent": _("Jag vill vara med och säga vad jag tycker."),
    "guardian_consent": _("En vuxen som tar hand om mig har sagt ja."),
    "consent_help": _("Är du under 13 år? Då ska en vuxen som tar hand om dig säga ja först."),
    "send": _("Skicka"),
    "thanks": _("Tack! Nu har vi fått ditt svar."),
    "sent_before": _("Vi har redan fått ditt svar. Koden fick du när du skickade det."),
    "code": _("Det här är din kod. Spara den. Med koden kan du se vad vi gör med ditt svar."),
    "back": _("Har du en kod? Skriv den här. Då ser du vad som har hänt."),
    "code_label": _("Din kod"),
    "show": _("Visa"),
    "no_news": _("Vi har inte svarat än. Titta igen om några dagar."),
    "what_happened": _("Det här har hänt med det du sa"),
    "your_view": _("Det här sa du"),
    "closed": _("Du kan inte svara här längre. Tack ändå!"),
    "wrong_code": _("Vi hittar inte koden. Titta en gång till på den."),
    "wait": _("Du har provat många koder. Vänta en kvart. Prova sedan igen."),
    # What went wrong in the form, in the same easy words.
    "fix": _("Något är inte klart. Titta här:"),
    "age_missing": _("Välj hur gammal du är."),
    "answer_missing": _("Välj en bild eller skriv något."),
    "own_consent_missing": _("Kryssa i rutan om du vill vara med."),
    "guardian_missing": _("En vuxen som tar hand om dig ska säga ja först."),
    "too_long": _("Din text är för lång. Skriv lite kortare."),
}
