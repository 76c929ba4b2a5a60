"""
The Forum's demo content: its sessions, people and Organizing Committee (the documents
app loads its own on top, ``manage.py load_demo``).

Facts come from public reports (DESIGN.md, "Facts for the demo content") and from the
seed document, each stored with its source. What neither states is flagged as sample.
Idempotent: rows are found by their natural keys and created only when missing, so a
second run duplicates nothing and keeps any edit made since in the admin.
"""

from datetime import date, datetime

from django.utils import timezone

from forum.core import workflow
from forum.core.content import Status
from forum.models import (
    Committee,
    CommitteeMember,
    Organisation,
    Participation,
    Person,
    Secretariat,
    Session,
)

AZERNEWS_2ND = {"source_name": "Azernews", "source_date": date(2024, 9, 17)}
TREND_AZERTAC_3RD = {"source_name": "Trend, AZERTAC", "source_date": date(2025, 9, 22)}
TREND_ADDRESS = {"source_name": "Trend", "source_date": date(2025, 9, 21)}
BAKU = {"city_az": "Bakı", "city_en": "Baku", "city_ru": "Баку"}
# Demo publication time: fixed, so that every run yields the same rows.
PUBLISHED = {
    "status": Status.PUBLISHED,
    "published_at": timezone.make_aware(datetime(2025, 9, 22)),
}

SSS = {
    "acronym_en": "SSS",
    "acronym_az": "DTX",
    "acronym_ru": "СГБ",
    "name_az": "Azərbaycan Respublikasının Dövlət Təhlükəsizliyi Xidməti",
    "name_en": "State Security Service of the Republic of Azerbaijan",
    "name_ru": "Служба государственной безопасности Азербайджанской Республики",
    "kind": Organisation.Kind.SECURITY_SERVICE,
    "country": "AZ",
}

PEOPLE = [
    {
        "name_az": "İlham Əliyev",
        "name_en": "Ilham Aliyev",
        "name_ru": "Ильхам Алиев",
        "position_az": "Azərbaycan Respublikasının Prezidenti",
        "position_en": "President of the Republic of Azerbaijan",
        "position_ru": "Президент Азербайджанской Республики",
        "country": "AZ",
    },
    {
        "name_az": "Əli Nağıyev",
        "name_en": "Ali Naghiyev",
        "name_ru": "Али Нагиев",
        "position_az": "Dövlət Təhlükəsizliyi Xidmətinin rəisi, general-polkovnik",
        "position_en": "Chief of the State Security Service, Colonel-General",
        # Lower case: the page writes it after the name and a comma («Али Нагиев, начальник…»).
        "position_ru": "начальник Службы государственной безопасности, генерал-полковник",
        "country": "AZ",
        "organisation": "SSS",
    },
]

SESSIONS = [
    {
        "number": 1,
        "start_date": date(2023, 5, 1),
        "end_date": date(2023, 5, 31),
        "date_precision": Session.DatePrecision.MONTH,
        "original_language": "en",
        "description_az": (
            "Birinci Bakı Təhlükəsizlik Forumu 2023-cü ilin may ayında Bakıda keçirilib; bu "
            "barədə ikinci iclas ilə bağlı xəbərlərdə məlumat verilib."
        ),
        "description_en": (
            "The first Baku Security Forum was held in Baku in May 2023, as stated in the "
            "reports on the second session."
        ),
        "description_ru": (
            "Первый Бакинский форум безопасности прошёл в Баку в мае 2023 года, как "
            "сообщалось в материалах о втором заседании."
        ),
        **AZERNEWS_2ND,
    },
    {
        "number": 2,
        "start_date": date(2024, 9, 1),
        "end_date": date(2024, 9, 30),
        "date_precision": Session.DatePrecision.MONTH,
        "original_language": "en",
        "theme_az": "Qlobal nəqliyyat şəbəkələrinin təhlükəsizliyinə müasir çağırışlar",
        "theme_en": "Modern challenges to the security of global transport networks",
        "theme_ru": "Современные вызовы безопасности глобальных транспортных сетей",
        "description_az": (
            "Təxminən 50 ölkənin xüsusi xidmət orqanları iştirak edib. Forumu Azərbaycan "
            "Respublikasının Dövlət Təhlükəsizliyi Xidməti təşkil edib. İştirakçılara "
            "Azərbaycan Respublikasının Prezidentinin müraciəti çatdırılıb."
        ),
        "description_en": (
            "Special services of about 50 countries took part. The Forum was organised by the "
            "State Security Service of the Republic of Azerbaijan. An address by the President "
            "of the Republic of Azerbaijan was delivered to the participants."
        ),
        "description_ru": (
            "В работе приняли участие спецслужбы около 50 стран. Организатор — Служба "
            "государственной безопасности Азербайджанской Республики. Участникам было "
            "оглашено обращение Президента Азербайджанской Республики."
        ),
        "reported_country_count": 50,
        **AZERNEWS_2ND,
    },
    {
        "number": 3,
        "start_date": date(2025, 9, 21),
        "end_date": date(2025, 9, 21),
        "original_language": "ru",
        "theme_az": (
            "Terror hücumları və silahlı münaqişələr zamanı humanitar böhranların və qlobal "
            "texnogen fəlakətlərin qarşısının alınmasında təhlükəsizlik orqanlarının qarşılıqlı "
            "fəaliyyəti"
        ),
        "theme_en": (
            "Interaction of security bodies in preventing humanitarian crises and global "
            "man-made disasters during terrorist attacks and armed conflicts"
        ),
        "theme_ru": (
            "Взаимодействие органов безопасности в предотвращении гуманитарных кризисов и "
            "глобальных техногенных катастроф во время террористических атак и вооруженных "
            "конфликтов"
        ),
        "description_az": (
            "Təxminən 90 ölkənin xüsusi xidmət orqanlarının rəhbərləri və yüksək vəzifəli "
            "nümayəndələri iştirak edib. Forumu Dövlət Təhlükəsizliyi Xidməti təşkil edib. "
            "İştirakçılara Azərbaycan Respublikasının Prezidentinin müraciəti oxunub; açılış "
            "nitqi ilə Dövlət Təhlükəsizliyi Xidmətinin rəisi general-polkovnik Əli Nağıyev çıxış "
            "edib. Nümayəndə heyətlərinin rəhbərləri Bakı Təhlükəsizlik Forumunun Bəyannaməsini "
            "və Əsasnaməsini qəbul ediblər."
        ),
        "description_en": (
            "Heads and senior representatives of the special services of about 90 countries "
            "took part. The Forum was organised by the State Security Service. The address of "
            "the President of the Republic of Azerbaijan was read to the participants; the Chief "
            "of the State Security Service, Colonel-General Ali Naghiyev, made the opening "
            "speech. The heads of delegations adopted the Declaration and the Regulations of the "
            "Baku Security Forum."
        ),
        "description_ru": (
            "В работе приняли участие руководители и высокопоставленные представители "
            "спецслужб около 90 стран. Организатор — Служба государственной безопасности. "
            "Участникам было зачитано обращение Президента Азербайджанской Республики; со "
            "вступительным словом выступил начальник Службы государственной безопасности "
            "генерал-полковник Али Нагиев. Главы делегаций приняли Декларацию и Положение о "
            "Бакинском форуме безопасности."
        ),
        "reported_country_count": 90,
        **TREND_AZERTAC_3RD,
    },
]

COMMITTEE = {
    "name_az": "Bakı Təhlükəsizlik Forumunun Təşkilat Komitəsi",
    "name_en": "Organizing Committee of the Baku Security Forum",
    "name_ru": "Организационный комитет Бакинского форума безопасности",
    "mandate_az": (
        "Azərbaycanın 2024-cü ildə irəli sürdüyü və iştirakçı ölkələrin fəal dəstəklədiyi "
        "Bakı Təhlükəsizlik Forumunun ənənəvi olaraq hər il keçirilməsi və daimi fəaliyyət "
        "göstərməsi təklifindən sonra Forumun Təşkilat Komitəsi və onun Katibliyi təsis "
        "edilib. Bu, Forumun institusionallaşması yolunda mühüm addımdır. Azərbaycan Təşkilat "
        "Komitəsinin işinin əlaqələndirilməsi funksiyasını öz üzərinə götürüb."
    ),
    "mandate_en": (
        "Following Azerbaijan's 2024 proposal, actively supported by the participating "
        "countries, to hold the Baku Security Forum annually and to make it permanent, the "
        "Forum's Organizing Committee and its Secretariat were established: a step towards the "
        "institutionalisation of the Forum. Azerbaijan has taken on the coordination of the "
        "Committee's work."
    ),
    "mandate_ru": (
        "Выдвинутое Азербайджаном в 2024 году предложение о традиционной ежегодной "
        "организации Бакинского форума безопасности и его постоянном функционировании было "
        "активно поддержано странами-участницами; в связи с этим были учреждены Оргкомитет "
        "Форума и его Секретариат — шаг на пути к институционализации Форума. Азербайджан "
        "взял на себя функцию координации работы Оргкомитета."
    ),
    "coordinating_country": "AZ",
    "original_language": "ru",
    **TREND_ADDRESS,
}

SECRETARIAT = {
    "name_az": "Bakı Təhlükəsizlik Forumunun Katibliyi",
    "name_en": "Secretariat of the Baku Security Forum",
    "name_ru": "Секретариат Бакинского форума безопасности",
    "address_az": "Nümunə ünvan: əlaqə məlumatları hələ dərc olunmayıb",
    "address_en": "Sample address: the contact details have not been published yet",
    "address_ru": "Пример адреса: контактные данные ещё не опубликованы",
    "email": "secretariat@example.org",
    "is_sample": True,
}

SAMPLE_MEMBER = {
    "name_az": "Komitə üzvü (nümunə)",
    "name_en": "Committee member (sample)",
    "name_ru": "Член комитета (пример)",
    "country": "AZ",
}


def load():
    """Create what is missing; leave existing rows, and edits made since, as they are."""
    sss, _ = Organisation.objects.get_or_create(name_en=SSS["name_en"], defaults=SSS)
    for person in PEOPLE:
        values = {**person, "organisation": sss if person.get("organisation") else None}
        Person.objects.get_or_create(name_en=person["name_en"], defaults=values)

    for values in SESSIONS:
        organiser = sss if values["number"] > 1 else None
        session, _ = workflow.get_or_create(
            Session,
            number=values["number"],
            defaults={**values, **BAKU, **PUBLISHED, "organiser": organiser},
        )
        if organiser:
            Participation.objects.get_or_create(
                session=session, organisation=sss, defaults={"country": "AZ", "is_host": True}
            )
        else:
            # Held in Baku: Azerbaijan hosted it; the reports name no organiser.
            Participation.objects.get_or_create(
                session=session, country="AZ", organisation=None, defaults={"is_host": True}
            )

    committee, created = workflow.get_or_create(
        Committee, name_en=COMMITTEE["name_en"], defaults={**COMMITTEE, **PUBLISHED}
    )
    if created:
        Secretariat.objects.create(committee=committee, **SECRETARIAT)
        sample, _ = Person.objects.get_or_create(
            name_en=SAMPLE_MEMBER["name_en"], defaults=SAMPLE_MEMBER
        )
        CommitteeMember.objects.create(
            committee=committee,
            person=sample,
            role=CommitteeMember.Role.MEMBER,
            position_az="Nümunə qeyd: Komitənin tərkibi hələ dərc olunmayıb",
            position_en="Sample entry: the Committee's composition has not been published",
            position_ru="Пример записи: состав комитета ещё не опубликован",
            country="AZ",
            is_sample=True,
        )
