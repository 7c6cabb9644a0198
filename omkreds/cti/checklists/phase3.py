"""Bilag 3: Tjekliste til 3. fase i CTI-indsatsen (seed 004, Tabel 4)."""

from omkreds.cti.checklists.base import Text, checklist, item, section

PHASE3 = checklist(
    "p3",
    Text(
        da="Tjekliste til 3. fase i CTI-indsatsen",
        sv="Checklista för fas 3 i CTI-insatsen",
        en="Checklist for phase 3 of the CTI intervention",
    ),
    section(
        "coherence",
        item(
            "p3.coherence.01",
            da="Borgeren har en §141-handleplan",
            sv="Klienten har en handlingsplan enligt § 141",
            en="The citizen has a § 141 action plan",
        ),
        # The seed's sentence lacks a verb ("at de sidste tilpasninger"); the wording is kept.
        item(
            "p3.coherence.02",
            da="Der er fokus på at de sidste tilpasninger i CTI-planen og indsatsen",
            sv="Fokus ligger på de sista anpassningarna av CTI-planen och insatsen",
            en="There is a focus on the final adjustments to the CTI plan and the intervention",
        ),
        item(
            "p3.coherence.03",
            da="Der er fokus på overdragelse af ansvaret for støtten efter CTI-indsatsen til fx den kommunale sagsbehandler eller en aktør i støttenetværket",
            sv="Fokus ligger på att lämna över ansvaret för stödet efter CTI-insatsen till t.ex. den kommunala handläggaren eller en aktör i stödnätverket",
            en="There is a focus on handing over responsibility for support after the CTI intervention to, for example, the municipal case manager or someone in the support network",
        ),
        item(
            "p3.coherence.04",
            da="Der er en fortsat kontakt med de tilbud og indsatser, som borgeren er tilknyttet",
            sv="Det finns en fortsatt kontakt med de verksamheter och insatser som klienten är knuten till",
            en="Contact continues with the services and support the citizen is connected to",
        ),
        item(
            "p3.coherence.05",
            da="Det er afklaret, om borgeren har behov for fortsat §85-bostøtte efter CTI-indsatsen. Der foretages en visitation, og § 85-støtten igangsættes inden CTI-indsatsen afsluttes",
            sv="Det är klarlagt om klienten behöver fortsatt boendestöd enligt § 85 efter CTI-insatsen. Beslut om stödet fattas, och stödet enligt § 85 sätts igång innan CTI-insatsen avslutas",
            en="It has been clarified whether the citizen needs continued § 85 housing support after the CTI intervention. A referral decision is made, and the § 85 support is started before the CTI intervention ends",
        ),
    ),
    section(
        "housing",
        item(
            "p3.housing.01",
            da="Der er fortsat fokus på, om der opstår konflikter med naboer/andre beboere og på at håndtere disse",
            sv="Fokus ligger fortsatt på om det uppstår konflikter med grannar/andra boende och på att hantera dem",
            en="There is a continued focus on whether conflicts arise with neighbours/other residents, and on dealing with them",
        ),
        item(
            "p3.housing.02",
            da="Der er fokus på borgerens brug af tilbud i lokalområdet/boligområdet",
            sv="Fokus ligger på klientens användning av verksamheter i närområdet/bostadsområdet",
            en="There is a focus on the citizen's use of services in the local area/neighbourhood",
        ),
    ),
    section(
        "support",
        item(
            "p3.support.01",
            da="CTI-medarbejderen trækker sig gradvist tilbage og overdrager støtten til støttenetværket, der er etableret omkring borgeren",
            sv="CTI-medarbetaren drar sig gradvis tillbaka och lämnar över stödet till det stödnätverk som har byggts upp runt klienten",
            en="The CTI worker gradually steps back and hands over support to the support network set up around the citizen",
        ),
        item(
            "p3.support.02",
            da="Der er fokus på, at borgeren klarer så mange daglige gøremål som muligt selv",
            sv="Fokus ligger på att klienten klarar så många dagliga sysslor som möjligt själv",
            en="There is a focus on the citizen managing as many daily tasks as possible on their own",
        ),
    ),
    section(
        "economy",
        item(
            "p3.economy.01",
            da="Der er fokus på, om borgeren er i stand til at håndtere sin økonomi",
            sv="Fokus ligger på om klienten klarar av att hantera sin ekonomi",
            en="There is a focus on whether the citizen is able to manage their finances",
        ),
        item(
            "p3.economy.02",
            da="Der er fortsat fokus på, om huslejen og andre faste udgifter betales til tiden",
            sv="Fokus ligger fortsatt på om hyran och andra fasta utgifter betalas i tid",
            en="There is a continued focus on whether rent and other fixed expenses are paid on time",
        ),
    ),
    section(
        "network",
        item(
            "p3.network.01",
            da="Der er fokus på, om borgeren har et socialt netværk og hvordan det fungerer",
            sv="Fokus ligger på om klienten har ett socialt nätverk och hur det fungerar",
            en="There is a focus on whether the citizen has a social network and how it works",
        ),
        item(
            "p3.network.02",
            da="Der er fokus på, om der er personer i borgerens netværk, der kan støtte borgeren efter afslutningen af CTI-indsatsen",
            sv="Fokus ligger på om det finns personer i klientens nätverk som kan stödja klienten efter att CTI-insatsen har avslutats",
            en="There is a focus on whether there are people in the citizen's network who can support the citizen after the CTI intervention ends",
        ),
    ),
    section(
        "activities",
        item(
            "p3.activities.01",
            da="Der er fokus på forankringen af eventuelle aktiviteter, som borgeren deltager i, og fortsættelsen efter CTI-indsatsen afsluttes",
            sv="Fokus ligger på att förankra de aktiviteter som klienten eventuellt deltar i, och på att de fortsätter efter att CTI-insatsen har avslutats",
            en="There is a focus on anchoring any activities the citizen takes part in, and on their continuing after the CTI intervention ends",
        ),
    ),
    section(
        "physical",
        item(
            "p3.physical.01",
            da="Borgerens fysiske helbred og et eventuelt fortsat behov for behandling tages i betragtning ved udarbejdelsen af overdragelsesplanen for støtten efter CTI-indsatsens afslutning",
            sv="Klientens fysiska hälsa och ett eventuellt fortsatt behov av behandling beaktas när överlämningsplanen för stödet efter CTI-insatsens avslutning tas fram",
            en="The citizen's physical health and any continued need for treatment are taken into account when drawing up the handover plan for support after the CTI intervention ends",
        ),
        # "CTI-indsatsen afslutning" (sic) in the seed; the wording is kept.
        item(
            "p3.physical.02",
            da="Ved overdragelsen af ansvaret for støtten efter CTI-indsatsen afslutning beskrives og placeres et ansvar for eventuel fortsat støtte i forbindelse med fysiske helbredsproblemer",
            sv="När ansvaret för stödet efter CTI-insatsens avslutning lämnas över beskrivs och placeras ansvaret för eventuellt fortsatt stöd vid fysiska hälsoproblem",
            en="When responsibility for support after the CTI intervention is handed over, responsibility for any continued support with physical health problems is described and assigned",
        ),
    ),
    section(
        "mental",
        item(
            "p3.mental.01",
            da="Borgerens psykiske helbred og et eventuelt fortsat behov for behandling tages i betragtning ved udarbejdelsen af overdragelsesplanen for støtten efter CTI-indsatsens afslutning",
            sv="Klientens psykiska hälsa och ett eventuellt fortsatt behov av behandling beaktas när överlämningsplanen för stödet efter CTI-insatsens avslutning tas fram",
            en="The citizen's mental health and any continued need for treatment are taken into account when drawing up the handover plan for support after the CTI intervention ends",
        ),
        item(
            "p3.mental.02",
            da="Ved overdragelsen af ansvaret for støtten efter CTI-indsatsens afslutning beskrives og placeres et ansvar for eventuel fortsat støtte i forbindelse med psykiske helbredsproblemer",
            sv="När ansvaret för stödet efter CTI-insatsens avslutning lämnas över beskrivs och placeras ansvaret för eventuellt fortsatt stöd vid psykiska hälsoproblem",
            en="When responsibility for support after the CTI intervention is handed over, responsibility for any continued support with mental health problems is described and assigned",
        ),
    ),
    section(
        "substance",
        # The seed repeats the mental-health wording under Misbrug; it is kept, and translated
        # as written, so that every language shows the same item.
        item(
            "p3.substance.01",
            da="Borgerens psykiske helbred og et eventuelt fortsat behov for behandling tages i betragtning ved udarbejdelsen af overdragelsesplanen for støtten efter CTI-indsatsens afslutning",
            sv="Klientens psykiska hälsa och ett eventuellt fortsatt behov av behandling beaktas när överlämningsplanen för stödet efter CTI-insatsens avslutning tas fram",
            en="The citizen's mental health and any continued need for treatment are taken into account when drawing up the handover plan for support after the CTI intervention ends",
        ),
        item(
            "p3.substance.02",
            da="Ved overdragelsen af ansvaret for støtten efter CTI-indsatsens afslutning beskrives og placeres et ansvar for eventuel fortsat støtte i forbindelse med misbrugsproblemer",
            sv="När ansvaret för stödet efter CTI-insatsens avslutning lämnas över beskrivs och placeras ansvaret för eventuellt fortsatt stöd vid missbruksproblem",
            en="When responsibility for support after the CTI intervention is handed over, responsibility for any continued support with substance misuse problems is described and assigned",
        ),
    ),
    section(
        "education",
        item(
            "p3.education.01",
            da="Der er fokus på, om borgeren har behov for at påbegynde indsatser for at styrke borgerens beskæftigelseskompetencer, uddannelse, kurser o.l.",
            sv="Fokus ligger på om klienten behöver påbörja insatser för att stärka sin anställningsbarhet, utbildning, kurser o.d.",
            en="There is a focus on whether the citizen needs to start measures to strengthen the citizen's employability, education, courses or similar",
        ),
        item(
            "p3.education.02",
            da="Borgeren støttes i at følge eventuelle uddannelsesforløb, kurser, aktiveringsforløb o.l.",
            sv="Klienten får stöd att fullfölja eventuell utbildning, kurser, arbetsmarknadsinsatser o.d.",
            en="The citizen is supported in keeping up any education, courses, activation programmes or similar",
        ),
    ),
    section(
        "ending",
        item(
            "p3.ending.01",
            da="Der er etableret et støttenetværk omkring borgeren",
            sv="Ett stödnätverk har byggts upp runt klienten",
            en="A support network has been set up around the citizen",
        ),
        item(
            "p3.ending.02",
            da="CTI-medarbejderen har gradvist trappet ned på støtten i CTI-indsatsen",
            sv="CTI-medarbetaren har gradvis trappat ner stödet i CTI-insatsen",
            en="The CTI worker has gradually scaled down the support in the CTI intervention",
        ),
        item(
            "p3.ending.03",
            da="Der er afholdt overdragelsessamtaler med alle relevante aktører",
            sv="Överlämningssamtal har hållits med alla relevanta aktörer",
            en="Handover conversations have been held with all relevant parties",
        ),
        item(
            "p3.ending.04",
            da="Ansvaret for den langsigtede støtte efter CTI-indsatsens ophør er placeret",
            sv="Ansvaret för det långsiktiga stödet efter att CTI-insatsen har upphört är placerat",
            en="Responsibility for long-term support after the CTI intervention ends has been assigned",
        ),
        item(
            "p3.ending.05",
            da="Der er udarbejdet en overdragelsesplan i samarbejde med borgeren og med deltagelse af den person, der overtager ansvaret for støtten efter CTI-indsatsens ophør (fx en kommunal sagsbehandler eller en aktør i støttenetværket)",
            sv="En överlämningsplan har tagits fram i samarbete med klienten och med den person som tar över ansvaret för stödet efter att CTI-insatsen har upphört (t.ex. en kommunal handläggare eller en aktör i stödnätverket)",
            en="A handover plan has been drawn up together with the citizen and with the person who takes over responsibility for support after the CTI intervention ends (for example a municipal case manager or someone in the support network)",
        ),
        item(
            "p3.ending.06",
            da="CTI-medarbejderen og borgeren mødes i fællesskab med støttenetværket for at symbolisere overdragelsen af støtten",
            sv="CTI-medarbetaren och klienten träffar stödnätverket tillsammans för att markera överlämningen av stödet",
            en="The CTI worker and the citizen meet the support network together to mark the handover of support",
        ),
        item(
            "p3.ending.07",
            da="CTI-medarbejderen og borgeren har fejret at CTI-indsatsen er gennemført ved fx et cafebesøg.",
            sv="CTI-medarbetaren och klienten har firat att CTI-insatsen är genomförd, t.ex. med ett kafébesök.",
            en="The CTI worker and the citizen have celebrated completing the CTI intervention, for example with a visit to a café.",
        ),
        transition=True,
    ),
)
