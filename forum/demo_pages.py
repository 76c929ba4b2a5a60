"""
The demo's institutional pages (``manage.py load_demo``). About the Forum says what the
public reports say (DESIGN.md, "Facts for the demo content"); the accessibility statement
says what this portal is tested for. The contact, accreditation and privacy pages hold
text the Secretariat has not published: they are marked as sample. Idempotent, as the
rest of the demo: a page is found by its address and created only when missing.
"""

from forum.core import workflow
from forum.models import Page

NAVIGATION, FOOTER = Page.Placement.NAVIGATION, Page.Placement.FOOTER

ABOUT = {
    "slug": "about",
    "placement": NAVIGATION,
    "position": 1,
    "original_language": "en",
    "title_az": "Forum haqqında",
    "title_en": "About the Forum",
    "title_ru": "О Форуме",
    "summary_az": (
        "Bütün qitələrdən olan ölkələrin təhlükəsizlik və kəşfiyyat xidmətləri "
        "rəhbərlərinin Bakıda keçirilən illik görüşü."
    ),
    "summary_en": (
        "The annual meeting in Baku of the heads of security and intelligence services "
        "of countries on every continent."
    ),
    "summary_ru": (
        "Ежегодная встреча в Баку руководителей служб безопасности и разведки стран всех "
        "континентов."
    ),
    "body_az": (
        "<p>Bakı Təhlükəsizlik Forumu bütün qitələrdən olan ölkələrin təhlükəsizlik və "
        "kəşfiyyat xidmətləri rəhbərlərinin və təhlükəsizlik üzrə ekspertlərin illik "
        "görüşüdür. Forum Bakıda keçirilir; onu Azərbaycan Respublikasının Dövlət "
        "Təhlükəsizliyi Xidməti təşkil edir.</p>"
        "<h2>İclaslar</h2><ul>"
        "<li><p>Birinci iclas 2023-cü ilin may ayında Bakıda keçirilib.</p></li>"
        "<li><p>2024-cü ilin sentyabr ayında keçirilən ikinci iclasda təxminən 50 ölkənin "
        "xüsusi xidmət orqanları qlobal nəqliyyat şəbəkələrinin təhlükəsizliyinə müasir "
        "çağırışları müzakirə ediblər.</p></li>"
        "<li><p>2025-ci il sentyabrın 21-də keçirilən üçüncü iclas təxminən 90 ölkənin xüsusi "
        "xidmət orqanlarının rəhbərlərini və yüksək vəzifəli nümayəndələrini bir araya "
        "gətirib. Nümayəndə heyətlərinin rəhbərləri Bakı Təhlükəsizlik Forumunun "
        "Bəyannaməsini və Əsasnaməsini qəbul ediblər.</p></li></ul>"
        "<h2>Təşkilat Komitəsi və Katiblik</h2>"
        "<p>Azərbaycanın 2024-cü ildə irəli sürdüyü, Forumun hər il keçirilməsi və daimi "
        "fəaliyyət göstərməsi təklifindən sonra Forumun Təşkilat Komitəsi və onun Katibliyi "
        "təsis edilib. Komitənin işini Azərbaycan əlaqələndirir.</p>"
        "<p>Mənbələr: Azernews (17 sentyabr 2024), Trend və AZERTAC (21–22 sentyabr 2025).</p>"
    ),
    "body_en": (
        "<p>The Baku Security Forum is the annual meeting of the heads of security and "
        "intelligence services and of security experts from countries on every continent. "
        "It is held in Baku and organised by the State Security Service of the Republic of "
        "Azerbaijan.</p>"
        "<h2>Sessions</h2><ul>"
        "<li><p>The first session was held in Baku in May 2023.</p></li>"
        "<li><p>At the second, in September 2024, the special services of about 50 countries "
        "discussed modern challenges to the security of global transport networks.</p></li>"
        "<li><p>The third, on 21 September 2025, brought together the heads and senior "
        "representatives of the special services of about 90 countries. The heads of "
        "delegations adopted the Declaration and the Regulations of the Baku Security "
        "Forum.</p></li></ul>"
        "<h2>Organizing Committee and Secretariat</h2>"
        "<p>Following Azerbaijan's 2024 proposal to hold the Forum every year and to make it "
        "permanent, the Forum's Organizing Committee and its Secretariat were established. "
        "Azerbaijan coordinates the Committee's work.</p>"
        "<p>Sources: Azernews (17 September 2024), Trend and AZERTAC (21–22 September "
        "2025).</p>"
    ),
    "body_ru": (
        "<p>Бакинский форум безопасности — ежегодная встреча руководителей служб "
        "безопасности и разведки, а также экспертов по безопасности из стран всех "
        "континентов. Форум проходит в Баку; его организует Служба государственной "
        "безопасности Азербайджанской Республики.</p>"
        "<h2>Заседания</h2><ul>"
        "<li><p>Первое заседание прошло в Баку в мае 2023 года.</p></li>"
        "<li><p>На втором, в сентябре 2024 года, спецслужбы около 50 стран обсудили "
        "современные вызовы безопасности глобальных транспортных сетей.</p></li>"
        "<li><p>Третье, 21 сентября 2025 года, собрало руководителей и высокопоставленных "
        "представителей спецслужб около 90 стран. Главы делегаций приняли Декларацию и "
        "Положение о Бакинском форуме безопасности.</p></li></ul>"
        "<h2>Организационный комитет и Секретариат</h2>"
        "<p>После выдвинутого Азербайджаном в 2024 году предложения проводить Форум ежегодно "
        "и сделать его постоянно действующим были учреждены Оргкомитет Форума и его "
        "Секретариат. Работу Оргкомитета координирует Азербайджан.</p>"
        "<p>Источники: Azernews (17 сентября 2024 г.), Trend и AZERTAC (21–22 сентября "
        "2025 г.).</p>"
    ),
}

CONTACT = {
    "slug": "contact",
    "placement": FOOTER,
    "position": 1,
    "is_sample": True,
    "shows_contact_details": True,
    "original_language": "en",
    "title_az": "Əlaqə",
    "title_en": "Contact",
    "title_ru": "Контакты",
    "summary_az": "Bakı Təhlükəsizlik Forumunun Katibliyi ilə necə əlaqə saxlamaq olar.",
    "summary_en": "How to reach the Secretariat of the Baku Security Forum.",
    "summary_ru": "Как связаться с Секретариатом Бакинского форума безопасности.",
    "body_az": (
        "<p>Nümunə mətn: Katibliyin əlaqə məlumatları hələ dərc olunmayıb. Aşağıdakı ünvan "
        "yalnız nümayiş üçündür.</p>"
        "<p>Mətbuat nümayəndələri akkreditasiya səhifəsinə baxa bilərlər.</p>"
    ),
    "body_en": (
        "<p>Sample text: the Secretariat's contact details have not been published yet. The "
        "details below are for demonstration only.</p>"
        "<p>Journalists will find how to apply on the media accreditation page.</p>"
    ),
    "body_ru": (
        "<p>Пример текста: контактные данные Секретариата ещё не опубликованы. Указанные "
        "ниже сведения приведены только для демонстрации.</p>"
        "<p>Представителям прессы — страница об аккредитации СМИ.</p>"
    ),
}

ACCREDITATION = {
    "slug": "media-accreditation",
    "placement": FOOTER,
    "position": 2,
    "is_sample": True,
    "original_language": "en",
    "title_az": "Mətbuatın akkreditasiyası",
    "title_en": "Media accreditation",
    "title_ru": "Аккредитация СМИ",
    "summary_az": "Forumun iclaslarını işıqlandıran jurnalistlər üçün.",
    "summary_en": "For journalists covering the sessions of the Forum.",
    "summary_ru": "Для журналистов, освещающих заседания Форума.",
    "body_az": (
        "<p>Nümunə mətn: akkreditasiya qaydaları Katiblik tərəfindən hələ dərc olunmayıb.</p>"
        "<p>Adətən müraciətdə jurnalistin adı, təmsil etdiyi media orqanı, vəzifəsi və "
        "redaksiyanın təsdiqi göstərilir; akkreditasiya hər iclas üçün ayrıca verilir.</p>"
    ),
    "body_en": (
        "<p>Sample text: the Secretariat has not yet published its accreditation rules.</p>"
        "<p>An application usually gives the journalist's name, the media outlet, the "
        "position held and the editor's confirmation; accreditation is given for each "
        "session separately.</p>"
    ),
    "body_ru": (
        "<p>Пример текста: правила аккредитации Секретариат ещё не опубликовал.</p>"
        "<p>Обычно в заявке указываются имя журналиста, представляемое СМИ, должность и "
        "подтверждение редакции; аккредитация выдаётся на каждое заседание отдельно.</p>"
    ),
}

PRIVACY = {
    "slug": "privacy",
    "placement": FOOTER,
    "position": 3,
    "is_sample": True,
    "original_language": "en",
    "title_az": "Məxfilik bildirişi",
    "title_en": "Privacy notice",
    "title_ru": "Уведомление о конфиденциальности",
    "summary_az": "Bu portal oxucular və əməkdaşlar haqqında hansı məlumatları saxlayır.",
    "summary_en": "What this portal keeps about its readers and staff.",
    "summary_ru": "Какие сведения о читателях и сотрудниках хранит этот портал.",
    "body_az": (
        "<p>Nümunə mətn: məlumatların nəzarətçisini və hüquqi əsası Katiblik müəyyən "
        "etməlidir. Portalın özü haqqında aşağıdakılar doğrudur.</p><ul>"
        "<li><p>Oxucular üçün kukilər, analitika və ya başqa saytlardan yüklənən resurslar "
        "yoxdur.</p></li>"
        "<li><p>Axtarışların sayını məhdudlaşdırmaq üçün oxucunun IP ünvanı bir dəqiqəlik "
        "saxlanılır.</p></li>"
        "<li><p>Server jurnalları sorğuların ünvanını, vaxtını və cavabını qeyd edir.</p></li>"
        "<li><p>Əməkdaşlar seans kukisi ilə, tələb olunduqda isə ikinci amillə daxil "
        "olurlar.</p></li></ul>"
    ),
    "body_en": (
        "<p>Sample text: the Secretariat must name the data controller and the legal basis. "
        "What follows is true of the portal itself.</p><ul>"
        "<li><p>Readers get no cookies, no analytics and no resources loaded from other "
        "sites.</p></li>"
        "<li><p>A reader's IP address is kept for one minute, to limit the number of "
        "searches.</p></li>"
        "<li><p>The server's logs record the address, time and answer of each request.</p></li>"
        "<li><p>Staff sign in with a session cookie and, where it is asked, a second "
        "factor.</p></li></ul>"
    ),
    "body_ru": (
        "<p>Пример текста: оператора персональных данных и правовое основание должен указать "
        "Секретариат. Сказанное ниже верно для самого портала.</p><ul>"
        "<li><p>Для читателей нет ни файлов cookie, ни аналитики, ни ресурсов, загружаемых с "
        "других сайтов.</p></li>"
        "<li><p>IP-адрес читателя хранится одну минуту, чтобы ограничить число "
        "поисковых запросов.</p></li>"
        "<li><p>Журналы сервера записывают адрес, время и ответ каждого запроса.</p></li>"
        "<li><p>Сотрудники входят с сеансовым файлом cookie и, где это требуется, со "
        "вторым фактором.</p></li></ul>"
    ),
}

ACCESSIBILITY = {
    "slug": "accessibility",
    "placement": FOOTER,
    "position": 4,
    "original_language": "en",
    "title_az": "Əlçatanlıq bəyanatı",
    "title_en": "Accessibility statement",
    "title_ru": "Заявление о доступности",
    "summary_az": "Portalın WCAG 2.2 AA tələblərinə uyğunluğu, məlum məhdudiyyətlər və "
    "problem barədə necə xəbər vermək olar.",
    "summary_en": "How the portal meets WCAG 2.2 AA, its known limits, and how to report "
    "a problem.",
    "summary_ru": "Соответствие портала WCAG 2.2 AA, известные ограничения и как сообщить "
    "о проблеме.",
    "body_az": (
        "<p>Bu portal WCAG 2.2 standartının AA səviyyəsinə uyğun olmaq məqsədi ilə "
        "hazırlanıb. Onun səhifələri hər dəyişiklikdən sonra 375 və 1280 piksel enində "
        "avtomatik yoxlanılır (axe, HTML yoxlayıcısı) və klaviatura ilə sınaqdan "
        "keçirilir.</p>"
        "<h2>Məlum məhdudiyyətlər</h2><ul>"
        "<li><p>Əlavə edilmiş PDF faylları mənbələrdən olduğu kimi götürülür və həmişə "
        "əlçatan olmaya bilər; mətn mümkün olduqda səhifənin özündə də verilir.</p></li>"
        "<li><p>Sənəd bütün dillərdə mövcud deyilsə, orijinal mətn qeyd ilə göstərilir.</p></li>"
        "</ul>"
        "<h2>Problem barədə xəbər vermək</h2>"
        "<p>Əlçatanlıq problemi ilə qarşılaşsanız, Katibliyə yazın (əlaqə səhifəsinə baxın): "
        "səhifənin ünvanını və nəyin işləmədiyini göstərin.</p>"
    ),
    "body_en": (
        "<p>This portal is built to meet level AA of WCAG 2.2. Its pages are checked "
        "automatically after every change at 375 and 1280 pixels wide (axe, the HTML "
        "checker) and tested with the keyboard.</p>"
        "<h2>Known limits</h2><ul>"
        "<li><p>Attached PDF files are taken from their sources as they are and may not "
        "always be accessible; where the text is at hand, it is also given on the page "
        "itself.</p></li>"
        "<li><p>Where a document does not exist in every language, the original text is "
        "shown with a note.</p></li></ul>"
        "<h2>Reporting a problem</h2>"
        "<p>If you meet an accessibility problem, write to the Secretariat (see the contact "
        "page) with the page's address and what did not work.</p>"
    ),
    "body_ru": (
        "<p>Портал создан в соответствии с уровнем AA стандарта WCAG 2.2. Его страницы после "
        "каждого изменения автоматически проверяются при ширине 375 и 1280 пикселей (axe, "
        "валидатор HTML) и тестируются с клавиатуры.</p>"
        "<h2>Известные ограничения</h2><ul>"
        "<li><p>Приложенные PDF-файлы берутся из источников как есть и не всегда доступны; "
        "если текст имеется, он приводится и на самой странице.</p></li>"
        "<li><p>Если документа нет на каком-либо языке, показывается текст оригинала с "
        "пометкой.</p></li></ul>"
        "<h2>Как сообщить о проблеме</h2>"
        "<p>Если вы столкнулись с проблемой доступности, напишите в Секретариат (см. "
        "страницу контактов), указав адрес страницы и что не работало.</p>"
    ),
}

PAGES = [ABOUT, CONTACT, ACCREDITATION, PRIVACY, ACCESSIBILITY]


def load(published):
    """Create the pages that are missing, published as ``published`` gives."""
    for values in PAGES:
        workflow.get_or_create(Page, slug=values["slug"], defaults={**values, **published})
