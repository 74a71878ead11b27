"""The demo's content pages, written from the seed (the 2013 work plan of Liubeiqiao Community).

Idempotent: each page is looked up by its slug under its parent before it is created; dates are
relative to the day the demo loads, so every state (open, closed, upcoming, held...) is shown.
"""

import datetime

from django.utils import timezone
from wagtail.models import Site

from pages import demo_pictures, factories
from pages.models import DisclosureCategory, FeatureType, ShowcaseGalleryImage, ShowcasePage
from participation.core.subjects import offered_subjects
from participation.residents.models import Building, User


def load():
    home = Site.objects.get(is_default_site=True).root_page.specific
    blog = _section(
        home, factories.BlogIndexPageFactory, "blog", ("社区博客", "Community blog"), BLOG_INTRO
    )
    disclosures = _section(
        home,
        factories.DisclosureIndexPageFactory,
        "disclosures",
        ("党务、居务公开栏", "Public disclosures"),
        BOARD_INTRO,
    )
    hearings = _section(
        home,
        factories.HearingIndexPageFactory,
        "hearings",
        ("听证会与恳谈会", "Hearings and meetings"),
        HEARINGS_INTRO,
    )
    showcases = _section(
        home,
        factories.ShowcaseIndexPageFactory,
        "showcases",
        ("特色创建", "Showcases"),
        SHOWCASES_INTRO,
    )
    load_blog(blog)
    load_disclosures(disclosures)
    load_hearings(hearings)
    load_showcases(showcases)


def _section(home, page_factory, slug, titles, intro):
    """A section under the home page, with its Chinese and English titles."""
    existing = home.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    title, title_en = titles
    return factories.publish_child(
        home,
        page_factory,
        slug=slug,
        title=title,
        title_en=title_en,
        intro=intro,
        show_in_menus=True,
    )


def child_page(parent, page_factory, slug, **fields):
    """The page under ``parent`` with ``slug``, published with ``fields`` if it is missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    return factories.publish_child(parent, page_factory, slug=slug, **fields)


def _today(days=0):
    return timezone.localdate() + datetime.timedelta(days=days)


def _at(days, hour=19, minute=0):
    moment = datetime.datetime.combine(_today(days), datetime.time(hour, minute))
    return timezone.make_aware(moment)


def _paragraphs(*texts):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


BLOG_INTRO = (
    "由社区党组织确定议题，居民围绕议题自由发表书面意见，重大工作让居民知晓，重大问题和居民商议。"
)
BOARD_INTRO = (
    "落实居民的知情权、参与权、监督权：党务、居务、财务和服务事项在这里公开，过期事项自动归档。"
)
HEARINGS_INTRO = "对公益事业建设、物业管理等事关居民切身利益的事项，召开听证会、社情恳谈会；每季度召开情况通报会。"
SHOWCASES_INTRO = "争创党员“先锋楼”“示范楼”，推动“一社一品”“一社一特”特色创建，改善居住环境。"


def load_blog(blog):
    topics = [
        {
            "slug": "parking-motion",
            "title": "要事票决：小区停车管理方案",
            "summary": "小区停车位紧张，社区党组织形成停车管理方案，提交成员代表会议票决。",
            "published_on": _today(-3),
            "opinions_open_until": _at(11, 18),
            "tags": ["停车", "要事票决"],
            "body": _paragraphs(
                "近年来小区车辆增多，消防通道被占、夜间乱停的问题居民反映强烈。",
                "社区党组织在听取各楼栋意见后形成了停车管理方案：划定固定车位、外来车辆临时登记、"
                "消防通道全天禁停。按照要事票决制度，方案由各楼栋选出的居民代表在成员代表会议上投票表决。",
            ),
        },
        {
            "slug": "democratic-evaluation-2026",
            "title": "2026年度社区干部民主测评",
            "summary": "年终召开党员、居民代表会议，在社区干部述职的基础上进行民主测评，全体居民均可参与。",
            "published_on": _today(-2),
            "opinions_open_until": _at(20, 18),
            "tags": ["民主测评", "抓制度"],
            "body": _paragraphs(
                "测评结果与先进评比、奖金、任用挂钩，及时调整不称职的社区干部工作。",
                "每位社区干部分为“满意”“基本满意”“不满意”三档，测评结束后公布结果。",
            ),
        },
        {
            "slug": "green-space-renovation",
            "title": "楼前绿地改造，听听大家的意见",
            "summary": "7栋至9栋之间的绿地计划改造，种什么树、放不放健身器材，请居民发表意见。",
            "published_on": _today(-5),
            "opinions_open_until": _at(25, 18),
            "tags": ["绿化", "环境"],
            "body": _paragraphs(
                "社区环境联创，共造优美环境。绿地改造方案初稿已在公开栏张贴。",
                "欢迎大家在下方留言，也可以把书面意见投到居委会一楼的意见箱。",
            ),
        },
        {
            "slug": "garbage-sorting-posts",
            "title": "环卫劝导岗怎么设，大家来出主意",
            "summary": "党员认领“环卫劝导岗”，在垃圾投放点轮流值守，值守时段征求居民意见。",
            "published_on": _today(-40),
            "opinions_open_until": _at(-10, 18),
            "tags": ["垃圾分类", "设岗定责"],
            "body": _paragraphs("意见征集已经结束，社区正在汇总大家的建议，汇总结果将在这里公布。"),
        },
        {
            "slug": "staggered-hours-service",
            "title": "错时服务：下班以后也能办事",
            "summary": "在职居民平时上班，下班后想办事找不到人。社区推行干部错时工作制，征求居民意见。",
            "published_on": _today(-90),
            "opinions_open_until": _at(-60, 18),
            "tags": ["错时服务"],
            "body": _paragraphs("可以提前与社区预约办何事，社区会调整相关人员来加班解决。"),
            "outcome": "<p>共收到居民意见 36 条。多数居民希望周六上午也能办事。</p>"
            "<p>社区决定：工作日晚上 19:00–21:00、周六上午错时当班；当班轮流表按月在公开栏公布。</p>",
        },
        {
            "slug": "four-learn-four-hundred",
            "title": "开展“四学四百”主题实践活动",
            "summary": "进百家门、知百家情、解百家难、暖百家心：社区党员上门走访活动安排。",
            "published_on": _today(-20),
            "opinions_open_until": None,
            "tags": ["设岗定责", "党建"],
            "body": _paragraphs(
                "“四学”即学习贯彻党的章程，学习实践科学发展观，学习业务岗位技能，学习居民民众爱家护社。",
                "每半年组织一次上门了解社情民意活动，做好困难户、老干部、外来人口结对联系工作。",
            ),
        },
    ]
    for fields in topics:
        tags = fields.pop("tags")
        page = child_page(blog, factories.BlogPageFactory, **fields)
        if set(page.tags.names()) != set(tags):
            page.tags.set(tags)
            page.save_revision().publish()


def load_disclosures(board):
    categories = {category.slug: category for category in DisclosureCategory.objects.all()}
    items = [
        {
            "slug": "party-committee-q3-report",
            "title": "社区党委2026年第三季度工作情况",
            "category": categories["party-affairs"],
            "valid_from": _today(-30),
            "valid_until": _today(60),
            "body": _paragraphs(
                "本季度开展社区干部培训 3 天，全年累计 8 天（全年不少于 10 天）。",
                "社区班子成员与干部谈心谈话 12 人次；“三会一课”按期召开。",
            ),
        },
        {
            "slug": "duty-roster",
            "title": "社区干部错时当班轮流表（本月）",
            "category": categories["services"],
            "valid_from": _today(-5),
            "valid_until": _today(25),
            # The roster itself is the staggered-hours service's block, added by its demo
            # loader (participation.services.demo): built from the cadres' weekly turns.
            "body": _paragraphs(
                "社区干部错时当班：工作日晚上、周六上午。轮流表每月1日前公布，居民可在线预约。"
            ),
        },
        {
            "slug": "public-welfare-funds",
            "title": "2026年社区公益事业经费收支情况",
            "category": categories["finances"],
            "valid_from": _today(-10),
            "valid_until": None,
            "body": [
                ("paragraph", "<p>经社区居务监督委员会审核，现将收支情况公开如下：</p>"),
                (
                    "table",
                    {
                        "first_row_is_table_header": True,
                        "first_col_is_header": True,
                        "data": [
                            ["项目", "收入（元）", "支出（元）"],
                            ["上级拨付公益事业经费", "120000", ""],
                            ["楼道照明改造", "", "38600"],
                            ["健身器材维修", "", "12400"],
                            ["合计", "120000", "51000"],
                        ],
                    },
                ),
            ],
        },
        {
            "slug": "stairwell-lighting",
            "title": "关于楼道照明改造的公示",
            "category": categories["residents-affairs"],
            "valid_from": _today(-60),
            "valid_until": _today(-31),
            "body": _paragraphs("1栋至6栋楼道照明改造，预算 3.5 万元，公示期内居民可提出意见。"),
        },
        {
            "slug": "stairwell-lighting-correction",
            "title": "关于楼道照明改造的公示（更正）",
            "category": categories["residents-affairs"],
            "valid_from": _today(-30),
            "valid_until": _today(30),
            "body": _paragraphs("原公示预算有误，更正为 3.86 万元，其余内容不变。"),
        },
        {
            "slug": "cadre-training-plan",
            "title": "2027年社区干部培训计划",
            "category": categories["party-affairs"],
            "valid_from": _today(15),
            "valid_until": None,
            "body": _paragraphs(
                "政治理论、法律法规、社区建设、社区服务、业务知识，每年不少于10天。"
            ),
        },
    ]
    pages = {
        item["slug"]: child_page(board, factories.DisclosurePageFactory, **item) for item in items
    }
    correction = pages["stairwell-lighting-correction"]
    if correction.supersedes_id is None:
        correction.supersedes = pages["stairwell-lighting"]
        correction.save_revision().publish()


def load_hearings(hearings):
    kind = factories.models.HearingNoticePage.Kind
    notices = [
        {
            "slug": "parking-management-hearing",
            "title": "关于小区停车管理的听证会",
            "kind": kind.HEARING,
            "starts_at": _at(14, 19),
            "ends_at": _at(14, 21),
            "venue": "社区居委会二楼会议室",
            "audience": "居民代表、业主委员会、物业公司；其他居民报名旁听",
            "registration_deadline": _at(10, 18),
            "opinion_deadline": _at(12, 18),
            "agenda": "<ol><li>通报停车管理方案</li><li>居民代表发言</li><li>物业公司答复</li></ol>",
            "body": _paragraphs("会前请阅读社区博客中的《要事票决：小区停车管理方案》。"),
        },
        {
            "slug": "briefing-2026-q4",
            "title": "2026年第四季度情况通报会",
            "kind": kind.BRIEFING,
            "starts_at": _at(30, 15),
            "ends_at": _at(30, 17),
            "venue": "社区党员活动室",
            "audience": "党员、居民代表",
            "body": _paragraphs("由社区居委会牵头，向党员、居民代表通报本季度工作情况。"),
        },
        {
            "slug": "property-management-consultation",
            "title": "物业管理社情恳谈会",
            "kind": kind.CONSULTATION,
            "starts_at": _at(-5, 19),
            "ends_at": _at(-5, 21),
            "venue": "社区居委会二楼会议室",
            "audience": "全体居民",
            "body": _paragraphs("围绕物业服务质量、维修资金使用，广泛征求居民意见。"),
        },
        {
            "slug": "briefing-2026-q3",
            "title": "2026年第三季度情况通报会",
            "kind": kind.BRIEFING,
            "starts_at": _at(-60, 15),
            "ends_at": _at(-60, 17),
            "venue": "社区党员活动室",
            "audience": "党员、居民代表",
            "minutes": "<p>通报了第三季度社区工作，收集居民反馈意见 21 条。</p>",
            "decisions": "<p>增设周六上午错时当班；楼道照明改造列入第四季度计划。</p>",
            "responses": "<p>关于夜间噪音的意见，已与物业公司约定巡查时间。</p>",
        },
        {
            "slug": "fitness-equipment-hearing",
            "title": "关于公共健身器材更新的听证会",
            "kind": kind.HEARING,
            "starts_at": _at(-120, 19),
            "ends_at": _at(-120, 21),
            "venue": "社区居委会二楼会议室",
            "audience": "居民代表",
            "minutes": "<p>到会居民代表 28 人，赞成更新方案 25 人。</p>",
            "decisions": "<p>更新 6 件健身器材，选址避开住户窗前。</p>",
            "responses": "<p>关于器材噪音的意见：器材选用低噪型号，晚上 21:00 后停用。</p>",
        },
    ]
    for fields in notices:
        child_page(hearings, factories.HearingNoticePageFactory, **fields)


SHOWCASES = [
    (
        "pioneer-building-5",
        "5栋党员先锋楼",
        "pioneer",
        "5",
        "service",
        True,
        "5栋党员亮身份、做表率，结对帮扶楼里的困难户和独居老人。",
        "党员 李代表（楼栋长）\n志愿者 6 人",
    ),
    (
        "model-building-3",
        "3栋绿化示范楼",
        "model",
        "3",
        "greening",
        True,
        "3栋居民认养楼道和庭院绿植，楼前花坛四季有花。",
        "楼栋长 王阿姨\n志愿者 8 人",
    ),
    (
        "model-building-8",
        "8栋平安示范楼",
        "model",
        "8",
        "safety",
        False,
        "党员认领“治安巡逻岗”，每晚巡楼，消防通道一周两查。",
        "党员 4 人\n志愿者 5 人",
    ),
    (
        "neighbourhood-culture-festival",
        "一社一品：邻里文化节",
        "feature",
        None,
        "culture",
        True,
        "文体活动联办，共享生活乐趣：每年秋天的邻里文化节。",
        "社区文体队",
    ),
    (
        "recycling-station",
        "一社一品：垃圾分类环保驿站",
        "feature",
        None,
        "environment",
        False,
        "环卫劝导岗的党员在驿站值守，教居民分类投放。",
        "环卫劝导岗党员 10 人",
    ),
    (
        "pioneer-building-1",
        "1栋学习型先锋楼",
        "pioneer",
        "1",
        "learning",
        False,
        "1栋开设楼道读书角，党员每月领读一次。",
        "党员 3 人",
    ),
]


def load_showcases(section):
    features = {feature.slug: feature for feature in FeatureType.objects.all()}
    buildings = {building.number: building for building in Building.objects.all()}
    for slug, title, kind, building, feature, featured, summary, team in SHOWCASES:
        if section.get_children().filter(slug=slug).exists():
            continue
        cover, before, after = (
            _picture(f"{title}（{label}）", scene, seed=len(slug))
            for label, scene in (
                ("封面", "buildings"),
                ("创建前", "garden_before"),
                ("创建后", "garden"),
            )
        )
        page = factories.ShowcasePageFactory.build(
            slug=slug,
            title=title,
            kind=kind,
            building=buildings.get(building),
            feature_type=features.get(feature),
            featured=featured,
            summary=summary,
            team=team,
            cover_image=cover,
            before_image=before,
            after_image=after,
            body=_paragraphs(summary, "发挥党员先锋模范作用，把居民组织起来，共同参与社区建设。"),
        )
        page.gallery_images.add(*[_gallery_item(title, n) for n in (1, 2, 3)])
        _publish(section, page)
    _draft_in_review(section, features, buildings)


# The showcases about a post, by the post's name: linked to the post and those serving in it.
SHOWCASE_POSTS = {"model-building-8": "治安巡逻岗", "recycling-station": "环卫劝导岗"}


def link_showcases():
    """Links showcases to the posts they are about and the people serving in them, among what
    the plugins offer; run after the plugins' demo loaders (nothing where none offers them)."""
    offered = offered_subjects()
    for slug, post_name in SHOWCASE_POSTS.items():
        page = ShowcasePage.objects.filter(slug=slug).first()
        refs = [ref for ref, _kind, subject in offered if post_name in subject.label]
        if page is None or page.subjects or not refs:
            continue
        page.subjects = [("subject", ref) for ref in refs]
        page.save_revision().publish()


def _gallery_item(title, n):
    scene = ("meeting", "garden", "buildings")[(n - 1) % 3]
    return ShowcaseGalleryImage(
        image=_picture(f"{title} {n}", scene, seed=n), caption=f"活动照片 {n}"
    )


def _picture(title, scene, seed=0):
    """A drawn demo picture, with alt text saying what it shows."""
    return factories.ImageFactory(
        title=title, file=demo_pictures.draw(scene, seed), description=demo_pictures.ALT[scene]
    )


def _publish(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()


def _draft_in_review(section, features, buildings):
    """A volunteer's showcase waiting for the reviewers: the workflow in action."""
    slug = "harmony-building-10"
    if section.get_children().filter(slug=slug).exists():
        return None
    volunteer = User.objects.filter(username="volunteer").first()
    page = factories.ShowcasePageFactory.build(
        slug=slug,
        title="10栋和谐楼（待审核）",
        kind=ShowcasePage.Kind.MODEL,
        building=buildings.get("10"),
        feature_type=features.get("harmony"),
        summary="纠纷调解岗的党员带头，邻里互助，促进一方和谐。",
        owner=volunteer,
        live=False,
    )
    section.add_child(instance=page)
    revision = page.save_revision(user=volunteer)
    workflow = page.get_workflow()
    if workflow and volunteer:
        workflow.start(page, volunteer)
    return revision
