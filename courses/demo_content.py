"""The demo course's text: five units on the root causes of health inequity, written for Roots.

Plain data, read by `courses.demo.seed`. Readings name a library resource by catalog number
("NA614") or give a title and a web address.
"""

COURSE = {
    "slug": "roots-of-health-inequity",
    "title": "Roots of Health Inequity",
    "summary": (
        "A web-based course for the public health workforce and a starting place for tackling "
        "the systemic inequities that shape health and wellness. Built on a social-justice "
        "framework, it moves from where an organization can begin, through framing, history and "
        "the root causes themselves, to strategies you can use in everyday practice. Take it on "
        "your own or, as more than a hundred health departments, universities and community "
        "organizations have done, with a learning group."
    ),
    "learning_objectives": "\n".join(
        [
            "Explain the difference between a health disparity and a health inequity.",
            "Describe how class, racism and gender inequity produce unequal health.",
            "Recognize the frames that shape public health work, including your own.",
            "Use the history of public health to see what moves the field forward.",
            "Plan one concrete change in your practice that addresses a root cause.",
        ]
    ),
    "estimated_hours": "7",
}

UNITS = [
    {
        "number": 1,
        "title": "Where do we start?",
        "guiding_question": "Where can a public health organization begin to act on inequity?",
        "estimated_minutes": 90,
        "overview": (
            "Acting on the root causes of health inequity can feel overwhelming: the forces "
            "involved are large, and most public health jobs were not designed with them in "
            "mind. This unit starts close to home. It looks at the culture of our own "
            "organizations, at how we engage the communities we serve, and at how leaders can "
            "handle the political pressure that equity work attracts.\n\n"
            "You will read short scenarios, hear how practitioners began, and finish with a "
            "self-assessment of your organization's relationships with its community."
        ),
        "objectives": (
            "Describe how unearned privilege shapes an organization's workforce and culture.\n"
            "Distinguish authentic community engagement from consultation.\n"
            "Identify political pressure points and ways to respond strategically.\n"
            "Assess your organization's relationships with community partners."
        ),
        "discussion_questions": (
            "Where does our organization already act on the causes of inequity, even if we do "
            "not call it that?\n"
            "Whose voices are missing when we set priorities?\n"
            "What political pressure would we expect if we named racism as a cause, and how "
            "would we respond?"
        ),
        "resources": ["NA616", "NA614"],
        "lessons": [
            {
                "slug": "looking-inward",
                "title": "Looking inward: our workforce and unearned privilege",
                "minutes": 20,
                "body": """\
Public health agencies are made of people, and people bring their histories with them. Before
an organization can change conditions in a community, its staff need a shared language for
inequity and the confidence to use it. That work begins inward.

## What unearned privilege means

*Unearned privilege* is the set of advantages a person receives because of a group they belong
to rather than anything they did: being presumed competent, being able to find housing without
discrimination, seeing people like oneself in leadership. Privilege is often invisible to those
who hold it, precisely because it feels like the normal state of things.

In a health department, privilege shows up in who is hired and promoted, whose expertise counts
in a meeting, and which neighbourhoods staff know well. It also shows up in the questions we
never think to ask. A team that has never had trouble getting to a clinic by bus may design
services that quietly assume a car.

## Building capacity, not guilt

The purpose of examining privilege is not to assign blame. It is to build the capacity of a
workforce to notice how systems sort people, and to act on what they notice. Organizations that
have done this well tend to:

- make time for facilitated conversations rather than one-off trainings;
- connect the conversations to real decisions such as hiring, contracting and budgeting;
- invite community members to describe how the agency looks from the outside;
- expect discomfort and treat it as part of learning, not a sign of failure.

## A starting point

A county health department in Illinois, serving a jurisdiction divided along lines of race,
class and neighbourhood, began with a multi-disciplinary learning group that met over lunch once
a month to discuss each unit of this course. Staff reported that they came away better equipped
to change how they practise, and that the conversations outlived the course itself.
""",
                "prompt": (
                    "Think of one advantage you have had in your working life that you did not "
                    "earn. How might it shape what you notice, or fail to notice, about the "
                    "communities you serve?"
                ),
                "readings": [
                    ("NA615", "", "Essays written to start exactly this kind of conversation."),
                ],
            },
            {
                "slug": "engaging-communities",
                "title": "Engaging community members as partners",
                "minutes": 25,
                "body": """\
Communities experiencing inequity are not simply populations to be studied or served. They hold
knowledge about their own conditions that no survey captures, and they often have been organizing
long before a health department arrives.

## A neighbourhood and its polluting neighbours

Picture a neighbourhood ringed by a waste-transfer station, a scrap yard and a highway
interchange. Residents have complained for years about dust, odours and asthma among their
children. When the health department finally convenes a meeting, the residents arrive with their
own maps of where the trucks idle and who is sick.

The agency can treat this meeting as a chance to explain its data, or as the start of a
partnership in which residents help decide what gets measured, what is done and who speaks to
the press. The first approach is *consultation*; the second is *authentic engagement*.

## Signs of authentic engagement

- Community members help set the agenda, not only respond to it.
- Resources follow: stipends, childcare, meetings at times and places that suit residents.
- The agency shares what it knows, including uncertainty, early and plainly.
- Disagreement is expected, and the agency stays at the table when it happens.
- Residents can see what changed because they took part.

## Why it matters for equity

Inequity is, at bottom, about power: who decides how resources and risks are distributed.
Engagement that shares decisions begins to shift that power. Engagement that only collects
opinions can deepen mistrust, because people notice when their input leads nowhere.
""",
                "prompt": (
                    "Recall a meeting your organization held with community members. Who set "
                    "the agenda, and what changed afterwards because residents took part?"
                ),
                "readings": [
                    (
                        "NA614",
                        "",
                        "See the profiles of health-equity practice in local health departments.",
                    ),
                ],
            },
            {
                "slug": "leadership-and-political-pressure",
                "title": "Leadership and political pressure",
                "minutes": 25,
                "body": """\
Equity work changes who benefits from public decisions, so it will sooner or later meet
resistance. Leaders who anticipate that resistance can respond strategically instead of
retreating.

## A small-town scenario

In a small town, the new health director publishes a report showing that life expectancy differs
by eleven years between two neighbourhoods a mile apart. The report names the history of
lending discrimination and the concentration of low-wage jobs in one of them. Within a week, a
council member asks whether the department has strayed from its mission, a local business group
questions the data, and a newspaper columnist calls the report divisive.

## Finding the pressure points

Political pressure usually arrives through a small number of channels: the budget, elected
officials, board members, the media and influential partners. For each, a leader can ask:

- Who has influence here, and what do they care about?
- Which allies could speak with them, and with more credibility than the agency?
- What evidence, stories or values will resonate with this audience?
- What can we concede without abandoning the goal?

## Strategic, not silent

Responding strategically does not mean softening findings until they say nothing. It can mean
briefing officials before a report is released, letting residents tell their own stories, tying
the work to values such as fairness and opportunity that many people share, and building a
coalition broad enough that one critic cannot stop it.
""",
                "prompt": (
                    "Which pressure point (budget, officials, board, media, partners) would be "
                    "most sensitive in your setting if you named a root cause publicly? Who could "
                    "be your ally there?"
                ),
                "readings": [],
            },
            {
                "slug": "community-relationships-self-assessment",
                "title": "Taking stock: a community-relationships self-assessment",
                "minutes": 20,
                "body": """\
Practitioners who have begun this work often say the first step was an honest look at their
organization's relationships. The questions below are adapted for individual reflection; a
learning group can also answer them together.

## Rate your organization

For each statement, decide whether it is *rarely*, *sometimes* or *usually* true.

1. Community members help decide our priorities, not only comment on them.
2. We share data with community partners in forms they can use.
3. Our staff reflect the communities we serve, at every level of the organization.
4. We pay community partners for their time and expertise.
5. When a partner criticizes us, we respond openly and follow up.
6. We can name at least three community organizations working on housing, jobs or
   transportation, and we know their leaders by name.

## Reading your answers

Mostly *rarely* is common and is not a verdict; it is a baseline. Choose one statement and
decide what moving it from *rarely* to *sometimes* would take in the next six months. Small,
visible changes build the trust that larger ones need.

## Hearing from practitioners

Practitioners interviewed for the course describe similar beginnings: a director willing to
say the word *racism* in a staff meeting, an epidemiologist who started mapping evictions next
to emergency visits, a nurse who joined a tenants' association as a listener. None of them
waited for a perfect plan.
""",
                "prompt": (
                    "Which statement in the self-assessment did you rate lowest? What is one "
                    "step you could take in the next six months to move it forward?"
                ),
                "readings": [],
            },
        ],
        "questions": [
            {
                "text": "Which description best fits unearned privilege?",
                "kind": "single",
                "choices": [
                    (
                        "Advantages a person receives because of a group they belong to, not "
                        "because of anything they did",
                        True,
                        "Right. Privilege comes with group membership, which is why it is often "
                        "invisible to the people who hold it.",
                    ),
                    (
                        "Rewards a person has earned through hard work and skill",
                        False,
                        "Earned rewards are real, but privilege is by definition unearned: it "
                        "comes from group membership.",
                    ),
                    (
                        "A legal right granted by an employer",
                        False,
                        "Privilege here is not a formal right; it is a set of everyday "
                        "advantages built into how systems treat different groups.",
                    ),
                ],
            },
            {
                "text": "Which of these are signs of authentic community engagement?",
                "kind": "multiple",
                "choices": [
                    (
                        "Residents help set the agenda and decide what is measured",
                        True,
                        "Yes: sharing decisions, not only collecting opinions, is the heart of "
                        "authentic engagement.",
                    ),
                    (
                        "Community partners are paid for their time and expertise",
                        True,
                        "Yes: resources following participation show that residents' knowledge "
                        "is valued.",
                    ),
                    (
                        "The agency presents its final plan and invites comments",
                        False,
                        "That is consultation. Comments on a finished plan rarely shift who "
                        "makes decisions.",
                    ),
                ],
            },
            {
                "text": (
                    "A council member questions a report that names a root cause. What is a "
                    "strategic first response?"
                ),
                "kind": "single",
                "choices": [
                    (
                        "Withdraw the report to avoid controversy",
                        False,
                        "Withdrawing teaches critics that pressure works and leaves the "
                        "community's problem unaddressed.",
                    ),
                    (
                        "Meet the council member, with allies who are credible to them, and tie "
                        "the findings to shared values",
                        True,
                        "Right. Working through trusted allies and shared values is a strategic "
                        "response that keeps the findings intact.",
                    ),
                    (
                        "Ignore the criticism and say nothing",
                        False,
                        "Silence lets others define the story. A strategic response engages the "
                        "pressure point directly.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 2,
        "title": "Perspectives on framing",
        "guiding_question": "How do the frames we carry shape the work we do?",
        "estimated_minutes": 75,
        "overview": (
            "Every public health problem arrives already framed: described in a way that "
            "suggests its causes, who is responsible and what should be done. Frames are built "
            "from mental models, values, assumptions and interests, and they are powerful "
            "precisely because they feel like common sense.\n\n"
            "This unit helps you notice frames, including your own, and practise reframing "
            "health problems so that their root causes come into view."
        ),
        "objectives": (
            "Define a frame and its parts: mental models, values, assumptions and interests.\n"
            "Recognize individual-behaviour frames and their limits.\n"
            "Reframe a familiar health problem around conditions and power."
        ),
        "discussion_questions": (
            "What frame does our agency's website use to describe chronic disease?\n"
            "Whose interests does that frame serve?\n"
            "How would a resident of our most affected neighbourhood describe the same problem?"
        ),
        "resources": ["NA615"],
        "lessons": [
            {
                "slug": "what-is-a-frame",
                "title": "What is a frame?",
                "minutes": 20,
                "body": """\
A frame is the lens through which a problem is seen. It selects some facts and leaves others
out, suggests who or what is to blame, and points to certain solutions while making others
seem unrealistic.

## The parts of a frame

- **Mental models**: the pictures in our heads of how the world works, such as "health is
  mostly about personal choices".
- **Values**: what we believe matters, such as individual freedom, fairness or security.
- **Assumptions**: things taken for granted, such as "markets distribute resources efficiently".
- **Interests**: what people or institutions stand to gain or lose depending on which frame
  wins.

## Why frames are hard to see

Frames work best when they are invisible. When a news story about diabetes shows a person
choosing between a salad and a burger, most viewers do not notice that it has framed diabetes
as a matter of individual choice. The absence of the grocery store that closed, the wages that
do not cover fresh food and the marketing budgets of soda companies is not experienced as an
absence at all.

## Frames in our own work

Public health has its own habitual frames. Programme names, logic models and grant
requirements often assume that the problem lives in individual behaviour and that the solution
is education. Those frames are not wrong so much as incomplete, and their incompleteness has
consequences for who receives resources and who is held responsible.
""",
                "prompt": (
                    "Pick a programme you work on. Describe the frame it uses: what does it "
                    "assume causes the problem, and what solution does it point to?"
                ),
                "readings": [],
            },
            {
                "slug": "behaviour-or-conditions",
                "title": "Behaviour or conditions? Two ways to see the same problem",
                "minutes": 25,
                "body": """\
Take a familiar problem: high rates of childhood asthma in one part of a city. It can be framed
in at least two ways.

## A behaviour frame

In a behaviour frame, the story is about families. Parents need to learn to recognize triggers,
use inhalers correctly and keep homes free of dust and smoke. Success is measured by the number
of families reached with education and by fewer emergency visits.

## A conditions frame

In a conditions frame, the story is about the neighbourhood. Older rental housing with mould
and pests, landlords who are not required to make repairs, truck routes and industrial sites
sited near homes, and decades of decisions about where those routes and sites would go. Success
is measured by repaired housing, enforced codes and changed land-use decisions.

## Upstream and downstream

The conditions frame looks *upstream*, toward the causes of the causes. The behaviour frame
works *downstream*, helping people cope with conditions as they are. Downstream work is
necessary and humane; families with asthmatic children need help today. The risk is that an
agency only ever works downstream, because that is what its frames, funding and habits make
visible.

## Holding both

Equity-minded practice does not abandon downstream services. It insists that every programme
also ask: what produced this pattern, who decided, and what would it take to change it?
""",
                "prompt": (
                    "Choose a health problem in your community. Write one sentence that frames "
                    "it around behaviour and one that frames it around conditions. Which frame "
                    "does your organization usually use?"
                ),
                "readings": [
                    (
                        "Healthy People 2030: Social determinants of health",
                        "https://health.gov/healthypeople/priority-areas/social-determinants-health",
                        "The federal framework's five domains of social determinants.",
                    ),
                ],
            },
            {
                "slug": "reframing-for-equity",
                "title": "Reframing for equity",
                "minutes": 25,
                "body": """\
Reframing is the deliberate work of telling a more complete story about a health problem, one
in which root causes, responsible institutions and possible actions become visible.

## Three moves

1. **Lead with shared values.** Fairness, opportunity and community resonate with many
   audiences. "Every child deserves to breathe clean air at home" opens more doors than a
   statistic alone.
2. **Name the conditions and the decisions behind them.** Housing codes, zoning, wages and
   lending are made by people and institutions, and what was decided can be decided
   differently.
3. **Point to solutions at the same level as the cause.** If the cause is a policy, the
   solution should be a policy, not another pamphlet.

## Watch for backfire

Some well-meant messages reinforce the frames they mean to challenge. Listing the ways a group
is sicker, without explaining why, can suggest that something is wrong with the group.
Describing people only as *vulnerable* can hide the forces that make them so. Whenever
possible, let people affected by a problem help choose the words used to describe it.

## Frames and interests

Frames compete. Industries, advocacy groups and agencies all promote frames that serve their
interests. Reframing for equity means being clear about whose interests a frame serves, and
being willing to say so.
""",
                "prompt": (
                    "Rewrite the opening sentence of a report, web page or grant summary from "
                    "your organization so that it leads with a shared value and names a "
                    "condition behind the problem."
                ),
                "readings": [
                    (
                        "NA615",
                        "",
                        "The essays model how to frame inequity around institutions and interests.",
                    ),
                ],
            },
        ],
        "questions": [
            {
                "text": "Which of these are parts of a frame, as this unit uses the word?",
                "kind": "multiple",
                "choices": [
                    (
                        "Mental models",
                        True,
                        "Yes: the pictures in our heads of how the world works.",
                    ),
                    (
                        "Values and assumptions",
                        True,
                        "Yes: what we believe matters and what we take for granted.",
                    ),
                    (
                        "The font used in a report",
                        False,
                        "Presentation matters, but a frame is about meaning: models, values, "
                        "assumptions and interests.",
                    ),
                ],
            },
            {
                "text": "Which sentence frames childhood asthma around conditions?",
                "kind": "single",
                "choices": [
                    (
                        "Parents need to learn how to use inhalers correctly.",
                        False,
                        "That is a behaviour frame. It helps families cope but leaves the causes "
                        "out of view.",
                    ),
                    (
                        "Children in older rental housing near truck routes breathe mould and "
                        "diesel exhaust that landlords and planners could reduce.",
                        True,
                        "Right. It names conditions and the decisions and institutions behind "
                        "them.",
                    ),
                    (
                        "Asthma is a chronic disease of the airways.",
                        False,
                        "This is a clinical description; it does not suggest causes or "
                        "responsibility at all.",
                    ),
                ],
            },
            {
                "text": (
                    "Why can listing a group's poor health outcomes, without context, backfire?"
                ),
                "kind": "single",
                "choices": [
                    (
                        "It can suggest that the problem lies in the group rather than in the "
                        "conditions imposed on it",
                        True,
                        "Right. Without the why, readers fill the gap with existing stereotypes.",
                    ),
                    (
                        "Statistics are always unreliable",
                        False,
                        "Good data matter. The risk is in presenting them without the causes "
                        "behind them.",
                    ),
                    (
                        "Audiences never read numbers",
                        False,
                        "Numbers are read; the issue is the story they are placed in.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 3,
        "title": "Public health history",
        "guiding_question": "What has moved public health forward, and what has held it back?",
        "estimated_minutes": 75,
        "overview": (
            "Public health has changed a great deal over roughly the last 150 years. At times it "
            "was a movement for social reform; at others it narrowed to germs, individual risk "
            "factors and clinical services. Looking at that history helps us see that today's "
            "habits are choices, and that the field has been bolder before.\n\n"
            "This unit walks through a timeline of the field, pausing at turning points."
        ),
        "objectives": (
            "Describe public health's roots in nineteenth-century social reform.\n"
            "Explain how the biomedical and risk-factor models narrowed the field's focus.\n"
            "Identify forces that have pushed the field toward social justice."
        ),
        "discussion_questions": (
            "Which moment in the timeline surprised you?\n"
            "What would a bold public health agency of the 1890s make of our work today?\n"
            "What current movement could push our field forward?"
        ),
        "resources": ["NA614"],
        "lessons": [
            {
                "slug": "sanitation-and-social-reform",
                "title": "Sanitation and social reform",
                "minutes": 25,
                "body": """\
Modern public health grew up in the crowded industrial cities of the nineteenth century. Cholera,
typhoid and tuberculosis spread fastest where workers lived in overcrowded tenements without
clean water or sewers.

## A movement, not only a profession

Early reformers did more than count the dead. They documented the living conditions of the
poor, campaigned for clean water, sewers, housing laws and limits on child labour, and argued
that disease was produced by the way society was organized. Some physicians of the era put it
bluntly: medicine is a social science, and politics is medicine on a larger scale.

## What worked

The great declines in mortality of that period came largely from changes in conditions:
water and sewer systems, housing codes, food safety laws and rising wages. These were
public, collective decisions, often won against the opposition of property owners and
industries that preferred the old arrangements.

## Limits and blind spots

The same era also produced public health measures that blamed immigrants and people of colour
for disease, enforced segregation in the name of hygiene and excluded those groups from the
benefits of reform. Its history is a reminder that public health can reinforce injustice as
well as challenge it.
""",
                "prompt": (
                    "Nineteenth-century reformers campaigned for housing and labour laws as "
                    "health measures. What would the equivalent campaign be in your community "
                    "today?"
                ),
                "readings": [],
            },
            {
                "slug": "narrowing-the-lens",
                "title": "Narrowing the lens: germs, risk factors and clinics",
                "minutes": 25,
                "body": """\
With the rise of bacteriology in the late nineteenth century, public health gained powerful new
tools: vaccines, laboratory diagnosis and, later, antibiotics. These saved countless lives. They
also shifted attention from the conditions that spread disease to the microbes themselves.

## From conditions to causes inside the body

If a specific germ causes a specific disease, the logical response is to find and kill the
germ, and the social conditions that let it spread can recede into the background. Over the
twentieth century, as chronic diseases became the main causes of death, a similar narrowing
happened: attention moved to individual *risk factors* such as smoking, diet and exercise.

## Professionalization

Public health also became a profession with its own schools, credentials and methods. That
brought rigour. It also distanced the field from the social movements that had once driven it,
and made it easier to treat poverty, racism and political power as outside its scope.

## The cost

The risk-factor model explains who gets sick within a population, but it struggles to explain
why whole populations differ so much. It tends to produce programmes aimed at individuals while
the conditions shaping their choices remain unchanged.
""",
                "prompt": (
                    "Where do you see the risk-factor model in your own work? What does it help "
                    "you do well, and what does it leave out?"
                ),
                "readings": [],
            },
            {
                "slug": "returning-to-social-causes",
                "title": "Returning to social causes",
                "minutes": 25,
                "body": """\
The field's social roots never disappeared. They resurfaced whenever social movements pushed
them back into view.

## Civil rights and community health

The civil rights movement exposed segregated hospitals and the health consequences of
discrimination. Community health centres, founded in that era, combined clinical care with work
on housing, sanitation, food and jobs, treating these as part of health care. Environmental
justice activists later showed that polluting facilities were concentrated in communities of
colour, and that this pattern was the result of decisions, not chance.

## Social determinants, named and measured

By the early twenty-first century, international bodies and national health plans were
describing the *social determinants of health* and calling for action on the distribution of
power, money and resources. Researchers documented how steep the gradient is: at every step
down the social ladder, health gets worse.

## Where that leaves us

Naming social determinants is not the same as acting on them. Many agencies now use the
language while their budgets and programmes remain downstream. The challenge this course takes
up is moving from naming to acting, from describing *determinants* to confronting the
*institutions and interests* that produce them.
""",
                "prompt": (
                    'Your organization probably uses the phrase "social determinants of '
                    'health". Name one way it acts on them, and one way it only describes them.'
                ),
                "readings": [
                    (
                        "Closing the gap in a generation (WHO Commission on Social Determinants "
                        "of Health)",
                        "https://www.who.int/publications/i/item/WHO-IER-CSDH-08.1",
                        "The commission's final report and its three overarching recommendations.",
                    ),
                    ("NA614", "", "The chapter on health equity and the history of public health."),
                ],
            },
        ],
        "questions": [
            {
                "text": (
                    "What produced most of the great mortality "
                    "declines of the late 1800s and early 1900s?"
                ),
                "kind": "single",
                "choices": [
                    (
                        "Changes in living and working conditions: water, sewers, housing, food "
                        "safety and wages",
                        True,
                        "Right. Collective changes in conditions did most of the work, often won "
                        "against organized opposition.",
                    ),
                    (
                        "Antibiotics",
                        False,
                        "Antibiotics arrived in the 1940s, after most of the decline had already "
                        "happened.",
                    ),
                    (
                        "Individual health education campaigns",
                        False,
                        "Education played a part, but the largest gains came from changing "
                        "conditions.",
                    ),
                ],
            },
            {
                "text": "What is a limit of the risk-factor model?",
                "kind": "single",
                "choices": [
                    (
                        "It cannot identify any risk factors",
                        False,
                        "It identifies risk factors well; its limits lie elsewhere.",
                    ),
                    (
                        "It explains who gets sick within a population better than why whole "
                        "populations differ",
                        True,
                        "Right. Differences between populations point to conditions that "
                        "individual risk factors do not capture.",
                    ),
                    (
                        "It only applies to infectious disease",
                        False,
                        "The risk-factor model grew up around chronic disease.",
                    ),
                ],
            },
            {
                "text": "Which movements pushed public health back toward social causes?",
                "kind": "multiple",
                "choices": [
                    (
                        "The civil rights movement",
                        True,
                        "Yes: it exposed segregated care and the health effects of discrimination.",
                    ),
                    (
                        "The environmental justice movement",
                        True,
                        "Yes: it showed that pollution was concentrated in communities of colour "
                        "by decision.",
                    ),
                    (
                        "The professionalization of public health",
                        False,
                        "Professionalization brought rigour but tended to distance the field "
                        "from social movements.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 4,
        "title": "Root causes",
        "guiding_question": "How do class, racism and gender inequity produce unequal health?",
        "estimated_minutes": 90,
        "overview": (
            "Health inequities are systematic, unjust and avoidable differences in health tied "
            "to power. A *health disparity* is a measured gap; calling it an *inequity* makes a "
            "judgement about its cause. This unit looks at three root causes that produce "
            "inequity across many diseases and places: class structure, racism and gender "
            "inequity.\n\n"
            "Each lesson describes how the cause works through institutions, not only through "
            "individual attitudes, and what public health practice can do about it."
        ),
        "objectives": (
            "Distinguish a health disparity from a health inequity.\n"
            "Explain how class structure shapes exposure, resources and power.\n"
            "Describe structural racism and how it operates without individual intent.\n"
            "Describe how gender inequity and heterosexism affect health."
        ),
        "discussion_questions": (
            "Which root cause is hardest to talk about in our organization, and why?\n"
            "Where do these causes overlap in the lives of the people we serve?\n"
            "What institution in our area could we influence on one of them?"
        ),
        "resources": ["NA614", "NA615"],
        "lessons": [
            {
                "slug": "class",
                "title": "Class and economic power",
                "minutes": 25,
                "body": """\
In almost every country and for almost every disease, people with less income, wealth and
control over their work live shorter and sicker lives. The pattern is not only a line between
poor and everyone else; it is a gradient that runs through the whole population.

## More than income

*Class* is about more than how much money a household earns. It concerns ownership and control:
who owns housing, land and businesses, who sets wages and working conditions, and whose
interests shape public decisions. A worker who cannot take a sick day, whose shifts change every
week and who rents from a landlord who ignores repairs faces health risks that a higher income
alone would not remove.

## How class becomes biology

Class shapes health through many paths at once: exposure to hazards at work and at home, access
to healthy food and safe places to move, the stress of insecure income and housing, and access
to care. These paths accumulate over a lifetime and can pass from one generation to the next.

## What practice can do

Public health agencies can document how working and housing conditions affect health, support
policies such as paid sick leave and living wages, partner with labour and tenant organizations,
and examine their own role as employers and purchasers.
""",
                "prompt": (
                    "How does economic insecurity show up in the lives of the people your work "
                    "reaches? Which institution decides one of those conditions?"
                ),
                "readings": [
                    ("NA614", "", "The section on social inequalities and root causes: class."),
                ],
            },
            {
                "slug": "racism",
                "title": "Racism as a root cause",
                "minutes": 25,
                "body": """\
Racial inequities in health are large, persistent and found across income levels. They cannot
be explained by genetics or by individual behaviour. They are explained by racism.

## Structural racism

*Structural racism* is the way laws, policies and institutional practices, taken together,
produce unequal outcomes by race, whether or not any individual intends harm. Historical
housing policies that denied mortgages in Black neighbourhoods, for example, shaped where
families could build wealth, which schools their children attended and where highways and
polluting industries were later placed. The effects persist long after the policies changed.

## Beyond attitudes

Training that focuses only on individual bias misses most of the machinery. An agency where
everyone holds good intentions can still distribute resources in ways that widen gaps, for
instance by funding programmes according to grant-writing capacity, or by siting services where
staff already have relationships.

## What practice can do

Agencies can collect and share data by race alongside data on conditions such as housing and
policing, use equity impact reviews for budgets and policies, support community-led
organizations, and say the word *racism* plainly when it is the cause.
""",
                "prompt": (
                    "Think of a decision your organization makes routinely (where to site a "
                    "service, how to award funds). How could it produce racial inequity without "
                    "anyone intending it?"
                ),
                "readings": [
                    ("NA614", "", "The section on racism as a root cause of health inequity."),
                ],
            },
            {
                "slug": "gender-inequity",
                "title": "Gender inequity and heterosexism",
                "minutes": 20,
                "body": """\
Gender shapes health through the division of paid and unpaid work, through violence, through
control over reproduction and through the way health systems themselves treat different bodies.

## Gender as a system

*Gender inequity* refers to systematic differences in power and resources between women and
men, and between people whose gender matches social expectations and those whose does not.
Women, for example, do most unpaid caregiving, which affects their income, pensions and time to
care for their own health.

## Heterosexism

*Heterosexism* is the assumption, built into institutions, that heterosexual relationships are
the norm. It shows up in intake forms, insurance rules and services that do not recognize
same-sex partners, and it contributes to higher rates of some health problems among lesbian,
gay, bisexual and transgender people, largely through stigma and exclusion.

## Overlapping causes

Class, racism and gender inequity do not act separately. A low-wage immigrant woman working
as a home health aide experiences all three at once. Practice that looks at only one cause at a
time will miss how they compound.
""",
                "prompt": (
                    "Look at a form, policy or service in your organization. What does it "
                    "assume about gender or family? Who might it leave out?"
                ),
                "readings": [],
            },
        ],
        "questions": [
            {
                "text": "What distinguishes a health inequity from a health disparity?",
                "kind": "single",
                "choices": [
                    (
                        "An inequity is a measured gap; a disparity is an unjust one",
                        False,
                        "It is the other way round: a disparity is the measured gap.",
                    ),
                    (
                        "Calling a gap an inequity judges it systematic, unjust and avoidable, "
                        "tied to power",
                        True,
                        "Right. A disparity describes a difference; an inequity names it as "
                        "unjust and rooted in power.",
                    ),
                    (
                        "There is no difference",
                        False,
                        "The words are often used loosely, but the distinction matters for action.",
                    ),
                ],
            },
            {
                "text": (
                    "Structural racism can produce unequal outcomes "
                    "even when no individual intends harm."
                ),
                "kind": "single",
                "choices": [
                    (
                        "True",
                        True,
                        "Right. Laws, policies and practices can sort resources by race without "
                        "anyone holding bad intentions.",
                    ),
                    (
                        "False",
                        False,
                        "Structural racism works through institutions; individual intent is "
                        "not required.",
                    ),
                ],
            },
            {
                "text": "Through which paths does class shape health?",
                "kind": "multiple",
                "choices": [
                    (
                        "Exposure to hazards at work and at home",
                        True,
                        "Yes: working and housing conditions differ by class.",
                    ),
                    (
                        "The stress of insecure income and housing",
                        True,
                        "Yes: chronic insecurity has measurable health effects.",
                    ),
                    (
                        "Differences in genes between social classes",
                        False,
                        "Class gradients are explained by conditions and power, not genetics.",
                    ),
                ],
            },
        ],
    },
    {
        "number": 5,
        "title": "Social justice",
        "guiding_question": "How can we influence the institutions that produce inequity?",
        "estimated_minutes": 90,
        "overview": (
            "This course is built on a social-justice framework: the view that health inequities "
            "are produced by the unfair distribution of power and resources, and that public "
            "health has a duty to help change that distribution. This final unit sets out "
            "principles of social justice and practical ways to influence the institutions that "
            "shape health, from local government to employers, lenders and the health system "
            "itself.\n\n"
            "It ends with a plan for one change in your own practice."
        ),
        "objectives": (
            "State core principles of social justice as they apply to public health.\n"
            "Identify institutions that produce inequity in your community.\n"
            "Describe strategies for influencing those institutions, including partnerships.\n"
            "Plan one concrete change in your practice."
        ),
        "discussion_questions": (
            "Which institution in our community most shapes health inequity?\n"
            "Who is already organizing to change it, and how could we support them?\n"
            "What will each of us do differently in the next three months?"
        ),
        "resources": ["NA616", "NA614", "NA615"],
        "lessons": [
            {
                "slug": "principles-of-social-justice",
                "title": "Principles of social justice",
                "minutes": 20,
                "body": """\
Social justice asks how the benefits and burdens of a society are distributed, and who gets
to decide. For public health, it offers a way to judge health differences and a direction for
action.

## Core principles

- **Fair distribution.** Resources and opportunities for health should not depend on race,
  class, gender or where one lives.
- **Voice and power.** People affected by decisions should have real influence over them.
- **Recognition.** All groups deserve respect for their identities, histories and knowledge.
- **Responsibility of institutions.** Inequities are produced by institutions and can be
  changed by them; individuals should not bear the blame for structural harm.

## Health justice

Many practitioners now speak of *health justice*: the conviction that everyone deserves a fair
chance at a long, healthy life, and that where a person lives should not decide how long they
live. That idea is simple to state and demanding to practise, because the institutions that
sort people into places also have interests in keeping things as they are.

## Why a framework matters

A framework gives practitioners a shared basis for choosing among programmes, defending
decisions and explaining why equity work is part of public health's mission, not an addition
to it.
""",
                "prompt": (
                    "Which principle of social justice is most present in your organization's "
                    "work, and which is most absent?"
                ),
                "readings": [],
            },
            {
                "slug": "institutions-that-produce-inequity",
                "title": "The institutions that produce inequity",
                "minutes": 25,
                "body": """\
Root causes operate through institutions: the organizations, rules and markets that decide who
gets what. Naming them is the first step to influencing them.

## Mapping institutions

Consider the decisions behind a single neighbourhood's health: zoning boards decide where
industry goes; banks and insurers decide who gets credit; employers set wages and schedules;
school boards allocate funds; police and courts decide who is stopped and jailed; landlords
decide whether to make repairs; and health systems decide where to open clinics and how to bill.

A useful exercise is to draw a map of these institutions for one health problem, marking which
decisions matter most and where public health has influence: through regulation, data,
convening, purchasing or partnership.

## Interests

Institutions act on interests. A developer's interest in land values, an insurer's interest in
avoiding risk or an agency's interest in its own budget will shape what each is willing to
change. Understanding those interests is not cynicism; it is strategy.

## Health systems as institutions

Hospitals and insurers are increasingly investing in housing, food and transportation because
social conditions drive costs. Coalitions of health systems, insurers and community
organizations now argue that paying for such work is a path to more cost-effective care. These
are potential allies, and also institutions whose own practices, from billing to hiring, shape
inequity.
""",
                "prompt": (
                    "Draw or list the institutions behind one health problem in your community. "
                    "Which one could your organization influence, and through what channel?"
                ),
                "readings": [],
            },
            {
                "slug": "strategies-for-action",
                "title": "Strategies for action: power and partnership",
                "minutes": 25,
                "body": """\
Changing institutions takes power, and public health agencies rarely have enough on their own.
The strategies below are ways practitioners have built and shared it.

## Build with communities

Support community organizing by sharing data, funding community-led groups, and stepping back
so that residents can lead. Power built in communities lasts longer than any grant.

## Cross-sector partnerships

Work with housing authorities, transit agencies, schools, employers, unions and health systems.
Partnerships work best when each partner can name what it gains and what it will contribute,
and when community members sit at the table as equals.

## Use the tools you have

- **Data**: publish reports that connect health outcomes to conditions and decisions.
- **Policy**: comment on zoning, budgets and regulations; propose health-in-all-policies
  reviews.
- **Purchasing and hiring**: use the agency's own spending and hiring to advance equity.
- **Convening**: bring together parties who do not usually meet.

## Narrative

How a problem is told shapes what people will support. Practitioners can help communities tell
their own stories and advance a public narrative in which health inequity is understood as the
product of choices that can be made differently.
""",
                "prompt": (
                    "Choose one strategy from this lesson. Who would you need as partners to use "
                    "it on the problem you mapped in the previous lesson?"
                ),
                "readings": [
                    (
                        "NA616",
                        "",
                        "Sample questions and activities for a group planning its next steps.",
                    ),
                ],
            },
            {
                "slug": "your-next-step",
                "title": "Your next step",
                "minutes": 20,
                "body": """\
The course ends where practice begins. This lesson asks you to turn what you have learned into
one concrete change you will make.

## Choosing a change

Good first changes are specific, within your influence and visible to others. Examples from
practitioners include adding housing-condition questions to a home-visiting programme; moving a
community meeting to evenings and paying participants; rewriting a programme description to
name root causes; and proposing an equity review of next year's budget.

## Making it stick

- Tell a colleague what you plan to do and when.
- Decide how you will know it happened.
- Connect it to your organization's plans so it outlasts your own enthusiasm.

## Keep learning together

Many organizations use this course as the starting point for a learning group that meets
regularly, often monthly, to discuss a unit and plan action. If your organization has not
formed one, you could propose it. The facilitator's guide in the library offers learning plans
and facilitation tips.
""",
                "prompt": (
                    "Describe one change you will make in your practice in the next three "
                    "months. Who will you tell, and how will you know it happened?"
                ),
                "readings": [
                    ("NA616", "", "Learning plans and tips for starting a group."),
                ],
            },
        ],
        "questions": [
            {
                "text": "Which are principles of social justice as used in this course?",
                "kind": "multiple",
                "choices": [
                    (
                        "Fair distribution of resources and opportunities",
                        True,
                        "Yes: opportunities for health should not depend on group or place.",
                    ),
                    (
                        "Voice and power for people affected by decisions",
                        True,
                        "Yes: those affected should have real influence.",
                    ),
                    (
                        "Holding individuals responsible for structural harm",
                        False,
                        "The framework places responsibility on institutions, not on individuals "
                        "harmed by them.",
                    ),
                ],
            },
            {
                "text": "Why map the institutions behind a health problem?",
                "kind": "single",
                "choices": [
                    (
                        "To find who decides the conditions and where public health has influence",
                        True,
                        "Right. A map shows which decisions matter and which channels you can use.",
                    ),
                    (
                        "To assign blame to individual officials",
                        False,
                        "The point is strategy, not blame: understanding decisions and interests.",
                    ),
                    (
                        "Because grant applications require it",
                        False,
                        "Some may, but its value is in planning action.",
                    ),
                ],
            },
            {
                "text": "What makes a good first change in your practice?",
                "kind": "single",
                "choices": [
                    (
                        "A change that is specific, within your influence and visible to others",
                        True,
                        "Right. Small, concrete and visible changes build momentum and trust.",
                    ),
                    (
                        "A complete plan to end inequity in the region",
                        False,
                        "Ambition matters, but a first step should be something you can do now.",
                    ),
                    (
                        "Waiting until the organization has agreed on a strategy",
                        False,
                        "Practitioners who made progress rarely waited for a perfect plan.",
                    ),
                ],
            },
        ],
    },
]

# The demo practitioner's journal entries, by (unit number, lesson slug).
DEMO_REFLECTIONS = {
    (1, "looking-inward"): (
        "I grew up with a car and have never had to plan a clinic visit around a bus schedule. "
        "Our WIC appointment times assume people can leave work easily; I want to ask clients "
        "what actually works for them."
    ),
    (1, "engaging-communities"): (
        "At our last listening session we set the agenda and residents only responded. Next "
        "time I will ask the neighbourhood association to co-host and pay for childcare."
    ),
    (2, "what-is-a-frame"): (
        "Our diabetes programme is framed around individual choices: classes, pedometers, "
        "recipes. Nothing in the logic model mentions the two grocery stores that closed."
    ),
}
