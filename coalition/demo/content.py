"""The demo's words: the coalition's pages, reports, goals, partners and events, written in our own
words from ../shared/content/facts.md. Every organization name is made up."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from coalition.models import Event, GoalStatus, Partner

PAGES = [
    {
        "slug": "mission",
        "title": "Our mission",
        "summary": "A member-driven coalition working across sectors to end the systemic root "
        "causes of health inequity.",
        "body": """Since 2015 the coalition has brought together more than 75 organizations that
rarely sit at the same table: health systems and hospital associations, foundations, businesses,
national and community nonprofits, health insurers, universities and policy centers.

Our purpose is to reverse, and in the end eliminate, the systemic causes of unequal health for
people and for whole communities. No single sector can do that alone, so we work through
partnerships that cross the usual lines.

## How we work

- **Advocacy**: we press for payment, policy and measurement that reward tackling root causes.
- **Education**: we share what works with clinicians, leaders and community partners.
- **Research**: we report each year on the status of health equity and on our shared goals.

## What we value

1. **Change at the level of the community**, not only the individual patient.
2. **Real collaboration**, in which every partner brings something and gains something.
3. **Scaling what works**, so that good local programs become lasting models of care.
4. **Listening to communities** and learning from the people most affected.
""",
    },
    {
        "slug": "health-equity",
        "title": "What is health equity?",
        "summary": "Health equity means everyone has a fair chance at a long and healthy life.",
        "body": """We see health equity as a question of justice. Everyone deserves a fair
chance to live a long, healthy life, and today that chance is not shared fairly.

## Where you live shapes how long you live

Your zip code tells more about your health than almost anything else about you. Housing, food,
transportation, work, safety and social ties are set by where people live, and they add up to
years of life gained or lost.

## From differences to injustice

A *health disparity* is a measured gap between groups. A *health inequity* is a gap that is
systematic, avoidable and unjust, because it follows differences in power and resources.

## What equity takes

Equity arrives when the root causes of avoidable chronic illness are dealt with, and not only
their consequences. That means clinical care working with community organizations on the social
conditions that make people sick in the first place.
""",
    },
]

REPORT_2020 = {
    "title": "The Status of Health Equity, 2020",
    "slug": "status-of-health-equity-2020",
    "year": 2020,
    "summary": "How the social and economic conditions of people's lives shape their health, "
    "and how early action and collaboration across sectors can change them, while "
    "making care more affordable.",
    "key_findings": "\n".join(
        [
            "Housing, nutritious food, transportation, isolation and economic instability drive "
            "health outcomes more than any single clinical factor.",
            "Primary-care clinicians see these needs daily but most lack the time, tools or "
            "partners to address them.",
            "Putting social determinants first is a path to care that costs less and works better.",
            "Programs that work locally rarely become sustainable models of care without new "
            "ways of paying for them.",
        ]
    ),
    "cover_alt": "Report cover: the title in white on a dark green background.",
}
SECTIONS_2020 = [
    {
        "heading": "Why the conditions of daily life come first",
        "body": """Medical care accounts for only part of what keeps people well. The rest is set
by the places where people are born, live, work and grow older: whether rent leaves money for
food, whether a bus reaches the clinic, whether anyone checks in on an older neighbour.

This report looks at those socioeconomic factors and argues that acting on them **early**, and
**together**, is one of the most cost-effective things the health system can do.""",
    },
    {
        "heading": "What we heard",
        "body": """We interviewed leaders at 28 member organizations and surveyed primary-care
clinicians across the country. Five conditions came up again and again:

- stable, affordable housing;
- access to nutritious food;
- reliable transportation;
- social isolation, especially among older adults;
- economic instability.

Clinicians told us they notice these needs every day, but that a fifteen-minute visit leaves
little room to act on them without partners in the community.""",
    },
    {
        "heading": "Three strategies for action",
        "body": """1. **Scale what works.** Turn promising local programs into care models that
   can be paid for and sustained.
2. **Align around root causes.** Bring communities, providers, payers and public agencies
   together on the causes rather than each working on a symptom.
3. **Let those affected lead.** Engage and equip the people who live with these conditions
   to shape the solutions.""",
    },
    {
        "heading": "In practice: recovering somewhere safe",
        "body": """One member runs a recuperative-care program in Los Angeles for patients who
leave hospital with nowhere safe to recover. About a thousand people a year get a bed, meals,
follow-up care and help finding housing, and fewer of them come back to the emergency room.""",
    },
]

REPORT_2021 = {
    "title": "The Status of Health Equity, 2021",
    "slug": "status-of-health-equity-2021",
    "year": 2021,
    "summary": "A year of disruption laid bare the inequities this coalition exists to end. "
    "This draft looks at what members changed, and what must now last.",
    "key_findings": "\n".join(
        [
            "Partnerships built before the crisis let members respond within weeks.",
            "Food insecurity screening spread fastest where payment followed it.",
        ]
    ),
    "cover_alt": "",
}
SECTIONS_2021 = [
    {
        "heading": "A year that tested every partnership",
        "body": """Members moved programs online, delivered food to homes and set up screening
in new places. This section will gather their accounts; **editors: add the interview quotes**.""",
    },
    {
        "heading": "What should outlast the emergency",
        "body": "Draft: the temporary payment rules that made home-based support possible, and "
        "the case for keeping them.",
    },
]

GOALS = [
    (
        1,
        "Pay for value in tackling inequity",
        "Reform payment so that clinical providers and non-clinical community organizations are "
        "paid for proven results in addressing inequity and social determinants, including a "
        "reimbursement model for Medicare and Medicaid.",
        [
            (
                datetime.date(2021, 3, 15),
                GoalStatus.IN_PROGRESS,
                "A member working group drafted principles for paying community partners.",
            ),
            (
                datetime.date(2023, 6, 1),
                GoalStatus.IN_PROGRESS,
                "Three members are piloting shared-savings contracts with community organizations.",
            ),
        ],
    ),
    (
        2,
        "One connected platform for health and social benefits",
        "Build a standardized, integrated technology platform that connects patients, payers, "
        "providers and community organizations, bringing scattered programs into one network.",
        [
            (
                datetime.date(2020, 9, 10),
                GoalStatus.IN_PROGRESS,
                "Members agreed on a common set of data fields for referrals.",
            ),
            (
                datetime.date(2024, 2, 20),
                GoalStatus.IN_PROGRESS,
                "Two regional networks now exchange referrals using the shared fields.",
            ),
        ],
    ),
    (
        3,
        "Equity in the strategy of plans and health systems",
        "Increase by half the number of commercial health plans and health systems whose "
        "strategic plans, programs and services include goals on social determinants and "
        "health inequity.",
        [
            (
                datetime.date(2020, 2, 26),
                GoalStatus.IN_PROGRESS,
                "Baseline counted in the 2020 report.",
            ),
            (
                datetime.date(2022, 11, 4),
                GoalStatus.IN_PROGRESS,
                "A third more members have added equity goals to their strategic plans.",
            ),
        ],
    ),
    (
        4,
        "Health equity in every clinical training program",
        "Make health-equity and cultural-competency education part of every medical and "
        "clinical training program in the country, including how providers bring it into "
        "their practice.",
        [
            (
                datetime.date(2021, 9, 1),
                GoalStatus.IN_PROGRESS,
                "Academic members shared a model curriculum with partner schools.",
            ),
            (
                datetime.date(2025, 12, 15),
                GoalStatus.MISSED,
                "Adoption grew but fell short of every program by the target year; the work "
                "continues.",
            ),
        ],
    ),
    (
        5,
        "A national target for health-care spending",
        "Set a national target for what the country spends on health care, for example 15 "
        "percent of gross domestic product.",
        [
            (
                datetime.date(2021, 5, 5),
                GoalStatus.NOT_STARTED,
                "Deferred while members focused on the public-health emergency.",
            ),
            (
                datetime.date(2024, 4, 18),
                GoalStatus.IN_PROGRESS,
                "A policy-center member published options for a spending target.",
            ),
        ],
    ),
    (
        6,
        "A national plan for infant mortality, mental health and substance use",
        "Secure a comprehensive national plan covering infant mortality, mental-health "
        "services and substance use disorders.",
        [
            (
                datetime.date(2022, 3, 30),
                GoalStatus.IN_PROGRESS,
                "Coalition testimony called for a joined-up national plan.",
            ),
            (
                datetime.date(2024, 10, 8),
                GoalStatus.IN_PROGRESS,
                "Members endorsed a shared framework for maternal and infant health.",
            ),
        ],
    ),
    (
        7,
        "Racial-equity education for health-care leaders",
        "Provide ongoing racial-equity and cultural-competency education to the board "
        "members, leaders and staff of health-care organizations.",
        [
            (
                datetime.date(2020, 10, 20),
                GoalStatus.IN_PROGRESS,
                "A first series of sessions for member boards was held online.",
            ),
            (
                datetime.date(2025, 11, 30),
                GoalStatus.ACHIEVED,
                "Every member organization now offers this education to its board and staff "
                "each year.",
            ),
        ],
    ),
    (
        8,
        "Clear measures of disparities and social determinants",
        "Agree clearer, standardized measures of health outcomes related to racial "
        "disparities and the social determinants of health.",
        [
            (
                datetime.date(2021, 1, 12),
                GoalStatus.IN_PROGRESS,
                "A measures committee reviewed existing indicators.",
            ),
            (
                datetime.date(2023, 8, 22),
                GoalStatus.IN_PROGRESS,
                "A draft core set of twelve measures went to members for comment.",
            ),
        ],
    ),
]

FOUNDING, INAUGURAL, MEMBER = Partner.Tier.FOUNDING, Partner.Tier.INAUGURAL, Partner.Tier.MEMBER
S = Partner.Sector
PARTNERS = [
    (
        "Elder Years Foundation",
        FOUNDING,
        S.FOUNDATION,
        2015,
        "A national foundation for older adults.",
    ),
    (
        "Lakeshore Regional Health",
        FOUNDING,
        S.HEALTH_SYSTEM,
        2015,
        "A regional health system in Ohio.",
    ),
    ("Association of Community Hospitals", INAUGURAL, S.HOSPITAL_ASSOCIATION, 2015, ""),
    ("Harvest Table Network", INAUGURAL, S.NONPROFIT, 2015, "A national network of food banks."),
    ("Keystone Mutual Health Plan", INAUGURAL, S.HEALTH_INSURER, 2015, ""),
    ("Riverside Health Partners", INAUGURAL, S.HEALTH_SYSTEM, 2015, ""),
    ("Prairie Sky Health System", INAUGURAL, S.HEALTH_SYSTEM, 2015, ""),
    ("Bright Path Pharmacy Group", INAUGURAL, S.BUSINESS, 2015, ""),
    ("Northgate University School of Medicine", MEMBER, S.ACADEMIC, 2016, ""),
    ("Center for Fair Health Policy", MEMBER, S.POLICY_CENTER, 2017, ""),
    ("Open Doors Housing Alliance", MEMBER, S.NONPROFIT, 2017, ""),
    ("Summit Valley Health Plan", MEMBER, S.HEALTH_INSURER, 2018, ""),
    ("Hometown Grocers Cooperative", MEMBER, S.BUSINESS, 2018, ""),
    ("Greenfield Community Foundation", MEMBER, S.FOUNDATION, 2019, ""),
    ("Coastal State Hospital Association", MEMBER, S.HOSPITAL_ASSOCIATION, 2019, ""),
    ("Institute for Rural Health Research", MEMBER, S.ACADEMIC, 2020, ""),
]

CHICAGO = "America/Chicago"


def _at(day: datetime.date, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(zone))


def events():
    today = timezone.localdate()
    summit_day = today + datetime.timedelta(days=75)
    return [
        {
            "slug": "national-summit-on-social-determinants",
            "title": "National Summit on the Social Determinants of Health",
            "kind": Event.Kind.SUMMIT,
            "starts_at": _at(summit_day, 9, CHICAGO),
            "ends_at": _at(summit_day + datetime.timedelta(days=1), 16, CHICAGO),
            "time_zone": CHICAGO,
            "venue": "Riverfront Convention Center",
            "address": "Minneapolis, MN",
            "online_url": "",
            "registration_url": "https://example.org/summit/register",
            "description": "Two days with members, clinicians, community leaders and "
            "researchers on what moves the root causes of health inequity. "
            "Sessions on payment reform, shared data and community-led programs.",
        },
        {
            "slug": "webinar-paying-community-partners",
            "title": "Webinar: paying community partners for results",
            "kind": Event.Kind.WEBINAR,
            "starts_at": _at(today + datetime.timedelta(days=12), 13, "America/New_York"),
            "ends_at": _at(today + datetime.timedelta(days=12), 14, "America/New_York"),
            "time_zone": "America/New_York",
            "venue": "",
            "address": "",
            "online_url": "https://example.org/webinars/paying-partners",
            "registration_url": "https://example.org/webinars/paying-partners/register",
            "description": "Three members describe contracts that pay community organizations "
            "for measured results, and what they would do differently.",
        },
        {
            "slug": "webinar-food-insecurity-screening",
            "title": "Webinar: food-insecurity screening in every clinic",
            "kind": Event.Kind.WEBINAR,
            "starts_at": _at(today + datetime.timedelta(days=40), 11, "America/Los_Angeles"),
            "ends_at": _at(today + datetime.timedelta(days=40), 12, "America/Los_Angeles"),
            "time_zone": "America/Los_Angeles",
            "venue": "",
            "address": "",
            "online_url": "https://example.org/webinars/food-screening",
            "registration_url": "",
            "description": "How two health systems ask every patient about food, and what "
            "happens after a patient says yes.",
        },
        {
            "slug": "national-summit-2016-chicago",
            "title": "First National Summit on the Social Determinants of Health",
            "kind": Event.Kind.SUMMIT,
            "starts_at": _at(datetime.date(2016, 12, 6), 9, CHICAGO),
            "ends_at": _at(datetime.date(2016, 12, 7), 15, CHICAGO),
            "time_zone": CHICAGO,
            "venue": "Lakefront Conference Hall",
            "address": "Chicago, IL",
            "online_url": "",
            "registration_url": "",
            "description": "The first summit brought about 400 people from 38 states to Chicago.",
        },
        {
            "slug": "national-summit-2020-online",
            "title": "National Summit 2020 (online)",
            "kind": Event.Kind.SUMMIT,
            "starts_at": _at(datetime.date(2020, 10, 20), 10, "America/New_York"),
            "ends_at": _at(datetime.date(2020, 10, 21), 16, "America/New_York"),
            "time_zone": "America/New_York",
            "venue": "",
            "address": "",
            "online_url": "https://example.org/summit-2020",
            "registration_url": "",
            "description": "The summit went online for the first time.",
        },
        {
            "slug": "national-summit-2022-minneapolis",
            "title": "National Summit 2022",
            "kind": Event.Kind.SUMMIT,
            "starts_at": _at(datetime.date(2022, 10, 11), 9, CHICAGO),
            "ends_at": _at(datetime.date(2022, 10, 12), 16, CHICAGO),
            "time_zone": CHICAGO,
            "venue": "Mississippi River Convention Center",
            "address": "Minneapolis, MN",
            "online_url": "",
            "registration_url": "",
            "description": "Back in person, in Minneapolis.",
        },
    ]
