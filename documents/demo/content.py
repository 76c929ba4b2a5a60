"""
Demo documents: the seed address (full Russian text, as Trend published it on 2025-09-21)
and the records of the other documents the reports name, whose texts are not at hand and
so are shown as "not yet published", never invented. Placeholders are flagged as sample.
"""

import html
import re
from datetime import date
from pathlib import Path

from documents.models import DataLicence, Document, Initiative, Kind, ProgressNote
from forum.core import workflow
from forum.core.content import Status
from forum.models import Person, Session

SEED = Path(__file__).with_name("address-3rd-session-ru.txt")
TREND = {"source_name": "Trend", "source_date": date(2025, 9, 21)}
TREND_AZERTAC = {"source_name": "Trend, AZERTAC", "source_date": date(2025, 9, 22)}


def seed_address_html():
    """The address itself: the quoted text of the agency's report, one <p> a paragraph.
    The report closes its last sentence after the quotation mark (конференции".); the
    text standing alone takes that full stop back."""
    text = SEED.read_text(encoding="utf-8")
    end = text.rindex('"')
    quoted = text[text.index('"Уважаемые') + 1 : end]
    if text[end + 1 : end + 2] == ".":
        quoted += "."
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", quoted) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def documents(president, naghiyev):
    return [
        {
            "slug": "address-president-aliyev-third-session-2025",
            "kind": Kind.ADDRESS,
            "symbol": "BSF/3/ADDR",
            "date": date(2025, 9, 21),
            "session": 3,
            "author_person": president,
            # Trend's report is in Russian, but says neither which text is the original nor
            # which are authentic: the site claims neither until staff set them from a source.
            "original_language": "",
            "title_ru": (
                "Обращение Президента Азербайджанской Республики Ильхама Алиева к участникам "
                "третьего заседания Бакинского форума безопасности"
            ),
            "title_en": (
                "Address by President of the Republic of Azerbaijan Ilham Aliyev to the "
                "participants of the third session of the Baku Security Forum"
            ),
            "title_az": (
                "Azərbaycan Respublikasının Prezidenti İlham Əliyevin Bakı Təhlükəsizlik "
                "Forumunun üçüncü iclasının iştirakçılarına müraciəti"
            ),
            "summary_ru": (
                "Президент приветствует участников третьего заседания, называет Форум "
                "площадкой взаимного доверия и сотрудничества спецслужб, говорит об угрозах "
                "глобального характера и о Совместной декларации Азербайджана и Армении, "
                "подписанной 8 августа 2025 года в Вашингтоне, и отмечает учреждение "
                "Оргкомитета Форума и его Секретариата; работу Оргкомитета координирует "
                "Азербайджан."
            ),
            "summary_en": (
                "The President greets the participants of the third session, calls the Forum a "
                "platform of mutual trust and cooperation among special services, speaks of "
                "threats of a global nature and of the Joint Declaration between Azerbaijan and "
                "Armenia signed in Washington on 8 August 2025, and notes the establishment of "
                "the Forum's Organizing Committee and its Secretariat; Azerbaijan coordinates the "
                "Committee's work."
            ),
            "summary_az": (
                "Prezident üçüncü iclasın iştirakçılarını salamlayır, Forumu xüsusi xidmət "
                "orqanlarının qarşılıqlı etimad və əməkdaşlıq platforması adlandırır, qlobal "
                "xarakterli təhdidlərdən və 2025-ci il avqustun 8-də Vaşinqtonda imzalanmış "
                "Azərbaycan ilə Ermənistan arasında Birgə Bəyannamədən bəhs edir, Forumun "
                "Təşkilat Komitəsinin və Katibliyinin təsis edildiyini qeyd edir; Komitənin "
                "işini Azərbaycan əlaqələndirir."
            ),
            "body_ru": seed_address_html(),
            **TREND,
        },
        {
            "slug": "declaration-baku-security-forum-2025",
            "original_language": "",
            "kind": Kind.DECLARATION,
            "symbol": "BSF/3/DECL",
            "date": date(2025, 9, 21),
            "session": 3,
            "adoption": Document.Adoption.CONSENSUS,
            "adopted_on": date(2025, 9, 21),
            "title_ru": "Декларация Бакинского форума безопасности",
            "title_en": "Declaration of the Baku Security Forum",
            "title_az": "Bakı Təhlükəsizlik Forumunun Bəyannaməsi",
            "summary_ru": (
                "Принята консенсусом главами делегаций на третьем заседании. Полный текст "
                "пока не опубликован."
            ),
            "summary_en": (
                "Adopted by consensus by the heads of delegations at the third session. The "
                "full text has not been published yet."
            ),
            "summary_az": (
                "Üçüncü iclasda nümayəndə heyətlərinin rəhbərləri tərəfindən konsensusla qəbul "
                "edilib. Tam mətn hələ dərc olunmayıb."
            ),
            **TREND_AZERTAC,
        },
        {
            "slug": "regulations-baku-security-forum-2025",
            "original_language": "",
            "kind": Kind.REGULATIONS,
            "symbol": "BSF/3/REG",
            "date": date(2025, 9, 21),
            "session": 3,
            "adopted_on": date(2025, 9, 21),
            "title_ru": "Положение о Бакинском форуме безопасности",
            "title_en": "Regulations of the Baku Security Forum",
            "title_az": "Bakı Təhlükəsizlik Forumunun Əsasnaməsi",
            "summary_ru": (
                "Принято главами делегаций на третьем заседании. Полный текст пока не опубликован."
            ),
            "summary_en": (
                "Adopted by the heads of delegations at the third session. The full text has "
                "not been published yet."
            ),
            "summary_az": (
                "Üçüncü iclasda nümayəndə heyətlərinin rəhbərləri tərəfindən qəbul edilib. Tam "
                "mətn hələ dərc olunmayıb."
            ),
            **TREND_AZERTAC,
        },
        {
            "slug": "opening-speech-naghiyev-third-session-2025",
            "original_language": "",
            "kind": Kind.SPEECH,
            "symbol": "BSF/3/SPEECH",
            "date": date(2025, 9, 21),
            "session": 3,
            "author_person": naghiyev,
            "title_ru": "Вступительное слово начальника Службы государственной безопасности",
            "title_en": "Opening speech by the Chief of the State Security Service",
            "title_az": "Dövlət Təhlükəsizliyi Xidmətinin rəisinin açılış nitqi",
            "summary_ru": (
                "Генерал-полковник Али Нагиев открыл третье заседание. Полный текст пока не "
                "опубликован."
            ),
            "summary_en": (
                "Colonel-General Ali Naghiyev opened the third session. The full text has not "
                "been published yet."
            ),
            "summary_az": (
                "General-polkovnik Əli Nağıyev üçüncü iclası açıb. Tam mətn hələ dərc olunmayıb."
            ),
            **TREND_AZERTAC,
        },
        {
            "slug": "message-president-aliyev-second-session-2024",
            "original_language": "",
            "kind": Kind.ADDRESS,
            "symbol": "BSF/2/ADDR",
            "date": date(2024, 9, 17),
            "session": 2,
            "author_person": president,
            "title_ru": (
                "Обращение Президента Ильхама Алиева к участникам второго заседания Бакинского "
                "форума безопасности"
            ),
            "title_en": (
                "Address by President Ilham Aliyev to the participants of the second session "
                "of the Baku Security Forum"
            ),
            "title_az": (
                "Prezident İlham Əliyevin Bakı Təhlükəsizlik Forumunun ikinci iclasının "
                "iştirakçılarına müraciəti"
            ),
            "summary_ru": (
                "Обращение было оглашено участникам, сообщила газета Azernews 17 сентября "
                "2024 года. Полный текст пока не опубликован."
            ),
            "summary_en": (
                "The address was delivered to the participants, Azernews reported on "
                "17 September 2024. The full text has not been published yet."
            ),
            "summary_az": (
                "Müraciət iştirakçılara çatdırılıb; bu barədə Azernews 2024-cü il sentyabrın "
                "17-də məlumat verib. Tam mətn hələ dərc olunmayıb."
            ),
            "source_name": "Azernews",
            "source_date": date(2024, 9, 17),
        },
    ]


SAMPLE_INITIATIVE = {
    "number": 1,
    "title_en": "Sample initiative: the Declaration's initiatives have not been published yet",
    "title_ru": "Пример инициативы: инициативы Декларации пока не опубликованы",
    "title_az": "Təşəbbüs nümunəsi: Bəyannamənin təşəbbüsləri hələ dərc olunmayıb",
    "description_en": (
        "A placeholder showing how an initiative that follows from the Declaration is "
        "followed here, with its lead and its progress over later sessions."
    ),
    "description_ru": (
        "Условный пример того, как здесь прослеживается инициатива, вытекающая из "
        "Декларации: кто её ведёт и как она продвигается от заседания к заседанию."
    ),
    "description_az": (
        "Bəyannamədən irəli gələn təşəbbüsün burada necə izləndiyini göstərən nümunə: onu "
        "kimin apardığı və sonrakı iclaslarda necə irəlilədiyi."
    ),
    "lead_country": "AZ",
    "is_sample": True,
}

SAMPLE_NOTE = {
    "date": date(2025, 9, 21),
    "text_en": "Sample progress note: reports on the initiative will appear here.",
    "text_ru": "Пример записи о ходе выполнения: здесь будут появляться сведения об инициативе.",
    "text_az": (
        "İcra vəziyyəti haqqında qeydin nümunəsi: təşəbbüs barədə məlumatlar burada görünəcək."
    ),
}


# No source says under which licence the Forum offers its record: a sample, marked so.
SAMPLE_LICENCE = {
    "name_en": "Creative Commons Attribution 4.0 International",
    "name_az": "Creative Commons Atribusiya 4.0 Beynəlxalq",
    "name_ru": "Creative Commons «Атрибуция» 4.0 Всемирная",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "terms_en": (
        "Credit the Secretariat of the Baku Security Forum as the source, link to this "
        "page and say whether you changed the data."
    ),
    "terms_az": (
        "Mənbə kimi Bakı Təhlükəsizlik Forumunun Katibliyini göstərin, bu səhifəyə keçid "
        "verin və verilənlərə dəyişiklik edib-etmədiyinizi bildirin."
    ),
    "terms_ru": (
        "Указывайте источник — Секретариат Бакинского форума безопасности, давайте ссылку "
        "на эту страницу и сообщайте, вносили ли вы изменения в данные."
    ),
    "is_sample": True,
}


def load(published):
    """Create the demo documents that are missing; leave existing ones as they are."""
    # The one row (pk 1), created only where missing: an edit made since stays.
    DataLicence.objects.get_or_create(pk=1, defaults=SAMPLE_LICENCE)
    president = Person.objects.get(name_en="Ilham Aliyev")
    naghiyev = Person.objects.get(name_en="Ali Naghiyev")
    sessions = {s.number: s for s in Session.objects.all()}
    for values in documents(president, naghiyev):
        values = {**values, **published, "session": sessions[values["session"]]}
        document, _ = workflow.get_or_create(Document, slug=values["slug"], defaults=values)
        if document.kind == Kind.DECLARATION:
            initiative, created = workflow.get_or_create(
                Initiative,
                declaration=document,
                number=SAMPLE_INITIATIVE["number"],
                defaults={**SAMPLE_INITIATIVE, "status": Status.PUBLISHED, **published},
            )
            if created:
                ProgressNote.objects.create(
                    initiative=initiative, session=sessions[3], **SAMPLE_NOTE
                )
