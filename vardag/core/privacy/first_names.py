"""Common Swedish first names, used only to *suggest* names for pseudonymisation.

A plain data module: roughly 300 of the first names most borne in Sweden and most given to
children in recent years, in the style of Statistics Sweden's (SCB) name statistics, written down
from general knowledge (not copied from an SCB table). Suggestions are always reviewed by a person;
this list is neither complete nor authoritative.
"""

from __future__ import annotations

_WOMEN = """
Agnes Agneta Alice Alma Alva Amanda Amina Anita Anna Anneli Annika Astrid Barbro Berit Birgitta
Britt Camilla Carina Caroline Cecilia Charlotte Clara Ebba Edith Elin Elisabeth Elise Ella Ellen
Ellie Elsa Elvira Emelie Emilia Emma Ester Eva Fatima Felicia Freja Frida Greta Gun Gunilla
Gunnel Hanna Hannah Hedvig Helena Hiba Hilda Ida Ines Inger Ingrid Iris Isabella Isabelle
Jasmine Jenny Jessica Johanna Josefin Julia Juni Kajsa Karin Karolina Katarina Kerstin Klara
Kristina Leah Leila Lena Linda Lina Linnea Lisa Liv Livia Louise Lova Lovisa Madeleine Maja
Majken Malin Margareta Margit Maria Marianne Marie Maryam Matilda Meja Mila Minna Mira Moa
Mona Monica Nellie Noor Nora Nova Olivia Petra Pia Rakel Rebecka Ronja Rut Saga Sandra Sanna
Sara Selma Signe Sigrid Siri Siv Sofia Sofie Solveig Stella Susanne Svea Thea Therese Tilda
Tindra Tova Tuva Tyra Ulla Ulrika Vera Victoria Viktoria Vilma Wilma Ylva Yvonne Zainab Zara
Åsa
"""

_MEN = """
Abdullahi Adam Adnan Ahmed Albin Alexander Alfred Ali Alvin Amir Anders Andreas Anton Arne Arvid
August Axel Benjamin Bengt Bertil Björn Bo Casper Charlie Christer Christian Claes Colin Dag
Daniel David Dennis Ebbe Edvin Elias Elijah Elliot Elton Emil Erik Felix Filip Frans Fredrik
Gabriel Gunnar Gustav Göran Hampus Hans Harry Hassan Henrik Hugo Hussein Håkan Ibrahim Ingemar
Isak Ivar Jakob Jan Jens Jesper Jimmy Joakim Johan Johnny Jonas Jonathan Josef Jörgen Karim
Karl Kent Kevin Kjell Kristoffer Kurt Lars Leif Lennart Leo Liam Linus Loke Love Lucas Ludvig
Lukas Magnus Malte Marcus Markus Martin Mats Matteo Mattias Max Mehmet Melvin Mikael Milo
Mohammad Mohammed Muhammad Mustafa Niklas Nils Noah Ola Olle Olof Oliver Omar Oskar Otto
Patrik Per Peter Pontus Rasmus Richard Rickard Robert Robin Roger Rolf Rune Samuel Sebastian
Simon Sixten Stefan Sten Stig Sven Theo Thomas Tobias Tommy Torbjörn Tord Ulf Urban Valter
Vidar Viggo Viktor Vincent William Wilhelm Yngve Yusuf Åke Örjan Östen
"""

SWEDISH_FIRST_NAMES: tuple[str, ...] = tuple(sorted({*_WOMEN.split(), *_MEN.split()}))

# Names that are also ordinary Swedish words (case-folded). They are not suggested at the start of
# a sentence, where the capital letter says nothing: "Hans mamma …", "Dag för dag …".
WORD_LIKE_NAMES: frozenset[str] = frozenset(
    [
        "august",
        "bo",
        "björn",
        "dag",
        "ester",
        "gun",
        "hans",
        "iris",
        "juni",
        "klara",
        "lina",
        "linnea",
        "lisa",
        "liv",
        "love",
        "max",
        "per",
        "rune",
        "rut",
        "saga",
        "sten",
        "stig",
        "svea",
        "tova",
        "urban",
    ]
)
