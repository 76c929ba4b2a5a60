"""
The relevance test set: what a reader types on the list page of a language, and the
documents of the corpus (tests/search/corpus.py) that must come first, judged from the
texts as a reader would, not from what the search returns today.

Kinds of query:
  word    a word or two as they stand in the relevant texts
  form    another form of the word (case, possessive, plural, tense, spelling variant)
  name    a person or place named in another script or transliteration
  symbol  a document symbol, whole (that document first) or a prefix (its session's)
  typo    a small misspelling, or Azerbaijani typed without its letters (ə, ş, ğ…)
  phrase  words in quotes
  mixed   words of two languages, or a symbol and a word
"""

from typing import NamedTuple

KINDS = ("word", "form", "name", "symbol", "typo", "phrase", "mixed")
LANGUAGES = ("az", "en", "ru")


class Query(NamedTuple):
    text: str
    language: str  # of the page searched: /az/, /en/ or /ru/
    kind: str
    relevant: tuple[str, ...]  # slugs, in no order: the documents that must come first


# The demo's documents.
ADDRESS_3 = "address-president-aliyev-third-session-2025"
ADDRESS_2 = "message-president-aliyev-second-session-2024"
DECLARATION = "declaration-baku-security-forum-2025"
REGULATIONS = "regulations-baku-security-forum-2025"
OPENING_SPEECH = "opening-speech-naghiyev-third-session-2025"

# Documents of corpus.toml named on their own below.
CYBER_REPORT = "cyber-threats-working-group-report-2025"
TERRORISM_REPORT = "terrorism-humanitarian-crises-report-2025"
COOPERATION = "special-services-cooperation-statement-2025"
JOINT_DECLARATION = "washington-joint-declaration-communique-2025"
COMMITTEE_ESTABLISHED = "organizing-committee-secretariat-established-press-release-2025"
CRIME_REPORT = "extremism-organised-crime-report-2025"
DISASTERS_REPORT = "man-made-disasters-report-2025"
THIRD_OPENS = "third-session-opens-press-release-2025"
ADOPTED = "declaration-regulations-adopted-press-release-2025"
REGIONAL_NOTE = "regional-security-analytical-note-2025"  # Алиев, Вашингтон: Russian text only
INSTITUTIONALISATION = "forum-institutionalisation-statement-2025"  # Əliyev: az text only
COORDINATION_NOTE = "committee-coordination-note-2025"  # Naghiyev: English text only
HUMANITARIAN_PANEL = "humanitarian-panel-press-release-2025"
TRUST_PLATFORM = "mutual-trust-platform-statement-2025"
CLOSING_REMARKS = "closing-remarks-third-session-2025"
INITIATIVES = "initiatives-progress-report-2025"
NAGHIYEV_MEETINGS = "naghiyev-meets-heads-of-delegations-2025"
TERRORISM_STATEMENT = "terrorism-joint-statement-heads-of-delegations-2025"
TRANSPORT_REPORT = "transport-networks-security-report-2024"
TRANSPORT_CYBER = "transport-cyber-attacks-report-2024"
SECOND_PROGRAMME = "second-session-programme-2024"
SECOND_OPENS = "second-session-opens-press-release-2024"
SECOND_REMARKS = "second-session-opening-remarks-2024"
TERRORISM_2023 = "international-terrorism-report-2023"
CYBER_2023 = "first-session-cyber-security-report-2023"
COOPERATION_2023 = "first-session-cooperation-statement-2023"
OVERVIEW = "forum-overview-2023-2025"
SECRETARIAT_BEGINS = "secretariat-begins-work-press-release-2025"
COMMITTEE_MEETS = "organizing-committee-first-meeting-communique-2025"
PEACE_REPORT = "south-caucasus-peace-opportunities-report-2025"

# What a reader looking for a subject or a name expects first.
CYBER = (CYBER_REPORT, TRANSPORT_CYBER, CYBER_2023)
TERRORISM = (TERRORISM_REPORT, TERRORISM_STATEMENT, TERRORISM_2023)
# Documents about cooperation between special services, then between "security and
# intelligence services" too (the reader of a bare "cooperation" wants that one as well).
SPECIAL_SERVICES_COOPERATION = (COOPERATION, TRUST_PLATFORM, REGIONAL_NOTE)
COOPERATION_TOPIC = (*SPECIAL_SERVICES_COOPERATION, COOPERATION_2023)
THE_DECLARATION = (DECLARATION, ADOPTED, INITIATIVES, JOINT_DECLARATION)
SECRETARIAT = (SECRETARIAT_BEGINS, COMMITTEE_ESTABLISHED)
COMMITTEE = (COMMITTEE_ESTABLISHED, COMMITTEE_MEETS, COORDINATION_NOTE)
HUMANITARIAN_CRISES = (TERRORISM_REPORT, HUMANITARIAN_PANEL)
TRANSPORT = (TRANSPORT_REPORT, SECOND_PROGRAMME, SECOND_OPENS, SECOND_REMARKS)
# Every document that names the President (the Heydar Aliyev Centre is not him).
PRESIDENT = (
    ADDRESS_3,
    ADDRESS_2,
    THIRD_OPENS,
    JOINT_DECLARATION,
    SECOND_OPENS,
    OVERVIEW,
    REGIONAL_NOTE,
    INSTITUTIONALISATION,
)
NAGHIYEV = (OPENING_SPEECH, THIRD_OPENS, NAGHIYEV_MEETINGS, COORDINATION_NOTE, OVERVIEW)
WASHINGTON = (JOINT_DECLARATION, ADDRESS_3, REGIONAL_NOTE, PEACE_REPORT, OVERVIEW)
AZERBAIJAN_AND_ARMENIA = (JOINT_DECLARATION, ADDRESS_3, OVERVIEW, REGIONAL_NOTE)
ALIYEV_IN_WASHINGTON = AZERBAIJAN_AND_ARMENIA  # the same four name both
OPENING = (OPENING_SPEECH, THIRD_OPENS)
# The documents with a symbol of a session.
SESSION_1 = (
    "first-session-press-release-2023",
    "first-session-programme-2023",
    "first-session-communique-2023",
    TERRORISM_2023,
    CYBER_2023,
    COOPERATION_2023,
    "first-session-participating-countries-2023",
)
SESSION_2 = (
    ADDRESS_2,
    SECOND_PROGRAMME,
    SECOND_OPENS,
    TRANSPORT_REPORT,
    TRANSPORT_CYBER,
    "second-session-communique-2024",
    "annual-forum-proposal-statement-2024",
    SECOND_REMARKS,
)
SESSION_3 = (
    ADDRESS_3,
    DECLARATION,
    REGULATIONS,
    OPENING_SPEECH,
    THIRD_OPENS,
    ADOPTED,
    CYBER_REPORT,
    TERRORISM_REPORT,
    COOPERATION,
    JOINT_DECLARATION,
    COMMITTEE_ESTABLISHED,
    CRIME_REPORT,
    "third-session-programme-2025",
    DISASTERS_REPORT,
    "host-country-statement-third-session-2025",
    CLOSING_REMARKS,
    INITIATIVES,
    TRUST_PLATFORM,
    TERRORISM_STATEMENT,
)
# The texts holding the phrase (or, in Russian, its forms).
MUTUAL_TRUST = (TRUST_PLATFORM, COOPERATION, CLOSING_REMARKS, ADDRESS_3)
JOINT_DECLARATION_PHRASE = (JOINT_DECLARATION, ADDRESS_3, OVERVIEW, PEACE_REPORT)

EN = [
    Query("cyber threats", "en", "word", CYBER),
    Query("terrorism", "en", "word", TERRORISM),
    Query("declaration", "en", "word", THE_DECLARATION),
    Query("Secretariat", "en", "word", SECRETARIAT),
    Query("transport networks", "en", "word", TRANSPORT),
    Query("terrorists", "en", "form", TERRORISM),
    Query("organized crime", "en", "form", (CRIME_REPORT,)),
    Query("special services cooperating", "en", "form", SPECIAL_SERVICES_COOPERATION),
    Query("adopting the regulations", "en", "form", (REGULATIONS, ADOPTED)),
    Query("humanitarian crisis", "en", "form", HUMANITARIAN_CRISES),
    Query("Aliyev", "en", "name", PRESIDENT),
    Query("Alijev", "en", "name", PRESIDENT),
    Query("Naghiyev", "en", "name", NAGHIYEV),
    Query("Nagiyev", "en", "name", NAGHIYEV),
    Query("Pashinyan", "en", "name", (JOINT_DECLARATION,)),
    Query("BSF/3/DECL", "en", "symbol", (DECLARATION,)),
    Query("BSF/2", "en", "symbol", SESSION_2),
    Query("bsf/1/rep/2", "en", "symbol", (CYBER_2023,)),
    Query("Azerbaijn Armenia", "en", "typo", AZERBAIJAN_AND_ARMENIA),
    Query("cyber thretas", "en", "typo", CYBER),
    Query("Naghiyv", "en", "typo", NAGHIYEV),
    Query("Secretariet", "en", "typo", SECRETARIAT),
    Query('"mutual trust"', "en", "phrase", MUTUAL_TRUST),
    Query('"Joint Declaration"', "en", "phrase", JOINT_DECLARATION_PHRASE),
    Query('"Organizing Committee"', "en", "phrase", COMMITTEE),
    Query("Aliyev киберугрозы", "en", "mixed", (ADDRESS_3,)),
    Query("Washington bəyannamə", "en", "mixed", WASHINGTON),
    Query("Naghiyev açılış nitqi", "en", "mixed", OPENING),
]

AZ = [
    Query("kibertəhdidlər", "az", "word", CYBER),
    Query("humanitar böhranlar", "az", "word", HUMANITARIAN_CRISES),
    Query("Orta Dəhliz", "az", "word", (TRANSPORT_REPORT,)),
    Query("ekstremizm", "az", "word", (CRIME_REPORT,)),
    Query("terrorizm", "az", "form", TERRORISM),
    Query("əməkdaşlıq", "az", "form", COOPERATION_TOPIC),
    Query("Katiblik", "az", "form", SECRETARIAT),
    Query("Təşkilat Komitəsi", "az", "form", COMMITTEE),
    Query("bəyannamə", "az", "form", THE_DECLARATION),
    Query("nəqliyyat şəbəkələri", "az", "form", TRANSPORT),
    Query("Əliyev", "az", "name", PRESIDENT),
    Query("Aliyev", "az", "name", PRESIDENT),
    Query("Nağıyev", "az", "name", NAGHIYEV),
    Query("Paşinyan", "az", "name", (JOINT_DECLARATION,)),
    Query("Vaşinqton", "az", "name", WASHINGTON),
    Query("BSF/3/ADDR", "az", "symbol", (ADDRESS_3,)),
    Query("BSF/1", "az", "symbol", SESSION_1),
    Query("BSF/OC/1", "az", "symbol", (COMMITTEE_MEETS,)),
    Query("Teskilat Komitesi", "az", "typo", COMMITTEE),
    Query("terorizm", "az", "typo", TERRORISM),
    Query("Vasinqton", "az", "typo", WASHINGTON),
    Query("emekdasliq", "az", "typo", COOPERATION_TOPIC),
    Query('"qarşılıqlı etimad"', "az", "phrase", MUTUAL_TRUST),
    Query('"Birgə Bəyannamə"', "az", "phrase", JOINT_DECLARATION_PHRASE),
    Query('"silah qaçaqmalçılığı"', "az", "phrase", (CRIME_REPORT,)),
    Query("Əliyev Washington", "az", "mixed", ALIYEV_IN_WASHINGTON),
    Query("BSF/3 kibertəhdidlər", "az", "mixed", (CYBER_REPORT,)),
    Query("Nağıyev opening speech", "az", "mixed", OPENING),
]

RU = [
    Query("киберугрозы", "ru", "word", CYBER),
    Query("терроризм", "ru", "word", TERRORISM),
    Query("Секретариат", "ru", "word", SECRETARIAT),
    Query("гуманитарные кризисы", "ru", "word", HUMANITARIAN_CRISES),
    Query("контрабанда оружия", "ru", "word", (CRIME_REPORT,)),
    Query("сотрудничества спецслужб", "ru", "form", SPECIAL_SERVICES_COOPERATION),
    Query("декларацией", "ru", "form", THE_DECLARATION),
    Query("Оргкомитетом", "ru", "form", COMMITTEE),
    Query("техногенная катастрофа", "ru", "form", (DISASTERS_REPORT,)),
    Query("транспортных сетях", "ru", "form", TRANSPORT),
    Query("Ильхам Алиев", "ru", "name", PRESIDENT),
    Query("Алиев", "ru", "name", PRESIDENT),
    Query("Нагиев", "ru", "name", NAGHIYEV),
    Query("Вашингтон", "ru", "name", WASHINGTON),
    Query("Пашинян", "ru", "name", (JOINT_DECLARATION,)),
    Query("BSF/2/ADDR", "ru", "symbol", (ADDRESS_2,)),
    Query("BSF/3", "ru", "symbol", SESSION_3),
    Query("BSF/3/REP/1", "ru", "symbol", (CYBER_REPORT,)),
    Query("декларацыя", "ru", "typo", THE_DECLARATION),
    Query("тероризм", "ru", "typo", TERRORISM),
    Query("Вашингтн", "ru", "typo", WASHINGTON),
    Query("кибругрозы", "ru", "typo", CYBER),
    Query('"взаимного доверия"', "ru", "phrase", (*MUTUAL_TRUST, REGIONAL_NOTE)),
    Query('"Совместная декларация"', "ru", "phrase", (*JOINT_DECLARATION_PHRASE, REGIONAL_NOTE)),
    Query(
        '"Южном Кавказе"',
        "ru",
        "phrase",
        (JOINT_DECLARATION, REGIONAL_NOTE, PEACE_REPORT, ADDRESS_3, TRANSPORT_REPORT),
    ),
    Query("Naghiyev вступительное слово", "ru", "mixed", OPENING),
    Query("BSF/3 киберугрозы", "ru", "mixed", (CYBER_REPORT,)),
    Query("Əliyev Вашингтон", "ru", "mixed", ALIYEV_IN_WASHINGTON),
]

QUERIES = [*AZ, *EN, *RU]
