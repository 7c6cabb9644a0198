"""The network-council leaflet (seed 003, "Netværksrådslagning") as data.

Danish texts are the leaflet's own wording, word for word; Swedish and English are
translations. Keys are stable, so never renumber. The same shapes as the meeting guide.
"""

from __future__ import annotations

from omkreds.lib.seedtext import Text
from omkreds.meetings.guide import GuideList, guide_item, guide_list, guide_section

# What the coordinator does at each personal visit ("Ved besøget …").
VISIT = guide_list(
    "visit",
    Text(da="Ved besøget", sv="Vid besöket", en="At the visit"),
    guide_item(
        "visit.model",
        da="Samordneren fortæller om netværksrådslagningsmodellen.",
        sv="Samordnaren berättar om modellen för nätverksrådslag.",
        en="The coordinator tells about the network council model.",
    ),
    guide_item(
        "visit.questions",
        da="Samordneren præsenterer de spørgsmål, som netværket skal tage stilling til under "
        "netværksrådslagningen.",
        sv="Samordnaren presenterar de frågor som nätverket ska ta ställning till under "
        "nätverksrådslaget.",
        en="The coordinator presents the questions the network will consider at the network "
        "council.",
    ),
)

# The council in three steps ("Selve netværksrådslagningen er opdelt i tre trin").
STEPS = GuideList(
    key="council",
    title=Text(
        da="Selve netværksrådslagningen er opdelt i tre trin",
        sv="Själva nätverksrådslaget är indelat i tre steg",
        en="The network council itself is divided into three steps",
    ),
    sections=(
        guide_section(
            "information",
            Text(da="Trin 1 – information", sv="Steg 1 – information", en="Step 1 – information"),
            guide_item(
                "information.welcome",
                da="Samordneren byder velkommen.",
                sv="Samordnaren hälsar välkommen.",
                en="The coordinator welcomes everyone.",
            ),
            guide_item(
                "information.employees",
                da="Medarbejdere, der har et godt kendskab til hovedpersonen, giver information "
                "om hovedpersonens situation. Der kan evt. også deltage andre udefrakommende "
                "personer, der har væsentlige informationer om hovedpersonen.",
                sv="Medarbetare som känner huvudpersonen väl informerar om huvudpersonens "
                "situation. Även andra utomstående personer som har väsentlig information om "
                "huvudpersonen kan delta.",
                en="Employees who know the main person well give information about the main "
                "person's situation. Other outside persons with essential information about the "
                "main person may also take part.",
            ),
            guide_item(
                "information.clarify",
                da="Netværket kan stille afklarede spørgsmål.",
                sv="Nätverket kan ställa klargörande frågor.",
                en="The network may ask clarifying questions.",
            ),
            guide_item(
                "information.repeat",
                da="De spørgsmål, som netværket sammen med hovedpersonen skal tage stilling til, "
                "gentages.",
                sv="De frågor som nätverket tillsammans med huvudpersonen ska ta ställning till "
                "upprepas.",
                en="The questions the network and the main person are to consider are repeated.",
            ),
        ),
        guide_section(
            "private",
            Text(
                da="Trin 2 – det private møde",
                sv="Steg 2 – det privata mötet",
                en="Step 2 – the private meeting",
            ),
            guide_item(
                "private.discuss",
                da="Netværket og hovedpersonen drøfter informationerne og de stillede spørgsmål, "
                "uden at medarbejderne og samordneren er til stede.",
                sv="Nätverket och huvudpersonen diskuterar informationen och de ställda frågorna "
                "utan att medarbetarna och samordnaren är närvarande.",
                en="The network and the main person discuss the information and the questions "
                "asked, without the employees and the coordinator present.",
            ),
            guide_item(
                "private.write",
                da="Netværket og hovedpersonen skriver deres forslag til en personlig plan for "
                "hovedpersonen ned.",
                sv="Nätverket och huvudpersonen skriver ned sina förslag till en personlig plan "
                "för huvudpersonen.",
                en="The network and the main person write down their proposals for a personal "
                "plan for the main person.",
            ),
        ),
        guide_section(
            "acknowledgement",
            Text(
                da="Trin 3 – anderkendelse af planen",
                sv="Steg 3 – bekräftelse av planen",
                en="Step 3 – acknowledgement of the plan",
            ),
            guide_item(
                "acknowledgement.present",
                da="En repræsentant fra netværket fremlægger den personlige plan for dem, der "
                "deltog i trin 1.",
                sv="En representant för nätverket lägger fram den personliga planen för dem som "
                "deltog i steg 1.",
                en="A representative of the network presents the personal plan to those who "
                "took part in step 1.",
            ),
            guide_item(
                "acknowledgement.elaborate",
                da="Medarbejderne og samordneren kan bede om at få uddybet dele af planen for at "
                "sikre, at planen bliver så konkret og tydelige som muligt.",
                sv="Medarbetarna och samordnaren kan be att få delar av planen fördjupade för att "
                "planen ska bli så konkret och tydlig som möjligt.",
                en="The employees and the coordinator may ask for parts of the plan to be "
                "elaborated, so that the plan is as concrete and clear as possible.",
            ),
            guide_item(
                "acknowledgement.next",
                da="Deltagerne aftaler, hvad der skal ske herfra.",
                sv="Deltagarna kommer överens om vad som ska hända härifrån.",
                en="The participants agree what happens from here.",
            ),
            guide_item(
                "acknowledgement.followup",
                da="Der aftales et opfølgende møde.",
                sv="Ett uppföljande möte bestäms.",
                en="A follow-up meeting is agreed.",
            ),
        ),
    ),
)


def step_section(key: str):
    """The run sheet of one step ("information", "private", "acknowledgement"), or None."""
    return next((s for s in STEPS.sections if s.key == key), None)
