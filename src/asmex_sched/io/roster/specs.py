"""The roster's sheets, columns and Mission settings, and the limits on their values.

Public: the template writer (:mod:`asmex_sched.io.template`) builds its sheets and
instructions from them, so the template and the reader cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date, time

from asmex_sched.domain import GROUP_ALL, GROUP_BUYERS, GROUP_EXPORTERS, RequestedBy


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a roster sheet: English name, accepted aliases, help text."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    help_fr: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """One roster sheet (or CSV file): English name, aliases, columns."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    columns: tuple[ColumnSpec, ...] = ()
    help: str = ""
    help_fr: str = ""


@dataclass(frozen=True)
class SettingSpec:
    """One row of the ``Mission`` sheet."""

    name: str
    aliases: tuple[str, ...]
    default: str  # as shown in the template ("" = no default)
    help: str
    help_fr: str = ""


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "name",
        ("nom", "nom de la mission", "mission name"),
        "Trade mission",
        "Mission name",
        "Nom de la mission",
    ),
    SettingSpec("city", ("ville",), "", "City", "Ville"),
    SettingSpec("venue", ("lieu",), "", "Venue", "Lieu"),
    SettingSpec(
        "timezone",
        ("fuseau horaire", "fuseau"),
        "Africa/Nairobi",
        "IANA time zone",
        "Fuseau horaire IANA",
    ),
    SettingSpec(
        "country",
        ("pays", "pays hôte", "host country"),
        "",
        "Host country, checked for weekend days and public holidays (ISO code, or "
        "name in English or French; blank = the time zone's; none = no check)",
        "Pays hôte, pour signaler week-ends et jours fériés (code ISO, ou nom en "
        "français ou en anglais ; vide = celui du fuseau ; none = pas de contrôle)",
    ),
    SettingSpec(
        "first_day",
        ("premier jour", "date de début", "date du premier jour"),
        "",
        "Date of the first day (required)",
        "Date du premier jour (obligatoire)",
    ),
    SettingSpec(
        "days",
        ("jours", "nombre de jours", "number of days"),
        "5",
        "Number of mission days",
        "Nombre de jours",
    ),
    SettingSpec(
        "day_start",
        ("début de journée", "heure de début"),
        "09:00",
        "First meeting start",
        "Début du premier rendez-vous",
    ),
    SettingSpec(
        "day_end",
        ("fin de journée", "heure de fin"),
        "17:00",
        "Last meeting end",
        "Fin du dernier rendez-vous",
    ),
    SettingSpec(
        "meeting_minutes",
        ("durée rendez-vous (min)", "durée rendez-vous", "durée des rendez-vous",
         "durée d'un rendez-vous", "meeting length"),
        "30",
        "Meeting length in minutes",
        "Durée d'un rendez-vous en minutes",
    ),
    SettingSpec(
        "breaks",
        ("pauses",),
        "",
        "Daily breaks, e.g. 10:30-10:45; 12:30-14:00",
        "Pauses quotidiennes",
    ),
    SettingSpec(
        "tables",
        ("nombre de tables", "nb de tables", "number of tables"),
        "",
        "Number of tables (blank = total exporter delegates)",
        "Nombre de tables (vide = total des délégués exportateurs)",
    ),
    SettingSpec(
        "interpreters",
        ("interprètes", "nombre d'interprètes", "nb d'interprètes", "number of interpreters"),
        "0",
        "Interpreters available per slot",
        "Interprètes disponibles par créneau",
    ),
    SettingSpec(
        "notice_hours",
        ("préavis (heures)", "préavis heures", "préavis"),
        "12",
        "Re-planning notice in hours",
        "Préavis de replanification (heures)",
    ),
)

COMPANY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "id",
        # With 'company' too, and each sheet its side's word (_company_columns):
        # 'Exporter ID' was dropped without a word, and every wish naming an id was
        # then "unknown company" (a second reader's finding).
        ("ID", "Code", "Identifiant", "Réf", "Référence", "Company ID", "Company code",
         "ID entreprise", "Code entreprise"),  # fmt: skip
        False,
        "Short unique code (blank = company name)",
        "Code court unique (vide = nom de l'entreprise)",
    ),
    ColumnSpec(
        "company",
        ("Entreprise", "Société", "Company name", "Nom de l'entreprise", "Raison sociale"),
        True,
        "Company name (unique)",
        "Nom de l'entreprise (unique)",
    ),
    ColumnSpec(
        "sectors",
        ("Secteurs", "Secteur", "Sector", "Secteur d'activité", "Secteurs d'activité",
         "Industry", "Industries"),
        False,
        "Sectors, separated by ;",
        "Secteurs, séparés par ;",
    ),
    ColumnSpec(
        "languages",
        ("Langues", "Langue", "Language", "Lang", "Langues parlées", "Spoken languages"),
        False,
        "Language codes (fr; en; ar; sw)",
        "Codes de langue (fr; en; ar; sw)",
    ),
    ColumnSpec(
        "delegates",
        ("Délégués", "Nb de délégués", "Nombre de délégués", "Number of delegates",
         "Délégation", "Nb délégués", "Nbre de délégués", "Nbre délégués",
         "Nombre délégués", "Nb délégué(s)", "Number of delegate(s)"),
        False,
        "Meetings held at once (default 1)",
        "Rendez-vous simultanés (défaut 1)",
    ),
    ColumnSpec(
        "max_meetings",
        ("Rendez-vous max", "Max RDV", "RDV max", "Max meetings", "Maximum meetings",
         "Nb max de rendez-vous", "Nombre maximal de rendez-vous", "Max", "Maximum", "Quota"),
        False,
        "Cap on meetings over the mission (blank = none)",
        "Plafond de rendez-vous (vide = aucun)",
    ),
    ColumnSpec(
        "contact",
        ("Personne de contact", "Contact person", "Nom du contact"),
        False,
        "Contact person",
        "Personne à contacter",
    ),
    ColumnSpec(
        "email",
        ("E-mail", "Email address", "Adresse e-mail", "Courriel", "Mail"),
        False,
        "E-mail",
        "E-mail",
    ),
    ColumnSpec(
        "phone",
        ("Téléphone", "Tél", "Tel", "Phone number", "Mobile", "GSM", "Portable"),
        False,
        "Phone",
        "Téléphone",
    ),
    ColumnSpec(
        "wishes",
        ("Souhaits", "Souhait", "Wish list", "Wished", "Wanted", "Acheteurs souhaités",
         "Exportateurs souhaités", "Wished buyers", "Wished exporters", "Targets", "Cibles",
         "Rendez-vous souhaités", "Wanted meetings", "Preferred buyers", "Preferred exporters",
         "Choix", "Choix d'acheteurs", "Choix d'exportateurs", "Meetings requested",
         "Rendez-vous demandés", "Buyers of interest", "Exporters of interest"),
        False,
        "Other side's ids or names, ; separated, most wanted first",
        "Ids ou noms de l'autre côté, séparés par ;, le plus souhaité d'abord",
    ),
)

_EXPORTER_ALIASES = ("Exportateur", "Exporter id", "Exporter name", "Id exportateur")
_BUYER_ALIASES = ("Acheteur", "Buyer id", "Buyer name", "Importer", "Importateur", "Id acheteur")

MISSION = SheetSpec(
    "mission",
    "Mission",
    ("Paramètres", "Mission", "Settings", "Paramètres de la mission", "Mission settings"),
    True,
    (),
    "Two columns: setting, value",
    "Deux colonnes : paramètre, valeur",
)
def _company_columns(id_words: tuple[str, ...]) -> tuple[ColumnSpec, ...]:
    """:data:`COMPANY_COLUMNS` with the side's own names of the id column: on the
    Exporters sheet 'Buyer ID' is not the id (a host buyer's column, say), and was
    read as it (a second reader)."""
    first, *rest = COMPANY_COLUMNS
    return (dc_replace(first, aliases=first.aliases + id_words), *rest)


EXPORTER_COLUMNS = _company_columns(
    ("Exporter ID", "Exporter code", "ID exportateur", "Code exportateur")
)
BUYER_COLUMNS = _company_columns(
    ("Buyer ID", "Importer ID", "Buyer code", "ID acheteur", "Code acheteur")
)

EXPORTERS = SheetSpec(
    "exporters",
    "Exporters",
    ("Exportateurs", "Exporter list", "Liste des exportateurs"),
    True,
    EXPORTER_COLUMNS,
    "One row per exporter",
    "Une ligne par exportateur",
)
BUYERS = SheetSpec(
    "buyers",
    "Buyers",
    ("Acheteurs", "Importers", "Importateurs", "Buyer list", "Liste des acheteurs"),
    True,
    BUYER_COLUMNS,
    "One row per buyer",
    "Une ligne par acheteur",
)
REQUESTS = SheetSpec(
    "requests",
    "Requests",
    ("Demandes", "Rendez-vous souhaités", "RDV souhaités", "Meeting requests",
     "Demandes de rendez-vous"),
    False,
    (
        ColumnSpec(
            "exporter", _EXPORTER_ALIASES, True, "Exporter id or name", "Id ou nom de l'exportateur"
        ),
        ColumnSpec("buyer", _BUYER_ALIASES, True, "Buyer id or name", "Id ou nom de l'acheteur"),
        ColumnSpec(
            "priority",
            ("Priorité",),
            False,
            "1 (highest), 2 (default) or 3",
            "1 (la plus haute), 2 (défaut) ou 3",
        ),
        ColumnSpec(
            "requested_by",
            ("Demandé par", "Requester", "Demandeur"),
            False,
            "exporter (default), buyer or both",
            "exportateur (défaut), acheteur ou les deux",
        ),
    ),
    "Wanted meetings (adds to the wishes)",
    "Rendez-vous demandés (en plus des souhaits)",
)
UNAVAILABILITY = SheetSpec(
    "unavailability",
    "Unavailability",
    ("Indisponibilités", "Indisponibilité", "Absences", "Unavailabilities", "Not available",
     "Non disponible", "Indisponible", "Indisponibles", "Unavailable", "Indispo"),
    False,
    (
        ColumnSpec(
            "participant",
            ("Entreprise", "Company", "Société", "Who", "Qui"),
            True,
            "Id or name, or ALL, EXPORTERS, BUYERS",
            "Id ou nom, ou TOUS, EXPORTATEURS, ACHETEURS",
        ),
        ColumnSpec(
            "date",
            ("Jour", "Day"),
            True,
            "Date (2025-11-10 or 10/11/2025)",
            "Date (2025-11-10 ou 10/11/2025)",
        ),
        ColumnSpec(
            "start",
            ("Début", "Heure de début", "Heure début", "Start time", "From", "Depuis", "De",
             "Du"),
            False,
            # as the reader takes it: "blank = whole day" said so of a start left blank
            # before an end, which is from day_start (a tester)
            "Start time (blank = from day_start; start and end blank = the whole day)",
            "Heure de début (vide = dès le début de journée, day_start ; début et fin "
            "vides = toute la journée)",
        ),
        ColumnSpec(
            "end",
            ("Fin", "Heure de fin", "Heure fin", "End time", "To", "Until", "Jusqu'à", "À",
             "Au"),
            False,
            "End time (blank = until day_end; start and end blank = the whole day)",
            "Heure de fin (vide = jusqu'à la fin de journée, day_end ; début et fin "
            "vides = toute la journée)",
        ),
        ColumnSpec(
            "reason",
            ("Motif", "Raison", "Comment", "Commentaire"),
            False,
            "Reason (free text)",
            "Motif (texte libre)",
        ),
    ),
    "Times a participant cannot meet",
    "Périodes où un participant ne peut pas se réunir",
)
FIXED = SheetSpec(
    "fixed",
    "Fixed",
    ("Rendez-vous fixés", "RDV fixés", "Rendez-vous imposés", "Fixed meetings", "Pre-booked",
     "Prebooked", "Pre-booked meetings"),
    False,
    (
        ColumnSpec(
            "exporter", _EXPORTER_ALIASES, True, "Exporter id or name", "Id ou nom de l'exportateur"
        ),
        ColumnSpec("buyer", _BUYER_ALIASES, True, "Buyer id or name", "Id ou nom de l'acheteur"),
        ColumnSpec("date", ("Jour", "Day"), True, "Meeting date", "Date du rendez-vous"),
        ColumnSpec(
            "start",
            ("Début", "Heure", "Time", "Heure de début", "Start time"),
            True,
            "Slot start time (e.g. 09:30)",
            "Heure de début du créneau (ex. 09:30)",
        ),
        ColumnSpec(
            "table",
            ("Table n°", "N° de table", "Numéro de table", "Table number"),
            False,
            "Table number (optional)",
            "Numéro de table (facultatif)",
        ),
    ),
    "Meetings that must happen at a given time",
    "Rendez-vous imposés à une heure donnée",
)

#: Every sheet the reader knows, in reading order.
SHEETS: tuple[SheetSpec, ...] = (MISSION, EXPORTERS, BUYERS, REQUESTS, UNAVAILABILITY, FIXED)

_GROUP_WORDS = {
    "all": GROUP_ALL,
    "tous": GROUP_ALL,
    "exporters": GROUP_EXPORTERS,
    "exportateurs": GROUP_EXPORTERS,
    "buyers": GROUP_BUYERS,
    "acheteurs": GROUP_BUYERS,
}
_REQUESTED_BY_WORDS = {
    "exporter": RequestedBy.EXPORTER,
    "exporters": RequestedBy.EXPORTER,
    "exportateur": RequestedBy.EXPORTER,
    "exportateurs": RequestedBy.EXPORTER,
    "buyer": RequestedBy.BUYER,
    "buyers": RequestedBy.BUYER,
    "acheteur": RequestedBy.BUYER,
    "acheteurs": RequestedBy.BUYER,
    "both": RequestedBy.BOTH,
    "lesdeux": RequestedBy.BOTH,
    "deux": RequestedBy.BOTH,
}
_EXCEL_EPOCH = date(1899, 12, 30)
#: Day 0 of a workbook in the 1904 date system (Excel for Mac's older default): its
#: date serials count from there, four years and a day later (a first_day typed as a
#: number in one was read in 2026 for 2030, without a word; an other-apps tester).
_MAC_EPOCH = date(1904, 1, 1)
_END_OF_DAY = time(23, 59)


#: How far down a sheet its header row is looked for (title rows above it).
HEADER_SEARCH_ROWS = 10


#: Sanity limits: a mission of more than a year, or a notice of more than a
#: year, is a typing error (and would overflow date arithmetic).
MAX_DAYS = 366
#: Sanity limits that catch a typo (20000 for 200) before it crashes the agenda's
#: day grids (one column per table; Excel has 16 384) or fills the memory: the trade
#: fair of the benchmarks has 150 tables, its largest company 3 delegates.
MAX_TABLES = 2000
MAX_DELEGATES = 100
MAX_NOTICE_HOURS = 366 * 24
