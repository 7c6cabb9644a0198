"""The network-meeting guide (seed 002, "ABC för ett lyckat nätverksmöte") as data.

Swedish texts are the guide's own wording (Finland-Swedish), word for word; Danish and English
are translations. Keys are stable: preparation ticks are stored against them, so never renumber.

from omkreds.meetings import guide
guide.PREPARATION.items            # the four points the worker goes through with the client
guide.RUN_SHEET.sections           # the chair's run sheet, in the guide's order
guide.item("run.intro_order").get_text("sv")
"""

from __future__ import annotations

from dataclasses import dataclass

# The text type and the active-language rule are the CTI checklists'; one shape for all guides.
from omkreds.lib.seedtext import Text, active_language, lazy_text

__all__ = [
    "DECIDE",
    "FEEDBACK",
    "FEEDBACK_ANSWERS",
    "INVITATION",
    "NOTES",
    "PREPARATION",
    "ROOM",
    "RUN_SHEET",
    "GuideItem",
    "GuideList",
    "GuideSection",
    "Text",
    "active_language",
    "guide_item",
    "guide_list",
    "guide_section",
    "item",
    "lazy_text",
]


@dataclass(frozen=True)
class GuideItem:
    key: str
    text: Text

    def get_text(self, language: str | None = None) -> str:
        return self.text.get(language)

    @property
    def label(self):
        return lazy_text(self.text)

    def __str__(self) -> str:
        return self.text.get()


@dataclass(frozen=True)
class GuideSection:
    key: str
    heading: Text
    items: tuple[GuideItem, ...]


@dataclass(frozen=True)
class GuideList:
    key: str
    title: Text
    sections: tuple[GuideSection, ...]

    @property
    def items(self) -> tuple[GuideItem, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)


def guide_item(key: str, *, sv: str, da: str, en: str) -> GuideItem:
    return GuideItem(key=key, text=Text(da=da, sv=sv, en=en))


def guide_section(key: str, heading: Text, *items: GuideItem) -> GuideSection:
    return GuideSection(key=key, heading=heading, items=items)


def guide_list(key: str, title: Text, *items: GuideItem) -> GuideList:
    return GuideList(key=key, title=title, sections=(guide_section(key, title, *items),))


# --- 1. Decide: "När?" ------------------------------------------------------------------------
DECIDE = guide_list(
    "decide",
    Text(
        sv="Frågor att fundera på tillsammans med klienten:",
        da="Spørgsmål at overveje sammen med borgeren:",
        en="Questions to think about together with the citizen:",
    ),
    guide_item(
        "decide.helps",
        sv="Kunde ett nätverksmöte vara till hjälp?",
        da="Kunne et netværksmøde være en hjælp?",
        en="Could a network meeting help?",
    ),
    guide_item(
        "decide.who",
        sv="Vem kunde delta och ge sitt stöd under mötet, om man både tänker på nätverket av "
        "närstående och av medarbetare?",
        da="Hvem kunne deltage og give sin støtte under mødet, når man tænker på både netværket "
        "af nærtstående og af medarbejdere?",
        en="Who could take part and give their support at the meeting, thinking of both the "
        "network of close ones and the network of employees?",
    ),
    guide_item(
        "decide.goal",
        sv="Vad är målet med det gemensamma mötet?",
        da="Hvad er målet med det fælles møde?",
        en="What is the goal of the joint meeting?",
    ),
)

# --- 2. Prepare with the client: "Förberedelser" --------------------------------------------
PREPARATION = guide_list(
    "prep",
    Text(
        sv="Gå tillsammans med klienten igenom hur nätverksmötet kommer att gå till:",
        da="Gå sammen med borgeren igennem, hvordan netværksmødet kommer til at foregå:",
        en="Go through with the citizen how the network meeting will work:",
    ),
    guide_item(
        "prep.chair",
        sv="Vem är ordförande och vilka uppgifter har ordföranden.",
        da="Hvem er mødeleder, og hvilke opgaver har mødelederen.",
        en="Who chairs the meeting and what the chair's tasks are.",
    ),
    guide_item(
        "prep.employees",
        sv="På vilket sätt kommer andra medarbetare att delta",
        da="På hvilken måde andre medarbejdere vil deltage",
        en="How other employees will take part",
    ),
    guide_item(
        "prep.structure",
        sv="Hur är nätverksmötet strukturerat?",
        da="Hvordan er netværksmødet struktureret?",
        en="How is the network meeting structured?",
    ),
    guide_item(
        "prep.agree",
        sv="Om vad kan man komma överens i nätverket?",
        da="Hvad kan man blive enige om i netværket?",
        en="What can be agreed in the network?",
    ),
)

# --- 3. Invite: "INBJUDAN" ------------------------------------------------------------------
INVITATION = guide_list(
    "invite",
    Text(sv="Inbjudan", da="Invitation", en="Invitation"),
    guide_item(
        "invite.who",
        sv="Den person som konstaterat att ett nätverksmöte behövs och som påbörjat ärendet är i "
        "allmänhet den som bjuder in till mötet, dvs. DU OCH DIN KLIENT.",
        da="Den person, der har konstateret, at der er brug for et netværksmøde, og som har "
        "startet sagen, er som regel den, der inviterer til mødet, dvs. DU OG DIN BORGER.",
        en="The person who found that a network meeting is needed and who started the matter is "
        "usually the one who invites to the meeting, that is, YOU AND YOUR CITIZEN.",
    ),
    guide_item(
        "invite.how",
        sv="Inbjudan kan vara ett samtal, ett brev eller ett e-postmeddelande.",
        da="Invitationen kan være en samtale, et brev eller en e-mail.",
        en="The invitation can be a call, a letter or an e-mail.",
    ),
    guide_item(
        "invite.content",
        sv="I inbjudan ska du nämna tidpunkt, plats, hur länge mötet räcker och vem alla som fått "
        "inbjudan.",
        da="I invitationen skal du nævne tidspunkt, sted, hvor længe mødet varer, og hvem der "
        "alle er inviteret.",
        en="In the invitation, give the time, the place, how long the meeting lasts and everyone "
        "who has been invited.",
    ),
    guide_item(
        "invite.topics",
        sv="I inbjudan berättar du också vad det är tänkt att ni ska diskutera under mötet.",
        da="I invitationen fortæller du også, hvad det er meningen, I skal drøfte på mødet.",
        en="In the invitation, also say what you plan to discuss at the meeting.",
    ),
    guide_item(
        "invite.all_attend",
        sv="Ur klientens synvinkel är det viktigt att alla inbjudna också deltar i mötet.",
        da="Set fra borgerens side er det vigtigt, at alle inviterede også deltager i mødet.",
        en="From the citizen's point of view it is important that everyone invited also takes "
        "part in the meeting.",
    ),
    guide_item(
        "invite.home",
        sv="Man kan också hålla ett nätverksmöte hemma hos klienten.",
        da="Man kan også holde et netværksmøde hjemme hos borgeren.",
        en="A network meeting can also be held at the citizen's home.",
    ),
)

# --- 4. The room: "UTRYMME" -----------------------------------------------------------------
ROOM = guide_list(
    "room",
    Text(sv="Utrymme", da="Lokalet", en="The room"),
    guide_item(
        "room.book",
        sv="Boka ett utrymme som med tanke på din klient är så trivsamt som möjligt.",
        da="Book et lokale, som er så hyggeligt som muligt med tanke på din borger.",
        en="Book a room that is as pleasant as possible with your citizen in mind.",
    ),
    guide_item(
        "room.supplies",
        sv="Kolla att det som behövs finns i mötesrummet, som blädderblock, näsdukar och något "
        "att dricka.",
        da="Tjek, at det nødvendige er i mødelokalet, som flipover, lommetørklæder og noget at "
        "drikke.",
        en="Check that what is needed is in the meeting room, such as a flip chart, tissues and "
        "something to drink.",
    ),
    guide_item(
        "room.together",
        sv="Se till att alla går in i mötesrummet samtidigt. På så sätt skapas en atmosfär som är "
        "neutral, uppskattande och respekterande redan i inledningen av mötet.",
        da="Sørg for, at alle går ind i mødelokalet samtidig. Sådan skabes en stemning, der er "
        "neutral, anerkendende og respektfuld allerede fra mødets start.",
        en="Make sure everyone enters the meeting room at the same time. This creates an "
        "atmosphere that is neutral, appreciative and respectful from the start of the meeting.",
    ),
    guide_item(
        "room.seats",
        sv="Låt din klient och dennes närstående själva välja var de vill sitta.",
        da="Lad din borger og de nærtstående selv vælge, hvor de vil sidde.",
        en="Let your citizen and their close ones choose where they want to sit.",
    ),
    guide_item(
        "room.safe_adult",
        sv="Se till att det bredvid en ung person/ett barn sitter en trygg vuxen (egen "
        "vårdnadshavare, närarbetare, vän).",
        da="Sørg for, at der ved siden af en ung/et barn sidder en tryg voksen (egen forælder, "
        "nærmeste medarbejder, ven).",
        en="Make sure a safe adult sits next to a young person/a child (their own guardian, "
        "key worker, friend).",
    ),
)

# --- 5. The chair's run sheet: "Under mötet" ------------------------------------------------
RUN_SHEET = GuideList(
    key="run",
    title=Text(sv="Under mötet", da="Under mødet", en="During the meeting"),
    sections=(
        guide_section(
            "convener",
            Text(sv="Du som sammankallande:", da="Du som indkalder:", en="You, as the convener:"),
            guide_item(
                "run.welcome",
                sv="Hälsar alla välkomna och presentera dig själv.",
                da="Byder alle velkommen og præsenterer dig selv.",
                en="Welcome everyone and introduce yourself.",
            ),
            guide_item(
                "run.introductions",
                sv="Be de närvarande att presentera sig själva",
                da="Bed de fremmødte om at præsentere sig selv",
                en="Ask those present to introduce themselves",
            ),
            guide_item(
                "run.intro_order",
                sv="Låt först klienten presentera sig, sedan de närstående och sist de andra "
                "medarbetarna.",
                da="Lad først borgeren præsentere sig, derefter de nærtstående og til sidst de "
                "andre medarbejdere.",
                en="Let the citizen introduce themselves first, then the close ones and last the "
                "other employees.",
            ),
            guide_item(
                "run.intro_relation",
                sv="Be dem berätta om sitt förhållande till klienten och till de frågor som ska "
                "diskuteras och om något positivt de märkt om klienten eller det som ska "
                "diskuteras.",
                da="Bed dem fortælle om deres forhold til borgeren og til de spørgsmål, der skal "
                "drøftes, og om noget positivt, de har lagt mærke til hos borgeren eller ved det, "
                "der skal drøftes.",
                en="Ask them to tell about their relation to the citizen and to the questions to "
                "be discussed, and about something positive they have noticed about the citizen "
                "or about what is to be discussed.",
            ),
            guide_item(
                "run.choose_chair",
                sv="Kom sedan överens om vem som ska vara ordförande för nätverksmötet. Vem som "
                "helst av deltagarna kan vara ordförande.",
                da="Aftal derefter, hvem der skal være mødeleder for netværksmødet. Enhver af "
                "deltagerne kan være mødeleder.",
                en="Then agree who will chair the network meeting. Any of the participants can "
                "chair.",
            ),
            guide_item(
                "run.choose_secretary",
                sv="Välj ordförande och sekreterare",
                da="Vælg mødeleder og referent",
                en="Choose a chair and a secretary",
            ),
        ),
        guide_section(
            "chair",
            Text(sv="Ordförande – uppgifter:", da="Mødeleder – opgaver:", en="The chair – tasks:"),
            guide_item(
                "chair.repeat",
                sv="Repetera de ärenden som nämnts i inbjudan, det vill säga vilka frågor ni ska "
                "diskutera och försöka enas om.",
                da="Gentag de punkter, der blev nævnt i invitationen, det vil sige hvilke "
                "spørgsmål I skal drøfte og forsøge at blive enige om.",
                en="Repeat the matters named in the invitation, that is, which questions you will "
                "discuss and try to agree on.",
            ),
            guide_item(
                "chair.timetable",
                sv="Håll ett öga på tidtabellen och hur ni ska göra om någon är tvungen att "
                "avlägsna sig innan mötet avslutats.",
                da="Hold øje med tidsplanen, og med hvad I gør, hvis nogen er nødt til at gå, før "
                "mødet er slut.",
                en="Keep an eye on the timetable and on what you will do if someone has to leave "
                "before the meeting ends.",
            ),
            guide_item(
                "chair.memo",
                sv="Kom överens om vem som skriver promemorian och hur de inbjudna ska få den.",
                da="Aftal, hvem der skriver referatet, og hvordan de inviterede får det.",
                en="Agree who writes the memo and how those invited will get it.",
            ),
            guide_item(
                "chair.client_first",
                sv="Låt först klienten och dennes närstående tala.",
                da="Lad først borgeren og de nærtstående tale.",
                en="Let the citizen and their close ones speak first.",
            ),
            guide_item(
                "chair.client_why",
                sv="Varför anser klienten att ni samlats, vilka önskemål har klienten om "
                "slutresultatet.",
                da="Hvorfor mener borgeren, at I er samlet, og hvilke ønsker har borgeren til "
                "resultatet.",
                en="Why the citizen thinks you have gathered, and what the citizen wishes the "
                "outcome to be.",
            ),
            guide_item(
                "chair.support",
                sv="Stöd klienten och hjälp honom eller henne genom att ställa preciserande frågor.",
                da="Støt borgeren, og hjælp ham eller hende ved at stille uddybende spørgsmål.",
                en="Support the citizen and help him or her by asking clarifying questions.",
            ),
            guide_item(
                "chair.jacket",
                sv="Ibland känner sig klienten tryggare om han eller hon kan ha jackan eller "
                "mössan på och hålla sin telefon i handen.",
                da="Nogle gange føler borgeren sig tryggere, hvis han eller hun kan have jakken "
                "eller huen på og holde sin telefon i hånden.",
                en="Sometimes the citizen feels safer keeping their jacket or hat on and holding "
                "their phone.",
            ),
            # The round of the chair's main task: every participant, not only the citizen.
            guide_item(
                "chair.contribute",
                sv="Det är viktigt att alla deltagare berättar om sina egna möjligheter att bidra "
                "och om eventuellt stödbehov med tanke på klienten, de närstående och "
                "medarbetarna.",
                da="Det er vigtigt, at alle deltagere fortæller om deres egne muligheder for at "
                "bidrage og om et eventuelt behov for støtte, med tanke på borgeren, de "
                "nærtstående og medarbejderne.",
                en="It is important that every participant tells what they themselves can "
                "contribute and what support they may need, thinking of the citizen, the close "
                "ones and the employees.",
            ),
            guide_item(
                "chair.check_understanding",
                sv="När diskussionen framskrider och ni kommer överens om något ska ordförande "
                "kontrollera med klienten hur hen förstått saken och om klienten ännu vill "
                "tillägga något.",
                da="Når drøftelsen skrider frem, og I bliver enige om noget, skal mødelederen "
                "tjekke med borgeren, hvordan borgeren har forstået det, og om borgeren vil "
                "tilføje noget.",
                en="As the discussion moves on and you agree on something, the chair checks with "
                "the citizen how they have understood it and whether they want to add anything.",
            ),
            guide_item(
                "chair.everyone_heard",
                sv="Se till att alla får tillfälle att tala och att bli hörda.",
                da="Sørg for, at alle får lejlighed til at tale og blive hørt.",
                en="Make sure everyone gets the chance to speak and be heard.",
            ),
            guide_item(
                "chair.on_topic",
                sv="Se till att diskussionen håller sig till det som ni kommit överens om och att "
                "den är saklig.",
                da="Sørg for, at drøftelsen holder sig til det, I har aftalt, og at den er saglig.",
                en="Make sure the discussion keeps to what you have agreed and stays factual.",
            ),
            guide_item(
                "chair.time_for_summary",
                sv="Se till att tiden räcker till för att göra en sammanfattning och att göra en "
                "fortsatt plan.",
                da="Sørg for, at der er tid til at lave en opsummering og en videre plan.",
                en="Make sure there is time to make a summary and a continued plan.",
            ),
        ),
        guide_section(
            "plan",
            Text(
                sv="I den fortsatta planen är det viktigt att komma överens om:",
                da="I den videre plan er det vigtigt at blive enige om:",
                en="In the continued plan it is important to agree on:",
            ),
            guide_item(
                "plan.actions",
                sv="Fortsatta åtgärder: vem, vad, när och med vem?",
                da="Videre handlinger: hvem, hvad, hvornår og med hvem?",
                en="Further actions: who, what, when and with whom?",
            ),
            guide_item(
                "plan.responsible",
                sv="Vem är klientens ansvariga medarbetare.",
                da="Hvem er borgerens ansvarlige medarbejder.",
                en="Who is the citizen's responsible employee.",
            ),
            guide_item(
                "plan.followup",
                sv="Tidpunkten för en uppföljningspalaver.",
                da="Tidspunktet for et opfølgningsmøde.",
                en="The time of a follow-up meeting.",
            ),
        ),
        guide_section(
            "closing",
            Text(sv="Avslutningsvis", da="Til afslutning", en="To close"),
            guide_item(
                "close.successful",
                sv="Fundera tillsammans på om mötet varit lyckat.",
                da="Overvej sammen, om mødet har været vellykket.",
                en="Think together about whether the meeting was successful.",
            ),
            guide_item(
                "close.thank",
                sv="Tacka alla deltagare.",
                da="Tak alle deltagere.",
                en="Thank all participants.",
            ),
            guide_item(
                "close.leave_together",
                sv="Avlägsna er tillsammans från mötesrummet. På så sätt ser du till att klienten "
                "inte får en bild av att diskussionen fortsätter efter att hen avlägsnat sig.",
                da="Forlad mødelokalet sammen. Sådan sikrer du, at borgeren ikke får indtryk af, "
                "at drøftelsen fortsætter, efter at borgeren er gået.",
                en="Leave the meeting room together. This way the citizen does not get the "
                "impression that the discussion goes on after they have left.",
            ),
        ),
    ),
)

# Short reminders the guide prints in the margin; shown beside the run sheet.
NOTES = guide_list(
    "note",
    Text(sv="Att komma ihåg", da="Husk", en="Remember"),
    guide_item(
        "note.chair_main",
        sv="Ordförandes viktigaste uppgift är att styra diskussionen mot resurser, lösningar och "
        "möjligheter.",
        da="Mødelederens vigtigste opgave er at styre drøftelsen mod ressourcer, løsninger og "
        "muligheder.",
        en="The chair's most important task is to steer the discussion towards resources, "
        "solutions and possibilities.",
    ),
    guide_item(
        "note.client_first",
        sv="Klienten och familjen kommer alltid först!!",
        da="Borgeren og familien kommer altid først!!",
        en="The citizen and the family always come first!!",
    ),
    guide_item(
        "note.past",
        sv="Fastna inte i det förflutna.",
        da="Bliv ikke hængende i fortiden.",
        en="Do not get stuck in the past.",
    ),
    guide_item(
        "note.helper",
        sv="En medarbetare kan hjälpa den som är ordförande till exempel om diskussionen far in "
        "på villovägar eller tidtabellen inte håller. Hen kan också komma med viktiga "
        "kommentarer.",
        da="En medarbejder kan hjælpe mødelederen, for eksempel hvis drøftelsen kommer på "
        "afveje, eller tidsplanen ikke holder. Medarbejderen kan også komme med vigtige "
        "kommentarer.",
        en="An employee can help the chair, for example if the discussion goes astray or the "
        "timetable does not hold. They can also make important comments.",
    ),
    guide_item(
        "note.do_as_agreed",
        sv="Det är viktigt att var och en gör det som ni kommit överens om!",
        da="Det er vigtigt, at hver enkelt gør det, I har aftalt!",
        en="It is important that everyone does what you have agreed!",
    ),
)

# --- 8. Feedback --------------------------------------------------------------------------
# The guide names a feedback form in its annexes ("respons från nätverksmötet") but the seed
# does not hold it. These questions are built from the guide's own words: its aims ("deltagarna
# lyssnar och blir hörda", "trygghet, delaktighet", "vad som kommer att hända och varför",
# "förnyade krafter"), the chair's main task and its closing question. Swedish stays closest to
# those words; the seed test checks the phrases they are built from.
FEEDBACK = guide_list(
    "feedback",
    Text(
        sv="Respons från nätverksmötet",
        da="Tilbagemelding på netværksmødet",
        en="Feedback on the network meeting",
    ),
    guide_item(
        "fb.heard",
        sv="Lyssnade deltagarna och blev du hörd?",
        da="Lyttede deltagerne, og blev du hørt?",
        en="Did the participants listen, and were you heard?",
    ),
    guide_item(
        "fb.involved",
        sv="Kände du dig delaktig?",
        da="Følte du dig inddraget?",
        en="Did you feel involved?",
    ),
    guide_item(
        "fb.safe",
        sv="Kändes mötet tryggt?",
        da="Føltes mødet trygt?",
        en="Did the meeting feel safe?",
    ),
    guide_item(
        "fb.what_next",
        sv="Fick du en uppfattning om vad som kommer att hända och varför?",
        da="Fik du en forståelse af, hvad der kommer til at ske og hvorfor?",
        en="Did you get an idea of what will happen and why?",
    ),
    guide_item(
        "fb.resources",
        sv="Styrdes diskussionen mot resurser, lösningar och möjligheter?",
        da="Blev drøftelsen styret mod ressourcer, løsninger og muligheder?",
        en="Was the discussion steered towards resources, solutions and possibilities?",
    ),
    guide_item(
        "fb.renewed",
        sv="Fick du förnyade krafter av mötet?",
        da="Fik du fornyede kræfter af mødet?",
        en="Did the meeting give you renewed strength?",
    ),
    guide_item(
        "fb.successful",
        sv="Har mötet varit lyckat?",
        da="Har mødet været vellykket?",
        en="Was the meeting successful?",
    ),
)

FEEDBACK_ANSWERS = {
    "yes": Text(sv="Ja", da="Ja", en="Yes"),
    "partly": Text(sv="Delvis", da="Delvist", en="Partly"),
    "no": Text(sv="Nej", da="Nej", en="No"),
}

_ALL = (DECIDE, PREPARATION, INVITATION, ROOM, RUN_SHEET, NOTES, FEEDBACK)
_BY_KEY = {i.key: i for guide_list in _ALL for i in guide_list.items}


def item(key: str) -> GuideItem:
    return _BY_KEY[key]
