"""
The demo's news: one press release, a sample. Its facts are those of the reports on the
third session (Trend and AZERTAC, 22 September 2025), but no press release of the
Secretariat is at hand, so the release itself is marked as sample.
"""

from datetime import date

from documents.models import Document, Kind
from forum.core import workflow
from forum.models import Session

THIRD_SESSION_HELD = {
    "slug": "third-session-held-2025",
    "kind": Kind.PRESS_RELEASE,
    "date": date(2025, 9, 22),
    "is_sample": True,
    "original_language": "en",
    "source_name": "Trend, AZERTAC",
    "source_date": date(2025, 9, 22),
    "title_az": "Bakı Təhlükəsizlik Forumunun üçüncü iclası keçirilib",
    "title_en": "Third session of the Baku Security Forum held",
    "title_ru": "Состоялось третье заседание Бакинского форума безопасности",
    "summary_az": (
        "Təxminən 90 ölkənin xüsusi xidmət orqanlarının rəhbərləri Bakıda toplaşıb; "
        "nümayəndə heyətlərinin rəhbərləri Bəyannaməni və Forumun Əsasnaməsini qəbul ediblər."
    ),
    "summary_en": (
        "Heads of the special services of about 90 countries met in Baku; the heads of "
        "delegations adopted the Declaration and the Regulations of the Forum."
    ),
    "summary_ru": (
        "Руководители спецслужб около 90 стран собрались в Баку; главы делегаций приняли "
        "Декларацию и Положение о Форуме."
    ),
    "body_az": (
        "<p>Nümunə press-reliz. Bakı Təhlükəsizlik Forumunun üçüncü iclası 2025-ci il "
        "sentyabrın 21-də Bakıda keçirilib. İclasda təxminən 90 ölkənin xüsusi xidmət "
        "orqanlarının rəhbərləri və yüksək vəzifəli nümayəndələri iştirak ediblər.</p>"
        "<p>İştirakçılara Azərbaycan Respublikasının Prezidenti İlham Əliyevin müraciəti "
        "oxunub. Açılış nitqi ilə Dövlət Təhlükəsizliyi Xidmətinin rəisi general-polkovnik "
        "Əli Nağıyev çıxış edib. Nümayəndə heyətlərinin rəhbərləri Bakı Təhlükəsizlik "
        "Forumunun Bəyannaməsini və Əsasnaməsini qəbul ediblər.</p>"
    ),
    "body_en": (
        "<p>Sample press release. The third session of the Baku Security Forum was held in "
        "Baku on 21 September 2025, with the heads and senior representatives of the "
        "special services of about 90 countries.</p>"
        "<p>The address of the President of the Republic of Azerbaijan, Ilham Aliyev, was "
        "read to the participants. The Chief of the State Security Service, "
        "Colonel-General Ali Naghiyev, made the opening speech. The heads of delegations "
        "adopted the Declaration and the Regulations of the Baku Security Forum.</p>"
    ),
    "body_ru": (
        "<p>Пример пресс-релиза. Третье заседание Бакинского форума безопасности прошло в "
        "Баку 21 сентября 2025 года; в нём приняли участие руководители и "
        "высокопоставленные представители спецслужб около 90 стран.</p>"
        "<p>Участникам было зачитано обращение Президента Азербайджанской Республики "
        "Ильхама Алиева. Со вступительным словом выступил начальник Службы государственной "
        "безопасности генерал-полковник Али Нагиев. Главы делегаций приняли Декларацию и "
        "Положение о Бакинском форуме безопасности.</p>"
    ),
}


def load(published):
    """Create the sample press release if it is missing."""
    values = {
        **THIRD_SESSION_HELD,
        **published,
        "session": Session.objects.get(number=3),
    }
    workflow.get_or_create(Document, slug=values["slug"], defaults=values)
