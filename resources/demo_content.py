"""The three demo publications: catalog data and the text printed into their demo PDFs.

Written for the demo in our own words from the facts in the shared content notes; the real
publications are longer. Every text here is demo data, not user interface, so it is not marked for
translation."""

AUTHORS = "Roots Learning Collaborative"

FACILITATORS_GUIDE = {
    "catalog_number": "NA616",
    "title": "Roots of Health Inequity Facilitator's Guide",
    "subtitle": "First version, for groups that meet online, in person or both",
    "kind": "guide",
    "authors": AUTHORS,
    "year": 2014,
    "date": "October 2014",
    "audience": "facilitators",
    "published": True,
    "summary": (
        "A manual for the people who lead learning groups through the course. It offers tips "
        "for leading conversations about social justice, sample questions for every unit, and "
        "extra prompts and activities for groups that meet in person, online or in a mix of "
        "both.\n\nThis is the first version of the guide; it grows with what facilitators "
        "tell us works."
    ),
    "sections": [
        {
            "title": "About this guide",
            "paragraphs": [
                "The course is built to be taken together. People learn more about the root "
                "causes of health inequity when they can test ideas against colleagues who see "
                "the same community from another desk. This guide is for the person who makes "
                "that happen: the group's facilitator.",
                "You do not need to be an expert on social justice to lead a group. You need to "
                "plan the sessions, keep the conversation honest and safe, and help the group "
                "turn what it reads into questions about its own practice.",
            ],
        },
        {
            "title": "Before the first meeting",
            "paragraphs": [
                "Choose the units your group will take and set a calendar everyone can keep. "
                "Many groups meet once a month over lunch and spend each meeting on one unit; "
                "a county health department in Illinois ran its whole group that way, and staff "
                "from several programs said it changed how they approached their work.",
            ],
            "points": [
                "Invite a mix of disciplines and levels, including people who work with the "
                "community every day.",
                "Agree on ground rules in the first session and write them down.",
                "Ask members to finish the unit's activities before each meeting.",
                "Plan how people who join online will be heard as much as those in the room.",
            ],
        },
        {
            "title": "Leading conversations about social justice",
            "paragraphs": [
                "Conversations about class, racism and gender inequity can be uncomfortable, "
                "especially among colleagues. Discomfort is not a sign that the session is "
                "failing; silence, blame or quick agreement usually are.",
            ],
            "points": [
                "Name the purpose: to understand how institutions produce inequity, not to "
                "judge individuals.",
                "Let people speak from their own experience, and ask before generalizing from it.",
                "When the talk drifts to individual behaviour, ask what shapes the choices "
                "people have.",
                "Close each session with one thing members will look at differently at work.",
            ],
        },
        {
            "title": "Sample questions, unit by unit",
            "paragraphs": [
                "Each unit of the course is framed by a guiding question. These prompts help a "
                "group bring that question home.",
            ],
            "points": [
                "Where do we start? Which pressures would our organization face if it named "
                "inequity as a priority, and who would support us?",
                "Perspectives on framing: which frames do our reports and programs use, and "
                "what do they leave out?",
                "Public health history: when has our field pushed for social change, and what "
                "held it back?",
                "Root causes: how do class, racism and gender inequity show up in our local data?",
                "Social justice: which institutions shape health here, and how could we "
                "influence them?",
            ],
        },
        {
            "title": "Activities for in-person, virtual and hybrid groups",
            "paragraphs": [
                "Activities work best when they ask the group to apply a unit to a real place. "
                "Map the neighbourhoods your agency serves and mark where resources and hazards "
                "sit; role-play a budget hearing; or interview a community partner and bring "
                "their answers back to the group.",
                "Online, use small breakout rooms and a shared document for notes. In hybrid "
                "meetings, pair each remote member with someone in the room and give remote "
                "members the first turn to speak.",
            ],
        },
        {
            "title": "After each session",
            "paragraphs": [
                "Post a short summary and the next session's date in the group's announcements, "
                "follow up on any commitments members made, and note the questions the group "
                "wants to return to. Tell us what worked: the next version of this guide "
                "depends on it.",
            ],
        },
    ],
}

ESSAYS = {
    "catalog_number": "NA615",
    "title": "Exploring the Roots of Health Inequity: Essays for Reflection",
    "subtitle": "Four short essays to start a conversation",
    "kind": "essays",
    "authors": AUTHORS,
    "year": 2014,
    "date": "2014",
    "audience": "registered",
    "published": True,
    "summary": (
        "Four short essays on the ideas at the heart of health inequity, written to start "
        "dialogue among practitioners. They invite readers to reflect on strategies that "
        "prevent inequities by looking at the institutions and interests that drive them, "
        "rather than only at their effects."
    ),
    "sections": [
        {
            "title": "Why essays?",
            "paragraphs": [
                "Public health practitioners are trained to measure problems and design "
                "programs. Fewer chances come along to step back and ask why the same "
                "communities keep appearing at the top of every list of poor outcomes. These "
                "essays are an invitation to do that, alone or with a learning group.",
            ],
        },
        {
            "title": "Essay 1: Beyond the gap",
            "paragraphs": [
                "A health disparity is a measured difference between groups. A health inequity "
                "is a difference that is systematic, avoidable and unjust, because it follows "
                "the lines along which power and resources are divided. The distinction matters: "
                "a disparity invites a program, an inequity asks who decided and who benefits.",
                "Naming inequity is not an accusation against anyone in the room. It is a way to "
                "keep attention on causes that no single clinic or campaign can fix.",
            ],
        },
        {
            "title": "Essay 2: Institutions and interests",
            "paragraphs": [
                "Housing markets, labour law, school funding and policing are not usually called "
                "health policy, yet they decide who breathes clean air, who can afford food and "
                "who lives with daily threat. Each is run by institutions that serve some "
                "interests more than others.",
                "Public health can study those institutions, publish what it finds and sit at "
                "the tables where their rules are written. That is harder than running a "
                "program, and closer to the root.",
            ],
        },
        {
            "title": "Essay 3: The frames we work inside",
            "paragraphs": [
                "Every report tells a story about why people are sick. When the story is about "
                "personal choices, solutions look like education campaigns. When it is about "
                "conditions, solutions look like changes in policy and power. Neither frame is "
                "neutral, and the one we use by habit shapes what we propose.",
            ],
        },
        {
            "title": "Essay 4: From reflection to strategy",
            "paragraphs": [
                "Reflection is only a start. A department that sees the root causes can change "
                "how it hires, whom it consults, what it measures and which partners it seeks. "
                "It can work upstream with community organizations that have been doing this "
                "work for a long time.",
            ],
            "points": [
                "Which of these essays describes something you have seen in your own work?",
                "What would it take for your organization to act on it?",
                "Who outside public health would you need beside you?",
            ],
        },
    ],
}

EXPANDING_THE_BOUNDARIES = {
    "catalog_number": "NA614",
    "title": "Expanding the Boundaries: Health Equity and Public Health Practice",
    "subtitle": "A brief for local health departments and their community allies",
    "kind": "brief",
    "authors": AUTHORS,
    "year": 2014,
    "date": "May 2014",
    "audience": "public",
    "published": True,
    "summary": (
        "A brief on how public health practitioners can act on the social inequalities that "
        "underlie health inequities, and not only on their consequences. It traces health "
        "equity through the history of public health, looks at class, racism, and gender "
        "inequity and heterosexism as root causes, and profiles local and state health "
        "departments already doing this work. It is meant to open a dialogue between health "
        "departments and their community allies."
    ),
    "sections": [
        {
            "title": "Foreword",
            "paragraphs": [
                "Health departments are asked to do more with less every year. This brief argues "
                "that the most effective thing they can do is also the most ambitious: to widen "
                "the boundaries of public health practice until they include the conditions that "
                "make people sick in the first place.",
            ],
        },
        {
            "title": "Introduction",
            "paragraphs": [
                "Most of the avoidable differences in health between communities come from how "
                "income, housing, education and power are distributed. Programs that treat the "
                "consequences are needed, but they will be needed forever unless someone also "
                "works on the causes. The pages that follow describe what that work looks like.",
            ],
        },
        {
            "title": "Health equity and the history of public health",
            "paragraphs": [
                "In its early decades, public health fought for clean water, decent housing and "
                "safe workplaces: it was a movement for social reform as much as a science. As "
                "the field professionalized, it turned towards individual risk factors and "
                "medical care, and its reforming voice grew quieter. Reclaiming it is not new "
                "work but a return to the field's roots.",
            ],
        },
        {
            "title": "Social inequalities and root causes: class",
            "paragraphs": [
                "Class shapes health through income and wealth, through the kind of work people "
                "do and the control they have over it, and through the neighbourhoods they can "
                "afford. Where people live is among the strongest predictors of how long they "
                "will live.",
            ],
        },
        {
            "title": "Social inequalities and root causes: racism",
            "paragraphs": [
                "Structural racism works through laws, lending, zoning and the unequal "
                "enforcement of rules, long after overt discrimination is outlawed. Its effects "
                "on health show up in every measure public health collects, and tracing them to "
                "their institutional sources is part of the job.",
            ],
        },
        {
            "title": "Social inequalities and root causes: gender inequity and heterosexism",
            "paragraphs": [
                "Unequal pay, unpaid care work, violence and the exclusion of lesbian, gay, "
                "bisexual and transgender people from full citizenship all carry health costs. "
                "Practice that takes gender and sexuality seriously asks whose experience its "
                "data and programs assume.",
            ],
        },
        {
            "title": "Profiles of health-equity practice",
            "paragraphs": [
                "Across the country, local and state health departments have begun to work this "
                "way. Some train all staff on the root causes of inequity; some publish "
                "neighbourhood-level reports with community groups as co-authors; others bring "
                "health evidence to decisions about zoning, transport and housing.",
            ],
            "points": [
                "Start inside: build your workforce's understanding and confidence.",
                "Share power: involve community members in setting priorities, not only in "
                "reviewing plans.",
                "Go upstream: bring health to the tables where other sectors make decisions.",
            ],
        },
    ],
}

PUBLICATIONS = [FACILITATORS_GUIDE, ESSAYS, EXPANDING_THE_BOUNDARIES]
