"""Words Sofia's lexical matching needs: stopwords, domain synonyms and English-to-Swedish terms.

Everything here is plain word lists, so an editor who knows the domain can extend them
without touching the matching code.
"""

from __future__ import annotations

SWEDISH_STOPWORDS = frozenset(
    """
    alla allt andra annan annat att av bara blev bli blir blivit bör både de dem den denna deras dess dessa
    det detta dig din dina ditt du där då efter eller en er era ert ett fanns finns från få får fått för
    genom ha hade han har hela hennes hon honom hos hur här i icke ingen inget inga inom inte ja jag ju kan
    kunde man med mellan men mig min mina mitt mot mycket många ni nog någon något några när nu och också
    om oss på sa samma samt sedan sig sin sina sitt själv skall ska skulle som så sådan sådana sådant till
    tills under upp ut utan vad var vara varför varit varje vars vem vi vid vilka vilken vilket vill är än
    ännu även åt över då dä eh hej tack snälla gärna lite typ liksom egentligen väl ju nån nåt nåra
    ens ändå istället stället redan nästan alls verkligen faktiskt överhuvudtaget kanske ungefär ganska väldigt
    fortfarande alltså asså
    """.split()
)

ENGLISH_STOPWORDS = frozenset(
    """
    a about above after again all am an and any are as at be been before being below between both but by
    can could did do does doing down during each few for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours please tell know want wants like get got does there's
    what's who's i'm im hi hello thanks thank whats cant can't wasnt wasn't isnt isn't dont don't doesnt
    doesn't didnt didn't arent aren't much many still actually really also even already anything something
    thing things kind sort lot lots
    """.split()
)

# Forms of one word the stemmer does not join (derivations): they match almost fully.
WORD_FORMS: tuple[tuple[str, ...], ...] = (
    ("definition", "definierar", "definieras", "definitionen", "definiera", "definierad"),
    ("ansvar", "ansvarig", "ansvarar", "ansvariga", "ansvarsfördelning", "huvudansvarig"),
    ("revideras", "revidering", "reviderad", "revidera", "revideringen"),
    ("samverkan", "samverka", "samverkar", "samverkansformer"),
    ("samarbete", "samarbeta", "samarbetar", "samarbetet"),
    ("upphandling", "upphandlingar", "upphandla", "upphandlas", "upphandlingen"),
    ("uppföljning", "uppföljningen", "följa", "följs", "uppföljningsmetoder"),
    ("beslut", "beslutad", "beslutade", "besluta", "beslutades", "beslutats"),
    ("fastställd", "fastställdes", "fastställa", "fastställt"),
    ("reserverade", "reserverad", "reservera", "reserveras", "reservation"),
    ("vinst", "vinster", "vinsten", "vinstutdelning"),
    ("ägare", "äga", "ägs", "ägande", "ägda"),
    ("målgrupp", "målgrupper", "målgruppen", "målgrupperna"),
    ("område", "områden", "områdena", "området"),
    ("idéburet", "idéburen", "idéburna"),
    ("starta", "startas", "start", "startar", "startade"),
    ("integrera", "integration", "integreras", "arbetsintegrerande"),
)

# Words a question uses for the same thing the documents say with another word.
# Each group is expanded at query time with a lower weight than the word itself.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("pengar", "bidrag", "medel", "finansiering", "stöd", "ekonomiska", "projektmedel", "stödsystem"),
    ("ansvar", "samordnar", "uppdrag"),
    ("revideras", "uppdateras", "giltighet", "ändras"),
    ("beslutad", "fastställd", "antog", "anta", "antogs", "antagen"),
    ("uppföljning", "utvärdering", "rapportering"),
    ("samverkan", "samarbete"),
    ("upphandling", "anbud", "lou", "kontrakt"),
    ("vinst", "överskott"),
    ("definition", "avses", "menas", "betyder", "innebär", "syftar"),
    ("kontaktperson", "kontakt", "handläggare"),
    ("starta", "bildandet", "tillkomsten", "etablerandet", "nysatsningar", "startas"),
    ("iop", "partnerskap"),
    ("företagsform", "regelverk", "juridisk", "bolagsform", "associationsform"),
    ("ägare", "fristående"),
    ("funktionsnedsättning", "funktionshinder", "handikapp"),
    ("nyanlända", "utrikesfödda", "invandrare"),
    ("utbildning", "utbildningsinsatser", "anbudsskola", "kurs"),
    ("arbetsträning", "praktik"),
    ("ideell", "idéburen", "frivilligorganisationer"),
    ("hjälpa", "stödja", "främja", "bidra", "stötta"),
    ("personer", "människor", "individer", "deltagare"),
    ("inställning", "förhållningssätt", "hållning", "attityd"),
    ("kostar", "kostnad", "kostnadsfri", "gratis", "avgift", "pris", "betala"),
    ("lovar", "ska", "åtagande"),
    ("väg", "ingång", "kontakt"),
)

# The kind of question hints at the words its answer holds: "who" is answered by passages that
# name who is responsible, "why" by the motives. Added with a low weight, they only break ties.
QUESTION_CUES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("vem", "vilka", "vilken", "who", "whom"), ("ansvar", "ansvarig", "ansvarar", "samordnar", "uppdrag", "utarbetad")),
    (("varför", "why"), ("motiv", "motiven", "syfte", "syftet", "därför")),
    (("när", "when"), ("beslutad", "fastställd", "datum", "gäller", "antog")),
    (("vad", "what"), ("definition", "avses", "menas", "innebär", "syftar", "definierar")),
)

# English question words to the Swedish words the documents use. Keys are lower-case English
# word forms; values are Swedish words (stemmed at use). Multi-word Swedish values are split.
EN_TO_SV: dict[str, str] = {
    "municipality": "kommun", "municipalities": "kommun", "municipal": "kommun kommunens", "council": "kommunstyrelsen kommunfullmäktige",
    "city": "kommun", "town": "kommun", "local": "lokal kommun",
    "responsible": "ansvar ansvarig", "responsibility": "ansvar", "responsibilities": "ansvar", "overall": "övergripande",
    "policy": "policy", "policies": "policy", "plan": "handlingsplan", "action": "åtgärder handlingsplan", "guideline": "riktlinje",
    "social": "social sociala socialt", "enterprise": "företag", "enterprises": "företag", "company": "företag",
    "companies": "företag", "business": "företag näringsverksamhet", "businesses": "företag", "firm": "företag",
    "entrepreneurship": "företagande entreprenörskap", "entrepreneur": "entreprenör", "cooperative": "kooperativ",
    "work": "arbete", "integration": "integrera arbetsintegrerande", "integrating": "arbetsintegrerande", "jobs": "arbete",
    "job": "arbete", "employment": "anställning arbete", "employ": "anställa", "employer": "arbetsgivare", "employees": "medarbetare anställda",
    "unemployed": "arbetslösa", "labour": "arbetsmarknad", "labor": "arbetsmarknad", "market": "marknad",
    "follow": "uppföljning", "following": "uppföljning", "followup": "uppföljning", "monitor": "uppföljning", "monitoring": "uppföljning",
    "evaluate": "utvärdering", "evaluation": "utvärdering", "report": "rapportering", "reporting": "rapportering",
    "owned": "ägare", "own": "ägare", "owner": "ägare", "owners": "ägare", "ownership": "ägande",
    "independent": "fristående", "public": "offentlig offentliga", "sector": "sektor",
    "profit": "vinst", "profits": "vinster", "surplus": "överskott", "reinvest": "återinvesterar", "reinvested": "återinvesterar",
    "money": "medel bidrag", "funding": "medel bidrag finansiering", "grant": "bidrag", "grants": "bidrag",
    "financial": "ekonomiska finansiell", "finance": "finansiering", "support": "stöd stödja", "help": "stöd",
    "decided": "beslutad fastställd", "decide": "beslut", "decision": "beslut", "adopted": "antog fastställd beslutad",
    "approved": "godkänna fastställd", "when": "", "date": "datum",
    "revised": "revideras", "revise": "revideras", "revision": "revidering", "review": "revideras", "reviewed": "revideras",
    "updated": "revideras", "valid": "gäller giltighet", "validity": "giltighet",
    "define": "definition", "defined": "definition", "definition": "definition", "mean": "menas avses",
    "means": "menas avses", "meaning": "menas",
    "cooperate": "samarbeta samverka", "cooperation": "samarbete samverkan", "collaborate": "samarbeta samverkan",
    "collaboration": "samarbete samverkan", "partners": "aktörer", "actors": "aktörer", "partnership": "partnerskap",
    "procurement": "upphandling", "procurements": "upphandlingar", "tender": "upphandling anbud", "tenders": "upphandling anbud",
    "reserved": "reserverade", "contracts": "kontrakt", "contract": "kontrakt avtal", "agreement": "avtal överenskommelser",
    "target": "målgrupper", "groups": "grupper målgrupper", "priority": "prioriterade", "prioritised": "prioriterade",
    "prioritized": "prioriterade", "young": "unga", "youth": "unga", "immigrants": "utrikesfödda nyanlända",
    "foreign": "utrikesfödda", "disabilities": "funktionsnedsättning", "disability": "funktionsnedsättning",
    "disabled": "funktionsnedsättning",
    "areas": "områden", "area": "område", "purpose": "syfte", "aim": "syfte mål", "goals": "mål målsättning", "goal": "mål",
    "contact": "kontaktperson kontakt", "person": "person", "administrator": "handläggare", "officer": "handläggare",
    "caseworker": "handläggare", "officers": "handläggare", "administrators": "handläggare",
    "training": "utbildning arbetsträning", "school": "skola", "bid": "anbud", "bidding": "anbudsskola anbud",
    "suppliers": "leverantörer", "supplier": "leverantör", "meetings": "möten leverantörsträffar",
    "agency": "myndighet", "agencies": "myndigheter", "authority": "myndighet", "authorities": "myndigheter",
    "employment service": "arbetsförmedlingen", "insurance": "försäkringskassan", "region": "region",
    "coordination": "samordning samordningsförbund", "coordinate": "samordnar samordna", "coordinates": "samordnar",
    "coordinator": "samordnare", "association": "förening", "associations": "föreningar", "legal": "juridisk regelverk",
    "form": "form företagsform", "special": "särskild", "rules": "regelverk regler", "law": "lag",
    "idea": "idéburen", "nonprofit": "ideell idéburen", "non": "", "civil": "civilsamhället", "society": "samhälle",
    "economy": "ekonomi", "economic": "ekonomisk", "volunteer": "frivilligorganisationer", "voluntary": "frivilligorganisationer",
    "start": "starta startas", "starting": "starta", "set": "", "found": "starta", "create": "skapa starta",
    "new": "nya", "wage": "lön lönebidrag", "subsidy": "bidrag stöd", "subsidies": "bidrag stöd", "salary": "lön",
    "prepared": "utarbetad", "drafted": "utarbetad", "wrote": "utarbetad", "written": "utarbetad", "author": "utarbetad",
    "who": "", "which": "", "board": "styrelse nämnd", "committee": "nämnd", "department": "förvaltning", "administration": "förvaltning",
    "advice": "rådgivning", "advisor": "rådgivare", "counselling": "rådgivning",
    "rehabilitation": "rehabilitering", "participation": "delaktighet", "involvement": "delaktighet", "inclusion": "inkludering",
    "knowledge": "kunskap", "visible": "synliggöra", "information": "information", "handbook": "handbok",
    "limited": "aktiebolag", "shares": "aktiebolag", "how": "", "often": "", "every": "varje", "term": "mandatperiod",
    "year": "år", "annual": "årlig", "yearly": "årlig", "forum": "forum", "network": "nätverk", "networks": "nätverk",
}

# Question words that carry no topic ("hur ofta", "vad ska hända"): ignored in questions only.
QUESTION_STOPWORDS = frozenset(
    "ofta göra gör gjort hända händer hänt ske sker gälla happen happens säger sägs dokumenten dokumentet dokument "
    "enligt says say document documents".split()
)

# Swedish particle verbs and English phrases, read as the single word the documents use.
# The pattern is matched on lower-case text; the word is added beside the original words.
PHRASES: tuple[tuple[str, str], ...] = (
    # abbreviations the documents and their readers use both ways
    (r"\biop\b", "idéburet offentligt partnerskap"),
    (r"\basf\b", "arbetsintegrerande sociala företag"),
    (r"\blou\b", "lagen om offentlig upphandling"),
    (r"\bks\b", "kommunstyrelsen"),
    (r"\bkf\b", "kommunfullmäktige"),
    (r"\bamn\b", "arbetsmarknadsnämnden"),
    (r"\bskl\b|\bskr\b", "sveriges kommuner och landsting regioner"),
    (r"\b(ta|tar|tog|tagit|tas|togs|tagits)\s+fram\b", "utarbetad"),
    (r"\b(hör|hänger|höra|hänga|hörde|hängde)\s+ihop\b", ""),  # "is connected with": says nothing of the topic
    (r"\b(följa|följer|följs|följde|följt|följas)\s+upp\b", "uppföljning"),
    (r"\b(se|ser|ses|såg|setts|sågs)\s+över\b", "revideras"),
    (r"\b(komma|kommer|sätta|sätter|dra|drar)\s+igång\b", "starta"),
    (r"\b(ta|tar|tas)\s+hänsyn\b", "hänsyn"),
    (r"\b(stå|står|stod)\s+(långt\s+)?utanför\b", "utanförskap"),
    (r"\bfollow(ed|s|ing)?[\s-]+up\b", "uppföljning"),
    (r"\b(draw|drew|drawn|put)\s+up\b", "utarbetad"),
    (r"\b(set|setting)\s+up\b", "starta"),
    (r"\btak(e|es|en|ing)\s+into\s+account\b", "hänsyn"),
    (r"\bsocial\s+considerations?\b", "sociala hänsyn"),
    (r"\btender(ing)?\s+(training|school|course)s?\b", "anbudsskola"),
    (r"\bbid(ding)?\s+(training|school|course)s?\b", "anbudsskola"),
    (r"\bwork\s+training\b", "arbetsträning"),
    (r"\bwage\s+subsid(y|ies)\b", "lönebidrag"),
    (r"\bstart[\s-]+up\s+(grant|support)\b", "starta eget"),
    (r"\bpublic\s+procurement\b", "offentlig upphandling"),
    (r"\breserved\s+(contracts?|procurements?)\b", "reserverade kontrakt"),
    (r"\bemployment\s+service\b", "arbetsförmedlingen"),
    (r"\bsocial\s+insurance\s+agency\b", "försäkringskassan"),
    (r"\bsocial\s+econom(y|ies)\b", "social ekonomi"),
    (r"\bnon[\s-]?profit\b", "ideell idéburen"),
    (r"\bcivil\s+society\b", "civilsamhället"),
)

# More English words founders and staff use, to the Swedish of the documents.
EN_TO_SV.update({
    "considerations": "hänsyn", "consideration": "hänsyn", "account": "", "buys": "köper upphandling", "buy": "köper upphandling",
    "purchase": "köper upphandling", "purchasing": "inköp upphandling", "goods": "varor", "services": "tjänster", "service": "tjänster",
    "sell": "sälja leverantör", "selling": "sälja", "sectors": "sektorer", "sector": "sektor", "three": "tre", "five": "fem",
    "gender": "genusperspektiv jämställdhet", "perspective": "perspektiv", "equality": "jämställdhet", "women": "kvinnor", "men": "män",
    "require": "kräva", "requires": "kräva", "required": "krav", "requirement": "krav", "requirements": "krav",
    "apply": "gäller ansöka", "applies": "gäller", "applied": "gäller", "application": "ansökan", "from": "", "until": "",
    "mention": "nämna", "mentions": "nämna", "mentioned": "nämna", "political": "politiska", "positions": "ställningstaganden",
    "position": "ställningstagande", "developing": "utveckla", "develop": "utveckla", "development": "utveckling",
    "hire": "anställa", "hiring": "anställa", "brother": "familjemedlem närstående", "sister": "familjemedlem närstående",
    "relative": "närstående", "relatives": "närstående", "family": "familjemedlem", "share": "andel", "capital": "kapital",
    "employed": "anställda", "belong": "tillhöra", "belongs": "tillhöra", "percent": "procent", "percentage": "procent",
    "checks": "kontrollera", "check": "kontrollera", "control": "kontroll", "deliver": "utförs", "delivers": "utförs",
    "provided": "utförs", "perform": "utför", "performed": "utförs", "organisations": "organisationer", "organizations": "organisationer",
    "organisation": "organisation", "organization": "organisation", "track": "bevaka", "keep": "", "fit": "aktuella",
    "relevant": "aktuella", "quarterly": "kvartalsvis", "quarter": "kvartalsvis", "categorise": "kategorisera",
    "small": "", "run": "driver", "running": "driver", "love": "", "would": "", "like": "", "us": "", "our": "", "we": "",
    "vision": "vision", "inhabitants": "invånare", "residents": "invånare", "population": "befolkning", "growth": "tillväxt",
    "purpose": "syfte", "purposes": "syfte", "why": "", "reason": "motiv", "reasons": "motiv", "motives": "motiv",
    "benefit": "nytta", "benefits": "nytta", "users": "brukare", "user": "brukare", "value": "nytta",
    "cost": "kostnader kostar", "costs": "kostnader", "pay": "betala", "paid": "betalas", "free": "kostnadsfri gratis",
    "charge": "kostnadsfri", "price": "kostnad", "fee": "avgift", "register": "register registrera", "registered": "registrerad",
    "registration": "registrering", "members": "medlemmar", "member": "medlem", "auditor": "revisor", "dividend": "vinstutdelning",
    "dividends": "vinstutdelning", "distribute": "dela", "distributed": "dela", "interest": "intresseorganisation",
    "model": "modell modellen", "models": "modeller", "glada": "glada", "hudik": "hudik", "incubator": "inkubator",
    "guarantee": "kreditgarantier", "guarantees": "kreditgarantier", "loan": "kredit", "loans": "kredit", "credit": "kredit",
    "microfund": "mikrofonden", "office": "kontor", "offices": "kontor", "county": "län", "counties": "län",
    "disabled": "funktionsnedsättning", "impairment": "funktionsnedsättning", "sick": "sjukskrivna", "sickness": "sjukskrivna",
    "unemployment": "arbetslöshet arbetslösa", "newcomers": "nyanlända", "refugees": "nyanlända", "arrived": "nyanlända",
    "diary": "diarienummer", "number": "nummer", "case": "ärende", "reference": "diarienummer", "signed": "undertecknad",
    "director": "direktör", "manager": "chef", "head": "chef", "officials": "tjänstemän", "staff": "personal",
    "included": "ingår", "include": "ingår omfattar", "includes": "omfattar", "members'": "medlemmar", "consist": "består",
    "consists": "består", "group": "grupp arbetsgruppen", "working": "arbetsgruppen arbete", "workgroup": "arbetsgruppen",
    "promise": "ska", "promises": "ska", "commit": "ska", "commits": "ska", "attitude": "förhållningssätt inställning",
    "positive": "positiv", "open": "öppet", "approach": "förhållningssätt", "stance": "förhållningssätt",
    "global": "globala", "sustainable": "hållbar", "sustainability": "hållbar", "goals'": "mål",
    "entrepreneurship": "entreprenörskap företagande", "innovative": "nyskapande", "training'": "utbildning",
    "courses": "utbildning", "course": "utbildning", "schools": "skola", "folk": "folkhögskolor", "study": "studieförbund",
    "universities": "", "citizens": "invånare medborgare", "democracy": "demokrati", "welfare": "välfärd",
    "wellbeing": "välfärd", "exclusion": "utanförskap", "excluded": "utanförskap", "meaningful": "meningsfull",
    "occupation": "sysselsättning", "activity": "sysselsättning verksamhet", "activities": "verksamheter aktiviteter",
    "rehabilitation'": "rehabilitering", "participants": "deltagare", "participant": "deltagare", "measures": "åtgärder",
    "measure": "åtgärd", "timeline": "tidplan", "schedule": "tidplan", "deadline": "senast", "latest": "senast",
    "period": "period", "years": "år", "version": "version", "intranet": "intranätet", "printed": "utskrivet",
    "coordinated": "samordnas samordnar", "coordinating": "samordnande", "regional": "regional", "national": "nationell",
    "government": "regeringen", "ministry": "departementet", "agreements": "överenskommelser", "agree": "överenskommelser",
    "partner": "samarbetspartner", "partnerships": "partnerskap", "lss": "lss", "sol": "sol", "providers": "utförare",
    "provider": "utförare", "contractor": "utförare entreprenör", "formalities": "formalia", "paperwork": "formalia",
    "encourage": "uppmuntra", "explain": "förklara", "conditions": "villkor", "terms": "villkor", "compete": "konkurrera",
    "competition": "konkurrens", "win": "vinna", "bids": "anbud", "suppliers'": "leverantörer", "single": "samlad",
    "entry": "ingång väg", "point": "ingång", "way": "väg", "website": "informationssida", "webpage": "informationssida",
    "page": "informationssida sidan", "offer": "erbjuda", "offers": "erbjuda", "offered": "erbjuda", "provide": "erbjuda",
    "provides": "erbjuda",
})


# Swedish municipalities beyond the knowledge base, so a question about one is recognised as such
# (and answered from general guidance, saying there are no documents from it).
OTHER_MUNICIPALITIES = (
    "Stockholm Göteborg Malmö Västerås Örebro Linköping Helsingborg Jönköping Norrköping Lund Umeå Gävle Borås "
    "Södertälje Eskilstuna Halmstad Växjö Karlstad Sundsvall Östersund Trollhättan Kalmar Falun Skellefteå "
    "Kristianstad Karlskrona Skövde Uddevalla Nyköping Hudiksvall Värmdö Strängnäs Haninge Botkyrka Huddinge Nacka "
    "Solna Sollentuna Täby Järfälla Borlänge Kiruna Piteå Boden Härnösand Örnsköldsvik Sandviken Motala Landskrona "
    "Trelleborg Ystad Varberg Kungsbacka Alingsås Lidköping Mölndal Partille Lerum Katrineholm Enköping Sigtuna "
    "Norrtälje Gotland Västervik Oskarshamn Kramfors Sollefteå Ånge Härjedalen Kalix Haparanda Gällivare Arvidsjaur "
    "Älvdalen Mora Ludvika Avesta Köping Arboga Sala Fagersta Karlskoga Kumla Hallsberg Lindesberg Nässjö Värnamo "
    "Vetlanda Tranås Gislaved Hässleholm Ängelholm Eslöv Höganäs Vellinge Staffanstorp Kävlinge Burlöv Falkenberg "
    "Laholm Vänersborg Mariestad Falköping Ulricehamn Kungälv Stenungsund Tjörn Orust Lysekil Strömstad Arvika "
    "Kristinehamn Hammarö Säffle Torsby Nordanstig Bollnäs Söderhamn Ljusdal Ovanåker Hofors Ockelbo Älvkarleby Tierp "
    "Östhammar Knivsta Heby Håbo Vallentuna Österåker Ekerö Lidingö Danderyd Upplands-Bro Upplands Väsby Tyresö "
    "Nynäshamn Salem Sundbyberg Vaxholm Gnesta Trosa Oxelösund Flen Vingåker Finspång Mjölby Vadstena Söderköping "
    "Valdemarsvik Åtvidaberg Kinda Ydre Boxholm Ödeshög Vimmerby Hultsfred Högsby Mönsterås Emmaboda Nybro Torsås "
    "Borgholm Mörbylånga Ronneby Olofström Karlshamn Sölvesborg Alvesta Tingsryd Lessebo Uppvidinge Markaryd Älmhult"
).split()
