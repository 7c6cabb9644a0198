"""Bilag 2: Tjekliste til 2. fase i CTI-indsatsen (seed 004, Tabel 3)."""

from omkreds.cti.checklists.base import Text, checklist, item, section

PHASE2 = checklist(
    "p2",
    Text(
        da="Tjekliste til 2. fase i CTI-indsatsen",
        sv="Checklista för fas 2 i CTI-insatsen",
        en="Checklist for phase 2 of the CTI intervention",
    ),
    section(
        "coherence",
        item(
            "p2.coherence.01",
            da="Der er etableret en tillidsfuld relation mellem CTI-medarbejder og borger",
            sv="En förtroendefull relation har etablerats mellan CTI-medarbetaren och klienten",
            en="A relationship of trust has been established between the CTI worker and the citizen",
        ),
        item(
            "p2.coherence.02",
            da="Borgeren har en §141-handleplan",
            sv="Klienten har en handlingsplan enligt § 141",
            en="The citizen has a § 141 action plan",
        ),
        item(
            "p2.coherence.03",
            da="Der er den fornødne kontakt mellem CTI-medarbejder og myndighedssagsbehandleren",
            sv="CTI-medarbetaren och myndighetshandläggaren har den kontakt som behövs",
            en="The CTI worker and the municipal case manager are in contact as much as needed",
        ),
        item(
            "p2.coherence.04",
            da="Der er fokus på at afprøve og tilpasse borgerens CTI-plan i praksis",
            sv="Fokus ligger på att pröva och anpassa klientens CTI-plan i praktiken",
            en="There is a focus on trying out and adjusting the citizen's CTI plan in practice",
        ),
        item(
            "p2.coherence.05",
            da="Der er fokus på, om den samlede indsats, der er etableret for borgeren, fungerer og er tilstrækkelig, og på at foretage eventuelle tilpasninger",
            sv="Fokus ligger på om den samlade insats som har byggts upp för klienten fungerar och räcker till, och på att göra eventuella anpassningar",
            en="There is a focus on whether the overall support set up for the citizen works and is sufficient, and on making any adjustments",
        ),
        item(
            "p2.coherence.06",
            da="Der er en fortsat kontakt med de tilbud og indsatser, som borgeren er tilknyttet",
            sv="Det finns en fortsatt kontakt med de verksamheter och insatser som klienten är knuten till",
            en="Contact continues with the services and support the citizen is connected to",
        ),
        item(
            "p2.coherence.07",
            da="Der er fokus på, om borgeren har behov for fortsat §85-bostøtte efter CTI-indsatsen og på visitation til en sådan indsats",
            sv="Fokus ligger på om klienten behöver fortsatt boendestöd enligt § 85 efter CTI-insatsen och på beslut om en sådan insats",
            en="There is a focus on whether the citizen needs continued § 85 housing support after the CTI intervention, and on a referral decision for such support",
        ),
    ),
    section(
        "housing",
        item(
            "p2.housing.01",
            da="Der er fokus på, om den boligløsning, der er etableret, er den rigtige for borgeren",
            sv="Fokus ligger på om den boendelösning som har ordnats är den rätta för klienten",
            en="There is a focus on whether the housing solution arranged is the right one for the citizen",
        ),
        item(
            "p2.housing.02",
            da="Der er fokus på, om der opstår konflikter med naboer/andre beboere og på at håndtere disse",
            sv="Fokus ligger på om det uppstår konflikter med grannar/andra boende och på att hantera dem",
            en="There is a focus on whether conflicts arise with neighbours/other residents, and on dealing with them",
        ),
        item(
            "p2.housing.03",
            da="Der er fokus på borgerens trivsel i lokalområdet/boligområdet og brug af lokale tilbud",
            sv="Fokus ligger på klientens trivsel i närområdet/bostadsområdet och användning av lokala verksamheter",
            en="There is a focus on the citizen's well-being in the local area/neighbourhood and use of local services",
        ),
    ),
    section(
        "support",
        item(
            "p2.support.01",
            da="Borgeren får emotionel og social støtte i hverdagen efter behov",
            sv="Klienten får känslomässigt och socialt stöd i vardagen efter behov",
            en="The citizen receives emotional and social support in everyday life as needed",
        ),
        item(
            "p2.support.02",
            da="Borgeren får praktisk støtte i hverdagen efter behov",
            sv="Klienten får praktiskt stöd i vardagen efter behov",
            en="The citizen receives practical support in everyday life as needed",
        ),
        item(
            "p2.support.03",
            da="Der arbejdes med at lære borgeren at håndtere daglige gøremål",
            sv="Det arbetas med att lära klienten att klara dagliga sysslor",
            en="Work is being done on teaching the citizen to manage daily tasks",
        ),
    ),
    section(
        "economy",
        item(
            "p2.economy.01",
            da="Der er fokus på, om borgeren får den rette støtte og hjælp i forhold til at håndtere sin økonomiske situation",
            sv="Fokus ligger på om klienten får rätt stöd och hjälp med att hantera sin ekonomiska situation",
            en="There is a focus on whether the citizen gets the right support and help to manage their financial situation",
        ),
        item(
            "p2.economy.02",
            da="Der er fokus på, om huslejen og andre faste udgifter betales til tiden hver måned",
            sv="Fokus ligger på om hyran och andra fasta utgifter betalas i tid varje månad",
            en="There is a focus on whether rent and other fixed expenses are paid on time every month",
        ),
        item(
            "p2.economy.03",
            da="Der er fokus på at støtte borgeren i at få pengene til at slå til i hverdagen",
            sv="Fokus ligger på att stödja klienten i att få pengarna att räcka i vardagen",
            en="There is a focus on supporting the citizen in making the money last in everyday life",
        ),
        item(
            "p2.economy.04",
            da="Der tages hånd om at håndtere borgerens gæld til offentlige myndigheder",
            sv="Klientens skulder till offentliga myndigheter tas om hand",
            en="The citizen's debts to public authorities are being dealt with",
        ),
        item(
            "p2.economy.05",
            da="Der tages hånd om at håndtere borgerens gæld til andre kreditorer",
            sv="Klientens skulder till andra borgenärer tas om hand",
            en="The citizen's debts to other creditors are being dealt with",
        ),
        item(
            "p2.economy.06",
            da="Der er fokus på, om der opstår behov for administration af borgerens økonomi",
            sv="Fokus ligger på om det uppstår behov av förvaltning av klientens ekonomi",
            en="There is a focus on whether a need arises for the citizen's finances to be managed for them",
        ),
    ),
    section(
        "network",
        item(
            "p2.network.01",
            da="Borgeren støttes i at genoprette/styrke kontakt til familie",
            sv="Klienten får stöd i att återupprätta/stärka kontakten med familjen",
            en="The citizen is supported in restoring/strengthening contact with family",
        ),
        item(
            "p2.network.02",
            da="Borgeren støttes i at genoprette/styrke kontakt til venner/bekendte",
            sv="Klienten får stöd i att återupprätta/stärka kontakten med vänner/bekanta",
            en="The citizen is supported in restoring/strengthening contact with friends/acquaintances",
        ),
        item(
            "p2.network.03",
            da="Borgeren støttes i at skabe nye sociale kontakter og relationer",
            sv="Klienten får stöd i att skapa nya sociala kontakter och relationer",
            en="The citizen is supported in making new social contacts and relationships",
        ),
        item(
            "p2.network.04",
            da="Borgeren støttes i at håndtere/undgå negative og usunde relationer",
            sv="Klienten får stöd i att hantera/undvika negativa och osunda relationer",
            en="The citizen is supported in dealing with/avoiding negative and unhealthy relationships",
        ),
    ),
    section(
        "activities",
        item(
            "p2.activities.01",
            da="Borgeren støttes i at deltage i aktiviteter i hverdagen efter behov",
            sv="Klienten får stöd i att delta i aktiviteter i vardagen efter behov",
            en="The citizen is supported in taking part in everyday activities as needed",
        ),
        item(
            "p2.activities.02",
            da="CTI-medarbejderen følger op på borgerens forløb og har kontakt med de tilbud og aktiviteter, som borgeren deltager i",
            sv="CTI-medarbetaren följer upp klientens förlopp och har kontakt med de verksamheter och aktiviteter som klienten deltar i",
            en="The CTI worker follows up on the citizen's progress and is in contact with the services and activities the citizen takes part in",
        ),
        item(
            "p2.activities.03",
            da="Der er fokus på, om der er behov for at igangsætte nye aktiviteter",
            sv="Fokus ligger på om det finns behov av att sätta igång nya aktiviteter",
            en="There is a focus on whether new activities need to be started",
        ),
    ),
    section(
        "physical",
        item(
            "p2.physical.01",
            da="Der er fokus på, om borgeren har helbredsmæssige problemer, der kræver behandling",
            sv="Fokus ligger på om klienten har hälsoproblem som kräver behandling",
            en="There is a focus on whether the citizen has health problems that need treatment",
        ),
        item(
            "p2.physical.02",
            da="Relevante sundhedsmæssige indsatser er igangsat",
            sv="Relevanta hälso- och sjukvårdsinsatser har satts igång",
            en="Relevant health care has been started",
        ),
        item(
            "p2.physical.03",
            da="Borgeren får støtte til at følge eventuel behandling hos læge, hospital mv.",
            sv="Klienten får stöd att fullfölja eventuell behandling hos läkare, sjukhus m.m.",
            en="The citizen receives support to keep up any treatment with a doctor, hospital, etc.",
        ),
        item(
            "p2.physical.04",
            da="Borgeren får støtte til at følge eventuel medicinsk behandling/tage medicin",
            sv="Klienten får stöd att följa eventuell läkemedelsbehandling/ta sin medicin",
            en="The citizen receives support to follow any medical treatment/take medication",
        ),
        item(
            "p2.physical.05",
            da="Der tages hånd om økonomien vedrørende borgerens behov for medicin",
            sv="Kostnaderna för klientens behov av medicin tas om hand",
            en="The cost of the citizen's medication is being dealt with",
        ),
        item(
            "p2.physical.06",
            da="Borgeren får støtte til at følge eventuel behandling hos tandlæge",
            sv="Klienten får stöd att fullfölja eventuell behandling hos tandläkare",
            en="The citizen receives support to keep up any treatment with a dentist",
        ),
        item(
            "p2.physical.07",
            da="Der tages hånd om økonomien vedrørende borgerens behov for tandbehandling",
            sv="Kostnaderna för klientens behov av tandvård tas om hand",
            en="The cost of the citizen's dental treatment is being dealt with",
        ),
    ),
    section(
        "mental",
        item(
            "p2.mental.01",
            da="Der er fokus på, om borgeren har en psykisk lidelse/psykiske problemer, der kræver behandling",
            sv="Fokus ligger på om klienten har en psykisk sjukdom/psykiska problem som kräver behandling",
            en="There is a focus on whether the citizen has a mental disorder/mental health problems that need treatment",
        ),
        item(
            "p2.mental.02",
            da="Borgeren får støtte til at følge eventuel psykiatrisk behandling, forløb hos psykolog etc.",
            sv="Klienten får stöd att fullfölja eventuell psykiatrisk behandling, samtal hos psykolog etc.",
            en="The citizen receives support to keep up any psychiatric treatment, sessions with a psychologist, etc.",
        ),
        item(
            "p2.mental.03",
            da="Borgeren får støtte til at tage eventuelle psykofarmaka",
            sv="Klienten får stöd att ta eventuella psykofarmaka",
            en="The citizen receives support to take any psychiatric medication",
        ),
    ),
    section(
        "substance",
        item(
            "p2.substance.01",
            da="Der er fokus på, om borgeren har et misbrug og eventuelt ønsker at påbegynde misbrugsbehandling",
            sv="Fokus ligger på om klienten har ett missbruk och eventuellt vill påbörja missbruksbehandling",
            en="There is a focus on whether the citizen has a substance misuse problem and may wish to start treatment for it",
        ),
        item(
            "p2.substance.02",
            da="Borgeren får støtte til at følge eventuel misbrugsbehandling",
            sv="Klienten får stöd att fullfölja eventuell missbruksbehandling",
            en="The citizen receives support to keep up any treatment for substance misuse",
        ),
    ),
    section(
        "education",
        item(
            "p2.education.01",
            da="Der er fokus på, om borgeren har behov for at påbegynde indsatser for at styrke borgerens beskæftigelseskompetencer, uddannelse, kurser o.l.",
            sv="Fokus ligger på om klienten behöver påbörja insatser för att stärka sin anställningsbarhet, utbildning, kurser o.d.",
            en="There is a focus on whether the citizen needs to start measures to strengthen the citizen's employability, education, courses or similar",
        ),
        item(
            "p2.education.02",
            da="Borgeren støttes i at følge eventuelle uddannelsesforløb, kurser, aktiveringsforløb o.l.",
            sv="Klienten får stöd att fullfölja eventuell utbildning, kurser, arbetsmarknadsinsatser o.d.",
            en="The citizen is supported in keeping up any education, courses, activation programmes or similar",
        ),
    ),
    section(
        "to_phase3",
        item(
            "p2.to_phase3.01",
            da="Der er foretaget en evaluering af CTI-planen og indsatsen sammen med borgeren",
            sv="CTI-planen och insatsen har utvärderats tillsammans med klienten",
            en="The CTI plan and the intervention have been evaluated together with the citizen",
        ),
        item(
            "p2.to_phase3.02",
            da="Der er foretaget eventuelle tilretninger af CTI-planen sammen med borgeren",
            sv="Eventuella justeringar av CTI-planen har gjorts tillsammans med klienten",
            en="Any revisions to the CTI plan have been made together with the citizen",
        ),
        item(
            "p2.to_phase3.03",
            da="Der er foretaget eventuelle tilpasninger af indsatsen sammen med borgeren",
            sv="Eventuella anpassningar av insatsen har gjorts tillsammans med klienten",
            en="Any adjustments to the intervention have been made together with the citizen",
        ),
        transition=True,
    ),
)
